"""The report's PDF: numbered as on the page, marked confidential on every page until published
(R-DR-5, R-TL-3), safe whatever the text, and only for those who may see it (R-ROLE-1)."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from portal.core.clock import as_utc
from portal.inspection_reports import rules, services
from portal.inspection_reports.pdf import report_pdf
from tests.conftest import FROZEN
from tests.inspection_reports.conftest import written_content
from tests.pdf_structure import tagged


def read(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(BytesIO(data))


def squeezed(text: str) -> str:
    """Text without whitespace: wrapping may break a line anywhere, even inside a long word."""
    return re.sub(r"\s+", "", text)


def long_snapshot(inspection, paragraphs_per_section: int = 6, extra: str = "") -> dict:
    template = services.template_of(inspection)
    content = written_content(services.areas_of(inspection), template=template)
    for section in template.text_sections:
        content["sections"][section.key] = [
            f"{section.title}, paragraph {n}: the children told inspectors about their plans, their "
            f"education and the adults who care for them, and inspectors checked the records. {extra}"
            for n in range(1, paragraphs_per_section + 1)
        ]
    return rules.snapshot(content, template, FROZEN)


def test_every_page_of_a_draft_is_marked_confidential_with_the_provider_and_page_numbers(reports, world):
    inspection = reports.ended()
    reader = read(report_pdf(inspection, long_snapshot(inspection), draft=True, now=FROZEN))
    total = len(reader.pages)
    assert total >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "Draft: confidential" in text, number
        assert "Oak Care" in text, number
        assert f"Page {number} of {total}" in text


def test_paragraphs_are_numbered_as_on_the_page(reports):
    report = reports.issued()
    reader = read(report_pdf(report.inspection, report.draft, draft=True, now=FROZEN))
    text = squeezed("".join(page.extract_text() for page in reader.pages))
    assert len(report.draft["paragraphs"]) > 20
    for paragraph in report.draft["paragraphs"]:
        assert squeezed(f"{paragraph['number']}{paragraph['text']}") in text, paragraph["number"]
    for section, _ in rules.sections_of(report.draft):
        assert squeezed(section.title) in text
    assert "SC" in text and squeezed(report.inspection.setting.urn) in text
    assert squeezed("4 to 6 November 2026") in text


def test_metadata_and_a4_pages(reports, world):
    report = reports.issued()
    reader = read(report_pdf(report.inspection, report.draft, draft=True, now=FROZEN))
    assert reader.metadata.title == f"Draft inspection report: Oak House ({world.home.urn})"
    assert "Oak Care" in reader.metadata.subject
    width, height = A4
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(height, abs=0.5)


def test_any_characters_render(reports):
    """Emoji, right-to-left text and a 200-character word neither crash nor run off the page."""
    inspection = reports.ended()
    word = "a" * 100 + "b" * 100
    snapshot = long_snapshot(
        inspection, paragraphs_per_section=1, extra=f"🙂👍🏽 \u202eمرحبا بالعالم\u202c {word} <b>not markup</b> & \x00"
    )
    reader = read(report_pdf(inspection, snapshot, draft=True, now=FROZEN))
    text = squeezed("".join(page.extract_text() for page in reader.pages))
    assert squeezed(word) in text
    assert "<b>notmarkup</b>&" in text
    for page in reader.pages:
        assert "Draft: confidential" in page.extract_text()


def test_final_report_is_confidential_until_its_publication_day_then_unmarked(reports):
    report = reports.final()
    publish_at = as_utc(report.publish_at)
    before = read(report_pdf(report.inspection, report.final, draft=False, now=publish_at - timedelta(seconds=1)))
    for page in before.pages:
        assert "Final report: confidential until Wednesday 25 November 2026" in page.extract_text()
    after = read(report_pdf(report.inspection, report.final, draft=False, now=publish_at))
    text = "".join(page.extract_text() for page in after.pages)
    assert "confidential" not in text.lower()
    assert after.metadata.title.startswith("Inspection report: Oak House")


def test_provider_route_only_for_the_providers_staff(client, login_as, reports, world):
    report = reports.issued()
    url = f"/inspections/{report.inspection_id}/report.pdf"
    login_as(world.rival_ri)
    assert client.get(url).status_code == 404
    for user in (world.rm_other, world.ip, world.inspector):
        login_as(user)
        assert client.get(url).status_code == 404
    login_as(world.ri)
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline") and f"draft-report-{world.home.urn}.pdf" in disposition
    assert "Draft: confidential" in read(response.data).pages[0].extract_text()
    login_as(world.rm)
    assert client.get(url).status_code == 200


def test_provider_versions(client, login_as, reports, world):
    report = reports.issued()
    url = f"/inspections/{report.inspection_id}/report.pdf"
    login_as(world.ri)
    assert client.get(url + "?version=nonsense").status_code == 404
    assert client.get(url + "?version=final").status_code == 404  # not sent yet
    assert client.get(url + "?version=preview").status_code == 404  # never the working copy
    assert client.get(url + "?version=draft").status_code == 200
    reports.final(reports.returned(report))
    response = client.get(url)
    assert "final-report-" in response.headers["Content-Disposition"]
    assert "Final report: confidential until" in read(response.data).pages[0].extract_text()
    assert client.get(url + "?version=draft").status_code == 200


def test_no_report_answers_404(client, login_as, reports, world):
    inspection = reports.ended()
    login_as(world.ri)
    assert client.get(f"/inspections/{inspection.id}/report.pdf").status_code == 404
    login_as(world.inspector)
    assert client.get(f"/inspectorate/inspections/{inspection.id}/report.pdf?version=preview").status_code == 404


def test_inspectorate_preview_of_the_working_copy(client, login_as, reports, world):
    report = reports.written()
    url = f"/inspectorate/inspections/{report.inspection_id}/report.pdf"
    login_as(world.colleague)
    assert client.get(url + "?version=preview").status_code == 404  # not on the team
    login_as(world.ri)
    assert client.get(url + "?version=preview").status_code == 404  # provider staff
    login_as(world.inspector)
    assert client.get(url).status_code == 404  # no draft issued yet
    assert client.get(url + "?version=nonsense").status_code == 404
    response = client.get(url + "?version=preview")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    reader = read(response.data)
    assert all("Draft: confidential" in page.extract_text() for page in reader.pages)
    text = squeezed("".join(page.extract_text() for page in reader.pages))
    assert squeezed("1Information about this service: first paragraph.") in text
    login_as(world.manager)
    assert client.get(url + "?version=preview").status_code == 200


def test_the_final_report_goes_to_the_provider_with_every_response_but_the_public_copy_without(
    app, client, login_as, reports, world
):
    """R-DR-4: the final report is sent with the response to every comment; the responses are
    the provider's, so the published PDF (after the embargo) has none of them."""
    report = reports.final(reports.returned(comments=2))
    login_as(world.ri)
    response = client.get(f"/inspections/{report.inspection_id}/report.pdf")
    assert response.status_code == 200 and "final-report" in response.headers["Content-Disposition"]
    flat = squeezed("".join(page.extract_text() for page in read(response.data).pages))
    assert squeezed("Your comments and our responses") in flat
    for number, comment in enumerate(report.comments, start=1):
        assert squeezed(f"Comment {number}: paragraph {comment.paragraph_number} of the draft") in flat
        assert squeezed(comment.text) in flat and squeezed(rules.RESPONSES[comment.response]) in flat
        assert squeezed(comment.response_reason) in flat
    accepted = next(c for c in report.comments if c.response == rules.ACCEPTED)
    assert squeezed(f"Paragraph {accepted.paragraph_number} of the draft amended: now paragraph") in flat
    structure = tagged(response.data)
    assert structure.roles.count("H3") == len(report.comments)
    assert "Your comments and our responses" in structure.bookmarks

    app.config["FROZEN_NOW"] = as_utc(report.publish_at)
    public = app.test_client().get(f"/published-reports/{report.inspection_id}.pdf")  # anyone, signed out
    assert public.status_code == 200
    public_text = squeezed("".join(page.extract_text() for page in read(public.data).pages))
    assert "responses" not in public_text.lower() and squeezed(accepted.response_reason) not in public_text


@pytest.mark.parametrize("draft", [True, False])
def test_the_report_is_tagged_a_heading_for_each_section_and_its_facts_a_table(reports, draft):
    """Issue 18: a screen reader reads the report in order, the marking and footer left out."""
    report = reports.final() if not draft else reports.issued()
    snapshot = report.draft if draft else report.final
    structure = tagged(report_pdf(report.inspection, snapshot, draft=draft, now=FROZEN))
    titles = [section.title for section, _ in rules.sections_of(snapshot)]
    assert structure.bookmarks == [report.inspection.setting.name, *titles]
    assert structure.roles.count("H2") == len(titles) and structure.roles.count("Table") == 1
    assert structure.table_headers and set(structure.table_headers) == {"TH Row"}
