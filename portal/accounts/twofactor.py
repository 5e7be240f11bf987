"""Two-factor sign-in with an authenticator app (TOTP), recovery codes and remembered browsers.

Two-factor is required for the roles that see many providers' data or act for a whole provider
(inspectors, inspectorate managers, responsible individuals) and optional for everyone else
(R-ROLE-1: a stolen password alone must not open another provider's data). Codes, recovery codes
and device tokens are compared in constant time; only sha256 digests of recovery codes and
device tokens are stored. Every change is audited.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
import segno
from flask import current_app
from markupsafe import Markup
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from portal.accounts import session_records
from portal.accounts.models import RecoveryCode, TrustedDevice, User
from portal.accounts.roles import Role
from portal.core import audit
from portal.core.clock import as_utc
from portal.core.use_cases import Refusal
from portal.extensions import db

REQUIRED_ROLES = frozenset({Role.INSPECTOR, Role.INSPECTORATE_MANAGER, Role.RESPONSIBLE_INDIVIDUAL})
RECOVERY_CODE_COUNT = 10
MAX_DEVICE_DAYS = 30
STEP_SECONDS = 30
_CODE = re.compile(r"^[0-9]{6}$")
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


class TwoFactorError(Refusal):
    """A request the rules refuse (for example turning off two-factor where it is required)."""


def is_required(user: User) -> bool:
    return user.role in REQUIRED_ROLES


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def normalise_code(code: str | None) -> str:
    """People type codes with spaces (as apps show them: 123 456); only the digits count."""
    return re.sub(r"\s+", "", code or "")


def is_well_formed(code: str | None) -> bool:
    return bool(_CODE.match(normalise_code(code)))


# --- Set-up -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetUpDetails:
    secret: str
    uri: str
    qr_svg: Markup

    @property
    def grouped_secret(self) -> str:
        """The secret in groups of four, easier to type into an app by hand."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


def begin_set_up(user: User, now: datetime, fresh: bool = False) -> SetUpDetails:
    """Hold a new secret on the user until a first code confirms it; reloading the page keeps
    the same secret, so a code from an app set up a moment ago still matches. ``fresh`` makes a
    new one: the browser asking was not shown the one held (see ``secret_digest``)."""
    if user.two_factor_enabled:
        raise TwoFactorError("Two-factor sign-in is already set up")
    if user.totp_secret is None or fresh:
        user.totp_secret = pyotp.random_base32()
        audit.record(user, "two_factor_set_up_started", user, now)
        db.session.commit()
    return set_up_details(user)


def secret_digest(user: User) -> str | None:
    """What a browser keeps of the secret it was shown, to know it again (never the secret)."""
    return _sha256(user.totp_secret) if user.totp_secret else None


def set_up_details(user: User) -> SetUpDetails:
    uri = pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=current_app.config["TOTP_ISSUER"])
    svg = segno.make(uri, error="m").svg_inline(scale=4, title="QR code for your authenticator app")
    # role="img" and the title give the picture a text alternative; the secret is shown beside it.
    svg = svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)
    return SetUpDetails(user.totp_secret, uri, Markup(svg))


def confirm_set_up(user: User, code: str, now: datetime) -> list[str] | None:
    """Turn two-factor on with a first code from the app; returns the recovery codes to show
    once, or None when the code is wrong."""
    if user.totp_secret is None or user.two_factor_enabled:
        return None
    if not _accept_totp(user, code, now):
        return None
    user.totp_confirmed_at = now
    audit.record(user, "two_factor_turned_on", user, now)
    codes = _replace_recovery_codes(user, now)
    db.session.commit()
    return codes


# --- Codes ------------------------------------------------------------------------------------


def _accept_totp(user: User, code: str, now: datetime) -> bool:
    """A code of the current step, or the step before or after (valid_window=1) for clocks a
    little out, and never a step already used (or older): a seen code cannot be replayed."""
    code = normalise_code(code)
    if user.totp_secret is None or not _CODE.match(code):
        return False
    db.session.refresh(user)
    totp = pyotp.TOTP(user.totp_secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if user.totp_last_step is not None and step <= user.totp_last_step:
            continue
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return _claim_step(user, step)
    return False


def _claim_step(user: User, step: int) -> bool:
    """Record ``step`` as used only if no other request has used it (or a later one) meanwhile:
    of two requests racing with one code, on SQLite as on PostgreSQL, only one gets it."""
    claimed = db.session.execute(
        update(User)
        .where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def verify_code(user: User, code: str, now: datetime) -> bool:
    """Check a code from the authenticator app at sign-in."""
    if not user.two_factor_enabled:
        return False
    accepted = _accept_totp(user, code, now)
    if accepted:
        audit.record(user, "two_factor_code_accepted", user, now)
        db.session.commit()
    return accepted


def normalise_recovery_code(code: str | None) -> str:
    return re.sub(r"[\s-]+", "", (code or "").lower())


def use_recovery_code(user: User, code: str, now: datetime) -> bool:
    """Spend one recovery code; each works once."""
    if not user.two_factor_enabled:
        return False
    digest = _sha256(normalise_recovery_code(code))
    # One statement finds and spends it: of two requests racing with one code, only one signs in.
    spent = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == digest, RecoveryCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        db.session.rollback()
        return False
    audit.record(user, "recovery_code_used", user, now)
    db.session.commit()
    return True


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _replace_recovery_codes(user: User, now: datetime) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=_sha256(normalise_recovery_code(code)), created_at=now)
        for code in codes
    )
    return codes


def new_recovery_codes(user: User, now: datetime) -> list[str]:
    """Replace every recovery code (used or not) with 10 new ones, shown once."""
    if not user.two_factor_enabled:
        raise TwoFactorError("Two-factor sign-in is not set up")
    codes = _replace_recovery_codes(user, now)
    audit.record(user, "recovery_codes_replaced", user, now)
    db.session.commit()
    return codes


def unused_recovery_codes(user: User) -> int:
    return len(
        db.session.scalars(
            select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        ).all()
    )


# --- Remembered browsers ----------------------------------------------------------------------


def device_days() -> int:
    return min(int(current_app.config["TRUSTED_DEVICE_DAYS"]), MAX_DEVICE_DAYS)


def device_cookie_name(user: User | int) -> str:
    """One cookie per user, so a shared browser remembered for one person does nothing for another."""
    return f"portal_device_{getattr(user, 'id', user)}"


def remember_device(user: User, description: str, now: datetime) -> tuple[str, datetime]:
    """Remember this browser; returns the token for its cookie and when it expires."""
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(days=device_days())
    db.session.add(
        TrustedDevice(
            user_id=user.id,
            token_hash=_sha256(token),
            description=description[:200],
            created_at=now,
            expires_at=expires_at,
        )
    )
    audit.record(user, "device_remembered", user, now)
    db.session.commit()
    return token, expires_at


def is_remembered(user: User, token: str | None, now: datetime) -> bool:
    """True when ``token`` is this user's unexpired remembered browser."""
    if not token or not user.two_factor_enabled:
        return False
    device = db.session.scalar(select(TrustedDevice).where(TrustedDevice.token_hash == _sha256(token)))
    if device is None or device.user_id != user.id or as_utc(device.expires_at) <= now:
        return False
    device.last_used_at = now
    db.session.commit()
    return True


def remembered_devices(user: User, now: datetime) -> list[TrustedDevice]:
    return list(
        db.session.scalars(
            select(TrustedDevice)
            .where(TrustedDevice.user_id == user.id, TrustedDevice.expires_at > now)
            .order_by(TrustedDevice.created_at)
        )
    )


def _delete_devices(user: User) -> None:
    db.session.execute(delete(TrustedDevice).where(TrustedDevice.user_id == user.id))


def forget_devices(user: User, actor: User, now: datetime) -> None:
    """Ask for a code again on every browser (also done by a password reset)."""
    _delete_devices(user)
    audit.record(actor, "devices_forgotten", user, now)
    db.session.commit()


# --- Turning off and resetting ----------------------------------------------------------------


def _clear(user: User) -> None:
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    _delete_devices(user)


def turn_off(user: User, code: str, now: datetime) -> bool:
    """Turn two-factor off where it is optional, proven with a current code."""
    if is_required(user):
        raise TwoFactorError("Two-factor sign-in is required for your role")
    if not user.two_factor_enabled or not _accept_totp(user, code, now):
        db.session.rollback()
        return False
    _clear(user)
    audit.record(user, "two_factor_turned_off", user, now)
    db.session.commit()
    return True


def reset(user: User, actor: User | None, now: datetime) -> None:
    """Clear the secret, recovery codes and remembered browsers of someone who lost their
    phone; they set two-factor up again at their next sign-in where their role requires it.
    ``actor`` is who did it (None for the command line)."""
    _clear(user)
    user.sessions_valid_from = now  # a session on the lost phone must not go on
    session_records.end_all(user.id, session_records.TWO_FACTOR_RESET, now)
    audit.record(actor, "two_factor_reset", user, now)
    db.session.commit()
