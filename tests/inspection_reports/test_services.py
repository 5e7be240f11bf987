"""Use cases of the report: issue (R-INSP-2), one return (R-DR-2), responses and the final (R-DR-4)."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from portal.core.outbox import OutboxMessage
from portal.inspection_reports import rules, sending, services
from portal.inspection_reports.comments import may_submit, submit_return
from portal.inspection_reports.models import CommentReturn, DraftComment
from portal.inspection_reports.services import ReportError
from portal.inspections import rules as inspection_rules
from tests.conftest import FROZEN
from tests.inspection_reports.quality_support import assure


def recipients(db, subject_start):
    return {m.recipient for m in db.session.scalars(select(OutboxMessage)) if m.subject.startswith(subject_start)}


def test_a_report_can_only_be_started_after_the_inspection_ends(reports, world):
    with pytest.raises(ReportError, match="end of the inspection"):
        services.start_report(world.inspection, world.inspector, FROZEN)


def test_issuing_freezes_the_draft_opens_the_window_and_tells_the_rm_and_ri(reports, world, db):
    report = reports.issued()
    inspection = report.inspection
    assert report.status == rules.DRAFT_ISSUED and inspection.status == inspection_rules.DRAFT_SENT
    assert inspection.draft_sent_at == FROZEN
    assert inspection.comment_window_ends_at == datetime(2026, 11, 26, 0, 0, tzinfo=UTC)
    assert recipients(db, "Draft inspection report") == {world.rm.email, world.ri.email}
    before = [p["text"] for p in report.draft["paragraphs"]]
    services.save_section(report, "service", "Rewritten after the draft.", world.inspector, FROZEN)
    assert [p["text"] for p in report.draft["paragraphs"]] == before


def test_r_insp_2_a_changed_judgement_needs_reasons_the_provider_sees(reports, world, db):
    report = reports.written(grade=inspection_rules.GOOD)
    changed = dict(report.content["judgements"], **{inspection_rules.LEADERS: inspection_rules.REQUIRES_IMPROVEMENT})
    services.save_judgements(report, changed, world.inspector, FROZEN)
    assure(report)  # R-QA-1
    with pytest.raises(ReportError, match="reasons") as refused:
        sending.issue_draft(report, "  ", world.inspector, FROZEN)
    assert refused.value.field == "reasons"
    assert report.status == rules.DRAFTING and report.inspection.draft_sent_at is None
    sending.issue_draft(report, "Evidence from staff files after feedback.", world.inspector, FROZEN)
    assert report.judgement_change_reasons == "Evidence from staff files after feedback."


def test_a_draft_with_missing_sections_is_not_issued(reports, world):
    report = reports.written()
    content = dict(report.content)
    content["sections"] = dict(content["sections"], enforcement=[])
    report.content = content
    with pytest.raises(ReportError, match="Enforcement action"):
        sending.issue_draft(report, None, world.inspector, FROZEN)
    with pytest.raises(ReportError, match="Enter the text"):
        services.save_section(report, "enforcement", "\n\n", world.inspector, FROZEN)


def test_r_dr_2_only_the_ri_or_a_delegate_sends_the_one_return(reports, world, db):
    report = reports.issued()
    reports.comment(report)
    with pytest.raises(ReportError, match="responsible individual"):
        submit_return(report, False, world.rm, FROZEN)
    assert report.comment_return.status == rules.OPEN
    world.rm.submits_draft_comments = True
    db.session.commit()
    assert may_submit(world.rm)
    sent = submit_return(report, False, world.rm, FROZEN)
    again = submit_return(report, False, world.ri, FROZEN)
    assert sent.reference == again.reference and sent.submitted_by_id == world.rm.id
    assert db.session.scalar(select(func.count()).select_from(CommentReturn)) == 1
    assert report.inspection.comments_received_at == FROZEN
    assert recipients(db, "Comments on the draft report") == {world.inspector.email}


def test_no_comments_is_refused_while_comments_are_drafted_and_an_empty_return_needs_the_choice(reports, world):
    report = reports.issued()
    with pytest.raises(ReportError, match="Add at least one comment"):
        submit_return(report, False, world.ri, FROZEN)
    reports.comment(report)
    with pytest.raises(ReportError, match="1 comment drafted"):
        submit_return(report, True, world.ri, FROZEN)
    assert report.comment_return.status == rules.OPEN


def test_bad_comments_store_nothing(reports, world, db):
    report = reports.issued()
    last = len(report.draft["paragraphs"])
    for paragraph, kind, text, message in [
        (last + 1, rules.TYPING, "x", "Select a paragraph"),
        (1, "nonsense", "x", "Select what kind"),
        (1, rules.TYPING, "   ", "Enter your comment"),
        (1, rules.TYPING, "x" * 5001, "5,000 characters or fewer"),
    ]:
        with pytest.raises(ReportError, match=message):
            reports.comment(report, paragraph=paragraph, kind=kind, text=text)
    reports.comment(report, text="x" * 5000, key="same")
    reports.comment(report, text="Changed as I typed.", key="same")
    assert [c.text for c in db.session.scalars(select(DraftComment))] == ["Changed as I typed."]


def test_r_dr_4_the_final_waits_for_the_window_and_every_response(reports, world, db):
    report = reports.issued()
    reports.comment(report)
    assert "The provider can comment until 11:59pm on Wednesday 25 November 2026" in sending.final_problems(
        report, FROZEN
    )
    submit_return(report, False, world.ri, FROZEN)
    with pytest.raises(ReportError, match="Answer every comment: 1 not answered"):
        sending.send_final(report, world.inspector, FROZEN)
    comment = report.comments[0]
    with pytest.raises(ReportError, match="Select your response"):
        sending.respond(comment, "maybe", "Because", world.inspector, FROZEN)
    with pytest.raises(ReportError, match="Enter the reason"):
        sending.respond(comment, rules.NOT_ACCEPTED, " ", world.inspector, FROZEN)
    sending.respond(
        comment,
        rules.PARTLY,
        "The date is corrected; the rest stands.",
        world.inspector,
        FROZEN,
        paragraphs=[comment.paragraph_number],
    )
    reports.amend(report, comment.paragraph_number)
    sending.send_final(report, world.inspector, FROZEN)
    assert report.status == rules.FINAL_SENT and report.inspection.final_sent_at == FROZEN
    assert report.publish_at == datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # 5 working days after
    assert recipients(db, "Final inspection report") == {world.rm.email, world.ri.email}
    with pytest.raises(ReportError, match="cannot be changed"):
        services.save_section(report, "service", "Too late", world.inspector, FROZEN)


def test_the_final_can_be_sent_once_the_window_closes_without_a_return(reports, world, app):
    report = reports.issued()
    closed = report.inspection.comment_window_ends_at
    assert sending.final_problems(report, closed) == []
    sending.send_final(report, world.inspector, closed)
    assert report.comment_return.status == rules.OPEN and report.final is not None


def test_the_report_of_another_provider_is_not_told_to_anyone_else(reports, world, db):
    reports.issued(reports.ended(setting=world.rival_home, lead=world.colleague, end=date(2026, 11, 6)))
    assert recipients(db, "Draft inspection report") == {world.rival_rm.email, world.rival_ri.email}
