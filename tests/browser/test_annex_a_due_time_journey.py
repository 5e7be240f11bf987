"""The inspector moves an Annex A due time with a reason and the registered manager sees it
(R-AXA-2), in Chromium with JavaScript on and off, at 320 px, axe-core clean on every page."""

from datetime import date, datetime, time, timedelta
from itertools import count
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.accounts.models import SettingMembership, User
from portal.annex_a import services
from portal.core.clock import UK
from portal.core.formatting import uk_datetime
from portal.core.outbox import OutboxMessage
from portal.extensions import db
from portal.inspections.models import Inspection
from portal.providers.models import Provider, Setting
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-e")
INSPECTOR = "inspector.shah@inspectorate.example"
MANAGER = "rm.oakfield@oakfield.example"
REASON = "The manager is at a strategy meeting until late today"
_serial = count(1)


@pytest.fixture
def requested(live_app):
    """A new home of the demo provider that the demo's registered manager runs, on site, with
    Annex A requested two hours from now; returns its inspection id, setting id and due times."""
    with live_app.app_context():
        provider = db.session.scalar(select(Provider).where(Provider.name == "Oakfield Care Group"))
        setting = Setting(
            provider_id=provider.id,
            urn=f"SC81{next(_serial):04d}",
            name=f"Rowan House {next(_serial)}",
            setting_type="CH",
            local_authority="Leeds",
            region="Yorkshire and the Humber",
            registered_on=date(2020, 1, 1),
            capacity=4,
        )
        db.session.add(setting)
        db.session.flush()
        manager = db.session.scalar(select(User).where(User.email == MANAGER))
        db.session.add(SettingMembership(user_id=manager.id, setting_id=setting.id))
        inspector = db.session.scalar(select(User).where(User.email == INSPECTOR))
        now = datetime.now(UK)
        inspection = Inspection(
            setting=setting,
            inspection_type="full",
            status="on_site",
            announced=False,
            start_date=now.date(),
            lead_inspector_id=inspector.id,
            created_at=now,
        )
        db.session.add(inspection)
        db.session.commit()
        first_due = (now + timedelta(hours=2)).replace(second=0, microsecond=0)
        services.request_annex_a(inspection, first_due, None, inspector, now)
        new_due = datetime.combine(now.date() + timedelta(days=1), time(12, 0), tzinfo=UK)
        return inspection.id, setting.id, first_due, new_due


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "the page scrolls sideways at 320 px"


def test_the_inspector_changes_the_due_time_and_the_manager_sees_it(
    contexts, pages, js, live_server, live_app, axe_source, requested
):
    inspection_id, setting_id, first_due, new_due = requested
    SHOTS.mkdir(exist_ok=True)
    mode = "js-on" if js else "js-off"
    inspector, narrow_checker = pages  # 320 px wide
    sign_in(inspector, live_server, INSPECTOR)
    inspector.goto(f"{live_server}/inspectorate/inspections/{inspection_id}/annex-a")
    assert uk_datetime(first_due) in inspector.content()
    click_and_wait(inspector, "a:has-text('Change the due time')")
    assert check_accessibility(inspector, axe_source, narrow_checker) == []
    _no_sideways_scroll(inspector)

    # No reason, and a time already passed: both refused on the form, nothing changed.
    inspector.fill("#due_date-day", str(first_due.day - 1 if first_due.day > 1 else first_due.day))
    inspector.fill("#due_date-month", str(first_due.month))
    inspector.fill("#due_date-year", str(first_due.year))
    inspector.fill("#due_time", "00:00")
    click_and_wait(inspector, "button:has-text('Change the due time')")
    content = inspector.content()
    assert "There is a problem" in content and "Enter why the due time is changing" in content
    assert "New due time must be later than now" in content or "New due date must be today" in content
    assert check_accessibility(inspector, axe_source, narrow_checker) == []
    inspector.screenshot(path=str(SHOTS / f"change-refused-{mode}.png"), full_page=True)

    inspector.fill("#due_date-day", str(new_due.day))
    inspector.fill("#due_date-month", str(new_due.month))
    inspector.fill("#due_date-year", str(new_due.year))
    inspector.fill("#due_time", "12:00")
    inspector.fill("#reason", REASON)
    click_and_wait(inspector, "button:has-text('Change the due time')")
    content = inspector.content()
    assert "The due time has been changed. The provider has been told." in content
    history = inspector.inner_text("#main-content")
    assert f"Changed to {uk_datetime(new_due)}" in history and f"it was due by {uk_datetime(first_due)}" in history
    assert REASON in history
    assert check_accessibility(inspector, axe_source, narrow_checker) == []
    _no_sideways_scroll(inspector)
    inspector.screenshot(path=str(SHOTS / f"inspector-history-{mode}.png"), full_page=True)

    open_page, checker = contexts
    manager = open_page()
    manager.set_viewport_size({"width": 320, "height": 900})
    sign_in(manager, live_server, MANAGER)
    manager.goto(f"{live_server}/settings/{setting_id}/annex-a")
    text = manager.inner_text("#main-content")
    assert f"by {uk_datetime(new_due)}:" in text
    assert f"it was due by {uk_datetime(first_due)}. Why: {REASON}" in text
    assert check_accessibility(manager, axe_source, checker) == []
    _no_sideways_scroll(manager)
    manager.screenshot(path=str(SHOTS / f"manager-annex-a-{mode}.png"), full_page=True)

    with live_app.app_context():
        mail = db.session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == MANAGER, OutboxMessage.subject.startswith("Annex A due time"))
            .order_by(OutboxMessage.id.desc())
        )
        assert f"It is now due by {uk_datetime(new_due)}." in mail.body and REASON in mail.body
        (SHOTS / f"e-mail-{mode}.txt").write_text(f"To: {mail.recipient}\nSubject: {mail.subject}\n\n{mail.body}")


def test_an_stc_announced_before_a_passed_17_00_proposes_no_time(pages, js, live_server, live_app, axe_source):
    """R-AXA-2: the STC's 17:00 on the announcement day has gone by, so the request form leaves the
    time empty and says why; a time already passed is refused on the form."""
    with live_app.app_context():
        provider = db.session.scalar(select(Provider).where(Provider.name == "Oakfield Care Group"))
        stc = Setting(
            provider_id=provider.id,
            urn=f"SC71{next(_serial):04d}",
            name=f"Gate Centre {next(_serial)}",
            setting_type="STC",
            local_authority="Leeds",
            region="Yorkshire and the Humber",
            registered_on=date(2020, 1, 1),
            capacity=40,
        )
        inspector = db.session.scalar(select(User).where(User.email == INSPECTOR))
        now = datetime.now(UK)
        inspection = Inspection(
            setting=stc,
            inspection_type="full",
            status="announced",
            announced=True,
            announced_at=now - timedelta(days=1),
            start_date=now.date() + timedelta(days=5),
            lead_inspector_id=inspector.id,
            created_at=now - timedelta(days=1),
        )
        db.session.add_all([stc, inspection])
        db.session.commit()
        inspection_id = inspection.id
    page, checker = pages
    sign_in(page, live_server, INSPECTOR)
    page.goto(f"{live_server}/inspectorate/inspections/{inspection_id}/annex-a")
    assert page.input_value("#due_time") == ""
    assert "(the day the inspection was announced), has passed: agree a later time" in page.inner_text("#due_time-hint")
    assert check_accessibility(page, axe_source, checker) == []
    page.fill("#due_time", "00:01")
    click_and_wait(page, "button:has-text('Request Annex A')")
    assert "Due time must be later than now" in page.content()
    assert check_accessibility(page, axe_source, checker) == []
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"stc-request-after-17-{'js-on' if js else 'js-off'}.png"), full_page=True)
