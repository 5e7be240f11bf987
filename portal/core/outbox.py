"""Notifications are stored first, in the same transaction as the change that causes them,
and delivered by e-mail afterwards (``flask --app wsgi portal send-outbox``)."""

import smtplib
import unicodedata
import uuid
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Any

from sqlalchemy import ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.clock import UK, as_utc
from portal.core.paging import Page, paged
from portal.extensions import Model, db


class OutboxMessage(Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    recipient_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    related_type: Mapped[str | None] = mapped_column(String(60))
    related_id: Mapped[int | None]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # The left part of the Message-ID: random, so no two messages ever share one (not after the
    # database is rebuilt either), and kept, so a retried message keeps its identity.
    message_key: Mapped[str] = mapped_column(String(64), unique=True, default=lambda: uuid.uuid4().hex)

    @property
    def is_sensitive(self) -> bool:
        """One-time links (password resets, team invitations) are never shown in the outbox view."""
        return self.related_type in ("PasswordResetToken", "Invitation")


def one_line(text: str | None) -> str:
    """``text`` (a person's name, a subject) as one line for an e-mail: every run of whitespace,
    control or format characters becomes one space. Names are checked when typed
    (core.forms.person_name_problem); this keeps older ones from breaking a message's lines."""
    spaced = "".join(
        " "
        if char.isspace() or (unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char not in "\u200c\u200d")
        else char  # joiners spell names
        for char in text or ""
    )
    return " ".join(spaced.split())


def queue(recipient: object, subject: str, body: str, now: datetime, related: object | None = None) -> OutboxMessage:
    """Store a notification to ``recipient`` (a User or an e-mail address) in this transaction.
    The subject is always one line: a header cannot carry a line break."""
    address = getattr(recipient, "email", recipient)
    message = OutboxMessage(
        created_at=now,
        recipient=address,
        recipient_user_id=getattr(recipient, "id", None),
        subject=one_line(subject)[:200],
        body=body,
        related_type=type(related).__name__ if related is not None else None,
        related_id=getattr(related, "id", None),
    )
    db.session.add(message)
    return message


def _connect(config: dict[str, Any], timeout: float = 30) -> smtplib.SMTP:
    smtp = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=timeout)
    try:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
    except BaseException:
        smtp.close()
        raise
    return smtp


def _email(message: OutboxMessage, config: dict[str, Any]) -> EmailMessage:
    """The message as it goes out: RFC 5322's Date (when the portal wrote it, in England's
    time; a retry keeps it), a Message-ID unique to this message, the service's name beside the sending address,
    and ``Auto-Submitted`` (RFC 3834) so that out-of-office replies are not sent back to it."""
    email = EmailMessage()
    email["From"] = formataddr((config.get("MAIL_FROM_NAME") or config["SERVICE_NAME"], config["MAIL_FROM"]))
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(as_utc(message.created_at).astimezone(UK))
    email["Message-ID"] = f"<{message.message_key}@{config['MAIL_FROM'].split('@')[-1]}>"
    email["Auto-Submitted"] = "auto-generated"
    email["X-Auto-Response-Suppress"] = "All"
    email.set_content(message.body)
    return email


def deliver_now(message: OutboxMessage, config: dict[str, Any], now: datetime, timeout: float = 10) -> bool:
    """Send one already committed message straight away, for mail people are waiting for (a
    password reset link, an invitation) rather than the next scheduled ``send-outbox``.

    Returns whether it was sent. Without SMTP_HOST, or when the server fails or cannot be
    reached, the message stays pending for the scheduled run: never an error to the caller.
    Only a scheduled run starting in the same second could send it a second time, which is
    harmless for a link and better than losing it.
    """
    if not config.get("SMTP_HOST") or message.sent_at is not None:
        return False
    try:
        with _connect(config, timeout) as smtp:
            message.attempts += 1
            smtp.send_message(_email(message, config))
    except (OSError, smtplib.SMTPException) as error:
        db.session.rollback()
        _record_failure(message.id, str(error))
        return False
    message.sent_at = now
    message.last_error = None
    db.session.commit()
    return True


def deliver_after_response(message: OutboxMessage, now: datetime) -> None:
    """``deliver_now`` once this request's answer has gone: how long SMTP takes must not show in
    the answer (a password reset would otherwise tell who has an account). Outside a request it
    sends at once."""
    from flask import Flask, Response, after_this_request, current_app, has_request_context

    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's own method
    message_id = message.id
    if not has_request_context():
        deliver_now(message, app.config, now)
        return

    def deliver() -> None:
        with app.app_context():
            try:
                queued = db.session.get(OutboxMessage, message_id)
                if queued is not None:
                    deliver_now(queued, app.config, now)
            except Exception:  # the scheduled run retries; the answer has gone
                app.logger.warning("outbox message %s left for the scheduled run", message_id, exc_info=True)

    @after_this_request
    def after_the_answer(response: Response) -> Response:
        response.call_on_close(deliver)
        return response


def _record_failure(message_id: int, error: str) -> None:
    try:
        message = db.session.get(OutboxMessage, message_id)
        if message is not None:
            message.attempts += 1
            message.last_error = error[:1000]
            db.session.commit()
    except Exception:  # noqa: BLE001 - the scheduled run retries; the person never sees an error
        db.session.rollback()


def deliver_pending(config: dict[str, Any], now: datetime, limit: int = 500) -> tuple[int, int]:
    """Send pending messages over SMTP; returns (sent, failed). Each is committed on its own,
    so a failure part-way never sends a message twice."""
    if not config.get("SMTP_HOST"):
        raise RuntimeError("SMTP_HOST is not set: messages stay in the outbox")
    pending = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)).order_by(OutboxMessage.id).limit(limit)
    ).all()
    sent = failed = 0
    if not pending:
        return sent, failed
    with _connect(config) as smtp:
        for message in pending:
            email = _email(message, config)
            message.attempts += 1
            try:
                smtp.send_message(email)
            except smtplib.SMTPException as error:
                message.last_error = str(error)[:1000]
                failed += 1
            else:
                message.sent_at = now
                message.last_error = None
                sent += 1
            db.session.commit()
    return sent, failed


SEARCH_MAX = 254  # the longest e-mail address


def newest(number: int = 1, words: str = "") -> Page:
    """Page ``number`` of every message, newest first (the later stored first when made together),
    counted and cut in SQL; with ``words``, only those whose address or subject contains them
    (any case; % and _ are matched as typed)."""
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    words = " ".join(words.split())[:SEARCH_MAX].lower()
    if words:
        query = query.where(
            func.lower(OutboxMessage.recipient).contains(words, autoescape=True)
            | func.lower(OutboxMessage.subject).contains(words, autoescape=True)
        )
    return paged(query, number)


def find(message_id: int) -> OutboxMessage | None:
    return db.session.get(OutboxMessage, message_id)
