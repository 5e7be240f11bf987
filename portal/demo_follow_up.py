"""Demo follow-up between inspections, through the real use cases: evidence sent for Oakfield
House's requirement, old requirements met and recent ones left open (so overdue), a compliance
notice whose monitoring visit is to come, and an inadequate monitoring visit of Elm Lodge three
working days ago, its debrief recorded and the rest to do."""

from datetime import datetime, timedelta

from sqlalchemy import select

from portal.core.clock import UK
from portal.core.workdays import working_days_before
from portal.extensions import db
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection, ProvisionalJudgement
from portal.next_steps import rules as next_step_rules, services as next_steps
from portal.providers.models import Setting
from portal.requirements import services as requirements
from portal.requirements.models import ComplianceNotice, Requirement


def seed_follow_up(settings: dict[str, Setting], users: dict, now: datetime) -> None:
    if db.session.scalar(select(ComplianceNotice.id).limit(1)) is not None:
        return  # seeded already
    today = now.astimezone(UK).date()
    oakfield, elm = settings["SC100001"], settings["SC200002"]
    manager = users["manager@inspectorate.example"]
    for requirement in db.session.scalars(select(Requirement).order_by(Requirement.id)):
        if requirement.setting_id == oakfield.id:
            requirements.send_evidence(
                requirement,
                "Every file now has its employment checks completed before the start date; the manager signs the "
                "recruitment checklist, and the three files found short at the inspection were put right.",
                [],
                users["rm.oakfield@oakfield.example"],
                now - timedelta(days=3),
            )
        elif requirement.comply_by < today - timedelta(days=120):  # followed up long ago
            requirements.decide(
                requirement,
                "met",
                "Seen met at the monitoring visit after its date.",
                manager,
                now - timedelta(days=60),
            )
    requirements.record_notice(
        oakfield,
        "demo-compliance-notice",
        "12(2)(a)",
        "Make sure every risk assessment for going missing is reviewed after each episode and shared with the "
        "placing authority.",
        today + timedelta(days=10),
        manager,
        now - timedelta(days=1),
    )
    feedback = working_days_before(today, 3)
    baker = users["inspector.baker@inspectorate.example"]
    visit = Inspection(
        setting_id=elm.id,
        inspection_type=inspection_rules.MONITORING,
        status=inspection_rules.ENDED,
        announced=False,
        start_date=feedback,
        end_date=feedback,
        lead_inspector_id=baker.id,
        created_at=now,
    )
    visit.provisional_judgements = [
        ProvisionalJudgement(area=area, grade=inspection_rules.INADEQUATE)
        for area in inspection_rules.judgement_areas(elm.type_enum, inspection_rules.FULL)
    ]
    db.session.add(visit)
    db.session.commit()
    at = datetime.combine(feedback, datetime.min.time(), tzinfo=UK) + timedelta(hours=17)
    next_steps.record(visit, "debrief", next_step_rules.DONE, feedback, "Debrief with the RI by phone.", baker, at)
