"""The inspectorate's lists across many settings (late and missing reports, R-MON-5; the dashboard's
inspections; the timeliness list, R-TL-1): their pages pass axe-core with and without JavaScript
and fit 320 px, the page links keep the filters, and with htmx they swap the list in place. A
portal of its own, so the demo the other journeys use keeps its few settings."""

import threading
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from portal import create_app
from portal.accounts.models import User
from portal.core import clock
from portal.demo import seed_demo
from portal.extensions import db
from portal.inspections.models import Inspection
from portal.providers.models import Provider, Setting
from tests.browser.helpers import axe_violations, check_accessibility, click_and_wait, sign_in

pytestmark = pytest.mark.browser
MANAGER = "manager@inspectorate.example"


@pytest.fixture(scope="module")
def busy_server(tmp_path_factory):
    """The demo plus 120 children's homes of one provider that have sent nothing: three pages of gaps."""
    from tests.conftest import own_database_url

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": own_database_url(tmp_path_factory.mktemp("busy"), "busy"),
            "SECRET_KEY": "browser-tests",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo(clock.now())
        # Northgate's, so that its responsible individual's dashboard has five pages of settings.
        provider = db.session.scalar(select(Provider).where(Provider.name == "Northgate Youth Services"))
        db.session.add_all(
            [
                Setting(
                    provider_id=provider.id,
                    urn=f"SC9{n:05d}",
                    name=f"National home {n:03d}",
                    setting_type="CH",
                    local_authority="Leeds",
                    region="Yorkshire and the Humber",
                    registered_on=date(2019, 4, 1),
                    capacity=4,
                )
                for n in range(120)
            ]
        )
        db.session.flush()
        # One ended inspection at each of 60 of them, none with a draft yet: two pages of the
        # dashboard and of the timeliness list.
        lead = db.session.scalar(select(User).where(User.email == MANAGER))
        homes = db.session.scalars(select(Setting).where(Setting.provider_id == provider.id).order_by(Setting.id))
        db.session.add_all(
            [
                Inspection(
                    setting_id=home.id,
                    inspection_type="full",
                    status="ended",
                    start_date=date(2026, 6, 1) + timedelta(days=n),
                    end_date=date(2026, 6, 3) + timedelta(days=n),
                    lead_inspector_id=lead.id,
                    created_at=clock.now(),
                )
                for n, home in enumerate(list(homes)[:60])
            ]
        )
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.drop_all()


def test_pages_of_the_list_with_htmx(browser, busy_server, axe_source):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, busy_server, MANAGER)
    page.goto(f"{busy_server}/inspectorate/monitoring?region=Yorkshire+and+the+Humber")
    assert "Showing 1 to 50" in page.inner_text("#oversight-results")
    assert axe_violations(page, axe_source) == []
    page.evaluate("window.__loadedOnce = true")  # gone if the page reloads
    with page.expect_response(lambda r: "page=2" in r.url and r.request.headers.get("hx-request")):
        page.click(".govuk-pagination__next a")
    # expect() polls from outside the page: a polled string would be eval'd in the page and refused by its CSP
    expect(page.locator("#oversight-results")).to_contain_text("Showing 51 to 100")
    assert page.evaluate("window.__loadedOnce") is True
    assert "page=2" in page.url and "region=Yorkshire" in page.url
    assert page.inner_text(".govuk-pagination__item--current").strip() == "2"
    assert axe_violations(page, axe_source) == []
    context.close()


def test_pages_of_the_list_without_javascript(browser, busy_server, axe_source):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    checker = browser.new_context().new_page()
    sign_in(page, busy_server, MANAGER)
    page.goto(f"{busy_server}/inspectorate/monitoring")
    page.select_option("#setting_type", "CH")
    click_and_wait(page, "button:has-text('Filter')")
    click_and_wait(page, ".govuk-pagination__next a")
    assert "setting_type=CH" in page.url and "page=2" in page.url
    assert "Showing 51 to 100" in page.inner_text("#oversight-results")
    assert check_accessibility(page, axe_source, checker) == []
    context.close()


@pytest.mark.parametrize(
    ("who", "path", "target"),
    [
        (MANAGER, "/inspectorate/", "#worklist"),
        (MANAGER, "/inspectorate/timeliness", "#timeliness"),
        ("ri@northgate.example", "/dashboard", "#settings-list"),
    ],
)
def test_pages_of_the_busy_lists_at_320_px(browser, busy_server, axe_source, who, path, target):
    """With htmx the second page replaces the list without a reload; without JavaScript the same
    links load the page; both pass axe-core and never scroll sideways on a phone."""
    second = "Showing 26 to 50" if path == "/dashboard" else "Showing 51 to"
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript, viewport={"width": 320, "height": 800})
        page = context.new_page()
        sign_in(page, busy_server, who)
        page.goto(f"{busy_server}{path}")
        assert "Showing 1 to " in page.inner_text(target)
        if javascript:
            assert axe_violations(page, axe_source) == []
            page.evaluate("window.__loadedOnce = true")
            with page.expect_response(lambda r: "page=2" in r.url and r.request.headers.get("hx-request")):
                page.click(".govuk-pagination__next a")
            expect(page.locator(target)).to_contain_text(second)
            assert page.evaluate("window.__loadedOnce") is True and "page=2" in page.url
            assert axe_violations(page, axe_source) == []
        else:
            click_and_wait(page, ".govuk-pagination__next a")
            assert "page=2" in page.url and second in page.inner_text(target)
            checker = browser.new_context().new_page()
            assert check_accessibility(page, axe_source, checker) == []
            checker.context.close()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.screenshot(
            path=f"/tmp/paging-{path.strip('/').replace('/', '-')}-{'js' if javascript else 'nojs'}.png", full_page=True
        )
        context.close()
