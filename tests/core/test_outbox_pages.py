"""The outbox in pages (issue 17): 50 messages a page, newest first, counted in SQL; odd page
numbers never an error; the same statements for one page of a few messages or many."""

import re
from datetime import timedelta

from portal.core import outbox
from tests.conftest import FROZEN
from tests.monitoring_reports.test_queries import _queries

OUTBOX = "/inspectorate/outbox"


def _messages(db, world, count, start=0, at=FROZEN):
    """``count`` messages, the n-th made n minutes after ``at``; every third to someone without an account."""
    for n in range(start, start + count):
        recipient = world.rm if n % 3 else f"person{n}@example.com"
        outbox.queue(recipient, f"Message {n:03d}", f"Body {n}", at + timedelta(minutes=n))
    db.session.commit()


def _subjects_on(page: str) -> list[str]:
    return re.findall(r'href="/inspectorate/outbox/\d+">([^<]+)</a>', page)


def test_fifty_messages_a_page_newest_first_with_the_count_of_all(client, login_as, world, db):
    _messages(db, world, 53)
    login_as(world.manager)
    first = client.get(OUTBOX).get_data(as_text=True)
    second = client.get(f"{OUTBOX}?page=2").get_data(as_text=True)
    assert "Showing 1 to 50 of 53 messages, newest first." in first
    assert "Showing 51 to 53 of 53 messages, newest first." in second
    assert _subjects_on(first) == [f"Message {n:03d}" for n in range(52, 2, -1)]
    assert _subjects_on(second) == ["Message 002", "Message 001", "Message 000"]
    assert 'href="/inspectorate/outbox?page=2"' in first and 'rel="prev"' not in first
    assert 'rel="prev"' in second and 'aria-current="page"' in second
    assert "Messages, newest first, page 2 of 2</caption>" in second
    assert 'aria-label="Pages of the outbox"' in first


def test_more_than_the_old_cap_of_200_can_be_reached(client, login_as, world, db):
    _messages(db, world, 205)
    login_as(world.manager)
    last = client.get(f"{OUTBOX}?page=5").get_data(as_text=True)
    assert "Showing 201 to 205 of 205 messages" in last
    assert _subjects_on(last) == [f"Message {n:03d}" for n in range(4, -1, -1)]


def test_messages_made_at_the_same_moment_come_latest_stored_first_and_never_twice(client, login_as, world, db):
    for n in range(55):
        outbox.queue(world.rm, f"Same moment {n:03d}", "Body", FROZEN)
    db.session.commit()
    login_as(world.manager)
    pages = [_subjects_on(client.get(f"{OUTBOX}?page={n}").get_data(as_text=True)) for n in (1, 2)]
    assert pages[0] + pages[1] == [f"Same moment {n:03d}" for n in range(54, -1, -1)]


def test_a_few_messages_are_one_page_with_their_count(client, login_as, world, db):
    _messages(db, world, 2)
    login_as(world.manager)
    page = client.get(OUTBOX).get_data(as_text=True)
    assert "2 messages, newest first." in page and "govuk-pagination" not in page and "Showing" not in page


def test_odd_page_numbers_show_a_page_never_an_error(client, login_as, world, db):
    _messages(db, world, 51)
    login_as(world.manager)
    for query in ("page=abc", "page=0", "page=-1", "page=999999", "page=99999999999999999999", "page=%00", "page=2.0"):
        assert client.get(f"{OUTBOX}?{query}").status_code == 200, query
    assert "Showing 51 to 51 of 51" in client.get(f"{OUTBOX}?page=999999").get_data(as_text=True)
    assert "Showing 1 to 50 of 51" in client.get(f"{OUTBOX}?page=0").get_data(as_text=True)


def test_only_inspectorate_managers_read_it_on_any_page(client, login_as, world, db):
    _messages(db, world, 51)
    for user in (world.inspector, world.ri, world.rm):
        login_as(user)
        assert client.get(f"{OUTBOX}?page=2").status_code in (403, 404)


def test_one_page_costs_the_same_statements_for_a_few_messages_or_many(client, login_as, world, db):
    _messages(db, world, 3)
    login_as(world.manager)
    few = _queries(client, OUTBOX)
    _messages(db, world, 150, start=3)
    assert _queries(client, OUTBOX) == few == _queries(client, f"{OUTBOX}?page=3")
