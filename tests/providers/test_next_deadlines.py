"""The provider's next deadlines across all its settings (issue 18): Annex A, the comment window,
reports owed, visit reports and reviews due, responses to complaints; soonest first, overdue
before them, each with its exact time and working days; another provider's never shown."""

from datetime import timedelta

from bs4 import BeautifulSoup

from portal.dashboards.deadlines import next_deadlines
from tests.annex_a.test_return import request_annex
from tests.complaints.conftest import ComplaintBuilder
from tests.conftest import FROZEN
from tests.inspection_reports.conftest import ReportBuilder


def panel(client) -> BeautifulSoup:
    page = BeautifulSoup(client.get("/dashboard").get_data(as_text=True), "html.parser")
    heading = page.find(id="next-deadlines")
    return heading.find_next_sibling()


def test_every_kind_of_deadline_is_listed_soonest_first_with_its_time(client, login_as, world, db, make):
    request_annex(client, login_as, world, due=("18", "11", "2026", "17:00"))  # FROZEN is 10:00 that day
    complaint = ComplaintBuilder(db, make, world).lodged()
    items, total = next_deadlines(world.ri, FROZEN, shown=20)
    whats = [item.what for item in items]
    soonest = next(item for item in items if not item.overdue)
    assert soonest.what == "Send Annex A to the inspector" and soonest.where.startswith(world.home.name)
    assert any(w == f"Response to your complaint {complaint.reference} due from the inspectorate" for w in whats)
    assert any(w.startswith("Visit reports for visits in October 2026") for w in whats)
    september = next(item for item in items if item.what == "Visit reports for visits in September 2026")
    assert september.overdue and september.where.endswith("sent none")  # due by the end of October
    assert any("quality-of-care review due" in w for w in whats)
    overdue = [item for item in items if item.overdue]
    assert items[: len(overdue)] == overdue  # overdue ones first, then by time
    upcoming = [item.due for item in items[len(overdue) :] if item.due is not None]
    assert upcoming == sorted(upcoming) and total >= len(items)

    login_as(world.ri)
    shown = panel(client)
    first = next(li for li in shown.find_all("li") if "Overdue" not in li.get_text())
    assert first.a.get_text() == "Send Annex A to the inspector" and first.a["href"].endswith("/annex-a")
    assert "By 5:00pm on Wednesday 18 November 2026" in first.get_text() and "(today)" in first.get_text()
    assert "October 2026" in shown.get_text() and "11:59pm on Monday 30 November 2026" in shown.get_text()


def test_the_comment_window_and_the_reports_owed_by_the_inspectorate(client, login_as, world, db, make):
    report = ReportBuilder(db, make, world).issued()
    items, _ = next_deadlines(world.rm, FROZEN, shown=20)
    window = next(i for i in items if i.what.startswith("Comment on the draft report"))
    assert window.due == report.inspection.comment_window_ends_at.replace(tzinfo=window.due.tzinfo)
    assert window.endpoint == "inspections_provider.show"
    later, _ = next_deadlines(world.rm, FROZEN + timedelta(days=20), shown=20)  # the window closed, the final is owed
    assert not any(i.what.startswith("Comment on the draft") for i in later)
    assert any(i.what == "Final report due from the inspectorate" for i in later)


def test_another_providers_deadlines_never_show(client, login_as, world, db, make):
    request_annex(client, login_as, world)
    items, _ = next_deadlines(world.rival_ri, FROZEN)
    assert all(world.home.name not in item.where for item in items)
    login_as(world.rival_ri)
    assert world.home.name not in panel(client).get_text()


def test_an_independent_person_sees_only_their_visit_reports_due(client, login_as, world, db, make):
    request_annex(client, login_as, world)
    items, _ = next_deadlines(world.ip, FROZEN)
    assert [(item.what, item.overdue) for item in items] == [
        ("Visit reports for visits in September 2026", True),
        ("Visit reports for visits in October 2026", False),
    ]
    make.report(world.home, world.ip)  # a report for October (the builder's default visit)
    items, _ = next_deadlines(world.ip, FROZEN)
    assert all("October 2026" not in item.what for item in items)
