"""Notifications are stored first, in the same transaction as the change that causes them,
and delivered by e-mail afterwards (``flask --app wsgi portal send-outbox``)."""

import smtplib
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class OutboxMessage(db.Model):
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

    @property
    def is_sensitive(self) -> bool:
        """Password reset links are never shown in the portal's outbox view."""
        return self.related_type == "PasswordResetToken"


def queue(recipient, subject: str, body: str, now: datetime, related=None) -> OutboxMessage:
    """Store a notification to ``recipient`` (a User or an e-mail address) in this transaction."""
    address = getattr(recipient, "email", recipient)
    message = OutboxMessage(
        created_at=now,
        recipient=address,
        recipient_user_id=getattr(recipient, "id", None),
        subject=subject,
        body=body,
        related_type=type(related).__name__ if related is not None else None,
        related_id=getattr(related, "id", None),
    )
    db.session.add(message)
    return message


def deliver_pending(config: dict, now: datetime, limit: int = 500) -> tuple[int, int]:
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
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        for message in pending:
            email = EmailMessage()
            email["From"] = config["MAIL_FROM"]
            email["To"] = message.recipient
            email["Subject"] = message.subject
            email["Message-ID"] = f"<outbox-{message.id}@{config['MAIL_FROM'].split('@')[-1]}>"
            email.set_content(message.body)
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


def recent(limit: int = 200) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)))


def find(message_id: int) -> OutboxMessage | None:
    return db.session.get(OutboxMessage, message_id)
