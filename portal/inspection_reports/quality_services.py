"""Use cases of quality assurance (R-QA-1..3): record a quality assurance step or a sign-off, a
disagreement and its escalation, and a copy sent; and what the pages show of them.

Who records a step or a sign-off (one rule for every step): an inspectorate manager who is neither
the report's own (lead) inspector nor on the inspection team, so that the check is someone else's
(S2, S4: "their manager"; S0 ¶160: the lead inspector submits "to the relevant manager(s)"). A
partner inspectorate's QA or sign-off is given at HMIP or CQC, whose people do not use the portal
for it: the manager records it on that inspectorate's behalf and names the person who gave it.
"""

from datetime import date, datetime

from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import audit, limits
from portal.core.clock import today_uk
from portal.core.formatting import uk_date
from portal.extensions import db
from portal.inspection_reports import quality, rules
from portal.inspection_reports.models import InspectionReport
from portal.inspection_reports.models_quality import QualityDisagreement, QualityRecord, ReportCopy
from portal.inspection_reports.services import ReportError

NAME_MAX = limits.NAME_MAX
NOT_JOINT = "Only a secure training centre's report is agreed and signed off by Ofsted, HMIP and CQC"
NOT_COPIED = "Only a secure training centre's reports are copied to the MoJ, the YCS and the YJB"


def _kind(report: InspectionReport):
    return report.inspection.setting.type_enum, report.inspection.inspection_type


def recorder_problem(report: InspectionReport, actor: User, what: str = "Quality assurance") -> str | None:
    """Why ``actor`` may not record a step or a sign-off of this report, or None (R-QA-1, R-QA-2)."""
    inspection = report.inspection
    if actor.id == inspection.lead_inspector_id:
        return (
            f"{what} cannot be recorded by the report's own inspector: an inspectorate manager who was not "
            f"on the inspection records it"
        )
    if actor.id in inspection.team_user_ids:
        return (
            f"{what} cannot be recorded by a member of the inspection team: an inspectorate manager who was "
            f"not on the inspection records it"
        )
    if actor.role != Role.INSPECTORATE_MANAGER:
        return f"{what} is recorded by an inspectorate manager who was not on the inspection"
    return None


def step_problem(report: InspectionReport, step: quality.Step) -> str | None:
    """Why ``step`` cannot be recorded at the report's stage, or None."""
    if step.before == quality.DRAFT and report.status != rules.DRAFTING:
        return "The draft report has been issued: quality assurance is recorded before the draft goes out"
    if step.before == quality.FINAL and report.status == rules.DRAFTING:
        return "A sign-off can be recorded once the draft report has been issued"
    if step.before == quality.FINAL and report.status == rules.FINAL_SENT:
        return "The final report has been sent"
    return None


def _check_date(
    day: date | None, earliest: date | None, earliest_text: str, subject: str, field: str, now: datetime
) -> None:
    if day is None:
        raise ReportError(f"Enter the {subject.lower()}", field)
    if day > today_uk(now):
        raise ReportError(f"{subject} must be today or in the past", field)
    if earliest is not None and day < earliest:
        raise ReportError(f"{subject} must be on or after {earliest_text}, {uk_date(earliest)}", field)


def record_quality_assurance(
    report: InspectionReport,
    step_key: str | None,
    given_on: date | None,
    given_by: str | None,
    notes: str | None,
    actor: User,
    now: datetime,
) -> QualityRecord:
    """Record one quality assurance step before the draft (R-QA-1, R-QA-2)."""
    step = next((s for s in quality.draft_steps(*_kind(report)) if s.key == step_key), None)
    if step is None:
        raise ReportError("Select which quality assurance you are recording", "step")
    return _record(report, step, given_on, given_by, notes, actor, now)


def record_sign_off(
    report: InspectionReport,
    inspectorate: str | None,
    given_on: date | None,
    given_by: str | None,
    notes: str | None,
    actor: User,
    now: datetime,
) -> QualityRecord:
    """R-QA-2: one inspectorate's agreement to final publication (S0 ¶163)."""
    if not quality.is_joint(_kind(report)[0]):
        raise ReportError(NOT_JOINT)
    step = quality.SIGN_OFFS.get(inspectorate or "")
    if step is None:
        raise ReportError("Select the inspectorate that signed off the report", "inspectorate")
    return _record(report, step, given_on, given_by, notes, actor, now)


def _record(
    report: InspectionReport,
    step: quality.Step,
    given_on: date | None,
    given_by: str | None,
    notes: str | None,
    actor: User,
    now: datetime,
) -> QualityRecord:
    """Recording a step again (after changes) adds a new record; the earlier one stays as it was."""
    problem = step_problem(report, step) or recorder_problem(
        report, actor, "A sign-off" if step.before == quality.FINAL else "Quality assurance"
    )
    if problem:
        raise ReportError(problem)
    inspection = report.inspection
    if step.before == quality.DRAFT:
        _check_date(given_on, inspection.end_date, "the last day of the inspection", "Date given", "given_on", now)
    else:
        _check_date(
            given_on, today_uk(inspection.draft_sent_at), "the day the draft was sent", "Date given", "given_on", now
        )
    given_by = (given_by or "").strip() or None
    if step.named and given_by is None:
        raise ReportError(
            f"Enter the name of the person at {quality.INSPECTORATE_NAMES[step.inspectorate]} who gave it", "given_by"
        )
    if given_by is not None and len(given_by) > NAME_MAX:
        raise ReportError(f"Name must be {NAME_MAX} characters or fewer", "given_by")
    record = QualityRecord(
        report_id=report.id,
        step=step.key,
        given_on=given_on,
        given_by=given_by,
        notes=(notes or "").strip() or None,
        content_sha256=quality.fingerprint(report.content),
        recorded_by_id=actor.id,
        recorded_at=now,
    )
    db.session.add(record)
    audit.record(
        actor,
        "quality_step_recorded",
        report,
        now,
        after={
            "step": step.key,
            "given_on": given_on.isoformat(),
            "given_by": given_by,
            "notes": record.notes,
            "content_sha256": record.content_sha256,
        },
    )
    db.session.commit()
    return record


def record_disagreement(
    report: InspectionReport, note: str | None, managers: dict[str, str | None], actor: User, now: datetime
) -> QualityDisagreement:
    """R-QA-2, S0 ¶163: a failure to agree, with the manager each inspectorate appointed to resolve
    it. Recorded by anyone of the inspectorate who can see the inspection; it blocks nothing."""
    if not quality.is_joint(_kind(report)[0]):
        raise ReportError(NOT_JOINT)
    if report.status == rules.FINAL_SENT:
        raise ReportError("The final report has been sent")
    note = (note or "").strip()
    if not note:
        raise ReportError("Enter what the inspectorates disagree about", "note")
    names = {}
    for inspectorate, label in quality.INSPECTORATE_NAMES.items():
        name = (managers.get(inspectorate) or "").strip()
        if not name:
            raise ReportError(f"Enter the name of the {label} manager it went to", f"{inspectorate}_manager")
        if len(name) > NAME_MAX:
            raise ReportError(f"Name must be {NAME_MAX} characters or fewer", f"{inspectorate}_manager")
        names[inspectorate] = name
    disagreement = QualityDisagreement(
        report_id=report.id,
        note=note,
        ofsted_manager=names["ofsted"],
        hmip_manager=names["hmip"],
        cqc_manager=names["cqc"],
        recorded_by_id=actor.id,
        recorded_at=now,
    )
    db.session.add(disagreement)
    audit.record(actor, "quality_disagreement_recorded", report, now, after={"note": note, "managers": names})
    db.session.commit()
    return disagreement


def _already(copy: quality.Copy, existing: ReportCopy) -> ReportError:
    return ReportError(
        f"{copy.title} was already recorded as sent on {uk_date(existing.sent_on)} by {existing.recorded_by.name}",
        "copy",
    )


def record_copy(
    report: InspectionReport, copy_key: str | None, sent_on: date | None, actor: User, now: datetime
) -> ReportCopy:
    """R-QA-3: a copy of the draft or the final sent outside the portal, once per recipient."""
    if not quality.is_joint(_kind(report)[0]):
        raise ReportError(NOT_COPIED)
    copy = next((c for c in quality.copies(_kind(report)[0]) if c.key == copy_key), None)
    if copy is None:
        raise ReportError("Select which copy was sent", "copy")
    if copy.by_portal:
        raise ReportError("The portal sends the secure training centre its copy of the final report itself", "copy")
    inspection = report.inspection
    sent = inspection.draft_sent_at if copy.document == quality.DRAFT else inspection.final_sent_at
    if sent is None:
        raise ReportError(f"The {copy.document} report has not been sent yet", "copy")
    existing = next(
        (c for c in report.copies_sent if (c.document, c.recipient) == (copy.document, copy.recipient)), None
    )
    if existing is not None:
        raise _already(copy, existing)
    _check_date(sent_on, today_uk(sent), f"the day the {copy.document} report was sent", "Date sent", "sent_on", now)
    row = ReportCopy(
        report_id=report.id,
        document=copy.document,
        recipient=copy.recipient,
        sent_on=sent_on,
        recorded_by_id=actor.id,
        recorded_at=now,
    )
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:  # recorded by someone else at the same moment
        db.session.rollback()
        existing = next(
            (c for c in report.copies_sent if (c.document, c.recipient) == (copy.document, copy.recipient)), None
        )
        raise (
            _already(copy, existing)
            if existing is not None
            else ReportError(f"{copy.title} was already recorded as sent", "copy")
        ) from None
    audit.record(
        actor,
        "report_copy_recorded",
        report,
        now,
        after={"document": copy.document, "recipient": copy.recipient, "sent_on": sent_on.isoformat()},
    )
    db.session.commit()
    return row


def panel(report: InspectionReport) -> dict:
    """What the report's overview shows: each step with its latest record, each copy, and the
    disagreements. A step recorded before a later change still stands, marked as such."""
    setting_type, _inspection_type = _kind(report)
    records = list(report.quality_records)
    steps = []
    for step in quality.steps(*_kind(report)):
        record = quality.latest(records, step.key)
        steps.append(
            {
                "step": step,
                "record": record,
                "times": sum(1 for r in records if r.step == step.key),
                "changed": record is not None and quality.changed_since(record, report),
            }
        )
    inspection = report.inspection
    copies, outstanding = [], []
    for copy in quality.copies(setting_type):
        sent = inspection.draft_sent_at if copy.document == quality.DRAFT else inspection.final_sent_at
        row = next(
            (c for c in report.copies_sent if (c.document, c.recipient) == (copy.document, copy.recipient)), None
        )
        copies.append({"kind": copy, "row": row, "document_sent": sent})
        if sent is not None and row is None and not copy.by_portal:
            outstanding.append(copy)
    return {
        "joint": quality.is_joint(setting_type),
        "steps": steps,
        "copies": copies,
        "outstanding": outstanding,
        "disagreements": list(report.quality_disagreements),
        "draft_steps": [row for row in steps if row["step"].before == quality.DRAFT],
        "final_steps": [row for row in steps if row["step"].before == quality.FINAL],
    }


def history(report: InspectionReport | None) -> dict:
    """Every step, sign-off, disagreement and copy recorded, oldest first, for the inspection's
    timeline: what, the date it was given or sent, who recorded it and when; and the steps and
    copies still to come."""
    if report is None:
        return {"entries": [], "pending": []}
    records = list(report.quality_records)
    pending = [step.title for step in quality.steps(*_kind(report)) if quality.latest(records, step.key) is None]
    pending += [
        f"Copy: {row['kind'].title[0].lower()}{row['kind'].title[1:]}"
        for row in panel(report)["copies"]
        if row["row"] is None and not row["kind"].by_portal
    ]
    entries = []
    for record in report.quality_records:
        step = quality.ALL_STEPS.get(record.step)
        entries.append(
            {
                "what": step.title if step else record.step,
                "on": record.given_on,
                "given_by": record.given_by,
                "by": record.recorded_by.name,
                "at": record.recorded_at,
                "id": f"quality-{record.id}",
            }
        )
    for disagreement in report.quality_disagreements:
        entries.append(
            {
                "what": "Disagreement escalated to a manager of each inspectorate",
                "on": today_uk(disagreement.recorded_at),
                "given_by": None,
                "by": disagreement.recorded_by.name,
                "at": disagreement.recorded_at,
                "id": f"disagreement-{disagreement.id}",
            }
        )
    kinds = {copy.key: copy for copy in quality.copies(_kind(report)[0])}
    for row in report.copies_sent:
        copy = kinds.get(f"{row.document}_{row.recipient}")
        entries.append(
            {
                "what": f"Copy: {copy.title[0].lower()}{copy.title[1:]}" if copy else row.recipient,
                "on": row.sent_on,
                "given_by": None,
                "by": row.recorded_by.name,
                "at": row.recorded_at,
                "id": f"copy-{row.id}",
            }
        )
    inspection = report.inspection
    if quality.is_joint(_kind(report)[0]) and inspection.final_sent_at is not None:
        by = report.final_sent_by.name if report.final_sent_by else "the portal"
        entries.append(
            {
                "what": "Copy: the final report, under embargo, to the secure training centre, sent by the portal",
                "on": today_uk(inspection.final_sent_at),
                "given_by": None,
                "by": by,
                "at": inspection.final_sent_at,
                "id": "copy-final-stc",
            }
        )
    return {"entries": sorted(entries, key=lambda entry: (entry["on"], entry["at"])), "pending": pending}
