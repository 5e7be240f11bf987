"""Setting types in the browser at 320 px, with JavaScript on and off; axe-core finds no violations
and no page scrolls sideways:

- R-INSP-3 (S0 ¶165-166): the director of a secure training centre asks to defer its announced full
  inspection on one of the two grounds; the lead inspector sees the request but no decision form;
  an inspectorate manager records the views of HMIP and CQC, is refused a grant on staff absence,
  and grants it on the ground the framework allows.
- R-NOT-1: an STC full inspection entered as unannounced is refused on the form.
- R-CFS-2: the lead inspector asks the provider to adapt a released child-friendly summary; the
  provider adds the adapted version against the request, which then shows as answered.
"""

import os
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import clock
from portal.extensions import db
from portal.inspections import rules as inspection_rules
from portal.inspections.models import DeferralRequest, Inspection
from portal.providers.models import Setting
from portal.summaries.models import ChildSummary
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in
from tests.files import pdf_bytes

pytestmark = pytest.mark.browser

DIRECTOR = "ri@northgate.example"
LEAD = "inspector.shah@inspectorate.example"
MANAGER = "manager@inspectorate.example"
SHOTS = os.environ.get("SETTING_TYPES_SHOTS")  # a folder, to keep screenshots of the journeys
NARROW = {"width": 320, "height": 900}


@pytest.fixture
def people(browser, js):
    """One narrow browser context per person; with JavaScript off, a checker page for axe-core."""
    opened = []

    def open_page(javascript=js):
        context = browser.new_context(java_script_enabled=javascript, viewport=NARROW)
        opened.append(context)
        return context.new_page()

    checker = None if js else open_page(True)
    yield open_page, checker
    for context in opened:
        context.close()


@pytest.fixture
def announced_stc(live_app):
    """A new announced full inspection of Northgate Secure Training Centre, led by Priya Shah."""
    with live_app.app_context():
        now = clock.now()
        setting = db.session.scalar(select(Setting).where(Setting.urn == "SC200001"))
        lead = db.session.scalar(select(User).where(User.email == LEAD))
        inspection = Inspection(
            setting_id=setting.id,
            inspection_type=inspection_rules.FULL,
            status=inspection_rules.ANNOUNCED,
            announced=True,
            announced_at=now,
            start_date=clock.today_uk(now) + timedelta(days=4),
            lead_inspector_id=lead.id,
            created_at=now,
        )
        db.session.add(inspection)
        db.session.commit()
        return inspection.id


def looker(js, checker, axe_source, prefix):
    step = iter(range(1, 100))

    def looked_at(page, name):
        assert check_accessibility(page, axe_source, checker) == [], page.url
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], page.url
        if SHOTS and js:
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{prefix}-{next(step):02}-{name}.png"))

    return looked_at


def test_an_stc_deferral_from_the_director_to_the_manager(js, people, live_server, live_app, axe_source, announced_stc):
    open_page, checker = people
    looked_at = looker(js, checker, axe_source, "deferral")
    inspection_url = f"{live_server}/inspections/{announced_stc}"

    # 1. The director asks, naming the ground; without one the form says what to do.
    director = open_page()
    sign_in(director, live_server, DIRECTOR)
    director.goto(inspection_url)
    click_and_wait(director, "a:has-text('Ask for this inspection to be deferred')")
    assert "staff absence or refurbishment cannot" in director.content()
    looked_at(director, "request")
    director.fill("#reason", "Snow has closed every road to the centre.")
    click_and_wait(director, "button:has-text('Send the request')")
    assert "Select the ground for deferring the inspection" in director.content()
    looked_at(director, "request-error")
    director.check("input[name=ground][value=evidence]")
    click_and_wait(director, "button:has-text('Send the request')")
    assert "Your request to defer the inspection has been sent" in director.content()
    looked_at(director, "requested")
    with live_app.app_context():
        deferral = db.session.scalar(select(DeferralRequest).where(DeferralRequest.inspection_id == announced_stc))
        deferral_id = deferral.id
    decide_url = f"{live_server}/inspectorate/inspections/{announced_stc}/deferrals/{deferral_id}"

    # 2. The lead inspector sees the request, but an inspectorate manager decides.
    lead = open_page()
    sign_in(lead, live_server, LEAD)
    lead.goto(f"{live_server}/inspectorate/inspections/{announced_stc}")
    click_and_wait(lead, "a:has-text('See this request (an inspectorate manager decides)')")
    assert lead.url == decide_url and "An inspectorate manager decides" in lead.content()
    assert lead.locator("input[name=decision]").count() == 0
    looked_at(lead, "lead-sees-request")

    # 3. The manager records HMIP's and CQC's views; staff absence is not a ground to grant on.
    manager = open_page()
    sign_in(manager, live_server, MANAGER)
    manager.goto(decide_url)
    looked_at(manager, "decide")
    manager.check("input[name=decision_ground][value=staff]")
    manager.fill("#hmip_consulted", "Alex Morgan, HMIP head of children's inspections")
    manager.fill("#hmip_view", "Agrees the site cannot be reached safely.")
    manager.fill("#cqc_consulted", "Jo Lee, CQC head of inspection")
    manager.check("input[name=decision][value=grant]")
    manager.fill("#reason", "The roads are closed by snow; we will come back next week.")
    click_and_wait(manager, "button:has-text('Record the decision')")
    content = manager.content()
    assert "There is a problem" in content and "Enter the view of CQC" in content
    assert "can only be deferred for a risk to people" in content
    looked_at(manager, "decide-errors")
    manager.check("input[name=decision_ground][value=evidence]")
    manager.fill("#cqc_view", "Agrees.")
    click_and_wait(manager, "button:has-text('Record the decision')")
    assert "The decision has been recorded and the provider told" in manager.content()
    assert "HMIP: Alex Morgan" in manager.content()
    looked_at(manager, "decided")

    # 4. The director sees the decision and its reason.
    director.goto(inspection_url)
    assert "Deferred" in director.content() and "The roads are closed by snow" in director.content()
    assert "Alex Morgan" not in director.content()
    looked_at(director, "director-sees-decision")


def test_an_stc_full_inspection_is_announced(js, people, live_server, axe_source):
    """R-NOT-1 on the new-inspection form: unannounced is refused for an STC full inspection."""
    open_page, checker = people
    looked_at = looker(js, checker, axe_source, "notice")
    page = open_page()
    sign_in(page, live_server, LEAD)
    page.goto(f"{live_server}/inspectorate/inspections/new")
    assert "Only full inspections of secure training centres are announced" in page.content()
    page.fill("#urn", "SC200001")
    page.check("input[name=inspection_type][value=full]")
    page.check("input[name=announced][value=no]")
    page.fill("#start_date-day", "1")
    page.fill("#start_date-month", "3")
    page.fill("#start_date-year", "2031")
    click_and_wait(page, "button:has-text('Continue')")
    assert "always announced, with 4 days" in page.content()
    looked_at(page, "unannounced-refused")


@pytest.fixture
def released_summary(live_app):
    """A demo inspection whose child-friendly summary went with the final report: its id, the lead
    inspector's e-mail and the provider's responsible individual's."""
    with live_app.app_context():
        summary = db.session.scalars(
            select(ChildSummary).join(Inspection).where(Inspection.final_sent_at.is_not(None)).order_by(ChildSummary.id)
        ).first()
        inspection = summary.inspection
        accountable = db.session.scalar(
            select(User).where(
                User.provider_id == inspection.setting.provider_id, User.role == Role.RESPONSIBLE_INDIVIDUAL
            )
        )
        return inspection.id, inspection.lead_inspector.email, accountable.email


def test_the_inspectorate_asks_the_provider_to_adapt_the_summary(
    js, people, live_server, axe_source, released_summary, tmp_path
):
    open_page, checker = people
    looked_at = looker(js, checker, axe_source, "adapt")
    inspection_id, lead_email, provider_email = released_summary
    needed = f"A child uses Makaton ({'with' if js else 'without'} JavaScript): a version with symbols."

    lead = open_page()
    sign_in(lead, live_server, lead_email)
    lead.goto(f"{live_server}/inspectorate/inspections/{inspection_id}/summary")
    click_and_wait(lead, "a:has-text('Ask the provider to adapt this summary')")
    looked_at(lead, "ask")
    click_and_wait(lead, "button:has-text('Ask the provider to adapt this summary')")
    assert "Enter what the provider needs to adapt" in lead.content()
    looked_at(lead, "ask-error")
    lead.fill("#needed", needed)
    click_and_wait(lead, "button:has-text('Ask the provider to adapt this summary')")
    assert "The provider has been asked to adapt the summary" in lead.content()
    looked_at(lead, "asked")

    provider = open_page()
    sign_in(provider, live_server, provider_email)
    provider.goto(f"{live_server}/inspections/{inspection_id}/summary")
    assert needed in provider.content()
    looked_at(provider, "provider-sees-request")
    provider.locator("a:has-text('Add the adapted version')").last.click()
    provider.wait_for_load_state("load")
    looked_at(provider, "provider-adds")
    document = tmp_path / "symbols.pdf"
    document.write_bytes(pdf_bytes("Symbols"))
    provider.fill("#language", "Version with Makaton symbols")
    provider.set_input_files("#upload", str(document))
    click_and_wait(provider, "button:has-text('Add the file')")
    assert "It answers the inspectorate" in provider.content()
    looked_at(provider, "provider-answered")

    lead.goto(f"{live_server}/inspectorate/inspections/{inspection_id}/summary")
    assert "Version with Makaton symbols" in lead.content()
    looked_at(lead, "lead-sees-answer")
