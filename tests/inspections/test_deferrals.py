"""R-INSP-3 deferrals per setting type (S0 ¶165-166; S2, S4 §"Deferrals")."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from portal.accounts.roles import Role
from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.inspections import deferrals, rules
from portal.inspections.models import DeferralRequest, Inspection
from portal.inspections.services import InspectionError
from portal.providers.models import SettingType


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def stc(world, make):
    """An STC full inspection, announced, of world.provider, led by world.inspector."""
    centre = make.setting(world.provider, "STC", name="Birch Secure Training Centre")
    return make.inspection(
        centre,
        world.inspector,
        status=rules.ANNOUNCED,
        start=date(2026, 11, 23),
        announced=True,
        announced_at=datetime(2026, 11, 19, 9, 0, tzinfo=UTC),
    )


def stc_decision(**overrides):
    data = {
        "decision_ground": "evidence",
        "hmip_consulted": "A. Senior, HMIP head of inspections",
        "hmip_view": "Agrees: the site cannot be reached safely",
        "cqc_consulted": "B. Lead, CQC",
        "cqc_view": "Agrees",
        "decision": "grant",
        "reason": "Snow has closed the roads to the centre",
    }
    return data | overrides


def ask(client, inspection, **data):
    return client.post(f"/inspections/{inspection.id}/deferral", data=data)


def test_r_insp_3_stc_request_asks_which_ground_applies(client, login_as, world, stc, db):
    """S0 ¶165: the provider of an STC names one of the two grounds; staff absence is not one."""
    login_as(world.ri)
    page = client.get(f"/inspections/{stc.id}/deferral").get_data(as_text=True)
    assert "Which ground for deferral applies?" in page and "staff absence or refurbishment cannot" in page
    for data, message in [
        ({"reason": "Snow"}, "Select the ground for deferring the inspection"),
        ({"reason": "Snow", "ground": "staff"}, "Select the ground for deferring the inspection"),
        ({"ground": "evidence", "reason": ""}, "Enter why you need the inspection to be deferred"),
    ]:
        response = ask(client, stc, **data)
        assert response.status_code == 200 and "There is a problem" in response.get_data(as_text=True)
        assert message in response.get_data(as_text=True), data
    assert count(db, DeferralRequest) == 0
    assert ask(client, stc, ground="evidence", reason="Snow has closed the roads").status_code == 302
    deferral = db.session.scalar(select(DeferralRequest))
    assert deferral.ground == "evidence"
    # The managers, who decide, are told as well as the lead inspector.
    told = {
        m.recipient
        for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.startswith("Deferral requested")))
    }
    assert told == {world.inspector.email, world.manager.email}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "deferral_requested"))
    assert event.after["ground"] == "evidence"


def test_r_insp_3_an_inspector_cannot_decide_an_stc_deferral(client, login_as, world, stc, db):
    """S0 ¶166: the responsible Ofsted senior manager decides: an inspector sees no form, and a
    decision posted anyway is a GOV.UK error that stores nothing."""
    deferral = deferrals.request_deferral(
        stc, "Snow", world.ri, datetime(2026, 11, 19, 12, 0, tzinfo=UTC), ground="evidence"
    )
    url = f"/inspectorate/inspections/{stc.id}/deferrals/{deferral.id}"
    login_as(world.inspector)
    page = client.get(url).get_data(as_text=True)
    assert "An inspectorate manager decides" in page and 'name="decision"' not in page
    show = client.get(f"/inspectorate/inspections/{stc.id}").get_data(as_text=True)
    assert "See this request (an inspectorate manager decides)" in show
    response = client.post(url, data=stc_decision())
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)
    assert "Only an inspectorate manager can decide" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(DeferralRequest, deferral.id).status == rules.REQUESTED
    assert db.session.get(Inspection, stc.id).status == rules.ANNOUNCED
    with pytest.raises(InspectionError, match="Only an inspectorate manager"):
        deferrals.decide_deferral(
            deferral,
            True,
            "Snow",
            world.inspector,
            datetime.now(UTC),
            ground="evidence",
            partners=deferrals.PartnerViews("a", "b", "c", "d"),
        )


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"hmip_consulted": ""}, "Enter who you consulted at HMIP"),
        ({"hmip_view": "  "}, "Enter the view of HMIP"),
        ({"cqc_consulted": ""}, "Enter who you consulted at CQC"),
        ({"cqc_view": ""}, "Enter the view of CQC"),
        ({"cqc_consulted": "x" * 201}, "Who you consulted at CQC must be 200 characters or fewer"),
        ({"hmip_view": "x" * 2001}, "The view of HMIP must be 2,000 characters or fewer"),
        ({"decision_ground": ""}, "Select the ground the request shows"),
        ({"decision_ground": "weather"}, "Select the ground the request shows"),
        ({"decision_ground": "staff"}, "can only be deferred for a risk to people"),
        ({"decision_ground": "accommodation"}, "can only be deferred for a risk to people"),
        ({"decision_ground": "other"}, "can only be deferred for a risk to people"),
        ({"decision_ground": "staff", "hmip_view": ""}, "Enter the view of HMIP"),
    ],
)
def test_r_insp_3_stc_decision_bad_input_stores_nothing(client, login_as, world, stc, db, overrides, message):
    """A missing HMIP or CQC view, or granting on a ground S0 ¶165 does not allow: GOV.UK error."""
    deferral = deferrals.request_deferral(
        stc, "Snow", world.ri, datetime(2026, 11, 19, 12, 0, tzinfo=UTC), ground="evidence"
    )
    events = count(db, AuditEvent)
    login_as(world.manager)
    response = client.post(
        f"/inspectorate/inspections/{stc.id}/deferrals/{deferral.id}", data=stc_decision(**overrides)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page and message in page
    db.session.expire_all()
    assert db.session.get(DeferralRequest, deferral.id).status == rules.REQUESTED
    assert db.session.get(DeferralRequest, deferral.id).hmip_view is None
    assert count(db, AuditEvent) == events


def test_r_insp_3_manager_grants_an_stc_deferral_with_partners_views(client, login_as, world, stc, db):
    deferral = deferrals.request_deferral(
        stc, "Snow", world.ri, datetime(2026, 11, 19, 12, 0, tzinfo=UTC), ground="evidence"
    )
    login_as(world.manager)
    url = f"/inspectorate/inspections/{stc.id}/deferrals/{deferral.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Who did you consult at HMIP?" in page and "What was CQC&#39;s view?" in page
    assert client.post(url, data=stc_decision()).status_code == 302
    db.session.expire_all()
    stored = db.session.get(DeferralRequest, deferral.id)
    assert (stored.status, stored.decision_ground, stored.decided_by_id) == (
        rules.GRANTED,
        "evidence",
        world.manager.id,
    )
    assert stored.hmip_consulted.startswith("A. Senior") and stored.cqc_view == "Agrees"
    assert db.session.get(Inspection, stc.id).status == rules.DEFERRED
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "deferral_decided"))
    assert (
        event.after["hmip_view"] == "Agrees: the site cannot be reached safely" and event.after["ground"] == "evidence"
    )
    show = client.get(f"/inspectorate/inspections/{stc.id}").get_data(as_text=True)
    assert "HMIP: A. Senior, HMIP head of inspections" in show and "Ground found" in show
    # The provider sees the decision and its reason, not the partner inspectorates' notes.
    login_as(world.ri)
    provider_page = client.get(f"/inspections/{stc.id}").get_data(as_text=True)
    assert "Snow has closed the roads" in provider_page and "A. Senior" not in provider_page
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.subject.startswith("Deferral granted")))
    assert "in consultation with HMIP and CQC" in mail.body


def test_r_insp_3_manager_may_refuse_staff_absence(client, login_as, world, stc, db):
    deferral = deferrals.request_deferral(
        stc, "Our director is on leave", world.ri, datetime(2026, 11, 19, 12, 0, tzinfo=UTC), ground="risk"
    )
    login_as(world.manager)
    response = client.post(
        f"/inspectorate/inspections/{stc.id}/deferrals/{deferral.id}",
        data=stc_decision(decision="refuse", decision_ground="staff", reason="Staff absence is not a ground"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(DeferralRequest, deferral.id).status == rules.REFUSED
    assert db.session.get(Inspection, stc.id).status == rules.ANNOUNCED


def test_r_insp_3_other_settings_are_case_by_case_without_partners(client, login_as, world, db):
    """S2 §"Deferrals": an inspector decides a children's home's request; no ground or partners asked."""
    deferral = deferrals.request_deferral(world.inspection, "Flood", world.rm, datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    login_as(world.inspector)
    url = f"/inspectorate/inspections/{world.inspection.id}/deferrals/{deferral.id}"
    page = client.get(url).get_data(as_text=True)
    assert "HMIP" not in page and "Which ground" not in page
    assert client.post(url, data={"decision": "refuse", "reason": "Not needed"}).status_code == 302
    db.session.expire_all()
    stored = db.session.get(DeferralRequest, deferral.id)
    assert stored.status == rules.REFUSED and stored.ground is None and stored.hmip_view is None


def test_r_insp_3_rfc_asks_by_the_start_of_the_inspection(client, login_as, world, make, db):
    """S4 §"Deferrals": "at the earliest opportunity/start of the inspection": the first day on site
    is the last day to ask (FROZEN is Wednesday 18 November 2026)."""
    centre = make.setting(world.provider, "RFC", name="Elm Family Centre")
    today = make.inspection(centre, world.inspector, start=date(2026, 11, 18))
    yesterday = make.inspection(centre, world.inspector, start=date(2026, 11, 17))
    login_as(world.ri)
    assert "Ask for this inspection to be deferred" not in client.get(f"/inspections/{yesterday.id}").get_data(
        as_text=True
    )
    late = ask(client, yesterday, reason="A family is in crisis")
    assert late.status_code == 200
    assert "until the start of the inspection: the last day to ask was Tuesday 17 November 2026" in late.get_data(
        as_text=True
    )
    assert count(db, DeferralRequest) == 0
    assert "Ask for this inspection to be deferred" in client.get(f"/inspections/{today.id}").get_data(as_text=True)
    assert ask(client, today, reason="A family is in crisis").status_code == 302
    assert count(db, DeferralRequest) == 1


def test_request_closed_rule():
    """R-INSP-3 as a pure rule: RFC by the start; others until the inspection ends."""
    start, rfc, ch = date(2026, 11, 2), SettingType.RESIDENTIAL_FAMILY_CENTRE, SettingType.CHILDRENS_HOME
    assert deferrals.request_closed(rfc, rules.ON_SITE, start, start) is None
    assert deferrals.request_closed(rfc, rules.ANNOUNCED, start, date(2026, 10, 30)) is None
    assert "start of the inspection" in deferrals.request_closed(rfc, rules.ON_SITE, start, date(2026, 11, 3))
    assert deferrals.request_closed(ch, rules.ON_SITE, start, date(2026, 11, 5)) is None
    assert "before it has ended" in deferrals.request_closed(ch, rules.ENDED, start, start)


def test_r_insp_3_who_may_decide(world, make):
    centre = make.setting(world.provider, "STC")
    stc = make.inspection(centre, world.inspector)
    assert deferrals.may_decide(stc, world.manager) and not deferrals.may_decide(stc, world.inspector)
    assert deferrals.may_decide(world.inspection, world.inspector)
    assert not deferrals.may_decide(world.inspection, make.user(Role.REGISTERED_MANAGER, world.provider))
