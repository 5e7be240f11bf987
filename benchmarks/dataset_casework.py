"""The inspections of the benchmark data set and what follows them: reports, draft comments,
formal complaints, informal concerns, and the notifications all of it queued in the outbox."""

import random
from datetime import UTC, datetime, time, timedelta

from benchmarks.dataset_base import NOW, bulk
from portal.complaints import rules as complaint_rules
from portal.complaints.models import Complaint, ComplaintPoint, InformalConcern
from portal.core.outbox import OutboxMessage
from portal.inspection_reports import improvements, rules as report_rules
from portal.inspection_reports.models import CommentReturn, DraftComment, InspectionReport
from portal.inspection_reports.rules import ReportTemplate
from portal.inspections import report_targets, rules as inspection_rules
from portal.inspections.models import Inspection, ProvisionalJudgement
from portal.providers.models import SettingType


def content_of(template: ReportTemplate, areas: dict[str, str], grade: str) -> dict:
    """A full report as its setting type's template has it: every text section written, and a
    requirement only where the setting type has regulations to cite (none for an STC)."""
    content = report_rules.empty_content()
    for section in template.text_sections:
        content["sections"][section.key] = [
            f"{section.title}: what inspectors found, first paragraph.",
            f"{section.title}: second paragraph, with the evidence.",
        ]
    content["judgements"] = {area: grade for area in areas}
    if improvements.may_make_requirements(template.setting_type):
        content["requirements"] = [
            {"text": "Make sure every child's plan is reviewed.", "regulation": "14", "comply_by": "2027-01-31"}
        ]
    content["recommendations"] = [
        {"text": "Improve the recording of restraint.", "guide_page": 45, "guide_paragraph": "9.7"}
    ]
    return content


# Earlier inspections of every setting, days before the data set's day that each ended: the
# two inspection years before this one, as R-FREQ-1..3 have them at least once a year.
EARLIER = (400, 760)


def inspections(settings: list[dict], people: dict, count: int) -> list[dict]:
    """This year's ``count`` inspections: most are finished (final report sent), some have a draft
    out with comments, a few are live. Before them every setting has its earlier inspections, each
    with its final report published, so lists of inspections and of published reports fill their
    first page at 30 settings as at 3,000. Returns this year's, which the casework follows, and
    the earlier ones."""
    lists: dict[str, list[dict]] = {"inspections": [], "judgements": [], "reports": [], "returns": [], "comments": []}
    chosen = random.sample(settings, min(count, len(settings)))
    stages = (
        [inspection_rules.FINAL_SENT] * 6
        + [inspection_rules.DRAFT_SENT] * 2
        + [inspection_rules.ENDED, inspection_rules.ANNOUNCED]
    )
    for n, setting in enumerate(chosen, start=1):
        status = stages[n % len(stages)] if n > 2 else (inspection_rules.DRAFT_SENT, inspection_rules.FINAL_SENT)[n - 1]
        end = NOW.date() - timedelta(days=(8 if status == inspection_rules.DRAFT_SENT else 40 + n % 300))
        _inspection(lists, n, setting, people, status, end)
    this_year = list(lists["inspections"])
    n = len(this_year)
    for days in EARLIER:
        for setting in settings:
            n += 1
            _inspection(lists, n, setting, people, inspection_rules.FINAL_SENT, NOW.date() - timedelta(days + n % 90))
    bulk(Inspection, lists["inspections"])
    bulk(ProvisionalJudgement, lists["judgements"])
    bulk(InspectionReport, lists["reports"])
    bulk(CommentReturn, lists["returns"])
    bulk(DraftComment, lists["comments"])
    return this_year, lists["inspections"][len(this_year) :]


def _inspection(lists: dict[str, list[dict]], n: int, setting: dict, people: dict, status: str, end) -> None:
    """Inspection ``n`` of ``setting`` at ``status``, ended on ``end``, with what it has by then."""
    inspections, judgements, reports = lists["inspections"], lists["judgements"], lists["reports"]
    returns, comments = lists["returns"], lists["comments"]
    started = end - timedelta(days=2)
    lead = people["inspectors"][n % len(people["inspectors"])]
    areas = inspection_rules.judgement_areas(SettingType(setting["setting_type"]), inspection_rules.FULL)
    drafted = (
        NOW - timedelta(days=5)
        if status == inspection_rules.DRAFT_SENT
        else datetime.combine(end + timedelta(days=10), time(9), tzinfo=UTC)
    )
    live = status in (inspection_rules.ANNOUNCED,)
    inspections.append(
        {
            "id": n,
            "setting_id": setting["id"],
            "inspection_type": inspection_rules.FULL,
            "status": status,
            "announced": live,
            "announced_at": NOW - timedelta(days=2) if live else None,
            "start_date": NOW.date() + timedelta(days=3) if live else started,
            "end_date": None if live else end,
            "lead_inspector_id": lead,
            "created_at": min(
                NOW - timedelta(days=60), datetime.combine(started - timedelta(days=20), time(9), tzinfo=UTC)
            ),
            "draft_sent_at": drafted if status in (inspection_rules.DRAFT_SENT, inspection_rules.FINAL_SENT) else None,
            "comment_window_ends_at": drafted + timedelta(days=7)
            if status in (inspection_rules.DRAFT_SENT, inspection_rules.FINAL_SENT)
            else None,
            "comments_received_at": drafted + timedelta(days=4) if status == inspection_rules.FINAL_SENT else None,
            "final_sent_at": drafted + timedelta(days=20) if status == inspection_rules.FINAL_SENT else None,
        }
    )
    # The report targets the portal keeps on each inspection as it is saved (inspections.report_targets).
    due = report_targets.targets_of(
        Inspection(end_date=inspections[-1]["end_date"], inspection_type=inspection_rules.FULL),
        setting["setting_type"],
    )
    inspections[-1].update(zip(("draft_due_on", "final_due_on", "publication_due_on"), due, strict=True))
    judgements.extend({"inspection_id": n, "area": area, "grade": inspection_rules.GOOD} for area in areas)
    if status not in (inspection_rules.DRAFT_SENT, inspection_rules.FINAL_SENT):
        return
    template = report_rules.template_for(SettingType(setting["setting_type"]), inspection_rules.FULL)
    content = content_of(template, areas, inspection_rules.GOOD)
    final = status == inspection_rules.FINAL_SENT
    sent_final = drafted + timedelta(days=20)
    reports.append(
        {
            "id": n,
            "inspection_id": n,
            "status": report_rules.FINAL_SENT if final else report_rules.DRAFT_ISSUED,
            "content": content,
            "draft": report_rules.snapshot(content, template, drafted),
            "final": report_rules.snapshot(content, template, sent_final) if final else None,
            "publish_at": sent_final + timedelta(days=5) if final else None,
            "created_at": drafted - timedelta(days=5),
            "updated_at": drafted,
            "updated_by_id": lead,
            "issued_by_id": lead,
            "final_sent_by_id": lead if final else None,
            "version_id": 1,
        }
    )
    rm, ri = people["rm"][setting["id"]], people["ri"][setting["provider_id"]]
    returns.append(
        {
            "id": n,
            "report_id": n,
            "status": report_rules.SUBMITTED if final else report_rules.OPEN,
            "reference": f"DR-B{n:07d}" if final else None,
            "version_id": 1,
            "submitted_at": drafted + timedelta(days=4) if final else None,
            "submitted_by_id": ri if final else None,
            "changed_at": drafted + timedelta(days=3),
        }
    )
    for paragraph in range(1, 4):
        comments.append(
            {
                "report_id": n,
                "client_key": f"bench-{n}-{paragraph}",
                "paragraph_number": paragraph,
                "kind": report_rules.TYPING,
                "text": "The date in this paragraph is wrong.",
                "proposed_wording": None,
                "created_by_id": rm,
                "created_at": drafted + timedelta(days=2),
                "updated_by_id": rm,
                "updated_at": drafted + timedelta(days=2),
                "response": report_rules.ACCEPTED if final else None,
                "response_reason": "Amended as suggested." if final else None,
                "responded_by_id": lead if final else None,
                "responded_at": sent_final if final else None,
            }
        )


# Of every ten complaints, where they have got to (R-CMP-3): most are answered and closed.
COMPLAINT_STAGES = (
    [complaint_rules.RECEIVED, complaint_rules.ACKNOWLEDGED, complaint_rules.INVESTIGATING]
    + [complaint_rules.RESPONDED] * 2
    + [complaint_rules.CLOSED] * 5
)


def complaints(inspections: list[dict], earlier: list[dict], settings: list[dict], people: dict, at_least: int) -> None:
    """A formal complaint about one finished inspection in ten (``at_least`` in all, the earlier
    inspections' too when this year's are too few), lodged by the provider's responsible
    individual after the final report, at every stage; two points each."""
    provider_of = {s["id"]: s["provider_id"] for s in settings}
    finished = [i for i in inspections + earlier if i["status"] == inspection_rules.FINAL_SENT]
    rows, points = [], []
    for n, inspection in enumerate(finished[: max(at_least, len(inspections) // 10)], start=1):
        status = COMPLAINT_STAGES[n % len(COMPLAINT_STAGES)]
        step = COMPLAINT_STAGES.index(status)
        lodged = inspection["final_sent_at"] + timedelta(days=3)
        ri = people["ri"][provider_of[inspection["setting_id"]]]
        investigator = people["inspectors"][(n * 7) % len(people["inspectors"])]
        at = {k: lodged + timedelta(days=d) for k, d in (("ack", 2), ("assigned", 4), ("responded", 25))}
        rows.append(
            {
                "id": n,
                "inspection_id": inspection["id"],
                "status": status,
                "reference": f"CMP-B{n:07d}",
                "categories": ["process", "report"],
                "earlier_concerns": None,
                "outcome_sought": "A corrected report.",
                "prepared_by_id": ri,
                "created_at": lodged - timedelta(days=1),
                "updated_at": lodged,
                "lodged_by_id": ri,
                "lodged_at": lodged,
                "holds_final": False,
                "response_due_at": lodged + timedelta(days=42),
                "acknowledged_at": at["ack"] if step >= 1 else None,
                "acknowledged_by_id": people["manager"] if step >= 1 else None,
                "investigator_id": investigator if step >= 2 else None,
                "assigned_at": at["assigned"] if step >= 2 else None,
                "assigned_by_id": people["manager"] if step >= 2 else None,
                "overall_response": "We looked at each point." if step >= 3 else None,
                "responded_at": at["responded"] if step >= 3 else None,
                "responded_by_id": investigator if step >= 3 else None,
                "closed_at": at["responded"] + timedelta(days=14) if step >= 5 else None,
                "closed_by_id": people["manager"] if step >= 5 else None,
                "version_id": 1,
            }
        )
        for number in (1, 2):
            answered = step >= 3
            points.append(
                {
                    "complaint_id": n,
                    "number": number,
                    "what_happened": f"Point {number}: what the provider says happened.",
                    "finding": complaint_rules.NOT_UPHELD if answered else None,
                    "reasons": "The evidence does not support it." if answered else None,
                    "action_taken": None,
                    "answered_at": at["responded"] if answered else None,
                    "answered_by_id": investigator if answered else None,
                }
            )
    bulk(Complaint, rows)
    bulk(ComplaintPoint, points)


def concerns(inspections: list[dict], earlier: list[dict], settings: list[dict], people: dict, at_least: int) -> None:
    """An informal concern about one inspection in twenty (``at_least`` in all, as complaints),
    raised by the registered manager the day after it ended; every other one still waits for a
    manager's reply."""
    ended = [i for i in inspections + earlier if i["end_date"] is not None]
    rows = []
    for n, inspection in enumerate(ended[: max(at_least, len(inspections) // 20)], start=1):
        raised = datetime.combine(inspection["end_date"] + timedelta(days=1), time(9), tzinfo=UTC)
        replied = n % 2 == 0
        rows.append(
            {
                "id": n,
                "inspection_id": inspection["id"],
                "reference": f"IC-B{n:07d}",
                "submission_key": f"bench-concern-{n}",
                "text": "The inspector did not speak to the night staff.",
                "raised_by_id": people["rm"][inspection["setting_id"]],
                "raised_at": raised,
                "reply": "Thank you: the lead inspector will call you." if replied else None,
                "replied_by_id": people["manager"] if replied else None,
                "replied_at": raised + timedelta(days=2) if replied else None,
            }
        )
    bulk(InformalConcern, rows)


def notifications(inspections: list[dict], receipts: list[dict], people: dict) -> None:
    """What the outbox holds: the notice and each report of every inspection, sent to the setting's
    registered manager, and a receipt for every visit report and review of the last 90 days; all
    delivered but those of the last hour."""
    rows = []

    def queue(user_id: int, subject: str, at: datetime, related: tuple[str, int]) -> None:
        rows.append(
            {
                "id": len(rows) + 1,
                "created_at": at,
                "recipient": people["email"][user_id],
                "recipient_user_id": user_id,
                "subject": subject,
                "body": f"{subject}.\n\nSign in to the portal to see it.",
                "related_type": related[0],
                "related_id": related[1],
                "sent_at": at + timedelta(minutes=1) if at < NOW - timedelta(hours=1) else None,
                "attempts": 1,
                "last_error": None,
            }
        )

    for inspection in inspections:
        rm, related = people["rm"][inspection["setting_id"]], ("Inspection", inspection["id"])
        queue(rm, "An inspection of your setting has been arranged", inspection["created_at"], related)
        for field, subject in (
            ("draft_sent_at", "Your draft inspection report"),
            ("final_sent_at", "Your final report"),
        ):
            if inspection[field] is not None:
                queue(rm, subject, inspection[field], related)
    for receipt in receipts:
        if receipt["received_at"] >= NOW - timedelta(days=90):
            queue(
                receipt["submitted_by_id"],
                f"We received {receipt['reference']}",
                receipt["received_at"],
                ("MonitoringReport", receipt["id"]),
            )
    rows.sort(key=lambda row: row["created_at"])
    for n, row in enumerate(rows, start=1):
        row["id"] = n
    bulk(OutboxMessage, rows)
