"""The targets per type on the pages (R-TL-1, R-TL-4, R-TL-5): the inspection's timeline on both
sides, the timeliness list, the dashboards, and a final held by a complaint (R-CMP-2).

Seeds: S0 ¶100–102 and ¶161; S2, S4 §"Timeframe"; S0 and S2 Figure step 6. Now is Wednesday
18 November 2026 (tests/conftest.py FROZEN).
"""

from datetime import UTC, date, datetime

import pytest

from portal.complaints import queries as complaint_queries, services as complaint_services
from portal.inspections import holds, rules
from tests.complaints.conftest import ComplaintBuilder
from tests.conftest import FROZEN
from tests.inspection_reports.conftest import ReportBuilder

SENT_ON_TIME = datetime(2026, 11, 10, 10, tzinfo=UTC)


@pytest.fixture
def stc(make, world):
    return make.setting(world.provider, "STC", name="Northgate STC")


@pytest.fixture
def complaints(db, make, world):
    return ComplaintBuilder(db, make, world)


@pytest.fixture
def reports(db, make, world):
    return ReportBuilder(db, make, world)


def test_r_tl_4_an_stc_monitoring_visit_timeline_on_both_sides(client, login_as, world, make, stc):
    """R-TL-4 (S0 ¶161): a visit ending Monday 2 November 2026 has its draft by Wednesday 25
    November (day 17), its final by Thursday 3 December (day 23) and publication by Thursday 10
    December (day 28), not R-TL-1's 26 November and 14 December."""
    visit = make.inspection(
        stc, world.inspector, status=rules.ENDED, kind=rules.MONITORING, start=date(2026, 11, 2), end=date(2026, 11, 2)
    )
    for user, url in (
        (world.ri, f"/inspections/{visit.id}"),
        (world.inspector, f"/inspectorate/inspections/{visit.id}"),
    ):
        login_as(user)
        page = client.get(url).get_data(as_text=True)
        timeline = page[page.index('id="timeline"') : page.index("</table>", page.index('id="timeline"'))]
        assert "11:59pm on Wednesday 25 November 2026" in timeline
        assert "11:59pm on Thursday 3 December 2026" in timeline
        assert "11:59pm on Thursday 10 December 2026" in timeline
        assert "within 28 working days of the end of the inspection" in timeline
        assert "within 23 working days" in timeline and "within 17 working days" in timeline
        assert "26 November 2026" not in timeline and "14 December 2026" not in timeline
        published = timeline[timeline.index("Report published") :]
        assert "Due in 16 working days" in published


def test_the_timeline_of_a_full_inspection_keeps_r_tl_1(client, login_as, world, make, stc):
    """R-TL-1 (S0 ¶100–102): an STC full inspection ending the same day has 18 and 30 working days,
    and its publication has no target of its own until the final is sent (R-TL-3)."""
    full = make.inspection(stc, world.inspector, status=rules.ENDED, start=date(2026, 10, 29), end=date(2026, 11, 2))
    login_as(world.ri)
    page = client.get(f"/inspections/{full.id}").get_data(as_text=True)
    assert "11:59pm on Thursday 26 November 2026" in page and "11:59pm on Monday 14 December 2026" in page
    published = page[page.index("Report published") : page.index("</tr>", page.index("Report published"))]
    assert "Set when the earlier step happens" in published and "Waiting for an earlier step" in published


def test_r_tl_4_the_timeliness_list_puts_an_stc_monitoring_final_at_risk_against_day_23(
    client, login_as, world, make, stc
):
    """R-TL-4: both ended on Wednesday 21 October 2026 and sent their drafts on time. The STC
    monitoring visit's final is due by Monday 23 November (day 23, 3 working days away): at risk.
    The children's home's full inspection has until Wednesday 2 December (day 30): not at risk."""
    visit = make.inspection(
        stc,
        world.inspector,
        status=rules.DRAFT_SENT,
        kind=rules.MONITORING,
        start=date(2026, 10, 20),
        end=date(2026, 10, 21),
        draft_sent_at=SENT_ON_TIME,
    )
    home = make.inspection(
        world.other_home,
        world.inspector,
        status=rules.DRAFT_SENT,
        start=date(2026, 10, 19),
        end=date(2026, 10, 21),
        draft_sent_at=SENT_ON_TIME,
    )
    login_as(world.inspector)
    page = client.get("/inspectorate/timeliness").get_data(as_text=True)
    rows = page.split("<tbody")[1].split("</tr>")
    first = rows[0]
    assert f"/inspectorate/inspections/{visit.id}" in first and "At risk" in first
    assert "by 23 Nov 2026 (23 working days)" in first and "Due in 3 working days" in first
    assert f"Sent {SENT_ON_TIME.day} Nov 2026; target 13 Nov 2026 (17 working days)" in first
    assert "Publication:" in first and "by 30 Nov 2026 (28 working days)" in first
    other = next(row for row in rows if f"/inspectorate/inspections/{home.id}" in row)
    assert "At risk" not in other and "by 2 Dec 2026 (30 working days)" in other and "Publication:" not in other
    assert "published within 28 working days" in page and "finals within 23" in page


def held_inspection(reports, complaints, world, db):
    """A children's home's full inspection that ended on Tuesday 1 September 2026: its final was due
    by the end of Tuesday 13 October (day 30). The draft went today and the provider lodged a
    formal complaint within the draft window, which holds the final (R-CMP-2)."""
    inspection = reports.ended(end=date(2026, 9, 1))
    reports.issued(inspection)
    complaint = complaint_services.lodge(complaints.prepared(inspection), world.ri, FROZEN)
    db.session.refresh(inspection)
    return inspection, complaint


def test_r_tl_5_a_final_held_by_a_complaint_shows_held_not_missed(client, login_as, world, db, reports, complaints):
    """R-TL-5: on the provider's and the inspectorate's timeline and in the timeliness list, the held
    final is "Held by a complaint", not missed nor at risk. Once the complaint is responded to and
    the final is still not sent after its target, it is missed again and at risk."""
    inspection, complaint = held_inspection(reports, complaints, world, db)
    assert holds.holding(inspection) == ["Held by a complaint"]
    final_row = "Final report sent, with a response to every comment"

    def final_cells(page):
        start = page.index(final_row)
        return page[start : page.index("</tr>", start)]

    for user, url in (
        (world.rm, f"/inspections/{inspection.id}"),
        (world.inspector, f"/inspectorate/inspections/{inspection.id}"),
    ):
        login_as(user)
        cells = final_cells(client.get(url).get_data(as_text=True))
        assert "Held by a complaint" in cells and "Missed" not in cells
    login_as(world.inspector)
    listed = client.get("/inspectorate/timeliness").get_data(as_text=True)
    row = next(r for r in listed.split("</tr>") if f'/inspectorate/inspections/{inspection.id}"' in r)
    assert "Held by a complaint" in row and "At risk" not in row

    services = complaint_services
    services.acknowledge(complaint, world.manager, FROZEN)
    services.assign(complaint, world.colleague, world.manager, FROZEN)
    for point in complaint.points:
        services.answer_point(point, "not_upheld", "The evidence supports the finding.", None, world.colleague, FROZEN)
    services.respond(complaint, "We have looked at each point carefully.", world.colleague, FROZEN)
    assert holds.holding(inspection) == []
    login_as(world.rm)
    cells = final_cells(client.get(f"/inspections/{inspection.id}").get_data(as_text=True))
    assert "Missed" in cells and "Held" not in cells
    login_as(world.inspector)
    listed = client.get("/inspectorate/timeliness").get_data(as_text=True)
    row = next(r for r in listed.split("</tr>") if f'/inspectorate/inspections/{inspection.id}"' in r)
    assert "At risk" in row and "Held" not in row


def test_r_tl_5_holds_come_from_complaints_registered_at_start_up(world, db, reports, complaints):
    """The complaints package registers R-CMP-2 with portal.inspections.holds (inspections never
    imports complaints): asked for many inspections, it answers only those held."""
    inspection, _ = held_inspection(reports, complaints, world, db)
    assert complaint_queries._holds_by_complaint in holds._SOURCES
    assert holds.holding_many([inspection, world.inspection, world.rival_inspection]) == {
        inspection.id: ["Held by a complaint"]
    }
    assert holds.holding(world.inspection) == []


def test_the_dashboards_use_the_per_type_targets(client, login_as, world, make, stc):
    """R-TL-4: the provider's next deadline for an STC monitoring visit that ended Monday 2 November
    2026 is its draft by Wednesday 25 November (day 17); the inspectorate's next target the same."""
    make.inspection(
        stc, world.inspector, status=rules.ENDED, kind=rules.MONITORING, start=date(2026, 11, 2), end=date(2026, 11, 2)
    )
    login_as(world.ri)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    dashboard = dashboard[dashboard.index('id="settings"') :]  # the table, not the deadlines above it
    row = dashboard[dashboard.index("Northgate STC") :]
    row = row[: row.index("</tr>")]
    assert "Draft report due from the inspectorate" in row and "11:59pm on Wednesday 25 November 2026" in row
    login_as(world.inspector)
    inspectorate = client.get("/inspectorate/").get_data(as_text=True)
    row = inspectorate[inspectorate.index("Northgate STC") :]
    assert "11:59pm on Wednesday 25 November 2026" in row[: row.index("</tr>")]
