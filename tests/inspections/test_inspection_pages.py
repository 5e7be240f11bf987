"""The inspectorate creates and ends inspections; providers see the timeline and ask for deferrals."""

from datetime import UTC, date

from sqlalchemy import func, select

from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.inspections import rules
from portal.inspections.models import DeferralRequest, Inspection


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def new_inspection_data(world, **overrides):
    data = {
        "urn": world.other_home.urn.lower(),
        "inspection_type": "full",
        "announced": "no",
        "start_date": ["16", "11", "2026"],
        "lead_inspector_id": str(world.inspector.id),
        "team": [str(world.colleague.id)],
    }
    return data | overrides


def test_inspector_creates_an_inspection(client, login_as, world, db):
    login_as(world.inspector)
    before = count(db, Inspection)
    assert "Create an inspection" in client.get("/inspectorate/inspections/new").get_data(as_text=True)
    response = client.post("/inspectorate/inspections/new", data=new_inspection_data(world))
    assert response.status_code == 302 and count(db, Inspection) == before  # check your answers first
    check = client.get(response.location).get_data(as_text=True)
    assert "Check your answers before creating the inspection" in check and "Ash House" in check
    assert client.post(response.location).status_code == 302
    inspection = db.session.scalars(select(Inspection).order_by(Inspection.id.desc())).first()
    assert count(db, Inspection) == before + 1
    assert inspection.status == rules.ON_SITE and inspection.setting_id == world.other_home.id
    assert inspection.team_user_ids == {world.inspector.id, world.colleague.id}
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "inspection_created")).entity_id
        == inspection.id
    )


def test_the_lead_inspector_select_starts_with_an_empty_choice(client, login_as, world):
    """The select's first option is an empty "Choose one", so a required select is valid HTML and
    sending it gets "Select the lead inspector" (below); the person entering it is chosen."""
    login_as(world.inspector)
    page = client.get("/inspectorate/inspections/new").get_data(as_text=True)
    select = page[page.index('id="lead_inspector_id"') : page.index("</select>")]
    options = select.split("<option")[1:]
    assert options[0].startswith(' value="">Choose one</option>')
    chosen = [o.split("</option>")[0] for o in options if " selected" in o]
    assert chosen == [f' value="{world.inspector.id}" selected>{world.inspector.name}']


def test_bad_inspection_input_gets_errors_and_stores_nothing(client, login_as, world, db, make):
    family_centre = make.setting(world.provider, "RFC", name="Elm Family Centre")
    login_as(world.inspector)
    before = count(db, Inspection)
    cases = [
        ({"start_date": ["31", "2", "2026"]}, "Start date must be a real date"),
        ({"start_date": ["", "", ""]}, "Enter the start date on site"),
        ({"start_date": ["3", "", "2026"]}, "Start date must include a month"),
        ({"urn": "SC999999"}, "Enter the URN of a registered setting"),
        ({"urn": ""}, "Enter the setting&#39;s URN"),
        (
            {"inspection_type": "assurance", "urn": family_centre.urn},  # R-INSP-1: no RFC assurance
            "Select a type of inspection that applies to this setting",
        ),
        ({"announced": "yes"}, "only full inspections of secure training centres are announced"),  # R-NOT-1
        ({"inspection_type": "bogus"}, "Select the type of inspection"),
        ({"lead_inspector_id": str(world.rm.id)}, "Select the lead inspector"),
        ({"lead_inspector_id": ""}, "Select the lead inspector"),  # the "Choose one" option
        ({"team": ["999999"]}, "Select inspectors from the list"),
    ]
    for overrides, message in cases:
        response = client.post("/inspectorate/inspections/new", data=new_inspection_data(world, **overrides))
        page = response.get_data(as_text=True)
        assert response.status_code == 200, overrides
        assert "There is a problem" in page and message in page, (overrides, message)
    assert count(db, Inspection) == before


def end_data(**judgements):
    return {"end_date": ["18", "11", "2026"]} | judgements


def test_ending_an_inspection_checks_dates_and_judgements(client, login_as, world, db):
    login_as(world.inspector)
    url = f"/inspectorate/inspections/{world.inspection.id}/end"
    good = {"overall": "good", "helped_protected": "good", "leaders_managers": "good"}
    cases = [
        (end_data(**good) | {"end_date": ["1", "11", "2026"]}, "End date must be the same as or after the start date"),
        (end_data(**good) | {"end_date": ["19", "11", "2026"]}, "End date must be today or in the past"),
        (end_data(**good) | {"end_date": ["30", "2", "2026"]}, "End date must be a real date"),
        (end_data(**(good | {"helped_protected": "inadequate"})), "must be inadequate when how well"),
        (end_data(**(good | {"leaders_managers": "inadequate"})), "cannot be better than requires improvement"),
        (end_data(), "Select a judgement for overall experiences and progress of children"),
        (end_data(**(good | {"overall": "excellent"})), "Select a judgement for overall experiences"),
    ]
    for data, message in cases:
        page = client.post(url, data=data).get_data(as_text=True)
        assert message in page, message
    db.session.refresh(world.inspection)
    assert world.inspection.status == rules.ON_SITE and world.inspection.end_date is None
    assert client.post(url, data=end_data(**good) | {"step": "record"}).status_code == 302  # after the check
    db.session.refresh(world.inspection)
    assert world.inspection.status == rules.ENDED and world.inspection.end_date == date(2026, 11, 18)
    assert world.inspection.provisional() == good


def test_timeline_is_shown_to_both_sides(client, login_as, world, db):
    world.inspection.status = rules.ENDED
    world.inspection.end_date = date(2026, 11, 13)
    db.session.commit()
    for user, url in (
        (world.rm, f"/inspections/{world.inspection.id}"),
        (world.inspector, f"/inspectorate/inspections/{world.inspection.id}"),
    ):
        login_as(user)
        page = client.get(url).get_data(as_text=True)
        assert "Timeline after the inspection" in page
        assert "11:59pm on Monday 16 November 2026" in page  # informal concerns: closed
        assert "11:59pm on Wednesday 9 December 2026" in page  # draft within 18 working days
        assert "Due in 15 working days" in page


def test_provider_asks_for_deferral_and_inspector_decides(client, login_as, world, db):
    login_as(world.rm)
    url = f"/inspections/{world.inspection.id}/deferral"
    empty = client.post(url, data={"reason": "  "}).get_data(as_text=True)
    assert "Enter why you need the inspection to be deferred" in empty
    too_long = client.post(url, data={"reason": "x" * 2001}).get_data(as_text=True)
    assert "Reason must be 2,000 characters or fewer" in too_long
    assert count(db, DeferralRequest) == 0
    assert client.post(url, data={"reason": "A serious incident overnight"}).status_code == 302
    again = client.post(url, data={"reason": "Again"}).get_data(as_text=True)
    assert "already waiting for a decision" in again
    deferral = db.session.scalar(select(DeferralRequest))
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == world.inspector.email))

    login_as(world.inspector)
    decide = f"/inspectorate/inspections/{world.inspection.id}/deferrals/{deferral.id}"
    assert "Select whether to grant or refuse" in client.post(decide, data={"reason": "x"}).get_data(as_text=True)
    assert client.post(decide, data={"decision": "grant", "reason": "Risk to children"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Inspection, world.inspection.id).status == rules.DEFERRED
    assert {
        m.recipient
        for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.startswith("Deferral granted")))
    } == {world.rm.email, world.ri.email}

    login_as(world.ri)
    page = client.get(f"/inspections/{world.inspection.id}").get_data(as_text=True)
    assert "Granted" in page and "Risk to children" in page


def test_no_deferral_once_the_inspection_has_ended(client, login_as, world, db):
    world.inspection.status = rules.ENDED
    world.inspection.end_date = date(2026, 11, 13)
    db.session.commit()
    login_as(world.ri)
    response = client.post(f"/inspections/{world.inspection.id}/deferral", data={"reason": "Please"})
    assert response.status_code == 200
    assert "only ask to defer an inspection before it has ended" in response.get_data(as_text=True)
    assert count(db, DeferralRequest) == 0


def test_announced_inspection_starts_and_deferred_one_is_rescheduled(client, login_as, world, db):
    world.inspection.status = rules.ANNOUNCED
    db.session.commit()
    login_as(world.inspector)
    base = f"/inspectorate/inspections/{world.inspection.id}"
    assert client.post(f"{base}/reschedule", data={"start_date": ["1", "12", "2026"]}).status_code == 200
    assert client.post(f"{base}/start", data={"start_date": ["18", "11", "2026"]}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Inspection, world.inspection.id).status == rules.ON_SITE


def test_provider_dashboard_shows_next_deadline_in_working_days(client, login_as, world, db):
    world.inspection.status = rules.ENDED
    world.inspection.end_date = date(2026, 11, 17)
    db.session.commit()
    login_as(world.rm)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Raise an informal concern" in page and "11:59pm on Wednesday 18 November 2026" in page
    assert "(today)" in page


def test_publication_shows_its_date_and_embargo(client, login_as, world, db):
    from datetime import datetime

    world.inspection.status = rules.FINAL_SENT
    world.inspection.end_date = date(2026, 10, 1)
    world.inspection.final_sent_at = datetime(2026, 11, 17, 12, 0, tzinfo=UTC)  # Tuesday
    db.session.commit()
    login_as(world.rm)
    page = client.get(f"/inspections/{world.inspection.id}").get_data(as_text=True)
    assert "Tuesday 24 November 2026" in page and "Under embargo: published in 4 working days" in page
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Report published (under embargo until then)" in dashboard and "Tuesday 24 November 2026" in dashboard
    assert "Not yet judged" in dashboard  # R-STAND-1: nothing published yet


def test_error_summary_links_a_date_to_its_day_input(client, login_as, world):
    login_as(world.inspector)
    page = client.post("/inspectorate/inspections/new", data=new_inspection_data(world, start_date=["", "", ""]))
    assert 'href="#start_date-day"' in page.get_data(as_text=True)


def test_timeliness_lists_inspections_at_risk_first(client, login_as, world, make, db):
    from datetime import datetime

    on_time = make.inspection(
        world.other_home,
        world.inspector,
        status=rules.FINAL_SENT,
        end=date(2026, 9, 1),
        draft_sent_at=datetime(2026, 9, 10, tzinfo=UTC),
        final_sent_at=datetime(2026, 10, 1, tzinfo=UTC),
    )
    at_risk = make.inspection(
        world.home, world.inspector, status=rules.ENDED, end=date(2026, 10, 22)
    )  # draft due 17 Nov
    fresh = make.inspection(world.home, world.inspector, status=rules.ENDED, end=date(2026, 11, 16))  # draft due 10 Dec
    login_as(world.inspector)
    page = client.get("/inspectorate/timeliness").get_data(as_text=True)
    assert page.count("At risk") == 1 + page.count("At risk (")
    first_row = page.split("<tbody")[1].split("</tr>")[0]
    assert f"/inspectorate/inspections/{at_risk.id}" in first_row and "Missed" in first_row
    assert f"/inspectorate/inspections/{on_time.id}" in page and f"/inspectorate/inspections/{fresh.id}" in page
    # What happened, beside what was due: the days the reports were sent.
    sent_row = next(row for row in page.split("</tr>") if f"/inspectorate/inspections/{on_time.id}" in row)
    assert "Sent 10 Sep 2026; target" in sent_row and "Sent 1 Oct 2026; target" in sent_row
    assert "Sent" not in next(row for row in page.split("</tr>") if f"/inspectorate/inspections/{fresh.id}" in row)
    login_as(world.colleague)
    assert f"/inspectorate/inspections/{at_risk.id}" not in client.get("/inspectorate/timeliness").get_data(
        as_text=True
    )
