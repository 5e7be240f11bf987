"""The inspector's requirements and recommendations pages, per setting type: add, change, move up
or down, remove after a confirmation, every change audited (R-RPT-6, R-RPT-7; S0 ¶155-159, S2 and
S4 §"Requirements" and §"Recommendations")."""

from html import unescape

from sqlalchemy import select

from portal.core.audit import AuditEvent
from portal.inspection_reports import improvements, rules, services
from portal.inspection_reports.models import InspectionReport
from tests.conftest import FROZEN

GUIDE = "Guide to the Children's Homes Regulations, including the quality standards"


def url(inspection, path=""):
    return f"/inspectorate/inspections/{inspection.id}/report{path}"


def started(reports, make, world, setting_type="CH"):
    setting = world.home if setting_type == "CH" else make.setting(world.provider, setting_type)
    inspection = reports.ended(setting=setting)
    return services.start_report(inspection, inspection.lead_inspector, FROZEN)


def page_of(response) -> str:
    """The page's text with HTML entities read (an apostrophe is ' in the HTML)."""
    return unescape(response.get_data(as_text=True))


def reload(db, report):
    db.session.expire_all()
    return db.session.get(InspectionReport, report.id)


def actions(db, report):
    return [
        e.action
        for e in db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == "InspectionReport", AuditEvent.entity_id == report.id)
            .order_by(AuditEvent.id)
        )
    ]


def requirement(**overrides):
    return {
        "text": "Review every family's assessment plan.",
        "regulation": "16(2)",
        "comply_by": ["31", "1", "2027"],
    } | overrides


def test_a_family_centres_items_cite_its_regulations_and_the_nms_and_can_be_changed_moved_removed(
    client, login_as, world, reports, make, db
):
    """R-RPT-6: RFC requirements cite the Residential Family Centres Regulations 2002; R-RPT-7: its
    recommendations the NMS (S4 §"Recommendations"). Every change is audited."""
    report = started(reports, make, world, "RFC")
    inspection = report.inspection
    login_as(world.inspector)
    page = page_of(client.get(url(inspection, "/requirements/new")))
    assert "the Residential Family Centres Regulations 2002" in page and "25: Visits by registered provider" in page
    assert client.post(url(inspection, "/requirements/new"), data=requirement()).status_code == 302
    assert (
        client.post(
            url(inspection, "/requirements/new"), data=requirement(text="Check references.", regulation="17")
        ).status_code
        == 302
    )
    page = page_of(client.get(url(inspection, "/recommendations/new")))
    assert "Residential Family Centres: National Minimum Standards" in page and GUIDE not in page
    assert (
        client.post(
            url(inspection, "/recommendations/new"),
            data={"cites": "nms", "text": "Share assessments with parents.", "standard": "12.3"},
        ).status_code
        == 302
    )
    content = reload(db, report).content
    assert content["requirements"][0] == {
        "text": "Review every family's assessment plan.",
        "regulation": "16(2)",
        "comply_by": "2027-01-31",
        "instrument": "rfc_2002",
    }
    assert content["recommendations"] == [
        {"text": "Share assessments with parents.", "cites": "nms", "standard": "12.3"}
    ]
    page = page_of(client.get(url(inspection)))
    assert (
        "(Regulation 16(2) of the Residential Family Centres Regulations 2002.) To be met by: 31 January 2027." in page
    )
    assert "('Residential Family Centres: National Minimum Standards', standard 12.3.)" in page

    # Change: the form is prefilled, and the change replaces the item where it is.
    page = page_of(client.get(url(inspection, "/requirements/1/edit")))
    assert "Change requirement 2" in page and "Check references." in page and 'value="17"' in page
    assert (
        client.post(
            url(inspection, "/requirements/1/edit"), data=requirement(text="Check two references.", regulation="17(1)")
        ).status_code
        == 302
    )
    assert reload(db, report).content["requirements"][1]["text"] == "Check two references."

    # Move: the second goes up; the first cannot go further up.
    key = improvements.item_key(reload(db, report).content["requirements"][1])
    assert client.post(url(inspection, "/requirements/1/move"), data={"direction": "up", "key": key}).status_code == 302
    texts = [item["text"] for item in reload(db, report).content["requirements"]]
    assert texts == ["Check two references.", "Review every family's assessment plan."]
    assert client.post(url(inspection, "/requirements/0/move"), data={"direction": "up"}).status_code == 302
    assert client.post(url(inspection, "/requirements/1/move"), data={"direction": "down"}).status_code == 302
    assert client.post(url(inspection, "/requirements/7/move"), data={"direction": "down"}).status_code == 302
    assert [item["text"] for item in reload(db, report).content["requirements"]] == texts

    # Remove: a confirmation page, then the POST.
    page = page_of(client.get(url(inspection, "/requirements/0/remove")))
    assert "Are you sure you want to remove this requirement" in page and "Check two references." in page
    assert client.get(url(inspection, "/requirements/0/remove")).status_code == 200
    assert reload(db, report).content["requirements"][0]["text"] == "Check two references."
    assert client.post(url(inspection, "/requirements/0/remove")).status_code == 302
    assert [item["text"] for item in reload(db, report).content["requirements"]] == texts[1:]
    assert [a for a in actions(db, report) if a != "report_started"] == [
        "report_requirement_added",
        "report_requirement_added",
        "report_recommendation_added",
        "report_requirement_changed",
        "report_item_moved",
        "report_item_removed",
    ]
    changed = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "report_requirement_changed"))
    assert changed.after["before"]["text"] == "Check references." and changed.after["item"]["regulation"] == "17(1)"


def test_bad_requirements_get_a_govuk_error_and_nothing_is_stored(client, login_as, world, reports, make, db):
    """R-RPT-6: a regulation not in the instrument, a date on or before the inspection's last day,
    an empty text; each on its field, all at once."""
    report = started(reports, make, world, "CH")
    inspection = report.inspection
    login_as(world.inspector)
    cases = [
        (
            requirement(regulation="54"),
            "Regulation 54 is not a regulation of the Children's Homes (England) Regulations 2015",
        ),
        (requirement(regulation="12(1"), "Enter the regulation as its number, like 12 or 12(1)(a)"),
        (
            requirement(comply_by=["6", "11", "2026"]),
            "Date to comply by must be after the last day of the inspection, 6 November 2026",
        ),
        (requirement(text="   "), "Enter the requirement"),
    ]
    for data, message in cases:
        response = client.post(url(inspection, "/requirements/new"), data=data)
        page = page_of(response)
        assert response.status_code == 200 and "There is a problem" in page and message in page, message
    page = page_of(
        client.post(
            url(inspection, "/requirements/new"),
            data=requirement(text="", regulation="99", comply_by=["1", "1", "2026"]),
        )
    )
    assert page.count('class="govuk-error-message"') == 3
    assert reload(db, report).content["requirements"] == []
    assert client.post(url(inspection, "/requirements/new"), data=requirement(regulation="12")).status_code == 302
    assert "Regulation 12: The protection of children standard" in page_of(
        client.get(url(inspection, "/requirements/0/edit"))
    )


def test_a_secure_training_centre_is_never_given_a_requirement(client, login_as, world, reports, make, db):
    """R-RPT-6: "STC reports carry recommendations only (S0 ¶155-159): the portal refuses requirements"."""
    report = started(reports, make, world, "STC")
    inspection = report.inspection
    login_as(world.inspector)
    page = page_of(client.get(url(inspection)))
    assert "Add a recommendation" in page and "Add a requirement" not in page
    assert "carries recommendations only" in page
    page = page_of(client.get(url(inspection, "/requirements/new")))
    assert 'id="no-requirements"' in page and 'name="regulation"' not in page
    response = client.post(url(inspection, "/requirements/new"), data=requirement(regulation="12"))
    page = page_of(response)
    assert response.status_code == 200 and "There is a problem" in page and "recommendations only" in page
    assert reload(db, report).content["requirements"] == []


def test_an_stcs_recommendations_cite_named_guidance(client, login_as, world, reports, make, db):
    """R-RPT-7; S0 ¶157: "relevant statutory guidance, or other practice guidance, such as …"."""
    report = started(reports, make, world, "STC")
    inspection = report.inspection
    login_as(world.inspector)
    page = page_of(client.get(url(inspection, "/recommendations/new")))
    assert "Healthcare standards for children and young people in secure settings" in page
    assert GUIDE not in page and "National Minimum Standards" not in page and 'name="cites"' not in page
    response = client.post(
        url(inspection, "/recommendations/new"),
        data={"text": "Review searches.", "document": "the_guide", "cites": "guide"},
    )
    assert "Select the guidance the recommendation refers to" in page_of(response)
    assert reload(db, report).content["recommendations"] == []
    assert (
        client.post(
            url(inspection, "/recommendations/new"),
            data={"text": "Review searches.", "document": "working_together", "section": "chapter 2"},
        ).status_code
        == 302
    )
    assert reload(db, report).content["recommendations"] == [
        {"text": "Review searches.", "cites": "guidance", "document": "working_together", "section": "chapter 2"}
    ]
    page = page_of(client.get(url(inspection, "/preview")))
    assert "Review searches. ('Working together to safeguard children', chapter 2.)" in page


def test_a_home_may_cite_other_guidance_and_bad_pages_are_refused(client, login_as, world, reports, make, db):
    """R-RPT-7: SCH: the Guide with page and paragraph, or other statutory guidance (S2)."""
    report = started(reports, make, world, "SCH")
    inspection = report.inspection
    login_as(world.inspector)
    page = page_of(client.get(url(inspection, "/recommendations/new")))
    assert GUIDE in page and 'value="guide" checked' in page and 'id="fields-guidance"' in page
    for data, message in [
        (
            {"cites": "guide", "text": "Record restraint.", "guide_page": "4.5", "guide_paragraph": "9.7"},
            "Page must be a whole number, like 45",
        ),
        (
            {"cites": "guidance", "text": "Record restraint.", "document": "nothing"},
            "Select the guidance the recommendation refers to",
        ),
        ({"cites": "nms", "text": "Record restraint.", "standard": "3"}, "Select what the recommendation refers to"),
    ]:
        response = client.post(url(inspection, "/recommendations/new"), data=data)
        assert response.status_code == 200 and message in page_of(response), message
    assert reload(db, report).content["recommendations"] == []
    assert (
        client.post(
            url(inspection, "/recommendations/new"),
            data={"cites": "guidance", "text": "Plan health care.", "document": "secure_health"},
        ).status_code
        == 302
    )
    page = page_of(client.get(url(inspection, "/recommendations/0/edit")))
    assert 'value="guidance" checked' in page and 'value="secure_health" selected' in page


def test_items_stored_before_this_change_read_and_edit_as_the_guide(client, login_as, world, reports, db):
    """Nothing already written changes: a stored item with no citation key reads as it always did."""
    report = reports.written()
    login_as(world.inspector)
    page = page_of(client.get(url(report.inspection)))
    assert "(Regulation 14.) To be met by: 31 January 2027." in page
    assert f"('{GUIDE}', page 45, paragraph 9.7.)" in page
    page = page_of(client.get(url(report.inspection, "/recommendations/0/edit")))
    assert 'value="guide" checked' in page and 'value="45"' in page and 'value="9.7"' in page


def test_missing_items_bad_kinds_and_stale_pages_change_nothing(client, login_as, world, reports, db):
    report = reports.written()
    inspection = report.inspection
    login_as(world.inspector)
    before = reload(db, report).content
    assert client.get(url(inspection, "/requirements/3/edit")).status_code == 404
    assert client.get(url(inspection, "/requirements/3/remove")).status_code == 404
    assert client.get(url(inspection, "/bogus/0/edit")).status_code == 404
    assert client.post(url(inspection, "/bogus/0/move"), data={"direction": "up"}).status_code == 404
    assert client.post(url(inspection, "/requirements/3/remove")).status_code == 302
    assert client.post(url(inspection, "/requirements/0/move"), data={"direction": "sideways"}).status_code == 302
    # A page opened before someone else changed the list: its item is no longer at that place.
    response = client.post(url(inspection, "/requirements/0/remove"), data={"key": "0" * 16}, follow_redirects=True)
    assert "Someone else changed the requirements at the same moment" in page_of(response)
    response = client.post(
        url(inspection, "/recommendations/0/edit"),
        data={"cites": "guide", "text": "New", "guide_page": "4", "guide_paragraph": "1", "key": "0" * 16},
    )
    assert response.status_code == 200 and "Someone else changed the recommendations" in page_of(response)
    assert reload(db, report).content == before


def test_items_change_until_the_final_report_is_sent(client, login_as, world, reports, db):
    """The working copy can change after the draft is issued (the final report then carries it),
    never after the final report is sent."""
    report = reports.written()
    inspection = report.inspection
    report.status = rules.DRAFT_ISSUED
    db.session.commit()
    login_as(world.inspector)
    assert client.post(url(inspection, "/requirements/new"), data=requirement(regulation="12")).status_code == 302
    assert len(reload(db, report).content["requirements"]) == 2
    report = reload(db, report)
    report.status = rules.FINAL_SENT
    db.session.commit()
    before = reload(db, report).content
    for path in ("/requirements/new", "/recommendations/new", "/requirements/0/edit", "/requirements/0/remove"):
        page = page_of(client.get(url(inspection, path)))
        assert "cannot be changed" in page and "<textarea" not in page and "Yes, remove" not in page, path
    assert client.post(url(inspection, "/requirements/new"), data=requirement(regulation="12")).status_code == 200
    response = client.post(url(inspection, "/requirements/1/move"), data={"direction": "up"}, follow_redirects=True)
    assert "The final report has been sent" in page_of(response)
    assert client.post(url(inspection, "/requirements/0/remove")).status_code == 302
    assert reload(db, report).content == before
    page = page_of(client.get(url(inspection)))
    assert "Move up" not in page and "Add a recommendation" not in page
