"""The independent person's report is theirs (R-MON-6, DESIGN.md convention 6): only its author
corrects it; the provider's staff add a response beside it, never in its place."""

from sqlalchemy import func, select

from portal.core.audit import AuditEvent
from portal.monitoring_reports import responses, services
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission, ReportVersion, VisitReportResponse
from tests.conftest import FROZEN
from tests.files import pdf_bytes, upload
from tests.monitoring_reports.test_submission import visit_data


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def correction(**overrides):
    return visit_data(reason="A correction", **overrides)


def test_provider_staff_cannot_correct_the_independent_persons_report(client, login_as, world, make, db):
    """R-MON-6: the RM and RI see the visitor's report but are refused its correction (403, not
    404: R-ROLE-1 hides only what they may not see), and are not offered the link."""
    report = make.report(world.home, world.ip, safeguarding_effective=False)
    for staff in (world.rm, world.ri):
        login_as(staff)
        page = client.get(f"/visit-reports/{report.id}").get_data(as_text=True)
        assert f"/visit-reports/{report.id}/correct" not in page and "Only " + world.ip.name in page
        assert client.get(f"/visit-reports/{report.id}/correct").status_code == 403
        response = client.post(
            f"/visit-reports/{report.id}/correct",
            data=correction(safeguarding="yes"),
            content_type="multipart/form-data",
        )
        assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(MonitoringReport, report.id).latest_version == 1
    assert count(db, PendingSubmission) == 0 and count(db, ReportVersion) == 1


def test_the_use_case_refuses_a_correction_by_someone_else(world, make, db):
    report = make.report(world.home, world.ip)
    try:
        services.prepare(
            world.rm,
            world.home,
            "visit",
            {"visit_date": report.current.visit_date},
            upload(pdf_bytes()),
            FROZEN,
            report,
        )
    except services.NotTheAuthor:
        pass
    else:
        raise AssertionError("the registered manager corrected the visitor's report")
    assert count(db, PendingSubmission) == 0


def test_the_author_corrects_their_own_report(client, login_as, world, make):
    report = make.report(world.home, world.ip)
    login_as(world.ip)
    assert f"/visit-reports/{report.id}/correct" in client.get(f"/visit-reports/{report.id}").get_data(as_text=True)
    assert client.get(f"/visit-reports/{report.id}/correct").status_code == 200


def test_a_manager_who_uploaded_a_visit_report_is_its_author(client, login_as, world, make):
    """An RFC's regulation 25 visitor may be the RI or an employee; staff who send a visit report
    stand as its visitor, and their colleagues may not correct it."""
    report = make.report(world.home, world.rm)
    assert services.author_of(report).id == world.rm.id
    login_as(world.rm)
    assert client.get(f"/visit-reports/{report.id}/correct").status_code == 200
    login_as(world.ri)
    assert client.get(f"/visit-reports/{report.id}/correct").status_code == 403


def test_reviews_stay_correctable_by_the_providers_staff(world, db):
    from datetime import date

    from tests.monitoring_reports.test_queries import _send_review

    review = _send_review(world.home, world.rm, date(2026, 11, 1), FROZEN)
    assert services.may_correct(world.ri, review) and services.may_correct(world.rm, review)


def test_provider_adds_responses_beside_the_report(client, login_as, world, make, db):
    report = make.report(world.home, world.ip)
    login_as(world.rm)
    assert "Add the provider's response" in client.get(f"/visit-reports/{report.id}").get_data(as_text=True)
    response = client.post(f"/visit-reports/{report.id}/respond", data={"text": "We moved the night check to 2am."})
    assert response.status_code == 302
    login_as(world.ri)
    client.post(f"/visit-reports/{report.id}/respond", data={"text": "The RI has reviewed the rota."})
    assert count(db, VisitReportResponse) == 2
    db.session.expire_all()
    assert db.session.get(MonitoringReport, report.id).latest_version == 1  # the report is unchanged
    page = client.get(f"/visit-reports/{report.id}").get_data(as_text=True)
    assert "We moved the night check to 2am." in page and "The RI has reviewed the rota." in page
    login_as(world.inspector)
    page = client.get(f"/inspectorate/visit-reports/{report.id}").get_data(as_text=True)
    assert "The provider's responses" in page and "We moved the night check" in page
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "report_response_added")).all()
    assert len(events) == 2 and events[0].actor_id == world.rm.id


def test_an_empty_or_too_long_response_is_refused_and_nothing_stored(client, login_as, world, make, db):
    report = make.report(world.home, world.ip)
    login_as(world.rm)
    for text, message in (
        ("", "Enter the provider&#39;s response"),
        ("   ", "Enter the provider&#39;s response"),
        ("x" * 5001, "must be 5,000 characters or fewer"),
    ):
        response = client.post(f"/visit-reports/{report.id}/respond", data={"text": text})
        assert response.status_code == 200 and message in response.get_data(as_text=True)
        assert "There is a problem" in response.get_data(as_text=True)
    assert count(db, VisitReportResponse) == 0


def test_the_visitor_does_not_respond_to_their_own_report(client, login_as, world, make):
    report = make.report(world.home, world.ip)
    login_as(world.ip)
    assert client.get(f"/visit-reports/{report.id}/respond").status_code == 404
    assert not responses.may_respond(world.ip, report)
