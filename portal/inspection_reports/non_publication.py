"""Not publishing a monitoring report (R-PUB-2), in exceptional circumstances.

STC: the inspectorates decide with the Ministry of Justice's agreement (S0 ¶144). SCH, CH, RFC: a
regional director decides (S2, S4 §"Monitoring visit reports"), and the reasons are clearly
recorded (S4 §"Subsequent inspection activity"). An inspectorate manager records the decision,
for a monitoring visit only, between the final report being sent and its publication; the
provider is told. From then on the public never sees the report (``publication.published_clause``)
and it does not set the standing judgement. It cannot be undone: nothing here changes it.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import audit, limits
from portal.core.clock import UK, as_utc
from portal.core.formatting import uk_date
from portal.core.links import absolute_url
from portal.extensions import db
from portal.inspection_reports.models import InspectionReport
from portal.inspection_reports.models_publication import NonPublication
from portal.inspection_reports.sending import tell_provider
from portal.inspection_reports.services import ReportError
from portal.inspections import holds, rules as inspection_rules
from portal.providers.models import SettingType

TEXT_MAX, NAME_MAX = limits.REASON_MAX, limits.NAME_MAX


@dataclass(frozen=True)
class Decision:
    """What the manager records. ``moj_*`` are an STC's agreement by the Ministry of Justice."""

    reason: str
    decided_by: str
    moj_agreed_by: str = ""
    moj_agreed_on: date | None = None


def needs_moj(report: InspectionReport) -> bool:
    """S0 ¶144: an STC's monitoring report is withheld only with the MoJ's agreement."""
    return report.inspection.setting.type_enum == SettingType.SECURE_TRAINING_CENTRE


def decision_of(report: InspectionReport | None) -> NonPublication | None:
    if report is None:
        return None
    return db.session.scalar(select(NonPublication).where(NonPublication.report_id == report.id))


def problem(report: InspectionReport | None, actor: User, now: datetime) -> str | None:
    """Why no decision can be recorded on this report now, or None."""
    if report is None or report.inspection.inspection_type != inspection_rules.MONITORING:
        return "Only a monitoring visit's report can be kept from publication"
    if decision_of(report) is not None:
        return "The decision not to publish this report has already been recorded"
    if actor.role != Role.INSPECTORATE_MANAGER:
        return "Only an inspectorate manager can record a decision not to publish a report"
    if report.final is None or report.publish_at is None:
        return "The decision can be recorded once the final report has been sent to the provider"
    if as_utc(report.publish_at) <= now:
        published_on = as_utc(report.publish_at).astimezone(UK).date()
        return f"The report was published on {uk_date(published_on)}: it can no longer be kept from publication"
    return None


def _checked(report: InspectionReport, decision: Decision, now: datetime) -> Decision:
    """Each answer the rule requires, with the field to show its message on."""
    reason, decided_by = (decision.reason or "").strip(), (decision.decided_by or "").strip()
    if not reason:
        raise ReportError("Enter the reason the report is not published", "reason")
    if len(reason) > TEXT_MAX:
        raise ReportError(f"The reason must be {TEXT_MAX:,} characters or fewer", "reason")
    if not decided_by:
        raise ReportError("Enter who decided not to publish the report", "decided_by")
    if len(decided_by) > NAME_MAX:
        raise ReportError(f"Who decided must be {NAME_MAX} characters or fewer", "decided_by")
    if not needs_moj(report):
        return Decision(reason, decided_by)
    agreed_by = (decision.moj_agreed_by or "").strip()
    if not agreed_by:
        raise ReportError("Enter who at the Ministry of Justice agreed", "moj_agreed_by")
    if len(agreed_by) > NAME_MAX:
        raise ReportError(f"Who agreed must be {NAME_MAX} characters or fewer", "moj_agreed_by")
    agreed_on = decision.moj_agreed_on
    if agreed_on is None:
        raise ReportError("Enter the date the Ministry of Justice agreed", "moj_agreed_on")
    if agreed_on > now.astimezone(UK).date():
        raise ReportError("The date the Ministry of Justice agreed must be today or in the past", "moj_agreed_on")
    visit_end = report.inspection.end_date or report.inspection.start_date
    if agreed_on < visit_end:
        raise ReportError(
            f"The date the Ministry of Justice agreed must be on or after the visit ended, {uk_date(visit_end)}",
            "moj_agreed_on",
        )
    return Decision(reason, decided_by, agreed_by, agreed_on)


def withhold(report: InspectionReport, decision: Decision, actor: User, now: datetime) -> NonPublication:
    """Record that the report will not be published, audited, and tell the provider (R-PUB-2)."""
    refused = problem(report, actor, now)
    if refused:
        raise ReportError(refused)
    decision = _checked(report, decision, now)
    record = NonPublication(
        report_id=report.id,
        reason=decision.reason,
        decided_by=decision.decided_by,
        moj_agreed_by=decision.moj_agreed_by or None,
        moj_agreed_on=decision.moj_agreed_on,
        recorded_by_id=actor.id,
        recorded_at=now,
    )
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError:  # recorded by another manager at the same moment
        db.session.rollback()
        raise ReportError("The decision not to publish this report has already been recorded") from None
    audit.record(
        actor,
        "report_not_published",
        record,
        now,
        after={
            "report_id": report.id,
            "reason": decision.reason,
            "decided_by": decision.decided_by,
            "moj_agreed_by": decision.moj_agreed_by or None,
            "moj_agreed_on": decision.moj_agreed_on.isoformat() if decision.moj_agreed_on else None,
        },
    )
    inspection = report.inspection
    agreement = (
        f" with the agreement of {decision.moj_agreed_by} at the Ministry of Justice on "
        f"{uk_date(decision.moj_agreed_on)}"
        if decision.moj_agreed_on
        else ""
    )
    tell_provider(
        inspection,
        f"Monitoring report not published: {inspection.setting.name}",
        f"The report of the monitoring visit to {inspection.setting.name} ({inspection.setting.urn}) "
        f"will not be published. This was decided in exceptional circumstances by "
        f"{decision.decided_by}{agreement}.\n\n"
        f"Reason: {decision.reason}\n\n"
        f"The final report is still yours to read: "
        f"{absolute_url('inspection_reports_provider.draft', inspection_id=inspection.id)}\n",
        now,
        record,
    )
    db.session.commit()
    return record


@holds.register_withholder
def withheld_inspection_ids(inspection_ids) -> set[int]:
    """Which of these inspections' reports will never be published, in one query: for pages that
    would otherwise announce a publication day (the timeline, the provider's next deadline)."""
    ids = list(inspection_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(InspectionReport.inspection_id)
            .join(NonPublication, NonPublication.report_id == InspectionReport.id)
            .where(InspectionReport.inspection_id.in_(ids))
        )
    )
