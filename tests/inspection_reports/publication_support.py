"""Final reports as they stand after ``send_final``, made directly: the standing judgement and the
non-publication read only the final snapshot and its publication instant, so these tests do not
depend on how each kind of report is written."""

from datetime import UTC, date, datetime, timedelta

from portal.inspection_reports import rules
from portal.inspection_reports.models import CommentReturn, InspectionReport
from portal.inspections import rules as inspection_rules

SENT = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # FROZEN: a Wednesday
PUBLISH = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # 5 working days later (R-TL-3)

GRADED = {
    inspection_rules.OVERALL: inspection_rules.GOOD,
    inspection_rules.PROTECTED: inspection_rules.GOOD,
    inspection_rules.LEADERS: inspection_rules.GOOD,
}


def graded(grade: str) -> dict:
    return {area: grade for area in GRADED}


def sent_final(
    db,
    make,
    setting,
    lead,
    kind=inspection_rules.FULL,
    judgements=None,
    end=date(2026, 11, 6),
    sent=SENT,
    publish_at=PUBLISH,
    provisional=None,
) -> InspectionReport:
    """An inspection of ``kind`` whose final report, with ``judgements``, was sent at ``sent``."""
    from portal.inspections.models import ProvisionalJudgement

    inspection = make.inspection(
        setting,
        lead,
        status=inspection_rules.FINAL_SENT,
        kind=kind,
        start=end - timedelta(days=2),
        end=end,
        final_sent_at=sent,
        draft_sent_at=sent - timedelta(days=10),
        comment_window_ends_at=sent - timedelta(days=3),
    )
    inspection.provisional_judgements = [ProvisionalJudgement(area=a, grade=g) for a, g in (provisional or {}).items()]
    final = {
        "paragraphs": [
            {"number": 1, "section": "purpose", "title": "Purpose of the visit", "text": "What the visit found."}
        ],
        "judgements": dict(judgements or {}),
        "sent_at": sent.isoformat(),
    }
    report = InspectionReport(
        inspection_id=inspection.id,
        status=rules.FINAL_SENT,
        content=rules.empty_content(),
        draft=final,
        final=final,
        publish_at=publish_at,
        created_at=sent,
        updated_at=sent,
        updated_by_id=lead.id,
        final_sent_by_id=lead.id,
    )
    db.session.add_all(
        [
            report,
            CommentReturn(
                report=report, status=rules.NO_COMMENTS, submitted_at=sent, reference=f"DR-T{inspection.id:07d}"
            ),
        ]
    )
    db.session.commit()
    return report
