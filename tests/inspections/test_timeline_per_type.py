"""Targets per setting type and inspection type (R-TL-1, R-TL-4) and holds (R-TL-5), as pure rules.

Seeds: S0 ¶100–102 and its timetables (draft 18, final 30 working days; ¶100's 19 for STC drafts
is the seed conflict DOMAIN.md resolves as 18 for all), S2 and S4 §"Timeframe" (the same for SCH,
CH and RFC), S0 ¶161 (STC monitoring reports published within 28 working days of the visit), S0
and S2 Figure step 6 ("longer if there has been a complaint"). Dates counted by hand from the
England calendar (R-WD-1, R-WD-2): 25 and 28 December 2026 (substitute Boxing Day), 1 January,
26 and 29 March (Good Friday, Easter Monday) and 3 May 2027 are bank holidays.
"""

from datetime import UTC, date, datetime

import pytest

from portal.core.clock import UK
from portal.core.workdays import end_of_day
from portal.inspections import rules, timeline
from portal.providers.models import SettingType

CH, SCH, STC, RFC = (
    SettingType.CHILDRENS_HOME,
    SettingType.SECURE_CHILDRENS_HOME,
    SettingType.SECURE_TRAINING_CENTRE,
    SettingType.RESIDENTIAL_FAMILY_CENTRE,
)
FULL, ASSURANCE, MONITORING = rules.FULL, rules.ASSURANCE, rules.MONITORING
BEFORE_CHRISTMAS = date(2026, 12, 18)  # a Friday
# R-TL-1 from Friday 18 December 2026: day 18 is Monday 18 January 2027, day 30 Wednesday 3 February.
R_TL_1_FROM_18_DECEMBER = {"draft": date(2027, 1, 18), "final": date(2027, 2, 3)}
# R-TL-4 from the same day: day 17 Friday 15 January, day 23 Monday 25 January, day 28 Monday 1 February.
R_TL_4_FROM_18_DECEMBER = {"draft": date(2027, 1, 15), "final": date(2027, 1, 25), "publication": date(2027, 2, 1)}


def steps(setting_type=STC, inspection_type=MONITORING, end_date=BEFORE_CHRISTMAS, now=None, held=(), **milestones):
    defaults = dict(draft_sent_at=None, comment_window_ends_at=None, comments_received_at=None, final_sent_at=None)
    now = now or datetime(2026, 12, 21, 9, tzinfo=UTC)
    built = timeline.build(setting_type, inspection_type, end_date, now=now, held=held, **(defaults | milestones))
    return {step.key: step for step in built}


@pytest.mark.parametrize(
    "setting_type, inspection_type",
    [
        (CH, FULL),
        (CH, ASSURANCE),
        (CH, MONITORING),
        (SCH, FULL),
        (SCH, ASSURANCE),
        (SCH, MONITORING),
        (STC, FULL),
        (STC, ASSURANCE),
        (RFC, FULL),
        (RFC, MONITORING),
    ],
)
def test_r_tl_1_draft_18_final_30_for_every_other_kind_across_christmas(setting_type, inspection_type):
    """R-TL-1 (S0 ¶100–102, S2/S4 §"Timeframe"): full and assurance inspections of every setting type
    and SCH, CH and RFC monitoring visits: draft within 18 working days, final within 30 (18 for STC
    drafts too, the choice in the 18/19 seed conflict); no publication target from the end date."""
    assert timeline.targets(setting_type, inspection_type, BEFORE_CHRISTMAS) == R_TL_1_FROM_18_DECEMBER


def test_r_tl_4_stc_monitoring_published_within_28_final_23_draft_17_across_christmas():
    """R-TL-4 (S0 ¶161): an STC monitoring visit ending the Friday before Christmas 2026."""
    assert timeline.targets(STC, MONITORING, BEFORE_CHRISTMAS) == R_TL_4_FROM_18_DECEMBER
    assert timeline.targets("STC", MONITORING, BEFORE_CHRISTMAS) == R_TL_4_FROM_18_DECEMBER


def test_r_tl_4_stc_monitoring_visit_ending_before_easter_2027():
    """R-TL-4 (S0 ¶161) from Thursday 25 March 2027: Good Friday and Easter Monday do not count,
    nor the early May bank holiday: day 17 is Wednesday 21 April, day 23 Thursday 29 April, day 28
    Friday 7 May. R-TL-1 from the same day (an STC full inspection): 22 April and 11 May."""
    end = date(2027, 3, 25)
    assert timeline.targets(STC, MONITORING, end) == {
        "draft": date(2027, 4, 21),
        "final": date(2027, 4, 29),
        "publication": date(2027, 5, 7),
    }
    assert timeline.targets(STC, FULL, end) == {"draft": date(2027, 4, 22), "final": date(2027, 5, 11)}


def test_every_allowed_kind_of_inspection_has_its_targets_declared_once():
    """R-INSP-1 × R-TL-1/R-TL-4: the table covers every type each setting can have; only STC
    monitoring visits have the 28-day publication target; an unknown type is refused."""
    for setting_type, kinds in rules.TYPES_BY_SETTING.items():
        for kind in kinds:
            expected = timeline.R_TL_4_DAYS if (setting_type, kind) == (STC, MONITORING) else timeline.R_TL_1_DAYS
            assert timeline.TARGET_DAYS[(setting_type, kind)] == expected
    assert dict(timeline.R_TL_1_DAYS) == {"draft": 18, "final": 30}
    assert dict(timeline.R_TL_4_DAYS) == {"draft": 17, "final": 23, "publication": 28}
    with pytest.raises(ValueError):
        timeline.targets(CH, "inspection", BEFORE_CHRISTMAS)


@pytest.mark.parametrize(
    "setting_type, inspection_type", [(CH, FULL), (SCH, MONITORING), (STC, ASSURANCE), (STC, MONITORING)]
)
def test_the_timeline_uses_the_same_targets(setting_type, inspection_type):
    """R-TL-1/R-TL-4: every step's target is the end of the last day ``targets`` gives (R-WD-2)."""
    last = timeline.targets(setting_type, inspection_type, BEFORE_CHRISTMAS)
    built = steps(setting_type, inspection_type)
    assert built["draft_sent"].deadline == end_of_day(last["draft"])
    assert built["final_sent"].target_day == last["final"]
    assert built["draft_sent"].target_days == timeline.TARGET_DAYS[(setting_type, inspection_type)]["draft"]
    published = built["published"]
    if "publication" in last:
        assert published.target_day == last["publication"] and published.is_target
        assert published.status == timeline.DUE and published.target_days == 28
    else:
        assert published.deadline is None and published.status == timeline.PENDING and not published.is_target


def test_r_tl_4_publication_met_when_the_final_goes_by_day_23():
    """R-TL-4 with R-TL-3: the final sent on day 23 (Monday 25 January 2027) is published on Monday
    1 February, day 28: met. Under embargo until then, the step says when it will be published."""
    final = datetime(2027, 1, 25, 16, 0, tzinfo=UK)
    embargo = steps(final_sent_at=final, now=datetime(2027, 1, 29, 12, tzinfo=UTC))
    assert embargo["final_sent"].status == timeline.MET
    assert embargo["published"].status == timeline.DUE and embargo["published"].actual is None
    assert embargo["published"].scheduled == datetime(2027, 2, 1, 0, 0, tzinfo=UK)
    published = steps(final_sent_at=final, now=datetime(2027, 2, 1, 0, 0, tzinfo=UK))
    assert published["published"].status == timeline.MET
    assert published["published"].actual == datetime(2027, 2, 1, 0, 0, tzinfo=UK)


def test_r_tl_4_publication_missed_when_the_final_is_late_or_not_sent():
    """R-TL-4: a final sent on day 24 (Tuesday 26 January 2027) is published on Tuesday 2 February,
    after day 28: missed, as is a publication whose final is still not sent after day 28. The same
    final meets an STC full inspection's 30 days (R-TL-1), where publication has no target."""
    final = datetime(2027, 1, 26, 9, 0, tzinfo=UK)
    late = steps(final_sent_at=final, now=datetime(2027, 2, 2, 0, 0, tzinfo=UK))
    assert late["final_sent"].status == timeline.MISSED
    assert late["published"].status == timeline.MISSED and late["published"].actual is not None
    during_embargo = steps(final_sent_at=final, now=datetime(2027, 2, 1, 23, 59, tzinfo=UK))
    assert during_embargo["published"].status == timeline.DUE
    never_sent = steps(now=datetime(2027, 2, 2, 0, 0, tzinfo=UK))
    assert never_sent["published"].status == timeline.MISSED and never_sent["final_sent"].status == timeline.MISSED
    full = steps(STC, FULL, final_sent_at=final, now=datetime(2027, 2, 2, 0, 0, tzinfo=UK))
    assert full["final_sent"].status == timeline.MET and full["published"].status == timeline.DONE


def test_r_tl_5_a_held_final_is_held_not_missed():
    """R-TL-5 (S0, S2 Figure step 6): while a complaint holds the final (R-CMP-2), the final and
    publication targets are suspended: "held" even after the target day, never "missed"."""
    after = datetime(2027, 2, 2, 0, 0, tzinfo=UK)  # past day 23 and day 28
    held = steps(now=after, held=["Held by a complaint", "Held by a complaint"])
    assert held["final_sent"].status == timeline.HELD and held["published"].status == timeline.HELD
    assert held["final_sent"].held_by == ("Held by a complaint",)
    assert held["draft_sent"].status == timeline.MISSED  # the draft's target is not held
    other = steps(CH, FULL, now=datetime(2027, 2, 4, 0, 0, tzinfo=UK), held=["Held by a complaint"])
    assert other["final_sent"].status == timeline.HELD and other["published"].status == timeline.HELD


def test_r_tl_5_missed_again_when_the_hold_ends_after_the_target_and_the_final_is_not_sent():
    """R-TL-5: the hold suspends the target only while it lasts; once the complaint is responded
    to, a final still not sent after its target day is missed. A final already sent is judged on
    when it was sent, whatever is said about holds."""
    after = datetime(2027, 2, 2, 0, 0, tzinfo=UK)
    released = steps(now=after, held=())
    assert released["final_sent"].status == timeline.MISSED and released["published"].status == timeline.MISSED
    before = steps(now=datetime(2027, 1, 20, 12, tzinfo=UTC), held=())
    assert before["final_sent"].status == timeline.DUE
    sent = steps(final_sent_at=datetime(2027, 1, 22, 12, tzinfo=UTC), now=after, held=["Held by a complaint"])
    assert sent["final_sent"].status == timeline.MET and sent["final_sent"].held_by == ()
    assert sent["published"].status == timeline.MET
