"""Use cases of writing the inspector's report: start it, save its sections, judgements and
outcome, with the partner inspectorates' contributions (R-RPT-1..5, R-INSP-2). Sending it (the
draft, the comment window, the answers and the final) is in ``sending``."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.accounts.roles import CQC, HMIP, INSPECTORATES, OFSTED_FES
from portal.core import audit
from portal.core.use_cases import Refusal
from portal.extensions import db
from portal.inspection_reports import rules
from portal.inspection_reports.models import InspectionReport
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection


class ReportError(Refusal):
    """A use case refused for a reason the user can act on; ``field`` names the form field."""


def areas_of(inspection: Inspection) -> dict[str, str]:
    """The areas judged at this type of inspection (a monitoring visit: none unless it makes a new one)."""
    return inspection_rules.judgement_areas(inspection.setting.type_enum, inspection.inspection_type)


def template_of(inspection: Inspection) -> rules.ReportTemplate:
    """The report template of this setting type × inspection type (R-RPT-1..5)."""
    return rules.template_for(inspection.setting.type_enum, inspection.inspection_type)


def report_areas(report: InspectionReport) -> dict[str, str]:
    """The areas this report grades: a monitoring visit's only once it records a new judgement."""
    return template_of(report.inspection).areas(report.content)


def report_of(inspection: Inspection) -> InspectionReport | None:
    return db.session.scalar(select(InspectionReport).where(InspectionReport.inspection_id == inspection.id))


def start_report(inspection: Inspection, actor: User, now: datetime) -> InspectionReport:
    """The working copy of the report, made when the inspector first opens it after the
    inspection has ended; the judgements start from those given at feedback."""
    existing = report_of(inspection)
    if existing is not None:
        return existing
    if inspection.status != inspection_rules.ENDED:
        raise ReportError("The report can be written once the end of the inspection is recorded")
    content = rules.empty_content()
    content["judgements"] = inspection.provisional()
    report = InspectionReport(
        inspection_id=inspection.id,
        status=rules.DRAFTING,
        content=content,
        created_at=now,
        updated_at=now,
        updated_by_id=actor.id,
    )
    db.session.add(report)
    try:
        audit.record(actor, "report_started", report, now)
        db.session.commit()
    except IntegrityError:  # started by someone else at the same moment
        db.session.rollback()
        return report_of(inspection)
    return report


def _editable(report: InspectionReport) -> None:
    if report.status == rules.FINAL_SENT:
        raise ReportError("The final report has been sent: it cannot be changed")


def _save_content(
    report: InspectionReport, content: dict, action: str, actor: User, now: datetime, detail: dict
) -> None:
    report.content = content
    report.updated_at = now
    report.updated_by_id = actor.id
    audit.record(actor, action, report, now, after=detail)
    db.session.commit()


def _copy(report: InspectionReport) -> dict:
    content = rules.empty_content() | report.content
    return content | {
        "sections": dict(content["sections"]),
        "judgements": dict(content["judgements"]),
        "requirements": list(content["requirements"]),
        "recommendations": list(content["recommendations"]),
        "contributors": dict(content.get("contributors") or {}),
    }


# The partner who writes a section, as the error names them.
INSPECTORATE_NAMES = {OFSTED_FES: "further education and skills HMI", CQC: "CQC inspector", HMIP: "HMIP inspector"}


def contributors_for(inspection: Inspection, section: rules.Section) -> list[User]:
    """R-RPT-2: who on the team may be recorded as writing a partner inspectorate's section."""
    if section.contributor is None:
        return []
    people = [inspection.lead_inspector, *(member.user for member in inspection.team)]
    return [person for person in people if person.inspectorate == section.contributor]


def contributor_record(user: User) -> dict:
    """Who wrote a partner inspectorate's section, as the report keeps it (R-RPT-2)."""
    return {
        "user_id": user.id,
        "name": user.name,
        "inspectorate": user.inspectorate,
        "role": INSPECTORATES.get(user.inspectorate or "", "Inspector"),
    }


def save_section(
    report: InspectionReport, key: str, text: str, actor: User, now: datetime, written_by_id: int | None = None
) -> None:
    """A section's text as pasted: paragraphs are separated by blank lines.

    R-RPT-2: an SCH's or STC's education and health sections are contributions from the further
    education and skills HMI and the CQC inspector on the team; the lead inspector collates them,
    and the report records who wrote each.
    """
    _editable(report)
    section = template_of(report.inspection).section(key)
    if section is None or section.kind != "text":
        raise ReportError("Select a section of the report", "text")
    paragraphs = rules.split_paragraphs(text)
    if section.required and not paragraphs:
        raise ReportError(f"Enter the text of '{section.title}'", "text")
    content = _copy(report)
    content["sections"][key] = paragraphs
    detail = {"section": key, "paragraphs": len(paragraphs)}
    if section.contributor is not None:
        allowed = contributors_for(report.inspection, section)
        author = next((person for person in allowed if person.id == written_by_id), None)
        if not allowed:
            raise ReportError(
                f"Add the {INSPECTORATE_NAMES[section.contributor]} to the inspection team first: "
                f"'{section.title}' is their contribution",
                "written_by",
            )
        if author is None:
            raise ReportError(f"Select who wrote '{section.title}'", "written_by")
        content["contributors"][key] = contributor_record(author)
        detail["written_by"] = author.id
    _save_content(report, content, "report_section_saved", actor, now, detail)


def save_judgements(
    report: InspectionReport, judgements: dict[str, str], actor: User, now: datetime, new_judgement: bool | None = None
) -> None:
    """The report's judgements (R-JUDGE-1..3, R-JUDGE-6). At an SCH, CH or RFC monitoring visit
    the inspector first says whether the visit makes a new judgement (R-JUDGE-5); without one,
    no grades are kept."""
    _editable(report)
    inspection = report.inspection
    template = template_of(inspection)
    if template.may_have_no_children and report.content.get("no_children_since"):
        raise ReportError(
            "No children have lived in the home since its registration: this inspection makes no judgement"
        )  # R-JUDGE-4
    if template.may_give_new_judgement:
        if new_judgement is None:
            raise ReportError("Select whether this visit makes a new judgement", "new_judgement")
        judgements = judgements if new_judgement else {}
    errors = inspection_rules.judgement_errors(judgements, inspection.setting.type_enum, inspection.inspection_type)
    if template.may_give_new_judgement and new_judgement and not errors:
        errors = {
            area: f"Select a judgement for {label.lower()}"
            for area, label in inspection_rules.judgement_areas(template.setting_type, inspection_rules.FULL).items()
            if area not in judgements
        }
    if errors:
        area, message = next(iter(errors.items()))
        raise ReportError(message, area)
    content = _copy(report)
    content["judgements"] = dict(judgements)
    if template.may_give_new_judgement:
        content["new_judgement"] = bool(new_judgement)
    _save_content(
        report,
        content,
        "report_judgements_saved",
        actor,
        now,
        {"judgements": judgements, "new_judgement": content.get("new_judgement")},
    )


def record_no_children(report: InspectionReport, no_children: bool, actor: User, now: datetime) -> None:
    """R-JUDGE-4: at the first assurance inspection of an SCH (CH by analogy) with no children
    since registration, no judgement is made and the report carries the fixed statement (R-RPT-4)."""
    _editable(report)
    inspection = report.inspection
    if not template_of(inspection).may_have_no_children:
        raise ReportError(
            "Only an assurance inspection of a children's home or secure children's home can record "
            "that no children have lived there since registration"
        )
    content = _copy(report)
    if no_children:
        content["no_children_since"] = inspection.setting.registered_on.isoformat()
        content["judgements"] = {}
    else:
        content.pop("no_children_since", None)
    _save_content(report, content, "report_no_children_recorded", actor, now, {"no_children": no_children})


def save_outcome(
    report: InspectionReport, progress: str | None, concerns: str | None, actor: User, now: datetime
) -> None:
    """R-JUDGE-7: an STC monitoring visit records improvement or continued concern, and whether
    serious and/or widespread concerns were found, instead of a judgement (S0 ¶142)."""
    _editable(report)
    if not template_of(report.inspection).records_outcome:
        raise ReportError(
            "Only a monitoring visit of a secure training centre records an outcome instead of a judgement"
        )
    if progress not in inspection_rules.MONITORING_PROGRESS:
        raise ReportError("Select whether there was improvement or continued concern", "progress")
    if concerns not in (inspection_rules.SERIOUS, inspection_rules.NO_SERIOUS):
        raise ReportError("Select whether serious and/or widespread concerns were found", "concerns")
    content = _copy(report)
    content["outcome"] = {"progress": progress, "concerns": concerns}
    _save_content(report, content, "report_outcome_saved", actor, now, {"outcome": content["outcome"]})
