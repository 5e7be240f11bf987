"""The final report tells the truth about what changed since the draft (issue 14).

R-INSP-2 by analogy: a judgement changed between draft and final needs a reason, which the provider
sees with the final report. R-DR-4: "accepted and amended" and "partly accepted" point at the
draft's paragraphs the final amends (R-DR-1 numbering), "not accepted" has a reason, and the final
is not sent while a paragraph pointed at reads as it did in the draft.
"""

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEvent
from portal.inspection_reports import final_changes, rules, sending, services
from portal.inspection_reports.models import InspectionReport
from portal.inspection_reports.services import ReportError
from portal.inspections import rules as inspection_rules
from tests.conftest import FROZEN


def url(inspection, path=""):
    return f"/inspectorate/inspections/{inspection.id}/report{path}"


def reload(db, report):
    db.session.expire_all()
    return db.session.get(InspectionReport, report.id)


def snapshot(*sections):
    paragraphs = []
    for key, texts in sections:
        for text in texts:
            paragraphs.append({"number": len(paragraphs) + 1, "section": key, "title": key, "text": text})
    return {"paragraphs": paragraphs}


# A text paragraph after the judgements' lines and the standard sentence of a CH full report.
TEXT_AFTER_JUDGEMENTS = 8


def leaders(report, grade):
    """The working copy's judgements with the leaders' judgement changed to ``grade``."""
    return dict(report.content["judgements"]) | {inspection_rules.LEADERS: grade}


# Rules ------------------------------------------------------------------------------------------


def test_r_dr_4_amendments_compare_texts_section_by_section():
    draft = snapshot(("a", ["one", "two", "three"]), ("b", ["four", "five"]))
    assert rules.amendments(draft, draft) == {}
    assert rules.amendments(draft, snapshot(("a", ["one", "two, corrected", "three"]), ("b", ["four", "five"]))) == {
        2: [2]
    }
    # A paragraph added early renumbers every later one: they are not amended for that.
    added_early = snapshot(("a", ["one", "one and a half", "two", "three"]), ("b", ["four", "five"]))
    assert rules.amendments(draft, added_early) == {1: [2]}
    assert rules.amendments(draft, snapshot(("a", ["one", "three"]), ("b", ["four", "five"]))) == {2: []}
    assert rules.amendments(draft, snapshot(("a", ["one", "two", "three"]), ("b", ["four", "5", "six"]))) == {5: [5, 6]}


def test_paragraph_numbers_as_typed():
    assert rules.paragraph_list("4, 7 and 9-11") == [4, 7, 9, 10, 11]
    assert rules.paragraph_list(" 3 3 ") == [3] and rules.paragraph_list("") == []
    for bad in ("four", "4.5", "7-4", "1-9999", "-3"):
        with pytest.raises(ValueError):
            rules.paragraph_list(bad)
    assert rules.number_list([3]) == "3" and rules.number_list([3, 5, 7]) == "3, 5 and 7"


def test_judgements_since_draft_include_ones_given_or_dropped():
    assert rules.judgements_since_draft({"a": "good", "b": "good"}, {"a": "good", "b": "outstanding", "c": "good"}) == {
        "b": ("good", "outstanding"),
        "c": (None, "good"),
    }
    assert rules.judgements_since_draft({"a": "good"}, {}) == {"a": ("good", None)}


# Services ---------------------------------------------------------------------------------------


def test_a_judgement_changed_since_the_draft_is_refused_without_a_reason(reports, world, db):
    report = reports.issued()
    closed = report.inspection.comment_window_ends_at  # no comments came
    services.save_judgements(report, leaders(report, inspection_rules.REQUIRES_IMPROVEMENT), world.inspector, FROZEN)
    for reasons in (None, "   "):
        with pytest.raises(
            ReportError, match="Enter the reasons why the judgements differ from those in the draft"
        ) as refused:
            sending.send_final(report, world.inspector, closed, reasons)
        assert refused.value.field == "reasons"
    db.session.rollback()
    report = reload(db, report)
    assert report.status == rules.DRAFT_ISSUED and report.final is None
    assert report.final_judgement_change_reasons is None

    sending.send_final(report, world.inspector, closed, "Leaders' oversight of recruitment checks was weaker.")
    assert report.final_judgement_change_reasons == "Leaders' oversight of recruitment checks was weaker."
    assert report.final["judgements"][inspection_rules.LEADERS] == inspection_rules.REQUIRES_IMPROVEMENT
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "final_report_sent"))
    assert event.after["changed_judgements"] == [inspection_rules.LEADERS]
    assert event.after["reasons"] == report.final_judgement_change_reasons


def test_no_reason_is_kept_when_no_judgement_changed(reports, world):
    report = reports.issued()
    sending.send_final(report, world.inspector, report.inspection.comment_window_ends_at, "Nothing changed.")
    assert report.final_judgement_change_reasons is None


def test_r_dr_4_an_amending_response_points_at_paragraphs_of_the_draft(reports, world, db):
    report = reports.returned()
    comment = report.comments[0]
    last = max(rules.paragraph_numbers(report.draft))
    for response, paragraphs, message in [
        (rules.ACCEPTED, None, "Enter the paragraph numbers of the draft that the final report amends"),
        (rules.PARTLY, [], "Enter the paragraph numbers of the draft"),
        (
            rules.ACCEPTED,
            [last + 1],
            f"Paragraph {last + 1} is not in the draft report: its paragraphs are 1 to " + str(last),
        ),
        (rules.NOT_ACCEPTED, [1], "Leave the paragraphs empty"),
        (rules.NOT_ACCEPTED, None, "Enter the reason for your response"),
    ]:
        reason = "" if response == rules.NOT_ACCEPTED and paragraphs is None else "Because."
        with pytest.raises(ReportError, match=message):
            sending.respond(comment, response, reason, world.inspector, FROZEN, paragraphs=paragraphs)
        db.session.rollback()
    assert reload(db, report).comments[0].response is None

    sending.respond(comment, rules.PARTLY, "The date is corrected.", world.inspector, FROZEN, paragraphs=[3, 1, 3])
    assert comment.amended_paragraphs == [1, 3]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "comment_answered"))
    assert event.after["paragraphs"] == [1, 3] and event.before["paragraphs"] is None


def test_r_dr_4_the_final_is_refused_while_a_paragraph_pointed_at_is_unchanged(reports, world, db):
    report = reports.returned(comments=2)
    first, second = report.comments
    later = TEXT_AFTER_JUDGEMENTS  # paragraph 3 is a judgement's line (CH full: service, then judgements)
    sending.respond(first, rules.ACCEPTED, "Corrected.", world.inspector, FROZEN, paragraphs=[1])
    sending.respond(second, rules.PARTLY, "Partly corrected.", world.inspector, FROZEN, paragraphs=[2, later])
    with pytest.raises(sending.FinalRefused) as refused:
        sending.send_final(report, world.inspector, FROZEN)
    second_problem = f"The comment on paragraph 2 is answered partly accepted, but paragraphs 2 and {later} are"
    assert refused.value.problems == [
        "The comment on paragraph 1 is answered accepted and amended, but paragraph 1 is unchanged since the draft",
        second_problem + " unchanged since the draft",
    ]
    db.session.rollback()
    report = reload(db, report)
    reports.amend(report, 1)
    reports.amend(report, 2)
    assert [message for _c, message in final_changes.unmatched_responses(report)] == [
        f"The comment on paragraph 2 is answered partly accepted, but paragraph {later} is unchanged since the draft"
    ]
    reports.amend(report, later)
    sending.send_final(report, world.inspector, FROZEN)
    assert report.status == rules.FINAL_SENT
    assert [row["outcome"] for row in final_changes.amended_rows(report, report.comments[1])] == [
        "now paragraph 2 of the final report",
        f"now paragraph {later} of the final report",
    ]


def test_r_dr_4_a_response_given_before_this_rule_must_be_answered_again(reports, world, db):
    report = reports.returned()
    comment = report.comments[0]
    sending.respond(comment, rules.NOT_ACCEPTED, "It stands.", world.inspector, FROZEN)
    comment.response = rules.ACCEPTED  # as stored before responses named their paragraphs
    db.session.commit()
    assert (
        "The comment on paragraph 1 is answered accepted and amended: say which paragraphs the final report "
        "amends" in sending.final_problems(report, FROZEN)
    )


def test_an_added_paragraph_amends_the_one_before_it(reports, world, db):
    report = reports.returned()
    sending.respond(
        report.comments[0], rules.ACCEPTED, "Added what was missing.", world.inspector, FROZEN, paragraphs=[1]
    )
    content = services._copy(report)
    content["sections"]["service"] = [
        content["sections"]["service"][0],
        "A new paragraph.",
        *content["sections"]["service"][1:],
    ]
    report.content = content
    db.session.commit()
    assert sending.final_problems(report, FROZEN) == []


# Pages ------------------------------------------------------------------------------------------


def test_r_dr_4_response_form_asks_for_the_paragraphs(client, login_as, world, reports, db):
    report = reports.returned()
    comment = report.comments[0]
    login_as(world.inspector)
    respond_url = url(report.inspection, f"/comments/{comment.id}/respond")
    page = client.get(respond_url).get_data(as_text=True)
    assert 'name="paragraphs"' in page and "You have not changed any paragraph of the draft yet." in page
    for data, message in [
        (
            {"response": rules.ACCEPTED, "reason": "Fixed."},
            "Enter the paragraph numbers of the draft that the final report amends",
        ),
        (
            {"response": rules.ACCEPTED, "reason": "Fixed.", "paragraphs": "the first"},
            "Enter paragraph numbers of the draft report, like 4, 7 or 4-6",
        ),
        (
            {"response": rules.PARTLY, "reason": "Fixed.", "paragraphs": "999"},
            "Paragraph 999 is not in the draft report",
        ),
        ({"response": rules.NOT_ACCEPTED, "reason": " "}, "Enter the reason for your response"),
    ]:
        response = client.post(respond_url, data=data)
        text = response.get_data(as_text=True)
        assert response.status_code == 200 and message in text and "There is a problem" in text, message
        assert reload(db, report).comments[0].response is None
    reports.amend(reload(db, report), 2)
    page = client.get(respond_url).get_data(as_text=True)
    assert "Paragraphs of the draft you have changed so far: 2." in page
    assert (
        client.post(respond_url, data={"response": rules.ACCEPTED, "reason": "Fixed.", "paragraphs": "2"}).status_code
        == 302
    )
    assert reload(db, report).comments[0].amended_paragraphs == [2]
    assert "Amends paragraph 2 of the draft" in client.get(url(report.inspection)).get_data(as_text=True)


def test_r_dr_4_final_refused_lists_every_unmatched_comment_with_links(client, login_as, world, reports, db):
    report = reports.returned(comments=2)
    for comment in report.comments:
        sending.respond(
            comment, rules.ACCEPTED, "Corrected.", world.inspector, FROZEN, paragraphs=[comment.paragraph_number]
        )
    login_as(world.inspector)
    page = client.get(url(report.inspection, "/final")).get_data(as_text=True)
    assert "Send the final report</button>" not in page
    response = client.post(url(report.inspection, "/final"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page
    summary = page[page.index("govuk-error-summary") : page.index("</main>")]
    for comment in report.comments:
        assert (
            f'href="{url(report.inspection, f"/comments/{comment.id}/respond")}">The comment on paragraph '
            f"{comment.paragraph_number} is answered accepted and amended, but paragraph "
            f"{comment.paragraph_number} is unchanged since the draft"
        ) in summary
    assert reload(db, report).status == rules.DRAFT_ISSUED


def test_changed_judgement_reasons_asked_on_the_final_page_and_shown_to_the_provider(
    client, login_as, world, reports, db
):
    report = reports.returned()
    sending.respond(report.comments[0], rules.NOT_ACCEPTED, "The date is right.", world.inspector, FROZEN)
    services.save_judgements(report, leaders(report, inspection_rules.REQUIRES_IMPROVEMENT), world.inspector, FROZEN)
    login_as(world.inspector)
    final_url = url(report.inspection, "/final")
    page = client.get(final_url).get_data(as_text=True)
    assert 'id="changed-judgements"' in page and 'name="reasons"' in page
    response = client.post(final_url, data={"reasons": " "})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Enter the reasons why the judgements differ from those in the draft" in page
    assert reload(db, report).status == rules.DRAFT_ISSUED
    assert client.post(final_url, data={"reasons": "Kiwi: recruitment oversight was weaker."}).status_code == 302
    assert reload(db, report).final_judgement_change_reasons == "Kiwi: recruitment oversight was weaker."

    login_as(world.rm)
    page = client.get(f"/inspections/{report.inspection_id}/report").get_data(as_text=True)
    assert "Some judgements in the final report differ from those in the draft." in page
    assert "Kiwi: recruitment oversight was weaker." in page
    assert "In the draft: Good. In the final report: Requires improvement to be good." in page


def test_provider_sees_the_paragraphs_each_response_amends(client, login_as, world, reports):
    report = reports.final(reports.returned(comments=2))
    login_as(world.rm)
    page = client.get(f"/inspections/{report.inspection_id}/report").get_data(as_text=True)
    assert "Paragraph amended:" in page
    assert '<a class="govuk-link" href="#paragraph-2">now paragraph 2 of the final report</a>' in page
    assert "Some judgements in the final report differ" not in page
