"""The inspectorate's complaints page in pages (issue 17): the lodged complaints 50 a page, newest
first, counted in SQL and swapped in place by htmx; the overdue ones (R-CMP-3) and the concerns
waiting for a reply (R-CMP-5) chosen in SQL, the first 50 of each with the count of all; odd page
numbers never an error; the same statements for one page of a few complaints or many."""

import re
from datetime import timedelta

from bs4 import BeautifulSoup
from sqlalchemy import update

from portal.complaints import rules
from portal.complaints.models import Complaint, InformalConcern
from tests.conftest import FROZEN
from tests.monitoring_reports.test_queries import _queries

LIST = "/inspectorate/complaints"
ON_TIME = FROZEN + timedelta(days=30)


def _complaints(db, world, count, start=0, due=ON_TIME, status=rules.RECEIVED, investigator=None, lodged=None):
    """``count`` lodged complaints about world's inspection, the n-th lodged n minutes after FROZEN
    (or all at ``lodged``) and due ``due`` plus n minutes."""
    for n in range(start, start + count):
        db.session.add(
            Complaint(
                inspection_id=world.inspection.id,
                status=status,
                reference=f"CMP-T{n:05d}",
                categories=["conduct"],
                prepared_by_id=world.rm.id,
                created_at=FROZEN,
                updated_at=FROZEN,
                lodged_by_id=world.ri.id,
                lodged_at=lodged or FROZEN - timedelta(days=60) + timedelta(minutes=n),
                response_due_at=due + timedelta(minutes=n),
                investigator_id=investigator.id if investigator else None,
            )
        )
    db.session.commit()


def _concerns(db, world, count, start=0, replied=False):
    for n in range(start, start + count):
        db.session.add(
            InformalConcern(
                inspection_id=world.inspection.id,
                reference=f"IC-T{n:05d}",
                submission_key=f"key-{n}",
                text="An inspector arrived at 6am.",
                raised_by_id=world.rm.id,
                raised_at=FROZEN - timedelta(days=5) + timedelta(minutes=n),
                reply="We have looked into it." if replied else None,
            )
        )
    db.session.commit()


def _in(page: str, element_id: str) -> list[str]:
    """The references linked inside the element ``element_id``, in order."""
    found = BeautifulSoup(page, "html.parser").find(id=element_id)
    return [a.get_text() for a in found.find_all("a", href=re.compile(r"/(complaints|concerns)/\d+$"))] if found else []


def test_fifty_complaints_a_page_newest_first_with_the_count_of_all(client, login_as, world, db):
    _complaints(db, world, 53)
    login_as(world.manager)
    first = client.get(LIST).get_data(as_text=True)
    second = client.get(f"{LIST}?page=2").get_data(as_text=True)
    assert "Showing 1 to 50 of 53 complaints, newest first." in first
    assert "Showing 51 to 53 of 53 complaints, newest first." in second
    assert _in(first, "complaint-list") == [f"CMP-T{n:05d}" for n in range(52, 2, -1)]
    assert _in(second, "complaint-list") == ["CMP-T00002", "CMP-T00001", "CMP-T00000"]
    assert 'href="/inspectorate/complaints?page=2"' in first and 'rel="prev"' not in first
    assert 'hx-boost="true"' in first and 'hx-target="#complaint-list"' in first
    assert "Formal complaints, newest first, page 2 of 2</caption>" in second
    assert 'aria-label="Pages of formal complaints"' in first


def test_complaints_lodged_at_the_same_moment_are_never_on_two_pages(client, login_as, world, db):
    _complaints(db, world, 55, lodged=FROZEN - timedelta(days=1))
    login_as(world.manager)
    pages = [_in(client.get(f"{LIST}?page={n}").get_data(as_text=True), "complaint-list") for n in (1, 2)]
    assert pages[0] + pages[1] == [f"CMP-T{n:05d}" for n in range(54, -1, -1)]


def test_a_page_of_the_list_answers_htmx_with_the_list_only(client, login_as, world, db):
    _complaints(db, world, 52, due=FROZEN - timedelta(days=1))
    login_as(world.manager)
    fragment = client.get(f"{LIST}?page=2", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<h1" not in body and 'id="overdue-list"' not in body
    assert "Showing 51 to 52 of 52" in body and "HX-Request" in fragment.headers.get("Vary", "")
    restore = client.get(f"{LIST}?page=2", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<h1" in restore.get_data(as_text=True) and 'id="overdue-list"' in restore.get_data(as_text=True)
    whole = client.get(f"{LIST}?page=2").get_data(as_text=True)
    assert "<h1" in whole and 'id="complaint-list"' in whole and "Showing 51 to 52 of 52" in whole


def test_odd_page_numbers_show_a_page_never_an_error(client, login_as, world, db):
    _complaints(db, world, 51)
    login_as(world.manager)
    for query in ("page=abc", "page=0", "page=-1", "page=999999", "page=99999999999999999999", "page=%00", "page=1e3"):
        assert client.get(f"{LIST}?{query}").status_code == 200, query
    assert "Showing 51 to 51 of 51" in client.get(f"{LIST}?page=999999").get_data(as_text=True)
    assert "Showing 1 to 50 of 51" in client.get(f"{LIST}?page=abc").get_data(as_text=True)


def test_the_overdue_are_chosen_in_sql_earliest_target_first_the_first_fifty_with_the_count(
    client, login_as, world, db
):
    _complaints(db, world, 55, due=FROZEN - timedelta(days=2))
    _complaints(db, world, 3, start=100)  # on time
    _complaints(db, world, 2, start=200, due=FROZEN - timedelta(days=9), status=rules.RESPONDED)
    login_as(world.manager)
    page = client.get(LIST).get_data(as_text=True)
    assert _in(page, "overdue-list") == [f"CMP-T{n:05d}" for n in range(50)]
    assert "There are 55: the 50 with the earliest targets are listed here" in page


def test_an_inspector_sees_only_the_overdue_complaints_they_investigate(client, login_as, world, db):
    _complaints(db, world, 52, due=FROZEN - timedelta(days=2))
    _complaints(db, world, 2, start=100, due=FROZEN - timedelta(days=3), investigator=world.colleague)
    _complaints(db, world, 51, start=200, investigator=world.colleague, status=rules.INVESTIGATING)
    login_as(world.colleague)
    page = client.get(LIST).get_data(as_text=True)
    assert _in(page, "overdue-list") == ["CMP-T00100", "CMP-T00101"] and "There are" not in page
    assert "Showing 1 to 50 of 53 complaints" in page and 'id="concern-list"' not in page
    listed = _in(page, "complaint-list") + _in(client.get(f"{LIST}?page=2").get_data(as_text=True), "complaint-list")
    assert sorted(listed) == [f"CMP-T{n:05d}" for n in (100, 101, *range(200, 251))]
    assert 'aria-label="Pages of complaints you investigate"' in page


def test_concerns_waiting_for_a_reply_the_fifty_waiting_longest_with_the_count(client, login_as, world, db):
    _concerns(db, world, 53)
    _concerns(db, world, 4, start=100, replied=True)
    login_as(world.manager)
    page = client.get(LIST).get_data(as_text=True)
    assert _in(page, "concern-list") == [f"IC-T{n:05d}" for n in range(50)]
    assert "There are 53: the 50 that have waited longest are listed here." in page


def test_a_few_of_each_are_listed_without_counts_or_pages(client, login_as, world, db):
    _complaints(db, world, 2, due=FROZEN - timedelta(days=1))
    _concerns(db, world, 2)
    login_as(world.manager)
    page = client.get(LIST).get_data(as_text=True)
    assert _in(page, "overdue-list") == ["CMP-T00000", "CMP-T00001"]
    assert _in(page, "concern-list") == ["IC-T00000", "IC-T00001"]
    assert "There are" not in page and "Showing" not in page and "govuk-pagination" not in page


def test_one_page_costs_the_same_statements_for_a_few_complaints_or_many(client, login_as, world, make, db):
    _complaints(db, world, 2, due=FROZEN - timedelta(days=1), investigator=world.colleague)
    _complaints(db, world, 1, start=10)
    _concerns(db, world, 1)
    login_as(world.colleague)
    few_for_the_investigator = _queries(client, LIST)
    login_as(world.manager)
    few = _queries(client, LIST)
    _complaints(db, world, 70, start=100, due=FROZEN - timedelta(days=1), investigator=world.colleague)
    elsewhere = make.inspection(world.other_home, world.inspector)
    _complaints(db, world, 60, start=300)
    db.session.execute(update(Complaint).where(Complaint.reference >= "CMP-T00300").values(inspection_id=elsewhere.id))
    _concerns(db, world, 60, start=10)
    assert _queries(client, LIST) == few == _queries(client, f"{LIST}?page=3")
    login_as(world.colleague)
    assert _queries(client, LIST) == few_for_the_investigator == _queries(client, f"{LIST}?page=2")
