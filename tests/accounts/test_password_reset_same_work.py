"""The reset page does the same work for an address with an account and one without, so its
answer takes the same time (OWASP ASVS 2.5.2; DESIGN.md convention 9). Proved by counting the
work done before the answer, never by timing: the same SQL statements, the same hashing, the
same tokens, the same outbox and audit calls, the same answer. What a real account needs (its
token, its e-mail) is done after the answer has gone, which the test client marks by closing."""

from collections import Counter

import pytest
from sqlalchemy import event, func, select

from portal.accounts import passwords, services
from portal.accounts.models import PasswordResetToken
from portal.core import audit, outbox
from portal.core.outbox import OutboxMessage


@pytest.fixture
def work(app, db, monkeypatch):
    """Counts of what the app does: SQL statements by kind, and calls of the costly steps."""
    counts = Counter()

    def on_statement(conn, cursor, statement, parameters, context, executemany):
        counts["sql " + statement.split(None, 1)[0].upper()] += 1

    def counted(name, function):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(services, "_sha256", counted("sha256", services._sha256))
    monkeypatch.setattr(services.secrets, "token_urlsafe", counted("token", services.secrets.token_urlsafe))
    monkeypatch.setattr(services, "verify_password", counted("verify", services.verify_password))
    monkeypatch.setattr(passwords, "hash_password", counted("hash", passwords.hash_password))
    monkeypatch.setattr(outbox, "queue", counted("queue", outbox.queue))
    monkeypatch.setattr(outbox, "deliver_now", counted("deliver", outbox.deliver_now))
    monkeypatch.setattr(audit, "record", counted("audit", audit.record))
    event.listen(db.engine, "before_cursor_execute", on_statement)
    yield counts
    event.remove(db.engine, "before_cursor_execute", on_statement)


def ask(client, work, email):
    """The answer to a reset request from a browser of its own, and the work done before it."""
    client = client.application.test_client()
    work.clear()
    response = client.post("/password-reset", data={"email": email})
    before = Counter(work)
    response.close()  # the answer has gone
    return response, before


def count(db, model, **where):
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return db.session.scalar(query)


def test_known_and_unknown_addresses_do_the_same_work_before_the_answer(client, db, world, work):
    known, known_work = ask(client, work, world.rm.email)
    unknown, unknown_work = ask(client, work, "ghost@example.com")
    assert known_work == unknown_work
    # Nothing costly or telling happens before the answer, for either (the page's CSP nonce is
    # its only random token).
    assert known_work["token"] <= 1
    assert not {"sha256", "queue", "deliver", "audit", "sql INSERT", "sql UPDATE"} & set(known_work)
    assert known.status_code == unknown.status_code == 302
    assert known.location == unknown.location == "/password-reset/sent"
    assert known.get_data() == unknown.get_data()
    assert sorted(known.headers.keys()) == sorted(unknown.headers.keys())


def test_the_link_still_goes_to_an_account_after_the_answer_and_to_nobody_else(client, db, world, work):
    ask(client, work, world.rm.email)
    ask(client, work, "ghost@example.com")
    db.session.expire_all()
    assert count(db, PasswordResetToken, user_id=world.rm.id) == 1
    assert count(db, OutboxMessage, recipient=world.rm.email) == 1
    assert count(db, OutboxMessage, recipient="ghost@example.com") == 0


def test_a_deactivated_account_does_the_same_work_as_no_account(client, db, world, work):
    world.rm.active = False
    db.session.commit()
    _, deactivated_work = ask(client, work, world.rm.email)
    _, unknown_work = ask(client, work, "ghost@example.com")
    assert deactivated_work == unknown_work
    db.session.expire_all()
    assert count(db, PasswordResetToken) == 0 and count(db, OutboxMessage) == 0


def test_a_failure_after_the_answer_is_logged_not_shown(app, client, db, world, work, monkeypatch, caplog):
    def broken(email, now):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "request_password_reset", broken)
    response, _ = ask(client, work, world.rm.email)
    assert response.status_code == 302
    assert "could not be completed" in caplog.text
