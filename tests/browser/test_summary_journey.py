"""The child-friendly summary in the browser, with JavaScript on and off: the lead inspector writes
it with advice (live as she types, or on saving), fixes what R-CFS-3 requires, chooses a picture
and previews it; the final report can then be sent, and only then does the registered manager
read the summary, download both PDFs and ask for an adapted version. It is never published.
axe-core finds no violations on any page of the journey."""

import os
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.core import clock
from portal.core.workdays import working_days_before
from portal.demo_report_texts import demo_content
from portal.extensions import db
from portal.inspection_reports import comments, sending, services
from portal.inspection_reports.models import InspectionReport
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection, ProvisionalJudgement
from portal.providers.models import Setting
from portal.summaries import rules as summary_rules
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in
from tests.browser.test_report_journey import LEAD, RI
from tests.inspection_reports.quality_support import assure

pytestmark = pytest.mark.browser

RM = "rm.hillside@oakfield.example"
LONG = "We are two inspectors and we came to your home for three days to see how staff look after you."
FIRST = {
    "who": LONG,
    "good": "Staff are kind to you. The food is good. You do fun things like football and art.",
    "better": "The home must get better at safeguarding checks for new staff.",
    "next": "We will write a report. The home will get it soon.",
    "worried": "If you are worried, talk to your social worker.",
}
FIXED = {
    "who": "We are two inspectors. We came to your home for three days. We saw how staff look after you.",
    "good": FIRST["good"],
    "better": "The home must check new staff better, to keep you safe.",
    "next": "We will write a report. The home will get it soon. Staff will help you understand this summary.",
    "worried": "If you are worried, tell a member of staff. You can also call Childline on 0800 1111.",
}
CHOSEN = ("who", "home")  # the first section gets a house instead of people talking
REASON = "A child who uses Makaton needs the summary with Makaton symbols."
SUMMARY_PROBLEM = "Write the child-friendly summary"
SHOTS = os.environ.get("SUMMARY_JOURNEY_SHOTS")  # a folder, to keep screenshots of the journey


def shot(page, name: str, js_on: bool) -> None:
    if SHOTS and js_on:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{name}.png"))


def keep_pdf(content: bytes, name: str, js_on: bool) -> None:
    """The PDF and a PNG of each page (pdftoppm), to look at."""
    if SHOTS and js_on:
        os.makedirs(SHOTS, exist_ok=True)
        path = os.path.join(SHOTS, f"{name}.pdf")
        with open(path, "wb") as out:
            out.write(content)
        subprocess.run(["pdftoppm", "-r", "50", "-png", path, os.path.join(SHOTS, name)], check=True, timeout=60)


@pytest.fixture
def report_returned(live_app):
    """An ended full inspection of Hillside Secure Children's Home led by Priya Shah alone, its
    draft issued and the provider's return sent as "no comments": only the summary stops the final."""
    with live_app.app_context():
        now = clock.now()
        today = clock.today_uk(now)
        setting = db.session.scalar(select(Setting).where(Setting.urn == "SC100002"))
        lead = db.session.scalar(select(User).where(User.email == LEAD))
        individual = db.session.scalar(select(User).where(User.email == RI))
        inspection = Inspection(
            setting_id=setting.id,
            inspection_type=inspection_rules.FULL,
            status=inspection_rules.ENDED,
            announced=False,
            start_date=working_days_before(today, 5),
            end_date=working_days_before(today, 3),
            lead_inspector_id=lead.id,
            created_at=now,
        )
        inspection.provisional_judgements = [
            ProvisionalJudgement(area=area, grade=inspection_rules.GOOD)
            for area in inspection_rules.judgement_areas(setting.type_enum, inspection_rules.FULL)
        ]
        db.session.add(inspection)
        db.session.commit()
        report = services.start_report(inspection, lead, now)
        report.content = demo_content(inspection, inspection.provisional())
        db.session.commit()
        assure(report, now)  # R-QA-1
        sending.issue_draft(report, None, lead, now)
        comments.submit_return(report, True, individual, now)
        assert sending.final_problems(report, now) == ["Write the child-friendly summary, or record why there is none"]
        return inspection.id


def _fill(page, texts: dict[str, str]) -> None:
    for key, text in texts.items():
        page.fill(f"#{key}_text", text)


def _strokes(page) -> list[str]:
    """The computed stroke of every shape of the pictures on the page: 'none' would mean the
    presentation attributes were lost (the CSP blocks inline styles)."""
    return page.eval_on_selector_all(
        ".app-summary-picture svg rect, .app-summary-picture svg polygon, .app-summary-picture svg path, "
        ".app-summary-picture svg circle, .app-summary-picture svg polyline",
        "els => els.map(e => getComputedStyle(e).stroke + ' ' + getComputedStyle(e).strokeWidth)",
    )


def test_summary_from_writing_to_the_provider(js, contexts, live_server, live_app, axe_source, report_returned):
    open_page, checker = contexts
    inspection_id = report_returned
    edit_url = f"{live_server}/inspectorate/inspections/{inspection_id}/summary"
    final_url = f"{live_server}/inspectorate/inspections/{inspection_id}/report/final"
    provider_url = f"{live_server}/inspections/{inspection_id}/summary"

    def accessible(page):
        assert check_accessibility(page, axe_source, checker) == []

    # Not published, and under embargo anyway.
    public = open_page()
    response = public.goto(f"{live_server}/published-reports/{inspection_id}")
    assert response.status == 404
    accessible(public)

    # 1. The final report waits for the summary.
    inspector = open_page()
    sign_in(inspector, live_server, LEAD)
    accessible(inspector)
    inspector.goto(final_url)
    assert inspector.locator("#blocking").inner_text().strip() == (
        "Write the child-friendly summary, or record why there is none"
    )
    accessible(inspector)
    click_and_wait(inspector, f"#blocking a:has-text('{SUMMARY_PROBLEM}')")
    assert inspector.url == edit_url
    assert inspector.locator("h1").inner_text() == "Child-friendly summary"
    assert "Start writing" in inspector.locator("#advice-status").inner_text()
    accessible(inspector)

    # 2. A first version: a long sentence, a word children should not have to know, and nothing
    #    saying staff will help them understand.
    _fill(inspector, FIRST)
    advice = inspector.locator("#summary-advice")
    if js:
        inspector.wait_for_selector("#advice-status:has-text('1 thing to fix before saving')", timeout=10_000)
    else:
        click_and_wait(inspector, "button:has-text('Save summary')")
        assert inspector.url.split("#")[0] == edit_url
        errors = inspector.locator(".govuk-error-summary")
        assert errors.locator("h2").inner_text() == "There is a problem"
        assert errors.locator("a[href='#next_text']").inner_text() == (
            "Say that staff will help children understand this summary"
        )
        assert (
            "Say that staff will help children understand this summary"
            in inspector.locator("#next_text-error").inner_text()
        )
        assert inspector.locator("#who_text").input_value() == LONG
        assert inspector.locator(".govuk-notification-banner--success").count() == 0
    text = advice.inner_text()
    assert "This sentence has 20 words" in text and LONG[:40] in text
    assert 'Instead of "safeguarding", say "keeping you safe"' in text
    assert advice.locator(".app-advice--blocking a[href='#next_text']").inner_text() == (
        "Say that staff will help children understand this summary"
    )
    accessible(inspector)
    shot(inspector, "01-edit-advice", js)
    shot(inspector, "01-edit-errors-without-javascript", not js)

    # The fix, a different picture for the first section, and the summary is saved.
    _fill(inspector, FIXED)
    inspector.select_option(f"#{CHOSEN[0]}_picture", CHOSEN[1])
    if js:
        inspector.wait_for_selector("#advice-status:has-text('Nothing stops you saving')", timeout=10_000)
        name = summary_rules.PICTURES[CHOSEN[1]]
        inspector.wait_for_selector(f"#picture-{CHOSEN[0]} .app-summary-picture[aria-label='{name}']", timeout=10_000)
        assert "safeguarding" not in advice.inner_text()
        accessible(inspector)
    click_and_wait(inspector, "button:has-text('Save summary')")
    banner = inspector.locator(".govuk-notification-banner--success")
    assert banner.count() == 1 and "Summary saved." in banner.inner_text()
    assert inspector.locator(".govuk-error-summary").count() == 0
    assert inspector.locator("#next_text").input_value() == FIXED["next"]
    assert inspector.locator(f"#{CHOSEN[0]}_picture").input_value() == CHOSEN[1]
    assert "Nothing stops you saving" in inspector.locator("#advice-status").inner_text()
    assert all(not stroke.startswith("none") and not stroke.endswith(" 0px") for stroke in _strokes(inspector))
    accessible(inspector)
    shot(inspector, "02-edit-fixed", js)

    click_and_wait(inspector, "#summary-links a:has-text('Preview the web version')")
    assert inspector.locator("h1").inner_text() == "Preview the child-friendly summary"
    pictures = inspector.locator(".app-child-summary .app-summary-picture")
    names = [pictures.nth(i).get_attribute("aria-label") for i in range(pictures.count())]
    chosen = {key: summary_rules.SECTION_BY_KEY[key].picture for key in FIXED} | {CHOSEN[0]: CHOSEN[1]}
    assert names == [summary_rules.PICTURES[chosen[s.key]] for s in summary_rules.SECTIONS]
    for section in summary_rules.SECTIONS:
        assert inspector.locator(f"#summary-section-{section.key}").inner_text() == section.title
    assert FIXED["worried"] in inspector.content()
    strokes = _strokes(inspector)
    assert strokes and all(not stroke.startswith("none") and not stroke.endswith(" 0px") for stroke in strokes)
    accessible(inspector)
    shot(inspector, "03-preview", js)

    # 5. Before the final report is sent, the provider has no summary: the page is not found.
    manager = open_page()
    sign_in(manager, live_server, RM)
    accessible(manager)
    manager.goto(f"{live_server}/inspections/{inspection_id}")
    assert manager.locator("a:has-text('Child-friendly summary')").count() == 0
    accessible(manager)
    response = manager.goto(provider_url)
    assert response.status == 404
    assert "Page not found" in manager.content() and FIXED["worried"] not in manager.content()
    accessible(manager)

    # 3. The final report no longer waits for the summary, and is sent.
    inspector.goto(final_url)
    assert SUMMARY_PROBLEM not in inspector.content()
    assert "they confirmed they have no comments" in inspector.locator("#blocking").inner_text()
    accessible(inspector)
    click_and_wait(inspector, "button:has-text('Send the final report')")
    assert "The final report has been sent" in inspector.content()
    accessible(inspector)
    inspector.goto(edit_url)
    assert "cannot be changed" in inspector.locator("#released-note").inner_text()
    assert inspector.locator("button:has-text('Save summary')").count() == 0
    accessible(inspector)

    # 4. The registered manager reads the summary, downloads both PDFs and asks for an adapted version.
    manager.goto(f"{live_server}/inspections/{inspection_id}")
    accessible(manager)
    click_and_wait(manager, "a:has-text('Child-friendly summary')")
    assert manager.url == provider_url
    assert manager.locator("h1").inner_text() == "Child-friendly summary"
    for section in summary_rules.SECTIONS:
        assert manager.locator(f"#summary-section-{section.key}").inner_text() == section.title
        assert (
            FIXED[section.key]
            in manager.locator(f"section[aria-labelledby='summary-section-{section.key}']").inner_text()
        )
    assert manager.locator(".app-child-summary .app-summary-picture").count() == len(summary_rules.SECTIONS)
    strokes = _strokes(manager)
    assert strokes and all(not stroke.startswith("none") for stroke in strokes)
    accessible(manager)
    shot(manager, "04-provider-summary", js)
    for name, link in (
        ("summary", "a:has-text('Download the summary (PDF)')"),
        ("summary-large-print", "a:has-text('Download the large print summary')"),
    ):
        href = manager.locator(link).get_attribute("href")
        pdf = manager.request.get(f"{live_server}{href}")
        assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.body().startswith(b"%PDF")
        keep_pdf(pdf.body(), name, js)

    click_and_wait(manager, "a:has-text('Ask for an adapted version')")
    assert manager.locator("h1").inner_text() == "Ask for an adapted version of the summary"
    accessible(manager)
    click_and_wait(manager, "button:has-text('Ask for an adapted version')")
    errors = manager.locator(".govuk-error-summary")
    assert errors.locator("a[href='#reason']").inner_text() == "Enter why an adapted version is needed"
    assert "Enter why an adapted version is needed" in manager.locator("#reason-error").inner_text()
    accessible(manager)
    manager.fill("#reason", REASON)
    click_and_wait(manager, "button:has-text('Ask for an adapted version')")
    assert manager.url == provider_url
    assert (
        "Your request for an adapted version has been sent to the lead inspector"
        in manager.locator(".govuk-notification-banner--success").inner_text()
    )
    asked = manager.locator("#adapted ~ .govuk-summary-list").inner_text()
    assert REASON in asked and "Waiting for the inspector" in asked
    accessible(manager)

    # 6. Never on the public page, even once the report is published.
    with live_app.app_context():
        publish_at = clock.as_utc(
            db.session.scalar(
                select(InspectionReport.publish_at).where(InspectionReport.inspection_id == inspection_id)
            )
        )
    assert public.goto(f"{live_server}/published-reports/{inspection_id}").status == 404
    accessible(public)
    try:
        live_app.config["FROZEN_NOW"] = publish_at + timedelta(hours=1)
        assert public.goto(f"{live_server}/published-reports/{inspection_id}").status == 200
        assert public.locator("h1").inner_text() == "Hillside Secure Children's Home"
        page_text = public.content()
        for private in (*FIXED.values(), "Child-friendly summary", "child-friendly summary", "/summary"):
            assert private not in page_text
        accessible(public)
    finally:
        live_app.config["FROZEN_NOW"] = None
