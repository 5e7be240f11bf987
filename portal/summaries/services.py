"""Use cases of child-friendly summaries (R-CFS-1..3): write with advice, record why there is none,
release with the final report, adapted versions, translations, and voice recordings."""

import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from portal.accounts.models import User
from portal.core import audit, limits, outbox, uploads
from portal.core.links import absolute_url
from portal.core.use_cases import Refusal
from portal.extensions import db
from portal.inspection_reports import final_checks
from portal.inspections.models import Inspection
from portal.providers import privacy
from portal.providers.models import SettingType
from portal.providers.people import responsible_people
from portal.summaries import rules
from portal.summaries.models import AdaptationRequest, ChildSummary, SummaryFile

MAX_AUDIO_BYTES = 50 * uploads.MB
ADAPTED, AUDIO, TRANSLATION = "adapted", "audio", "translation"
# Who is asked to adapt a summary (AdaptationRequest.adapter, R-CFS-2).
PROVIDER, INSPECTORATE = "provider", "inspectorate"
REQUEST_MAX = limits.REASON_MAX
FILE_KINDS = {ADAPTED: "Adapted version", AUDIO: "Voice recording", TRANSLATION: "Translation"}


class SummaryError(Refusal):
    """A use case refused for a reason the user can act on; ``field`` names the form field."""


class SpeechUnavailable(Exception):
    """This machine cannot make a spoken version (espeak-ng is not installed)."""


def summary_of(inspection: Inspection) -> ChildSummary | None:
    return db.session.scalar(select(ChildSummary).where(ChildSummary.inspection_id == inspection.id))


def released(inspection: Inspection) -> bool:
    """R-CFS-1: the provider has the summary from the moment the final report is sent."""
    return inspection.final_sent_at is not None


def expected(inspection: Inspection) -> bool:
    return rules.expected(inspection.setting.type_enum, inspection.inspection_type)


def _clean(sections: dict[str, dict]) -> dict[str, dict]:
    cleaned = {}
    for section in rules.SECTIONS:
        given = sections.get(section.key) or {}
        text = (given.get("text") or "").replace("\r\n", "\n").strip()
        if len(text) > rules.SECTION_MAX:
            raise SummaryError(
                f"'{section.title}' must be {rules.SECTION_MAX:,} characters or fewer", f"{section.key}_text"
            )
        picture = given.get("picture") or section.picture
        if picture not in rules.PICTURES:
            raise SummaryError(f"Select a picture for '{section.title}'", f"{section.key}_picture")
        cleaned[section.key] = {"text": text, "picture": picture}
    return cleaned


def save(
    inspection: Inspection, sections: dict[str, dict], actor: User, now: datetime, finished: bool = True
) -> list[rules.Advice]:
    """Save the summary; returns the advice still worth taking.

    Finished, it may keep warnings (long sentences, jargon), never lack what R-CFS-3 requires.
    Half-written (``finished`` False), it is kept as it is, to come back to: the final report is
    not sent with it until it is finished (``final_problem``), so children never get half a
    summary; one with every section empty is no summary at all. Once the final report is sent,
    the summary the provider has is not changed.
    """
    if released(inspection):
        raise SummaryError("The summary went to the provider with the final report: it cannot be changed")
    cleaned = _clean(sections)
    found = rules.advice(cleaned)
    blocking = rules.blocking(found)
    if blocking and finished:
        first = blocking[0]
        raise SummaryError(first.message, f"{first.section}_text" if first.section else None)
    if not any(part["text"] for part in cleaned.values()):
        cleaned = {}
    summary = summary_of(inspection)
    if summary is None:
        summary = ChildSummary(
            inspection_id=inspection.id, created_at=now, sections={}, updated_by_id=actor.id, updated_at=now
        )
        db.session.add(summary)
    summary.sections = cleaned
    summary.no_summary_reason = None
    summary.updated_at, summary.updated_by_id = now, actor.id
    audit.record(actor, "child_summary_saved", summary, now, after={"sections": cleaned, "finished": not blocking})
    db.session.commit()
    return found


def record_no_summary(inspection: Inspection, reason: str, actor: User, now: datetime) -> None:
    """Where a summary is expected but there will be none, the inspector records why."""
    reason = (reason or "").strip()
    if not reason:
        raise SummaryError("Enter why there is no child-friendly summary", "reason")
    if len(reason) > limits.REASON_MAX:
        raise SummaryError(f"Reason must be {limits.REASON_MAX:,} characters or fewer", "reason")
    _no_child_identity(reason, "Reason", "reason", inspection)
    if released(inspection):
        raise SummaryError("The final report has been sent")
    summary = summary_of(inspection)
    if summary is not None and summary.sections:
        raise SummaryError("A summary has been written for this inspection", "reason")
    if summary is None:
        summary = ChildSummary(
            inspection_id=inspection.id, created_at=now, sections={}, updated_by_id=actor.id, updated_at=now
        )
        db.session.add(summary)
    summary.no_summary_reason = reason
    summary.updated_at, summary.updated_by_id = now, actor.id
    audit.record(actor, "child_summary_not_written", summary, now, after={"reason": reason})
    db.session.commit()


@final_checks.register(order=20)
def final_problems(inspection: Inspection) -> list[str]:
    """R-CFS-1..2 as a check before the final report is sent (inspection_reports.final_checks)."""
    problem = final_problem(inspection)
    return [problem] if problem else []


def unfinished(summary: ChildSummary | None) -> rules.Advice | None:
    """The first thing a summary saved half-written still needs (R-CFS-3), if it needs any."""
    if summary is None or not summary.sections:
        return None
    blocking = rules.blocking(rules.advice(summary.sections))
    return blocking[0] if blocking else None


def final_problem(inspection: Inspection) -> str | None:
    """R-CFS-1: the final report of a full inspection of an SCH or STC asks for a summary;
    R-CFS-2: for an STC, a voice recording of it goes too. Any summary written, one chosen for
    a children's home too, goes only when finished."""
    summary = summary_of(inspection)
    missing = unfinished(summary)
    if missing is not None:
        return f"Finish the child-friendly summary, or empty it: {missing.message}"
    if not expected(inspection):
        return None
    if summary is None or not (summary.sections or summary.no_summary_reason):
        return "Write the child-friendly summary, or record why there is none"
    if (
        summary.sections
        and inspection.setting.type_enum == SettingType.SECURE_TRAINING_CENTRE
        and not any(f.kind == AUDIO for f in summary.files)
    ):
        return (
            "Attach a voice recording of the child-friendly summary: it goes with the final report of a "
            "secure training centre"
        )
    return None


def _released_summary(inspection: Inspection) -> ChildSummary:
    summary = summary_of(inspection)
    if summary is None or not summary.sections or not released(inspection):
        raise SummaryError("There is no child-friendly summary for this inspection")
    return summary


def requests_to(summary: ChildSummary | None, adapter: str) -> list[AdaptationRequest]:
    """The requests ``adapter`` (PROVIDER or INSPECTORATE) is asked to answer, oldest first."""
    return [r for r in summary.requests if r.adapter == adapter] if summary is not None else []


def open_requests_to(summary: ChildSummary | None, adapter: str) -> list[AdaptationRequest]:
    return [r for r in requests_to(summary, adapter) if r.fulfilled_at is None]


def ask_provider_to_adapt(inspection: Inspection, needed: str, actor: User, now: datetime) -> AdaptationRequest:
    """R-CFS-2 (S0 ¶105; S2 §"Child-friendly summary reports"): the inspectorate sends the summary
    to the provider with a request to adapt it, saying what is needed. Only once the summary has
    gone with the final report (R-CFS-1): before that the provider has nothing to adapt."""
    summary = summary_of(inspection)
    if summary is None or not summary.sections:
        raise SummaryError("Write the summary before asking the provider to adapt it", "needed")
    if not released(inspection):
        raise SummaryError(
            "You can ask the provider to adapt the summary once the final report has been sent with it", "needed"
        )
    needed = (needed or "").strip()
    if not needed:
        raise SummaryError("Enter what the provider needs to adapt", "needed")
    if len(needed) > REQUEST_MAX:
        raise SummaryError(f"What is needed must be {REQUEST_MAX:,} characters or fewer", "needed")
    _no_child_identity(needed, "What is needed", "needed", inspection)
    request = AdaptationRequest(
        summary_id=summary.id, adapter=PROVIDER, reason=needed, requested_by_id=actor.id, requested_at=now
    )
    db.session.add(request)
    db.session.flush()
    audit.record(
        actor, "summary_adaptation_asked_of_provider", request, now, after={"summary_id": summary.id, "needed": needed}
    )
    setting = inspection.setting
    for person in responsible_people(setting, include_visitors=False):
        outbox.queue(
            person,
            f"Please adapt the child-friendly summary: {setting.name}",
            f"The inspectorate asks you to adapt the child-friendly summary of the inspection of "
            f"{setting.name} ({setting.urn}) for the children who need it.\n\nWhat is needed:\n{needed}\n\n"
            f"When it is adapted, add it with the summary so that the inspectorate knows:\n"
            f"{absolute_url('summaries_provider.show', inspection_id=inspection.id)}#asked-of-you\n",
            now,
            related=request,
        )
    db.session.commit()
    return request


def _no_child_identity(text: str, label: str, field: str, inspection: Inspection) -> None:
    """R-AXA-5: a request to adapt the summary describes a child's needs, never who the child is."""
    setting_type = inspection.setting.type_enum
    finding = privacy.find(text, setting_type)
    if finding is not None:
        raise SummaryError(privacy.message(label, finding, setting_type), field)


def request_adaptation(inspection: Inspection, reason: str, actor: User, now: datetime) -> AdaptationRequest:
    """R-CFS-2: the provider asks for a version adapted to a child's needs or language (it may flag the need)."""
    summary = _released_summary(inspection)
    reason = (reason or "").strip()
    if not reason:
        raise SummaryError("Enter why an adapted version is needed", "reason")
    if len(reason) > limits.REASON_MAX:
        raise SummaryError(f"Reason must be {limits.REASON_MAX:,} characters or fewer", "reason")
    _no_child_identity(reason, "Reason", "reason", inspection)
    request = AdaptationRequest(
        summary_id=summary.id, adapter=INSPECTORATE, reason=reason, requested_by_id=actor.id, requested_at=now
    )
    db.session.add(request)
    audit.record(actor, "summary_adaptation_requested", summary, now, after={"reason": reason})
    outbox.queue(
        inspection.lead_inspector,
        f"Adapted summary asked for: {inspection.setting.name}",
        f"{inspection.setting.provider.name} has asked for an adapted version of the child-friendly summary "
        f"of {inspection.setting.name}.\n\nWhy: {reason}\n\n"
        f"{absolute_url('summaries_inspectorate.edit', inspection_id=inspection.id)}\n",
        now,
        related=summary,
    )
    db.session.commit()
    return request


def _description(text: str | None, field: str) -> str:
    text = (text or "").strip()
    if not text:
        raise SummaryError("Enter a short description, like 'Polish translation' or 'Large print with symbols'", field)
    if len(text) > limits.NAME_MAX:
        raise SummaryError(f"Description must be {limits.NAME_MAX} characters or fewer", field)
    return text


def attach(
    inspection: Inspection,
    kind: str,
    upload,
    description: str,
    request: AdaptationRequest | None,
    actor: User,
    now: datetime,
) -> SummaryFile:
    """The inspector attaches an adapted version (a document) or a voice recording (audio checked
    by content); attaching answers the provider's request when one is named."""
    summary = summary_of(inspection)
    if summary is None or not summary.sections:
        raise SummaryError("Write the summary before attaching versions of it")
    if kind not in (ADAPTED, AUDIO):
        raise SummaryError("Select what you are attaching", "kind")
    description = _description(description, "description")
    try:
        stored = (
            uploads.receive_document(upload, now, uploads.audio_type, MAX_AUDIO_BYTES)
            if kind == AUDIO
            else uploads.receive_document(upload, now)
        )
    except uploads.UploadRejected as error:
        db.session.rollback()
        raise SummaryError(error.message, "upload") from None
    added = SummaryFile(
        summary_id=summary.id,
        kind=kind,
        description=description,
        file_id=stored.id,
        request_id=request.id if request else None,
        added_by_id=actor.id,
        added_at=now,
    )
    db.session.add(added)
    if request is not None and request.fulfilled_at is None:
        request.fulfilled_at = now
    audit.record(
        actor,
        "summary_file_attached",
        summary,
        now,
        after={"kind": kind, "description": description, "sha256": stored.sha256},
    )
    db.session.commit()
    return added


def add_translation(
    inspection: Inspection, upload, language: str, actor: User, now: datetime, request: AdaptationRequest | None = None
) -> SummaryFile:
    """R-CFS-2: staff may translate the summary; the provider keeps its copy here for its records.
    Naming the inspectorate's request to adapt it makes the file the adapted version that answers it."""
    summary = _released_summary(inspection)
    description = _description(language, "language")
    if request is not None and (request.summary_id != summary.id or request.adapter != PROVIDER):
        raise SummaryError("Select a request from the list", "request_id")
    if request is not None and request.fulfilled_at is not None:
        raise SummaryError("This request has already been answered: select another, or none", "request_id")
    try:
        stored = uploads.receive_document(upload, now)
    except uploads.UploadRejected as error:
        db.session.rollback()
        raise SummaryError(error.message, "upload") from None
    added = SummaryFile(
        summary_id=summary.id,
        kind=ADAPTED if request else TRANSLATION,
        description=description,
        file_id=stored.id,
        request_id=request.id if request else None,
        added_by_id=actor.id,
        added_at=now,
    )
    db.session.add(added)
    audit.record(
        actor,
        "summary_adaptation_answered" if request else "summary_translation_added",
        summary,
        now,
        after={"description": description, "sha256": stored.sha256, "request_id": request.id if request else None},
    )
    if request is not None:
        request.fulfilled_at = now
        _tell_inspectorate_answered(inspection, request, description, now)
    db.session.commit()
    return added


def _tell_inspectorate_answered(
    inspection: Inspection, request: AdaptationRequest, description: str, now: datetime
) -> None:
    """Whoever asked the provider to adapt the summary hears that it has been (R-CFS-2)."""
    setting = inspection.setting
    outbox.queue(
        request.requested_by,
        f"Adapted summary added: {setting.name}",
        f"{setting.provider.name} has added an adapted version of the child-friendly summary of "
        f"{setting.name} ({setting.urn}): {description}.\n\n"
        f"{absolute_url('summaries_inspectorate.edit', inspection_id=inspection.id)}#adaptation-requests\n",
        now,
        related=request,
    )


def speech_available() -> bool:
    return shutil.which("espeak-ng") is not None


def spoken_version(summary: ChildSummary) -> bytes:
    """A WAV file of the summary read aloud by espeak-ng, where the machine has it."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise SpeechUnavailable("This machine cannot make a spoken version: espeak-ng is not installed")
    text = "\n\n".join(
        f"{section.title}.\n{summary.sections[section.key]['text']}"
        for section in rules.SECTIONS
        if (summary.sections.get(section.key) or {}).get("text")
    )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "summary.wav"
        subprocess.run(
            [program, "-v", "en-gb", "-s", "140", "-w", str(out), "--stdin"],
            input=text.encode("utf-8"),
            check=True,
            timeout=120,
            capture_output=True,
        )
        return out.read_bytes()
