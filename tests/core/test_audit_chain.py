"""Tamper evidence: audit events are chained by hash, and a row changed, removed or cut off in the
database itself is reported at the first broken link (flask portal verify-audit)."""

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import text

from portal.core import audit
from portal.core.audit import AuditEvent
from tests.conftest import FROZEN


@pytest.fixture
def trail(db, world):
    events = [
        audit.record(
            world.manager,
            f"step_{n}",
            world.home,
            FROZEN + timedelta(minutes=n),
            before={"n": n},
            after={"n": n + 1, "note": "é ü"},
        )
        for n in range(5)
    ]
    db.session.commit()
    return [event.id for event in events]


def test_an_untouched_trail_is_intact_and_each_event_points_at_the_one_before(db, trail):
    assert audit.verify() == audit.ChainCheck(checked=5)
    events = [db.session.get(AuditEvent, event_id) for event_id in trail]
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(events))


def test_a_changed_row_is_reported_where_it_was_changed(db, trail):
    db.session.execute(
        text("UPDATE audit_events SET after = :value WHERE id = :id"), {"value": '{"n": 99}', "id": trail[2]}
    )
    db.session.commit()
    db.session.expire_all()
    result = audit.verify()
    assert (result.broken_at, result.checked) == (trail[2], 2)
    assert "changed" in result.reason


def test_a_removed_row_is_reported_at_the_event_after_it(db, trail):
    db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": trail[1]})
    db.session.commit()
    result = audit.verify()
    assert result.broken_at == trail[2] and "removed" in result.reason


def test_removing_the_newest_events_is_reported(db, trail):
    db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": trail[-1]})
    db.session.commit()
    result = audit.verify()
    assert result.broken_at is None and "newest events were removed" in result.reason


def test_a_rolled_back_change_leaves_the_chain_whole(db, world, trail):
    audit.record(world.manager, "abandoned", world.home, FROZEN)
    db.session.rollback()
    audit.record(world.manager, "kept", world.home, FROZEN)
    db.session.commit()
    assert audit.verify() == audit.ChainCheck(checked=6)


def test_the_command_reports_the_first_broken_link(app, db, trail):
    runner = app.test_cli_runner()
    intact = runner.invoke(args=["portal", "verify-audit"])
    assert intact.exit_code == 0 and "intact: 5 events" in intact.output
    db.session.execute(text("UPDATE audit_events SET action = 'rewritten' WHERE id = :id"), {"id": trail[3]})
    db.session.commit()
    broken = runner.invoke(args=["portal", "verify-audit"])
    assert broken.exit_code == 1 and f"broken at event {trail[3]}" in broken.output
