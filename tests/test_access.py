"""Access is declarative and tested (DESIGN.md convention 10, R-ROLE-1).

Every route declares who may use it; every route is tried as every role, and with another
provider's objects, which must answer 404 exactly as if they did not exist.
"""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.complaints import concerns, services as complaint_services
from portal.complaints.models import PointEvidence
from portal.core import outbox
from portal.core.access import ACCESS_ATTRIBUTE
from portal.core.clock import UK
from portal.inspection_reports import sending as report_sending
from portal.inspection_reports.comments import submit_return
from portal.inspection_reports.services import areas_of
from portal.inspections import rules as inspection_rules
from portal.inspections.models import DeferralRequest, ProvisionalJudgement
from portal.monitoring_reports.old_paths import REDIRECTS_TO
from portal.providers import team
from portal.requirements import services as requirement_services
from portal.requirements.models import Requirement
from portal.summaries import services as summary_services
from tests.conftest import FROZEN
from tests.files import pdf_bytes, upload
from tests.inspection_reports.conftest import reports  # noqa: F401  (fixture)
from tests.summaries.conftest import good_sections

ROLE_USERS = {
    Role.RESPONSIBLE_INDIVIDUAL: "ri",
    Role.REGISTERED_MANAGER: "rm",
    Role.INDEPENDENT_PERSON: "ip",
    Role.INSPECTOR: "inspector",
    Role.INSPECTORATE_MANAGER: "manager",
}


@pytest.fixture
def objects(world, db, make, reports):
    # world.inspection has ended and its draft report was issued and commented on, with evidence.
    inspection = world.inspection
    inspection.status, inspection.end_date = inspection_rules.ENDED, date(2026, 11, 6)
    inspection.provisional_judgements = [
        ProvisionalJudgement(area=area, grade=inspection_rules.GOOD) for area in areas_of(inspection)
    ]
    db.session.commit()
    report = reports.issued(inspection)
    comment = reports.comment(report, files=[upload(pdf_bytes())])
    submit_return(report, False, world.ri, FROZEN)
    # A complaint about another inspection of the same home, investigated by world.inspector (who
    # was not on it), with the comment's evidence file on its first point; and an informal concern.
    other = reports.ended(lead=world.colleague, end=date(2026, 11, 6))
    complaint = complaint_services.start(other, world.rm, FROZEN)
    reports.issued(other)
    complaint_services.save_details(complaint, ["process"], None, "An apology", world.rm, FROZEN)
    point = complaint_services.save_point(complaint, None, "What happened", [], world.rm, FROZEN)
    point.evidence.append(PointEvidence(file_id=comment.evidence[0].file_id))
    complaint_services.lodge(complaint, world.ri, FROZEN)
    complaint_services.acknowledge(complaint, world.manager, FROZEN)
    complaint_services.assign(complaint, world.inspector, world.manager, FROZEN)
    # world.inspection's final report went out with a child-friendly summary and a file beside it.
    reports.amend(report, comment.paragraph_number)  # R-DR-4: the paragraph the response points at changes
    report_sending.respond(
        comment, "accepted", "Amended.", world.inspector, FROZEN, paragraphs=[comment.paragraph_number]
    )
    summary_services.save(inspection, good_sections(), world.inspector, FROZEN)
    summary_services.attach(
        inspection, summary_services.ADAPTED, upload(pdf_bytes("Adapted")), "Symbols", None, world.inspector, FROZEN
    )
    summary_services.summary_of(inspection).files[0].file_id = comment.evidence[0].file_id
    report_sending.send_final(report, world.inspector, FROZEN)
    concern = concerns.raise_concern(
        other, "access-concern", "A concern", world.rm, datetime(2026, 11, 9, 12, 0, tzinfo=UK)
    )
    deferral = DeferralRequest(
        inspection_id=world.inspection.id,
        status="requested",
        reason="Flood",
        requested_by_id=world.rm.id,
        requested_at=FROZEN,
    )
    db.session.add(deferral)
    message = outbox.queue(world.rm, "Hello", "Body", FROZEN)
    db.session.commit()
    # The independent person's visit report raises a serious concern, so its alert's routes apply.
    report = make.report(world.home, world.ip, serious_concern=True, serious_concern_details="Access check")
    sent_in_bulk = make.report(world.home, world.ri)  # a batch of one (portal/monitoring_reports/bulk.py)
    sent_in_bulk.current.submission_key = "bulk-access-check:0"
    version = make.annex_a_version(world.inspection, world.rm, contacts=10)
    # A team member and an invitation of world.provider, for the team pages; the member is a spare
    # so that deactivating them as the matrix walks the routes changes nothing else it tries.
    member = make.user(Role.REGISTERED_MANAGER, world.provider, [world.home])
    invitation = team.invite(
        world.ri, "Invited", "invited@example.com", Role.REGISTERED_MANAGER.value, [world.home.id], False, FROZEN
    )
    # A serious event with its document, whose enquiry waits for an outcome, and a draft sent.
    notification = make.notification(world.home, world.rm, files=[upload(pdf_bytes("Incident log"))])
    # The final report's requirement (tracked when it was sent), with the provider's evidence, and a
    # compliance notice for the home.
    requirement = db.session.scalar(select(Requirement))
    requirement_services.send_evidence(requirement, "Plans reviewed", [upload(pdf_bytes("Plans"))], world.rm, FROZEN)
    notice = requirement_services.record_notice(
        world.home, "access-notice", "12", "Review the plans", date(2026, 12, 4), world.manager, FROZEN
    )
    # An inadequate full inspection of the other home, led by world.inspector: its next steps (R-NEXT-4).
    judged = make.inspection(world.other_home, world.inspector, status=inspection_rules.ENDED, end=date(2026, 11, 13))
    judged.provisional_judgements = [
        ProvisionalJudgement(area=area, grade=inspection_rules.INADEQUATE) for area in areas_of(judged)
    ]
    db.session.commit()
    return {
        "judged_inspection_id": judged.id,
        "step": "debrief",
        "requirement_id": requirement.id,
        "evidence_id": requirement.updates[0].evidence[0].id,
        "notice_id": notice.id,
        "notification_id": notification.id,
        "document_id": notification.current.documents[0].id,
        "notification_kind": "serious_event",
        "draft_key": notification.current.submission_key,
        "inspection_id": world.inspection.id,
        "setting_id": world.home.id,
        "deferral_id": deferral.id,
        "message_id": message.id,
        "token": "not-a-token",
        "filename": "dist/portal.css",
        "report_id": report.id,
        "number": 1,
        "key": report.current.submission_key,
        "section_key": "children",
        "index": 0,
        "version_id": version.id,
        "report_section": "service",
        "kind": "requirements",
        "comment_id": comment.id,
        "file_id": comment.evidence[0].file_id,
        "complaint_id": complaint.id,
        "point_id": point.id,
        "concern_id": concern.id,
        "member_id": member.id,
        "invitation_id": invitation.id,
        "secret": "not-a-secret",
        "answers_key": "not-a-key",
        "batch": "bulk-access-check",
    }


def routes(app):
    for rule in app.url_map.iter_rules():
        yield rule, app.view_functions[rule.endpoint]


def url_for_rule(rule, objects):
    return rule.build({arg: objects[arg] for arg in rule.arguments})[1]


def test_every_route_declares_who_may_use_it(app):
    undeclared = [rule.rule for rule, view in routes(app) if not hasattr(view, ACCESS_ATTRIBUTE)]
    assert undeclared == []


# Allowed roles refused (403) because of whose the object is, not whose provider: the RM and RI
# see the independent person's report but only its author corrects it (R-MON-6); world.colleague
# led the home's latest inspection, so world.inspector does not own its serious-concern alert (R-MON-3).
REFUSED_FOR_WHOSE_IT_IS = {
    ("monitoring_reports_provider.correct", Role.REGISTERED_MANAGER),
    ("monitoring_reports_provider.correct", Role.RESPONSIBLE_INDIVIDUAL),
    ("monitoring_reports_inspectorate.concern_action", Role.INSPECTOR),
    ("notifications_inspectorate.triage", Role.INSPECTOR),
    ("requirements_inspectorate.decision", Role.INSPECTOR),
    ("requirements_inspectorate.visit", Role.INSPECTOR),
}


# Allowed roles answered 404 because the object is not theirs to know of: an independent person
# sends urgent concerns through these routes (R-MON-3), but the serious event here is the staff's,
# and the kind in the address (a serious event) is not a visitor's to send.
NOT_THEIRS = {
    (f"notifications_provider.{page}", Role.INDEPENDENT_PERSON)
    for page in ("write", "update", "check", "change", "sent", "show", "receipt", "document", "link_visit_report")
}


def test_every_route_as_every_role(app, client, login_as, world, objects):
    checked = 0
    for rule, view in routes(app):
        allowed = getattr(view, ACCESS_ATTRIBUTE)
        if allowed == "public" or rule.endpoint == "static":
            continue
        url = url_for_rule(rule, objects)
        method = "GET" if "GET" in rule.methods else "POST"
        stranger = app.test_client()
        anonymous = stranger.get(url) if method == "GET" else stranger.post(url)
        assert anonymous.status_code == 302 and "/sign-in" in anonymous.location, url
        for role, attribute in ROLE_USERS.items():
            login_as(getattr(world, attribute))
            response = client.get(url) if method == "GET" else client.post(url)
            if (rule.endpoint, role) in REFUSED_FOR_WHOSE_IT_IS:
                assert response.status_code == 403, (url, role, response.status_code)
            elif (rule.endpoint, role) in NOT_THEIRS:
                assert response.status_code == 404, (url, role, response.status_code)
            elif role in allowed:
                assert response.status_code in (200, 204, 302), (url, role, response.status_code)
            else:
                assert response.status_code == 404, (url, role, response.status_code)
            checked += 1
    assert checked >= 50


def redirect_only_rules(app):
    """The old paths of moved routes (portal/monitoring_reports/old_paths.py), each with the rule it
    redirects to. They are declared public: they only redirect, and the rule they send to checks."""
    rules = {rule.endpoint: rule for rule, _view in routes(app)}
    return [(rule, rules[getattr(view, REDIRECTS_TO)]) for rule, view in routes(app) if hasattr(view, REDIRECTS_TO)]


def test_redirect_only_rules_answer_everyone_alike_and_send_them_to_a_checked_route(
    app, client, login_as, world, objects
):
    """Signed out, as every role and as another provider: the same 308 to the new path with the query
    string, never a page; the new path is a declared, checked route (tried above like every route)."""
    moved = redirect_only_rules(app)
    assert len(moved) == 10
    for rule, target in moved:
        assert getattr(app.view_functions[rule.endpoint], ACCESS_ATTRIBUTE) == "public", rule.rule
        assert getattr(app.view_functions[target.endpoint], ACCESS_ATTRIBUTE) != "public", target.rule
        assert rule.methods == target.methods, rule.rule
        old, new = url_for_rule(rule, objects), url_for_rule(target, objects)
        for method in sorted(rule.methods & {"GET", "POST"}):
            answers = set()
            for who in [None, *ROLE_USERS.values(), "rival_ri"]:
                asker = app.test_client() if who is None else login_as(getattr(world, who))
                response = asker.open(old + "?from=mail", method=method)
                answers.add((response.status_code, response.location, response.get_data()))
            assert len(answers) == 1, (old, method, answers)
            assert answers.pop()[:2] == (308, new + "?from=mail"), (old, method)


ALL_IDS = {
    "inspection_id",
    "setting_id",
    "report_id",
    "version_id",
    "comment_id",
    "file_id",
    "complaint_id",
    "point_id",
    "concern_id",
    "member_id",
    "invitation_id",
    "notification_id",
    "requirement_id",
    "notice_id",
    "judged_inspection_id",
}
# Whose objects are foreign to whom: another provider's people and the manager of another
# setting may see none of them; an inspector not on the team not the inspection; the
# independent person (who wrote the report and visits the home) not the inspection.
FOREIGN_VIEWERS = {
    "rival_ri": ALL_IDS,
    "rival_rm": ALL_IDS,
    "rm_other": ALL_IDS,
    "colleague": {"inspection_id", "version_id", "comment_id", "complaint_id", "concern_id", "judged_inspection_id"},
    "ip": {
        "inspection_id",
        "version_id",
        "comment_id",
        "complaint_id",
        "concern_id",
        "notification_id",
        "requirement_id",
        "notice_id",
    },
}


def test_another_providers_objects_answer_404(app, client, login_as, world, objects):
    """R-ROLE-1: unknown and foreign ids look the same."""
    tried = 0
    for viewer, foreign in FOREIGN_VIEWERS.items():
        user = getattr(world, viewer)
        login_as(user)
        for rule, view in routes(app):
            if not foreign & set(rule.arguments) or user.role not in getattr(view, ACCESS_ATTRIBUTE):
                continue
            url = url_for_rule(rule, objects)
            if "GET" in rule.methods:
                assert client.get(url).status_code == 404, (viewer, url)
            if "POST" in rule.methods:
                assert client.post(url).status_code == 404, (viewer, url)
            tried += 1
    assert tried >= 20


def test_independent_person_sees_only_their_own_reports(client, login_as, world, make):
    staff_report = make.report(world.home, world.rm)
    own = make.report(world.home, world.ip, visit_date=date(2026, 9, 3))
    login_as(world.ip)
    assert client.get(f"/visit-reports/{staff_report.id}").status_code == 404
    assert client.get(f"/visit-reports/{staff_report.id}/versions/1/document").status_code == 404
    assert client.get(f"/visit-reports/{own.id}").status_code == 200
    page = client.get("/dashboard").get_data(as_text=True)
    assert own.reference in page and staff_report.reference not in page
    assert client.get(f"/settings/{world.home.id}/reviews/new").status_code == 404
    assert client.get(f"/settings/{world.other_home.id}/visit-reports/new").status_code == 404


def test_unknown_ids_answer_404(client, login_as, world):
    login_as(world.manager)
    assert client.get("/inspectorate/inspections/999999").status_code == 404
    login_as(world.ri)
    assert client.get("/inspections/999999").status_code == 404
    assert client.get("/settings/999999").status_code == 404


def test_rm_sees_only_their_settings_and_ri_sees_all(client, login_as, world):
    login_as(world.rm)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Oak House" in page and "Ash House" not in page and "Rival House" not in page
    login_as(world.ri)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Oak House" in page and "Ash House" in page and "Rival House" not in page


def test_independent_person_sees_only_assigned_settings_and_no_inspections(client, login_as, world):
    login_as(world.ip)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Oak House" in page and "Ash House" not in page
    assert "judgement" not in page.lower()
    assert client.get(f"/inspections/{world.inspection.id}").status_code == 404
    assert client.get(f"/settings/{world.home.id}").status_code == 404


def test_inspector_sees_only_inspections_they_lead_or_are_on(client, login_as, world, make):
    login_as(world.colleague)
    assert client.get(f"/inspectorate/inspections/{world.inspection.id}").status_code == 404
    make.inspection(world.other_home, world.inspector, team=[world.colleague])
    page = client.get("/inspectorate/").get_data(as_text=True)
    assert "Ash House" in page and "Oak House" not in page
    login_as(world.manager)
    page = client.get("/inspectorate/").get_data(as_text=True)
    assert "Ash House" in page and "Oak House" in page and "Rival House" in page
