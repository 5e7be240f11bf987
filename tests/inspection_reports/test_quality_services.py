"""Quality assurance, sign-off, disagreements and copies through the real use cases (R-QA-1..3;
S0 ¶160, ¶163 and the timetables; S2, S4 §"Quality assurance and arrangements for publishing the
report", §"Review of the monitoring report and evidence base")."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.accounts.roles import Role
from portal.core.audit import AuditEvent
from portal.inspection_reports import quality, quality_services as qa, rules, sending, services
from portal.inspection_reports.comments import submit_return
from portal.inspection_reports.models_quality import QualityDisagreement, QualityRecord, ReportCopy
from portal.inspection_reports.services import ReportError
from portal.inspections import rules as inspection_rules
from tests.conftest import FROZEN
from tests.inspection_reports.quality_support import assure, sign_off

TODAY = date(2026, 11, 18)
KINDS = [
    ("CH", inspection_rules.FULL),
    ("CH", inspection_rules.ASSURANCE),
    ("CH", inspection_rules.MONITORING),
    ("SCH", inspection_rules.FULL),
    ("SCH", inspection_rules.ASSURANCE),
    ("SCH", inspection_rules.MONITORING),
    ("RFC", inspection_rules.FULL),
    ("RFC", inspection_rules.MONITORING),
    ("STC", inspection_rules.FULL),
    ("STC", inspection_rules.ASSURANCE),
    ("STC", inspection_rules.MONITORING),
]


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def written(reports, make, world, setting_type="STC", kind=inspection_rules.FULL):
    setting = world.home if setting_type == "CH" else make.setting(world.provider, setting_type)
    grade = inspection_rules.NO_SERIOUS if kind == inspection_rules.ASSURANCE else inspection_rules.GOOD
    return reports.written(reports.ended(setting=setting, kind=kind, grade=grade), grade=grade)


@pytest.fixture
def stc(reports, make, world):
    """An STC full inspection's report, written and not yet quality assured."""
    return written(reports, make, world)


def refused(use_case, field=None, match=None) -> ReportError:
    with pytest.raises(ReportError) as error:
        use_case()
    assert error.value.field == field
    if match:
        assert match in error.value.message, error.value.message
    return error.value


@pytest.mark.parametrize("setting_type, kind", KINDS, ids=[f"{s}-{k}" for s, k in KINDS])
def test_r_qa_1_r_qa_2_the_draft_is_refused_before_quality_assurance_and_issued_after(
    reports, make, world, db, setting_type, kind
):
    report = written(reports, make, world, setting_type, kind)
    needed = quality.draft_steps(setting_type, kind)
    assert [message for _field, message in sending.issue_problems(report)] == [s.missing for s in needed]
    refused(
        lambda: sending.issue_draft(report, None, report.inspection.lead_inspector, FROZEN),
        "report",
        needed[0].missing,
    )
    assert report.status == rules.DRAFTING and report.inspection.draft_sent_at is None
    assure(report)
    assert sending.issue_problems(report) == []
    sending.issue_draft(report, None, report.inspection.lead_inspector, FROZEN)
    assert report.status == rules.DRAFT_ISSUED


def test_r_qa_1_a_check_by_the_reports_own_inspector_is_refused_and_stores_nothing(reports, world, db, make):
    """Even when the lead inspector is an inspectorate manager, the check is someone else's."""
    lead_manager = make.user(Role.INSPECTORATE_MANAGER)
    report = reports.written(reports.ended(lead=lead_manager))
    for actor in (lead_manager, world.inspector):
        report.inspection.lead_inspector_id = actor.id
        db.session.commit()
        refused(
            lambda actor=actor: qa.record_quality_assurance(report, "manager_check", TODAY, None, None, actor, FROZEN),
            None,
            "cannot be recorded by the report's own inspector",
        )
    assert count(db, QualityRecord) == 0 and sending.issue_problems(report)


def test_r_qa_1_a_check_by_the_team_or_by_an_inspector_who_is_not_a_manager_is_refused(reports, world, db, make):
    on_team = make.user(Role.INSPECTORATE_MANAGER)
    report = reports.written(reports.ended(team=[on_team]))
    refused(
        lambda: qa.record_quality_assurance(report, "manager_check", TODAY, None, None, on_team, FROZEN),
        None,
        "cannot be recorded by a member of the inspection team",
    )
    refused(
        lambda: qa.record_quality_assurance(report, "manager_check", TODAY, None, None, world.colleague, FROZEN),
        None,
        "is recorded by an inspectorate manager",
    )
    assert count(db, QualityRecord) == 0


def test_r_qa_1_the_check_records_who_when_and_notes_and_is_audited(reports, world, db):
    report = reports.written()
    record = qa.record_quality_assurance(
        report,
        "manager_check",
        TODAY - timedelta(days=1),
        None,
        "  Asked for the leaders section to be shortened.  ",
        world.manager,
        FROZEN,
    )
    assert (record.recorded_by_id, record.recorded_at, record.given_on) == (
        world.manager.id,
        FROZEN,
        TODAY - timedelta(days=1),
    )
    assert record.notes == "Asked for the leaders section to be shortened." and record.given_by is None
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "quality_step_recorded")).one()
    assert event.actor_id == world.manager.id and event.after["step"] == "manager_check"


def test_r_qa_1_after_changes_the_check_still_stands_and_recording_again_adds_a_record(reports, world, db):
    report = reports.written()
    first = qa.record_quality_assurance(report, "manager_check", TODAY, None, None, world.manager, FROZEN)
    services.save_section(report, "leaders", "Leaders know the home well.", world.inspector, FROZEN)
    panel = qa.panel(report)
    assert panel["steps"][0]["changed"] and sending.issue_problems(report) == []
    later = FROZEN + timedelta(hours=2)
    second = qa.record_quality_assurance(report, "manager_check", TODAY, None, None, world.manager, later)
    assert [r.id for r in report.quality_records] == [first.id, second.id]
    assert first.content_sha256 != second.content_sha256
    panel = qa.panel(report)
    assert panel["steps"][0]["record"].id == second.id and panel["steps"][0]["times"] == 2
    assert not panel["steps"][0]["changed"]


@pytest.mark.parametrize(
    "given_on, message",
    [
        (None, "Enter the date given"),
        (TODAY + timedelta(days=1), "Date given must be today or in the past"),
        (date(2026, 11, 5), "Date given must be on or after the last day of the inspection, Friday 6 November 2026"),
    ],
)
def test_dates_in_the_future_or_before_the_inspection_ended_are_refused(reports, world, db, given_on, message):
    report = reports.written()
    refused(
        lambda: qa.record_quality_assurance(report, "manager_check", given_on, None, None, world.manager, FROZEN),
        "given_on",
        message,
    )
    assert count(db, QualityRecord) == 0


def test_unknown_or_wrong_kind_of_step_is_refused(reports, world, db, stc):
    ch = reports.written()
    for report, step in (
        (ch, "hmip_qa"),
        (ch, "nonsense"),
        (stc, "manager_check"),
        (stc, "sign_off_hmip"),
        (stc, None),
    ):
        refused(
            lambda report=report, step=step: qa.record_quality_assurance(
                report, step, TODAY, "Someone", None, world.manager, FROZEN
            ),
            "step",
            "Select which quality assurance you are recording",
        )
    assert count(db, QualityRecord) == 0


def test_r_qa_2_partner_quality_assurance_names_who_gave_it(stc, world, db):
    refused(
        lambda: qa.record_quality_assurance(stc, "hmip_qa", TODAY, "  ", None, world.manager, FROZEN),
        "given_by",
        "Enter the name of the person at HMIP who gave it",
    )
    record = qa.record_quality_assurance(
        stc, "hmip_qa", TODAY, "Sam Hughes, inspection manager", None, world.manager, FROZEN
    )
    assert record.given_by == "Sam Hughes, inspection manager" and record.recorded_by_id == world.manager.id
    assert [message for _f, message in sending.issue_problems(stc)] == [
        "Record Ofsted's quality assurance by a quality assurance manager",
        "Record Ofsted's internal consistency panel",
        "Record CQC's quality assurance",
    ]


def test_r_qa_1_quality_assurance_after_the_draft_is_refused(reports, world, db):
    report = reports.issued()
    before = count(db, QualityRecord)
    refused(
        lambda: qa.record_quality_assurance(report, "manager_check", TODAY, None, None, world.manager, FROZEN),
        None,
        "The draft report has been issued",
    )
    assert count(db, QualityRecord) == before


def issued_stc(reports, make, world):
    """An STC assurance inspection's draft, quality assured, issued and returned with no comments:
    only the sign-offs stand before its final (a full inspection's also waits for the child-friendly
    summary and its recording, R-CFS-1)."""
    report = written(reports, make, world, "STC", inspection_rules.ASSURANCE)
    assure(report)
    sending.issue_draft(report, None, report.inspection.lead_inspector, FROZEN)
    submit_return(report, True, world.ri, FROZEN)
    return report


def test_r_qa_2_a_sign_off_before_the_draft_is_refused(stc, world, db):
    refused(
        lambda: qa.record_sign_off(stc, "hmip", TODAY, "Sam Hughes", None, world.manager, FROZEN),
        None,
        "A sign-off can be recorded once the draft report has been issued",
    )
    assert count(db, QualityRecord) == 0


def test_r_qa_2_the_final_is_refused_before_the_three_sign_offs_and_sent_after(reports, make, world, db):
    report = issued_stc(reports, make, world)
    lead = report.inspection.lead_inspector
    assert sending.final_problems(report, FROZEN) == [
        "Record Ofsted's sign-off",
        "Record HMIP's sign-off",
        "Record CQC's sign-off",
    ]
    qa.record_sign_off(report, "ofsted", TODAY, None, None, world.manager, FROZEN)
    qa.record_sign_off(report, "hmip", TODAY, "Sam Hughes, HMIP", None, world.manager, FROZEN)
    refused(lambda: sending.send_final(report, lead, FROZEN), None, "Record CQC's sign-off")
    assert report.status == rules.DRAFT_ISSUED and report.final is None
    qa.record_sign_off(report, "cqc", TODAY, "Lena Ford, CQC", None, world.manager, FROZEN)
    sending.send_final(report, lead, FROZEN)
    assert report.status == rules.FINAL_SENT


def test_r_qa_2_a_change_after_a_sign_off_needs_it_again(reports, make, world, db):
    report = issued_stc(reports, make, world)
    sign_off(report)
    section = services.template_of(report.inspection).text_sections[0].key
    services.save_section(report, section, "Leaders have improved oversight.", world.inspector, FROZEN)
    assert sending.final_problems(report, FROZEN) == [
        f"The report has changed since {name}'s sign-off on Wednesday 18 November 2026: record it again"
        for name in ("Ofsted", "HMIP", "CQC")
    ]
    sign_off(report, FROZEN + timedelta(hours=1))
    assert sending.final_problems(report, FROZEN) == []
    assert count(db, QualityRecord) == 3 + 3 + 3  # nothing rewritten


def test_r_qa_2_unknown_inspectorate_and_sign_offs_of_other_settings_are_refused(reports, make, world, db):
    report = issued_stc(reports, make, world)
    for inspectorate in ("ofsted_fes", "", None, "ofqual"):
        refused(
            lambda inspectorate=inspectorate: qa.record_sign_off(
                report, inspectorate, TODAY, "X", None, world.manager, FROZEN
            ),
            "inspectorate",
            "Select the inspectorate that signed off the report",
        )
    refused(
        lambda: qa.record_sign_off(report, "cqc", TODAY, None, None, world.manager, FROZEN),
        "given_by",
        "Enter the name of the person at CQC who gave it",
    )
    refused(
        lambda: qa.record_sign_off(report, "cqc", TODAY, "Lena Ford", None, report.inspection.lead_inspector, FROZEN),
        None,
        "A sign-off cannot be recorded by the report's own inspector",
    )
    ch = reports.issued()
    refused(
        lambda: qa.record_sign_off(ch, "ofsted", TODAY, None, None, world.manager, FROZEN),
        None,
        "Only a secure training centre's report",
    )
    assert count(db, QualityRecord) == 3 + 1  # the STC's three steps and the CH's check


def test_r_qa_2_a_disagreement_is_escalated_to_each_inspectorate_and_blocks_nothing(reports, make, world, db):
    report = issued_stc(reports, make, world)
    managers = {"ofsted": "Helen Carter", "hmip": "Sam Hughes", "cqc": ""}
    refused(
        lambda: qa.record_disagreement(report, "Health judgement wording", managers, world.inspector, FROZEN),
        "cqc_manager",
        "Enter the name of the CQC manager it went to",
    )
    refused(
        lambda: qa.record_disagreement(report, " ", managers | {"cqc": "Lena Ford"}, world.inspector, FROZEN),
        "note",
        "Enter what the inspectorates disagree about",
    )
    assert count(db, QualityDisagreement) == 0
    qa.record_disagreement(report, "Health judgement wording", managers | {"cqc": "Lena Ford"}, world.inspector, FROZEN)
    sign_off(report)
    assert sending.final_problems(report, FROZEN) == []
    sending.send_final(report, report.inspection.lead_inspector, FROZEN)
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "quality_disagreement_recorded")
        )
        == 1
    )


def test_r_qa_3_copies_are_recorded_once_each_and_never_block(reports, make, world, db):
    report = issued_stc(reports, make, world)
    refused(
        lambda: qa.record_copy(report, "final_moj", TODAY, world.inspector, FROZEN),
        "copy",
        "The final report has not been sent yet",
    )
    refused(
        lambda: qa.record_copy(report, "draft_moj", TODAY + timedelta(days=1), world.inspector, FROZEN),
        "sent_on",
        "Date sent must be today or in the past",
    )
    refused(
        lambda: qa.record_copy(report, "draft_moj", TODAY - timedelta(days=1), world.inspector, FROZEN),
        "sent_on",
        "Date sent must be on or after the day the draft report was sent",
    )
    refused(
        lambda: qa.record_copy(report, "draft_nobody", TODAY, world.inspector, FROZEN),
        "copy",
        "Select which copy was sent",
    )
    refused(
        lambda: qa.record_copy(report, "final_stc", TODAY, world.inspector, FROZEN),
        "copy",
        "The portal sends the secure training centre its copy",
    )
    qa.record_copy(report, "draft_moj", TODAY, world.inspector, FROZEN)
    error = refused(lambda: qa.record_copy(report, "draft_moj", TODAY, world.manager, FROZEN), "copy")
    assert error.message == (
        f"The draft report to the Ministry of Justice (MoJ) was already recorded as sent on "
        f"Wednesday 18 November 2026 by {world.inspector.name}"
    )
    assert count(db, ReportCopy) == 1
    assert [c.key for c in qa.panel(report)["outstanding"]] == ["draft_ycs"]
    sign_off(report)
    sending.send_final(report, report.inspection.lead_inspector, FROZEN)  # copies outstanding block nothing
    assert [c.key for c in qa.panel(report)["outstanding"]] == ["draft_ycs", "final_moj", "final_ycs", "final_yjb"]
    for key in ("draft_ycs", "final_moj", "final_ycs", "final_yjb"):
        qa.record_copy(report, key, TODAY, world.inspector, FROZEN)
    assert qa.panel(report)["outstanding"] == []
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "report_copy_recorded")
        )
        == 5
    )


def test_r_qa_3_other_settings_have_no_copies(reports, world, db):
    report = reports.issued()
    refused(
        lambda: qa.record_copy(report, "draft_moj", TODAY, world.inspector, FROZEN),
        None,
        "Only a secure training centre's reports are copied",
    )


def test_the_timeline_lists_every_step_sign_off_and_copy_with_its_date_and_who(reports, make, world, db):
    report = issued_stc(reports, make, world)
    qa.record_copy(report, "draft_moj", TODAY, world.inspector, FROZEN + timedelta(hours=1))
    sign_off(report, FROZEN + timedelta(hours=2))
    sending.send_final(report, report.inspection.lead_inspector, FROZEN + timedelta(hours=3))
    log = qa.history(report)
    assert [entry["what"] for entry in log["entries"]] == [
        "Ofsted's quality assurance by a quality assurance manager",
        "HMIP's quality assurance",
        "CQC's quality assurance",
        "Copy: the draft report to the Ministry of Justice (MoJ)",
        "Ofsted's sign-off",
        "HMIP's sign-off",
        "CQC's sign-off",
        "Copy: the final report, under embargo, to the secure training centre, sent by the portal",
    ]
    assert {entry["by"] for entry in log["entries"][:3]} == {world.manager.name}
    assert log["entries"][1]["given_by"] == "Sam Hughes, HMIP"
    assert log["pending"] == [
        "Copy: the draft report to the Youth Custody Service (YCS)",
        "Copy: the final report, under embargo, to the Ministry of Justice (MoJ)",
        "Copy: the final report, under embargo, to the Youth Custody Service (YCS)",
        "Copy: the final report, under embargo, to the Youth Justice Board (YJB)",
    ]
    assert qa.history(None) == {"entries": [], "pending": []}


def test_r_qa_3_a_copy_recorded_by_someone_else_at_the_same_moment_is_refused(reports, make, world, db):
    """The unique constraint refuses the second of two requests that both saw no copy yet."""
    report = issued_stc(reports, make, world)
    assert report.copies_sent == []  # this request has looked: no copy yet
    with db.engine.connect() as other:  # another request records it and commits first
        other.execute(
            ReportCopy.__table__.insert().values(
                report_id=report.id,
                document="draft",
                recipient="moj",
                sent_on=TODAY,
                recorded_by_id=world.manager.id,
                recorded_at=FROZEN,
            )
        )
        other.commit()
    refused(
        lambda: qa.record_copy(report, "draft_moj", TODAY, world.inspector, FROZEN),
        "copy",
        "The draft report to the Ministry of Justice (MoJ) was already recorded as sent on Wednesday 18 November",
    )
    assert count(db, ReportCopy) == 1
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "report_copy_recorded")
        )
        == 0
    )
