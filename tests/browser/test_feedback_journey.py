"""The end of an inspection in the browser at 320 px, with JavaScript on and off; axe-core finds no
violations and no page scrolls sideways (issue 14):

- the lead inspector records the last day and the judgements given at feedback, is told what is
  missing, checks the answers, changes one from the check page and records them (once);
- R-JUDGE-5/R-INSP-2: before the draft is sent, the lead corrects a judgement, is asked for the
  reason, checks the correction and records it;
- the registered manager sees the correction, from what to what and why, on the inspection's page.
"""

import itertools
import os
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import SettingMembership, User
from portal.core import clock
from portal.core.outbox import OutboxMessage
from portal.extensions import db
from portal.inspections import rules
from portal.inspections.models import FeedbackJudgementCorrection, Inspection
from portal.providers.models import Provider, Setting
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in

pytestmark = pytest.mark.browser

LEAD = "inspector.shah@inspectorate.example"
DEMO_RM = "rm.maple@oakfield.example"
SHOTS = os.environ.get("FEEDBACK_SHOTS")  # a folder, to keep screenshots of the journey
NARROW = {"width": 320, "height": 900}
REASON = "Leaders and managers were recorded as good by mistake."
_serial = itertools.count(1)


@pytest.fixture
def on_site(live_app):
    """A children's home of its own (so no other journey's pages change), its registered manager,
    and a full inspection on site since two days ago, led by Priya Shah."""
    n = next(_serial)
    with live_app.app_context():
        now = clock.now()
        demo_rm = db.session.scalar(select(User).where(User.email == DEMO_RM))
        provider = Provider(name=f"Feedback Care {n}")
        db.session.add(provider)
        db.session.flush()
        home = Setting(
            provider_id=provider.id,
            urn=f"SC91{n:04d}",
            name=f"Birch House {n}",
            setting_type="CH",
            local_authority="Leeds",
            region="Yorkshire and the Humber",
            registered_on=clock.today_uk(now) - timedelta(days=900),
            capacity=3,
        )
        db.session.add(home)
        db.session.flush()
        manager = User(
            email=f"rm.birch{n}@feedback.example",
            name=f"Bea Birch {n}",
            role=demo_rm.role,
            password_hash=demo_rm.password_hash,
            active=True,
            provider_id=provider.id,
            created_at=now,
            totp_secret=demo_rm.totp_secret,
            totp_confirmed_at=demo_rm.totp_confirmed_at,
        )
        manager.memberships = [SettingMembership(setting_id=home.id)]
        lead = db.session.scalar(select(User).where(User.email == LEAD))
        inspection = Inspection(
            setting_id=home.id,
            inspection_type=rules.FULL,
            status=rules.ON_SITE,
            announced=False,
            start_date=clock.today_uk(now) - timedelta(days=2),
            lead_inspector_id=lead.id,
            created_at=now,
        )
        db.session.add_all([manager, inspection])
        db.session.commit()
        return inspection.id, manager.email


def looker(js, checker, axe_source):
    step = iter(range(1, 100))
    mode = "js-on" if js else "js-off"

    def looked_at(page, name):
        assert check_accessibility(page, axe_source, checker) == [], page.url
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], page.url
        assert page.locator("h1").count() == 1, page.url
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(full_page=True, path=os.path.join(SHOTS, f"feedback-{mode}-{next(step):02}-{name}.png"))

    return looked_at


def test_judgements_given_at_feedback_are_checked_recorded_and_corrected(
    js, contexts, live_server, live_app, axe_source, on_site
):
    inspection_id, manager_email = on_site
    open_page, checker = contexts
    looked_at = looker(js, checker, axe_source)
    today = clock.today_uk(clock.now())

    # 1. The lead inspector is told what is missing, then gives the last day and the judgements.
    lead = open_page(viewport=NARROW)
    sign_in(lead, live_server, LEAD)
    lead.goto(f"{live_server}/inspectorate/inspections/{inspection_id}")
    click_and_wait(lead, "a:has-text('Record the end and judgements')")
    looked_at(lead, "end-form")
    click_and_wait(lead, "button:has-text('Continue')")
    assert "Enter the last day on site" in lead.content()
    assert "Select a judgement for overall experiences and progress of children" in lead.content()
    looked_at(lead, "end-errors")
    lead.fill("#end_date-day", str(today.day))
    lead.fill("#end_date-month", str(today.month))
    lead.fill("#end_date-year", str(today.year))
    for area in ("overall", "helped_protected", "leaders_managers"):
        lead.check(f"input[name={area}][value=good]")
    click_and_wait(lead, "button:has-text('Continue')")

    # 2. Check your answers: one is changed from there, and they are recorded once.
    assert "Check the end of the inspection and the judgements" in lead.content()
    looked_at(lead, "end-check")
    click_and_wait(lead, "button:has-text('Change the effectiveness of leaders and managers')")
    assert lead.locator("input[name=leaders_managers][value=good]").is_checked()
    lead.check("input[name=leaders_managers][value=requires_improvement]")
    click_and_wait(lead, "button:has-text('Continue')")
    assert "Requires improvement to be good" in lead.content()
    click_and_wait(lead, "button:has-text('Record the end and the judgements')")
    assert "judgements given at feedback are recorded" in lead.content()
    looked_at(lead, "recorded")
    with live_app.app_context():
        assert db.session.get(Inspection, inspection_id).status == rules.ENDED

    # 3. A correction, before the draft is sent, needs a reason and is checked before it is recorded.
    click_and_wait(lead, "a:has-text('Correct the judgements given at feedback')")
    assert lead.locator("input[name=leaders_managers][value=requires_improvement]").is_checked()
    looked_at(lead, "correct-form")
    lead.check("input[name=leaders_managers][value=good]")
    click_and_wait(lead, "button:has-text('Continue')")
    assert "Enter why the judgements are corrected" in lead.content()
    looked_at(lead, "correct-error")
    lead.fill("#reason", REASON)
    click_and_wait(lead, "button:has-text('Continue')")
    assert "Check the correction before you record it" in lead.content()
    assert "Corrected from: Requires improvement to be good" in lead.content()
    looked_at(lead, "correct-check")
    click_and_wait(lead, "button:has-text('Record the correction')")
    assert "The correction is recorded" in lead.content()
    assert "Judgements given at feedback were corrected on" in lead.content()
    looked_at(lead, "corrected")
    with live_app.app_context():
        [correction] = db.session.scalars(
            select(FeedbackJudgementCorrection).where(FeedbackJudgementCorrection.inspection_id == inspection_id)
        ).all()
        assert correction.before["leaders_managers"] == "requires_improvement" and correction.reason == REASON
        assert db.session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.recipient == manager_email, OutboxMessage.related_id == correction.id
            )
        )

    # 4. The registered manager sees the correction on the inspection's page.
    manager = open_page(viewport=NARROW)
    sign_in(manager, live_server, manager_email)
    manager.goto(f"{live_server}/inspections/{inspection_id}")
    page = manager.content()
    assert "Judgements given at feedback were corrected on" in page
    assert "The effectiveness of leaders and managers: from Requires improvement to be good to Good" in page
    assert REASON in page and "Correct the judgements given at feedback</a>" not in page
    looked_at(manager, "provider-sees-correction")
