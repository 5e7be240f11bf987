"""The report templates per setting type × inspection type (R-RPT-1..5, R-JUDGE-3..7, R-RPT-2).

Section titles are checked against the seeds' own tables (S2 and S4 §"Content of the SCCIF
report", S0 ¶97) and the judgement areas against DOMAIN.md §3.
"""

import pytest

from portal.accounts.roles import CQC, OFSTED_FES
from portal.inspection_reports import rules
from portal.inspection_reports.report_templates import TEMPLATES
from portal.inspections import rules as inspection_rules
from portal.inspections.rules import ASSURANCE, FULL, MONITORING
from portal.providers.models import SettingType

CH, SCH, STC, RFC = (
    SettingType.CHILDRENS_HOME,
    SettingType.SECURE_CHILDRENS_HOME,
    SettingType.SECURE_TRAINING_CENTRE,
    SettingType.RESIDENTIAL_FAMILY_CENTRE,
)


def titles(setting_type, inspection_type):
    return [title for _key, title in rules.report_sections(setting_type, inspection_type)]


def keys(setting_type, inspection_type):
    return [key for key, _title in rules.report_sections(setting_type, inspection_type)]


def test_r_insp_1_there_is_a_template_for_every_allowed_setting_and_inspection_type():
    expected = {(st, it) for st, types in inspection_rules.TYPES_BY_SETTING.items() for it in types}
    assert set(TEMPLATES) == expected
    assert (RFC, ASSURANCE) not in TEMPLATES  # S4: no assurance inspections of family centres


# The "Section of report" column of the seeds' "Content of the SCCIF report" tables, as written
# there ("(registered providers only)" left off the enforcement row).
S2_TABLE = [
    "Information about this service",
    "Judgements",
    "Date and judgement of last inspection",
    "Enforcement action since the last inspection",
    "Recent inspection history",
    "Inspection judgements",
    "Areas for improvement",
    "Information about this inspection",
    "Service details",
]
S4_TABLE = [
    "Information about this service",
    "Date and judgement of last inspection",
    "Enforcement action since the last inspection",
    "Inspection judgements",
    "Areas for improvement",
    "Information about this inspection",
    "Service details",
]


@pytest.mark.parametrize("setting_type, table", [(SCH, S2_TABLE), (CH, S2_TABLE), (RFC, S4_TABLE)])
def test_r_rpt_1_full_report_sections_are_the_seeds_table_in_its_order(setting_type, table):
    """S2 / S4 §"Content of the SCCIF report" (CH by analogy with S2): every row of the seed's
    table is a section, in the seed's order; "Inspection judgements" are the per-area narratives.
    An RFC's report may add what S4 leaves out ("Judgements", "Recent inspection history": R-RPT-1)."""
    report = titles(setting_type, FULL)
    areas = list(inspection_rules.judgement_areas(setting_type, FULL).values())
    expanded = []
    for row in table:
        expanded += areas if row == "Inspection judgements" else [row]
    allowed_extra = {"Judgements", "Recent inspection history"} if setting_type == RFC else set()
    assert [t for t in report if t not in allowed_extra] == expanded


def test_r_rpt_1_rfc_speaks_of_children_and_parents_and_may_add_recent_history():
    """S4 §"Evaluation criteria": "children and parents" in the first two judgements."""
    report = titles(RFC, FULL)
    assert "Overall experiences and progress of children and parents" in report
    assert "How well children and parents are helped and protected" in report
    template = rules.template_for(RFC, FULL)
    assert template.section("recent_history").required is False


def test_r_rpt_1_first_narrative_is_the_overall_judgement_not_a_made_up_heading():
    for setting_type in (CH, SCH, STC, RFC):
        assert "How well children are helped and make progress" not in titles(setting_type, FULL)
        narrative = rules.template_for(setting_type, FULL).section("experiences")
        assert narrative.title.startswith("Overall experiences and progress of children")


def test_r_rpt_1_domain_md_judgement_areas_are_the_narrative_titles():
    """DOMAIN.md §3 names the areas ("overall experiences and progress of children; how well
    children are helped and protected; the effectiveness of leaders and managers. SCH adds
    children's education and learning, and children's health"): each has a narrative of that name."""
    sch = [t.lower() for t in titles(SCH, FULL)]
    assert {
        "overall experiences and progress of children",
        "how well children are helped and protected",
        "the effectiveness of leaders and managers",
        "children's education and learning",
        "children's health",
    } <= set(sch)


def test_r_rpt_1_stc_has_no_enforcement_section_and_s0_97s_order():
    """S0 ¶97: contextual information, judgements with the standard sentence, last inspection,
    recent history, areas for improvement and recommendations, details of the judgements, this
    inspection, the provider."""
    stc = keys(STC, FULL)
    assert "enforcement" not in stc
    assert stc[:5] == ["service", "judgements", "last_inspection", "recent_history", "improvements"]
    assert stc.index("improvements") < stc.index("experiences")
    assert {"education", "health", "resettlement"} <= set(stc)
    assert stc[-2:] == ["this_inspection", "service_details"]


@pytest.mark.parametrize(
    "setting_type, extra",
    [(SCH, {"education", "health"}), (CH, set()), (STC, {"education", "health", "resettlement"}), (RFC, set())],
)
def test_r_rpt_1_a_narrative_section_for_every_judged_area(setting_type, extra):
    template = rules.template_for(setting_type, FULL)
    narrated = {s.area for s in template.sections if s.area}
    assert narrated == set(inspection_rules.judgement_areas(setting_type, FULL))
    assert {s.key for s in template.sections if s.area} == {"experiences", "protected", "leaders"} | extra


@pytest.mark.parametrize("setting_type", [SCH, STC])
def test_r_rpt_2_education_and_health_are_partner_contributions(setting_type):
    """S0 ¶98; S2 §"Timeframe": the FE&S HMI and the CQC inspector write them."""
    template = rules.template_for(setting_type, FULL)
    assert template.section("education").contributor == OFSTED_FES
    assert template.section("health").contributor == CQC
    assert not any(s.contributor for s in template.sections if s.key not in ("education", "health"))


@pytest.mark.parametrize(
    "setting_type, concerns",
    [(STC, "serious and/or widespread"), (SCH, "serious or widespread"), (CH, "serious or widespread")],
)
def test_r_rpt_3_assurance_report_is_a_concise_narrative(setting_type, concerns):
    """S0 ¶126–127; S2 §"Reporting findings at assurance inspections"."""
    report = keys(setting_type, ASSURANCE)
    assert report == [
        "judgements",
        "concerns",
        "safe_cared_for",
        "leaders_improvement",
        "improvements",
        "service_details",
    ]
    assert titles(setting_type, ASSURANCE)[1] == f"Whether there are {concerns} concerns"
    assert "experiences" not in report and "enforcement" not in report


@pytest.mark.parametrize("setting_type", [CH, SCH, RFC, STC])
def test_r_rpt_5_monitoring_report_sections(setting_type):
    """S2, S4 §"Monitoring visit reports"; S0 ¶145–146: purpose first; progress made and not;
    continued concerns; further action; SCH, CH, RFC: why the judgement changed or did not."""
    report = keys(setting_type, MONITORING)
    assert report[0] == "purpose"
    assert {"progress", "continued_concerns", "further_action", "improvements"} <= set(report)
    assert ("judgement_reasons" in report) is (setting_type != STC)
    assert ("developments" in report) is (setting_type != STC)
    assert "experiences" not in report
    if setting_type == RFC:
        assert "compliance notices" in rules.template_for(RFC, MONITORING).section("purpose").hint


def test_r_judge_5_monitoring_judgement_areas_only_with_a_new_judgement():
    template = rules.template_for(SCH, MONITORING)
    assert template.may_give_new_judgement and not template.records_outcome
    assert template.areas({"new_judgement": False}) == {}
    assert template.areas({"new_judgement": True}) == inspection_rules.judgement_areas(SCH, FULL)


def test_r_judge_7_stc_monitoring_records_an_outcome_not_a_judgement():
    template = rules.template_for(STC, MONITORING)
    assert template.records_outcome and not template.may_give_new_judgement
    assert template.areas({"new_judgement": True}) == {}
    errors = inspection_rules.judgement_errors({inspection_rules.OVERALL: inspection_rules.GOOD}, STC, MONITORING)
    assert errors


def test_r_judge_3_assurance_labels_and_standard_sentences_per_framework():
    assert inspection_rules.grade_label(inspection_rules.NO_SERIOUS, STC) == "No serious and/or widespread concerns"
    assert inspection_rules.grade_label(inspection_rules.NO_SERIOUS, SCH) == "No serious or widespread concerns"
    assert inspection_rules.grade_label(inspection_rules.SERIOUS, CH) == "Serious or widespread concerns"
    assert "serious and/or widespread" in rules.standard_sentence(inspection_rules.SERIOUS, STC)
    assert "serious or widespread" in rules.standard_sentence(inspection_rules.SERIOUS, SCH)
    assert "children and parents" in rules.standard_sentence(inspection_rules.INADEQUATE, RFC)
    assert rules.standard_sentence(inspection_rules.GOOD, STC).startswith("The secure training centre provides")


def test_r_rpt_1_one_standard_sentence_of_the_overall_judgement():
    template = rules.template_for(SCH, FULL)
    content = rules.empty_content() | {
        "judgements": {area: inspection_rules.GOOD for area in inspection_rules.judgement_areas(SCH, FULL)}
    }
    content["judgements"][inspection_rules.OVERALL] = inspection_rules.REQUIRES_IMPROVEMENT
    paragraphs = [p for p in rules.numbered(content, template) if p["section"] == "judgements"]
    assert [p["kind"] for p in paragraphs] == ["judgement"] * 5 + ["standard_sentence"]
    assert paragraphs[-1]["text"] == rules.standard_sentence(inspection_rules.REQUIRES_IMPROVEMENT, SCH)


def test_a_snapshot_keeps_the_sections_it_was_sent_with():
    """Reports already issued keep their snapshot: grouping reads titles from the snapshot itself."""
    old = {
        "paragraphs": [
            {"number": 1, "section": "service", "title": "Information about this service", "kind": "text", "text": "A"},
            {
                "number": 2,
                "section": "experiences",
                "title": "How well children are helped and make progress",
                "kind": "text",
                "text": "B",
            },
        ]
    }
    grouped = rules.sections_of(old)
    assert [(s.key, s.title) for s, _ in grouped] == [
        ("service", "Information about this service"),
        ("experiences", "How well children are helped and make progress"),
    ]
