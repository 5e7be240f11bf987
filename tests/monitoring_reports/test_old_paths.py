"""Monitoring reports moved from /reports/... to /visit-reports/... (portal/monitoring_reports/old_paths.py):
every old path answers 308 to the new one with its query string, a form posted to an old path still
lands, and the redirect shows no one more than the new URL does."""

from sqlalchemy import func, select

from portal.monitoring_reports.models import VisitReportResponse

OLD_AND_NEW = [
    ("/reports/{id}", "/visit-reports/{id}"),
    ("/reports/{id}/sent", "/visit-reports/{id}/sent"),
    ("/reports/{id}/correct", "/visit-reports/{id}/correct"),
    ("/reports/{id}/respond", "/visit-reports/{id}/respond"),
    ("/reports/{id}/versions/1/document", "/visit-reports/{id}/versions/1/document"),
    ("/reports/{id}/versions/1/receipt.pdf", "/visit-reports/{id}/versions/1/receipt.pdf"),
    ("/inspectorate/reports/{id}", "/inspectorate/visit-reports/{id}"),
    ("/inspectorate/reports/{id}/versions/1/document", "/inspectorate/visit-reports/{id}/versions/1/document"),
    ("/inspectorate/reports/{id}/versions/1/receipt.pdf", "/inspectorate/visit-reports/{id}/versions/1/receipt.pdf"),
]


def test_each_old_path_answers_308_to_the_new_one_with_the_query_string(client, login_as, world, make):
    report = make.report(world.home, world.ip)
    login_as(world.rm)
    for old, new in OLD_AND_NEW:
        old, new = old.format(id=report.id), new.format(id=report.id)
        assert client.get(old).location == new
        response = client.get(old + "?from=mail&page=2&to=a%20b")
        assert response.status_code == 308, old
        assert response.location == new + "?from=mail&page=2&to=a%20b"


def test_a_raw_query_string_is_escaped_not_copied_into_the_header(client, world, make):
    report = make.report(world.home, world.ip)
    raw = "q=a b\xe9\r\nSet-Cookie: x=1"  # as a client may send it, unescaped (WSGI holds it as latin-1)
    response = client.get(f"/reports/{report.id}", environ_overrides={"QUERY_STRING": raw})
    assert response.status_code == 308 and "Set-Cookie" not in response.headers
    assert response.location == f"/visit-reports/{report.id}?q=a%20b%E9%0D%0ASet-Cookie:%20x=1"


def test_a_form_posted_to_an_old_path_is_redirected_with_308_and_lands(client, login_as, world, make, db):
    report = make.report(world.home, world.ip)
    login_as(world.rm)
    response = client.post(f"/reports/{report.id}/respond", data={"text": "Posted from a page opened before."})
    assert response.status_code == 308 and response.location == f"/visit-reports/{report.id}/respond"
    followed = client.post(
        f"/reports/{report.id}/respond", data={"text": "Posted from a page opened before."}, follow_redirects=True
    )
    assert followed.status_code == 200 and "Posted from a page opened before." in followed.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(VisitReportResponse)) == 1
    login_as(world.inspector)
    response = client.post(f"/inspectorate/reports/{report.id}/concern-actions", data={"version": "1"})
    assert response.status_code == 308
    assert response.location == f"/inspectorate/visit-reports/{report.id}/concern-actions"


def test_the_new_path_still_checks_the_csrf_token_of_a_redirected_post(client, login_as, world, make, db):
    report = make.report(world.home, world.ip)
    login_as(world.rm)
    response = client.post(f"/reports/{report.id}/respond", data={"text": "No token"}, csrf=False)
    assert response.status_code == 308
    assert client.post(response.location, data={"text": "No token"}, csrf=False).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(VisitReportResponse)) == 0


def test_the_redirect_reveals_nothing_to_whoever_may_not_see_the_report(app, client, login_as, world, make):
    """Everyone gets the same 308 (as for a report that does not exist); the new URL answers as before."""
    staff_report = make.report(world.home, world.rm)
    missing = f"/reports/{staff_report.id + 1000}"
    assert client.get(missing).status_code == 308
    anonymous = app.test_client().get(f"/reports/{staff_report.id}", follow_redirects=False)
    assert anonymous.status_code == 308
    signed_out = app.test_client().get(anonymous.location)
    assert signed_out.status_code == 302 and "/sign-in" in signed_out.location
    for viewer in ("ip", "rival_ri", "rm_other", "inspector"):
        login_as(getattr(world, viewer))
        for old, new in OLD_AND_NEW[:6]:
            old, new = old.format(id=staff_report.id), new.format(id=staff_report.id)
            response = client.get(old)
            assert response.status_code == 308 and response.location == new, (viewer, old)
            assert client.get(new).status_code == 404, (viewer, new)
            assert client.get(old, follow_redirects=True).status_code == 404, (viewer, old)
    login_as(world.rm)
    response = client.get(f"/inspectorate/reports/{staff_report.id}", follow_redirects=True)
    assert response.status_code == 404
