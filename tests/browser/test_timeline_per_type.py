"""An STC monitoring visit's timeline in the browser at 320 px, with JavaScript on and off (R-TL-4,
S0 ¶161): the STC's director and the lead inspector see the draft by working day 17, the final by
day 23 and publication by day 28 of the visit's end; the inspectorate's timeliness list puts the
final at risk against day 23 and shows the publication target. axe-core finds no violations and
no page scrolls sideways."""

import os
from datetime import datetime, time

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.core import clock
from portal.core.clock import UK
from portal.core.formatting import deadline
from portal.core.workdays import end_of_day, working_days_before
from portal.extensions import db
from portal.inspections import rules as inspection_rules, timeline
from portal.inspections.models import Inspection
from portal.providers.models import Setting
from tests.browser.helpers import check_accessibility, sign_in

pytestmark = pytest.mark.browser

LEAD = "inspector.shah@inspectorate.example"
DIRECTOR = "ri@northgate.example"
SHOTS = os.environ.get("TIMELINE_SHOTS")  # a folder, to keep screenshots of the pages


@pytest.fixture
def open_page(browser, js):
    """A page at 320 px per person; with JavaScript off, a checker page (JavaScript on) for axe-core."""
    contexts = []

    def new(javascript=js):
        context = browser.new_context(java_script_enabled=javascript, viewport={"width": 320, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield new
    for context in contexts:
        context.close()


@pytest.fixture
def stc_visit(live_app):
    """A monitoring visit to Northgate Secure Training Centre led by Priya Shah that ended 21 working
    days ago, its draft sent 5 working days ago: the final is due in 2 working days (day 23)."""
    with live_app.app_context():
        now = clock.now()
        today = clock.today_uk(now)
        setting = db.session.scalar(select(Setting).where(Setting.urn == "SC200001"))
        lead = db.session.scalar(select(User).where(User.email == LEAD))
        end = working_days_before(today, 21)
        sent = datetime.combine(working_days_before(today, 6), time(10), tzinfo=UK)
        visit = Inspection(
            setting_id=setting.id,
            inspection_type=inspection_rules.MONITORING,
            status=inspection_rules.DRAFT_SENT,
            announced=False,
            start_date=end,
            end_date=end,
            lead_inspector_id=lead.id,
            created_at=now,
            draft_sent_at=sent,
            comment_window_ends_at=timeline.comment_deadline(sent),
        )
        db.session.add(visit)
        db.session.commit()
        return visit.id, timeline.targets(setting.type_enum, inspection_rules.MONITORING, end)


def test_an_stc_monitoring_visits_targets_at_320_px(js, open_page, live_server, axe_source, stc_visit):
    visit_id, targets = stc_visit
    checker = None if js else open_page(True)

    def looked_at(page, name):
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{name}-{'js' if js else 'nojs'}.png"))
        assert check_accessibility(page, axe_source, checker) == [], page.url
        wide = page.evaluate("""() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > 321)
            .map(e => e.tagName + '.' + e.className + ' '
                + Math.round(e.getBoundingClientRect().width) + ' ' + (e.innerText || '').slice(0, 30))""")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, (page.url, wide[:8])

    def timeline_rows(page):
        return {
            row.locator("th").inner_text().strip(): row.inner_text() for row in page.locator("#timeline tbody tr").all()
        }

    for who, url, name in (
        (DIRECTOR, f"{live_server}/inspections/{visit_id}", "provider"),
        (LEAD, f"{live_server}/inspectorate/inspections/{visit_id}", "inspectorate"),
    ):
        page = open_page()
        sign_in(page, live_server, who)
        page.goto(url)
        rows = timeline_rows(page)
        assert deadline(end_of_day(targets["draft"])) in rows["Draft report sent to provider"]
        final = rows["Final report sent, with a response to every comment"]
        assert deadline(end_of_day(targets["final"])) in final and "within 23 working days" in final
        assert "Due in 2 working days" in final
        published = rows["Report published"]
        assert deadline(end_of_day(targets["publication"])) in published and "within 28 working days" in published
        looked_at(page, f"timeline-{name}")
        if who == LEAD:
            page.goto(f"{live_server}/inspectorate/timeliness")
            row = page.locator("tbody tr", has=page.locator(f"a[href='/inspectorate/inspections/{visit_id}']"))
            text = row.inner_text()
            assert "At risk" in text and "(23 working days)" in text and "(28 working days)" in text
            looked_at(page, "timeliness")
