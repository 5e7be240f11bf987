"""Use cases of requirements and compliance notices: tracked when the final report is sent, the
provider's evidence, the inspector's finding, and notices with their monitoring visit."""

from datetime import date, datetime

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import audit, clock, limits, outbox, references, uploads
from portal.core.links import absolute_url
from portal.core.use_cases import Refusal
from portal.extensions import db
from portal.inspection_reports import final_sent
from portal.inspection_reports.models import InspectionReport
from portal.inspections import ownership
from portal.providers.models import Setting
from portal.providers.people import responsible_people
from portal.requirements import rules
from portal.requirements.models import ComplianceNotice, Requirement, RequirementEvidence, RequirementUpdate

TEXT_MAX = limits.REASON_MAX


class RequirementRefused(Refusal):
    pass


@final_sent.register
def track(report: InspectionReport, now: datetime) -> None:
    """R-REQ-1: every requirement of the final report becomes a tracked item, open, with its date."""
    inspection = report.inspection
    for paragraph in (report.final or {}).get("paragraphs", []):
        if paragraph.get("kind") != "requirement":
            continue
        item = paragraph["item"]
        db.session.add(
            Requirement(
                inspection_id=inspection.id,
                setting_id=inspection.setting_id,
                paragraph=paragraph["number"],
                text=item["text"],
                regulation=item["regulation"],
                comply_by=date.fromisoformat(item["comply_by"]),
                status=rules.OPEN,
                created_at=now,
            )
        )


def _text(text: str | None, message: str, subject: str) -> str:
    text = (text or "").strip()
    if not text:
        raise RequirementRefused(message, "text")
    if len(text) > TEXT_MAX:
        raise RequirementRefused(f"{subject} must be {TEXT_MAX:,} characters or fewer", "text")
    return text


def may_send_evidence(user: User, requirement: Requirement) -> bool:
    return user.role in (Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL) and requirement.status != rules.MET


def may_decide(user: User, requirement: Requirement) -> bool:
    """The setting's lead inspector, or an inspectorate manager (R-REQ-1: at the next visit),
    until it is met: a met requirement is done, its finding kept."""
    return requirement.status != rules.MET and ownership.may_act(user, requirement.setting)


def send_evidence(requirement: Requirement, text: str | None, chosen: list, actor: User, now: datetime) -> None:
    """What the provider did, with its evidence; the lead inspector is told."""
    if not may_send_evidence(actor, requirement):
        raise RequirementRefused("This requirement is met: there is nothing more to send")
    words = _text(text, "Enter what you have done to meet the requirement", "What you have done")
    file_ids = [uploads.receive_document(upload, now).id for upload in chosen if getattr(upload, "filename", "")]
    update = _update(requirement, rules.EVIDENCE_SENT, words, actor, now)
    for file_id in file_ids:  # rows of their own: the update, once added, is never touched again
        db.session.add(RequirementEvidence(update_id=update.id, file_id=file_id))
    setting = requirement.setting
    link = absolute_url("requirements_inspectorate.show", requirement_id=requirement.id)
    for inspector in ownership.responsible_inspectors(setting):
        outbox.queue(
            inspector,
            f"Evidence sent for a requirement: {setting.name} ({setting.urn})",
            f"{actor.name} sent what {setting.name} has done to meet the requirement of paragraph "
            f"{requirement.paragraph}, due by {requirement.comply_by:%-d %B %Y}.\n\nRead it and record whether "
            f"it is met: {link}\n",
            now,
            related=requirement,
        )
    db.session.commit()


def decide(requirement: Requirement, status: str | None, reason: str | None, actor: User, now: datetime) -> None:
    """Met or not met, always with the reason (what was seen at the visit); the provider is told."""
    if requirement.status == rules.MET:
        raise RequirementRefused("This requirement is already met")
    if not may_decide(actor, requirement):
        raise RequirementRefused("Only the setting's lead inspector, or an inspectorate manager, can record this")
    if status not in rules.DECISIONS:
        raise RequirementRefused("Select whether the requirement is met", "status")
    words = _text(reason, "Enter the reason: what was seen, and when", "The reason")
    _update(requirement, status, words, actor, now)
    setting = requirement.setting
    link = absolute_url("requirements_provider.show", requirement_id=requirement.id)
    for person in responsible_people(setting, False):
        outbox.queue(
            person,
            f"Requirement {rules.DECISIONS[status].lower()}: {setting.name} ({setting.urn})",
            f"The inspectorate recorded that the requirement of paragraph {requirement.paragraph} is "
            f"{rules.DECISIONS[status].lower()}.\n\nRead why: {link}\n",
            now,
            related=requirement,
        )
    db.session.commit()


def _update(requirement: Requirement, status: str, text: str, actor: User, now: datetime) -> RequirementUpdate:
    update = RequirementUpdate(
        requirement_id=requirement.id, status=status, text=text, actor_id=actor.id, created_at=now
    )
    db.session.add(update)
    requirement.status = status
    db.session.flush()
    audit.record(actor, "requirement_" + status, requirement, now, after={"update_id": update.id, "text": text})
    return update


def record_notice(
    setting: Setting,
    key: str,
    regulation: str | None,
    actions: str | None,
    comply_by: date | None,
    actor: User,
    now: datetime,
) -> ComplianceNotice:
    """R-REQ-2..3: a compliance notice, its monitoring visit due within 5 working days of its date.
    The provider's people are told. A repeated POST of the same form returns the first notice."""
    existing = db.session.scalar(select(ComplianceNotice).where(ComplianceNotice.submission_key == key))
    if existing is not None:
        return existing
    if actor.role != Role.INSPECTORATE_MANAGER:
        raise RequirementRefused("Only an inspectorate manager records a compliance notice")
    regulation = (regulation or "").strip()
    if not regulation:
        raise RequirementRefused("Enter the regulation the notice is about", "regulation")
    if len(regulation) > 40:
        raise RequirementRefused("The regulation must be 40 characters or fewer", "regulation")
    words = _text(actions, "Enter the actions the provider must take", "The actions")
    if comply_by is None:
        raise RequirementRefused("Enter the date to comply by", "comply_by")
    problem = rules.notice_problem(comply_by, clock.today_uk(now))
    if problem:
        raise RequirementRefused(problem, "comply_by")
    notice = ComplianceNotice(
        setting_id=setting.id,
        reference=references.new_reference("CN-"),
        submission_key=key,
        regulation=regulation,
        actions=words,
        comply_by=comply_by,
        visit_due=rules.visit_due(comply_by),
        recorded_by_id=actor.id,
        recorded_at=now,
    )
    db.session.add(notice)
    db.session.flush()
    audit.record(actor, "compliance_notice_recorded", notice, now, after={"comply_by": comply_by.isoformat()})
    link = absolute_url("requirements_provider.setting", setting_id=setting.id)
    for person in responsible_people(setting, False):
        outbox.queue(
            person,
            f"Compliance notice {notice.reference}: {setting.name} ({setting.urn})",
            f"The inspectorate has recorded a compliance notice for {setting.name} under regulation {regulation}. "
            f"Every action it sets must be complete by {comply_by:%-d %B %Y}: partial action is not enough.\n\n"
            f"Read it: {link}\n",
            now,
            related=notice,
        )
    db.session.commit()
    return notice


def record_visit(
    notice: ComplianceNotice, visited_on: date | None, met: str | None, finding: str | None, actor: User, now: datetime
) -> None:
    """The monitoring visit after the notice's date, and whether the notice was met (R-REQ-3)."""
    if not ownership.may_act(actor, notice.setting):
        raise RequirementRefused("Only the setting's lead inspector, or an inspectorate manager, can record this")
    if notice.visited_on is not None:
        raise RequirementRefused("The visit is already recorded")
    if visited_on is None:
        raise RequirementRefused("Enter the date of the visit", "visited_on")
    if visited_on < notice.comply_by:
        raise RequirementRefused(
            "The visit checks compliance, so it is on or after the date to comply by", "visited_on"
        )
    if visited_on > clock.today_uk(now):
        raise RequirementRefused("The date of the visit must be today or in the past", "visited_on")
    if met not in ("yes", "no"):
        raise RequirementRefused("Select whether the notice was met", "met")
    words = _text(finding, "Enter what the visit found", "What the visit found")
    notice.visited_on, notice.met, notice.finding = visited_on, met == "yes", words
    notice.visit_recorded_by_id, notice.visit_recorded_at = actor.id, now
    audit.record(
        actor, "compliance_visit_recorded", notice, now, after={"met": met, "visited_on": visited_on.isoformat()}
    )
    db.session.commit()
