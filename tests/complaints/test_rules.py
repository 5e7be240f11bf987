"""Pure rules of complaints (DOMAIN.md §8): when one can be lodged, its target, its lifecycle."""

from datetime import UTC, datetime, timedelta

from portal.complaints import rules
from portal.core.clock import UK

SENT = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
WINDOW_END = datetime(2026, 11, 26, 0, 0, tzinfo=UTC)


def test_r_cmp_1_lodging_is_open_within_the_draft_window_and_after_the_final():
    assert "once the draft report is sent" in rules.lodging_problem(None, None, None, SENT)
    assert rules.lodging_problem(SENT, WINDOW_END, None, WINDOW_END - timedelta(microseconds=1)) is None
    assert "window has closed" in rules.lodging_problem(SENT, WINDOW_END, None, WINDOW_END)
    assert (
        rules.lodging_problem(SENT, WINDOW_END, WINDOW_END + timedelta(days=9), WINDOW_END + timedelta(days=9)) is None
    )


def test_the_response_target_counts_working_days_from_receipt_across_christmas():
    lodged = datetime(2026, 12, 18, 15, 0, tzinfo=UK)
    # 30 working days after Friday 18 December 2026, with 25 and 28 December and 1 January off.
    assert rules.response_due(lodged) == datetime(2027, 2, 4, 0, 0, tzinfo=UK)  # the end of Wednesday 3 February
    assert rules.response_due(lodged, 5) == datetime(2026, 12, 30, 0, 0, tzinfo=UK)


def test_overdue_only_while_awaiting_a_response():
    due = datetime(2027, 2, 3, 0, 0, tzinfo=UK)
    assert rules.is_overdue(rules.INVESTIGATING, due, due)
    assert not rules.is_overdue(rules.INVESTIGATING, due, due - timedelta(seconds=1))
    assert not rules.is_overdue(rules.RESPONDED, due, due + timedelta(days=3))
