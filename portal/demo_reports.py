"""Demo inspection reports, made through the real use cases at the dates of the demo timeline: a
report being written, a draft with its window open (and a judgement changed since feedback), a
final report under embargo with answered comments, and published reports."""

from datetime import datetime

from portal.extensions import db
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.reports import rules, services
from portal.reports.comments import save_comment, submit_return
from portal.summaries import services as summary_services

SERVICE = ("{name} is run by {provider}. It is registered to care for up to {capacity} children.",
           "The registered manager has been in post since the last inspection and holds the level 5 diploma "
           "in leadership and management for residential childcare.")
TEXT = {
    "last_inspection": ("At the last full inspection the home was judged good in every area.",),
    "enforcement": ("None.",),
    "recent_history": ("Full inspection: good. Interim inspection: sustained effectiveness.",),
    "experiences": ("Children are settled and make good progress from their starting points. They attend school "
                    "regularly and staff know them well.",
                    "Children say they feel listened to. One child said: 'Staff here actually care.'"),
    "protected": ("Staff understand the risks each child faces. Episodes of going missing have reduced because "
                  "staff work closely with the police and the local authority.",
                  "Recruitment checks were not complete for two members of staff at the time of the inspection."),
    "leaders": ("The manager has a clear plan for the home. Staff receive regular supervision.",
                "Oversight of recruitment has not been strong enough."),
    "this_inspection": ("This inspection was carried out under the social care common inspection framework. "
                        "Inspectors spoke to children, staff, parents and social workers.",),
}


def _content(inspection: Inspection, judgements: dict[str, str]) -> dict:
    setting = inspection.setting
    content = rules.empty_content()
    content["sections"] = {key: list(paragraphs) for key, paragraphs in TEXT.items()}
    content["sections"]["service"] = [p.format(name=setting.name, provider=setting.provider.name,
                                               capacity=setting.capacity) for p in SERVICE]
    content["sections"]["service_details"] = [f"Unique reference number: {setting.urn}\n"
                                              f"Provider: {setting.provider.name}\nLocal authority: "
                                              f"{setting.local_authority}"]
    content["judgements"] = judgements
    content["requirements"] = [{"text": "The registered person must ensure that full employment checks are "
                                        "completed before any member of staff starts work.",
                                "regulation": "32(3)(a)", "comply_by": inspection.end_date.replace(
                                    day=1, month=inspection.end_date.month % 12 + 1,
                                    year=inspection.end_date.year + (inspection.end_date.month == 12)).isoformat()}]
    content["recommendations"] = [{"text": "The registered person should make sure that records of physical "
                                           "intervention are completed within 24 hours.",
                                   "guide_page": 49, "guide_paragraph": "9.59"}]
    return content


def _written(inspection: Inspection, judgements: dict[str, str], at: datetime):
    report = services.start_report(inspection, inspection.lead_inspector, at)
    report.content = _content(inspection, judgements)
    db.session.commit()
    return report


def _comment(report, key: str, paragraph: int, kind: str, text: str, author, at: datetime):
    return save_comment(report, key, paragraph, kind, text, None, [], author, at)


SUMMARY = {
    "who": "We are inspectors. We visit family centres to see if children and parents are safe. We came for "
           "two days.",
    "good": "Staff are kind. Parents told us staff listen to them. Children have lots of toys and play outside.",
    "better": "Staff must write down every time they check on a family at night.",
    "next": "The centre will get our report. Staff will help you understand this summary.",
    "worried": "If you are worried, tell a member of staff. You can also call Childline on 0800 1111.",
}


def _final(inspection, users, issued: datetime, returned: datetime | None, sent: datetime, summary: bool = False):
    """A report taken from its draft to the final, with one comment answered, and a child-friendly
    summary written before the final is sent when ``summary`` is set."""
    report = _written(inspection, inspection.provisional(), issued)
    services.issue_draft(report, None, inspection.lead_inspector, issued)
    if returned is not None:
        comment = _comment(report, f"demo-{inspection.id}-1", 1, rules.TYPING,
                           "The home is registered for a different number of children: please check the "
                           "certificate of registration.", users["rm"], returned)
        submit_return(report, False, users["ri"], returned)
        services.respond(comment, rules.ACCEPTED, "Checked against the register and amended.",
                         inspection.lead_inspector, returned)
        content = services._copy(report)
        content["sections"]["service"][0] += " (corrected after the provider's comment)"
        report.content = content
        db.session.commit()
    if summary:
        summary_services.save(inspection, {key: {"text": text, "picture": None} for key, text in SUMMARY.items()},
                              inspection.lead_inspector, sent)
    services.send_final(report, inspection.lead_inspector, sent)


def seed_reports(inspections: dict[str, Inspection], users: dict, times: dict[str, datetime]) -> None:
    """``inspections`` and ``times`` are keyed by stage; see portal.demo for the timeline."""
    oakfield = {"rm": users["rm.oakfield@oakfield.example"], "ri": users["ri@oakfield.example"]}
    northgate = {"rm": users["rm@northgate.example"], "ri": users["ri@northgate.example"]}

    # Awaiting the draft: the lead inspector has written most of it.
    writing = _written(inspections["awaiting_draft"], inspections["awaiting_draft"].provisional(), times["now"])
    content = services._copy(writing)
    content["sections"]["this_inspection"] = []
    writing.content = content
    db.session.commit()

    # Draft sent: a judgement changed after feedback (R-INSP-2), and a comment is being drafted.
    draft = inspections["draft_sent"]
    judgements = dict(draft.provisional(), **{inspection_rules.LEADERS: inspection_rules.INADEQUATE})
    report = _written(draft, judgements, times["draft_sent"])
    services.issue_draft(report, "After feedback, inspectors checked the staff files again and found that "
                                 "recruitment checks were missing for two members of staff. This is a serious "
                                 "weakness in leadership and management.", draft.lead_inspector, times["draft_sent"])
    _comment(report, f"demo-{draft.id}-1", 12, rules.FACTUAL,
             "The checks for one of the two members of staff were completed before they started work; the "
             "certificate is attached to our return.", users["rm.maple@oakfield.example"], times["draft_sent"])

    _final(inspections["embargoed"], oakfield, times["embargoed_draft"], times["embargoed_returned"],
           times["embargoed_final"], summary=True)
    _final(inspections["published"], northgate, times["published_draft"], times["published_returned"],
           times["published_final"])
    _final(inspections["earlier"], oakfield, times["earlier_draft"], None, times["earlier_final"])
