"""The quality assurance each setting type × inspection type needs, as declared (R-QA-1..3), with
the seed each requirement comes from."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from portal.inspection_reports import quality
from portal.inspections.rules import ASSURANCE, FULL, MONITORING, TYPES_BY_SETTING
from portal.providers.models import SettingType

CH, SCH, STC, RFC = (
    SettingType.CHILDRENS_HOME,
    SettingType.SECURE_CHILDRENS_HOME,
    SettingType.SECURE_TRAINING_CENTRE,
    SettingType.RESIDENTIAL_FAMILY_CENTRE,
)
STC_DRAFT_FULL = ["ofsted_qa", "consistency_panel", "hmip_qa", "cqc_qa"]
STC_DRAFT_OTHER = ["ofsted_qa", "hmip_qa", "cqc_qa"]
SIGN_OFFS = ["sign_off_ofsted", "sign_off_hmip", "sign_off_cqc"]
EXPECTED = {
    # R-QA-1, S2/S4 §"Quality assurance and arrangements for publishing the report": the manager's
    # pre-publication check; monitoring: §"Review of the monitoring report and evidence base".
    (CH, FULL): (["manager_check"], []),
    (CH, ASSURANCE): (["manager_check"], []),
    (CH, MONITORING): (["manager_check"], []),
    (SCH, FULL): (["manager_check"], []),
    (SCH, ASSURANCE): (["manager_check"], []),
    (SCH, MONITORING): (["manager_check"], []),
    (RFC, FULL): (["manager_check"], []),
    (RFC, MONITORING): (["manager_check"], []),
    # R-QA-2, S0 timetables (full: QAM day 10, consistency panel day 11, HMIP and CQC days 16–18,
    # sign-off days 26–28; assurance: QAM days 6–7, HMIP and CQC days 9–10, sign-off days 20–21);
    # ¶160–163 "all inspection types".
    (STC, FULL): (STC_DRAFT_FULL, SIGN_OFFS),
    (STC, ASSURANCE): (STC_DRAFT_OTHER, SIGN_OFFS),
    (STC, MONITORING): (STC_DRAFT_OTHER, SIGN_OFFS),
}


def test_every_setting_type_and_inspection_type_is_declared():
    assert set(EXPECTED) == {(setting, kind) for setting, kinds in TYPES_BY_SETTING.items() for kind in kinds}


@pytest.mark.parametrize("setting_type, inspection_type", sorted(EXPECTED, key=str))
def test_r_qa_1_r_qa_2_steps_before_the_draft_and_the_final(setting_type, inspection_type):
    before_draft, before_final = EXPECTED[(setting_type, inspection_type)]
    assert [s.key for s in quality.draft_steps(setting_type, inspection_type)] == before_draft
    assert [s.key for s in quality.final_steps(setting_type, inspection_type)] == before_final


@pytest.mark.parametrize("setting_type", [CH, SCH, RFC])
def test_r_qa_1_a_monitoring_visit_is_reviewed_with_its_evidence_base(setting_type):
    """S2, S4 §"Review of the monitoring report and evidence base": the form says so."""
    (step,) = quality.draft_steps(setting_type, MONITORING)
    assert step.title == "Review of the monitoring report and its evidence base by the inspector's manager"
    assert "evidence base" in step.hint
    (full,) = quality.draft_steps(setting_type, FULL)
    assert full.title == "Quality check by the inspector's manager" and "evidence" not in full.title


def test_r_qa_2_partner_steps_name_who_gave_them_and_ofsteds_do_not():
    named = {step.key for step in quality.steps(STC, FULL) if step.named}
    assert named == {"hmip_qa", "cqc_qa", "sign_off_hmip", "sign_off_cqc"}
    assert {step.inspectorate for step in quality.final_steps(STC, FULL)} == {"ofsted", "hmip", "cqc"}


def test_r_qa_3_only_an_stcs_reports_are_copied_and_the_centres_own_copy_is_the_portals():
    """S0 timetables: draft "copied to the MoJ and YCS"; final "under embargo to the STC, MoJ, YCS
    and Youth Justice Board"."""
    assert [c.key for c in quality.copies(STC)] == [
        "draft_moj",
        "draft_ycs",
        "final_stc",
        "final_moj",
        "final_ycs",
        "final_yjb",
    ]
    assert [c.key for c in quality.recorded_copies(STC)] == [
        "draft_moj",
        "draft_ycs",
        "final_moj",
        "final_ycs",
        "final_yjb",
    ]
    for setting_type in (CH, SCH, RFC):
        assert quality.copies(setting_type) == ()
    assert quality.Copy("final", "yjb").title == "The final report, under embargo, to the Youth Justice Board (YJB)"


def test_messages_name_what_is_missing():
    assert quality.MANAGER_CHECK.missing == "Record the quality check by the inspector's manager"
    assert quality.HMIP_QA.missing == "Record HMIP's quality assurance"
    assert quality.SIGN_OFFS["cqc"].missing == "Record CQC's sign-off"


def _report(setting_type, inspection_type, records, content=None):
    inspection = SimpleNamespace(setting=SimpleNamespace(type_enum=setting_type), inspection_type=inspection_type)
    return SimpleNamespace(inspection=inspection, quality_records=records, content=content or {"sections": {}})


def _record(step, content, at=datetime(2026, 11, 18, 10, tzinfo=UTC), ident=1):
    return SimpleNamespace(
        step=step, content_sha256=quality.fingerprint(content), given_on=date(2026, 11, 18), recorded_at=at, id=ident
    )


def test_r_qa_1_the_draft_waits_for_the_check_which_still_stands_after_changes():
    """The check stands when the report changes after it (amendments follow QA in S0's timetables)."""
    before, after = {"sections": {"a": ["one"]}}, {"sections": {"a": ["one, amended"]}}
    assert quality.draft_problems(_report(CH, FULL, [], after)) == [
        "Record the quality check by the inspector's manager"
    ]
    report = _report(CH, FULL, [_record("manager_check", before)], after)
    assert quality.draft_problems(report) == []
    assert quality.changed_since(report.quality_records[0], report)
    assert quality.final_problems(report) == []


def test_r_qa_2_the_final_waits_for_three_sign_offs_of_the_report_as_it_stands():
    content = {"sections": {"a": ["one"]}}
    records = [_record("sign_off_ofsted", content), _record("sign_off_hmip", content)]
    assert quality.final_problems(_report(STC, FULL, records, content)) == ["Record CQC's sign-off"]
    records.append(_record("sign_off_cqc", content))
    assert quality.final_problems(_report(STC, FULL, records, content)) == []
    changed = {"sections": {"a": ["one, changed"]}}
    assert quality.final_problems(_report(STC, FULL, records, changed)) == [
        f"The report has changed since {name}'s sign-off on Wednesday 18 November 2026: record it again"
        for name in ("Ofsted", "HMIP", "CQC")
    ]


def test_the_latest_record_of_a_step_counts():
    old, new = {"v": 1}, {"v": 2}
    records = [
        _record("sign_off_ofsted", new, datetime(2026, 11, 19, tzinfo=UTC), 2),
        _record("sign_off_ofsted", old, datetime(2026, 11, 18, tzinfo=UTC), 1),
    ]
    assert quality.latest(records, "sign_off_ofsted").id == 2
    assert quality.latest(records, "sign_off_cqc") is None


def test_the_fingerprint_ignores_key_order_and_sees_every_change():
    assert quality.fingerprint({"a": 1, "b": [1, 2]}) == quality.fingerprint({"b": [1, 2], "a": 1})
    assert quality.fingerprint({"a": 1}) != quality.fingerprint({"a": 2})
