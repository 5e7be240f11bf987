"""R-AXA-6 and R-AXA-7: what each setting type's Annex A asks, declared once as data
(S0 ¶51, ¶70, ¶189; S2 and S4 §"Request for information…", §"Examining records…",
§"Case tracking and sampling")."""

import pytest

from portal.annex_a import rules
from portal.annex_a.schema import (
    CATEGORIES,
    INITIALS,
    SECTION_BY_KEY,
    extra_answers,
    list_columns,
    section_for,
    sections_for,
)
from portal.providers.models import SettingType
from tests.annex_a.answers import complete_answers

CH, SCH = SettingType.CHILDRENS_HOME, SettingType.SECURE_CHILDRENS_HOME
STC, RFC = SettingType.SECURE_TRAINING_CENTRE, SettingType.RESIDENTIAL_FAMILY_CENTRE


def keys(setting_type):
    return [section.key for section in sections_for(setting_type)]


def items(setting_type, section):
    found = section_for(setting_type, section)
    return {
        item.key for item in (found.list_items_for(setting_type) if found.is_list else found.items_for(setting_type))
    }


def test_sections_per_setting_type():
    """R-AXA-6: every type: setting details, who completed it, staffing, contacts (S0 ¶70), the
    case list (R-AXA-7); not an STC: manager, provider, RI and directors; children and
    education and health for SCH, CH, STC; families and recruitment for an RFC only."""
    common = ["completed_by", "setting", "staffing", "contacts", "cases"]
    for setting_type in SettingType:
        assert set(common) <= set(keys(setting_type))
    assert (
        keys(CH)
        == keys(SCH)
        == ["completed_by", "setting", "leadership", "children", "education_health", "staffing", "contacts", "cases"]
    )
    assert keys(STC) == ["completed_by", "setting", "children", "education_health", "staffing", "contacts", "cases"]
    assert keys(RFC) == [
        "completed_by",
        "setting",
        "leadership",
        "families",
        "staffing",
        "recruitment",
        "contacts",
        "cases",
    ]


def test_staffing_posts_vacancies_and_agency_use_for_all():
    for setting_type in SettingType:
        assert {"posts", "vacancies", "agency_shifts"} <= items(setting_type, "staffing")


def test_leadership_not_for_an_stc():
    """R-AXA-6 (R-ROLE-2: an STC's director is its accountable person, not a registered manager or RI)."""
    assert section_for(STC, "leadership") is None
    for setting_type in (CH, SCH, RFC):
        assert {"manager_name", "provider_name", "ri_name", "directors"} <= items(setting_type, "leadership")


@pytest.mark.parametrize("setting_type", [CH, SCH, STC])
def test_lines_of_enquiry_for_homes_and_stcs(setting_type):
    """R-AXA-6, S2 §"Request for information…": counts since the last full inspection, with the
    children involved; exploitation or extremism and multi-agency work; separations with
    oversight; return home interviews; education as planned; healthcare. STC: the same,
    extremism included (S0 ¶189)."""
    children = items(setting_type, "children")
    assert {
        "admissions",
        "leavers",
        "resident",
        "restraint_incidents",
        "restraint_children",
        "missing_episodes",
        "missing_children",
        "complaints",
        "notifications",
    } <= children
    assert {
        "sexual_exploitation",
        "criminal_exploitation",
        "extremism",
        "multi_agency_plans",
        "multi_agency_work",
    } <= children
    assert {"single_separations", "separation_children", "separation_oversight"} <= children
    assert {"rhi_offered", "rhi_not_offered"} <= children
    assert {"education_provision", "education_not_as_planned", "health_provision", "health_not_as_planned"} <= items(
        setting_type, "education_health"
    )


def test_regulations_28_and_32_only_for_homes():
    """R-AXA-6: manager (reg 28) and care staff (reg 32) qualifications for SCH and CH; not STC."""
    qualifications = {"care_staff", "care_staff_qualified", "care_staff_working_towards", "manager_qualification"}
    assert qualifications <= items(CH, "staffing") and qualifications <= items(SCH, "staffing")
    assert not qualifications & items(STC, "staffing") and not qualifications & items(RFC, "staffing")
    hints = {item.key: item.hint for item in SECTION_BY_KEY["staffing"].items_for(CH)}
    assert "regulation 28" in hints["manager_qualification"] and "Regulation 32" in hints["care_staff_qualified"]


def test_a_family_centre_is_asked_about_families_parents_assessments_court_work_and_recruitment():
    """R-AXA-6, S4 §"Examining records…": families (children and parents): admissions, leavers,
    residents, assessments started and completed, court reports; recruitment (RFC regs 16–17)."""
    assert {
        "families_admitted",
        "parents_admitted",
        "children_admitted",
        "families_left",
        "families_resident",
        "parents_resident",
        "children_resident",
        "assessments_started",
        "assessments_completed",
        "court_reports",
        "court_work",
    } <= items(RFC, "families")
    assert {"staff_recruited", "checks_complete", "dbs_update_service"} <= items(RFC, "recruitment")
    assert "Regulations 16 and 17" in SECTION_BY_KEY["recruitment"].intro


def test_family_centre_wording_speaks_of_families_and_parents():
    """R-AXA-6: an RFC's Annex A speaks of families and parents, not only children; it is never
    asked about care staff or the Children's Homes Regulations."""
    wording = " ".join(
        f"{s.title} {s.intro} "
        + " ".join(f"{i.label} {i.hint} {' '.join(i.choices)}" for i in s.items_for(RFC) + s.list_items_for(RFC))
        for s in sections_for(RFC)
    )
    assert "families" in wording.lower() and "parents" in wording.lower()
    assert (
        "Children's Homes" not in wording and "Care staff" not in wording and "placing authorities" in wording.lower()
    )


def test_case_list_categories_per_type():
    """R-AXA-7 (S0 ¶51; S2, S4 §"Case tracking and sampling"): the provider's case reference and
    the categories that apply; SCH and CH may add initials; STC and RFC never."""

    def categories(setting_type):
        found = [i for i in SECTION_BY_KEY["cases"].list_items_for(setting_type) if i.kind == CATEGORIES]
        assert len(found) == 1
        return found[0].choices

    assert categories(STC) == (
        "Recently admitted",
        "Long sentence",
        "Short sentence",
        "On remand",
        "Ready to transfer or leave",
        "At risk of self-harm",
    )
    assert (
        categories(CH)
        == categories(SCH)
        == (
            "Recently moved in",
            "Preparing to leave or transfer",
            "Recently left",
            "Absconded since the last inspection",
            "At risk of exploitation",
            "At risk of suicide or self-harm",
            "Far from the placing authority",
        )
    )
    assert categories(RFC) == (
        "Recently arrived",
        "Home a long way from the centre",
        "Nearing the end of the assessment",
        "Last court report written",
    )
    for setting_type in SettingType:
        kinds = {i.key: i.kind for i in SECTION_BY_KEY["cases"].list_items_for(setting_type)}
        assert kinds["reference"] == "reference"
        assert (kinds.get("initials") == INITIALS) == (setting_type in (CH, SCH))
    # In the spreadsheet, each category is a column of its own.
    assert [c.heading for c in list_columns(SECTION_BY_KEY["cases"], RFC)] == [
        "Case reference",
        "Recently arrived",
        "Home a long way from the centre",
        "Nearing the end of the assessment",
        "Last court report written",
    ]


@pytest.mark.parametrize("setting_type", list(SettingType), ids=[t.value for t in SettingType])
def test_complete_answers_of_each_type_can_be_returned(setting_type):
    answers = complete_answers(setting_type=setting_type)
    assert rules.ready_to_return(answers, setting_type, capacity=4) == []
    assert extra_answers(answers, setting_type) == []


def test_case_references_are_references_not_names_or_dates():
    """R-AXA-7 with R-AXA-5: a reference of letters and numbers; never a name, a date or (STC,
    RFC) initials."""
    reference = next(i for i in SECTION_BY_KEY["cases"].list_items if i.key == "reference")
    assert rules.parse_item(reference, "C-1042", "cases", STC) == "C-1042"
    for bad, message in (
        ("Jamie", "like C-1042"),
        ("12/05/2014", "must not include a date"),
        ("JS-12", "must not include initials"),
    ):
        with pytest.raises(rules.ItemProblem, match=message):
            rules.parse_item(reference, bad, "cases", STC)
    assert rules.parse_item(reference, "JS-12", "cases", CH) == "JS-12"
    categories = next(i for i in SECTION_BY_KEY["cases"].list_items_for(STC) if i.kind == CATEGORIES)
    assert rules.parse_item(categories, ["On remand", "Recently admitted"], "cases", STC) == [
        "Recently admitted",
        "On remand",
    ]
    with pytest.raises(rules.ItemProblem, match="from the list"):
        rules.parse_item(categories, ["Recently moved in"], "cases", STC)


def test_answers_to_questions_no_longer_asked_are_kept_for_display():
    """Versions are immutable (R-AXA-4): an older version's answers under keys this type is no
    longer asked are listed as they were, not dropped; an RFC's old children answers too."""
    old = complete_answers(setting_type=CH)
    old["children"]["retired_question"] = 7
    old["legacy_section"] = {"note": "kept"}
    extra = dict(extra_answers(old, CH))
    assert extra == {"Children: retired question": "7", "Legacy section: note": "kept"}
    rfc_old = {"children": {"admissions": 3}, "contacts": []}
    assert extra_answers(rfc_old, RFC) == [("Children: admissions", "3")]
