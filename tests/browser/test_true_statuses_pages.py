"""Every status is true, in the browser at 320 px and 1024 px, with JavaScript on and off (issue 14;
R-AXA-2, R-TL-1..5, R-PUB-1): on the demo, Hillside's Annex A asked for by 17:00 today (tomorrow
when the demo is seeded after 17:00) shows on the responsible individual's dashboard with how far
off it is (never "Nothing due"), the dashboard fits a 320 px screen, and a
published inspection says "Published" on both sides, never "Final report sent". axe-core finds no
violations."""

import os

import pytest
from sqlalchemy import select

from portal.annex_a.models import AnnexARequest
from portal.core.clock import UK, as_utc, today_uk
from portal.core.formatting import in_working_days
from portal.extensions import db
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.providers.models import Setting
from tests.browser.helpers import check_accessibility, sign_in

pytestmark = pytest.mark.browser

RI = "ri@oakfield.example"
MANAGER = "manager@inspectorate.example"
SHOTS = os.environ.get("TRUE_STATUS_SHOTS")  # a folder, to keep screenshots of the pages


@pytest.fixture
def open_page(browser, js):
    contexts = []

    def new(javascript=js, width=320):
        context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield new
    for context in contexts:
        context.close()


@pytest.fixture
def published_assurance(live_app):
    """Hillside's assurance inspection of the demo, whose report was published long ago."""
    with live_app.app_context():
        hillside = db.session.scalar(select(Setting).where(Setting.urn == "SC100002"))
        return db.session.scalar(
            select(Inspection.id).where(
                Inspection.setting_id == hillside.id, Inspection.inspection_type == inspection_rules.ASSURANCE
            )
        )


@pytest.fixture
def annex_a_due_in(live_app):
    """How far off Hillside's open Annex A request is, in the dashboard's words ("today", "in 1
    working day"): the demo asks for it by 17:00 on the day it is seeded, or the next day."""
    with live_app.app_context():
        hillside = db.session.scalar(select(Setting).where(Setting.urn == "SC100002"))
        due = db.session.scalar(
            select(AnnexARequest.due_at)
            .join(Inspection)
            .where(Inspection.setting_id == hillside.id, AnnexARequest.status == "requested")
        )
        return in_working_days(as_utc(due).astimezone(UK).date(), today_uk())


@pytest.mark.parametrize("width", [320, 1024])
def test_statuses_on_the_dashboards_and_timelines(
    js, open_page, live_server, axe_source, published_assurance, width, annex_a_due_in
):
    checker = None if js else open_page(True, width)

    def looked_at(page, name):
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{name}-{width}-{'js' if js else 'nojs'}.png"))
        assert check_accessibility(page, axe_source, checker) == [], page.url
        if page.url.endswith("/inspectorate/") and width == 320:
            return  # the inspectorate's five-column list is not one of these pages' changes
        assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url

    provider = open_page(width=width)
    sign_in(provider, live_server, RI)
    provider.goto(f"{live_server}/dashboard")
    hillside = provider.locator("tr", has_text="Hillside Secure Children's Home").inner_text()
    assert "Send Annex A to the inspector" in hillside and f"({annex_a_due_in})" in hillside
    assert "Nothing due" not in hillside
    looked_at(provider, "dashboard")

    provider.goto(f"{live_server}/inspections/{published_assurance}")
    status = provider.locator("dt:text-is('Status') + dd").inner_text()
    assert status.startswith("Published") and "Final report sent" not in status
    assert "Closed: no comments sent" in provider.locator("#timeline").inner_text()
    looked_at(provider, "timeline")

    manager = open_page(width=width)
    sign_in(manager, live_server, MANAGER)
    manager.goto(f"{live_server}/inspectorate/")
    row = manager.locator("tr", has=manager.locator(f"a[href='/inspectorate/inspections/{published_assurance}']"))
    assert "Published" in row.inner_text() and "Final report sent" not in row.inner_text()
    looked_at(manager, "inspectorate-dashboard")
    manager.goto(f"{live_server}/inspectorate/inspections/{published_assurance}/report")
    assert manager.locator("#report-status").inner_text().startswith("Published")
    assert "It was published on" in manager.locator("#final-sent").inner_text()
    looked_at(manager, "overview")
