"""Use cases of monitoring reports: prepare, submit (once), correct (only by the author)."""

from datetime import date, datetime
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import audit, clock, paging, references, uploads
from portal.core.formatting import uk_date
from portal.core.references import new_key
from portal.extensions import db
from portal.monitoring_reports import concerns, confirmations, rules
from portal.monitoring_reports.access import visible_monitoring_reports
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission, ReportVersion
from portal.providers.models import Setting

DATE_ANSWERS = ("visit_date", "period_start", "period_end", "completed_on")


def prepare(
    user: User,
    setting: Setting,
    kind: str,
    answers: dict,
    upload,
    now: datetime,
    report: MonitoringReport | None = None,
) -> PendingSubmission:
    """Keep the answers and document for the check-your-answers page. A correction without a new
    document keeps the current one."""
    if report is not None and not may_correct(user, report):
        raise NotTheAuthor()
    stored = uploads.receive_document(upload, now) if upload is not None and getattr(upload, "filename", "") else None
    if stored is None and report is None:
        raise uploads.UploadRejected("Select the report document")
    pending = PendingSubmission(
        key=new_key(),
        user_id=user.id,
        setting_id=setting.id,
        kind=kind,
        report_id=report.id if report else None,
        answers=_jsonable(answers),
        file_id=stored.id if stored else None,
        created_at=now,
    )
    db.session.add(pending)
    db.session.commit()
    return pending


def revise(pending: PendingSubmission, answers: dict, upload, now: datetime) -> PendingSubmission:
    """Changed answers from the check-your-answers page's Change links. Nothing was received yet,
    so the waiting answers are replaced; a new document replaces the waiting one, and without one
    the document already chosen stays (issue 18: a change never asks for the file again)."""
    stored = uploads.receive_document(upload, now) if upload is not None and getattr(upload, "filename", "") else None
    pending.answers = _jsonable(answers)
    if stored is not None:
        pending.file_id = stored.id
    db.session.commit()
    return pending


def as_written(pending: PendingSubmission) -> SimpleNamespace:
    """The waiting answers shaped as a version, for ``fill_form``: every answer it reads, None
    where this kind of report has none."""
    return SimpleNamespace(**(dict.fromkeys(VERSION_FIELDS) | answers_of(pending)))


def _jsonable(answers: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in answers.items()}


def answers_of(pending: PendingSubmission) -> dict:
    answers = dict(pending.answers)
    for key in DATE_ANSWERS:
        if answers.get(key):
            answers[key] = date.fromisoformat(answers[key])
    return answers


def pending_for(user: User, key: str) -> PendingSubmission | None:
    return db.session.scalar(
        select(PendingSubmission).where(PendingSubmission.key == key, PendingSubmission.user_id == user.id)
    )


def report_for_key(key: str) -> MonitoringReport | None:
    return db.session.scalar(select(MonitoringReport).join(ReportVersion).where(ReportVersion.submission_key == key))


def new_reference(kind: str) -> str:
    """VR- for a visit report, QR- for a quality review."""
    return references.new_reference("VR-" if kind == rules.VISIT else "QR-")


VERSION_FIELDS = (
    "visit_date",
    "announced",
    "spoke_to",
    "spoke_to_details",
    "records_inspected",
    "premises_inspected",
    "safeguarding_effective",
    "wellbeing_promoted",
    "recommendations",
    "conflict_of_interest",
    "serious_concern",
    "serious_concern_details",
    "late_reason",
    "period_start",
    "period_end",
    "completed_on",
    "views_gathered",
    "actions",
)


def _new_version(
    report: MonitoringReport,
    number: int,
    key: str,
    answers: dict,
    file_id: int,
    actor: User,
    now: datetime,
    reason: str | None,
) -> ReportVersion:
    version = ReportVersion(
        report=report,
        number=number,
        submission_key=key,
        submitted_at=now,
        submitted_by_id=actor.id,
        reason=reason,
        file_id=file_id,
        urn=report.setting.urn,
        **{field: answers.get(field) for field in VERSION_FIELDS if field in answers},
    )
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
        report = receive(pending, actor, now)
        db.session.delete(pending)
        db.session.commit()
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        existing = report_for_key(key)
        if existing is None:
            raise
        return existing
    return report


def receive(pending: PendingSubmission, actor: User, now: datetime, bulk: bool = False) -> MonitoringReport:
    """The report (or correction) ``pending`` holds, received; the caller commits. One sent in
    ``bulk`` is confirmed with the others of its batch, in one message."""
    answers = answers_of(pending)
    if pending.report_id:
        return _correct(pending, answers, actor, now)
    setting = pending.setting
    regulation = (rules.visit_regulation if pending.kind == rules.VISIT else rules.review_regulation)(setting.type_enum)
    report = MonitoringReport(
        setting_id=setting.id,
        setting=setting,
        kind=pending.kind,
        regulation=regulation,
        reference=new_reference(pending.kind),
        received_at=now,
        submitted_by_id=actor.id,
        latest_version=1,
    )
    db.session.add(report)
    version = _new_version(report, 1, pending.key, answers, pending.file_id, actor, now, None)
    db.session.flush()
    audit.record(
        actor,
        "report_received",
        report,
        now,
        after={"reference": report.reference, "kind": report.kind, "version": 1, "sha256": pending.file.sha256}
        | ({"bulk": True} if bulk else {}),
    )
    if version.serious_concern:
        concerns.alert_raised(report, version, now)
    if not bulk:
        confirmations.received(report, version, actor, now)
    return report


def author_of(report: MonitoringReport) -> User:
    """Who a visit report belongs to (R-MON-6): the person recorded as submitting its first version.

    Visit reports are sent by the independent person, or (an RFC's regulation 25 visitor may be the
    RI, a director or an employee, and staff upload reports on paper or in bulk) by the provider's
    staff member who then stands as the visitor. Whoever sent version 1 wrote the report, and only
    they may correct it; the provider's other staff add a response instead (``responses``)."""
    return report.submitted_by


def may_correct(user: User, report: MonitoringReport) -> bool:
    """A visit report only by its author; a review (the provider's own) by any of its staff who
    may see it, as before (R-MON-4)."""
    if report.kind == rules.VISIT:
        return report.submitted_by_id == user.id
    return user.role in (Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL)


class NotTheAuthor(Exception):
    """Someone other than the author tried to correct a visit report."""


def _correct(pending: PendingSubmission, answers: dict, actor: User, now: datetime) -> MonitoringReport:
    report = db.session.get(MonitoringReport, pending.report_id, with_for_update=True)
    if not may_correct(actor, report):
        raise NotTheAuthor()
    number = report.latest_version + 1
    file_id = pending.file_id or report.current.file_id
    reason = (answers.get("reason") or "").strip()
    previous = report.current
    if report.kind == rules.VISIT and "serious_concern" not in answers:
        # A correction that does not mention the concern keeps it raised, with its words (R-MON-3).
        answers |= {
            "serious_concern": previous.serious_concern,
            "serious_concern_details": previous.serious_concern_details,
        }
    withdrawal = (answers.get("concern_withdrawal_reason") or "").strip()
    withdrawn = previous.serious_concern and not answers.get("serious_concern")
    if withdrawn and not withdrawal:
        raise ValueError("a serious concern is only withdrawn with a reason")
    version = _new_version(report, number, pending.key, answers, file_id, actor, now, reason)
    version.concern_withdrawal_reason = withdrawal if withdrawn else None
    report.latest_version = number
    audit.record(
        actor,
        "report_corrected",
        report,
        now,
        before={"version": number - 1},
        after={"version": number, "reason": reason},
    )
    if withdrawn:
        concerns.alert_withdrawn(report, version, actor, now)
    elif version.serious_concern and not previous.serious_concern:
        concerns.alert_raised(report, version, now)
    confirmations.received(report, version, actor, now)
    return report


def answers_problem(
    setting: Setting, kind: str, answers: dict, now: datetime, report: MonitoringReport | None = None
) -> tuple[str, str] | None:
    """The first (field, message) that the rules refuse, or None.

    A visit report sent after its deadline (R-MON-1) needs a reason; a correction is judged by when
    the report was first received. Withdrawing a serious concern needs a reason too (R-MON-3)."""
    today = clock.today_uk(now)
    if kind == rules.VISIT:
        has_reason = bool((answers.get("late_reason") or "").strip())
        problem = rules.visit_date_problem(answers["visit_date"], today, setting.registered_on, has_reason)
        if problem:
            return ("late_reason" if problem.startswith("Enter why") else "visit_date"), problem
        if rules.is_late(answers["visit_date"], report.received_at if report else now) and not has_reason:
            return "late_reason", (
                f"Enter why the report is late: the deadline was the end of "
                f"{uk_date(rules.last_day_in_time(answers['visit_date']))}"
            )
        if (
            report is not None
            and report.current.serious_concern
            and not answers.get("serious_concern")
            and not (answers.get("concern_withdrawal_reason") or "").strip()
        ):
            return "concern_withdrawal_reason", "Enter why you are withdrawing the serious concern"
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

    # The versions in one more query, not one per report: the list holds years of monthly reports.
    reports = list(
        db.session.scalars(
            visible_monitoring_reports(user)
            .where(MonitoringReport.setting_id == setting.id)
            .options(selectinload(MonitoringReport.versions))
            .order_by(MonitoringReport.received_at.desc())
        )
    )
    if user.role_enum.is_inspectorate:
        reports.sort(key=lambda report: not report.current.serious_concern)
    return reports


def fill_form(form, version: ReportVersion) -> None:
    """Start a correction from what the current version says."""
    yes_no = lambda flag: None if flag is None else ("yes" if flag else "no")  # noqa: E731
    values = {
        "visit_date": version.visit_date,
        "announced": yes_no(version.announced),
        "spoke_to": version.spoke_to,
        "spoke_to_details": version.spoke_to_details,
        "records_inspected": version.records_inspected,
        "premises_inspected": version.premises_inspected,
        "safeguarding": yes_no(version.safeguarding_effective),
        "wellbeing": yes_no(version.wellbeing_promoted),
        "recommendations": version.recommendations,
        "conflict": yes_no(version.conflict_of_interest is not None) if version.announced is not None else None,
        "conflict_details": version.conflict_of_interest,
        "serious_concern": yes_no(version.serious_concern),
        "serious_concern_details": version.serious_concern_details,
        "late_reason": version.late_reason,
        "period_start": version.period_start,
        "period_end": version.period_end,
        "completed_on": version.completed_on,
        "views_gathered": version.views_gathered,
        "actions": version.actions,
    }
    for name, value in values.items():
        if name in form and value is not None:
            form[name].data = value


def reports_by(user: User, shown: int = paging.PER_PAGE) -> paging.Page:
    """The newest ``shown`` of the reports ``user`` may see (an independent person: their own), and
    how many there are: a dashboard's list stays the same size however many years it covers. Each
    report's setting comes in one more statement, for the list's setting column."""
    newest = (
        visible_monitoring_reports(user)
        .order_by(MonitoringReport.received_at.desc(), MonitoringReport.id.desc())
        .options(selectinload(MonitoringReport.setting))
    )
    return paging.paged(newest, 1, shown)


def purge_pending(now: datetime, older_than_days: int = 7) -> int:
    """Forget check-your-answers pages never sent (they were never received); returns how many."""
    from datetime import timedelta

    stale = list(
        db.session.scalars(
            select(PendingSubmission).where(PendingSubmission.created_at < now - timedelta(days=older_than_days))
        )
    )
    for pending in stale:
        db.session.delete(pending)
    db.session.commit()
    return len(stale)
