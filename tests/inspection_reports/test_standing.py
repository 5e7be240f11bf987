"""The standing judgement (R-STAND-1, R-STAND-2): one rule, the same on every page.

Seeds: S0 ¶95 (provisional outcomes may change: never published), ¶122 and ¶142 (an assurance
inspection or a monitoring visit does not regrade), S2/S4 §"Monitoring visit reports" (an SCH's,
CH's or RFC's monitoring visit may make a new judgement, R-JUDGE-5).
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from portal.extensions import db as _db
from portal.inspection_reports import standing
from portal.inspection_reports.models_publication import NonPublication
from portal.inspection_reports.standing import Published
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.providers.models import SettingType
from tests.conftest import FROZEN
from tests.inspection_reports.publication_support import PUBLISH, graded, sent_final

FULL, ASSURANCE, MONITORING = inspection_rules.FULL, inspection_rules.ASSURANCE, inspection_rules.MONITORING
GOOD, RI, INADEQUATE = inspection_rules.GOOD, inspection_rules.REQUIRES_IMPROVEMENT, inspection_rules.INADEQUATE
NO_SERIOUS = {inspection_rules.ASSURANCE_AREA: inspection_rules.NO_SERIOUS}
SCH, STC = SettingType.SECURE_CHILDRENS_HOME, SettingType.SECURE_TRAINING_CENTRE


def item(n: int, kind: str, judgements: dict, end: date) -> Published:
    """A published final report of the n-th inspection, published 20 days after its end."""
    inspection = Inspection(id=n, inspection_type=kind, start_date=end - timedelta(days=2), end_date=end)
    publish = datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(days=20)
    return Published(inspection, publish, judgements)


# The pure rule ------------------------------------------------------------------------------------


def test_full_then_monitoring_without_judgement_then_assurance_keeps_the_full_grade():
    """R-STAND-2 (S0 ¶122, ¶142): later visits without a new judgement leave it; shown beside it, dated."""
    full = item(1, FULL, graded(INADEQUATE), date(2026, 3, 6))
    monitoring = item(2, MONITORING, {}, date(2026, 5, 14))
    assurance = item(3, ASSURANCE, NO_SERIOUS, date(2026, 9, 10))
    result = standing.standing(SCH, [assurance, full, monitoring])  # any order
    assert result.label == "Inadequate"
    assert result.judgement.inspection.id == 1 and result.judgement.inspected_on == date(2026, 3, 6)
    assert result.judgement.published_on == date(2026, 3, 26)
    assert result.assurance.label == "No serious or widespread concerns"  # R-JUDGE-3, SCH
    assert result.assurance.inspected_on == date(2026, 9, 10)
    assert result.monitoring.label == standing.NO_NEW_JUDGEMENT
    assert [o.inspection.id for o in result.beside] == [3, 2]  # newest first


def test_full_then_monitoring_with_a_new_judgement_then_assurance():
    """R-STAND-1, R-JUDGE-5 (S2/S4 §"Monitoring visit reports"): the improved judgement stands."""
    full = item(1, FULL, graded(INADEQUATE), date(2026, 3, 6))
    improved = item(2, MONITORING, graded(RI), date(2026, 5, 14))
    assurance = item(3, ASSURANCE, NO_SERIOUS, date(2026, 9, 10))
    result = standing.standing(SCH, [full, improved, assurance])
    assert result.label == "Requires improvement to be good"
    assert result.judgement.inspection.id == 2 and result.judgement.kind == "Monitoring visit"
    assert result.assurance.inspection.id == 3 and result.monitoring is None


def test_a_newer_judgement_is_not_shown_with_older_assurance_or_monitoring_results():
    """R-STAND-2: only what came after the standing judgement is beside it."""
    assurance = item(1, ASSURANCE, NO_SERIOUS, date(2025, 9, 10))
    monitoring = item(2, MONITORING, {}, date(2025, 12, 1))
    full = item(3, FULL, graded(GOOD), date(2026, 3, 6))
    result = standing.standing(SCH, [assurance, monitoring, full])
    assert result.label == "Good" and result.beside == []


def test_not_yet_judged_with_nothing_or_only_a_no_judgement_assurance():
    """R-STAND-2, R-JUDGE-4 (S2 §"Inspections where no children…"): "not yet judged"."""
    assert standing.standing(SCH, []).label == "Not yet judged"
    first = standing.standing(SCH, [item(1, ASSURANCE, {}, date(2026, 9, 10))])
    assert first.label == "Not yet judged" and first.judgement is None
    assert first.assurance.label == standing.NO_ASSURANCE_JUDGEMENT
    only_monitoring = standing.standing(STC, [item(2, MONITORING, {}, date(2026, 9, 10))])
    assert only_monitoring.label == "Not yet judged" and only_monitoring.monitoring is not None


def test_assurance_results_are_labelled_as_each_framework_words_them():
    """R-JUDGE-3: STC "serious and/or widespread" (S0 ¶126), SCH and CH "serious or widespread" (S2)."""
    serious = {inspection_rules.ASSURANCE_AREA: inspection_rules.SERIOUS}
    assert (
        standing.standing(STC, [item(1, ASSURANCE, serious, date(2026, 9, 10))]).assurance.label
        == "Serious and/or widespread concerns"
    )
    assert (
        standing.standing(
            SettingType.CHILDRENS_HOME, [item(1, ASSURANCE, NO_SERIOUS, date(2026, 9, 10))]
        ).assurance.label
        == "No serious or widespread concerns"
    )


def test_a_monitoring_visit_or_assurance_carrying_odd_keys_never_grades():
    """R-STAND-1: only an overall grade of a full inspection or a monitoring visit stands."""
    odd = item(1, ASSURANCE, {inspection_rules.OVERALL: GOOD}, date(2026, 9, 10))
    not_judged = item(2, MONITORING, {inspection_rules.OVERALL: inspection_rules.NOT_JUDGED}, date(2026, 10, 1))
    assert standing.standing(SCH, [odd, not_judged]).label == "Not yet judged"


# What is read from the database ------------------------------------------------------------------


@pytest.fixture
def history(db, make, world):
    """Oak House: inspected (graded good), then a monitoring visit, both published before FROZEN."""
    full = sent_final(
        db,
        make,
        world.home,
        world.inspector,
        judgements=graded(GOOD),
        end=date(2026, 3, 6),
        sent=datetime(2026, 4, 1, tzinfo=UTC),
        publish_at=datetime(2026, 4, 8, tzinfo=UTC),
    )
    return full


def test_a_final_under_embargo_is_ignored_until_publish_at(app, db, make, world, history):
    """R-STAND-1 (S0 ¶95): an unpublished final never stands; from publish_at it does."""
    later = sent_final(db, make, world.home, world.inspector, judgements=graded(INADEQUATE), end=date(2026, 11, 6))
    assert standing.for_setting(world.home, PUBLISH - timedelta(seconds=1)).label == "Good"
    assert standing.for_setting(world.home, PUBLISH).label == "Inadequate"
    assert standing.for_setting(world.home, PUBLISH).judgement.inspection.id == later.inspection_id


def test_the_provisional_judgement_is_never_shown(app, db, make, world):
    """R-STAND-1 (S0 ¶95): the final report's grade, not what was said at feedback."""
    sent_final(
        db,
        make,
        world.home,
        world.inspector,
        judgements=graded(RI),
        end=date(2026, 3, 6),
        provisional=graded(GOOD),
        sent=datetime(2026, 4, 1, tzinfo=UTC),
        publish_at=datetime(2026, 4, 8, tzinfo=UTC),
    )
    assert standing.for_setting(world.home, FROZEN).label == "Requires improvement to be good"


def test_a_draft_or_a_final_not_sent_never_stands(app, db, make, world, reports):
    """R-STAND-1: a draft, even one with grades, is not a published report."""
    reports.issued(reports.ended(grade=GOOD))
    assert standing.for_setting(world.home, FROZEN + timedelta(days=400)).label == "Not yet judged"


def test_a_withheld_monitoring_report_is_ignored(app, db, make, world, history):
    """R-STAND-1, R-PUB-2: a monitoring report that is not published sets no judgement."""
    world.home.setting_type = "SCH"
    improved = sent_final(
        db, make, world.home, world.inspector, kind=MONITORING, judgements=graded(INADEQUATE), end=date(2026, 11, 6)
    )
    assert standing.for_setting(world.home, PUBLISH).label == "Inadequate"
    db.session.add(
        NonPublication(
            report_id=improved.id,
            reason="A police investigation",
            decided_by="Regional director",
            recorded_by_id=world.manager.id,
            recorded_at=FROZEN,
        )
    )
    db.session.commit()
    result = standing.for_setting(world.home, PUBLISH)
    assert result.label == "Good" and result.beside == []


def test_many_settings_are_read_in_one_query(app, db, make, world, history):
    """The dashboards ask for every setting at once: one query, whatever their number."""
    settings = [make.setting(world.provider) for _ in range(30)]
    for setting in settings[:10]:
        sent_final(
            db,
            make,
            setting,
            world.inspector,
            judgements=graded(RI),
            end=date(2026, 3, 6),
            sent=datetime(2026, 4, 1, tzinfo=UTC),
            publish_at=datetime(2026, 4, 8, tzinfo=UTC),
        )
    everyone = [world.home, *settings]
    assert all(s.setting_type for s in everyone)  # loaded, as a view's query has them
    statements = []
    engine = _db.engine
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listen)
    try:
        result = standing.for_settings(everyone, FROZEN)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert len(statements) == 1
    assert result[world.home.id].label == "Good"
    assert [result[s.id].label for s in settings] == ["Requires improvement to be good"] * 10 + ["Not yet judged"] * 20


# Every page that shows it -------------------------------------------------------------------------


@pytest.fixture
def sequence(app, db, make, world, history):
    """Oak House (now an SCH): good at its full inspection (feedback said outstanding), then a
    monitoring visit without a new judgement and an assurance inspection, all published."""
    from portal.inspections.models import ProvisionalJudgement

    world.home.setting_type = "SCH"

    history.inspection.provisional_judgements = [
        ProvisionalJudgement(area=a, grade=inspection_rules.OUTSTANDING) for a in graded(GOOD)
    ]
    sent_final(
        db,
        make,
        world.home,
        world.inspector,
        kind=MONITORING,
        end=date(2026, 6, 4),
        sent=datetime(2026, 7, 1, tzinfo=UTC),
        publish_at=datetime(2026, 7, 8, tzinfo=UTC),
    )
    assurance = sent_final(
        db,
        make,
        world.home,
        world.inspector,
        kind=ASSURANCE,
        judgements=NO_SERIOUS,
        end=date(2026, 9, 10),
        sent=datetime(2026, 10, 1, tzinfo=UTC),
        publish_at=datetime(2026, 10, 8, tzinfo=UTC),
    )
    db.session.commit()
    return assurance


def _standing_shown(page: str) -> None:
    assert "Good" in page and "Outstanding" not in page
    assert "No serious or widespread concerns" in page
    assert "No new judgement" in page


def test_provider_dashboards_and_setting_page_show_the_standing_judgement(client, login_as, world, sequence):
    """R-STAND-1..2 on the RM's and the RI's dashboards and the setting page."""
    for user in (world.rm, world.ri):
        login_as(user)
        page = client.get("/dashboard").get_data(as_text=True)
        page = page[page.index('id="settings"') :]  # the table, not the deadlines above it
        row = next(r for r in page.split("<tr") if "Oak House" in r)
        _standing_shown(row)
        assert "6 Mar 2026" in row and "10 Sep 2026" in row
    other_row = next(r for r in page.split("<tr") if "Ash House" in r)
    assert "Not yet judged" in other_row
    login_as(world.rm)
    page = client.get(f"/settings/{world.home.id}").get_data(as_text=True)
    _standing_shown(page)
    assert "Friday 6 March 2026" in page and "Thursday 10 September 2026" in page


def test_the_inspectorate_sees_the_same_standing_judgement(client, login_as, world, sequence):
    """R-STAND-1..2 on the inspection's page and the setting's page of the inspectorate."""
    login_as(world.inspector)
    inspection = client.get(f"/inspectorate/inspections/{sequence.inspection_id}").get_data(as_text=True)
    _standing_shown(inspection.split('id="standing-judgement"')[1].split("</p>")[0])
    login_as(world.manager)
    setting = client.get(f"/inspectorate/monitoring/settings/{world.home.id}").get_data(as_text=True)
    _standing_shown(setting.split('id="standing-judgement"')[1].split("</p>")[0])


def test_the_published_pages_show_the_standing_judgement_beside_the_reports_own(app, client, world, sequence):
    """R-STAND-1..2 on the published report and in the search results."""
    page = client.get(f"/published-reports/{sequence.inspection_id}").get_data(as_text=True)
    assert "No serious or widespread concerns" in page.split("Judgement at this inspection")[1].split("</dd>")[0]
    current = page.split("Current judgement of the setting")[1].split("</dd>")[0]
    assert "Good" in current and "Full inspection" in current
    results = client.get(f"/published-reports/?q={world.home.urn}").get_data(as_text=True)
    assert results.count("Current judgement of the setting") == 3
    assert "No new judgement at this monitoring visit" in results
    assert "Outstanding" not in page + results
