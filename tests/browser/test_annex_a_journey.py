"""A responsible individual fills in Annex A on the website, or through the spreadsheet, and
returns it when asked; with JavaScript on and off, axe-core clean on every page."""

from datetime import date, datetime, timedelta
from itertools import count

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.annex_a import services
from portal.annex_a.schema import CHOICE, sections_for
from portal.core.clock import UK
from portal.extensions import db
from portal.inspections.models import Inspection
from portal.providers.models import Provider, Setting, SettingType
from tests.annex_a.answers import complete_answers
from tests.annex_a.workbooks import fill
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in

pytestmark = pytest.mark.browser
_serial = count(1)


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def journey(request, browser):
    context = browser.new_context(java_script_enabled=request.param, accept_downloads=True)
    page = context.new_page()
    checker = None if request.param else browser.new_context().new_page()
    yield page, checker
    context.close()
    if checker:
        checker.context.close()


@pytest.fixture
def requested_setting(live_app):
    """A new children's home of the demo provider, on site, with Annex A requested."""
    with live_app.app_context():
        provider = db.session.scalar(select(Provider).where(Provider.name == "Oakfield Care Group"))
        setting = Setting(
            provider_id=provider.id,
            urn=f"SC9{next(_serial):05d}",
            name=f"Birch House {next(_serial)}",
            setting_type="CH",
            local_authority="Leeds",
            region="Yorkshire and the Humber",
            registered_on=date(2020, 1, 1),
            capacity=4,
        )
        db.session.add(setting)
        inspector = db.session.scalar(select(User).where(User.email == "inspector.shah@inspectorate.example"))
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
        services.request_annex_a(inspection, now + timedelta(hours=6), None, inspector, now)
        return setting.id, setting.urn


def test_web_form_route(journey, live_server, axe_source, requested_setting):
    page, checker = journey
    setting_id, _ = requested_setting
    answers = complete_answers()
    sign_in(page, live_server, "ri@oakfield.example")
    page.goto(f"{live_server}/settings/{setting_id}/annex-a")
    assert "The inspector has asked for this Annex A" in page.content()
    assert check_accessibility(page, axe_source, checker) == []
    for section in sections_for(SettingType.CHILDRENS_HOME):
        if section.is_list:
            continue
        key = section.key
        page.goto(f"{live_server}/settings/{setting_id}/annex-a/sections/{key}")
        if key == "children":
            page.fill("#admissions", "three")
            click_and_wait(page, "button:has-text('Save and continue')")
            assert "Admissions must be a whole number" in page.content()
            assert check_accessibility(page, axe_source, checker) == []
        kinds = {item.key: item.kind for item in section.items}
        for item, value in answers[key].items():
            if kinds[item] == CHOICE:
                page.check(f"input[name={item}][value='{value}']")
            else:
                page.fill(f"#{item}", str(value))
        click_and_wait(page, "button:has-text('Save and continue')")
        assert "saved" in page.content()
    page.goto(f"{live_server}/settings/{setting_id}/annex-a/contacts")
    for item, value in answers["contacts"][0].items():
        page.fill(f"#{item}", value)
    click_and_wait(page, "button:has-text('Add the contact')")
    assert check_accessibility(page, axe_source, checker) == []
    page.goto(f"{live_server}/settings/{setting_id}/annex-a")
    click_and_wait(page, "a:has-text('Check your answers and return it')")
    assert check_accessibility(page, axe_source, checker) == []
    page.check("input[name=confirm][value=yes]")
    click_and_wait(page, "button:has-text('Return the Annex A')")
    assert "Annex A returned" in page.content() and "AXA-" in page.content()
    assert check_accessibility(page, axe_source, checker) == []


def test_spreadsheet_route(journey, live_server, axe_source, requested_setting, tmp_path):
    page, checker = journey
    setting_id, urn = requested_setting
    sign_in(page, live_server, "ri@oakfield.example")
    template = page.context.request.get(f"{live_server}/settings/{setting_id}/annex-a/template.xlsx").body()
    bad = tmp_path / "annex-a.xlsx"
    bad.write_bytes(b"not a spreadsheet")
    good = tmp_path / f"annex-a-{urn}.xlsx"
    good.write_bytes(fill(template, complete_answers(contacts=2)))

    page.goto(f"{live_server}/settings/{setting_id}/annex-a/upload")
    assert check_accessibility(page, axe_source, checker) == []
    page.set_input_files("#workbook", str(bad))
    click_and_wait(page, "button:has-text('Upload and check')")
    assert "must be an .xlsx spreadsheet" in page.content()
    assert check_accessibility(page, axe_source, checker) == []
    page.set_input_files("#workbook", str(good))
    click_and_wait(page, "button:has-text('Upload and check')")
    assert "The spreadsheet has been checked and loaded" in page.content()
    assert page.content().count("Completed") >= 5
    click_and_wait(page, "a:has-text('Check your answers and return it')")
    page.check("input[name=confirm][value=yes]")
    click_and_wait(page, "button:has-text('Return the Annex A')")
    assert "Annex A returned" in page.content()
