"""Use cases of accounts: sign-in slowed down by a throttle, password reset by one-time link."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import delete, func, select

from portal.accounts import session_records, throttle, twofactor
from portal.accounts.models import PasswordResetToken, TrustedDevice, User
from portal.accounts.passwords import hash_password, verify_password
from portal.core import audit, outbox
from portal.core.clock import as_utc
from portal.core.links import absolute_url
from portal.extensions import db


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    wait_seconds: int = 0  # refused until then: too many failures (accounts/throttle.py)

    @property
    def locked(self) -> bool:
        return self.wait_seconds > 0


def _client(client: str | None) -> str:
    """The client a sign-in counts against: the request's address unless one is given."""
    if client is not None:
        return client
    return (request.remote_addr or "") if has_request_context() else ""


def wait_seconds(email: str, now: datetime, client: str | None = None) -> int:
    """How long this client must wait before trying this address again (0: it may try now)."""
    return throttle.wait_seconds(email, _client(client), now)


def wait_message(seconds: int) -> str:
    return throttle.wait_message(seconds)


def record_failure(email: str, now: datetime, client: str | None = None) -> int:
    """Count a wrong password or a wrong two-factor code against the address, the client and the
    two together; returns how long the client must now wait (0: none). Both count together, so
    codes cannot be guessed either."""
    return throttle.failed(email, _client(client), now)


def clear_failures(email: str, now: datetime, client: str | None = None) -> None:
    throttle.succeeded(email, _client(client), now)


def sign_in(email: str, password: str, now: datetime, client: str | None = None) -> SignInResult:
    """Check an e-mail and password, slowing guesses down per address, per client and per both
    (accounts/throttle.py; OWASP ASVS 2.2.1, DESIGN.md convention 9). Failures count whether or
    not an account exists, so neither the messages nor the waits reveal which addresses have
    accounts. A try during a wait is refused before the password is looked at.

    With two-factor on, the failures are cleared only once the code is accepted."""
    waiting = wait_seconds(email, now, client)
    if waiting:
        return SignInResult(None, wait_seconds=waiting)

    user = find_user_by_email(email)
    valid = verify_password(user.password_hash if user else None, password)
    if valid and user.is_active:
        second_step = user.two_factor_enabled or twofactor.is_required(user)
        if not second_step:
            clear_failures(email, now, client)
        audit.record(user, "password_accepted" if second_step else "signed_in", user, now)
        db.session.commit()
        return SignInResult(user)
    return SignInResult(None, wait_seconds=record_failure(email, now, client))


def complete_sign_in(user: User, now: datetime, client: str | None = None) -> None:
    """The second factor was accepted: the failures are forgiven and the sign-in audited."""
    clear_failures(user.email, now, client)
    audit.record(user, "signed_in", user, now)
    db.session.commit()


def ask_for_password_reset(email: str, now: datetime) -> None:
    """The reset page's use case. Its answer must not tell who has an account (OWASP ASVS 2.5.2,
    3.x timing; DESIGN.md convention 9), so during the request it does the same for every
    address: nothing but arrange for ``request_password_reset`` to run once the answer has gone.
    Looking the address up, making the token, queueing and sending the e-mail all happen after
    it, for known and unknown addresses alike. Outside a request it runs at once."""
    from flask import after_this_request, has_request_context

    address = normalise_email(email)
    if not has_request_context():
        request_password_reset(address, now)
        return
    app = current_app._get_current_object()

    def after_the_answer_has_gone():
        with app.app_context():
            try:
                request_password_reset(address, now)
            except Exception:  # the answer has gone; the person can ask again
                db.session.rollback()
                app.logger.warning("a password reset request could not be completed", exc_info=True)

    @after_this_request
    def run_after_the_answer(response):
        response.call_on_close(after_the_answer_has_gone)
        return response


def request_password_reset(email: str, now: datetime) -> None:
    """E-mail a one-time reset link if an active account has this address; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    secret = secrets.token_urlsafe(32)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    token = PasswordResetToken(
        user_id=user.id, token_hash=_sha256(secret), created_at=now, expires_at=now + timedelta(minutes=minutes)
    )
    db.session.add(token)
    db.session.flush()
    link = absolute_url("accounts.reset_password", token=secret)
    message = outbox.queue(
        user,
        "Reset your password",
        f"Dear {outbox.one_line(user.name)},\n\nUse this link to set a new password for the provider portal:\n\n"
        f"{link}\n\nThe link works once, for {minutes} minutes. If you did not ask to reset your "
        "password, you can ignore this e-mail: your password has not changed.\n",
        now,
        related=token,
    )
    audit.record(user, "password_reset_requested", user, now)
    db.session.commit()
    # After the answer when called from the page (ask_for_password_reset): sent at once when
    # SMTP is set up; the scheduled run retries.
    outbox.deliver_after_response(message, now)


def valid_reset_token(secret: str, now: datetime) -> PasswordResetToken | None:
    token = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == _sha256(secret)))
    if token is None or token.used_at is not None or as_utc(token.expires_at) <= now:
        return None
    if not token.user.is_active:
        return None
    return token


def reset_password(token: PasswordResetToken, new_password: str, now: datetime) -> User:
    """Set the new password and spend this and every other open link of the user."""
    user = token.user
    user.password_hash = hash_password(new_password)
    open_tokens = db.session.scalars(
        select(PasswordResetToken).where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
    ).all()
    for open_token in open_tokens:
        open_token.used_at = now
    # A new password does not turn off two-factor, but every remembered browser must ask again.
    db.session.execute(delete(TrustedDevice).where(TrustedDevice.user_id == user.id))
    user.sessions_valid_from = now  # every browser still signed in as them signs in again
    session_records.end_all(user.id, session_records.PASSWORD_RESET, now)
    audit.record(user, "password_reset", user, now)
    db.session.commit()
    return user
