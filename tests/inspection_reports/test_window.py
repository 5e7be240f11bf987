"""R-DR-3 / R-TL-2 / R-WD-2: the server takes comments until the last instant of the fifth England
working day after the draft was sent, and nothing from 00:00 UK time after it."""

from datetime import date, datetime, timedelta

import pytest

from portal.core.clock import UK
from portal.inspection_reports import rules, sending
from portal.inspection_reports.comments import delete_comment, submit_return
from portal.inspection_reports.services import ReportError

JUST = timedelta(microseconds=1)

WINDOWS = [
    # Christmas 2026 (DOMAIN.md §4): 25 December and the substitute Boxing Day on 28 December.
    pytest.param(
        datetime(2026, 12, 18, 10, 0, tzinfo=UK),
        datetime(2026, 12, 30, 0, 0, tzinfo=UK),
        "11:59pm on Tuesday 29 December 2026",
        id="christmas-2026",
    ),
    # Easter 2027 (Good Friday 26 March, Easter Monday 29 March), and the clocks go forward on 28 March.
    pytest.param(
        datetime(2027, 3, 25, 16, 30, tzinfo=UK),
        datetime(2027, 4, 6, 0, 0, tzinfo=UK),
        "11:59pm on Monday 5 April 2027",
        id="easter-2027-and-bst",
    ),
    # The clocks go back on 25 October 2026: the window closes at midnight GMT.
    pytest.param(
        datetime(2026, 10, 22, 9, 0, tzinfo=UK),
        datetime(2026, 10, 30, 0, 0, tzinfo=UK),
        "11:59pm on Thursday 29 October 2026",
        id="gmt-returns",
    ),
    # Sent on a Friday evening: the weekend does not count.
    pytest.param(
        datetime(2026, 11, 20, 23, 30, tzinfo=UK),
        datetime(2026, 11, 28, 0, 0, tzinfo=UK),
        "11:59pm on Friday 27 November 2026",
        id="weekend",
    ),
]


@pytest.mark.parametrize("sent, closes, shown", WINDOWS)
def test_comments_are_taken_until_the_last_instant_and_refused_from_midnight(reports, world, sent, closes, shown):
    report = reports.issued(reports.ended(end=date(2026, 10, 9)), now=sent)
    assert report.inspection.comment_window_ends_at == closes
    comment = reports.comment(report, now=closes - JUST)
    with pytest.raises(ReportError, match=shown):
        reports.comment(report, paragraph=2, now=closes)
    with pytest.raises(ReportError, match=shown):
        delete_comment(comment, world.rm, closes)
    with pytest.raises(ReportError, match=shown):
        submit_return(report, False, world.ri, closes)
    assert [c.paragraph_number for c in report.comments] == [1]
    assert submit_return(report, False, world.ri, closes - JUST).status == rules.SUBMITTED


def test_an_extension_moves_the_end_and_the_provider_can_comment_until_then(reports, world, db):
    report = reports.issued()
    original = report.inspection.comment_window_ends_at
    with pytest.raises(ReportError, match="must be after Wednesday 25 November 2026"):
        sending.extend_window(report, date(2026, 11, 25), "Bereavement", world.manager, original - JUST)
    sending.extend_window(
        report, date(2026, 11, 30), "The registered manager is in hospital", world.manager, original - JUST
    )
    assert report.inspection.comment_window_ends_at == datetime(2026, 12, 1, 0, 0, tzinfo=UK)
    reports.comment(report, now=original + timedelta(days=2))
    assert [e.reason for e in report.extensions] == ["The registered manager is in hospital"]


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (date(2026, 12, 5), "Saturday 5 December 2026 is at a weekend"),
        (date(2026, 12, 25), "Friday 25 December 2026 is a bank holiday in England"),
    ],
)
def test_an_extension_ends_on_a_working_day(reports, world, db, day, shown):
    """R-WD-1, R-TL-2: the window never ends on a day the provider's office is closed."""
    report = reports.issued()
    original = report.inspection.comment_window_ends_at
    with pytest.raises(ReportError, match=f"must be a working day: {shown}"):
        sending.extend_window(report, day, "Bereavement", world.manager, original - JUST)
    assert report.inspection.comment_window_ends_at == original and report.extensions == []


def test_nothing_changes_after_the_return_is_sent(reports, world):
    report = reports.returned(comments=1)
    with pytest.raises(ReportError, match="already sent"):
        reports.comment(report, paragraph=3)
    with pytest.raises(ReportError, match="already sent"):
        delete_comment(report.comments[0], world.rm, report.inspection.draft_sent_at)
    with pytest.raises(ReportError, match="extended"):
        sending.extend_window(report, date(2026, 12, 4), "Too late", world.manager, report.inspection.draft_sent_at)
