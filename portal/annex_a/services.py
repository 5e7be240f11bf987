"""Use cases of Annex A: keep the draft, request it, return it, accept it or ask for an update."""

import copy
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.annex_a import confirmations, parser, rules, states
from portal.annex_a.models import AnnexADraft, AnnexADueTimeChange, AnnexARequest, AnnexAVersion
from portal.annex_a.schema import asked_only, extra_answers, sections_for
from portal.core import audit, outbox, storage, uploads
from portal.core.clock import UK
from portal.core.formatting import uk_datetime
from portal.core.links import absolute_url
from portal.core.use_cases import Refusal
from portal.extensions import db
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.providers.models import Setting
from portal.providers.people import responsible_people


class AnnexAError(Refusal):
    """An Annex A request or return refused for a reason the user can act on."""


def requests_of(setting: Setting) -> list[AnnexARequest]:
    return list(
        db.session.scalars(
            select(AnnexARequest)
            .join(Inspection)
            .where(Inspection.setting_id == setting.id)
            .order_by(AnnexARequest.requested_at.desc())
        )
    )


def open_request(setting: Setting) -> AnnexARequest | None:
    """The request the provider must answer now, if any."""
    return next((r for r in requests_of(setting) if r.status in (states.REQUESTED, states.UPDATE_REQUESTED)), None)


def versions_of(setting: Setting) -> list[AnnexAVersion]:
    return [v for r in requests_of(setting) for v in reversed(r.versions)]


def current_version(setting: Setting) -> AnnexAVersion | None:
    """R-AXA-4: the latest accepted version."""
    accepted = [v for v in versions_of(setting) if v.status == states.ACCEPTED]
    return max(accepted, key=lambda v: v.submitted_at, default=None)


def draft_of(setting: Setting) -> AnnexADraft:
    """The kept-ready draft; a new one starts from the last returned version (R-AXA-1)."""
    draft = db.session.scalar(select(AnnexADraft).where(AnnexADraft.setting_id == setting.id))
    if draft is None:
        latest = max(versions_of(setting), key=lambda v: v.submitted_at, default=None)
        draft = AnnexADraft(
            setting_id=setting.id,
            answers=asked_only(copy.deepcopy(latest.answers), setting.type_enum) if latest else {},
        )
    return draft


def _store_draft(
    draft: AnnexADraft, answers: dict, actor: User, now: datetime, action: str, detail: dict
) -> AnnexADraft:
    draft.answers = answers
    draft.updated_at = now
    draft.updated_by_id = actor.id
    db.session.add(draft)
    db.session.flush()
    audit.record(actor, action, draft, now, after=detail)
    db.session.commit()
    return draft


def save_section(setting: Setting, section_key: str, values, actor: User, now: datetime) -> AnnexADraft:
    """Store one section's answers (already checked) in the draft."""
    draft = draft_of(setting)
    answers = copy.deepcopy(draft.answers or {})
    answers[section_key] = values
    return _store_draft(draft, answers, actor, now, "annex_a_draft_saved", {"section": section_key})


def remove_row(setting: Setting, key: str, index: int, actor: User, now: datetime) -> bool:
    """Take one row (a contact, a case) off a list of the draft; False if there is no such row."""
    rows = list(draft_of(setting).answers.get(key) or [])
    if not 0 <= index < len(rows):
        return False
    del rows[index]
    save_section(setting, key, rows, actor, now)
    return True


def replace_draft(setting: Setting, answers: dict, actor: User, now: datetime, file_name: str) -> AnnexADraft:
    """A valid spreadsheet fills the whole draft, for the provider to review before returning it."""
    return _store_draft(draft_of(setting), answers, actor, now, "annex_a_spreadsheet_loaded", {"file": file_name})


def load_spreadsheet(setting: Setting, upload, actor: User, now: datetime):
    """Check a returned template and, if every answer is valid, fill the draft with it."""

    result = parser.Parsed()
    try:
        name = uploads.safe_name(getattr(upload, "filename", None))
        spooled = storage.spool(upload.stream, parser.MAX_WORKBOOK_BYTES)
    except uploads.UploadRejected as error:
        result.problems.append(
            error.message if error.message != "Select a file" else "Select the completed spreadsheet"
        )
        return result
    except storage.TooLarge:
        result.problems.append("The selected file must be smaller than 5 MB")
        return result
    try:
        result = parser.parse(spooled, setting)
    except parser.WorkbookRejected as error:
        result.problems.append(error.message)
    finally:
        spooled.discard()
    if not result.problems:
        replace_draft(setting, result.answers, actor, now, name)
    return result


def request_annex_a(
    inspection: Inspection, due_at: datetime, override_reason: str | None, actor: User, now: datetime
) -> AnnexARequest:
    """R-AXA-2: requested at a full inspection; at other inspections only with a recorded reason."""
    if db.session.scalar(select(AnnexARequest).where(AnnexARequest.inspection_id == inspection.id)):
        raise AnnexAError("Annex A has already been requested for this inspection", "due_date")
    if inspection.inspection_type != inspection_rules.FULL and not (override_reason or "").strip():
        raise AnnexAError(
            "Enter why Annex A is needed at this inspection: it is not normally requested at "
            "assurance inspections or monitoring visits",
            "override_reason",
        )
    if inspection.status not in (inspection_rules.ANNOUNCED, inspection_rules.ON_SITE):
        raise AnnexAError("Annex A can only be requested before the inspection ends", "due_date")
    _check_ahead(due_at, now)
    request = AnnexARequest(
        inspection_id=inspection.id,
        status=states.REQUESTED,
        requested_by_id=actor.id,
        requested_at=now,
        due_at=due_at,
        override_reason=(override_reason or "").strip() or None,
    )
    db.session.add(request)
    db.session.flush()
    audit.record(actor, "annex_a_requested", request, now, after={"due_at": due_at.isoformat()})
    _tell_provider(
        inspection.setting,
        f"Annex A requested: {inspection.setting.name}",
        f"The inspector has asked for the Annex A of {inspection.setting.name} ({inspection.setting.urn}) "
        f"by {uk_datetime(due_at)}.",
        now,
        request,
    )
    db.session.commit()
    return request


def due_problem(due_at: datetime, now: datetime, subject: str = "Due") -> tuple[str, str] | None:
    """R-AXA-2: a due time already passed would brand the provider late for good: (field, message)."""
    if rules.is_ahead(due_at, now):
        return None
    if due_at.astimezone(UK).date() < now.astimezone(UK).date():
        return "due_date", f"{subject} date must be today or in the future"
    return "due_time", f"{subject} time must be later than now ({uk_datetime(now)})"


def _check_ahead(due_at: datetime, now: datetime, subject: str = "Due") -> None:
    problem = due_problem(due_at, now, subject)
    if problem:
        raise AnnexAError(problem[1], problem[0])


def change_due_time(
    request: AnnexARequest, due_at: datetime, reason: str, seen_due_at: datetime | None, actor: User, now: datetime
) -> AnnexADueTimeChange:
    """R-AXA-2: the inspector moves the due time of a request the provider still owes, with a reason
    the provider is sent and sees. The old time stays in the change; returns already received keep
    the on-time status they arrived with."""
    db.session.refresh(request, with_for_update=True)  # one change at a time (a row lock on PostgreSQL)
    if request.status not in states.DUE_TIME_CHANGEABLE:
        raise AnnexAError(
            "The due time can no longer be changed: the Annex A has been returned. To set a new "
            "time, ask for an updated version"
        )
    if seen_due_at is not None and seen_due_at != request.due_at:
        raise AnnexAError(
            f"The due time has just been changed to {uk_datetime(request.due_at)}: check it and try again"
        )
    reason = (reason or "").strip()
    if not reason:
        raise AnnexAError("Enter why the due time is changing", "reason")
    if due_at == request.due_at:
        raise AnnexAError(
            f"New due time must be different from the current one ({uk_datetime(request.due_at)})", "due_time"
        )
    _check_ahead(due_at, now, "New due")
    change = _move_due(request, states.DUE_TIME_CHANGED, due_at, reason, actor, now)
    audit.record(
        actor,
        "annex_a_due_time_changed",
        request,
        now,
        before={"due_at": change.old_due_at.isoformat()},
        after={"due_at": due_at.isoformat(), "reason": reason, "change": change.id},
    )
    setting = request.inspection.setting
    _tell_provider(
        setting,
        f"Annex A due time changed: {setting.name}",
        f"The inspector has changed the time by which the Annex A of {setting.name} ({setting.urn}) is "
        f"due.\n\nIt was due by {uk_datetime(change.old_due_at)}.\nIt is now due by "
        f"{uk_datetime(due_at)}.\n\nWhy:\n{reason}",
        now,
        change,
    )
    db.session.commit()
    return change


def _move_due(
    request: AnnexARequest, kind: str, due_at: datetime, reason: str, actor: User, now: datetime
) -> AnnexADueTimeChange:
    change = AnnexADueTimeChange(
        request=request,
        kind=kind,
        old_due_at=request.due_at,
        new_due_at=due_at,
        reason=reason,
        changed_by_id=actor.id,
        changed_at=now,
    )
    db.session.add(change)
    request.due_at = due_at
    db.session.flush()
    return change


def _tell_provider(setting: Setting, subject: str, body: str, now: datetime, related) -> None:
    link = absolute_url("annex_a_provider.task_list", setting_id=setting.id)
    for person in responsible_people(setting, include_visitors=False):
        outbox.queue(person, subject, f"{body}\n\nOpen the Annex A: {link}\n", now, related=related)


def return_annex_a(
    setting: Setting,
    request: AnnexARequest,
    route: str,
    key: str,
    actor: User,
    now: datetime,
    file_id: int | None = None,
) -> AnnexAVersion:
    """Return the draft as a new version; once only for a given key (a double click makes one)."""
    existing = version_for_key(key)
    if existing is not None:
        return existing
    if not states.REQUEST_STATES.can(request.status, states.RETURNED):
        raise AnnexAError("This request has already been answered: wait for the inspector, or for a new request")
    draft = draft_of(setting)
    problems = rules.ready_to_return(draft.answers or {}, setting.type_enum, setting.capacity)
    if problems:
        raise AnnexAError(problems[0])
    try:
        before = request.status
        states.REQUEST_STATES.move(request, states.RETURNED)
        version = AnnexAVersion(
            request=request,
            number=len(request.versions) + 1,
            reference="AXA-" + secrets.token_hex(4).upper(),
            submission_key=key,
            answers=asked_only(copy.deepcopy(draft.answers), setting.type_enum),
            route=route,
            file_id=file_id,
            submitted_at=now,
            submitted_by_id=actor.id,
            due_at=request.due_at,
            on_time=rules.is_on_time(now, request.due_at),
            status=states.RECEIVED,
        )
        db.session.add(version)
        db.session.flush()
        audit.record(
            actor,
            "annex_a_returned",
            version,
            now,
            before={"request": before},
            after={"request": request.status, "version": version.number, "on_time": version.on_time},
        )
        inspection = request.inspection
        outbox.queue(
            inspection.lead_inspector,
            f"Annex A returned: {setting.name}",
            f"{actor.name} returned the Annex A of {setting.name} ({setting.urn}), version {version.number}, "
            f"{'on time' if version.on_time else 'late'}.\n\n"
            f"{absolute_url('annex_a_inspectorate.inspection', inspection_id=inspection.id)}\n",
            now,
            related=version,
        )
        confirmations.returned(setting, version, actor, now)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = db.session.scalar(select(AnnexAVersion).where(AnnexAVersion.submission_key == key))
        if existing is None:
            raise
        return existing
    return version


def version_for_key(key: str) -> AnnexAVersion | None:
    return db.session.scalar(select(AnnexAVersion).where(AnnexAVersion.submission_key == key))


def accept(version: AnnexAVersion, actor: User, now: datetime) -> None:
    states.VERSION_STATES.move(version, states.ACCEPTED)
    states.REQUEST_STATES.move(version.request, states.ACCEPTED)
    version.decided_at, version.decided_by_id = now, actor.id
    audit.record(actor, "annex_a_accepted", version, now, after={"version": version.number})
    db.session.commit()


def request_update(version: AnnexAVersion, reason: str, due_at: datetime, actor: User, now: datetime) -> None:
    """R-AXA-4: the inspector finds it inaccurate and asks for an updated version by a new time,
    which must be ahead (R-AXA-2) and is kept as a change of due time; the version keeps its own."""
    _check_ahead(due_at, now)
    states.VERSION_STATES.move(version, states.UPDATE_REQUESTED)
    request = version.request
    states.REQUEST_STATES.move(request, states.UPDATE_REQUESTED)
    version.decided_at, version.decided_by_id, version.update_reason = now, actor.id, reason.strip()
    if due_at != request.due_at:
        _move_due(request, states.DUE_TIME_UPDATE, due_at, version.update_reason, actor, now)
    audit.record(
        actor,
        "annex_a_update_requested",
        version,
        now,
        after={"reason": version.update_reason, "due_at": due_at.isoformat()},
    )
    setting = request.inspection.setting
    _tell_provider(
        setting,
        f"Updated Annex A requested: {setting.name}",
        f"The inspector has asked for an updated Annex A by {uk_datetime(due_at)}.\n\nWhy:\n{version.update_reason}",
        now,
        version,
    )
    db.session.commit()


def compare(old: AnnexAVersion, new: AnnexAVersion, setting_type) -> list[tuple[str, str, str, str]]:
    """R-AXA-4: item by item, what changed between two versions: (section, item, before, after).
    Answers under keys no longer asked (older versions) are compared as they were stored."""
    rows = []
    for section in sections_for(setting_type):
        if section.is_list:
            before = {_row_line(section, setting_type, c) for c in old.answers.get(section.key) or []}
            after = {_row_line(section, setting_type, c) for c in new.answers.get(section.key) or []}
            noun = section.noun.capitalize()
            rows += [(section.title, f"{noun} removed", line, "") for line in sorted(before - after)]
            rows += [(section.title, f"{noun} added", "", line) for line in sorted(after - before)]
            continue
        for item in section.items_for(setting_type):
            a = _answer(old.answers, section.key, item.key)
            b = _answer(new.answers, section.key, item.key)
            if a != b:
                rows.append((section.title, item.label, "" if a is None else str(a), "" if b is None else str(b)))
    old_extra, new_extra = (
        dict(extra_answers(old.answers, setting_type)),
        dict(extra_answers(new.answers, setting_type)),
    )
    for label in sorted(set(old_extra) | set(new_extra)):
        if old_extra.get(label) != new_extra.get(label):
            rows.append(("Earlier questions", label, old_extra.get(label, ""), new_extra.get(label, "")))
    return rows


def _answer(answers: dict, section_key: str, item_key: str):
    values = (answers or {}).get(section_key)
    return values.get(item_key) if isinstance(values, dict) else None


def _row_line(section, setting_type, row: dict) -> str:
    parts = []
    for item in section.list_items_for(setting_type):
        value = row.get(item.key) if isinstance(row, dict) else None
        parts.append("; ".join(value) if isinstance(value, list) else str(value or ""))
    return ", ".join(part for part in parts if part)


def request_for_inspection(inspection: Inspection) -> AnnexARequest | None:
    return db.session.scalar(select(AnnexARequest).where(AnnexARequest.inspection_id == inspection.id))
