"""Pure rules of inspection reports (DOMAIN.md §11, §14): numbering through the sections of the
report's template (``report_templates``), judgements' standard sentences, comment kinds and
responses, the state machines, and what changed since the draft."""

import difflib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from portal.core import limits
from portal.core.states import StateMachine

# R-RPT-6, R-RPT-7: what requirements and recommendations cite, and their printed text.
from portal.inspection_reports.improvements import (  # noqa: F401
    may_make_requirements,
    recommendation_reference,
    recommendation_text,
    requirement_text,
)
from portal.inspection_reports.report_templates import (  # noqa: F401
    ReportTemplate,
    Section,
    no_children_statement,
    report_sections,
    template_for,
)
from portal.inspections import rules as inspection_rules
from portal.providers.models import SettingType

TEXT_MAX = limits.TEXT_MAX  # R-DR-1: a comment's text, and its proposed wording


# The standard sentence of the overall judgement (S2 §"Content of the SCCIF report": "a single
# sentence that is standardised according to the overall judgement"; S0 ¶97), and of an
# assurance judgement. The seeds do not give the sentences' words; these follow the inspectorate's
# published reports, with the setting named as its framework names it and "children and parents"
# at a family centre.
STANDARD_SENTENCES = {
    inspection_rules.OUTSTANDING: "The {setting} provides highly effective services that consistently exceed the "
    "standards of good. The actions of the {setting} contribute to significantly "
    "improved outcomes and positive experiences for {whom}.",
    inspection_rules.GOOD: "The {setting} provides effective services that meet the requirements for good.",
    inspection_rules.REQUIRES_IMPROVEMENT: "The {setting} is not yet delivering good help and care for {whom}. "
    "However, there are no {concerns} failures that result in their "
    "welfare not being safeguarded or promoted.",
    inspection_rules.INADEQUATE: "There are {concerns} failures that mean {whom} are not protected or their "
    "welfare is not promoted or safeguarded, or their care and experiences are poor "
    "and they are not making progress.",
    inspection_rules.SERIOUS: "Inspectors found {concerns} concerns about practice that places children at risk "
    "of inadequate protection or significant harm, or leaves their welfare not "
    "safeguarded and promoted.",
    inspection_rules.NO_SERIOUS: "Inspectors found no {concerns} concerns about practice that places children at "
    "risk of inadequate protection or significant harm, or leaves their welfare not "
    "safeguarded and promoted.",
}


def standard_sentence(grade: str, setting_type: SettingType) -> str:
    """R-RPT-1, R-JUDGE-3: "serious and/or widespread" for an STC (S0), "serious or widespread" in the SCCIF."""
    setting_type = SettingType(setting_type)
    whom = "children and parents" if setting_type == SettingType.RESIDENTIAL_FAMILY_CENTRE else "children"
    concerns = (
        "serious and/or widespread" if setting_type == SettingType.SECURE_TRAINING_CENTRE else "serious or widespread"
    )
    return STANDARD_SENTENCES[grade].format(setting=setting_type.label.lower(), whom=whom, concerns=concerns)


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
REPORT_STATUS_LABELS = {
    DRAFTING: "Draft being written",
    DRAFT_ISSUED: "Draft sent to the provider",
    FINAL_SENT: "Final report sent",
}
REPORT_STATES = StateMachine(
    "inspection report",
    {
        DRAFTING: frozenset({DRAFT_ISSUED}),
        DRAFT_ISSUED: frozenset({FINAL_SENT}),
        FINAL_SENT: frozenset(),
    },
)

# The provider's return (R-DR-2): submitted once, with comments or as "no comments".
OPEN, SUBMITTED, NO_COMMENTS = "open", "submitted", "no_comments"
RETURN_STATUS_LABELS = {OPEN: "Not sent yet", SUBMITTED: "Comments sent", NO_COMMENTS: "Confirmed: no comments"}
NOTHING_SENT = "None sent: the time to comment has closed"


def return_status_label(status: str, window_open: bool) -> str:
    """R-DR-3: a return still open once the window has closed can no longer be sent: never "not sent yet"."""
    if status == OPEN and not window_open:
        return NOTHING_SENT
    return RETURN_STATUS_LABELS.get(status, status)


RETURN_STATES = StateMachine(
    "comment return",
    {
        OPEN: frozenset({SUBMITTED, NO_COMMENTS}),
        SUBMITTED: frozenset(),
        NO_COMMENTS: frozenset(),
    },
)


def empty_content() -> dict[str, Any]:
    return {"sections": {}, "judgements": {}, "requirements": [], "recommendations": [], "contributors": {}}


def split_paragraphs(text: str) -> list[str]:
    """Pasted text becomes paragraphs at blank lines; whitespace inside a paragraph is tidied."""
    blocks = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            blocks.append(joined)
    return blocks


def judgement_line(area_label: str, grade: str, setting_type: SettingType) -> str:
    return f"{area_label}: {inspection_rules.grade_label(grade, setting_type).lower()}."


def _judgement_paragraphs(content: dict[str, Any], template: ReportTemplate) -> list[tuple[str, dict[str, Any]]]:
    """The judgements section: each grade, then one standard sentence for the overall judgement
    (or the assurance judgement); an STC monitoring visit's outcome instead (R-JUDGE-7)."""
    setting_type = template.setting_type
    registered_on = content.get("no_children_since") if template.may_have_no_children else None
    if registered_on:  # R-JUDGE-4, R-RPT-4: no judgement, the fixed statement instead
        return [(no_children_statement(setting_type, date.fromisoformat(registered_on)), {"kind": "statement"})]
    if template.records_outcome:
        outcome = content.get("outcome") or {}
        result = []
        if outcome.get("progress") in inspection_rules.MONITORING_PROGRESS:
            result.append(
                (
                    f"Progress: {inspection_rules.MONITORING_PROGRESS[outcome['progress']].lower()}.",
                    {"kind": "outcome", "outcome": "progress", "value": outcome["progress"]},
                )
            )
        if outcome.get("concerns") in (inspection_rules.SERIOUS, inspection_rules.NO_SERIOUS):
            result.append(
                (
                    standard_sentence(outcome["concerns"], setting_type),
                    {"kind": "outcome", "outcome": "concerns", "value": outcome["concerns"]},
                )
            )
        return result
    result = []
    for area, label in template.areas(content).items():
        grade = content["judgements"].get(area)
        if grade:
            result.append(
                (judgement_line(label, grade, setting_type), {"kind": "judgement", "area": area, "grade": grade})
            )
    headline = content["judgements"].get(inspection_rules.OVERALL) or content["judgements"].get(
        inspection_rules.ASSURANCE_AREA
    )
    if result and headline in STANDARD_SENTENCES:
        result.append((standard_sentence(headline, setting_type), {"kind": "standard_sentence", "grade": headline}))
    return result


def numbered(content: dict[str, Any], template: ReportTemplate) -> list[dict[str, Any]]:
    """Every paragraph of the report in order, numbered from 1 through all its sections.

    The result is what a snapshot stores (with each section's title and, for a partner
    inspectorate's contribution, who wrote it: R-RPT-2), so a sent report reads the same
    whatever changes later, templates included.
    """
    paragraphs: list[dict[str, Any]] = []
    contributors = content.get("contributors") or {}

    def add(section: Section, text: str, kind: str = "text", **extra: object) -> None:
        paragraphs.append(
            {
                "number": len(paragraphs) + 1,
                "section": section.key,
                "title": section.title,
                "kind": kind,
                "text": text,
                **extra,
            }
        )

    for section in template.sections:
        if section.kind == "judgements":
            for text, extra in _judgement_paragraphs(content, template):
                add(section, text, **extra)
        elif section.kind == "improvements":
            for item in content["requirements"]:
                add(section, requirement_text(item), "requirement", item=item)
            for item in content["recommendations"]:
                add(section, recommendation_text(item), "recommendation", item=item)
        else:
            extra = {"contributor": contributors[section.key]} if section.key in contributors else {}
            for text in content["sections"].get(section.key, []):
                add(section, text, **extra)
    return paragraphs


def snapshot(content: dict[str, Any], template: ReportTemplate, at: datetime) -> dict[str, Any]:
    result = {
        "paragraphs": numbered(content, template),
        "judgements": dict(content["judgements"]),
        "setting_type": template.setting_type.value,
        "inspection_type": template.inspection_type,
        "title": template.title,
        "sent_at": at.isoformat(),
    }
    if template.records_outcome:
        result["outcome"] = dict(content.get("outcome") or {})
    return result


def missing_sections(content: dict[str, Any], template: ReportTemplate) -> list[Section]:
    """Sections that must be written before a report can be sent."""
    missing = []
    areas = template.areas(content)
    for section in template.sections:
        if not section.required:
            continue
        if section.kind == "judgements":
            if template.records_outcome:
                outcome = content.get("outcome") or {}
                if not (outcome.get("progress") and outcome.get("concerns")):
                    missing.append(section)
            elif template.may_have_no_children and content.get("no_children_since"):
                continue
            elif (template.may_give_new_judgement and content.get("new_judgement") is None) or (
                areas and any(area not in content["judgements"] for area in areas)
            ):
                missing.append(section)
        elif section.kind == "text" and not content["sections"].get(section.key):
            missing.append(section)
    return missing


def changed_judgements(provisional: dict[str, str], draft: dict[str, str]) -> dict[str, tuple[str | None, str]]:
    """R-INSP-2: the areas whose judgement in the report differs from the one given at feedback."""
    return {area: (provisional.get(area), grade) for area, grade in draft.items() if provisional.get(area) != grade}


def paragraph_numbers(snapshot_: dict[str, Any]) -> set[int]:
    return {p["number"] for p in snapshot_["paragraphs"]}


@dataclass(frozen=True)
class Change:
    section_title: str
    before: dict[str, Any] | None  # the draft's paragraph (number and text), or None when added
    after: dict[str, Any] | None  # the final report's paragraph, or None when removed

    @property
    def kind(self) -> str:
        if self.before is None:
            return "Added"
        if self.after is None:
            return "Removed"
        return "Changed"


@dataclass(frozen=True)
class SnapshotSection:
    """A section as it was sent: its key and title come from the snapshot, not today's template."""

    key: str
    title: str


def _section_order(*snapshots: dict[str, Any]) -> list[SnapshotSection]:
    seen: dict[str, SnapshotSection] = {}
    for snapshot_ in snapshots:
        for p in snapshot_["paragraphs"]:
            seen.setdefault(p["section"], SnapshotSection(p["section"], p["title"]))
    return list(seen.values())


def changes(draft: dict[str, Any], final: dict[str, Any]) -> list[Change]:
    """What changed between the draft and the final report, section by section, with the paragraph
    numbers on each side (numbers can move when paragraphs are added or removed)."""
    result = []
    for section in _section_order(draft, final):
        before = [p for p in draft["paragraphs"] if p["section"] == section.key]
        after = [p for p in final["paragraphs"] if p["section"] == section.key]
        matcher = difflib.SequenceMatcher(a=[p["text"] for p in before], b=[p["text"] for p in after], autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            olds, news = before[a1:a2], after[b1:b2]
            for i in range(max(len(olds), len(news))):
                result.append(
                    Change(section.title, olds[i] if i < len(olds) else None, news[i] if i < len(news) else None)
                )
    return result


def sections_of(snapshot_: dict[str, Any]) -> list[tuple[SnapshotSection, list[dict[str, Any]]]]:
    """A snapshot's paragraphs grouped by section, in the order they were sent (empty sections left out)."""
    return [
        (section, [p for p in snapshot_["paragraphs"] if p["section"] == section.key])
        for section in _section_order(snapshot_)
    ]


def judgements_since_draft(draft: dict[str, Any], final: dict[str, Any]) -> dict[str, tuple[str | None, str | None]]:
    """Issue 14, as R-INSP-2 does for feedback → draft: the areas whose judgement in the final
    report differs from the draft as sent, including a judgement given or dropped since."""
    areas = [*draft, *(area for area in final if area not in draft)]
    return {area: (draft.get(area), final.get(area)) for area in areas if draft.get(area) != final.get(area)}


def amendments(draft: dict[str, Any], final: dict[str, Any]) -> dict[int, list[int]]:
    """R-DR-4: the draft's paragraphs the final report amends, each with the numbers of the final
    report's paragraphs that now stand in its place (none when it was removed).

    Texts are compared section by section as ``changes`` does, so paragraphs renumbered by an
    addition elsewhere do not count. Portal choice: a paragraph added right after a draft
    paragraph (or at the start of its section, before the first) amends that paragraph, so
    "information missing" can be answered with an addition.
    """
    result: dict[int, list[int]] = {}
    for section in _section_order(draft):
        before = [p for p in draft["paragraphs"] if p["section"] == section.key]
        after = [p for p in final["paragraphs"] if p["section"] == section.key]
        matcher = difflib.SequenceMatcher(a=[p["text"] for p in before], b=[p["text"] for p in after], autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            added = [p["number"] for p in after[b1:b2]]
            if tag in ("replace", "delete"):  # paired in order, as ``changes`` pairs them
                olds = before[a1:a2]
                for i, p in enumerate(olds):
                    result.setdefault(p["number"], []).extend(
                        added[i : i + 1] + (added[len(olds) :] if i == len(olds) - 1 else [])
                    )
            elif tag == "insert" and before:
                result.setdefault(before[max(a1 - 1, 0)]["number"], []).extend(added)
    return {number: sorted(set(numbers)) for number, numbers in sorted(result.items())}


def paragraph_list(text: str | None) -> list[int]:
    """Paragraph numbers as typed: "4, 7", "4 and 7", "4-6". Raises ValueError on anything else."""
    numbers: set[int] = set()
    words = (text or "").replace(",", " ").replace(";", " ").replace(" and ", " ").replace(" to ", "-").split()
    for word in words:
        low, _, high = word.replace("–", "-").partition("-")
        if not low.isdigit() or (high and not high.isdigit()):
            raise ValueError(word)
        first, last = int(low), int(high or low)
        if last < first or last - first > 500:
            raise ValueError(word)
        numbers.update(range(first, last + 1))
    return sorted(numbers)


def number_list(numbers: list[int]) -> str:
    """ "3", "3 and 7", "3, 5 and 7": as a sentence says them."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else ""
