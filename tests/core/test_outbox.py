"""Notifications are stored first and delivered over real SMTP (aiosmtpd on loopback)."""

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from sqlalchemy import select

from portal.core import outbox
from portal.core.outbox import OutboxMessage
from tests.conftest import FROZEN


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, inbox
    controller.stop()


def test_send_outbox_delivers_pending_messages_once(app, db, world, smtp_server):
    controller, inbox = smtp_server
    outbox.queue(world.rm, "First", "Body one", FROZEN, related=world.inspection)
    outbox.queue("someone@example.com", "Second", "Body two", FROZEN)
    db.session.commit()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["portal", "send-outbox"])
    assert result.exit_code == 0, result.output
    assert "Sent 2, failed 0" in result.output
    assert sorted(m["Subject"] for m in inbox.messages) == ["First", "Second"]
    assert inbox.messages[0]["To"] in (world.rm.email, "someone@example.com")
    db.session.expire_all()
    assert all(m.sent_at is not None for m in db.session.scalars(select(OutboxMessage)))
    again = runner.invoke(args=["portal", "send-outbox"])
    assert "Sent 0, failed 0" in again.output and len(inbox.messages) == 2


def test_send_outbox_without_smtp_keeps_messages(app, db, world):
    outbox.queue(world.rm, "Kept", "Body", FROZEN)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["portal", "send-outbox"])
    assert result.exit_code != 0 and "SMTP_HOST is not set" in result.output
    assert db.session.scalar(select(OutboxMessage)).sent_at is None


def test_manager_reads_the_outbox(client, login_as, world, db):
    outbox.queue(world.rm, "Deferral granted", "Your request was granted.", FROZEN)
    db.session.commit()
    login_as(world.manager)
    page = client.get("/inspectorate/outbox").get_data(as_text=True)
    assert "Deferral granted" in page and world.rm.email in page


def test_deliver_now_sends_one_message_at_once(app, db, world, smtp_server):
    controller, inbox = smtp_server
    waiting = outbox.queue(world.rm, "Waiting", "Not this one", FROZEN)
    message = outbox.queue(world.rm, "Now", "This one", FROZEN)
    db.session.commit()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    assert outbox.deliver_now(message, app.config, FROZEN) is True
    assert [m["Subject"] for m in inbox.messages] == ["Now"]
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).sent_at is not None
    assert db.session.get(OutboxMessage, waiting.id).sent_at is None
    assert outbox.deliver_now(db.session.get(OutboxMessage, message.id), app.config, FROZEN) is False
    assert len(inbox.messages) == 1


def test_deliver_now_without_smtp_or_with_a_dead_server_leaves_it_queued(app, db, world):
    message = outbox.queue(world.rm, "Later", "Body", FROZEN)
    db.session.commit()
    assert outbox.deliver_now(message, app.config, FROZEN) is False
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=closed_port)
    assert outbox.deliver_now(message, app.config, FROZEN) is False
    db.session.expire_all()
    stored = db.session.get(OutboxMessage, message.id)
    assert stored.sent_at is None and stored.attempts == 1 and stored.last_error


def test_password_reset_link_is_delivered_at_once_over_smtp(app, client, db, world, smtp_server):
    controller, inbox = smtp_server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    response = client.post("/password-reset", data={"email": world.rm.email})
    assert response.status_code == 302
    response.close()  # the answer has gone: the server closes it, and the e-mail follows
    assert [m["Subject"] for m in inbox.messages] == ["Reset your password"]
    assert inbox.messages[0]["To"] == world.rm.email and "/password-reset/" in inbox.messages[0].get_payload()
    assert db.session.scalar(select(OutboxMessage)).sent_at is not None


def test_password_reset_with_smtp_down_still_answers_and_keeps_the_link_queued(app, client, db, world):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=closed_port)
    response = client.post("/password-reset", data={"email": world.rm.email})
    assert response.status_code == 302 and response.location.endswith("/password-reset/sent")
    response.close()
    db.session.expire_all()
    assert db.session.scalar(select(OutboxMessage)).sent_at is None


def test_messages_carry_the_headers_mail_systems_expect(app, db, world, smtp_server):
    """RFC 5322 Date and a unique Message-ID, the service's name beside the address, and
    Auto-Submitted (RFC 3834) so that automatic replies are not sent back."""
    from email.utils import parseaddr, parsedate_to_datetime

    controller, inbox = smtp_server
    for subject in ("One", "Two"):
        outbox.queue(world.rm, subject, "Body", FROZEN)
    db.session.commit()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, MAIL_FROM="portal@inspectorate.example")
    assert outbox.deliver_pending(app.config, FROZEN) == (2, 0)
    ids = set()
    for message in inbox.messages:
        assert parsedate_to_datetime(message["Date"]) == FROZEN
        assert parseaddr(message["From"]) == (app.config["SERVICE_NAME"], "portal@inspectorate.example")
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["Message-ID"].endswith("@inspectorate.example>")
        ids.add(message["Message-ID"])
    assert len(ids) == 2
    stored = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert sorted(ids) == sorted(f"<{m.message_key}@inspectorate.example>" for m in stored)


def test_the_outbox_is_searched_by_address_or_subject(client, login_as, world, db):
    """Newest first; the words match any part of the address or subject, in any case, and % or _
    only as themselves; the search is kept in the box and in the page links."""
    from datetime import timedelta

    outbox.queue(world.rm, "Deferral granted", "Body", FROZEN - timedelta(hours=2))
    outbox.queue("someone@example.com", "Your draft report", "Body", FROZEN - timedelta(hours=1))
    outbox.queue("other@example.com", "100% done_now", "Body", FROZEN)
    db.session.commit()
    login_as(world.manager)

    def subjects(words):
        page = client.get("/inspectorate/outbox", query_string={"words": words}).get_data(as_text=True)
        return [s for s in ("100% done_now", "Your draft report", "Deferral granted") if s in page], page

    assert subjects("")[0] == ["100% done_now", "Your draft report", "Deferral granted"]
    found, page = subjects("  DRAFT ")
    assert found == ["Your draft report"] and 'value="DRAFT"' in page
    assert subjects(world.rm.email.upper())[0] == ["Deferral granted"]
    assert subjects("%")[0] == ["100% done_now"] and subjects("e_n")[0] == ["100% done_now"]
    found, page = subjects("nothing like it")
    assert found == [] and "No messages match" in page
    page = client.get("/inspectorate/outbox").get_data(as_text=True)
    created = [page.index(s) for s in ("100% done_now", "Your draft report", "Deferral granted")]
    assert created == sorted(created)  # newest first
