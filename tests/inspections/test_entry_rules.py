"""Inspections entered as they happen (R-NOT-1, R-NOT-2, R-INSP-1): an unannounced inspection on
or after its first day on site, an announced one starting after the day it is announced, no
duplicate of an open inspection, and check your answers before anything is created."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from portal.inspections import notice, rules, services
from portal.inspections.models import Inspection, PendingInspection
from portal.inspections.services import InspectionError, OverlapError
from portal.providers.models import SettingType
from tests.conftest import FROZEN  # Wednesday 18 November 2026, 10:00 UK time

NEW = "/inspectorate/inspections/new"


def count(db, model=Inspection):
    return db.session.scalar(select(func.count()).select_from(model))


def answers(setting, inspector, **overrides):
    data = {
        "urn": setting.urn,
        "inspection_type": "full",
        "announced": "no",
        "start_date": ["18", "11", "2026"],
        "lead_inspector_id": str(inspector.id),
    }
    return data | overrides


def refused(client, data, message):
    """Posted answers are refused on the form: status 200, the GOV.UK error, nothing kept."""
    response = client.post(NEW, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page, message
    assert message in page, message
    return page


def test_r_not_1_an_unannounced_inspection_never_starts_in_the_future(client, login_as, world, db):
    login_as(world.inspector)
    before = count(db), count(db, PendingInspection)
    page = refused(
        client,
        answers(world.other_home, world.inspector, start_date=["19", "11", "2026"]),
        "The start date of an unannounced inspection must be today or in the past",
    )
    assert 'href="#start_date-day"' in page
    assert (count(db), count(db, PendingInspection)) == before
    details = services.NewInspection(world.other_home, rules.FULL, False, date(2026, 11, 19), world.inspector, [])
    with pytest.raises(InspectionError, match="today or in the past"):
        services.create_inspection(details, world.inspector, FROZEN)
    assert count(db) == before[0]
    today = services.NewInspection(world.other_home, rules.FULL, False, date(2026, 11, 18), world.inspector, [])
    assert services.create_inspection(today, world.inspector, FROZEN).status == rules.ON_SITE


@pytest.mark.parametrize("start", [["18", "11", "2026"], ["17", "11", "2026"]])
def test_r_not_1_an_announced_inspection_starts_after_its_announcement(client, login_as, world, make, db, start):
    centre = make.setting(world.provider, "STC", name="Birch Secure Training Centre")
    login_as(world.inspector)
    before = count(db)
    refused(
        client,
        answers(centre, world.inspector, announced="yes", start_date=start),
        "The start date of an announced inspection must be after today, the day it is announced",
    )
    refused(
        client,
        answers(world.other_home, world.inspector, inspection_type="monitoring", announced="yes", start_date=start),
        "must be after today",
    )  # short notice of a monitoring visit
    assert count(db) == before


def test_r_not_2_stc_notice_of_another_interval_is_flagged_not_refused(client, login_as, world, make, db):
    centre = make.setting(world.provider, "STC", name="Birch Secure Training Centre")
    login_as(world.inspector)
    response = client.post(NEW, data=answers(centre, world.inspector, announced="yes", start_date=["20", "11", "2026"]))
    assert response.status_code == 302
    check = client.get(response.location).get_data(as_text=True)
    assert "The notice is 2 days" in check and "usually goes 4 days" in check
    assert "recorded at 10:00 UK time" in check  # R-NOT-2: by 09:00, usually
    client.post(response.location)
    inspection = db.session.scalar(select(Inspection).where(Inspection.setting_id == centre.id))
    assert inspection.status == rules.ANNOUNCED
    page = client.get(f"/inspectorate/inspections/{inspection.id}").get_data(as_text=True)
    assert "The notice is 2 days" in page


def test_r_not_2_notice_flags():
    stc, full = SettingType.SECURE_TRAINING_CENTRE, rules.FULL
    thursday_nine = datetime(2026, 11, 19, 9, 0, tzinfo=UTC)  # 09:00 UK time in November
    assert notice.notice_flags(stc, full, thursday_nine, date(2026, 11, 23)) == []  # Thursday for Monday
    assert len(notice.notice_flags(stc, full, thursday_nine, date(2026, 11, 24))) == 1
    late = datetime(2026, 6, 18, 8, 30, tzinfo=UTC)  # 09:30 British Summer Time
    assert notice.notice_flags(stc, full, late, date(2026, 6, 22)) == [
        "The letter of notice is recorded at 09:30 UK time: it usually goes by 09:00"
    ]
    assert notice.notice_flags(SettingType.CHILDRENS_HOME, rules.MONITORING, late, date(2026, 6, 19)) == []


def test_an_inspection_overlapping_an_open_one_is_refused_with_a_link_to_it(client, login_as, world, db):
    login_as(world.inspector)
    before = count(db)
    page = refused(
        client,
        answers(world.home, world.inspector, inspection_type="monitoring"),
        "Oak House already has an open full inspection starting Monday 2 November 2026",
    )
    link = f'href="/inspectorate/inspections/{world.inspection.id}"'
    summary = page.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert link in summary  # the error itself links to the open inspection
    assert page.count(link) >= 2  # and so does the page beside the URN
    assert count(db) == before
    with pytest.raises(OverlapError) as raised:
        services.create_inspection(
            services.NewInspection(world.home, rules.MONITORING, False, date(2026, 11, 18), world.inspector, []),
            world.inspector,
            FROZEN,
        )
    assert raised.value.existing.id == world.inspection.id and count(db) == before


def test_ended_before_the_start_or_final_sent_does_not_block(world, db, make):
    ended = make.inspection(world.other_home, world.inspector, status=rules.ENDED, end=date(2026, 11, 13))
    new = services.NewInspection(world.other_home, rules.MONITORING, False, date(2026, 11, 18), world.inspector, [])
    assert services.create_inspection(new, world.inspector, FROZEN).status == rules.ON_SITE
    ended.end_date = date(2026, 11, 18)
    db.session.commit()
    with pytest.raises(OverlapError):  # ended on the day the new one starts: they overlap
        services.check_new_inspection(new, FROZEN)
    world.rival_inspection.status = rules.FINAL_SENT
    db.session.commit()
    services.check_new_inspection(
        services.NewInspection(world.rival_home, rules.FULL, False, date(2026, 11, 18), world.inspector, []), FROZEN
    )


def test_check_your_answers_then_one_inspection_is_created(client, login_as, world, db):
    """DESIGN.md convention 7: the answers are kept, changed from the check page, and confirming
    twice (a double click, a retry) creates one inspection."""
    login_as(world.inspector)
    before = count(db)
    first = client.post(NEW, data=answers(world.other_home, world.inspector, team=[str(world.colleague.id)]))
    check_url = first.location
    page = client.get(check_url).get_data(as_text=True)
    key = check_url.rsplit("/", 1)[1]
    assert "Check your answers before creating the inspection" in page and count(db) == before
    assert f'href="{NEW}?answers={key}#start_date-day"' in page and "Wednesday 18 November 2026" in page
    assert world.colleague.name in page
    change = client.get(f"{NEW}?answers={key}").get_data(as_text=True)
    assert f'value="{world.other_home.urn}"' in change and f'value="{key}"' in change
    changed = client.post(
        NEW, data=answers(world.other_home, world.inspector, start_date=["17", "11", "2026"], answers_key=key)
    )
    assert changed.location == check_url and count(db, PendingInspection) == 1
    assert "Tuesday 17 November 2026" in client.get(check_url).get_data(as_text=True)
    made = client.post(check_url)
    again = client.post(check_url)
    assert count(db) == before + 1 and count(db, PendingInspection) == 0
    inspection = db.session.scalar(select(Inspection).where(Inspection.creation_key == key))
    assert made.location == again.location == f"/inspectorate/inspections/{inspection.id}"
    assert inspection.start_date == date(2026, 11, 17) and inspection.team == []


def test_check_your_answers_refuses_what_became_wrong_meanwhile(client, login_as, world, make, db):
    login_as(world.inspector)
    check_url = client.post(NEW, data=answers(world.other_home, world.inspector)).location
    other = make.inspection(world.other_home, world.colleague)  # entered by someone else meanwhile
    response = client.post(check_url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page and "already has an open" in page
    assert f'href="/inspectorate/inspections/{other.id}"' in page
    assert count(db) == 2 + 1


def test_answers_of_someone_else_are_not_shown(client, login_as, world, db):
    login_as(world.inspector)
    check_url = client.post(NEW, data=answers(world.other_home, world.inspector)).location
    login_as(world.colleague)
    response = client.get(check_url)
    assert response.status_code == 302 and response.location == NEW
    assert client.post(check_url).status_code == 302 and count(db) == 2


def test_the_start_on_site_is_never_future_nor_before_the_announcement(client, login_as, world, make, db):
    centre = make.setting(world.provider, "STC", name="Birch Secure Training Centre")
    announced = make.inspection(
        centre,
        world.inspector,
        status=rules.ANNOUNCED,
        start=date(2026, 11, 23),
        announced=True,
        announced_at=datetime(2026, 11, 16, 9, 0, tzinfo=UTC),
    )
    login_as(world.inspector)
    url = f"/inspectorate/inspections/{announced.id}/start"
    for day, message in (
        ("19", "Start date must be today or in the past"),
        ("16", "Start date must be after Monday 16 November 2026, the day the inspection was announced"),
        ("13", "the day the inspection was announced"),
    ):
        page = client.post(url, data={"start_date": [day, "11", "2026"]}).get_data(as_text=True)
        assert "There is a problem" in page and message in page, day
    db.session.refresh(announced)
    assert announced.status == rules.ANNOUNCED
    assert client.post(url, data={"start_date": ["17", "11", "2026"]}).status_code == 302
    db.session.refresh(announced)
    assert announced.status == rules.ON_SITE and announced.start_date == date(2026, 11, 17)


def test_the_end_date_is_on_or_after_the_start(world, db):
    with pytest.raises(InspectionError, match="same as or after the start date"):
        services.end_inspection(world.inspection, date(2026, 11, 1), {}, world.inspector, FROZEN)


def test_answers_no_longer_true_at_confirmation_link_back_to_the_question(app, client, login_as, world, db):
    """An announced inspection's answers kept overnight: its start is no longer after the day it
    would be announced, so confirming is refused with a link to change the start date."""
    login_as(world.inspector)
    check_url = client.post(
        NEW,
        data=answers(
            world.other_home,
            world.inspector,
            inspection_type="monitoring",
            announced="yes",
            start_date=["19", "11", "2026"],
        ),
    ).location
    app.config["FROZEN_NOW"] = datetime(2026, 11, 19, 10, 0, tzinfo=UTC)
    login_as(world.inspector)
    page = client.post(check_url).get_data(as_text=True)
    key = check_url.rsplit("/", 1)[1]
    assert "must be after today, the day it is announced" in page
    assert f'href="{NEW}?answers={key}#start_date-day"' in page.split("govuk-error-summary__list")[1]
    assert count(db) == 2
