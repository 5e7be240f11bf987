"""R-INSP-1, R-JUDGE-1..3, the inspection and deferral state machines, and the timeline (R-TL-1..3)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from portal.inspections import rules, timeline
from portal.providers.models import SettingType

UK = ZoneInfo("Europe/London")
CH, SCH, STC, RFC = (
    SettingType.CHILDRENS_HOME,
    SettingType.SECURE_CHILDRENS_HOME,
    SettingType.SECURE_TRAINING_CENTRE,
    SettingType.RESIDENTIAL_FAMILY_CENTRE,
)


def full(overall, protected, leaders, **extra):
    return {rules.OVERALL: overall, rules.PROTECTED: protected, rules.LEADERS: leaders} | extra


def test_r_judge_1_protected_inadequate_forces_overall_inadequate():
    errors = rules.judgement_errors(full(rules.GOOD, rules.INADEQUATE, rules.GOOD), CH, rules.FULL)
    assert rules.OVERALL in errors
    assert rules.judgement_errors(full(rules.INADEQUATE, rules.INADEQUATE, rules.GOOD), CH, rules.FULL) == {}


@pytest.mark.parametrize(
    "overall, ok",
    [(rules.OUTSTANDING, False), (rules.GOOD, False), (rules.REQUIRES_IMPROVEMENT, True), (rules.INADEQUATE, True)],
)
def test_r_judge_2_leaders_inadequate_caps_overall(overall, ok):
    errors = rules.judgement_errors(full(overall, rules.GOOD, rules.INADEQUATE), CH, rules.FULL)
    assert (errors == {}) is ok


def test_r_judge_6_only_an_sch_education_and_health_may_be_not_judged():
    """S2 §"Subsequent inspection activity": at a full re-inspection after inadequate."""
    errors = rules.judgement_errors(full(rules.NOT_JUDGED, rules.NOT_JUDGED, rules.NOT_JUDGED), CH, rules.FULL)
    assert set(errors) == {rules.OVERALL, rules.PROTECTED, rules.LEADERS}
    sch = full(rules.GOOD, rules.GOOD, rules.GOOD) | {rules.EDUCATION: rules.NOT_JUDGED, rules.HEALTH: rules.NOT_JUDGED}
    assert rules.judgement_errors(sch, SCH, rules.FULL) == {}
    stc = full(rules.GOOD, rules.GOOD, rules.GOOD) | {
        rules.EDUCATION: rules.NOT_JUDGED,
        rules.HEALTH: rules.GOOD,
        rules.RESETTLEMENT: rules.GOOD,
    }
    assert set(rules.judgement_errors(stc, STC, rules.FULL)) == {rules.EDUCATION}


def test_secure_settings_have_their_extra_areas():
    assert set(rules.judgement_areas(SCH, rules.FULL)) == {
        rules.OVERALL,
        rules.PROTECTED,
        rules.LEADERS,
        rules.EDUCATION,
        rules.HEALTH,
    }
    assert rules.RESETTLEMENT in rules.judgement_areas(STC, rules.FULL)
    assert "parents" in rules.judgement_areas(RFC, rules.FULL)[rules.OVERALL]
    missing = rules.judgement_errors(full(rules.GOOD, rules.GOOD, rules.GOOD), SCH, rules.FULL)
    assert set(missing) == {rules.EDUCATION, rules.HEALTH}


def test_r_judge_3_assurance_has_one_judgement_of_its_own_scale():
    assert rules.judgement_errors({rules.ASSURANCE_AREA: rules.NO_SERIOUS}, STC, rules.ASSURANCE) == {}
    assert rules.judgement_errors({rules.ASSURANCE_AREA: rules.GOOD}, STC, rules.ASSURANCE)
    assert rules.judgement_errors(
        {rules.ASSURANCE_AREA: rules.SERIOUS, rules.OVERALL: rules.GOOD}, STC, rules.ASSURANCE
    )


def test_monitoring_visits_give_no_judgement():
    assert rules.judgement_areas(CH, rules.MONITORING) == {}
    assert rules.judgement_errors({}, CH, rules.MONITORING) == {}


def test_r_insp_1_types_per_setting():
    """DOMAIN.md §2 as revised: CH by analogy with S2 and S3; an RFC has no assurance inspection (S4)."""
    assert rules.ASSURANCE in rules.TYPES_BY_SETTING[CH]
    assert rules.ASSURANCE in rules.TYPES_BY_SETTING[STC]
    assert rules.ASSURANCE not in rules.TYPES_BY_SETTING[RFC]


NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def steps_by_key(**kwargs):
    defaults = dict(
        setting_type=CH,
        inspection_type=rules.FULL,
        end_date=None,
        draft_sent_at=None,
        comment_window_ends_at=None,
        comments_received_at=None,
        final_sent_at=None,
        now=NOW,
    )
    return {s.key: s for s in timeline.build(**(defaults | kwargs))}


def test_timeline_is_empty_before_the_end_date():
    assert steps_by_key() == {}


def test_timeline_targets_count_working_days_from_the_end_date():
    """R-TL-1: informal concerns to the end of the next working day; draft 18 and final 30 working days."""
    steps = steps_by_key(end_date=date(2026, 11, 27))  # Friday
    assert steps["informal_concerns"].target_day == date(2026, 11, 30)
    assert steps["draft_sent"].target_day == date(2026, 12, 23)
    # 30 working days skip Christmas Day, the substitute Boxing Day and New Year's Day.
    assert steps["final_sent"].target_day == date(2027, 1, 13)
    assert steps["comments"].status == timeline.PENDING
    assert steps["published"].status == timeline.PENDING


def test_timeline_met_and_missed():
    end = date(2026, 10, 1)
    on_time = steps_by_key(end_date=end, draft_sent_at=datetime(2026, 10, 20, 9, tzinfo=UTC))
    assert on_time["draft_sent"].status == timeline.MET
    late = steps_by_key(end_date=end, draft_sent_at=datetime(2026, 10, 28, 9, tzinfo=UTC))
    assert late["draft_sent"].status == timeline.MISSED
    overdue = steps_by_key(end_date=end)
    assert overdue["draft_sent"].status == timeline.MISSED
    due = steps_by_key(end_date=date(2026, 11, 25))
    assert due["draft_sent"].status == timeline.DUE


def test_timeline_comment_window_and_publication():
    """R-TL-2 and R-TL-3."""
    sent = datetime(2026, 12, 18, 10, 0, tzinfo=UK)
    open_window = steps_by_key(
        end_date=date(2026, 11, 27), draft_sent_at=sent, now=datetime(2026, 12, 29, 23, 59, tzinfo=UK)
    )
    assert open_window["comments"].status == timeline.OPEN
    assert open_window["comments"].target_day == date(2026, 12, 29)
    closed = steps_by_key(end_date=date(2026, 11, 27), draft_sent_at=sent, now=datetime(2026, 12, 30, 0, 0, tzinfo=UK))
    assert closed["comments"].status == timeline.CLOSED
    final = datetime(2027, 1, 5, 15, 0, tzinfo=UK)
    assert timeline.publication_day(final) == date(2027, 1, 12)
    before = steps_by_key(
        end_date=date(2026, 11, 27), final_sent_at=final, now=datetime(2027, 1, 11, 23, 59, tzinfo=UK)
    )
    assert before["published"].status == timeline.DUE and before["published"].actual is None
    after = steps_by_key(end_date=date(2026, 11, 27), final_sent_at=final, now=datetime(2027, 1, 12, 0, 0, tzinfo=UK))
    assert after["published"].status == timeline.DONE
