"""What the report-kinds journeys (test_report_kinds_journey.py) share: a browser context per
person signed in once with two factors, axe-core on every page (with JavaScript off, on the HTML
it received), the 320 px check and screenshots; inspections of the demo's settings ended and
their reports started in the live app; and the steps of the pages people fill in."""

import os
import secrets
from datetime import timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.accounts.roles import Role
from portal.core import clock
from portal.core.workdays import working_days_before
from portal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from portal.extensions import db
from portal.inspection_reports import rules, services
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection, InspectionTeamMember, ProvisionalJudgement
from portal.providers.models import Setting, SettingType
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in

LEAD = "inspector.shah@inspectorate.example"
MANAGER = "manager@inspectorate.example"
SHOTS = os.environ.get("REPORT_KINDS_SHOTS")  # a folder, to keep screenshots (e.g. /tmp/report-kinds)
NARROW = 320

_SIGNED_IN: dict[str, dict] = {}  # e-mail -> the storage state of a browser signed in as them


class Browsing:
    """One browser context per person; with JavaScript off, a checker page (JavaScript on, same
    width) runs axe-core on the HTML each page received."""

    def __init__(self, browser, js, base_url, axe_source):
        self.browser, self.js, self.base_url, self.axe_source = browser, js, base_url, axe_source
        self.contexts, self.checkers, self.shot = [], {}, 0

    def _context(self, javascript: bool, width: int):
        context = self.browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": 900})
        self.contexts.append(context)
        return context.new_page()

    def person(self, email: str, width: int = 1024):
        """A page signed in as ``email``: through the sign-in form with two factors the first time
        in this run, then with that browser's cookies (each code is accepted once, so signing the
        same people in again would wait for the next one)."""
        if email in _SIGNED_IN:
            context = self.browser.new_context(
                java_script_enabled=self.js, storage_state=_SIGNED_IN[email], viewport={"width": width, "height": 900}
            )
            self.contexts.append(context)
            page = context.new_page()
            page.goto(f"{self.base_url}/")
            if "/sign-in" not in page.url:
                return page
        page = self._context(self.js, width)
        sign_in(page, self.base_url, email)
        _SIGNED_IN[email] = page.context.storage_state()
        return page

    def looked_at(self, page, name: str) -> None:
        """axe-core on the page; at 320 px, nothing wider than the screen; a screenshot if asked."""
        width = page.viewport_size["width"]
        checker = None
        if not self.js:
            checker = self.checkers.get(width) or self.checkers.setdefault(width, self._context(True, width))
        assert check_accessibility(page, self.axe_source, checker) == [], page.url
        if width == NARROW:
            wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 321)
                .map(e => e.tagName + '.' + e.className + ' ' + (e.innerText || '').slice(0, 40))""")
            assert page.evaluate("document.documentElement.scrollWidth") <= NARROW, (page.url, wide[:8])
        if SHOTS:
            self.shot += 1
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(
                full_page=True, path=os.path.join(SHOTS, f"{name}-{'js' if self.js else 'nojs'}-{self.shot:02}.png")
            )

    def close(self):
        for context in self.contexts:
            context.close()


def partner(name: str, inspectorate: str, now) -> User:
    """An inspector of a partner inspectorate, with two-factor set up as the demo's inspectors."""
    user = User(
        email=f"{name.split()[0].lower()}.{secrets.token_hex(4)}@{inspectorate}.example",
        name=name,
        role=Role.INSPECTOR.value,
        password_hash=hash_password(DEMO_PASSWORD),
        active=True,
        inspectorate=inspectorate,
        totp_secret=DEMO_TOTP_SECRET,
        totp_confirmed_at=now,
        created_at=now,
    )
    db.session.add(user)
    return user


def ended(urn: str, kind: str, provisional: dict, sections: dict, team=(), now=None) -> Inspection:
    """An inspection of the demo's setting ``urn`` that ended three working days ago, led by
    Priya Shah, its report started with ``sections`` already written."""
    today = clock.today_uk(now)
    setting = db.session.scalar(select(Setting).where(Setting.urn == urn))
    lead = db.session.scalar(select(User).where(User.email == LEAD))
    announced = kind == inspection_rules.FULL and setting.type_enum == SettingType.SECURE_TRAINING_CENTRE
    inspection = Inspection(
        setting_id=setting.id,
        inspection_type=kind,
        status=inspection_rules.ENDED,
        announced=announced,
        announced_at=now - timedelta(days=14) if announced else None,
        start_date=working_days_before(today, 5),
        end_date=working_days_before(today, 3),
        lead_inspector_id=lead.id,
        created_at=now,
    )
    inspection.team = [InspectionTeamMember(user_id=member.id) for member in team]
    inspection.provisional_judgements = [ProvisionalJudgement(area=a, grade=g) for a, g in provisional.items()]
    db.session.add(inspection)
    db.session.commit()
    report = services.start_report(inspection, lead, now)
    content = services._copy(report)
    content["sections"] = {key: [text] for key, text in sections.items()}
    report.content = content
    db.session.commit()
    return inspection


def fill_date(page, field: str, day) -> None:
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        page.fill(f"#{field}-{part}", str(value))


def error_text(page) -> str:
    summary = page.locator(".govuk-error-summary")
    return summary.inner_text() if summary.count() else page.locator("main").inner_text()[:500]


def section_titles(page) -> list[str]:
    return [
        title.strip()
        for title in page.locator("#sections .govuk-task-list__name-and-hint > :first-child").all_inner_texts()
    ]


def expected_titles(setting_type, kind) -> list[str]:
    return [title for _key, title in rules.report_sections(setting_type, kind)]


def record_step(page, step: str, today, given_by: str | None = None) -> None:
    """R-QA-2: one quality assurance step of an STC's report, recorded by the inspectorate manager."""
    click_and_wait(page, "a:has-text('Record quality assurance')")
    page.check(f"input[name=step][value={step}]")
    fill_date(page, "given_on", today)
    if given_by:
        page.fill("#given_by", given_by)
    click_and_wait(page, "button:has-text('Record it')")


def sign_off(page, inspectorate: str, today, given_by: str | None = None, look=None) -> None:
    """R-QA-2: one inspectorate's sign-off, recorded by the inspectorate manager; ``look`` checks the form."""
    click_and_wait(page, "a:has-text('Record a sign-off')")
    if look:
        look(page, "stc-sign-off-form")
    page.check(f"input[name=inspectorate][value={inspectorate}]")
    fill_date(page, "given_on", today)
    if given_by:
        page.fill("#given_by", given_by)
    click_and_wait(page, "button:has-text('Record the sign-off')")
