"""Change links on check your answers (issue 18, GOV.UK pattern): each answer links back to its own
question, the form comes back filled in, the chosen document is kept unless another is chosen, and
nothing is received until the report is sent."""

from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.core.storage import StoredFile
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission
from tests.files import field, pdf_bytes
from tests.monitoring_reports.test_submission import count, send, visit_data


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def change_links(client, check: str) -> list[str]:
    return [a["href"] for a in soup(client.get(check)).select(".govuk-summary-list__actions a")]


def test_every_answer_links_to_its_own_question_on_a_form_filled_with_what_was_written(client, login_as, world, db):
    login_as(world.ip)
    check = send(client, world.home, records_inspected="Daily logs", spoke_to=["children"])
    links = change_links(client, check)
    assert len(links) == 12  # eleven answers and the document
    key = check.split("/")[2]
    page = soup(client.get(f"/submissions/{key}/change"))
    for link in links:
        path, question = link.split("#")
        assert path == f"/submissions/{key}/change"
        assert page.find(id=question) is not None, question
    assert page.find(id="records_inspected").get_text() == "Daily logs"
    assert page.select_one("input[name=spoke_to][value=children]").has_attr("checked")
    assert not page.select_one("input[name=spoke_to][value=staff]").has_attr("checked")
    assert page.select_one("#visit_date-day")["value"] == "14"
    assert "Leave empty to keep october.pdf" in page.get_text()
    assert page.select_one(".govuk-back-link")["href"] == check


def test_a_changed_answer_replaces_the_waiting_one_and_keeps_the_document(client, login_as, world, db):
    login_as(world.ip)
    check = send(client, world.home)
    key = check.split("/")[2]
    pending = db.session.scalar(select(PendingSubmission))
    file_id = pending.file_id
    data = visit_data(records_inspected="Fire drill log", conflict="yes", conflict_details="I know the manager")
    del data["document"]
    response = client.post(f"/submissions/{key}/change", data=data, content_type="multipart/form-data")
    assert response.status_code == 302 and response.location == check
    page = client.get(check).get_data(as_text=True)
    assert "Fire drill log" in page and "I know the manager" in page and "october.pdf" in page
    assert count(db, PendingSubmission) == 1 and count(db, StoredFile) == 1
    assert count(db, MonitoringReport) == 0  # nothing is received until it is sent
    client.post(check, data={"confirm": "yes"})
    report = db.session.scalar(select(MonitoringReport))
    assert report.current.records_inspected == "Fire drill log" and report.current.file_id == file_id
    assert report.current.conflict_of_interest == "I know the manager"
    # Sent: its Change link now leads to the sent report, and changes nothing.
    after = client.post(f"/submissions/{key}/change", data=data, content_type="multipart/form-data")
    assert after.status_code == 302 and after.location.endswith(f"/visit-reports/{report.id}/sent")
    assert report.current.records_inspected == "Fire drill log"


def test_a_new_document_replaces_the_one_waiting(client, login_as, world, db):
    login_as(world.ip)
    check = send(client, world.home)
    key = check.split("/")[2]
    data = visit_data(document=field(pdf_bytes("The November visit"), "november.pdf"))
    client.post(f"/submissions/{key}/change", data=data, content_type="multipart/form-data")
    assert "november.pdf" in client.get(check).get_data(as_text=True)
    assert db.session.scalar(select(PendingSubmission)).file.original_name == "november.pdf"


def test_a_bad_change_is_refused_with_a_message_and_the_waiting_answers_stay(client, login_as, world, db):
    login_as(world.ip)
    check = send(client, world.home, records_inspected="Daily logs")
    key = check.split("/")[2]
    data = visit_data(records_inspected="", visit_date=["31", "2", "2026"])
    del data["document"]
    response = client.post(f"/submissions/{key}/change", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    summary = soup(response).select_one(".govuk-error-summary").get_text()
    assert "must be a real date" in summary and "Enter which records the visitor inspected" in summary
    assert db.session.scalar(select(PendingSubmission)).answers["records_inspected"] == "Daily logs"


def test_nobody_else_can_open_or_change_what_waits_for_someone(client, login_as, world, db):
    login_as(world.ip)
    key = send(client, world.home).split("/")[2]
    for other in (world.rm, world.rival_rm, world.inspector):
        login_as(other)
        assert client.get(f"/submissions/{key}/change").status_code in (403, 404)
        data = visit_data(records_inspected="Rewritten")
        del data["document"]
        assert client.post(f"/submissions/{key}/change", data=data, content_type="multipart/form-data").status_code in (
            403,
            404,
        )
    assert db.session.scalar(select(PendingSubmission)).answers["records_inspected"] != "Rewritten"


def test_a_correction_changes_its_reason_too_and_keeps_the_current_document(client, login_as, world, make, db):
    report = make.report(world.home, world.ip)
    login_as(world.ip)
    data = visit_data(reason="The visit date was wrong", visit_date=["15", "10", "2026"])
    del data["document"]
    first = client.post(f"/visit-reports/{report.id}/correct", data=data, content_type="multipart/form-data")
    assert first.status_code == 302
    check = first.location
    key = check.split("/")[2]
    page = soup(client.get(check))
    reason_link = page.find("a", href=f"/submissions/{key}/change#reason")
    assert reason_link is not None and "(unchanged)" in page.get_text()
    form = soup(client.get(f"/submissions/{key}/change"))
    assert form.find(id="reason").get_text() == "The visit date was wrong"
    assert "Leave empty to keep the current document" in form.get_text()
    data["reason"] = "The visit was on the 16th"
    data["visit_date"] = ["16", "10", "2026"]
    assert client.post(f"/submissions/{key}/change", data=data, content_type="multipart/form-data").location == check
    assert "The visit was on the 16th" in client.get(check).get_data(as_text=True)
    client.post(check, data={"confirm": "yes"})
    db.session.refresh(report)
    assert report.current.reason == "The visit was on the 16th" and report.current.number == 2
    assert report.versions[0].visit_date.day != 16  # the version it corrects stays as it was received
