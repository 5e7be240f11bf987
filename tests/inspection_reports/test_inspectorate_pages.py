"""The inspectorate's report pages: write, issue (R-INSP-2), extend (R-DR-3), respond (R-DR-4), send."""

from sqlalchemy import func, select

from portal.core.outbox import OutboxMessage
from portal.inspection_reports import rules, services
from portal.inspection_reports.comments import submit_return
from portal.inspection_reports.models import InspectionReport, WindowExtension
from portal.inspections import rules as inspection_rules
from tests.conftest import FROZEN
from tests.files import pdf_bytes, upload
from tests.inspection_reports.quality_support import assure


def url(inspection, path=""):
    return f"/inspectorate/inspections/{inspection.id}/report{path}"


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def started(reports, **options):
    inspection = reports.ended(**options)
    return services.start_report(inspection, inspection.lead_inspector, FROZEN)


def reload(db, report):
    db.session.expire_all()
    return db.session.get(InspectionReport, report.id)


def test_overview_waits_for_the_end_of_the_inspection(client, login_as, world, db):
    login_as(world.inspector)
    response = client.get(url(world.inspection))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "once the end of the inspection is recorded" in page and "Start writing the report" not in page
    assert client.post(url(world.inspection, "/start")).status_code == 302
    assert count(db, InspectionReport) == 0


def test_the_report_is_started_by_a_post_never_by_a_get(client, login_as, world, reports, db):
    inspection = reports.ended()
    login_as(world.inspector)
    page = client.get(url(inspection)).get_data(as_text=True)
    assert "Start writing the report" in page
    assert client.get(url(inspection, "/judgements")).status_code == 302
    assert count(db, InspectionReport) == 0
    response = client.post(url(inspection, "/start"))
    assert response.status_code == 302 and response.location.endswith(url(inspection))
    report = services.report_of(inspection)
    assert report.status == rules.DRAFTING and report.content["judgements"] == inspection.provisional()
    page = client.get(url(inspection)).get_data(as_text=True)
    assert rules.REPORT_STATUS_LABELS[rules.DRAFTING] in page and "Issue the draft" in page
    assert url(inspection, "/sections/service") in page and "Not written" in page


def test_saving_a_section_splits_paragraphs_at_blank_lines(client, login_as, world, reports, db):
    report = started(reports)
    inspection = report.inspection
    login_as(world.inspector)
    page = client.get(url(inspection, "/sections/service")).get_data(as_text=True)
    assert "Separate paragraphs with a blank line" in page and 'rows="15"' in page
    text = "Oak House cares for four children.\nIt opened in 2020.\r\n\r\n\r\n  Run by   Oak\x00 Care.  \n\nThird."
    response = client.post(url(inspection, "/sections/service"), data={"text": text})
    assert response.status_code == 302
    assert reload(db, report).content["sections"]["service"] == [
        "Oak House cares for four children.\nIt opened in 2020.",
        "Run by Oak Care.",
        "Third.",
    ]
    page = client.get(url(inspection, "/sections/service")).get_data(as_text=True)
    assert "It opened in 2020.\n\nRun by Oak Care." in page

    response = client.post(url(inspection, "/sections/enforcement"), data={"text": " \n\n "})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page
    assert "Enter the text of &#39;Enforcement action since the last inspection&#39;" in page
    assert "enforcement" not in reload(db, report).content["sections"]
    assert client.get(url(inspection, "/sections/judgements")).status_code == 404
    assert client.get(url(inspection, "/sections/bogus")).status_code == 404


def test_judgements_follow_the_rules_and_show_those_given_at_feedback(client, login_as, world, reports, db):
    report = started(reports)
    inspection = report.inspection
    login_as(world.inspector)
    page = client.get(url(inspection, "/judgements")).get_data(as_text=True)
    assert "Given at feedback: Good" in page and "you must give the reasons" in page
    good = {"overall": "good", "helped_protected": "good", "leaders_managers": "good"}
    cases = [
        (good | {"helped_protected": "inadequate"}, "must be inadequate when how well"),  # R-JUDGE-1
        (good | {"leaders_managers": "inadequate"}, "cannot be better than requires improvement"),  # R-JUDGE-2
        ({"overall": "good"}, "Select a judgement for how well children are helped and protected"),
        (good | {"overall": "excellent"}, "Select a judgement for overall experiences"),
    ]
    for data, message in cases:
        response = client.post(url(inspection, "/judgements"), data=data)
        assert response.status_code == 200 and message in response.get_data(as_text=True), message
    assert reload(db, report).content["judgements"] == inspection.provisional()
    assert client.post(url(inspection, "/judgements"), data=good | {"overall": "outstanding"}).status_code == 302
    assert reload(db, report).content["judgements"]["overall"] == "outstanding"


def requirement(**overrides):
    return {
        "text": "Review every child's plan.",
        "regulation": "12(1)(a)",
        "comply_by": ["31", "1", "2027"],
    } | overrides


def recommendation(**overrides):
    return {"text": "Record restraint promptly.", "guide_page": "45", "guide_paragraph": "9.7"} | overrides


def test_requirements_and_recommendations_are_checked_added_and_removed(client, login_as, world, reports, db):
    report = started(reports)
    inspection = report.inspection
    login_as(world.inspector)
    cases = [
        ("/requirements/new", requirement(comply_by=["31", "2", "2027"]), "Date to comply by must be a real date"),
        ("/requirements/new", requirement(comply_by=["", "", ""]), "Enter the date by which to comply"),
        (
            "/requirements/new",
            requirement(comply_by=["6", "11", "2026"]),
            "must be after the last day of the inspection",
        ),
        ("/requirements/new", requirement(regulation=""), "Enter the regulation, like 12(1)(a)"),
        ("/requirements/new", requirement(regulation="1" * 41), "Regulation must be 40 characters or fewer"),
        ("/requirements/new", requirement(text="x" * 2001), "Requirement must be 2,000 characters or fewer"),
        ("/recommendations/new", recommendation(guide_page="abc"), "Page must be a whole number, like 45"),
        ("/recommendations/new", recommendation(guide_page="4.5"), "Page must be a whole number, like 45"),
        ("/recommendations/new", recommendation(guide_page="1000"), "Page must be between 1 and 999"),
        ("/recommendations/new", recommendation(guide_paragraph=""), "Enter the paragraph of the guide"),
        ("/recommendations/new", recommendation(text=""), "Enter the recommendation"),
    ]
    for path, data, message in cases:
        response = client.post(url(inspection, path), data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "There is a problem" in page and message in page, message
    content = reload(db, report).content
    assert content["requirements"] == [] and content["recommendations"] == []

    assert client.post(url(inspection, "/requirements/new"), data=requirement()).status_code == 302
    assert client.post(url(inspection, "/recommendations/new"), data=recommendation()).status_code == 302
    content = reload(db, report).content
    assert content["requirements"] == [
        {
            "text": "Review every child's plan.",
            "regulation": "12(1)(a)",
            "comply_by": "2027-01-31",
            "instrument": "ch_2015",
        }
    ]
    assert content["recommendations"] == [
        {"text": "Record restraint promptly.", "guide_page": 45, "guide_paragraph": "9.7", "cites": "guide"}
    ]
    page = client.get(url(inspection)).get_data(as_text=True)
    assert "To be met by: 31 January 2027" in page and "page 45, paragraph 9.7" in page

    assert client.post(url(inspection, "/requirements/5/remove")).status_code == 302
    assert client.post(url(inspection, "/bogus/0/remove")).status_code == 404
    assert len(reload(db, report).content["requirements"]) == 1
    assert client.post(url(inspection, "/requirements/0/remove")).status_code == 302
    content = reload(db, report).content
    assert content["requirements"] == [] and len(content["recommendations"]) == 1


def test_preview_numbers_paragraphs_through_the_sections(client, login_as, world, reports):
    report = reports.written()
    login_as(world.inspector)
    page = client.get(url(report.inspection, "/preview")).get_data(as_text=True)
    assert 'href="#section-service"' in page and 'id="section-service"' in page
    assert 'id="paragraph-1"' in page and "Information about this service: first paragraph." in page
    total = len(rules.numbered(report.content, services.template_of(report.inspection)))
    assert f'id="paragraph-{total}"' in page and f'id="paragraph-{total + 1}"' not in page


def test_a_draft_with_missing_sections_cannot_be_issued(client, login_as, world, reports, db):
    report = started(reports)
    inspection = report.inspection
    login_as(world.inspector)
    page = client.get(url(inspection, "/issue")).get_data(as_text=True)
    assert "Write the section &#39;Information about this service&#39;" in page
    assert "Issue the draft report</button>" not in page and 'value="Issue the draft report"' not in page
    response = client.post(url(inspection, "/issue"), data={"reasons": ""})
    assert response.status_code == 200 and "There is a problem" in response.get_data(as_text=True)
    assert reload(db, report).status == rules.DRAFTING and count(db, OutboxMessage) == 0


def test_changed_judgements_need_reasons_before_the_draft_is_issued(client, login_as, world, reports, db):
    """R-INSP-2."""
    report = reports.written(grade=inspection_rules.REQUIRES_IMPROVEMENT)
    assure(report)  # R-QA-1
    inspection = report.inspection
    login_as(world.inspector)
    page = client.get(url(inspection, "/issue")).get_data(as_text=True)
    assert "Reasons the judgements differ from those given at feedback" in page
    assert "Requires improvement to be good" in page and "11:59pm on Wednesday 25 November 2026" in page
    response = client.post(url(inspection, "/issue"), data={"reasons": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Enter the reasons why the judgements differ" in page
    assert reload(db, report).status == rules.DRAFTING and inspection.draft_sent_at is None
    assert count(db, OutboxMessage) == 0

    response = client.post(url(inspection, "/issue"), data={"reasons": "Evidence found after feedback."})
    assert response.status_code == 302
    report = reload(db, report)
    assert report.status == rules.DRAFT_ISSUED and report.judgement_change_reasons == "Evidence found after feedback."
    assert report.inspection.draft_sent_at == FROZEN and report.inspection.comment_window_ends_at is not None
    recipients = set(db.session.scalars(select(OutboxMessage.recipient_user_id)))
    assert {world.rm.id, world.ri.id} <= recipients
    page = client.get(url(inspection)).get_data(as_text=True)
    assert "11:59pm on Wednesday 25 November 2026" in page and rules.RETURN_STATUS_LABELS[rules.OPEN] in page


def test_unchanged_judgements_need_no_reasons(client, login_as, world, reports, db):
    report = reports.written()
    assure(report)  # R-QA-1
    login_as(world.inspector)
    page = client.get(url(report.inspection, "/issue")).get_data(as_text=True)
    assert "Reasons the judgements differ" not in page
    assert client.post(url(report.inspection, "/issue"), data={}).status_code == 302
    assert reload(db, report).status == rules.DRAFT_ISSUED
    assert client.get(url(report.inspection, "/issue")).get_data(as_text=True).count("already been issued") == 1


def test_the_window_can_be_extended_to_a_later_day_only(client, login_as, world, reports, db):
    report = reports.issued()
    inspection = report.inspection
    login_as(world.manager)
    reason = "The registered manager is in hospital."
    cases = [
        (
            {"last_day": ["24", "11", "2026"], "reason": reason},
            "The new last day must be after Wednesday 25 November 2026",
        ),
        ({"last_day": ["31", "11", "2026"], "reason": reason}, "New last day must be a real date"),
        (
            {"last_day": ["28", "11", "2026"], "reason": reason},
            "The new last day must be a working day: Saturday 28 November 2026 is at a weekend",
        ),
        ({"last_day": ["30", "11", "2026"], "reason": ""}, "Enter the reason for the extension"),
        ({"reason": reason}, "Enter the new last day to comment"),
    ]
    for data, message in cases:
        response = client.post(url(inspection, "/extend"), data=data)
        assert response.status_code == 200 and message in response.get_data(as_text=True), message
    assert count(db, WindowExtension) == 0
    response = client.post(url(inspection, "/extend"), data={"last_day": ["30", "11", "2026"], "reason": reason})
    assert response.status_code == 302
    page = client.get(url(inspection)).get_data(as_text=True)
    assert "11:59pm on Monday 30 November 2026" in page and reason in page

    submit_return(report, True, world.ri, FROZEN)
    page = client.get(url(inspection, "/extend")).get_data(as_text=True)
    assert "already sent their return" in page and 'name="last_day"' not in page
    client.post(url(inspection, "/extend"), data={"last_day": ["3", "12", "2026"], "reason": reason})
    assert count(db, WindowExtension) == 1


def test_comments_are_seen_once_sent_and_answered_with_a_reason(client, login_as, world, reports, db):
    report = reports.issued()
    inspection = report.inspection
    evidence = pdf_bytes("Register of beds")
    comment = reports.comment(report, text="The home has five beds, not four.", files=[upload(evidence, "beds.pdf")])
    login_as(world.inspector)
    respond_url = url(inspection, f"/comments/{comment.id}/respond")
    evidence_url = url(inspection, f"/comments/{comment.id}/evidence/{comment.evidence[0].file_id}")
    assert "five beds" not in client.get(url(inspection)).get_data(as_text=True)  # still a draft of the provider's
    assert client.get(respond_url).status_code == 404 and client.get(evidence_url).status_code == 404

    submit_return(report, False, world.ri, FROZEN)
    page = client.get(url(inspection)).get_data(as_text=True)
    assert "five beds" in page and "beds.pdf" in page and "Not answered yet" in page
    download = client.get(evidence_url)
    assert download.status_code == 200 and download.data == evidence
    assert download.headers["Cache-Control"] == "private, no-store"
    assert client.get(url(inspection, f"/comments/{comment.id}/evidence/999999")).status_code == 404

    page = client.get(respond_url).get_data(as_text=True)
    assert "Information about this service: first paragraph." in page and "Typing or numeric error" in page
    for data, message in [
        ({"response": "bogus", "reason": "Fixed."}, "Select your response to the comment"),
        ({"reason": "Fixed."}, "Select your response to the comment"),
        ({"response": rules.ACCEPTED, "reason": " "}, "Enter the reason for your response"),
        ({"response": rules.ACCEPTED, "reason": "x" * 5001}, "Reason must be 5,000 characters"),
    ]:
        response = client.post(respond_url, data=data)
        assert response.status_code == 200 and message in response.get_data(as_text=True), message
    db.session.refresh(comment)
    assert comment.response is None
    assert (
        client.post(
            respond_url, data={"response": rules.PARTLY, "reason": "Five beds; four in use.", "paragraphs": "1"}
        ).status_code
        == 302
    )
    db.session.refresh(comment)
    assert comment.response == rules.PARTLY and comment.response_reason == "Five beds; four in use."
    assert comment.amended_paragraphs == [1]

    other = reports.issued(reports.ended(setting=world.other_home))
    foreign = reports.comment(other, key="other-report-comment")
    submit_return(other, False, world.ri, FROZEN)
    assert client.get(url(inspection, f"/comments/{foreign.id}/respond")).status_code == 404
    assert (
        client.post(
            url(inspection, f"/comments/{foreign.id}/respond"), data={"response": rules.ACCEPTED, "reason": "x"}
        ).status_code
        == 404
    )


def test_the_final_report_waits_for_the_window_and_every_answer(client, login_as, world, reports, db):
    report = reports.issued()
    inspection = report.inspection
    login_as(world.inspector)
    page = client.get(url(inspection, "/final")).get_data(as_text=True)
    assert "The provider can comment until 11:59pm on Wednesday 25 November 2026" in page
    assert "Send the final report</button>" not in page
    response = client.post(url(inspection, "/final"))
    assert response.status_code == 200 and "There is a problem" in response.get_data(as_text=True)
    assert reload(db, report).status == rules.DRAFT_ISSUED

    report = reports.returned(reload(db, report))
    page = client.get(url(inspection, "/final")).get_data(as_text=True)
    assert "Answer every comment: 1 not answered yet" in page
    client.post(url(inspection, "/final"))
    assert reload(db, report).status == rules.DRAFT_ISSUED

    comment = reload(db, report).comments[0]
    client.post(
        url(inspection, f"/comments/{comment.id}/respond"),
        data={"response": rules.ACCEPTED, "reason": "Done.", "paragraphs": "1"},
    )
    reports.amend(reload(db, report), 1)
    page = client.get(url(inspection, "/final")).get_data(as_text=True)
    assert "Send the final report</button>" in page and "Wednesday 25 November 2026" in page
    assert "your responses to their 1 comment" in page
    assert client.post(url(inspection, "/final")).status_code == 302
    report = reload(db, report)
    assert report.status == rules.FINAL_SENT and report.inspection.final_sent_at == FROZEN
    page = client.get(url(inspection)).get_data(as_text=True)
    assert "The final report has been sent" in page and "published on Wednesday 25 November 2026" in page
    assert "Add a requirement" not in page
    page = client.get(url(inspection, "/sections/service")).get_data(as_text=True)
    assert "cannot be changed" in page and "<textarea" not in page


def test_the_final_report_can_go_when_the_window_closed_without_comments(client, login_as, world, reports, db, app):
    report = reports.issued()
    app.config["FROZEN_NOW"] = report.inspection.comment_window_ends_at
    login_as(world.inspector)
    assert "they sent no comments" in client.get(url(report.inspection, "/final")).get_data(as_text=True)
    assert client.post(url(report.inspection, "/final")).status_code == 302
    assert reload(db, report).status == rules.FINAL_SENT


def every_url(inspection, comment):
    """Every page of the report, each with the method it answers."""
    gets = [
        "",
        "/sections/service",
        "/judgements",
        "/requirements/new",
        "/recommendations/new",
        "/preview",
        "/issue",
        "/extend",
        f"/comments/{comment.id}/respond",
        f"/comments/{comment.id}/evidence/{comment.evidence[0].file_id}",
        "/final",
    ]
    posts = [
        "/start",
        "/sections/service",
        "/judgements",
        "/requirements/new",
        "/recommendations/new",
        "/requirements/0/remove",
        "/issue",
        "/extend",
        f"/comments/{comment.id}/respond",
        "/final",
    ]
    return [("GET", url(inspection, path)) for path in gets] + [("POST", url(inspection, path)) for path in posts]


def test_only_the_team_and_managers_see_the_report(client, login_as, world, reports, db):
    """R-ROLE-1: an inspector not on the team and provider users get 404 on every page."""
    report = reports.issued()
    comment = reports.comment(report, files=[upload(pdf_bytes(), "evidence.pdf")])
    submit_return(report, False, world.ri, FROZEN)
    urls = every_url(report.inspection, comment)
    for user in (world.inspector, world.manager):
        login_as(user)
        for method, address in urls:
            if method == "GET":
                # Extending the window is a manager's decision (DOMAIN.md §1).
                expected = 404 if address.endswith("/extend") and user is world.inspector else 200
                assert client.get(address).status_code == expected, (user.role, address)
    before = reload(db, report).version_id
    for user in (world.colleague, world.rm, world.ri, world.ip):
        login_as(user)
        for method, address in urls:
            response = client.get(address) if method == "GET" else client.post(address, data={"text": "x"})
            assert response.status_code == 404, (user.role, method, address)
    assert reload(db, report).version_id == before


def test_an_absurd_year_is_a_form_error_not_a_failure(client, login_as, world, reports):
    inspection = reports.issued().inspection
    login_as(world.manager)
    response = client.post(
        f"/inspectorate/inspections/{inspection.id}/report/extend",
        data={"last_day": ["1", "1", "99999999999999999999"], "reason": "Flood"},
    )
    assert response.status_code == 200 and "New last day must be a real date" in response.get_data(as_text=True)
    assert inspection.report.extensions == []
