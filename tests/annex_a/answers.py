"""Complete, consistent sets of Annex A answers for each setting type (R-AXA-6, R-AXA-7)."""

from portal.providers.models import SettingType

CH, SCH = SettingType.CHILDRENS_HOME, SettingType.SECURE_CHILDRENS_HOME
STC, RFC = SettingType.SECURE_TRAINING_CENTRE, SettingType.RESIDENTIAL_FAMILY_CENTRE


def complete_answers(contacts: int = 1, setting_type: SettingType = CH, cases: int | None = None) -> dict:
    """``cases`` defaults to as many as ``contacts`` (at least one), so tests that remove rows
    one role after another (tests/test_access.py) find a row of each list every time."""
    cases = max(contacts, 1) if cases is None else cases
    answers = {
        "completed_by": {
            "name": "Marcus Reid",
            "job_title": "Registered manager",
            "email": "marcus@oak.example",
            "phone": "0113 496 0000",
        },
        "setting": {
            "purpose": "Care for up to four children aged 10 to 17",
            "places_available": 4,
            "changes": "The kitchen was refitted in the summer.",
        },
        "staffing": {"posts": 10, "vacancies": 1, "agency_shifts": 12},
        "contacts": [
            {
                "name": f"Social Worker {n}",
                "role": "Social worker",
                "organisation": "Leeds City Council",
                "email": f"sw{n}@leeds.example",
                "phone": "0113 496 0001",
            }
            for n in range(contacts)
        ],
    }
    if setting_type != STC:
        answers["leadership"] = {
            "manager_name": "Marcus Reid",
            "manager_status": "Registered",
            "manager_email": "marcus@oak.example",
            "provider_name": "Oakfield Care Group",
            "ri_name": "Priya Shah",
            "ri_email": "priya@oak.example",
            "directors": "Priya Shah",
        }
    if setting_type in (SCH, STC, RFC):
        answers["setting"]["units"] = 2
    if setting_type == SCH:
        answers["setting"]["ycs_contract"] = "Yes"
    if setting_type == RFC:
        answers["families"] = {
            "families_admitted": 5,
            "parents_admitted": 7,
            "children_admitted": 6,
            "families_left": 4,
            "families_left_early": 1,
            "families_resident": 3,
            "parents_resident": 4,
            "children_resident": 3,
            "assessments_started": 5,
            "assessments_completed": 4,
            "court_reports": 4,
            "court_work": "Final reports go to the court and the placing authority within the timescale set.",
            "complaints": 1,
            "notifications": 2,
        }
        answers["recruitment"] = {
            "staff_employed": 12,
            "staff_recruited": 3,
            "checks_complete": 3,
            "dbs_update_service": "Yes",
            "records_kept": "At the centre",
        }
        answers["cases"] = [{"reference": f"F-{100 + n}", "categories": ["Recently arrived"]} for n in range(cases)]
        return answers
    answers["children"] = {
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
        "multi_agency_work": "Strategy meetings with the placing authority and the police within 24 hours.",
        "single_separations": 2,
        "separation_children": 1,
        "separation_oversight": "The registered manager reviews each separation the same day.",
        "complaints": 2,
        "notifications": 6,
    }
    answers["education_health"] = {
        "education_provision": "All attend local schools",
        "not_in_education": 0,
        "education_not_as_planned": 0,
        "health_provision": "Registered with a GP and CAMHS",
        "mental_health_access": "Yes",
        "health_not_as_planned": 0,
    }
    if setting_type in (CH, SCH):
        answers["children"]["at_risk_initials"] = "AB"
        answers["staffing"] |= {
            "care_staff": 9,
            "care_staff_qualified": 6,
            "care_staff_working_towards": 3,
            "manager_qualification": "Achieved",
        }
        answers["cases"] = [
            {
                "reference": f"C-{100 + n}",
                "initials": "AB" if n == 0 else None,
                "categories": ["Recently moved in", "At risk of exploitation"],
            }
            for n in range(cases)
        ]
    else:
        answers["cases"] = [
            {"reference": f"T-{100 + n}", "categories": ["On remand", "At risk of self-harm"]} for n in range(cases)
        ]
    return answers
