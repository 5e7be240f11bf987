"""Use cases of monitoring reports: prepare, submit (once), correct, acknowledge a concern."""

import secrets
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portal.accounts.models import SettingMembership, User
from portal.accounts.roles import Role
from portal.core import audit, outbox, uploads
from portal.core.links import absolute_url
from portal.extensions import db
from portal.inspections.models import Inspection
from portal.monitoring_reports import rules
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission, ReportVersion
from portal.providers.models import Setting

DATE_ANSWERS = ("visit_date", "period_start", "period_end", "completed_on")


def prepare(user: User, setting: Setting, kind: str, answers: dict, upload, now: datetime,
            report: MonitoringReport | None = None) -> PendingSubmission:
    """Keep the answers and document for the check-your-answers page. A correction without a new
    document keeps the current one."""
    stored = uploads.receive_document(upload, now) if upload is not None and getattr(upload, "filename", "") else None
    if stored is None and report is None:
        raise uploads.UploadRejected("Select the report document")
    pending = PendingSubmission(key=new_key(), user_id=user.id, setting_id=setting.id, kind=kind,
                                report_id=report.id if report else None, answers=_jsonable(answers),
                                file_id=stored.id if stored else None, created_at=now)
    db.session.add(pending)
    db.session.commit()
    return pending


def new_key() -> str:
    """A random key that makes a submission happen once, however often its form is posted."""
    return secrets.token_urlsafe(24)


def _jsonable(answers: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in answers.items()}


def answers_of(pending: PendingSubmission) -> dict:
    answers = dict(pending.answers)
    for key in DATE_ANSWERS:
        if answers.get(key):
            answers[key] = date.fromisoformat(answers[key])
    return answers


def pending_for(user: User, key: str) -> PendingSubmission | None:
    return db.session.scalar(select(PendingSubmission).where(PendingSubmission.key == key,
                                                             PendingSubmission.user_id == user.id))


def report_for_key(key: str) -> MonitoringReport | None:
    return db.session.scalar(select(MonitoringReport).join(ReportVersion).where(ReportVersion.submission_key == key))


def new_reference(kind: str) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return ("VR-" if kind == rules.VISIT else "QR-") + "".join(secrets.choice(alphabet) for _ in range(8))


VERSION_FIELDS = ("visit_date", "announced", "spoke_to", "spoke_to_details", "records_inspected",
                  "premises_inspected", "safeguarding_effective", "wellbeing_promoted", "recommendations",
                  "conflict_of_interest", "serious_concern", "serious_concern_details", "late_reason",
                  "period_start", "period_end", "completed_on", "views_gathered", "actions")


def _new_version(report: MonitoringReport, number: int, key: str, answers: dict, file_id: int, actor: User,
                 now: datetime, reason: str | None) -> ReportVersion:
    version = ReportVersion(report=report, number=number, submission_key=key, submitted_at=now, submitted_by_id=actor.id, reason=reason,
                            file_id=file_id, urn=report.setting.urn,
                            **{field: answers.get(field) for field in VERSION_FIELDS if field in answers})
    version.serious_concern = bool(answers.get("serious_concern"))
    db.session.add(version)
    return version


def submit(pending: PendingSubmission, actor: User, now: datetime) -> MonitoringReport:
    """Receive the report: record, version, audit event and alert in one transaction, or nothing.

    A repeated POST of the same submission (a double click, a retry, two at once) returns the
    report the first one made: the unique submission key lets only one of them commit.
    """
    key = pending.key
    try:
        report = _receive(pending, actor, now)
        db.session.delete(pending)
        db.session.commit()
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        existing = report_for_key(key)
        if existing is None:
            raise
        return existing
    return report


def _receive(pending: PendingSubmission, actor: User, now: datetime) -> MonitoringReport:
    answers = answers_of(pending)
    if pending.report_id:
        return _correct(pending, answers, actor, now)
    setting = pending.setting
    regulation = (rules.visit_regulation if pending.kind == rules.VISIT else rules.review_regulation)(setting.type_enum)
    report = MonitoringReport(setting_id=setting.id, setting=setting, kind=pending.kind, regulation=regulation,
                              reference=new_reference(pending.kind), received_at=now, submitted_by_id=actor.id,
                              latest_version=1)
    db.session.add(report)
    _new_version(report, 1, pending.key, answers, pending.file_id, actor, now, None)
    db.session.flush()
    audit.record(actor, "report_received", report, now,
                 after={"reference": report.reference, "kind": report.kind, "version": 1, "sha256": pending.file.sha256})
    if answers.get("serious_concern"):
        _alert_serious_concern(report, answers, now)
    return report


def _correct(pending: PendingSubmission, answers: dict, actor: User, now: datetime) -> MonitoringReport:
    report = db.session.get(MonitoringReport, pending.report_id, with_for_update=True)
    number = report.latest_version + 1
    file_id = pending.file_id or report.current.file_id
    reason = (answers.get("reason") or "").strip()
    was_concern = report.current.serious_concern
    _new_version(report, number, pending.key, answers, file_id, actor, now, reason)
    before = report.latest_version
    report.latest_version = number
    audit.record(actor, "report_corrected", report, now, before={"version": before},
                 after={"version": number, "reason": reason})
    if answers.get("serious_concern") and not was_concern:
        _alert_serious_concern(report, answers, now)
    return report


def responsible_inspectors(setting: Setting) -> list[User]:
    """The lead inspector of the setting's latest inspection, or every inspectorate manager when
    the setting has had none (R-MON-3: someone is always told)."""
    latest = db.session.scalar(select(Inspection).where(Inspection.setting_id == setting.id)
                               .order_by(Inspection.start_date.desc()).limit(1))
    if latest is not None and latest.lead_inspector.is_active:
        return [latest.lead_inspector]
    return list(db.session.scalars(select(User).where(User.role == Role.INSPECTORATE_MANAGER, User.active.is_(True))))


def _alert_serious_concern(report: MonitoringReport, answers: dict, now: datetime) -> None:
    """R-MON-3: the inspector is told at once."""
    setting = report.setting
    link = absolute_url("monitoring_inspectorate.report", report_id=report.id)
    for inspector in responsible_inspectors(setting):
        outbox.queue(inspector, f"Serious concern: {setting.name} ({setting.urn})",
                     f"A visit report for {setting.name} ({setting.urn}) raises serious concerns about children's "
                     f"safety.\n\nWhat the visitor said:\n{answers.get('serious_concern_details') or ''}\n\n"
                     f"Read the report: {link}\n", now, related=report)


def acknowledge_concern(report: MonitoringReport, actor: User, now: datetime) -> None:
    if report.concern_seen_at is not None:
        return
    report.concern_seen_at = now
    report.concern_seen_by_id = actor.id
    audit.record(actor, "serious_concern_seen", report, now, after={"seen_at": now.isoformat()})
    db.session.commit()


def responsible_people(setting: Setting, include_visitors: bool) -> list[User]:
    """Who is told about a setting's reports: its registered managers, the provider's responsible
    individuals and, for visit reports, its independent persons."""
    roles = [Role.REGISTERED_MANAGER] + ([Role.INDEPENDENT_PERSON] if include_visitors else [])
    assigned = select(SettingMembership.user_id).where(SettingMembership.setting_id == setting.id)
    people = db.session.scalars(select(User).where(User.active.is_(True), User.provider_id == setting.provider_id, (
        (User.role == Role.RESPONSIBLE_INDIVIDUAL) | (User.role.in_(roles) & User.id.in_(assigned))))).all()
    return sorted(people, key=lambda u: u.id)


def answers_problem(setting: Setting, kind: str, answers: dict, today: date) -> tuple[str, str] | None:
    """The first (field, message) that the rules refuse, or None."""
    if kind == rules.VISIT:
        problem = rules.visit_date_problem(answers["visit_date"], today, setting.registered_on,
                                           bool((answers.get("late_reason") or "").strip()))
        if problem:
            return ("late_reason" if problem.startswith("Enter why") else "visit_date"), problem
        return None
    if answers["period_end"] < answers["period_start"]:
        return "period_end", "End of the period must be the same as or after the start"
    if answers["completed_on"] > today:
        return "completed_on", "Date the review was completed must be today or in the past"
    if answers["completed_on"] < answers["period_start"]:
        return "completed_on", "Date the review was completed must be after the start of the period reviewed"
    return None


def reports_of(user: User, setting: Setting) -> list[MonitoringReport]:
    """A setting's reports, newest first; for the inspectorate, serious concerns first (R-MON-3)."""
    from portal.core.access import visible_reports

    # The versions in one more query, not one per report: the list holds years of monthly reports.
    reports = list(db.session.scalars(visible_reports(user).where(MonitoringReport.setting_id == setting.id)
                                      .options(selectinload(MonitoringReport.versions))
                                      .order_by(MonitoringReport.received_at.desc())))
    if user.role_enum.is_inspectorate:
        reports.sort(key=lambda report: not report.current.serious_concern)
    return reports


def fill_form(form, version: ReportVersion) -> None:
    """Start a correction from what the current version says."""
    yes_no = lambda flag: None if flag is None else ("yes" if flag else "no")  # noqa: E731
    values = {
        "visit_date": version.visit_date, "announced": yes_no(version.announced), "spoke_to": version.spoke_to,
        "spoke_to_details": version.spoke_to_details, "records_inspected": version.records_inspected,
        "premises_inspected": version.premises_inspected, "safeguarding": yes_no(version.safeguarding_effective),
        "wellbeing": yes_no(version.wellbeing_promoted), "recommendations": version.recommendations,
        "conflict": yes_no(version.conflict_of_interest is not None) if version.announced is not None else None,
        "conflict_details": version.conflict_of_interest, "serious_concern": yes_no(version.serious_concern),
        "serious_concern_details": version.serious_concern_details, "late_reason": version.late_reason,
        "period_start": version.period_start, "period_end": version.period_end,
        "completed_on": version.completed_on, "views_gathered": version.views_gathered, "actions": version.actions,
    }
    for name, value in values.items():
        if name in form and value is not None:
            form[name].data = value


def reports_by(user: User) -> list[MonitoringReport]:
    """Everything ``user`` may see of the reports, newest first (an independent person: their own)."""
    from portal.core.access import visible_reports

    return list(db.session.scalars(visible_reports(user).order_by(MonitoringReport.received_at.desc()).limit(200)))


def purge_pending(now: datetime, older_than_days: int = 7) -> int:
    """Forget check-your-answers pages never sent (they were never received); returns how many."""
    from datetime import timedelta

    stale = list(db.session.scalars(select(PendingSubmission).where(
        PendingSubmission.created_at < now - timedelta(days=older_than_days))))
    for pending in stale:
        db.session.delete(pending)
    db.session.commit()
    return len(stale)
