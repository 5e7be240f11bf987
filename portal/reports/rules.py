"""Pure rules of inspection reports (DOMAIN.md §7): the sections, numbering, judgements' standard
sentences, comment kinds and responses, the state machines, and what changed since the draft."""

import difflib
from dataclasses import dataclass
from datetime import date, datetime

from portal.core.states import StateMachine
from portal.inspections import rules as inspection_rules

TEXT_MAX = 5000  # R-DR-1: a comment's text, and its proposed wording


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str
    kind: str = "text"          # text | judgements | improvements
    required: bool = True


# DOMAIN.md §7: the sections of a report, in order. They drive the inspector's forms, the pages,
# the PDF and the numbering of paragraphs.
SECTIONS = (
    Section("service", "Information about this service", "What the setting is, who it cares for and who runs it."),
    Section("judgements", "Judgements", "Each judgement with its standard sentence.", kind="judgements"),
    Section("last_inspection", "The last inspection", "The date and judgements of the last inspection."),
    Section("enforcement", "Enforcement action since the last inspection",
            "Any enforcement action; write 'None' if there was none."),
    Section("recent_history", "Recent inspection history", "The judgements of recent inspections."),
    Section("experiences", "How well children are helped and make progress",
            "The narrative of the overall experiences and progress judgement."),
    Section("protected", "How well children are helped and protected", "The narrative of the protection judgement."),
    Section("leaders", "The effectiveness of leaders and managers", "The narrative of the leadership judgement."),
    Section("improvements", "What does the service need to do to improve?",
            "Requirements (each citing a regulation and a date) and recommendations (each citing the guide).",
            kind="improvements", required=False),
    Section("this_inspection", "Information about this inspection", "How the inspection was carried out."),
    Section("service_details", "Service details", "The URN, the provider and the registered manager."),
)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}
TEXT_SECTIONS = tuple(s for s in SECTIONS if s.kind == "text")

# The standard sentence that goes with each judgement.
STANDARD_SENTENCES = {
    inspection_rules.OUTSTANDING: "The service is outstanding: it exceeds the standard of good.",
    inspection_rules.GOOD: "The service provides effective help and care that meet the requirements for good.",
    inspection_rules.REQUIRES_IMPROVEMENT: "The service is not yet delivering good help and care for children.",
    inspection_rules.INADEQUATE: "There are serious and/or widespread failures that mean children are not "
                                 "protected or their welfare is not promoted or safeguarded.",
    inspection_rules.NOT_JUDGED: "This area was not judged at this inspection.",
    inspection_rules.SERIOUS: "There are serious and/or widespread concerns about the care of children.",
    inspection_rules.NO_SERIOUS: "There are no serious and/or widespread concerns about the care of children.",
}

TYPING, FACTUAL, MISSING, PROCESS = "typing", "factual", "missing", "process"
COMMENT_KINDS = {
    TYPING: "Typing or numeric error",
    FACTUAL: "Factual inaccuracy that contributed to a judgement",
    MISSING: "Information missing or not considered",
    PROCESS: "Comment on the process or the findings",
}

ACCEPTED, PARTLY, NOT_ACCEPTED = "accepted", "partly_accepted", "not_accepted"
RESPONSES = {
    ACCEPTED: "Accepted and amended",
    PARTLY: "Partly accepted",
    NOT_ACCEPTED: "Not accepted",
}

# The report's state machine (DESIGN.md convention 4).
DRAFTING, DRAFT_ISSUED, FINAL_SENT = "drafting", "draft_issued", "final_sent"
REPORT_STATUS_LABELS = {DRAFTING: "Draft being written", DRAFT_ISSUED: "Draft sent to the provider",
                        FINAL_SENT: "Final report sent"}
REPORT_STATES = StateMachine("inspection report", {
    DRAFTING: frozenset({DRAFT_ISSUED}),
    DRAFT_ISSUED: frozenset({FINAL_SENT}),
    FINAL_SENT: frozenset(),
})

# The provider's return (R-DR-2): submitted once, with comments or as "no comments".
OPEN, SUBMITTED, NO_COMMENTS = "open", "submitted", "no_comments"
RETURN_STATUS_LABELS = {OPEN: "Not sent yet", SUBMITTED: "Comments sent", NO_COMMENTS: "Confirmed: no comments"}
RETURN_STATES = StateMachine("comment return", {
    OPEN: frozenset({SUBMITTED, NO_COMMENTS}),
    SUBMITTED: frozenset(),
    NO_COMMENTS: frozenset(),
})


def empty_content() -> dict:
    return {"sections": {}, "judgements": {}, "requirements": [], "recommendations": []}


def split_paragraphs(text: str) -> list[str]:
    """Pasted text becomes paragraphs at blank lines; whitespace inside a paragraph is tidied."""
    blocks = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            blocks.append(joined)
    return blocks


def judgement_sentence(area_label: str, grade: str) -> str:
    return f"{area_label}: {inspection_rules.ALL_GRADE_LABELS[grade].lower()}. {STANDARD_SENTENCES[grade]}"


def requirement_text(item: dict) -> str:
    comply_by = date.fromisoformat(item["comply_by"])
    return (f"{item['text']} (Regulation {item['regulation']}.) "
            f"To be met by: {comply_by.day} {comply_by:%B %Y}.")


def recommendation_text(item: dict) -> str:
    return (f"{item['text']} ('Guide to the Children's Homes Regulations, including the quality standards', "
            f"page {item['guide_page']}, paragraph {item['guide_paragraph']}.)")


def numbered(content: dict, areas: dict[str, str]) -> list[dict]:
    """Every paragraph of the report in order, numbered from 1 through all its sections.

    ``areas`` are the inspection's judgement areas with their labels. The result is what a
    snapshot stores, so a sent report reads the same whatever changes later.
    """
    paragraphs: list[dict] = []

    def add(section: Section, text: str, kind: str = "text", **extra):
        paragraphs.append({"number": len(paragraphs) + 1, "section": section.key, "title": section.title,
                           "kind": kind, "text": text, **extra})

    for section in SECTIONS:
        if section.kind == "judgements":
            for area, label in areas.items():
                grade = content["judgements"].get(area)
                if grade:
                    add(section, judgement_sentence(label, grade), "judgement", area=area, grade=grade)
        elif section.kind == "improvements":
            for item in content["requirements"]:
                add(section, requirement_text(item), "requirement", item=item)
            for item in content["recommendations"]:
                add(section, recommendation_text(item), "recommendation", item=item)
        else:
            for text in content["sections"].get(section.key, []):
                add(section, text)
    return paragraphs


def snapshot(content: dict, areas: dict[str, str], at: datetime) -> dict:
    return {"paragraphs": numbered(content, areas), "judgements": dict(content["judgements"]),
            "sent_at": at.isoformat()}


def missing_sections(content: dict, areas: dict[str, str]) -> list[Section]:
    """Sections that must be written before a report can be sent."""
    missing = []
    for section in SECTIONS:
        if not section.required:
            continue
        if section.kind == "judgements":
            if areas and any(area not in content["judgements"] for area in areas):
                missing.append(section)
        elif not content["sections"].get(section.key):
            missing.append(section)
    return missing


def changed_judgements(provisional: dict[str, str], draft: dict[str, str]) -> dict[str, tuple[str, str]]:
    """R-INSP-2: the areas whose judgement in the report differs from the one given at feedback."""
    return {area: (provisional.get(area), grade) for area, grade in draft.items() if provisional.get(area) != grade}


def paragraph_numbers(snapshot_: dict) -> set[int]:
    return {p["number"] for p in snapshot_["paragraphs"]}


@dataclass(frozen=True)
class Change:
    section_title: str
    before: dict | None   # the draft's paragraph (number and text), or None when added
    after: dict | None    # the final report's paragraph, or None when removed

    @property
    def kind(self) -> str:
        if self.before is None:
            return "Added"
        if self.after is None:
            return "Removed"
        return "Changed"


def changes(draft: dict, final: dict) -> list[Change]:
    """What changed between the draft and the final report, section by section, with the paragraph
    numbers on each side (numbers can move when paragraphs are added or removed)."""
    result = []
    for section in SECTIONS:
        before = [p for p in draft["paragraphs"] if p["section"] == section.key]
        after = [p for p in final["paragraphs"] if p["section"] == section.key]
        matcher = difflib.SequenceMatcher(a=[p["text"] for p in before], b=[p["text"] for p in after],
                                          autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            olds, news = before[a1:a2], after[b1:b2]
            for i in range(max(len(olds), len(news))):
                result.append(Change(section.title, olds[i] if i < len(olds) else None,
                                     news[i] if i < len(news) else None))
    return result


def sections_of(snapshot_: dict) -> list[tuple[Section, list[dict]]]:
    """A snapshot's paragraphs grouped by section, in report order (empty sections left out)."""
    grouped = []
    for section in SECTIONS:
        paragraphs = [p for p in snapshot_["paragraphs"] if p["section"] == section.key]
        if paragraphs:
            grouped.append((section, paragraphs))
    return grouped
