"""The provider's pages for the draft and final report (R-DR-1..5, R-TL-2, R-WD-2, R-ROLE-1, R-INSP-2)."""

import io
from datetime import UTC, date, datetime

import pytest
from PIL import Image
from sqlalchemy import func, select

from portal.core.storage import StoredFile
from portal.inspection_reports import rules, sending, services
from portal.inspection_reports.models import CommentEvidence, CommentReturn, DraftComment
from portal.inspections import rules as inspection_rules
from tests.conftest import FROZEN
from tests.files import field, pdf_bytes, upload

DEADLINE = "11:59pm on Wednesday 25 November 2026"
AFTER_WINDOW = datetime(2026, 11, 26, 0, 0, tzinfo=UTC)


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def url(report, rest=""):
    return f"/inspections/{report.inspection_id}/report{rest}"


def comment_data(**overrides):
    data = {
        "key": "k" * 32,
        "paragraph": "3",
        "kind": rules.FACTUAL,
        "text": "The setting has four beds, not six.",
        "proposed_wording": "",
    }
    return data | overrides


def post_comment(client, report, **overrides):
    return client.post(url(report, "/comments/new"), data=comment_data(**overrides), content_type="multipart/form-data")


def test_before_the_draft_is_sent_the_page_says_so(client, login_as, world, reports):
    inspection = reports.ended()
    reports.written(inspection)
    login_as(world.rm)
    page = client.get(f"/inspections/{inspection.id}/report")
    assert page.status_code == 200 and "The draft report has not been sent yet" in page.get_data(as_text=True)
    assert client.get(f"/inspections/{inspection.id}/report/send").status_code == 404


def test_draft_shows_numbered_paragraphs_deadline_and_countdown(client, login_as, world, reports, db):
    report = reports.issued()
    last = report.draft["paragraphs"][-1]["number"]
    report.content = rules.empty_content()  # the working copy changes after sending; the provider sees the draft
    db.session.commit()
    login_as(world.rm)
    page = client.get(url(report)).get_data(as_text=True)
    assert 'id="paragraph-1"' in page and f'id="paragraph-{last}"' in page
    assert "Information about this service: first paragraph." in page
    assert f"You can comment until <strong>{DEADLINE}</strong>" in page
    assert 'data-deadline="2026-11-26T00:00:00Z">(closes in 5 working days)' in page
    assert 'href="#section-service"' in page and 'id="section-service"' in page
    assert f"/inspections/{report.inspection_id}/report/comments/new?paragraph=2" in page
    assert "Comment on paragraph 2" in page
    assert f'href="/inspections/{report.inspection_id}/report.pdf"' in page
    assert "Draft and final report" in client.get(f"/inspections/{report.inspection_id}").get_data(as_text=True)


def test_an_extension_is_shown_with_its_reason(client, login_as, world, reports):
    report = reports.issued()
    sending.extend_window(report, date(2026, 11, 30), "The manager was in hospital.", world.manager, FROZEN)
    login_as(world.rm)
    page = client.get(url(report)).get_data(as_text=True)
    assert (
        "The inspectorate extended the window: new end 11:59pm on Monday 30 November 2026, "
        "reason: The manager was in hospital."
    ) in page
    assert 'data-deadline="2026-12-01T00:00:00Z">(closes in 8 working days)' in page


def test_changed_judgements_and_reasons_come_first(client, login_as, world, reports):
    report = reports.issued(
        reasons="New evidence about missing-from-care records after feedback.",
        grade=inspection_rules.REQUIRES_IMPROVEMENT,
    )
    login_as(world.ri)
    page = client.get(url(report)).get_data(as_text=True)
    reasons = page.index("New evidence about missing-from-care records after feedback.")
    assert "differ from those given at feedback" in page
    assert "At feedback: Good. In this draft: Requires improvement to be good." in page
    assert reasons < page.index("You can comment until") < page.index('id="paragraph-1"')
    plain = client.get(url(reports.issued(reports.ended(end=FROZEN.date().replace(day=5))))).get_data(as_text=True)
    assert "differ from those given at feedback" not in plain


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"paragraph": "999"}, "Select a paragraph of the draft report"),
        ({"paragraph": "abc"}, "Select a paragraph of the draft report"),
        ({"paragraph": "\u00b2"}, "Select a paragraph of the draft report"),
        ({"kind": "praise"}, "Select what kind of comment this is"),
        ({"text": "   "}, "Enter your comment"),
        ({"text": "x" * 5001}, "Comment must be 5,000 characters or fewer"),
        ({"proposed_wording": "y" * 5001}, "Proposed wording must be 5,000 characters or fewer"),
        (
            {"evidence": [field(pdf_bytes(), "good.pdf"), field(b"hello", "x.pdf")]},
            "x.pdf: The selected file must be a PDF, DOCX, ODT, JPEG or PNG",
        ),
        (
            {"evidence": field(b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024), "big.pdf")},
            "big.pdf: The selected file must be smaller than 20 MB",
        ),
    ],
)
def test_a_bad_comment_is_refused_and_nothing_is_stored(client, login_as, world, reports, db, overrides, message):
    report = reports.issued()
    login_as(world.rm)
    response = post_comment(client, report, **overrides)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and "<title>Error: " in page
    assert 'enctype="multipart/form-data"' in page
    assert count(db, DraftComment) == 0 and count(db, StoredFile) == 0 and count(db, CommentEvidence) == 0


def test_a_comment_with_pdf_and_png_evidence(client, login_as, world, reports, db):
    report = reports.issued()
    login_as(world.rm)
    form = client.get(url(report, "/comments/new?paragraph=3")).get_data(as_text=True)
    assert 'value="3" selected' in form and report.draft["paragraphs"][2]["text"] in form
    assert 'name="key" type="hidden" value="' in form and 'enctype="multipart/form-data"' in form
    original = pdf_bytes("Bed plan")
    response = post_comment(client, report, evidence=[field(original, "beds.pdf"), field(png_bytes(), "photo.png")])
    assert response.status_code == 302 and response.location.endswith("/report#paragraph-3")
    comment = db.session.scalar(select(DraftComment))
    assert (comment.paragraph_number, comment.kind, comment.created_by_id) == (3, rules.FACTUAL, world.rm.id)
    assert [e.file.original_name for e in comment.evidence] == ["beds.pdf", "photo.png"]
    page = client.get(url(report)).get_data(as_text=True)
    assert "has been saved" in page and "The setting has four beds, not six." in page and "photo.png" in page
    download = client.get(url(report, f"/comments/{comment.id}/evidence/{comment.evidence[0].file_id}"))
    assert download.data == original and download.headers["Cache-Control"] == "private, no-store"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert client.get(url(report, f"/comments/{comment.id}/evidence/999")).status_code == 404
    other = reports.issued(reports.ended(end=FROZEN.date().replace(day=5)))
    assert client.get(url(other, f"/comments/{comment.id}/evidence/{comment.evidence[0].file_id}")).status_code == 404


def test_change_and_delete_a_comment(client, login_as, world, reports, db):
    report = reports.issued()
    comment = reports.comment(report, paragraph=2)
    login_as(world.ri)
    edit = url(report, f"/comments/{comment.id}/edit")
    assert "The date in this paragraph is wrong." in client.get(edit).get_data(as_text=True)
    response = client.post(
        edit,
        data=comment_data(key="tampered-key-tampered", paragraph="4", text="Changed."),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.refresh(comment)
    assert (comment.paragraph_number, comment.text, count(db, DraftComment)) == (4, "Changed.", 1)
    delete = url(report, f"/comments/{comment.id}/delete")
    assert "Are you sure you want to delete this comment?" in client.get(delete).get_data(as_text=True)
    assert client.post(delete).status_code == 302 and count(db, DraftComment) == 0
    assert client.get(edit).status_code == 404


def test_autosave_with_and_without_htmx(client, login_as, world, reports, db):
    report = reports.issued()
    login_as(world.rm)
    form = client.get(url(report, "/comments/new?paragraph=2")).get_data(as_text=True)
    assert f'hx-post="/inspections/{report.inspection_id}/report/comments/autosave"' in form
    assert 'hx-trigger="input changed delay:1500ms from:textarea"' in form and 'id="autosave-status"' in form
    autosave = url(report, "/comments/autosave")
    plain = client.post(autosave, data=comment_data())
    assert plain.status_code == 302 and plain.location.endswith(url(report)) and "HX-Request" in plain.headers["Vary"]
    assert count(db, DraftComment) == 0
    htmx = {"HX-Request": "true"}
    waiting = client.post(autosave, data=comment_data(kind=""), headers=htmx)
    assert waiting.status_code == 200 and "HX-Request" in waiting.headers["Vary"]
    assert waiting.get_data(as_text=True).strip() == "Not saved yet: select what kind of comment this is"
    assert count(db, DraftComment) == 0
    too_long = client.post(autosave, data=comment_data(text="x" * 5001), headers=htmx).get_data(as_text=True)
    assert "Not saved: Comment must be 5,000 characters or fewer" in too_long and count(db, DraftComment) == 0
    for text in ("First words", "First words and more"):
        saved = client.post(autosave, data=comment_data(text=text), headers=htmx)
        assert saved.get_data(as_text=True).strip() == "Saved at 10:00am" and "<html" not in saved.get_data(
            as_text=True
        )
    assert count(db, DraftComment) == 1
    assert (
        client.post(
            url(report, "/comments/new"), data=comment_data(text="Final words"), content_type="multipart/form-data"
        ).status_code
        == 302
    )
    comment = db.session.scalar(select(DraftComment))
    assert count(db, DraftComment) == 1 and comment.text == "Final words"


def test_registered_manager_cannot_send(client, login_as, world, reports, db):
    report = reports.issued()
    reports.comment(report)
    login_as(world.rm)
    page = client.get(url(report, "/send")).get_data(as_text=True)
    assert "Your responsible individual, or someone they have delegated, sends the comments" in page
    assert "Send the comments" not in page and "Choose which registered managers" not in page
    response = client.post(url(report, "/send"), data={"choice": "comments", "confirm": "yes"})
    assert response.status_code == 200
    assert (
        "Only the responsible individual, or someone they have delegated, can send the comments"
        in response.get_data(as_text=True)
    )
    returned = db.session.scalar(select(CommentReturn))
    assert returned.status == rules.OPEN and returned.reference is None


def test_responsible_individual_sends_once_and_gets_a_receipt(client, login_as, world, reports, db):
    report = reports.issued()
    reports.comment(report, paragraph=1)
    reports.comment(report, paragraph=5, text="Missing the new staff training.", kind=rules.MISSING)
    login_as(world.ri)
    page = client.get(url(report, "/send")).get_data(as_text=True)
    assert "Missing the new staff training." in page and "Information missing or not considered" in page
    assert "I confirm these comments are accurate and complete" in page and "Choose which registered managers" in page
    refused = client.post(url(report, "/send"), data={"choice": "comments"})
    assert refused.status_code == 200 and "Confirm the declaration to send the comments" in refused.get_data(
        as_text=True
    )
    assert db.session.scalar(select(CommentReturn)).status == rules.OPEN
    first = client.post(url(report, "/send"), data={"choice": "comments", "confirm": "yes"})
    second = client.post(url(report, "/send"), data={"choice": "comments", "confirm": "yes"})
    assert first.status_code == second.status_code == 302 and first.location == second.location == url(report, "/sent")
    returned = db.session.scalar(select(CommentReturn))
    assert returned.status == rules.SUBMITTED and returned.reference.startswith("DR-")
    receipt = client.get(url(report, "/sent")).get_data(as_text=True)
    assert returned.reference in receipt and "10:00am on Wednesday 18 November 2026" in receipt
    assert "govuk-panel" in receipt and "Comments sent" in receipt
    assert count(db, CommentReturn) == 1
    draft = client.get(url(report)).get_data(as_text=True)
    assert returned.reference in draft and "Comment on paragraph" not in draft


def test_no_comments_needs_its_own_confirmation(client, login_as, world, reports, db):
    report = reports.issued()
    login_as(world.ri)
    assert client.get(url(report, "/sent")).location.endswith(url(report))
    refused = client.post(url(report, "/send"), data={"choice": "none"}).get_data(as_text=True)
    assert "Confirm that you have no comments" in refused
    response = client.post(url(report, "/send"), data={"choice": "none", "confirm_none": "yes"})
    assert response.status_code == 302
    assert db.session.scalar(select(CommentReturn)).status == rules.NO_COMMENTS
    assert "No comments confirmed" in client.get(url(report, "/sent")).get_data(as_text=True)


def test_after_the_window_nothing_changes(client, login_as, world, reports, db, app):
    report = reports.issued()
    comment = reports.comment(report, paragraph=2)
    app.config["FROZEN_NOW"] = AFTER_WINDOW
    login_as(world.ri)
    assert DEADLINE in client.get(url(report)).get_data(as_text=True)
    attempts = [
        post_comment(client, report),
        client.post(
            url(report, f"/comments/{comment.id}/edit"),
            data=comment_data(text="Late change"),
            content_type="multipart/form-data",
        ),
        client.post(url(report, f"/comments/{comment.id}/delete")),
        client.post(url(report, "/send"), data={"choice": "comments", "confirm": "yes"}),
    ]
    for response in attempts:
        assert response.status_code == 200 and f"ended at {DEADLINE}" in response.get_data(as_text=True)
    late = client.post(url(report, "/comments/autosave"), data=comment_data(), headers={"HX-Request": "true"})
    assert f"Not saved: The time to comment on this draft ended at {DEADLINE}" in late.get_data(as_text=True)
    db.session.refresh(comment)
    assert count(db, DraftComment) == 1 and comment.text == "The date in this paragraph is wrong."
    assert db.session.scalar(select(CommentReturn)).status == rules.OPEN


def test_a_delegated_registered_manager_can_send(client, login_as, world, reports, db):
    report = reports.issued()
    reports.comment(report)
    login_as(world.rm)
    assert client.get("/provider/draft-report-delegates").status_code == 404
    login_as(world.ri)
    page = client.get("/provider/draft-report-delegates").get_data(as_text=True)
    assert world.rm.name in page and world.rm_other.name in page and world.rival_rm.name not in page
    foreign = client.post("/provider/draft-report-delegates", data={"managers": [str(world.rival_rm.id)]})
    assert foreign.status_code == 200 and "Select registered managers from the list" in foreign.get_data(as_text=True)
    response = client.post("/provider/draft-report-delegates", data={"managers": [str(world.rm.id)]})
    assert response.status_code == 302
    db.session.refresh(world.rm)
    db.session.refresh(world.rm_other)
    assert world.rm.submits_draft_comments and not world.rm_other.submits_draft_comments
    login_as(world.rm)
    assert "Send the comments" in client.get(url(report, "/send")).get_data(as_text=True)
    assert client.post(url(report, "/send"), data={"choice": "comments", "confirm": "yes"}).status_code == 302
    assert db.session.scalar(select(CommentReturn)).submitted_by_id == world.rm.id


def test_other_providers_and_other_settings_get_404(client, login_as, world, reports):
    report = reports.issued()
    comment = reports.comment(report, files=[upload(pdf_bytes(), "e.pdf")])
    evidence = comment.evidence[0].file_id
    pages = [
        "",
        "/comments/new?paragraph=1",
        f"/comments/{comment.id}/edit",
        f"/comments/{comment.id}/delete",
        "/send",
        "/sent",
        f"/comments/{comment.id}/evidence/{evidence}",
    ]
    posts = [
        "/comments/new",
        f"/comments/{comment.id}/edit",
        f"/comments/{comment.id}/delete",
        "/send",
        "/comments/autosave",
    ]
    for outsider in (world.rival_ri, world.rival_rm, world.rm_other):
        login_as(outsider)
        for rest in pages:
            assert client.get(url(report, rest)).status_code == 404, (outsider.role, rest)
        for rest in posts:
            response = client.post(
                url(report, rest), data=comment_data(choice="comments", confirm="yes"), headers={"HX-Request": "true"}
            )
            assert response.status_code == 404, (outsider.role, rest)
    assert len(report.comments) == 1 and report.comment_return.status == rules.OPEN
    login_as(world.ip)
    assert client.get(url(report)).status_code == 404


def test_final_report_shows_responses_and_what_changed(client, login_as, world, reports, db):
    report = reports.returned(comments=2)
    services.save_section(
        report,
        "service",
        "A home for four children, rewritten after comments.",
        report.inspection.lead_inspector,
        FROZEN,
    )
    reports.final(report)
    login_as(world.rm)
    page = client.get(url(report)).get_data(as_text=True)
    assert "Final inspection report" in page and "Draft inspection report" not in page
    assert "Your comments and our responses" in page and "Accepted and amended" in page
    assert "Amended as suggested." in page and "Paragraph 2 of the draft" in page
    assert "What changed since the draft" in page
    assert "A home for four children, rewritten after comments." in page and "Removed" in page
    assert "It will be published on <strong>Wednesday 25 November 2026</strong>" in page
    assert "Comment on paragraph" not in page
