"""The words of the demo's reports, per setting type and section of its template (R-RPT-1..5):
a family centre's speaks of families and cites the national minimum standards, an STC's carries
recommendations only, each citing named guidance."""

from datetime import date, timedelta

from portal.inspection_reports import rules
from portal.providers.models import SettingType

CH, SCH, STC, RFC = (
    SettingType.CHILDRENS_HOME,
    SettingType.SECURE_CHILDRENS_HOME,
    SettingType.SECURE_TRAINING_CENTRE,
    SettingType.RESIDENTIAL_FAMILY_CENTRE,
)

CHILDREN = {
    "service": (
        "{name} is run by {provider}. It is registered to care for up to {capacity} children.",
        "The registered manager has been in post since the last inspection and holds the level 5 diploma "
        "in leadership and management for residential childcare.",
    ),
    "last_inspection": ("At the last full inspection the home was judged good in every area.",),
    "enforcement": ("None.",),
    "recent_history": ("Full inspection: good. Assurance inspection: no serious or widespread concerns.",),
    "experiences": (
        "Children are settled and make good progress from their starting points. They attend school "
        "regularly and staff know them well.",
        "Children say they feel listened to. One child said: 'Staff here actually care.'",
    ),
    "protected": (
        "Staff understand the risks each child faces. Episodes of going missing have reduced because "
        "staff work closely with the police and the local authority.",
        "Recruitment checks were not complete for two members of staff at the time of the inspection.",
    ),
    "leaders": (
        "The manager has a clear plan for the home. Staff receive regular supervision.",
        "Oversight of recruitment has not been strong enough.",
    ),
    "education": (
        "Children attend the education centre every weekday. Teachers plan lessons from each child's "
        "starting point, and most children gain qualifications before they leave.",
    ),
    "health": (
        "Every child sees a nurse on the day they arrive. Children with emotional health needs see a "
        "therapist within a week.",
    ),
    "resettlement": (
        "Planning for release starts on arrival. Case workers, families and youth offending teams "
        "meet before each child leaves, and accommodation is agreed in good time.",
    ),
    "this_inspection": (
        "This inspection was carried out under the social care common inspection framework. "
        "Inspectors spoke to children, staff, parents and social workers.",
    ),
    "concerns": ("Inspectors found no serious or widespread concerns about the care and protection of children.",),
    "safe_cared_for": (
        "Children are safe. Staff respond quickly when children are upset, and the use of "
        "restraint has fallen since the last inspection.",
    ),
    "leaders_improvement": (
        "Leaders have acted on the requirements of the last inspection: staff files are now "
        "complete and checked each month.",
    ),
    "purpose": (
        "This visit monitored the progress made since the last inspection, which found that recruitment "
        "checks were incomplete. The last visit was a full inspection.",
    ),
    "developments": ("The provider has appointed a recruitment officer and checked every staff file.",),
    "progress": ("Every member of staff now has complete checks. Supervision records are up to date.",),
    "continued_concerns": ("There are no continued concerns about children's safety.",),
    "further_action": ("No further action is needed before the next inspection.",),
    "judgement_reasons": ("The judgement has not changed: the improvements are recent and need to be sustained.",),
    "compliance_notices": ("None.",),
}

# R-AXA-6, S4: a family centre assesses families, children and parents together.
FAMILIES = CHILDREN | {
    "service": (
        "{name} is run by {provider}. It assesses up to {capacity} families at a time, usually for "
        "courts and local authorities.",
    ),
    "last_inspection": ("At the last full inspection the centre was judged requires improvement to be good.",),
    "recent_history": ("Full inspection: requires improvement to be good. Monitoring visit: improved to good.",),
    "experiences": (
        "Parents say staff explain each stage of their assessment. Children play and learn while their "
        "parents take part in sessions.",
        "Assessments are completed on time and the reports to court are balanced and clear.",
    ),
    "protected": (
        "Staff check on families through the night in line with each family's plan. Risks to children "
        "are shared quickly with social workers.",
    ),
    "leaders": ("The manager knows every family's plan. Staff are trained in parenting assessment.",),
    "this_inspection": (
        "This inspection was carried out under the social care common inspection framework. "
        "Inspectors spoke to parents, children, staff and social workers.",
    ),
    "purpose": (
        "This visit monitored the progress made since the last full inspection, which found that night-time "
        "checks on families were not recorded. The centre had one compliance notice, about night-time "
        "supervision.",
    ),
    "developments": ("The provider has introduced a night-time log and trained every member of the night staff.",),
    "progress": ("Checks on families are now recorded every night. Parents said they feel safe and well supported.",),
    "continued_concerns": ("There are no continued concerns about the safety of children and parents.",),
    "judgement_reasons": (
        "The judgement has improved to good: the compliance notice was met and the improvement "
        "has been sustained for four months.",
    ),
    "compliance_notices": ("The compliance notice about night-time supervision was met.",),
}

# S0: the STC's report is written with HMIP and CQC; it names no enforcement and no regulations.
STC_TEXT = CHILDREN | {
    "service": (
        "{name} is run by {provider} under contract to the Youth Custody Service. It can accommodate up to "
        "{capacity} children aged 12 to 17.",
    ),
    "last_inspection": ("At the last full inspection the centre was judged good.",),
    "recent_history": ("Full inspection: good. Assurance inspection: no serious and/or widespread concerns.",),
    "experiences": (
        "Children settle quickly and make good progress from their starting points. They attend "
        "education every day and staff know them well.",
    ),
    "protected": (
        "Staff understand the risks each child faces. The use of restraint has fallen, and every use is "
        "reviewed by a manager within a day.",
    ),
    "leaders": ("The director has a clear plan for the centre. Staff receive regular supervision.",),
    "this_inspection": (
        "This inspection was carried out jointly by Ofsted, HM Inspectorate of Prisons and the Care "
        "Quality Commission under the joint inspection framework for secure training centres.",
    ),
}

TEXTS = {CH: CHILDREN, SCH: CHILDREN, RFC: FAMILIES, STC: STC_TEXT}

SUMMARIES = {
    RFC: {
        "who": "We are inspectors. We visit family centres to see if children and parents are safe. We came for "
        "two days.",
        "good": "Staff are kind. Parents told us staff listen to them. Children have lots of toys and play outside.",
        "better": "Staff must write down every time they check on a family at night.",
        "next": "The centre will get our report. Staff will help you understand this summary.",
        "worried": "If you are worried, tell a member of staff. You can also call Childline on 0800 1111.",
    },
    STC: {
        "who": "We are inspectors. We came to the centre for a week to see if you are safe and looked after.",
        "good": "Staff are kind. You go to lessons every day. A nurse sees you on the day you arrive.",
        "better": "Staff must plan earlier where you will live when you leave.",
        "next": "The centre will get our report. Staff will help you understand this letter.",
        "worried": "If you are worried, tell a member of staff you trust. You can also call Childline on 0800 1111.",
    },
}


def _month_after(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _items(setting_type: SettingType, end: date) -> tuple[list, list]:
    """A requirement citing the setting's own regulations (none for an STC: R-RPT-6) and a
    recommendation citing the Guide, the national minimum standards or named guidance (R-RPT-7)."""
    comply_by = _month_after(end).isoformat()
    if setting_type == STC:
        return [], [
            {
                "text": "The director should make sure that every child's resettlement plan names where they "
                "will live at least four weeks before release.",
                "cites": "guidance",
                "document": "youth_justice",
                "section": "section 4",
            }
        ]
    if setting_type == RFC:
        return (
            [
                {
                    "text": "The registered person must ensure that full employment checks are completed before any "
                    "member of staff starts work.",
                    "regulation": "16(2)",
                    "comply_by": comply_by,
                    "instrument": "rfc_2002",
                }
            ],
            [
                {
                    "text": "The registered person should make sure that every night-time check on a family is "
                    "recorded.",
                    "cites": "nms",
                    "standard": "10.2",
                }
            ],
        )
    return (
        [
            {
                "text": "The registered person must ensure that full employment checks are completed before any "
                "member of staff starts work.",
                "regulation": "32(3)(a)",
                "comply_by": comply_by,
                "instrument": "ch_2015",
            }
        ],
        [
            {
                "text": "The registered person should make sure that records of physical intervention are completed "
                "within 24 hours.",
                "cites": "guide",
                "guide_page": 49,
                "guide_paragraph": "9.59",
            }
        ],
    )


def demo_content(inspection, judgements: dict[str, str], contributors: dict | None = None) -> dict:
    """A report with every section of its template written in the setting's own words."""
    setting = inspection.setting
    template = rules.template_for(setting.type_enum, inspection.inspection_type)
    words = TEXTS[setting.type_enum]
    content = rules.empty_content()
    for section in template.text_sections:
        if section.key == "service_details":
            continue
        content["sections"][section.key] = [
            p.format(name=setting.name, provider=setting.provider.name, capacity=setting.capacity)
            for p in words[section.key]
        ]
    content["sections"]["service_details"] = [
        f"Unique reference number: {setting.urn}\n"
        f"Provider: {setting.provider.name}\nLocal authority: "
        f"{setting.local_authority}"
    ]
    content["judgements"] = dict(judgements)
    if template.may_give_new_judgement:
        content["new_judgement"] = bool(judgements)
    if template.records_outcome:
        content["outcome"] = {"progress": "improvement", "concerns": "no_serious_concerns"}
    content["contributors"] = dict(contributors or {})
    content["requirements"], content["recommendations"] = _items(setting.type_enum, inspection.end_date)
    return content
