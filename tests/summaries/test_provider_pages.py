"""The provider's child-friendly summary pages: only with the final report, only to the setting's
staff, never public (R-CFS-1, R-ROLE-1, DOMAIN.md §10); adapted versions and translations (R-CFS-2)."""

import io
import struct
import wave
from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from portal.core.clock import as_utc
from portal.core.outbox import OutboxMessage
from portal.core.storage import StoredFile
from portal.summaries import rules, services
from portal.summaries.models import AdaptationRequest, SummaryFile
from tests.conftest import FROZEN
from tests.files import field, pdf_bytes, upload
from tests.summaries.conftest import GOOD_TEXT

SNIPPETS = ("Staff know you well", "Childline on 0800 1111", "write down what happens when they hold you")
BAD_TYPE = "The selected file must be a PDF, DOCX or ODT"


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def asked_for(db) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.startswith("Adapted summary"))))


def base(inspection) -> str:
    return f"/inspections/{inspection.id}/summary"


def every_get(inspection, file_id: int = 1) -> list[str]:
    url = base(inspection)
    return [
        url,
        f"/inspections/{inspection.id}/summary.pdf",
        f"/inspections/{inspection.id}/summary-large-print.pdf",
        f"{url}/files/{file_id}",
        f"{url}/files/{file_id}?inline=1",
        f"{url}/adaptation",
        f"{url}/translation",
    ]


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"".join(struct.pack("<h", (i % 40) * 500) for i in range(8000)))
    return buffer.getvalue()


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def assert_nothing_answers(client, inspection, file_id: int = 1):
    for url in every_get(inspection, file_id):
        assert client.get(url).status_code == 404, url
    for url in (f"{base(inspection)}/adaptation", f"{base(inspection)}/translation"):
        response = client.post(
            url,
            data={
                "reason": "A child reads Polish.",
                "language": "Polish translation",
                "upload": field(pdf_bytes(), "polish.pdf"),
            },
            content_type="multipart/form-data",
        )
        assert response.status_code == 404, url


@pytest.mark.parametrize("who", ["secure_rm", "ri"])
def test_before_the_final_report_every_route_is_404(client, login_as, world, summaries, db, who):
    summary = summaries.written()
    inspection = summary.inspection
    assert inspection.draft_sent_at is not None and inspection.final_sent_at is None
    login_as(summaries.secure_rm if who == "secure_rm" else world.ri)
    assert_nothing_answers(client, inspection)
    assert count(db, AdaptationRequest) == 0 and count(db, SummaryFile) == 0 and count(db, StoredFile) == 0
    for page in (f"/inspections/{inspection.id}", f"/inspections/{inspection.id}/report"):
        response = client.get(page)
        text = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Child-friendly summary" not in text and base(inspection) not in text
        assert not any(snippet in text for snippet in SNIPPETS)


def test_without_a_written_summary_nothing_answers(client, login_as, world, summaries, db):
    inspection = summaries.inspection()
    services.record_no_summary(inspection, "The children had left before the end.", inspection.lead_inspector, FROZEN)
    report = summaries.reports.final(summaries.reports.returned(inspection.report, comments=0))
    assert report.inspection.final_sent_at is not None and not services.summary_of(inspection).sections
    login_as(summaries.secure_rm)
    assert_nothing_answers(client, inspection)
    assert "Child-friendly summary" not in client.get(f"/inspections/{inspection.id}").get_data(as_text=True)


def test_after_release_the_html_version_has_every_section(client, login_as, world, summaries):
    summary = summaries.released()
    inspection = summary.inspection
    login_as(summaries.secure_rm)
    response = client.get(base(inspection))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<title>Child-friendly summary" in page
    assert (
        "This summary is for the children who live at Oak Secure Children&#39;s Home. Staff should help every "
        "child to understand it. It is not published."
    ) in page
    for section in rules.SECTIONS:
        assert section.title in page
        assert rules.PICTURES[summary.sections[section.key]["picture"]] in page
    for text in GOOD_TEXT.values():
        assert text in page
    assert f'href="/inspections/{inspection.id}/summary.pdf"' in page
    assert f'href="/inspections/{inspection.id}/summary-large-print.pdf"' in page
    assert f'href="{base(inspection)}/adaptation"' in page and f'href="{base(inspection)}/translation"' in page
    assert response.headers["Cache-Control"] == "no-store"


def test_the_summary_keeps_its_line_breaks(client, login_as, world, summaries, db):
    inspection = summaries.inspection()
    summaries.written(inspection, good="Staff know you well.\nYou feel safe here.")
    summaries.reports.final(summaries.reports.returned(inspection.report, comments=0))
    login_as(world.ri)
    page = client.get(base(inspection)).get_data(as_text=True)
    assert "Staff know you well.\nYou feel safe here." in page


def test_links_appear_on_the_inspection_and_final_report_once_released(client, login_as, world, summaries):
    inspection = summaries.released().inspection
    login_as(world.ri)
    for url in (f"/inspections/{inspection.id}", f"/inspections/{inspection.id}/report"):
        page = client.get(url).get_data(as_text=True)
        assert f'href="{base(inspection)}">Child-friendly summary</a>' in page, url


@pytest.mark.parametrize("endpoint, large", [("summary.pdf", False), ("summary-large-print.pdf", True)])
def test_both_pdfs_are_served_privately(client, login_as, world, summaries, endpoint, large):
    inspection = summaries.released().inspection
    login_as(summaries.secure_rm)
    response = client.get(f"/inspections/{inspection.id}/{endpoint}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Cache-Control"] == "private, no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline") and inspection.setting.urn in disposition
    assert ("large-print" in disposition) is large
    assert "Staff" in pdf_text(response.data)


@pytest.mark.parametrize("who", ["rival_ri", "rival_rm", "rm", "ip", "inspector"])
def test_nobody_else_sees_it(client, login_as, world, summaries, db, who):
    summary = summaries.released()
    services.add_translation(
        summary.inspection, upload(pdf_bytes("Polish"), "polish.pdf"), "Polish translation", world.ri, FROZEN
    )
    file_id = summary.files[0].file_id
    login_as(getattr(world, who))
    assert_nothing_answers(client, summary.inspection, file_id)
    assert count(db, AdaptationRequest) == 0 and count(db, SummaryFile) == 1


def test_never_on_the_public_pages(app, client, summaries):
    summary = summaries.released()
    inspection = summary.inspection
    app.config["FROZEN_NOW"] = as_utc(inspection.report.publish_at) + timedelta(days=1)
    show = client.get(f"/published-reports/{inspection.id}")
    assert show.status_code == 200
    page = show.get_data(as_text=True)
    assert inspection.setting.name.replace("'", "&#39;") in page
    assert "Child-friendly summary" not in page and "/summary" not in page
    assert not any(snippet in page for snippet in SNIPPETS)
    index = client.get("/published-reports/").get_data(as_text=True)
    assert not any(snippet in index for snippet in SNIPPETS)
    pdf = client.get(f"/published-reports/{inspection.id}.pdf")
    assert pdf.status_code == 200
    text = " ".join(pdf_text(pdf.data).split())
    assert "Oak Secure" in text
    assert not any(snippet in text for snippet in SNIPPETS)
    assert client.get(base(inspection)).status_code == 302  # signed out: asked to sign in, never shown


def test_an_adaptation_needs_a_reason(client, login_as, summaries, db):
    inspection = summaries.released().inspection
    login_as(summaries.secure_rm)
    form = client.get(f"{base(inspection)}/adaptation").get_data(as_text=True)
    assert "For example, a child who uses Makaton, or a child who reads Polish" in form
    for reason, message in (
        ("   ", "Enter why an adapted version is needed"),
        ("x" * 2001, "Reason must be 2,000 characters or fewer"),
    ):
        response = client.post(f"{base(inspection)}/adaptation", data={"reason": reason})
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and message in page and "<title>Error: " in page
    assert count(db, AdaptationRequest) == 0 and asked_for(db) == []


def test_an_adaptation_request_reaches_the_lead_inspector(client, login_as, world, summaries, db):
    summary = summaries.released()
    inspection = summary.inspection
    login_as(summaries.secure_rm)
    response = client.post(f"{base(inspection)}/adaptation", data={"reason": "A child uses Makaton."})
    assert response.status_code == 302 and response.location.endswith(base(inspection))
    asked = db.session.scalar(select(AdaptationRequest))
    assert (asked.reason, asked.requested_by_id, asked.fulfilled_at) == (
        "A child uses Makaton.",
        summaries.secure_rm.id,
        None,
    )
    assert [m.recipient_user_id for m in asked_for(db)] == [inspection.lead_inspector_id]
    page = client.get(base(inspection)).get_data(as_text=True)
    assert "has been sent to the lead inspector" in page
    assert "A child uses Makaton." in page and "Waiting for the inspector" in page


def test_an_attached_recording_plays_in_the_page_and_answers_the_request(client, login_as, world, summaries, db):
    summary = summaries.released()
    inspection = summary.inspection
    asked = services.request_adaptation(inspection, "A child cannot read yet.", world.ri, FROZEN)
    audio = wav_bytes()
    attached = services.attach(
        inspection,
        services.AUDIO,
        upload(audio, "summary.wav"),
        "Spoken summary",
        asked,
        inspection.lead_inspector,
        FROZEN,
    )
    login_as(world.ri)
    page = client.get(base(inspection)).get_data(as_text=True)
    href = f"{base(inspection)}/files/{attached.file_id}"
    assert "Voice recording" in page and "Spoken summary" in page and f'href="{href}"' in page
    assert (
        f'<audio class="govuk-!-display-block govuk-!-margin-top-2" controls preload="none" src="{href}?inline=1">'
        in page
    )
    assert "Answered" in page and "Waiting for the inspector" not in page
    played = client.get(f"{href}?inline=1")
    assert played.data == audio and played.mimetype == "audio/wav"
    assert played.headers["Content-Disposition"].startswith("inline")
    assert played.headers["Cache-Control"] == "private, no-store"
    saved = client.get(href)
    assert saved.data == audio and saved.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "data, message, where",
    [
        ({"language": "Polish translation", "upload": field(b"hello", "x.pdf")}, BAD_TYPE, "upload"),
        ({"language": "", "upload": field(pdf_bytes(), "polish.pdf")}, "Enter a short description", "language"),
        (
            {"language": "y" * 201, "upload": field(pdf_bytes(), "polish.pdf")},
            "Description must be 200 characters or fewer",
            "language",
        ),
        ({"language": "Polish translation"}, "Select a file", "upload"),
    ],
)
def test_a_bad_translation_is_refused_and_nothing_is_stored(client, login_as, summaries, db, data, message, where):
    inspection = summaries.released().inspection
    login_as(summaries.secure_rm)
    response = client.post(f"{base(inspection)}/translation", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<title>Error: " in page and 'enctype="multipart/form-data"' in page
    assert f'id="{where}-error"' in page and message in page.split(f'id="{where}-error"')[1][:200]
    assert count(db, SummaryFile) == 0 and count(db, StoredFile) == 0


def test_a_translation_is_listed_and_downloadable_byte_for_byte(client, login_as, world, summaries, db):
    inspection = summaries.released().inspection
    original = pdf_bytes("Podsumowanie dla dzieci")
    login_as(world.ri)
    assert "Language or description, like &#39;Polish translation&#39;" in client.get(
        f"{base(inspection)}/translation"
    ).get_data(as_text=True)
    response = client.post(
        f"{base(inspection)}/translation",
        data={"language": "Polish translation", "upload": field(original, "polski.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302 and response.location.endswith(f"{base(inspection)}#files")
    added = db.session.scalar(select(SummaryFile))
    assert (added.kind, added.description, added.added_by_id) == (
        services.TRANSLATION,
        "Polish translation",
        world.ri.id,
    )
    page = client.get(base(inspection)).get_data(as_text=True)
    href = f"{base(inspection)}/files/{added.file_id}"
    assert "Translation" in page and "Polish translation" in page and f'href="{href}"' in page
    assert "<audio" not in page
    download = client.get(href)
    assert download.status_code == 200 and download.data == original and download.mimetype == "application/pdf"
    assert download.headers["Cache-Control"] == "private, no-store"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert client.get(f"{href}?inline=1").headers["Content-Disposition"].startswith("attachment")
    assert client.get(f"{base(inspection)}/files/{added.file_id + 999}").status_code == 404
    login_as(summaries.secure_rm)
    assert client.get(href).data == original
