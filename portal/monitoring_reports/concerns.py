"""Serious-concern alerts with an owner (R-MON-3).

A visit report that raises a serious concern, or a correction by its author that withdraws one,
alerts the setting's lead inspector (or the inspectorate managers when there is none). The alert
stays open until that lead inspector, or a manager, records what was done; an action is a new
row and never clears anything the inspectorate was shown.
"""

from datetime import datetime

from portal.accounts.models import User
from portal.core import audit, limits, outbox
from portal.core.links import absolute_url
from portal.extensions import db
from portal.inspections import ownership
from portal.monitoring_reports.models import ConcernAction, MonitoringReport, ReportVersion

SEEN, CONTACTED, ESCALATED = "seen", "contacted", "escalated"
ACTION_KINDS = {
    SEEN: "Seen: I have read the report, no further action yet",
    CONTACTED: "Contacted the setting",
    ESCALATED: "Escalated",
}
ACTION_LABELS = {SEEN: "Seen", CONTACTED: "Contacted the setting", ESCALATED: "Escalated"}
NOTE_REQUIRED = (CONTACTED, ESCALATED)  # who was contacted, or to whom it went, must be said
NOTE_MAX = limits.REASON_MAX


class NotTheOwner(Exception):
    """Only the setting's lead inspector, or an inspectorate manager, acts on its alert."""


def may_act(user: User, report: MonitoringReport) -> bool:
    """The alert's owner (``ownership.responsible_inspectors``) or any inspectorate manager."""
    return ownership.may_act(user, report.setting)


def alert_raised(report: MonitoringReport, version: ReportVersion, now: datetime) -> None:
    """R-MON-3: the owner is told at once, by e-mail, and the alert opens on their dashboard."""
    version.concern_alert = True
    setting = report.setting
    _tell(
        report,
        f"Serious concern: {setting.name} ({setting.urn})",
        f"A visit report for {setting.name} ({setting.urn}) raises serious concerns about children's "
        f"safety.\n\nWhat the visitor said:\n{version.serious_concern_details or ''}\n\n",
        now,
    )


def alert_withdrawn(report: MonitoringReport, version: ReportVersion, actor: User, now: datetime) -> None:
    """A withdrawal is the visitor's word too: it re-opens the alert and tells the owner why."""
    version.concern_alert = True
    setting = report.setting
    audit.record(
        actor,
        "serious_concern_withdrawn",
        report,
        now,
        after={"version": version.number, "reason": version.concern_withdrawal_reason},
    )
    _tell(
        report,
        f"Serious concern withdrawn: {setting.name} ({setting.urn})",
        f"The visitor who wrote visit report {report.reference} for {setting.name} ({setting.urn}) has "
        f"withdrawn its serious concern.\n\nTheir reason:\n{version.concern_withdrawal_reason}\n\n",
        now,
    )


def _tell(report: MonitoringReport, subject: str, text: str, now: datetime) -> None:
    link = absolute_url("monitoring_reports_inspectorate.report", report_id=report.id)
    for inspector in ownership.responsible_inspectors(report.setting):
        outbox.queue(
            inspector, subject, f"{text}Read the report and record what you did: {link}\n", now, related=report
        )


def record_action(
    report: MonitoringReport, version_number: int, kind: str, note: str | None, actor: User, now: datetime
) -> ConcernAction:
    """Record what was done about the alert of ``version_number`` (the version the actor saw)."""
    if not may_act(actor, report):
        raise NotTheOwner()
    if kind not in ACTION_KINDS or not 1 <= version_number <= report.latest_version:
        raise ValueError("unknown action or version")
    note = (note or "").strip() or None
    if kind in NOTE_REQUIRED and note is None:
        raise ValueError("a note is required")
    action = ConcernAction(
        report_id=report.id, version_number=version_number, kind=kind, note=note, actor_id=actor.id, created_at=now
    )
    db.session.add(action)
    db.session.flush()
    audit.record(
        actor,
        "serious_concern_action",
        report,
        now,
        after={"action_id": action.id, "version": version_number, "kind": kind, "note": note},
    )
    db.session.commit()
    return action


def ever_alerted(report: MonitoringReport) -> bool:
    return any(version.concern_alert for version in report.versions)
