"""What the final report changes since the draft as sent, and whether it says so truly (issue 14).

- A judgement that changes between the draft and the final report needs a reason, which the
  provider sees with the final report, as R-INSP-2 asks for feedback → draft.
- R-DR-4: a comment answered "accepted and amended" or "partly accepted" names the draft's
  paragraphs the final report amends (the numbers the provider commented on, R-DR-1); the final
  is not sent while one of them reads as it did in the draft.

Pure but for reading the report: no commits, no Flask.
"""

from datetime import datetime

from portal.inspection_reports import rules
from portal.inspection_reports.report_templates import template_for
from portal.inspections import rules as inspection_rules

AMENDING = (rules.ACCEPTED, rules.PARTLY)


def final_as_it_stands(report, now: datetime | None = None) -> dict:
    """The final report as sent, or the working copy numbered as it would be if it were sent now."""
    if report.final is not None:
        return report.final
    inspection = report.inspection
    template = template_for(inspection.setting.type_enum, inspection.inspection_type)
    return rules.snapshot(report.content, template, now or datetime.min)


def amendments(report) -> dict[int, list[int]]:
    """The draft's paragraphs the final report (as it stands) amends, with their numbers in the final."""
    if report.draft is None:
        return {}
    return rules.amendments(report.draft, final_as_it_stands(report))


def changed_judgements(report) -> dict[str, tuple[str | None, str | None]]:
    """The areas whose judgement in the final report (as it stands) differs from the draft as sent."""
    if report.draft is None:
        return {}
    return rules.judgements_since_draft(report.draft["judgements"], final_as_it_stands(report)["judgements"])


def judgement_rows(report, changed: dict) -> list[dict]:
    """The changed judgements as the pages show them: area, in the draft, in the final report."""
    inspection = report.inspection
    setting_type = inspection.setting.type_enum
    labels = inspection_rules.judgement_areas(setting_type, inspection_rules.FULL) | inspection_rules.judgement_areas(
        setting_type, inspection.inspection_type
    )
    return [
        {
            "area": labels.get(area, area),
            "before": inspection_rules.grade_label(before, setting_type) if before else "No judgement",
            "after": inspection_rules.grade_label(after, setting_type) if after else "No judgement",
        }
        for area, (before, after) in changed.items()
    ]


def paragraphs_problem(report, response: str, numbers: list[int]) -> str | None:
    """R-DR-4: what is wrong with the paragraphs given with a response, or None."""
    if response in AMENDING and not numbers:
        return "Enter the paragraph numbers of the draft that the final report amends"
    if response not in AMENDING and numbers:
        return "Leave the paragraphs empty: a comment not accepted amends no paragraph"
    known = rules.paragraph_numbers(report.draft)
    unknown = [n for n in numbers if n not in known]
    if unknown:
        return (
            f"Paragraph{'s' if len(unknown) > 1 else ''} {rules.number_list(unknown)} "
            f"{'are' if len(unknown) > 1 else 'is'} not in the draft report: its paragraphs are "
            f"1 to {max(known, default=0)}"
        )
    return None


def unmatched_responses(report) -> list[tuple[object, str]]:
    """R-DR-4: each answered comment whose response does not match the final report, with why.

    A response that amends must name its paragraphs, and each of them must read differently in
    the final report from the draft as sent (compared by text, section by section)."""
    returned = report.comment_return
    if report.draft is None or returned is None or returned.status != rules.SUBMITTED:
        return []
    amended = amendments(report)
    result = []
    for comment in report.comments:
        if comment.response not in AMENDING:
            continue
        label = rules.RESPONSES[comment.response].lower()
        numbers = comment.amended_paragraphs or []
        if not numbers:
            message = (
                f"The comment on paragraph {comment.paragraph_number} is answered {label}: "
                f"say which paragraphs the final report amends"
            )
            result.append((comment, message))
            continue
        unchanged = [n for n in numbers if n not in amended]
        if unchanged:
            many = len(unchanged) > 1
            message = (
                f"The comment on paragraph {comment.paragraph_number} is answered {label}, "
                f"but paragraph{'s' if many else ''} {rules.number_list(unchanged)} "
                f"{'are' if many else 'is'} unchanged since the draft"
            )
            result.append((comment, message))
    return result


def amended_rows(report, comment) -> list[dict]:
    """The paragraphs a response says the final amends, each with what became of it in the final."""
    amended = amendments(report) if comment.amended_paragraphs else {}
    rows = []
    for number in comment.amended_paragraphs or []:
        now_numbers = amended.get(number)
        if now_numbers is None:
            outcome = "unchanged"
        elif not now_numbers:
            outcome = "removed from the final report"
        else:
            outcome = (
                f"now paragraph{'s' if len(now_numbers) > 1 else ''} {rules.number_list(now_numbers)} "
                f"of the final report"
            )
        rows.append({"number": number, "final_numbers": now_numbers or [], "outcome": outcome})
    return rows
