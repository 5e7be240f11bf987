"""A complete, consistent set of Annex A answers for a children's home."""


def complete_answers(contacts: int = 1) -> dict:
    return {
        "completed_by": {"name": "Marcus Reid", "job_title": "Registered manager", "email": "marcus@oak.example",
                         "phone": "0113 496 0000"},
        "children": {"admissions": 3, "leavers": 2, "resident": 4, "restraint_incidents": 5, "restraint_children": 2,
                     "missing_episodes": 4, "missing_children": 1, "sexual_exploitation": 1, "criminal_exploitation": 0,
                     "complaints": 2, "notifications": 6, "at_risk_initials": "AB"},
        "education_health": {"education_provision": "All attend local schools", "not_in_education": 0,
                             "health_provision": "Registered with a GP and CAMHS", "mental_health_access": "Yes"},
        "staffing": {"posts": 10, "vacancies": 1, "agency_shifts": 12, "care_staff": 9, "care_staff_qualified": 6,
                     "care_staff_working_towards": 3, "manager_qualification": "Achieved"},
        "contacts": [{"name": f"Social Worker {n}", "role": "Social worker", "organisation": "Leeds City Council",
                      "email": f"sw{n}@leeds.example", "phone": "0113 496 0001"} for n in range(contacts)],
    }
