"""Recording the quality assurance a report needs, for tests that issue drafts and send finals
(R-QA-1, R-QA-2): every step and sign-off of its kind, by an inspectorate manager off the team."""

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core.clock import today_uk
from portal.extensions import db
from portal.inspection_reports import quality, quality_services
from tests.conftest import FROZEN

PARTNERS = {"hmip": "Sam Hughes, HMIP", "cqc": "Lena Ford, CQC"}


def quality_manager(report) -> User:
    """The first inspectorate manager who was not on the inspection; one is added if there is none."""
    team = report.inspection.team_user_ids
    for user in db.session.scalars(select(User).where(User.role == Role.INSPECTORATE_MANAGER.value).order_by(User.id)):
        if user.id not in team:
            return user
    user = User(
        email=f"qam-{report.id}@example.com",
        name="Quality Manager",
        role=Role.INSPECTORATE_MANAGER.value,
        password_hash="x",
        active=True,
        created_at=FROZEN,
    )
    db.session.add(user)
    db.session.commit()
    return user


def assure(report, now=FROZEN) -> None:
    """Every step this kind of report needs before its draft."""
    inspection, manager = report.inspection, quality_manager(report)
    for step in quality.draft_steps(inspection.setting.type_enum, inspection.inspection_type):
        quality_services.record_quality_assurance(
            report, step.key, today_uk(now), PARTNERS.get(step.inspectorate), None, manager, now
        )


def sign_off(report, now=FROZEN) -> None:
    """An STC's three sign-offs before its final; nothing for other settings."""
    inspection, manager = report.inspection, quality_manager(report)
    for step in quality.final_steps(inspection.setting.type_enum, inspection.inspection_type):
        quality_services.record_sign_off(
            report, step.inspectorate, today_uk(now), PARTNERS.get(step.inspectorate), None, manager, now
        )
