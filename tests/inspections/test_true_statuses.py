"""Every status is true (issue 14): the provider's dashboard never says "Nothing due" while an
Annex A is asked for (R-AXA-2) or the provider waits for a draft or final report (R-TL-1, R-TL-5);
no page says "Final report sent" or "will be published" of a published report (R-TL-3, R-PUB-1);
a window that has closed never reads "not yet"; an inspection that is not going ahead (withdrawn,
or a status this code does not know) shows nothing as due, and its pages still open.

Now is Wednesday 18 November 2026, 10:00 (tests/conftest.py FROZEN).
"""

import re
from datetime import UTC, date, datetime

import pytest

from portal.annex_a.models import AnnexARequest
from portal.complaints import services as complaint_services
from portal.dashboards.provider import next_deadline
from portal.inspection_reports import rules as report_rules
from portal.inspections import rules, timeline
from portal.inspections.timeline import comment_deadline
from tests.complaints.conftest import ComplaintBuilder
from tests.conftest import FROZEN
from tests.inspection_reports.conftest import ReportBuilder

END = date(2026, 11, 2)  # a Monday: draft by 26 November, final by 14 December
DRAFT_SENT = datetime(2026, 11, 5, 10, tzinfo=UTC)  # comment window: to the end of 12 November


@pytest.fixture
def reports(db, make, world):
    return ReportBuilder(db, make, world)


@pytest.fixture
def complaints(db, make, world):
    return ComplaintBuilder(db, make, world)


def _row(page: str, name: str) -> str:
    """The dashboard's row of the setting called ``name``."""
    start = page.index(f">{name}</a>")
    return page[start : page.index("</tr>", start)]


def _status(page: str) -> str:
    """The inspection summary's Status value."""
    match = re.search(r'Status\s*</dt>\s*<dd class="govuk-summary-list__value">\s*(.*?)\s*</dd>', page, re.DOTALL)
    assert match, "no Status row"
    return match.group(1)


def _timeline(page: str) -> str:
    start = page.index('id="timeline"')
    return page[start : page.index("</table>", start)]


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _ended(db, world, **milestones):
    inspection = world.inspection
    inspection.status, inspection.end_date, inspection.start_date = rules.ENDED, END, date(2026, 10, 29)
    for name, value in milestones.items():
        setattr(inspection, name, value)
    db.session.commit()
    return inspection


# R-AXA-2: an Annex A asked for is due --------------------------------------------------------------


def _annex_a_request(db, inspection, due_at, status="requested"):
    request = AnnexARequest(
        inspection_id=inspection.id,
        status=status,
        requested_by_id=inspection.lead_inspector_id,
        requested_at=FROZEN.replace(hour=9),
        due_at=due_at,
    )
    db.session.add(request)
    db.session.commit()
    return request


def test_r_axa_2_an_open_annex_a_request_is_due_on_the_provider_dashboard(client, login_as, world, db):
    """On site (no timeline yet), with Annex A asked for by 17:00 today: the row says so, with a
    link to the setting's Annex A, and never "Nothing due"; once returned, nothing is due."""
    request = _annex_a_request(db, world.inspection, datetime(2026, 11, 18, 17, tzinfo=UTC))
    login_as(world.rm)
    row = _row(_get(client, "/dashboard"), "Oak House")
    assert "Send Annex A to the inspector" in row and "by 5:00pm on Wednesday 18 November 2026" in row
    assert "(today)" in row and f"/settings/{world.home.id}/annex-a" in row
    assert "Nothing due" not in row

    request.status = "returned"
    db.session.commit()
    assert "Nothing due" in _row(_get(client, "/dashboard"), "Oak House")


def test_r_axa_2_an_annex_a_past_its_due_time_is_still_due(client, login_as, world, db):
    _annex_a_request(db, world.inspection, datetime(2026, 11, 18, 9, tzinfo=UTC))  # an hour ago
    login_as(world.rm)
    row = _row(_get(client, "/dashboard"), "Oak House")
    assert "Send Annex A to the inspector" in row and "was due 9:00am on Wednesday 18 November 2026" in row
    assert "Nothing due" not in row


def test_r_axa_2_an_updated_version_asked_for_is_due_again(client, login_as, world, db):
    _annex_a_request(db, world.inspection, datetime(2026, 11, 20, 12, tzinfo=UTC), status="update_requested")
    login_as(world.ri)
    row = _row(_get(client, "/dashboard"), "Oak House")
    assert "Send Annex A to the inspector" in row and "by midday on Friday 20 November 2026" in row


# R-TL-1, R-TL-5: the provider waits for the inspectorate's reports ---------------------------------


def test_r_tl_1_after_commenting_the_provider_waits_for_the_final_report(client, login_as, world, db):
    """The comments went in on 10 November: the final is due by day 30, Monday 14 December."""
    _ended(
        db,
        world,
        status=rules.DRAFT_SENT,
        draft_sent_at=DRAFT_SENT,
        comment_window_ends_at=comment_deadline(DRAFT_SENT),
        comments_received_at=datetime(2026, 11, 10, 15, tzinfo=UTC),
    )
    login_as(world.rm)
    row = _row(_get(client, "/dashboard"), "Oak House")
    assert "Final report due from the inspectorate" in row and "11:59pm on Monday 14 December 2026" in row
    assert "Nothing due" not in row and "Overdue" not in row


def test_r_tl_2_a_window_closed_without_comments_still_leaves_the_final_due(client, login_as, world, db):
    """Nothing was sent by 12 November: the timeline says so ("Closed: no comments sent") and the
    dashboard shows the final the provider waits for."""
    inspection = _ended(
        db,
        world,
        status=rules.DRAFT_SENT,
        draft_sent_at=DRAFT_SENT,
        comment_window_ends_at=comment_deadline(DRAFT_SENT),
    )
    login_as(world.rm)
    assert "Final report due from the inspectorate" in _row(_get(client, "/dashboard"), "Oak House")
    steps = _timeline(_get(client, f"/inspections/{inspection.id}"))
    comments = steps[steps.index("Provider comments on the draft") :]
    assert "Closed: no comments sent" in comments[: comments.index("</tr>")]


def test_r_tl_1_an_overdue_draft_is_overdue_not_nothing_due(client, login_as, world, db):
    """Ended 1 October: the draft was due by Tuesday 27 October and has not come. The provider's
    dashboard shows it overdue; the inspectorate's dashboard shows the missed target, not "None"."""
    inspection = _ended(db, world, end_date=date(2026, 10, 1), start_date=date(2026, 9, 29))
    login_as(world.rm)
    row = _row(_get(client, "/dashboard"), "Oak House")
    assert "Draft report due from the inspectorate" in row and "Overdue" in row
    assert "was due" in row and "11:59pm on Tuesday 27 October 2026" in row and "Nothing due" not in row
    login_as(world.inspector)
    page = _get(client, "/inspectorate/")
    listed = page[page.index(f'/inspectorate/inspections/{inspection.id}"') :]
    listed = listed[: listed.index("</tr>")]
    assert "Draft report sent to provider" in listed and "Overdue" in listed and ">None<" not in listed


def test_r_tl_5_a_final_held_by_a_complaint_is_shown_held(client, login_as, world, db, reports, complaints):
    """The draft went on 5 November, the complaint was lodged on 9 November and the window closed on
    12 November: the provider waits for a final that a complaint holds (R-CMP-2), no date to give."""
    inspection = reports.ended(end=date(2026, 9, 1))
    reports.issued(inspection, now=DRAFT_SENT)
    lodged_at = datetime(2026, 11, 9, 11, tzinfo=UTC)
    complaint_services.lodge(complaints.prepared(inspection, now=lodged_at), world.ri, lodged_at)
    login_as(world.rm)
    row = _row(_get(client, "/dashboard"), "Oak House")
    assert "Final report held" in row and "Held by a complaint" in row
    assert "Nothing due" not in row and "Overdue" not in row


def test_next_deadline_puts_an_overdue_step_before_a_later_one_and_a_held_final_last(world, db):
    inspection = _ended(db, world, end_date=date(2026, 10, 1), start_date=date(2026, 9, 29))
    first = next_deadline([inspection], FROZEN, held={}, withheld=set(), annex_a={})
    assert first.overdue and first.what == "Draft report due from the inspectorate"
    inspection.draft_sent_at = datetime(2026, 10, 20, 10, tzinfo=UTC)
    inspection.comment_window_ends_at = comment_deadline(inspection.draft_sent_at)
    inspection.status = rules.DRAFT_SENT
    db.session.commit()
    held = next_deadline(
        [inspection], FROZEN, held={inspection.id: ["Held by a complaint"]}, withheld=set(), annex_a={}
    )
    assert held.due is None and held.held_by == ("Held by a complaint",)


# R-TL-3, R-PUB-1: a published report says so ------------------------------------------------------


def _final_sent(db, reports, sent_at, end=date(2026, 10, 1)):
    """A children's home's full inspection whose draft went on 20 October (no comments came) and
    whose final went at ``sent_at``."""
    inspection = reports.ended(end=end)
    report = reports.issued(inspection, now=datetime(2026, 10, 20, 10, tzinfo=UTC))
    report.status = report_rules.FINAL_SENT
    inspection.status, inspection.final_sent_at = rules.FINAL_SENT, sent_at
    report.final = report.draft
    db.session.commit()
    return inspection


def test_r_pub_1_a_published_report_is_published_on_every_page(client, login_as, world, db, reports):
    """The final went on Monday 2 November: published on Monday 9 November (R-TL-3), before now."""
    inspection = _final_sent(db, reports, datetime(2026, 11, 2, 10, tzinfo=UTC))
    login_as(world.rm)
    provider = _get(client, f"/inspections/{inspection.id}")
    assert _status(provider) == "Published Monday 9 November 2026"
    assert "Published Monday 9 November 2026" in _timeline(provider)
    setting = _get(client, f"/settings/{world.home.id}")
    assert "– Published Monday 9 November 2026" in setting and "– Final report sent" not in setting

    login_as(world.inspector)
    inspectorate = _get(client, f"/inspectorate/inspections/{inspection.id}")
    assert _status(inspectorate) == "Published Monday 9 November 2026"
    dashboard = _get(client, "/inspectorate/")
    listed = dashboard[dashboard.index(f'/inspectorate/inspections/{inspection.id}"') :]
    listed = listed[: listed.index("</tr>")]
    assert "Published Monday 9 November 2026" in listed and "Final report sent" not in listed
    overview = _get(client, f"/inspectorate/inspections/{inspection.id}/report")
    status = overview[overview.index('id="report-status"') :]
    assert status[: status.index("</dd>")].endswith("Published Monday 9 November 2026")
    assert "It was published on Monday 9 November 2026." in overview
    assert "will be published" not in overview and "confidential until then" not in overview


def test_r_tl_3_a_final_under_embargo_says_so_until_publication(client, login_as, world, db, reports):
    """The final went on Tuesday 17 November: under embargo until Tuesday 24 November."""
    inspection = _final_sent(db, reports, datetime(2026, 11, 17, 12, tzinfo=UTC))
    login_as(world.rm)
    page = _get(client, f"/inspections/{inspection.id}")
    assert _status(page) == "Final report sent: under embargo until Tuesday 24 November 2026"
    assert "Published" not in _status(page)
    login_as(world.inspector)
    overview = _get(client, f"/inspectorate/inspections/{inspection.id}/report")
    assert "It will be published on Tuesday 24 November 2026 and is confidential until then." in overview
    assert "It was published" not in overview


def test_r_dr_3_a_return_never_sent_reads_closed_not_not_sent_yet(client, login_as, world, db, reports):
    """The window of the draft sent on 20 October closed on 27 October with nothing sent."""
    inspection = _final_sent(db, reports, datetime(2026, 11, 2, 10, tzinfo=UTC))
    login_as(world.inspector)
    overview = _get(client, f"/inspectorate/inspections/{inspection.id}/report")
    returned = overview[overview.index('id="return-status"') :]
    returned = returned[: returned.index("</dd>")]
    assert report_rules.NOTHING_SENT in returned and "Not sent yet" not in returned
    assert report_rules.return_status_label(report_rules.OPEN, window_open=True) == "Not sent yet"


def test_r_qa_steps_never_recorded_read_none_recorded_once_the_final_is_sent(client, login_as, world, db, reports):
    """A quality check not recorded reads "Not yet" while the report is written, and "None recorded"
    once the final has gone, never "Not yet" beside a published report."""
    report = reports.written(reports.ended(end=date(2026, 10, 1)))
    inspection = report.inspection
    login_as(world.inspector)

    def quality_table():
        page = _get(client, f"/inspectorate/inspections/{inspection.id}")
        start = page.index('id="quality-timeline"')
        return page[start : page.index("</table>", start)]

    assert "Not yet" in quality_table()
    inspection.status, inspection.final_sent_at = rules.FINAL_SENT, datetime(2026, 11, 2, 10, tzinfo=UTC)
    report.status = report_rules.FINAL_SENT
    db.session.commit()
    table = quality_table()
    assert "None recorded" in table and "Not yet" not in table


# Not going ahead: nothing is due --------------------------------------------------------------------


@pytest.mark.parametrize("status, label", [("withdrawn", "Withdrawn"), ("paused_for_review", "Paused for review")])
def test_an_inspection_not_going_ahead_shows_nothing_due(client, login_as, world, db, status, label):
    """An ended inspection whose draft was due on 27 October, then withdrawn (or given a status this
    code does not know yet): its steps not done are "Not going ahead", never due or missed; the
    pages open (200); the provider's dashboard has nothing due; an Annex A asked for is not due."""
    inspection = _ended(db, world, end_date=date(2026, 10, 1), start_date=date(2026, 9, 29), status=status)
    _annex_a_request(db, inspection, datetime(2026, 11, 18, 17, tzinfo=UTC))
    login_as(world.inspector)
    page = _get(client, f"/inspectorate/inspections/{inspection.id}")
    assert label in _status(page)
    steps = _timeline(page)
    assert "Not going ahead" in steps
    assert "Due in" not in steps and "Missed" not in steps and "Waiting for an earlier step" not in steps
    dashboard = _get(client, "/inspectorate/")
    link = f'/inspectorate/inspections/{inspection.id}"'
    if status != "withdrawn" or link in dashboard:  # a worklist may leave withdrawn inspections out
        listed = dashboard[dashboard.index(link) :]
        assert ">None<" in listed[: listed.index("</tr>")]
    login_as(world.rm)
    row = _row(_get(client, "/dashboard"), "Oak House")
    assert "Nothing due" in row and "Annex A" not in row


def test_timeline_build_stops_unfinished_steps_and_keeps_what_happened():
    """What happened before the stop stays (met); nothing after it is due, open or missed."""
    built = {
        s.key: s
        for s in timeline.build(
            "CH",
            rules.FULL,
            date(2026, 10, 1),
            datetime(2026, 10, 20, 10, tzinfo=UTC),
            None,
            None,
            None,
            FROZEN,
            status="withdrawn",
        )
    }
    assert built["draft_sent"].status == timeline.MET
    assert built["comments"].status == timeline.CLOSED
    assert built["final_sent"].status == timeline.STOPPED
    assert built[timeline.PUBLISHED].status == timeline.STOPPED
    going = {
        s.key: s
        for s in timeline.build(
            "CH", rules.FULL, date(2026, 10, 20), None, None, None, None, FROZEN, status=rules.ENDED
        )
    }
    assert going["draft_sent"].status == timeline.MISSED and going["final_sent"].status == timeline.DUE
