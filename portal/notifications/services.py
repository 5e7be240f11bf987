"""Sending a notification, updating it, and the inspectorate's triage (DOMAIN.md §10, issue 19).

A notification is written into a draft, checked by its sender, and sent in one transaction:
record, version, documents, audit event, the owner's alert and the confirmations, or nothing.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import audit, clock, outbox, references, uploads
from portal.core.outbox import OutboxMessage
from portal.core.references import new_key
from portal.core.use_cases import Refusal
from portal.extensions import db
from portal.inspections import ownership
from portal.monitoring_reports.models import MonitoringReport
from portal.notifications import messages, rules
from portal.notifications.models import (
    Notification,
    NotificationDocument,
    NotificationDraft,
    NotificationTriage,
    NotificationVersion,
)
from portal.notifications.shown import answers_of
from portal.providers import privacy
from portal.providers.models import Setting

# The answers written about what happened: a child's name, date of birth or address is refused
# in every one of them (R-AXA-5 applied to notifications). The acting manager is a member of
# staff and is named; the day has its own question, so only a date of birth is refused in text.
TEXT_ANSWERS = ("reason", "what", "children", "told_details", "action")
TEXT_LABELS = {
    "reason": "What has changed",
    "what": "What happened",
    "children": "The children involved",
    "told_details": "Who else was told",
    "action": "What was done",
}


class NotificationRefused(Refusal):
    pass


def answers_problem(setting: Setting, kind: str, answers: dict, today: date) -> tuple[str, str] | None:
    """The first answer that cannot be sent, as (field, GOV.UK message), or None."""
    if kind not in rules.notification_kinds(setting.type_enum):
        return "kind", f"Select a kind of notification that applies to {setting.name}"
    problem = rules.day_problem(kind, answers["on"], today)
    if problem:
        return "on", problem
    until = answers.get("until")
    if until and until < answers["on"]:
        return "until", "The date the manager is expected back must be after the absence starts"
    for name in TEXT_ANSWERS:
        finding = privacy.find(answers.get(name), setting.type_enum, dates=False)
        if finding:
            return name, privacy.message(TEXT_LABELS[name], finding, setting.type_enum)
    return None


def _check(setting: Setting, kind: str, answers: dict, now: datetime) -> None:
    problem = answers_problem(setting, kind, answers, clock.today_uk(now))
    if problem:
        raise NotificationRefused(problem[1], problem[0])


def _documents(chosen: list, now: datetime) -> list[int]:
    return [uploads.receive_document(upload, now).id for upload in chosen if getattr(upload, "filename", "")]


def prepare(
    user: User,
    setting: Setting,
    kind: str,
    answers: dict,
    chosen: list,
    now: datetime,
    notification: Notification | None = None,
    follows: Notification | None = None,
) -> NotificationDraft:
    """Keep the answers and documents for the check-your-answers page. An update without new
    documents keeps those of the version it updates."""
    answers = {name: value for name, value in answers.items() if name in rules.asked(kind)}
    _check(setting, kind, answers, now)
    if not rules.sent_by(kind, user.role):
        raise NotificationRefused("You cannot send this kind of notification", "kind")
    file_ids = _documents(chosen, now)
    if notification is not None and not file_ids:
        file_ids = [document.file_id for document in notification.current.documents]
    if rules.KIND_BY_KEY[kind].document_required and not file_ids:
        raise NotificationRefused("Select the new statement of purpose", "documents")
    draft = NotificationDraft(
        key=new_key(),
        user_id=user.id,
        setting_id=setting.id,
        kind=kind,
        notification_id=notification.id if notification else None,
        follows_id=follows.id if follows else None,
        answers=_jsonable(answers),
        file_ids=file_ids,
        created_at=now,
    )
    db.session.add(draft)
    db.session.commit()
    return draft


def revise(draft: NotificationDraft, answers: dict, chosen: list, now: datetime) -> NotificationDraft:
    """Changed answers from the check page's Change links: nothing was sent, so the waiting answers
    are replaced; new documents replace those waiting, and without any the chosen ones stay."""
    answers = {name: value for name, value in answers.items() if name in rules.asked(draft.kind)}
    _check(draft.setting, draft.kind, answers, now)
    file_ids = _documents(chosen, now)
    draft.answers = _jsonable(answers)
    if file_ids:
        draft.file_ids = file_ids
    db.session.commit()
    return draft


def _jsonable(answers: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in answers.items()}


def draft_for(user: User, key: str) -> NotificationDraft | None:
    return db.session.scalar(
        select(NotificationDraft).where(NotificationDraft.key == key, NotificationDraft.user_id == user.id)
    )


def notification_for_key(key: str) -> Notification | None:
    return db.session.scalar(
        select(Notification).join(NotificationVersion).where(NotificationVersion.submission_key == key)
    )


def send(draft: NotificationDraft, actor: User, now: datetime) -> Notification:
    """Send what ``draft`` holds. A repeated POST of the same draft (a double click, a retry, two
    at once) returns the notification the first one made: only one can commit its key."""
    key = draft.key
    try:
        notification, alerts = _receive(draft, actor, now)
        db.session.delete(draft)
        db.session.commit()
    except (IntegrityError, StaleDataError) as error:
        db.session.rollback()
        existing = notification_for_key(key)
        if existing is not None:
            return existing
        if isinstance(error, StaleDataError):  # another send changed what this one updates (a second outcome)
            raise NotificationRefused(
                "Someone else sent this at the same moment. Check the notification and try again."
            ) from None
        raise
    if notification.severity == 1:  # R-NTF-1, R-MON-3: the owner is told at once, not at the next run
        for message in alerts:
            outbox.deliver_after_response(message, now)
    return notification


def _receive(draft: NotificationDraft, actor: User, now: datetime) -> tuple[Notification, list[OutboxMessage]]:
    answers = answers_of(draft)
    setting = draft.setting
    _check(setting, draft.kind, answers, now)
    if draft.follows is not None and not draft.follows.enquiry_open:
        raise NotificationRefused(f"The outcome of the enquiry in {draft.follows.reference} has been sent already")
    notification = draft.notification
    if notification is None:
        owners = ownership.responsible_inspectors(setting)
        notification = Notification(
            setting_id=setting.id,
            setting=setting,
            kind=draft.kind,
            severity=rules.KIND_BY_KEY[draft.kind].severity,
            regulation=rules.regulation_of(draft.kind, setting.type_enum),
            reference=references.new_reference("NTF-"),
            sent_at=now,
            sent_by_id=actor.id,
            owner_id=owners[0].id if len(owners) == 1 and owners[0].role == Role.INSPECTOR else None,
            follows_id=draft.follows_id,
            latest_version=1,
            current_on=answers["on"],
        )
        db.session.add(notification)
        number = 1
    else:
        number = notification.latest_version + 1
        notification.latest_version = number
        notification.current_on = answers["on"]
        # An update is read again: back in the queue; the triages of earlier versions stay listed.
        notification.triaged_at, notification.triage_decision = None, None
    notification.enquiry_open = answers.get("enquiry") == "yes" and not _has_outcome(notification)
    version = NotificationVersion(
        notification=notification,
        number=number,
        submission_key=draft.key,
        submitted_at=now,
        submitted_by_id=actor.id,
        urn=setting.urn,
        reason=answers.pop("reason", None),
        answers=_jsonable(answers),
    )
    db.session.add(version)
    for file_id in draft.file_ids:
        version.documents.append(NotificationDocument(file_id=file_id))
    if draft.follows is not None:
        draft.follows.enquiry_open = False  # R-NTF-2: the enquiry has its outcome
    db.session.flush()
    audit.record(
        actor,
        "notification_sent" if number == 1 else "notification_updated",
        notification,
        now,
        after={"reference": notification.reference, "kind": notification.kind, "version": number},
    )
    alerts = messages.arrived(notification, version, now)
    messages.confirmed(notification, version, actor, now)
    return notification, alerts


def _has_outcome(notification: Notification) -> bool:
    if notification.id is None:
        return False
    return (
        db.session.scalar(select(Notification.id).where(Notification.follows_id == notification.id).limit(1))
        is not None
    )


def may_update(user: User, notification: Notification) -> bool:
    """Staff who may send its kind update a notification; an outcome once known is not updated
    by another notification but by its own versions, like any other."""
    return rules.sent_by(notification.kind, user.role) and user.provider_id == notification.setting.provider_id


def may_triage(user: User, notification: Notification) -> bool:
    """The inspector it went to, the setting's lead inspector now, or any inspectorate manager."""
    if user.role == Role.INSPECTORATE_MANAGER:
        return True
    return user.role == Role.INSPECTOR and (
        notification.owner_id == user.id or ownership.may_act(user, notification.setting)
    )


def triage(
    notification: Notification, version_number: int, decision: str, note: str, actor: User, now: datetime
) -> NotificationTriage:
    """Record what the inspectorate decided on reading ``version_number``; a later triage is a new row."""
    if not may_triage(actor, notification):
        raise NotificationRefused("Only the setting's lead inspector, or an inspectorate manager, can triage it")
    note = (note or "").strip()
    if decision not in rules.DECISIONS:
        raise NotificationRefused("Select what the inspectorate will do", "decision")
    if not note:
        raise NotificationRefused("Enter a note on the decision", "note")
    if not 1 <= version_number <= notification.latest_version:
        version_number = notification.latest_version
    row = NotificationTriage(
        notification_id=notification.id,
        version_number=version_number,
        decision=decision,
        note=note,
        actor_id=actor.id,
        created_at=now,
    )
    db.session.add(row)
    notification.triaged_at, notification.triage_decision = now, decision
    db.session.flush()
    audit.record(
        actor,
        "notification_triaged",
        notification,
        now,
        after={"triage_id": row.id, "version": version_number, "decision": decision, "note": note},
    )
    db.session.commit()
    return row


def followed_by_candidates(notification: Notification, actor: User) -> list[MonitoringReport]:
    """R-MON-3: the visit reports the author of an urgent concern sent for its setting since they
    raised it, newest first: those the concern can be linked to."""
    if notification.kind != rules.URGENT or actor.id != notification.sent_by_id or notification.visit_report_id:
        return []
    query = (
        select(MonitoringReport)
        .where(
            MonitoringReport.setting_id == notification.setting_id,
            MonitoringReport.submitted_by_id == actor.id,
            MonitoringReport.kind == "visit",
            MonitoringReport.received_at >= notification.sent_at,
        )
        .order_by(MonitoringReport.received_at.desc())
        .limit(20)
    )
    return list(db.session.scalars(query))


def link_visit_report(notification: Notification, report_id: int | None, actor: User, now: datetime) -> None:
    """Link the urgent concern to the full visit report that followed it: once, by its author."""
    candidates = {report.id: report for report in followed_by_candidates(notification, actor)}
    if report_id not in candidates:
        raise NotificationRefused("Select the visit report that followed this concern", "report")
    notification.visit_report_id = report_id
    db.session.flush()
    audit.record(
        actor, "urgent_concern_linked", notification, now, after={"visit_report": candidates[report_id].reference}
    )
    db.session.commit()


def purge_drafts(now: datetime, older_than_days: int = 7) -> int:
    """Drafts nobody sent within a week are dropped (their files are swept with other orphans)."""
    old = list(
        db.session.scalars(
            select(NotificationDraft).where(NotificationDraft.created_at < now - timedelta(days=older_than_days))
        )
    )
    for draft in old:
        db.session.delete(draft)
    db.session.commit()
    return len(old)
