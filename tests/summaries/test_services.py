"""Use cases of summaries: saving with advice, the final report's question (R-CFS-1), recordings
checked by content (R-CFS-2), and release only with the final report."""

import io
import wave

import pytest
from sqlalchemy import func, select

from portal.inspection_reports import sending as report_sending
from portal.inspection_reports.services import ReportError
from portal.summaries import services
from portal.summaries.models import ChildSummary, SummaryFile
from portal.summaries.services import SummaryError
from tests.conftest import FROZEN
from tests.files import pdf_bytes, upload
from tests.inspection_reports.quality_support import sign_off
from tests.summaries.conftest import good_sections


def wav_bytes(seconds: float = 1.0) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * int(8000 * seconds))
    return buffer.getvalue()


def test_saving_refuses_what_r_cfs_3_requires_and_stores_nothing(summaries, db, world):
    inspection = summaries.inspection()
    with pytest.raises(SummaryError, match="staff will help") as refused:
        services.save(inspection, good_sections(next="The home will get our report."), world.inspector, FROZEN)
    assert refused.value.field == "next_text"
    assert db.session.scalar(select(func.count()).select_from(ChildSummary)) == 0
    advice = services.save(inspection, good_sections(good="Safeguarding is strong."), world.inspector, FROZEN)
    assert [a.kind for a in advice] == ["jargon"]
    with pytest.raises(SummaryError, match="Select a picture"):
        services.save(inspection, {"who": {"text": "Hi.", "picture": "dragon"}}, world.inspector, FROZEN)


def test_r_cfs_1_the_final_report_of_a_secure_home_asks_for_a_summary_or_a_reason(summaries, world):
    inspection = summaries.inspection()
    report = summaries.reports.returned(inspection.report, comments=0)
    problem = "Write the child-friendly summary, or record why there is none"
    assert problem in report_sending.final_problems(report, FROZEN)
    with pytest.raises(ReportError, match="child-friendly summary"):
        report_sending.send_final(report, world.inspector, FROZEN)
    with pytest.raises(SummaryError, match="Enter why"):
        services.record_no_summary(inspection, " ", world.inspector, FROZEN)
    services.record_no_summary(inspection, "No children were living at the home.", world.inspector, FROZEN)
    assert problem not in report_sending.final_problems(report, FROZEN)
    report_sending.send_final(report, world.inspector, FROZEN)
    recorded = services.summary_of(inspection)
    assert recorded.sections == {} and recorded.no_summary_reason == "No children were living at the home."


def test_the_summary_is_released_with_the_final_report_and_frozen_then(summaries, world):
    summary = summaries.written()
    assert not services.released(summary.inspection)
    with pytest.raises(SummaryError, match="no child-friendly summary"):
        services.request_adaptation(summary.inspection, "Makaton", world.ri, FROZEN)
    summary = summaries.released()
    assert services.released(summary.inspection)
    with pytest.raises(SummaryError, match="cannot be changed"):
        services.save(summary.inspection, good_sections(), world.inspector, FROZEN)


def test_recordings_are_checked_by_content(summaries, world, db):
    summary = summaries.written()
    inspection = summary.inspection
    added = services.attach(
        inspection, services.AUDIO, upload(wav_bytes(), "summary.wav"), "Read aloud", None, world.inspector, FROZEN
    )
    assert added.file.content_type == "audio/wav"
    for data, name in [(pdf_bytes(), "summary.mp3"), (b"ID3" + b"\x00" * 50, "fake.mp3"), (b"", "empty.wav")]:
        with pytest.raises(SummaryError):
            services.attach(inspection, services.AUDIO, upload(data, name), "Read aloud", None, world.inspector, FROZEN)
    with pytest.raises(SummaryError, match="PDF, DOCX or ODT"):
        services.attach(
            inspection, services.ADAPTED, upload(wav_bytes(), "easy.pdf"), "Symbols", None, world.inspector, FROZEN
        )
    assert db.session.scalar(select(func.count()).select_from(SummaryFile)) == 1


def test_an_adaptation_request_is_answered_by_attaching(summaries, world):
    summary = summaries.released()
    request = services.request_adaptation(summary.inspection, "A child who reads Polish", world.ri, FROZEN)
    services.attach(
        summary.inspection,
        services.ADAPTED,
        upload(pdf_bytes("Polish")),
        "Polish translation",
        request,
        world.inspector,
        FROZEN,
    )
    assert request.fulfilled_at == FROZEN


def test_a_spoken_version_is_made_where_espeak_ng_is_installed(summaries, monkeypatch):
    summary = summaries.written()
    if services.speech_available():
        assert services.spoken_version(summary)[:4] == b"RIFF"
    monkeypatch.setattr(services.shutil, "which", lambda name: None)
    assert not services.speech_available()
    with pytest.raises(services.SpeechUnavailable, match="espeak-ng is not installed"):
        services.spoken_version(summary)


def test_r_cfs_2_a_secure_training_centre_summary_goes_with_a_voice_recording(summaries, world, make):
    centre = make.setting(world.provider, "STC", name="Oak Secure Training Centre")
    inspection = summaries.reports.issued(summaries.reports.ended(setting=centre)).inspection
    summaries.written(inspection)
    report = summaries.reports.returned(inspection.report, comments=0)
    assert any("voice recording" in p for p in report_sending.final_problems(report, FROZEN))
    services.attach(
        inspection, services.AUDIO, upload(wav_bytes(), "summary.wav"), "Read aloud", None, world.inspector, FROZEN
    )
    sign_off(report)  # R-QA-2: an STC's final also waits for the three sign-offs
    assert report_sending.final_problems(report, FROZEN) == []
