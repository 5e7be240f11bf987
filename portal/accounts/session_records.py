"""The server's record of each signed-in session, so that a session can be ended for good.

The browser's signed cookie holds a random session key; the database keeps only its sha256 with
who it belongs to, when it began and was last seen, and when and why it ended. Every request
looks its record up (portal/accounts/sessions.py): a cookie whose record has ended, or is past
the absolute lifetime or idle, is refused, so a copy of a cookie taken before sign-out, a
password or two-factor reset or a deactivation is dead at once. Ending a session touches
nothing else: saved drafts stay where they are.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, delete, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.clock import as_utc
from portal.extensions import Model, db

__all__ = ["UserSession"]

SIGNED_OUT = "signed_out"
ENDED_ELSEWHERE = "ended_elsewhere"
PASSWORD_RESET = "password_reset"
TWO_FACTOR_RESET = "two_factor_reset"
DEACTIVATED = "deactivated"
EXPIRED = "expired"
IDLE = "idle"
NO_SECOND_FACTOR = "no_second_factor"
REASONS = (SIGNED_OUT, ENDED_ELSEWHERE, PASSWORD_RESET, TWO_FACTOR_RESET, DEACTIVATED, EXPIRED, IDLE, NO_SECOND_FACTOR)
USER_AGENT_LENGTH = 300
LABEL_LENGTH = 80
# last_seen_at is written at most once a minute, so the server-side idle check allows that much more.
TOUCH_SECONDS = 60


class UserSession(Model):
    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    ended_reason: Mapped[str | None] = mapped_column(String(30))
    user_agent: Mapped[str] = mapped_column(String(USER_AGENT_LENGTH), default="")
    label: Mapped[str] = mapped_column(String(LABEL_LENGTH), default="A browser")


def _sha256(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def browser_label(agent: str | None) -> str:
    """A short "browser on system" name for the account page, like "Chrome on Windows"."""
    from ua_parser import parse

    result = parse((agent or "")[:1000])
    browser = result.user_agent.family if result.user_agent and result.user_agent.family != "Other" else None
    system = result.os.family if result.os and result.os.family != "Other" else None
    device = result.device.family if result.device else None
    if device in ("iPhone", "iPad"):
        system = device
    elif system == "Mac OS X":
        system = "macOS"
    browser = {
        "Mobile Safari": "Safari",
        "HeadlessChrome": "Chrome",
        "Chrome Mobile": "Chrome",
        "Chrome Mobile iOS": "Chrome",
        "Firefox Mobile": "Firefox",
        "Firefox iOS": "Firefox",
        "Edge Mobile": "Edge",
    }.get(browser, browser)
    label = f"{browser or 'A browser'} on {system}" if system else (browser or "A browser")
    return label[:LABEL_LENGTH]


def begin(user_id: int, user_agent: str | None, now: datetime) -> str:
    """A new record for a session that has just signed in; the key to keep in its cookie."""
    key = secrets.token_urlsafe(32)
    agent = (user_agent or "")[:USER_AGENT_LENGTH]
    db.session.add(
        UserSession(
            key_hash=_sha256(key),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            user_agent=agent,
            label=browser_label(agent),
        )
    )
    return key


def find(key) -> UserSession | None:
    if not isinstance(key, str) or not key:
        return None
    return db.session.scalar(select(UserSession).where(UserSession.key_hash == _sha256(key)))


def is_current(record: UserSession, key) -> bool:
    return isinstance(key, str) and record.key_hash == _sha256(key)


def why_over(
    record: UserSession | None, user_id: int, now: datetime, idle: timedelta, lifetime: timedelta
) -> str | None:
    """Why this session may not go on, or None while it is live."""
    if record is None or record.user_id != user_id:
        return SIGNED_OUT
    if record.ended_at is not None:
        return record.ended_reason or SIGNED_OUT
    if now - as_utc(record.created_at) >= lifetime:
        return EXPIRED
    if now - as_utc(record.last_seen_at) > idle + timedelta(seconds=TOUCH_SECONDS):
        return IDLE
    return None


def touch(record: UserSession, now: datetime) -> bool:
    """Note that the session was used; True when that needs writing (at most once a minute)."""
    if now - as_utc(record.last_seen_at) < timedelta(seconds=TOUCH_SECONDS):
        return False
    record.last_seen_at = now
    return True


def end(record: UserSession, reason: str, now: datetime) -> None:
    if record.ended_at is None:
        record.ended_at, record.ended_reason = now, reason


def end_all(user_id: int, reason: str, now: datetime, keep_id: int | None = None) -> int:
    """End every open session of a user (but ``keep_id``); the caller commits. How many ended."""
    statement = update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
    if keep_id is not None:
        statement = statement.where(UserSession.id != keep_id)
    result = db.session.execute(
        statement.values(ended_at=now, ended_reason=reason).execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0


def live_of(user_id: int, now: datetime, idle: timedelta, lifetime: timedelta) -> list[UserSession]:
    """The user's sessions that are still live, the most recently seen first."""
    records = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    ).all()
    return [record for record in records if why_over(record, user_id, now, idle, lifetime) is None]


def purge(now: datetime, lifetime: timedelta, kept_for: timedelta = timedelta(days=30)) -> int:
    """Forget sessions that ended, or outlived the absolute lifetime, more than ``kept_for`` ago
    (the audit trail keeps who signed in and out); how many were forgotten. The caller commits."""
    before = now - kept_for
    result = db.session.execute(
        delete(UserSession).where(or_(UserSession.ended_at < before, UserSession.created_at < before - lifetime))
    )
    return result.rowcount or 0
