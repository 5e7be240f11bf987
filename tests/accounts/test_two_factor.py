"""Two-factor sign-in: set-up, codes, replay, recovery codes, remembered browsers, reset."""

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from portal.accounts import twofactor
from portal.accounts.models import RecoveryCode, TrustedDevice
from portal.accounts.roles import Role
from portal.core.audit import AuditEvent
from tests.conftest import FROZEN


def enable(db, user, now=FROZEN):
    """Turn two-factor on for ``user`` through the real use cases; returns (totp, recovery codes)."""
    details = twofactor.begin_set_up(user, now)
    totp = pyotp.TOTP(details.secret)
    codes = twofactor.confirm_set_up(user, totp.at(now), now)
    assert codes is not None
    return totp, codes


def test_reset_clears_secret_codes_and_devices_with_an_audit_event(app, db, world):
    enable(db, world.inspector)
    twofactor.remember_device(world.inspector, "Firefox", FROZEN)
    twofactor.reset(world.inspector, world.manager, FROZEN)
    db.session.expire_all()
    assert not world.inspector.two_factor_enabled and world.inspector.totp_secret is None
    assert db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == world.inspector.id)).all() == []
    assert db.session.scalars(select(TrustedDevice).where(TrustedDevice.user_id == world.inspector.id)).all() == []
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "two_factor_reset"))
    assert event.actor_id == world.manager.id and event.entity_id == world.inspector.id
