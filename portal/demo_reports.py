"""Demo inspection reports, made through the real use cases at the dates of the demo timeline: a
report being written, a draft with its window open (and a judgement changed since feedback), a
final report under embargo with answered comments, and published reports."""

import io
import wave
from datetime import datetime

from werkzeug.datastructures import FileStorage

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core.clock import UK
from portal.demo_report_texts import SUMMARIES, demo_content
from portal.extensions import db
from portal.inspection_reports import quality, quality_services, rules, sending, services
from portal.inspection_reports.comments import save_comment, submit_return
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.providers.models import SettingType
from portal.summaries import services as summary_services


def _written(inspection: Inspection, judgements: dict[str, str], at: datetime, contributors: dict | None = None):
    report = services.start_report(inspection, inspection.lead_inspector, at)
    report.content = demo_content(inspection, judgements, contributors)
    db.session.commit()
    return report


def _quality_manager(report):
    """An inspectorate manager who was not on the inspection (R-QA-1, R-QA-2)."""
    from sqlalchemy import select

    team = report.inspection.team_user_ids
    return next(
        user
        for user in db.session.scalars(
            select(User).where(User.role == Role.INSPECTORATE_MANAGER.value).order_by(User.id)
        )
        if user.id not in team
    )


PARTNER_PEOPLE = {"hmip": "Rhys Morgan, HMIP team leader", "cqc": "Dr Lena Ford, CQC inspection manager"}


def _quality_assured(report, at: datetime) -> None:
    """The quality assurance this kind of report needs before its draft (R-QA-1, R-QA-2)."""
    manager, day = _quality_manager(report), at.astimezone(UK).date()
    for step in quality.draft_steps(report.inspection.setting.type_enum, report.inspection.inspection_type):
        quality_services.record_quality_assurance(
            report, step.key, day, PARTNER_PEOPLE.get(step.inspectorate), None, manager, at
        )


def _signed_off(report, at: datetime) -> None:
    """An STC's three sign-offs before its final (R-QA-2); other settings need none."""
    manager, day = _quality_manager(report), at.astimezone(UK).date()
    for step in quality.final_steps(report.inspection.setting.type_enum, report.inspection.inspection_type):
        quality_services.record_sign_off(
            report, step.inspectorate, day, PARTNER_PEOPLE.get(step.inspectorate), None, manager, at
        )


def _comment(report, key: str, paragraph: int, kind: str, text: str, author, at: datetime):
    return save_comment(report, key, paragraph, kind, text, None, [], author, at)


def _voice_recording(inspection, at: datetime) -> None:
    """R-CFS-2: an STC's summary goes with a voice recording. The demo reads it aloud with
    espeak-ng where the machine has it, and otherwise attaches a second of silence, saying so."""
    summary = summary_services.summary_of(inspection)
    if summary_services.speech_available():
        data, description = summary_services.spoken_version(summary), "The summary read aloud"
    else:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(1), out.setsampwidth(2), out.setframerate(8000), out.writeframes(b"\0\0" * 8000)
        data, description = buffer.getvalue(), "Demo only: one second of silence (espeak-ng is not installed here)"
    upload = FileStorage(io.BytesIO(data), filename="summary.wav", content_type="audio/wav")
    summary_services.attach(
        inspection, summary_services.AUDIO, upload, description, None, inspection.lead_inspector, at
    )


def _final(
    inspection,
    users,
    issued: datetime,
    returned: datetime | None,
    sent: datetime,
    summary: bool = False,
    contributors: dict | None = None,
):
    """A report taken from its draft to the final, with one comment answered, and a child-friendly
    summary written before the final is sent when ``summary`` is set."""
    report = _written(inspection, inspection.provisional(), issued, contributors)
    _quality_assured(report, issued)
    sending.issue_draft(report, None, inspection.lead_inspector, issued)
    if returned is not None:
        # On the report's first paragraph of text (assurance and monitoring reports start with
        # their judgements), which the final report amends (R-DR-4).
        first = next(p for p in report.draft["paragraphs"] if p["kind"] == "text")
        comment = _comment(
            report,
            f"demo-{inspection.id}-1",
            first["number"],
            rules.TYPING,
            "The home is registered for a different number of children: please check the certificate of registration.",
            users["rm"],
            returned,
        )
        submit_return(report, False, users["ri"], returned)
        sending.respond(
            comment,
            rules.ACCEPTED,
            "Checked against the register and amended.",
            inspection.lead_inspector,
            returned,
            paragraphs=[first["number"]],
        )
        content = services._copy(report)
        content["sections"][first["section"]] = list(content["sections"][first["section"]])
        content["sections"][first["section"]][0] += " (corrected after the provider's comment)"
        report.content = content
        db.session.commit()
    if summary:
        words = SUMMARIES.get(inspection.setting.type_enum, SUMMARIES[SettingType.SECURE_TRAINING_CENTRE])
        summary_services.save(
            inspection,
            {key: {"text": text, "picture": None} for key, text in words.items()},
            inspection.lead_inspector,
            sent,
        )
        if inspection.setting.type_enum == SettingType.SECURE_TRAINING_CENTRE:
            _voice_recording(inspection, sent)
    _signed_off(report, sent)
    sending.send_final(report, inspection.lead_inspector, sent)


def seed_reports(inspections: dict[str, Inspection], users: dict, times: dict[str, datetime]) -> None:
    """``inspections`` and ``times`` are keyed by stage; see portal.demo for the timeline."""
    oakfield = {"rm": users["rm.oakfield@oakfield.example"], "ri": users["ri@oakfield.example"]}
    northgate = {"rm": users["rm@northgate.example"], "ri": users["ri@northgate.example"]}

    # Awaiting the draft: the lead inspector has written most of it.
    writing = _written(inspections["awaiting_draft"], inspections["awaiting_draft"].provisional(), times["now"])
    content = services._copy(writing)
    content["sections"]["this_inspection"] = []
    writing.content = content
    db.session.commit()

    # Draft sent: a judgement changed after feedback (R-INSP-2), and a comment is being drafted.
    draft = inspections["draft_sent"]
    judgements = dict(draft.provisional(), **{inspection_rules.LEADERS: inspection_rules.INADEQUATE})
    report = _written(draft, judgements, times["draft_sent"])
    _quality_assured(report, times["draft_sent"])
    sending.issue_draft(
        report,
        "After feedback, inspectors checked the staff files again and found that "
        "recruitment checks were missing for two members of staff. This is a serious "
        "weakness in leadership and management.",
        draft.lead_inspector,
        times["draft_sent"],
    )
    recruitment = next(p["number"] for p in report.draft["paragraphs"] if p["text"].startswith("Recruitment checks"))
    _comment(
        report,
        f"demo-{draft.id}-1",
        recruitment,
        rules.FACTUAL,
        "The checks for one of the two members of staff were completed before they started work; the "
        "certificate is attached to our return.",
        users["rm.maple@oakfield.example"],
        times["draft_sent"],
    )

    _final(
        inspections["embargoed"],
        oakfield,
        times["embargoed_draft"],
        times["embargoed_returned"],
        times["embargoed_final"],
        summary=True,
    )
    _final(
        inspections["published"],
        northgate,
        times["published_draft"],
        times["published_returned"],
        times["published_final"],
    )
    _final(inspections["earlier"], oakfield, times["earlier_draft"], None, times["earlier_final"])

    # Each setting type with its own report (R-RPT-1..5): an STC's full report with the CQC
    # inspector's and the FE&S HMI's contributions, an SCH's assurance report, and a family
    # centre's monitoring visit that improved its judgement after a full inspection.
    stc = inspections["stc_published"]
    partners = {member.user.inspectorate: member.user for member in stc.team}
    _final(
        stc,
        northgate,
        times["stc_draft"],
        None,
        times["stc_final"],
        summary=True,
        contributors={
            "education": services.contributor_record(partners["ofsted_fes"]),
            "health": services.contributor_record(partners["cqc"]),
        },
    )
    _final(
        inspections["sch_earlier_full"], oakfield, times["sch_full_draft"], None, times["sch_full_final"], summary=True
    )
    _final(inspections["sch_assurance"], oakfield, times["sch_assurance_draft"], None, times["sch_assurance_final"])
    _final(inspections["rfc_earlier_full"], oakfield, times["rfc_full_draft"], None, times["rfc_full_final"])
    _final(inspections["rfc_monitoring"], oakfield, times["rfc_monitoring_draft"], None, times["rfc_monitoring_final"])
