"""An inspectorate manager enters an unannounced inspection through check your answers, finds it
was entered in error and withdraws it with a reason; the provider's responsible individual sees
it marked withdrawn, with the reason (DESIGN.md conventions 6 and 7, R-NOT-1). In the browser at
320 px, with JavaScript on and off; axe-core finds no violations and no page scrolls sideways."""

import os
from datetime import date
from itertools import count

import pytest
from sqlalchemy import select

from portal.core import clock
from portal.extensions import db
from portal.providers.models import Provider, Setting
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in

pytestmark = pytest.mark.browser
MANAGER = "manager@inspectorate.example"
PROVIDER_RI = "ri@oakfield.example"
PHONE = {"width": 320, "height": 900}
SHOTS = os.environ.get("WITHDRAW_SHOTS")  # a folder, to keep screenshots of the journey
_serial = count(1)


@pytest.fixture
def home(live_app):
    """A children's home of the demo provider with no inspection yet: its URN and name."""
    with live_app.app_context():
        provider = db.session.scalar(select(Provider).where(Provider.name == "Oakfield Care Group"))
        n = next(_serial)
        setting = Setting(
            provider_id=provider.id,
            urn=f"SC64{n:04d}",
            name=f"Hazel House {n}",
            setting_type="CH",
            local_authority="Leeds",
            region="Yorkshire and the Humber",
            registered_on=date(2020, 1, 1),
            capacity=4,
        )
        db.session.add(setting)
        db.session.commit()
        return setting.urn, setting.name


def test_a_manager_withdraws_an_inspection_entered_in_error(js, contexts, live_server, axe_source, home):
    open_page, checker = contexts
    page = open_page(viewport=PHONE)
    urn, name = home
    step = iter(range(1, 100))

    def looked_at(shot):
        assert check_accessibility(page, axe_source, checker) == [], page.url
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
        if SHOTS and js:
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{next(step):02}-{shot}.png"))

    # 1. The manager enters an unannounced inspection that starts today, and checks the answers.
    sign_in(page, live_server, MANAGER)
    page.goto(f"{live_server}/inspectorate/inspections/new")
    today = clock.today_uk()
    page.fill("#urn", urn)
    page.check("input[name=inspection_type][value=full]")
    page.check("input[name=announced][value=no]")
    page.fill("#start_date-day", str(today.day))
    page.fill("#start_date-month", str(today.month))
    page.fill("#start_date-year", str(today.year))
    page.select_option("#lead_inspector_id", label="Priya Shah")
    click_and_wait(page, "button:has-text('Continue')")
    assert "Check your answers before creating the inspection" in page.content() and name in page.content()
    looked_at("check-your-answers")
    click_and_wait(page, "button:has-text('Create inspection')")
    assert f"Inspection of {name} created" in page.content()
    inspection_path = page.url.split(live_server, 1)[1]
    looked_at("created")

    # 2. It was entered in error: the manager withdraws it; a reason is required.
    click_and_wait(page, "a:has-text('Withdraw')")
    assert "This cannot be undone" in page.content()
    looked_at("withdraw")
    click_and_wait(page, "button:has-text('Withdraw the inspection')")
    assert "There is a problem" in page.content() and "Enter why the inspection is being withdrawn" in page.content()
    looked_at("withdraw-error")
    reason = f"Entered for {name} by mistake ({'with' if js else 'without'} JavaScript)"
    page.fill("#reason", reason)
    click_and_wait(page, "button:has-text('Withdraw the inspection')")
    assert "The inspection has been withdrawn. The provider has been told." in page.content()
    assert "Withdrawn: entered in error" in page.content() and reason in page.content()
    assert page.locator("a.govuk-button--warning").count() == 0
    looked_at("withdrawn")
    page.goto(f"{live_server}/inspectorate/")
    assert inspection_path not in page.content()  # no longer in the list of inspections

    # 3. The provider sees it marked withdrawn, with the reason.
    page = open_page(viewport=PHONE)  # the provider's own browser
    sign_in(page, live_server, PROVIDER_RI)
    page.goto(f"{live_server}{inspection_path.replace('/inspectorate', '')}")
    assert "Withdrawn: entered in error" in page.content() and reason in page.content()
    assert "Helen Carter" not in page.content()
    looked_at("provider-sees-withdrawn")
