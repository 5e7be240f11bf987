"""A family centre and a secure training centre fill in their own Annex A in the browser at 320 px,
with JavaScript on and off (R-AXA-6, R-AXA-7; S0 ¶40, ¶51; S4 §"Request for information…",
§"Case tracking and sampling"): every section their framework asks, the case list, a name or
initials refused with a GOV.UK error (R-AXA-5), check your answers and the return. axe-core finds
no violations and no page scrolls sideways."""

import os
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
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in

pytestmark = pytest.mark.browser
# A URN is SC and six digits (eight characters, as the column holds): one series per type.
URN_PREFIX = {"RFC": "8", "STC": "7"}
SHOTS = os.environ.get("ANNEX_A_SHOTS")  # a folder, to keep screenshots of the journey
_serial = count(1)


def requested(live_app, setting_type: str):
    """A new setting of the demo provider, on site, with Annex A requested."""
    with live_app.app_context():
        provider = db.session.scalar(select(Provider).where(Provider.name == "Oakfield Care Group"))
        n = next(_serial)
        setting = Setting(
            provider_id=provider.id,
            urn=f"SC{URN_PREFIX[setting_type]}{n:05d}",
            name=f"{setting_type} {n}",
            setting_type=setting_type,
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
        return setting.id


@pytest.mark.parametrize("setting_type", ["RFC", "STC"])
def test_a_family_centre_and_an_stc_fill_in_their_own_annex_a(
    js, pages, live_server, live_app, axe_source, setting_type
):
    page, checker = pages
    kind = SettingType(setting_type)
    setting_id = requested(live_app, setting_type)
    answers = complete_answers(setting_type=kind)
    base = f"{live_server}/settings/{setting_id}/annex-a"
    step = iter(range(1, 100))

    def looked_at(name):
        assert check_accessibility(page, axe_source, checker) == [], page.url
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
        if SHOTS and js:
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{setting_type}-{next(step):02}-{name}.png"))

    sign_in(page, live_server, "ri@oakfield.example")
    page.goto(base)
    text = page.content()
    assert ("Families" in text and "Recruitment checks" in text) == (setting_type == "RFC")
    assert ("Manager, provider and responsible individual" in text) == (setting_type == "RFC")
    assert "Case list" in text
    looked_at("task-list")

    # A name (RFC) or initials (STC) about a child or parent is refused, with what to write instead.
    section, item = ("families", "court_work") if setting_type == "RFC" else ("children", "multi_agency_work")
    page.goto(f"{base}/sections/{section}")
    page.fill(f"#{item}", "Amira O'Neil went to court" if setting_type == "RFC" else "AB has a plan with the YOT")
    click_and_wait(page, "button:has-text('Save and continue')")
    assert "There is a problem" in page.content() and "use counts only" in page.content()
    looked_at("privacy-error")

    for section in sections_for(kind):
        if section.is_list:
            continue
        page.goto(f"{base}/sections/{section.key}")
        for one in section.items_for(kind):
            value = answers[section.key].get(one.key)
            if value is None:
                continue
            if one.kind == CHOICE:
                page.check(f"input[name={one.key}][value='{value}']")
            else:
                page.fill(f"#{one.key}", str(value))
        if section.key in ("families", "children"):
            looked_at(f"section-{section.key}")
        click_and_wait(page, "button:has-text('Save and continue')")
        assert "saved" in page.content(), (section.key, page.content()[-3000:])

    page.goto(f"{base}/contacts")
    for key, value in answers["contacts"][0].items():
        page.fill(f"#{key}", value)
    click_and_wait(page, "button:has-text('Add the contact')")
    page.goto(f"{base}/cases")
    assert page.locator("input[name=initials]").count() == 0  # never initials for an STC or an RFC
    page.fill("#reference", "Jamie Smith")
    click_and_wait(page, "button:has-text('Add the case')")
    assert "There is a problem" in page.content()
    looked_at("case-error")
    case = answers["cases"][0]
    page.fill("#reference", case["reference"])
    for category in case["categories"]:
        page.check(f"input[name=categories][value='{category}']")
    click_and_wait(page, "button:has-text('Add the case')")
    assert "Case added" in page.content() and case["categories"][0] in page.content()
    looked_at("case-list")

    page.goto(base)
    click_and_wait(page, "a:has-text('Check your answers and return it')")
    assert case["reference"] in page.content()
    looked_at("check-your-answers")
    page.check("input[name=confirm][value=yes]")
    click_and_wait(page, "button:has-text('Return the Annex A')")
    assert "Annex A returned" in page.content()
    looked_at("returned")
