"""Demo Annex A: Oakfield House keeps a complete draft ready; the inspection on site at Hillside
has asked for its Annex A, which is part done."""

from datetime import datetime, time, timedelta

from sqlalchemy import select

from portal.annex_a import services
from portal.annex_a.models import AnnexADraft
from portal.core.clock import UK
from portal.extensions import db
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection

READY = {
    "completed_by": {
        "name": "Marcus Reid",
        "job_title": "Registered manager",
        "email": "rm.oakfield@oakfield.example",
        "phone": "0113 496 0000",
    },
    "setting": {
        "purpose": "Care for up to four children aged 11 to 17 with social and emotional needs",
        "places_available": 4,
        "changes": None,
    },
    "leadership": {
        "manager_name": "Marcus Reid",
        "manager_status": "Registered",
        "manager_email": "rm.oakfield@oakfield.example",
        "provider_name": "Oakfield Care Group",
        "ri_name": "Rachel Ingram",
        "ri_email": "ri@oakfield.example",
        "directors": None,
    },
    "children": {
        "admissions": 3,
        "leavers": 2,
        "resident": 4,
        "restraint_incidents": 5,
        "restraint_children": 2,
        "missing_episodes": 4,
        "missing_children": 1,
        "rhi_offered": 4,
        "rhi_not_offered": 0,
        "sexual_exploitation": 1,
        "criminal_exploitation": 0,
        "extremism": 0,
        "multi_agency_plans": 1,
        "multi_agency_work": "Strategy meetings with the placing authority and the police within 24 hours",
        "single_separations": 0,
        "separation_children": 0,
        "separation_oversight": "No child has been separated; the manager would review any separation the same day",
        "complaints": 2,
        "notifications": 6,
        "at_risk_initials": "AB",
    },
    "education_health": {
        "education_provision": "All four children attend local schools",
        "not_in_education": 0,
        "education_not_as_planned": 0,
        "health_provision": "Registered with a local GP; weekly CAMHS clinic",
        "mental_health_access": "Yes",
        "health_not_as_planned": 0,
    },
    "staffing": {
        "posts": 10,
        "vacancies": 1,
        "agency_shifts": 12,
        "care_staff": 9,
        "care_staff_qualified": 6,
        "care_staff_working_towards": 3,
        "manager_qualification": "Achieved",
    },
    "contacts": [
        {
            "name": "Sam Hughes",
            "role": "Social worker",
            "organisation": "Leeds City Council",
            "email": "sam.hughes@leeds.example",
            "phone": "0113 496 0101",
        }
    ],
    "cases": [
        {"reference": "OH-101", "initials": "AB", "categories": ["Recently moved in", "At risk of exploitation"]},
        {"reference": "OH-102", "initials": None, "categories": ["Preparing to leave or transfer"]},
    ],
}


def seed_annex_a(settings: dict, users: dict, now: datetime) -> None:
    if db.session.scalar(select(AnnexADraft.id).limit(1)) is not None:
        return
    db.session.add(
        AnnexADraft(
            setting_id=settings["SC100001"].id,
            answers=READY,
            updated_at=now,
            updated_by_id=users["rm.oakfield@oakfield.example"].id,
        )
    )
    hillside = settings["SC100002"]
    db.session.add(
        AnnexADraft(
            setting_id=hillside.id,
            updated_at=now,
            updated_by_id=users["rm.hillside@oakfield.example"].id,
            answers={"children": {"admissions": 6, "leavers": 5, "resident": 10}},
        )
    )
    db.session.commit()
    on_site = db.session.scalar(
        select(Inspection).where(Inspection.setting_id == hillside.id, Inspection.status == inspection_rules.ON_SITE)
    )
    if on_site is not None:
        due = datetime.combine(now.astimezone(UK).date(), time(17, 0), tzinfo=UK)
        if due <= now:  # R-AXA-2: never a due time already passed; seeded late in the day, tomorrow's
            due += timedelta(days=1)
        services.request_annex_a(on_site, due, None, on_site.lead_inspector, now)
