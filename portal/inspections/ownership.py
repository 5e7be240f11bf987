"""Who in the inspectorate owns what a setting sends between inspections: its serious-concern
alerts (R-MON-3) and its notifications (R-NTF-1).

The lead inspector of the setting's latest inspection, or every inspectorate manager when the
setting has had none or its lead has left: someone is always told.
"""

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.extensions import db
from portal.inspections import rules
from portal.inspections.models import Inspection
from portal.providers.models import Setting


def responsible_inspectors(setting: Setting) -> list[User]:
    """The owners of the setting's alerts. An inspection withdrawn as entered in error never
    happened, so its lead owns nothing."""
    latest = db.session.scalar(
        select(Inspection)
        .where(Inspection.setting_id == setting.id, Inspection.status != rules.WITHDRAWN)
        .order_by(Inspection.start_date.desc(), Inspection.id.desc())
        .limit(1)
    )
    if latest is not None and latest.lead_inspector.is_active:
        return [latest.lead_inspector]
    return list(db.session.scalars(select(User).where(User.role == Role.INSPECTORATE_MANAGER, User.active.is_(True))))


def may_act(user: User, setting: Setting) -> bool:
    """An owner of the setting's alerts, or any inspectorate manager."""
    if user.role == Role.INSPECTORATE_MANAGER:
        return True
    return user.role == Role.INSPECTOR and any(u.id == user.id for u in responsible_inspectors(setting))
