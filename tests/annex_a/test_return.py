"""Keep it ready, request, return, accept or ask for an update, compare (R-AXA-1, -2, -4)."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from portal.annex_a import services, states
from portal.annex_a.models import AnnexARequest, AnnexAVersion
from portal.annex_a.schema import sections_for
from portal.core.outbox import OutboxMessage
from portal.inspections import rules as inspection_rules
from tests.annex_a.answers import complete_answers
from tests.conftest import FROZEN


def save_everything(client, setting, answers):
    """Fill every section of this setting type's Annex A through the web form."""
    for section in sections_for(setting.type_enum):
        if section.is_list:
            for row in answers.get(section.key) or []:
                data = {k: v for k, v in row.items() if v is not None}
                response = client.post(f"/settings/{setting.id}/annex-a/{section.key}", data=data)
                assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
            continue
        data = {k: "" if v is None else str(v) for k, v in answers[section.key].items()}
        response = client.post(f"/settings/{setting.id}/annex-a/sections/{section.key}", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]


def request_annex(client, login_as, world, due=("18", "11", "2026", "17:00")):
    login_as(world.inspector)
    response = client.post(
        f"/inspectorate/inspections/{world.inspection.id}/annex-a", data={"due_date": list(due[:3]), "due_time": due[3]}
    )
    assert response.status_code == 302


def test_keep_it_ready_section_by_section(client, login_as, world, db):
    login_as(world.rm)
    page = client.get(f"/settings/{world.home.id}/annex-a").get_data(as_text=True)
    assert page.count("Not started") == len(sections_for(world.home.type_enum)) == 8
    client.post(f"/settings/{world.home.id}/annex-a/sections/children", data={"admissions": "2"})
    page = client.get(f"/settings/{world.home.id}/annex-a").get_data(as_text=True)
    assert "In progress" in page
    bad = client.post(
        f"/settings/{world.home.id}/annex-a/sections/children", data={"admissions": "two", "leavers": "-1"}
    )
    text = bad.get_data(as_text=True)
    assert "Admissions must be a whole number" in text and "Children who left must be 0 or more" in text
    assert services.draft_of(world.home).answers["children"]["admissions"] == 2


def test_the_provider_returns_it_on_request_and_the_inspector_accepts_it(client, login_as, world, db):
    answers = complete_answers(contacts=2)
    login_as(world.rm)
    save_everything(client, world.home, answers)
    page = client.get(f"/settings/{world.home.id}/annex-a").get_data(as_text=True)
    assert "Check your answers and return it" not in page  # nothing to return before a request
    request_annex(client, login_as, world)
    assert db.session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.subject.startswith("Annex A requested"), OutboxMessage.recipient == world.rm.email
        )
    )
    login_as(world.rm)
    page = client.get(f"/settings/{world.home.id}/annex-a").get_data(as_text=True)
    assert "by 5:00pm on Wednesday 18 November 2026" in page and "7 hours 0 minutes left" in page
    form = client.get(f"/settings/{world.home.id}/annex-a/return").get_data(as_text=True)
    key = (
        form.split('name="key" type="hidden" value="')[1].split('"')[0]
        if 'name="key" type="hidden"' in form
        else form.split('id="key" name="key" type="hidden" value="')[1].split('"')[0]
    )
    assert "Confirm the declaration" in client.post(
        f"/settings/{world.home.id}/annex-a/return", data={"key": key}
    ).get_data(as_text=True)
    first = client.post(f"/settings/{world.home.id}/annex-a/return", data={"key": key, "confirm": "yes"})
    second = client.post(f"/settings/{world.home.id}/annex-a/return", data={"key": key, "confirm": "yes"})
    assert first.status_code == second.status_code == 302 and first.location == second.location
    assert db.session.scalar(select(func.count()).select_from(AnnexAVersion)) == 1
    version = db.session.scalar(select(AnnexAVersion))
    assert version.on_time and version.answers == answers
    returned = client.get(first.location).get_data(as_text=True)
    assert "Annex A returned" in returned
    assert f"confirmation by e-mail to you and to the provider's responsible individual, {world.ri.name}." in returned
    pdf = client.get(f"/settings/{world.home.id}/annex-a/versions/{version.id}/annex-a.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")

    login_as(world.inspector)
    client.post(f"/inspectorate/annex-a/versions/{version.id}/accept")
    db.session.expire_all()
    assert services.current_version(world.home).id == version.id


def test_update_requested_then_compared(client, login_as, world, db, app):
    answers = complete_answers()
    login_as(world.rm)
    save_everything(client, world.home, answers)
    request_annex(client, login_as, world)
    login_as(world.rm)
    annex = db.session.scalar(select(AnnexARequest))
    services.return_annex_a(world.home, annex, "web", "first-key", world.rm, FROZEN)
    first = db.session.scalar(select(AnnexAVersion))

    login_as(world.inspector)
    response = client.post(
        f"/inspectorate/annex-a/versions/{first.id}/update",
        data={
            "reason": "Restraint figures do not match the log",
            "due_date": ["19", "11", "2026"],
            "due_time": "12:00",
        },
    )
    assert response.status_code == 302
    login_as(world.rm)
    page = client.get(f"/settings/{world.home.id}/annex-a").get_data(as_text=True)
    assert "An updated Annex A" in page and "12:00pm" not in page and "midday on Thursday 19 November 2026" in page
    client.post(
        f"/settings/{world.home.id}/annex-a/sections/children",
        data={k: str(v) for k, v in (answers["children"] | {"restraint_incidents": 7}).items()},
    )
    app.config["FROZEN_NOW"] = FROZEN + timedelta(days=1, hours=3)  # 13:00 on the 19th: late
    db.session.expire_all()
    services.return_annex_a(
        world.home, db.session.scalar(select(AnnexARequest)), "web", "second-key", world.rm, app.config["FROZEN_NOW"]
    )
    second = db.session.scalar(select(AnnexAVersion).where(AnnexAVersion.number == 2))
    assert second.on_time is False and first.status == states.UPDATE_REQUESTED

    login_as(world.inspector)
    page = client.get(f"/inspectorate/inspections/{world.inspection.id}/annex-a").get_data(as_text=True)
    assert "What changed from version 1 to version 2" in page
    table = page.split('id="comparison"')[1]
    assert "Incidents of restraint" in table and "<strong>7</strong>" in table and "Admissions" not in table


def test_annex_a_at_assurance_or_monitoring_needs_a_reason(client, login_as, world, db):
    world.inspection.inspection_type = inspection_rules.MONITORING
    db.session.commit()
    login_as(world.inspector)
    url = f"/inspectorate/inspections/{world.inspection.id}/annex-a"
    page = client.post(url, data={"due_date": ["18", "11", "2026"], "due_time": "17:00"}).get_data(as_text=True)
    assert "Enter why Annex A is needed at this inspection" in page
    assert db.session.scalar(select(func.count()).select_from(AnnexARequest)) == 0
    bad_time = client.post(
        url, data={"due_date": ["18", "11", "2026"], "due_time": "25:00", "override_reason": "Concerns"}
    ).get_data(as_text=True)
    assert "Due time must be a real time" in bad_time
    ok = client.post(url, data={"due_date": ["18", "11", "2026"], "due_time": "17:00", "override_reason": "Concerns"})
    assert ok.status_code == 302


def test_stc_request_defaults_to_17_00_on_the_announcement_day(client, login_as, world, make, db):
    """R-AXA-2: announced at 09:00 on the 18th (it is 10:00), the form proposes 17:00 that day."""
    stc = make.setting(world.provider, "STC", name="Gate STC")
    inspection = make.inspection(
        stc,
        world.inspector,
        status=inspection_rules.ANNOUNCED,
        start=date(2026, 11, 23),
        announced=True,
        announced_at=datetime(2026, 11, 18, 9, 0, tzinfo=UTC),
    )
    login_as(world.inspector)
    page = client.get(f"/inspectorate/inspections/{inspection.id}/annex-a").get_data(as_text=True)
    assert 'id="due_date-day" name="due_date" type="text" value="18"' in page
    assert 'value="17:00"' in page and "has passed" not in page


def test_returning_needs_every_section_and_consistent_answers(client, login_as, world, db):
    request_annex(client, login_as, world)
    login_as(world.rm)
    answers = complete_answers()
    answers["children"]["restraint_children"] = 9
    save_everything(client, world.home, answers)
    page = client.get(f"/settings/{world.home.id}/annex-a").get_data(as_text=True)
    assert "Children involved in restraint cannot be more than the incidents of restraint" in page
    assert "Check your answers and return it" not in page
    response = client.post(f"/settings/{world.home.id}/annex-a/return", data={"key": "k" * 20, "confirm": "yes"})
    assert "cannot be more than the incidents" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AnnexAVersion)) == 0
