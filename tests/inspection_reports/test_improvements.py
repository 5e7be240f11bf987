"""Pure rules of requirements and recommendations, per setting type (R-RPT-6, R-RPT-7; S0 ¶155-159,
S2 and S4 §"Requirements" and §"Recommendations")."""

from datetime import date

import pytest

from portal.inspection_reports import improvements, rules
from portal.providers.models import SettingType

CH, SCH, STC, RFC = "CH", "SCH", "STC", "RFC"
END = date(2026, 11, 6)
GUIDE = "Guide to the Children's Homes Regulations, including the quality standards"


@pytest.mark.parametrize("setting_type, allowed", [(CH, True), (SCH, True), (RFC, True), (STC, False)])
def test_only_an_stc_may_not_be_given_requirements(setting_type, allowed):
    """R-RPT-6: requirements for SCH, CH, RFC (S2, S4 §"Requirements"); an STC's report carries
    recommendations only (S0 ¶155-159). Re-exported by the report's rules."""
    assert improvements.may_make_requirements(SettingType(setting_type)) is allowed
    assert rules.may_make_requirements(setting_type) is allowed


@pytest.mark.parametrize(
    "setting_type, reference",
    [
        (CH, GUIDE),
        (SCH, GUIDE),
        (RFC, "Residential Family Centres: National Minimum Standards"),
        (STC, "statutory or practice guidance"),
    ],
)
def test_each_setting_types_recommendations_cite_its_own_document(setting_type, reference):
    """R-RPT-7: the Guide for SCH and CH (S2), the NMS for an RFC (S4), guidance for an STC (S0 ¶157)."""
    assert improvements.recommendation_reference(SettingType(setting_type)) == reference
    assert rules.recommendation_reference(setting_type) == reference


def test_requirements_cite_the_instrument_of_their_setting_type():
    """R-RPT-6: SCH and CH the Children's Homes (England) Regulations 2015; RFC the Residential
    Family Centres Regulations 2002 (S2, S4 §"Requirements": "refer to the specific regulation")."""
    for setting_type, key in ((CH, "ch_2015"), (SCH, "ch_2015"), (RFC, "rfc_2002")):
        item, errors = improvements.requirement_item(
            setting_type, " Review every plan. ", "12 (1)(a)", date(2027, 1, 31), END
        )
        assert errors == {} and item == {
            "text": "Review every plan.",
            "regulation": "12(1)(a)",
            "comply_by": "2027-01-31",
            "instrument": key,
        }
    ch = improvements.requirement_text(
        improvements.requirement_item(CH, "Review every plan.", "12(1)(a)", date(2027, 1, 31), END)[0]
    )
    assert ch == (
        "Review every plan. (Regulation 12(1)(a) of the Children's Homes (England) Regulations 2015.) "
        "To be met by: 31 January 2027."
    )
    rfc = improvements.requirement_text(
        improvements.requirement_item(RFC, "Check staff.", "reg 16(2)", date(2027, 1, 31), END)[0]
    )
    assert "(Regulation 16(2) of the Residential Family Centres Regulations 2002.)" in rfc


def test_the_instruments_declare_their_regulations():
    """S2: regulation 28 (manager's qualification) and 32 (staff) of the 2015 regulations; S4:
    regulations 16, 17, 23, 25, 26 and 21A (surveillance, inserted 2013) of the 2002 regulations."""
    ch, rfc = improvements.CH_REGULATIONS, improvements.RFC_REGULATIONS
    assert list(ch.regulations)[:3] == ["1", "2", "3"] and list(ch.regulations)[-1] == "53"
    assert ch.regulation_title("32") == "Fitness of workers" and ch.regulation_title("44").startswith("Independent")
    assert ch.regulation_title("28") == "Fitness of manager"
    assert {"16", "17", "21A", "23", "25", "26"} <= set(rfc.regulations)
    assert rfc.regulation_title("25") == "Visits by registered provider" and list(rfc.regulations)[-1] == "30"
    assert list(rfc.regulations).index("21A") == list(rfc.regulations).index("21") + 1


@pytest.mark.parametrize(
    "setting_type, typed, message",
    [
        (CH, "54", "Regulation 54 is not a regulation of the Children's Homes (England) Regulations 2015"),
        (SCH, "0", "Regulation 0 is not a regulation of the Children's Homes (England) Regulations 2015"),
        (RFC, "31(1)", "Regulation 31 is not a regulation of the Residential Family Centres Regulations 2002"),
        (RFC, "44", "Regulation 44 is not a regulation of the Residential Family Centres Regulations 2002"),
        (CH, "21A", "Regulation 21A is not a regulation of the Children's Homes (England) Regulations 2015"),
        (CH, "", "Enter the regulation, like 12(1)(a)"),
        (CH, "twelve", "Enter the regulation as its number, like 12 or 12(1)(a)"),
        (CH, "12(1", "Enter the regulation as its number, like 12 or 12(1)(a)"),
        (CH, "12.3", "Enter the regulation as its number, like 12 or 12(1)(a)"),
        (CH, "1" * 41, "Regulation must be 40 characters or fewer"),
    ],
)
def test_a_regulation_not_in_the_instrument_is_refused(setting_type, typed, message):
    """R-RPT-6: each requirement cites a regulation of that instrument, checked against its list."""
    item, errors = improvements.requirement_item(setting_type, "Do it.", typed, date(2027, 1, 31), END)
    assert item is None and errors == {"regulation": message}


def test_regulations_are_read_as_inspectors_type_them():
    parse = improvements.parse_regulation
    assert parse("Regulation 12 (1) (a)") == ("12", "12(1)(a)")
    assert parse("reg. 44(4)(b)(ii)") == ("44", "44(4)(b)(ii)")
    assert parse("21a(2)") == ("21A", "21A(2)")
    assert parse("12(") is None and parse("(1)") is None and parse("") is None


@pytest.mark.parametrize(
    "comply_by, message",
    [
        (END, "Date to comply by must be after the last day of the inspection, 6 November 2026"),
        (date(2026, 11, 1), "Date to comply by must be after the last day of the inspection, 6 November 2026"),
        (None, "Enter the date by which to comply"),
    ],
)
def test_the_compliance_date_comes_after_the_inspection(comply_by, message):
    """R-RPT-6: a date after the inspection, which may fall before the report arrives."""
    _item, errors = improvements.requirement_item(RFC, "Do it.", "12", comply_by, END)
    assert errors == {"comply_by": message}
    item, errors = improvements.requirement_item(RFC, "Do it.", "12", date(2026, 11, 7), END)
    assert errors == {} and item["comply_by"] == "2026-11-07"


def test_an_stc_requirement_is_refused_whatever_it_says():
    """R-RPT-6; S0 ¶155-159."""
    item, errors = improvements.requirement_item(STC, "Do it.", "12", date(2027, 1, 31), END)
    assert item is None and list(errors) == [""] and "recommendations only" in errors[""]


def test_recommendations_of_a_home_cite_the_guide_with_page_and_paragraph():
    """R-RPT-7: SCH, CH: the Guide, "the page and paragraph number included" (S2 §"Recommendations")."""
    for setting_type in (CH, SCH):
        item, errors = improvements.recommendation_item(setting_type, "guide", "Record restraint.", " 45 ", "9.7")
        assert errors == {} and item == {
            "text": "Record restraint.",
            "cites": "guide",
            "guide_page": 45,
            "guide_paragraph": "9.7",
        }
        assert improvements.recommendation_text(item) == f"Record restraint. ('{GUIDE}', page 45, paragraph 9.7.)"


def test_recommendations_of_a_family_centre_cite_the_nms():
    """R-RPT-7: RFC: the NMS, standard summarised (S4 §"Recommendations"); never the Guide."""
    item, errors = improvements.recommendation_item(RFC, "nms", "Review assessments with parents.", standard="12.3")
    assert errors == {} and improvements.recommendation_text(item) == (
        "Review assessments with parents. ('Residential Family Centres: National Minimum Standards', standard 12.3.)"
    )
    assert improvements.recommendation_item(RFC, "guide", "Text", "45", "9.7")[1] == {
        "cites": "Select what the recommendation refers to"
    }
    assert improvements.recommendation_item(CH, "nms", "Text", standard="12")[1] == {
        "cites": "Select what the recommendation refers to"
    }


def test_recommendations_of_an_stc_cite_named_guidance():
    """R-RPT-7: STC: statutory or practice guidance such as Working together to safeguard children
    and Healthcare standards for children and young people in secure settings (S0 ¶157)."""
    documents = improvements.guidance_choices(STC)
    assert {
        "Working together to safeguard children",
        "Healthcare standards for children and young people in secure settings",
    } <= set(documents.values())
    assert improvements.citation_choices(STC) == {"guidance": "Other statutory or practice guidance"}
    item, errors = improvements.recommendation_item(
        STC, "guidance", "Review searches.", document="secure_health", section="  standard  4.2 "
    )
    assert errors == {} and improvements.recommendation_text(item) == (
        "Review searches. ('Healthcare standards for children and young people in secure settings', standard 4.2.)"
    )
    item, _ = improvements.recommendation_item(STC, "guidance", "Review searches.", document="working_together")
    assert improvements.recommendation_text(item) == "Review searches. ('Working together to safeguard children'.)"
    for cites in ("guide", "nms"):
        assert improvements.recommendation_item(STC, cites, "Text", "45", "9.7", "12")[1] == {
            "cites": "Select what the recommendation refers to"
        }


def test_homes_and_family_centres_may_cite_other_statutory_guidance():
    """R-RPT-7: "Inspectors may also make recommendations in relation to other relevant statutory
    guidance such as" (S2, S4 §"Recommendations")."""
    for setting_type in (CH, SCH, RFC):
        assert "guidance" in improvements.citation_choices(setting_type)
        item, errors = improvements.recommendation_item(
            setting_type, "guidance", "Update the missing protocol.", document="missing", section="paragraph 12"
        )
        assert (
            errors == {}
            and "('Statutory guidance for children who run away or go missing from home or care', paragraph 12.)"
            in improvements.recommendation_text(item)
        )
    assert "secure_health" in improvements.guidance_choices(
        SCH
    ) and "secure_health" not in improvements.guidance_choices(CH)


@pytest.mark.parametrize(
    "setting_type, fields, errors",
    [
        (
            CH,
            {"cites": "guide", "text": "", "guide_page": "45", "guide_paragraph": "9.7"},
            {"text": "Enter the recommendation"},
        ),
        (
            CH,
            {"cites": "guide", "text": "x" * 2001, "guide_page": "45", "guide_paragraph": "9.7"},
            {"text": "Recommendation must be 2,000 characters or fewer"},
        ),
        (
            CH,
            {"cites": "guide", "text": "T", "guide_page": "forty", "guide_paragraph": "9.7"},
            {"guide_page": "Page must be a whole number, like 45"},
        ),
        (
            SCH,
            {"cites": "guide", "text": "T", "guide_page": "", "guide_paragraph": ""},
            {
                "guide_page": "Enter the page of the guide",
                "guide_paragraph": "Enter the paragraph of the guide, like 9.7",
            },
        ),
        (
            SCH,
            {"cites": "guide", "text": "T", "guide_page": "0", "guide_paragraph": "nine"},
            {
                "guide_page": "Page must be between 1 and 999",
                "guide_paragraph": "Enter the paragraph of the guide as numbers, like 9.7",
            },
        ),
        (RFC, {"cites": "nms", "text": "T", "standard": ""}, {"standard": "Enter the standard, like 12.3"}),
        (
            RFC,
            {"cites": "nms", "text": "T", "standard": "12.a"},
            {"standard": "Enter the standard as numbers, like 12 or 12.3"},
        ),
        (
            STC,
            {"cites": "guidance", "text": "T", "document": "the_guide"},
            {"document": "Select the guidance the recommendation refers to"},
        ),
        (
            CH,
            {"cites": "guidance", "text": "T", "document": "keeping_safe"},
            {"document": "Select the guidance the recommendation refers to"},
        ),
        (
            STC,
            {"cites": "guidance", "text": "T", "document": "working_together", "section": "s" * 61},
            {"section": "Paragraph or section must be 60 characters or fewer"},
        ),
    ],
)
def test_bad_recommendations_say_what_is_wrong(setting_type, fields, errors):
    assert improvements.recommendation_item(setting_type, **fields) == (None, errors)


def test_items_stored_before_they_named_what_they_cite_read_as_before():
    """Nothing already sent changes: an item with no ``instrument`` / ``cites`` reads as it did."""
    assert improvements.requirement_text({"text": "Review plans.", "regulation": "14", "comply_by": "2027-01-31"}) == (
        "Review plans. (Regulation 14.) To be met by: 31 January 2027."
    )
    assert improvements.recommendation_text(
        {"text": "Record restraint.", "guide_page": 45, "guide_paragraph": "9.7"}
    ) == (f"Record restraint. ('{GUIDE}', page 45, paragraph 9.7.)")


def test_an_items_key_changes_with_the_item():
    one = {"text": "A", "regulation": "12", "comply_by": "2027-01-31"}
    assert improvements.item_key(one) == improvements.item_key(dict(reversed(one.items())))
    assert improvements.item_key(one) != improvements.item_key(one | {"text": "B"})
