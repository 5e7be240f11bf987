"""Pure rules of reports (DOMAIN.md §7): sections, numbering, R-INSP-2 changes, what changed, states."""

from datetime import UTC, datetime

from portal.inspection_reports import rules
from portal.inspections import rules as inspection_rules
from tests.inspection_reports.conftest import CH_FULL, written_content

AREAS = {
    inspection_rules.OVERALL: "Overall experiences and progress of children",
    inspection_rules.PROTECTED: "How well children are helped and protected",
    inspection_rules.LEADERS: "The effectiveness of leaders and managers",
}


def test_pasted_text_splits_into_paragraphs_at_blank_lines():
    text = "First  paragraph\r\nstill first.\r\n\r\n\r\n  Second one.  \n\n\n"
    assert rules.split_paragraphs(text) == ["First paragraph\nstill first.", "Second one."]
    assert rules.split_paragraphs("   \n\n ") == []


def test_paragraphs_are_numbered_through_every_section_in_report_order():
    paragraphs = rules.numbered(written_content(AREAS), CH_FULL)
    assert [p["number"] for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    order = [p["section"] for p in paragraphs]
    keys = [s.key for s in CH_FULL.sections]
    assert order == sorted(order, key=keys.index)
    judgements = [p for p in paragraphs if p["kind"] == "judgement"]
    assert judgements[0]["text"] == "Overall experiences and progress of children: good."
    # R-RPT-1: one standard sentence, that of the overall judgement, after the judgements.
    sentences = [p for p in paragraphs if p["kind"] == "standard_sentence"]
    assert [p["number"] for p in sentences] == [judgements[-1]["number"] + 1]
    assert sentences[0]["text"] == rules.standard_sentence(inspection_rules.GOOD, "CH")


def test_requirements_cite_a_regulation_and_a_date_and_recommendations_the_guide():
    paragraphs = rules.numbered(written_content(AREAS), CH_FULL)
    requirement = next(p for p in paragraphs if p["kind"] == "requirement")
    recommendation = next(p for p in paragraphs if p["kind"] == "recommendation")
    assert "Regulation 14" in requirement["text"] and "31 January 2027" in requirement["text"]
    assert "page 45, paragraph 9.7" in recommendation["text"]


def test_missing_sections_include_unjudged_areas_but_not_improvements():
    content = written_content(AREAS)
    assert rules.missing_sections(content, CH_FULL) == []
    content["sections"]["enforcement"] = []
    content["judgements"].pop(inspection_rules.LEADERS)
    content["requirements"] = content["recommendations"] = []
    missing = [s.key for s in rules.missing_sections(content, CH_FULL)]
    assert missing == ["judgements", "enforcement"]


def test_r_insp_2_changed_judgements_are_those_that_differ_from_feedback():
    provisional = {a: inspection_rules.GOOD for a in AREAS}
    draft = dict(provisional, **{inspection_rules.LEADERS: inspection_rules.REQUIRES_IMPROVEMENT})
    assert rules.changed_judgements(provisional, draft) == {
        inspection_rules.LEADERS: (inspection_rules.GOOD, inspection_rules.REQUIRES_IMPROVEMENT)
    }
    assert rules.changed_judgements(provisional, provisional) == {}


def test_changes_between_draft_and_final_name_each_added_removed_and_changed_paragraph():
    at = datetime(2026, 11, 18, tzinfo=UTC)
    content = written_content(AREAS)
    draft = rules.snapshot(content, CH_FULL, at)
    content["sections"]["service"] = ["Information about this service: first paragraph, corrected."]
    content["sections"]["this_inspection"].append("A new paragraph.")
    final = rules.snapshot(content, CH_FULL, at)
    text = lambda p: p and (p["number"], p["text"])  # noqa: E731
    found = {(c.kind, c.section_title, text(c.before), text(c.after)) for c in rules.changes(draft, final)}
    last = len(draft["paragraphs"])
    assert found == {
        (
            "Changed",
            "Information about this service",
            (1, "Information about this service: first paragraph."),
            (1, "Information about this service: first paragraph, corrected."),
        ),
        ("Removed", "Information about this service", (2, "Information about this service: second paragraph."), None),
        # The later paragraphs moved up by one when the second was removed.
        ("Added", "Information about this inspection", None, (last - 2, "A new paragraph.")),
    }
    assert rules.changes(draft, draft) == []
