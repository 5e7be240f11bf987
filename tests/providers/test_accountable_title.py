"""R-ROLE-2: an STC has no registered manager or responsible individual in S0, only its director
(S0 ¶30, ¶105), who has the RI's powers; STCs have no independent person and no reg 44/45 reports."""

import pytest
from sqlalchemy import func, select

from portal.accounts.models import Invitation
from portal.accounts.roles import Role
from portal.complaints import services as complaint_services
from portal.complaints.services import ComplaintError
from portal.core.outbox import OutboxMessage
from portal.inspection_reports.comments import submit_return
from portal.inspection_reports.services import ReportError
from portal.providers import rules
from portal.providers.models import SettingType
from tests.conftest import FROZEN
from tests.inspection_reports.conftest import reports  # noqa: F401  (fixture)


@pytest.mark.parametrize(
    "setting_type, title",
    [
        (SettingType.SECURE_TRAINING_CENTRE, "director"),
        (SettingType.SECURE_CHILDRENS_HOME, "responsible individual"),
        (SettingType.CHILDRENS_HOME, "responsible individual"),
        (SettingType.RESIDENTIAL_FAMILY_CENTRE, "responsible individual"),
        ("STC", "director"),
    ],
)
def test_r_role_2_accountable_title(setting_type, title):
    assert rules.accountable_title(setting_type) == title


def test_r_role_2_title_across_a_providers_settings_and_independent_persons():
    assert rules.provider_title({"STC"}) == "director"
    assert rules.provider_title({"CH", "SCH"}) == "responsible individual"
    assert rules.provider_title(set()) == "responsible individual"
    assert rules.provider_title({"CH", "STC"}) == "responsible individual or director"
    assert [rules.has_independent_person(t) for t in SettingType] == [
        t != SettingType.SECURE_TRAINING_CENTRE for t in SettingType
    ]


@pytest.fixture
def centre(world, make):
    """A provider that runs only a secure training centre: its director and a named member of staff."""
    provider = make.provider("Birch Justice")
    place = make.setting(provider, "STC", name="Birch Secure Training Centre")
    director = make.user(Role.RESPONSIBLE_INDIVIDUAL, provider, name="Dee Director")
    staff = make.user(Role.REGISTERED_MANAGER, provider, [place], name="Link Person")
    return provider, place, director, staff


def test_r_role_2_the_role_line_and_team_page_say_director(client, login_as, world, centre):
    _provider, _place, director, _staff = centre
    login_as(director)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Dee Director (Director)" in page and "(Responsible individual)" not in page
    team = client.get("/provider/team").get_data(as_text=True)
    assert '<td class="govuk-table__cell">Director</td>' in team
    member = client.get(f"/provider/team/members/{director.id}").get_data(as_text=True)
    assert "A director works with every setting" in member
    # A provider of children's homes keeps its responsible individual.
    login_as(world.ri)
    assert "(Responsible individual)" in client.get("/dashboard").get_data(as_text=True)


def test_r_role_2_an_stc_gets_no_independent_person(client, login_as, world, centre, db, make):
    provider, place, director, staff = centre
    home = make.setting(provider, "CH", name="Birch House")
    login_as(director)
    data = {
        "name": "Ivy Visitor",
        "email": "ivy@example.com",
        "role": "independent_person",
        "settings": [str(place.id)],
    }
    for step in ("check", "send"):
        response = client.post("/provider/team/invite", data=data | {"step": step})
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "govuk-error-summary" in page
        assert "Secure training centres have no independent person" in page
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    # Changing a member into an independent person of the STC is refused in the same words.
    response = client.post(
        f"/provider/team/members/{staff.id}", data={"role": "independent_person", "settings": [str(place.id)]}
    )
    assert "Secure training centres have no independent person" in response.get_data(as_text=True)
    db.session.refresh(staff)
    assert staff.role == Role.REGISTERED_MANAGER
    # A children's home of the same provider can have one.
    assert (
        client.post("/provider/team/invite", data=data | {"settings": [str(home.id)], "step": "send"}).status_code
        == 302
    )


def test_r_role_2_no_visit_reports_or_reviews_for_an_stc(client, login_as, centre):
    _provider, place, director, staff = centre
    for user in (director, staff):
        login_as(user)
        assert client.get(f"/settings/{place.id}/visit-reports/new").status_code == 404
        assert client.get(f"/settings/{place.id}/reviews/new").status_code == 404
        page = client.get(f"/settings/{place.id}").get_data(as_text=True)
        assert "Monthly visit reports and quality-of-care reviews" not in page


def test_r_role_2_draft_report_comments_are_sent_by_the_director(client, login_as, world, centre, reports, db):
    _provider, place, _director, staff = centre
    report = reports.issued(reports.ended(setting=place))
    mail = db.session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.recipient == staff.email, OutboxMessage.subject.startswith("Draft inspection report")
        )
    )
    assert "Your director, or someone they have delegated, sends the comments." in mail.body
    login_as(staff)
    page = client.get(f"/inspections/{report.inspection_id}/report").get_data(as_text=True)
    assert "(your director, or someone they have delegated, sends them)" in page
    assert "responsible individual" not in page
    send = client.get(f"/inspections/{report.inspection_id}/report/send").get_data(as_text=True)
    assert "Your director, or someone they have delegated, sends the comments." in send
    with pytest.raises(ReportError, match="Only the director, or someone they have delegated"):
        submit_return(report, True, staff, FROZEN)


def test_r_role_2_the_director_lodges_a_complaint(client, login_as, world, centre, reports, db):
    _provider, place, director, staff = centre
    report = reports.issued(reports.ended(setting=place))
    login_as(staff)
    page = client.get(f"/inspections/{report.inspection_id}/complaints").get_data(as_text=True)
    assert "The director and the staff they have named can prepare a complaint; the director lodges it." in page
    complaint = complaint_services.start(report.inspection, staff, FROZEN)
    complaint_services.save_details(complaint, ["process"], None, "An apology", staff, FROZEN)
    complaint_services.save_point(complaint, None, "What happened", [], staff, FROZEN)
    lodge = client.get(f"/complaints/{complaint.id}/lodge").get_data(as_text=True)
    assert "Your director lodges the complaint" in lodge
    with pytest.raises(ComplaintError, match="Only a director can lodge"):
        complaint_services.lodge(complaint, staff, FROZEN)
    assert complaint_services.lodge(complaint, director, FROZEN).status != "draft"
