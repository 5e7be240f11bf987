"""The report targets kept on each inspection (R-TL-1, R-TL-4) always equal the ones the timeline
works out, after every kind of change, and "at risk" in SQL is the timeliness rule (issue 17)."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from portal.complaints import rules as complaint_rules
from portal.complaints.models import Complaint
from portal.inspections import holds, report_targets, rules, services, timeline, timeliness
from portal.inspections.models import Inspection
from tests.conftest import FROZEN

GOOD = {"overall": "good", "helped_protected": "good", "leaders_managers": "good"}


def _stored(inspection):
    return inspection.draft_due_on, inspection.final_due_on, inspection.publication_due_on


def _derived(inspection):
    if inspection.end_date is None:
        return None, None, None
    last = timeline.targets(inspection.setting.setting_type, inspection.inspection_type, inspection.end_date)
    return last["draft"], last["final"], last.get("publication")


def test_targets_are_kept_through_every_change(db, world, make):
    inspection = world.inspection  # on site: no end yet, no targets
    assert _stored(inspection) == (None, None, None)
    services.end_inspection(inspection, date(2026, 11, 13), GOOD, world.inspector, FROZEN)
    # 18 and 30 working days after Friday 13 November: Christmas Day and the Boxing Day substitute skipped.
    assert _stored(inspection) == _derived(inspection) == (date(2026, 12, 9), date(2026, 12, 29), None)
    inspection.end_date = date(2026, 11, 20)  # corrected end date
    db.session.commit()
    assert _stored(inspection) == _derived(inspection) != (date(2026, 12, 9), date(2026, 12, 29), None)
    inspection.inspection_type = rules.ASSURANCE
    db.session.commit()
    assert _stored(inspection) == _derived(inspection)
    inspection.end_date = None
    db.session.commit()
    assert _stored(inspection) == (None, None, None)


def test_an_stc_monitoring_visit_keeps_its_publication_target(db, world, make):
    centre = make.setting(world.provider, "STC", name="Secure centre")
    visit = make.inspection(centre, world.inspector, status=rules.ENDED, kind=rules.MONITORING, end=date(2026, 11, 6))
    assert _stored(visit) == _derived(visit)
    assert visit.publication_due_on is not None and visit.final_due_on < visit.publication_due_on


def _generated(db, world, make, seed: int) -> list[Inspection]:
    """Sixty ended inspections of every setting type and kind, in every state of their reports,
    some with a complaint holding the final (R-CMP-2) or one already answered."""
    chance = random.Random(seed)
    settings = [make.setting(world.provider, kind) for kind in ("CH", "CH", "SCH", "RFC", "STC")]
    made = []
    for _ in range(60):
        setting = chance.choice(settings)
        kind = chance.choice(sorted(rules.TYPES_BY_SETTING[setting.type_enum]))
        end = FROZEN.date() - timedelta(days=chance.randint(0, 70))
        state = chance.choice([rules.ENDED, rules.DRAFT_SENT, rules.FINAL_SENT, rules.DEFERRED])
        draft = final = None
        if state in (rules.DRAFT_SENT, rules.FINAL_SENT):
            draft = datetime.combine(end + timedelta(days=chance.randint(5, 40)), datetime.min.time(), UTC)
        if state == rules.FINAL_SENT:
            final = draft + timedelta(days=chance.randint(5, 30))
        inspection = make.inspection(
            setting,
            world.inspector,
            status=state,
            kind=kind,
            start=end - timedelta(days=2),
            end=end,
            draft_sent_at=draft,
            final_sent_at=final,
        )
        if chance.random() < 0.3:
            db.session.add(
                Complaint(
                    inspection_id=inspection.id,
                    status=chance.choice(
                        [complaint_rules.INVESTIGATING, complaint_rules.RECEIVED, complaint_rules.RESPONDED]
                    ),
                    categories=[],
                    prepared_by_id=world.rm.id,
                    created_at=FROZEN,
                    updated_at=FROZEN,
                    holds_final=chance.random() < 0.8,
                )
            )
            db.session.commit()
        made.append(inspection)
    return made


@pytest.mark.parametrize("seed", [1, 2])
def test_the_pages_are_the_rule_applied_to_every_inspection(db, world, make, seed):
    made = _generated(db, world, make, seed)
    assert all(_stored(i) == _derived(i) for i in made)
    assert holds.holding_many(made)  # some finals are held by a complaint (R-CMP-2), so R-TL-5 is compared too
    worklist = services.worklist(world.inspector)
    for now in (FROZEN, FROZEN + timedelta(days=9), FROZEN - timedelta(days=30)):
        expected = timeliness.assess(made, now)
        risky = sorted((r for r in expected if r.at_risk), key=lambda r: (r.inspection.end_date, r.inspection.id))
        others = sorted(
            (r for r in expected if not r.at_risk), key=lambda r: (r.inspection.end_date, r.inspection.id), reverse=True
        )
        first = timeliness.page(worklist, now, 1, per_page=7)
        assert (first.total, first.at_risk_total) == (len(expected), len(risky))
        assert 0 < len(risky) < len(expected)  # the data reach both parts, so the test can fail
        listed = [row for n in range(1, first.pages + 1) for row in timeliness.page(worklist, now, n, per_page=7).items]
        assert [r.inspection.id for r in listed] == [r.inspection.id for r in risky + others]
        assert [r.at_risk for r in listed] == [True] * len(risky) + [False] * len(others)
        sql_risky = set(
            db.session.scalars(worklist.where(report_targets.at_risk(now)).with_only_columns(Inspection.id))
        )
        assert sql_risky == {r.inspection.id for r in risky}


def test_recounting_stores_targets_that_moved_and_leaves_the_rest(db, world, make):
    """After a new bank holiday is known: stale stored targets are worked out again."""
    ended = make.inspection(world.home, world.inspector, status=rules.ENDED, end=date(2026, 11, 13))
    kept = make.inspection(world.other_home, world.inspector, status=rules.ENDED, end=date(2026, 10, 1))
    db.session.execute(
        Inspection.__table__.update().where(Inspection.id == ended.id).values(draft_due_on=date(2026, 12, 8))
    )  # as if stored before a holiday was announced
    db.session.commit()
    assert report_targets.recount() == 1
    db.session.expire_all()
    assert _stored(ended) == _derived(ended) and _stored(kept) == _derived(kept)
