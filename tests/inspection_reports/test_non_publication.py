"""Not publishing a monitoring report (R-PUB-2; S0 ¶144; S2, S4 §"Monitoring visit reports").

An inspectorate manager records it, with who decided and why (STC: who at the Ministry of Justice
agreed, and when), for a monitoring visit only, before publication. The provider is told and sees
it; the public never sees the report (R-DR-5, DOMAIN.md §19).
"""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.inspection_reports import non_publication
from portal.inspection_reports.models_publication import NonPublication
from portal.inspection_reports.non_publication import Decision
from portal.inspection_reports.services import ReportError
from portal.inspections import rules as inspection_rules
from tests.conftest import FROZEN
from tests.fuzz import strategies
from tests.inspection_reports.publication_support import PUBLISH, graded, sent_final

MONITORING = inspection_rules.MONITORING
REASON = "A criminal investigation into the events the visit looked at is under way."


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def visit(db, make, world):
    """A monitoring visit to Oak House whose final report was sent at FROZEN, published at PUBLISH."""
    return sent_final(db, make, world.home, world.inspector, kind=MONITORING)


@pytest.fixture
def stc_visit(db, make, world):
    centre = make.setting(world.provider, "STC", name="Birch Centre")
    return sent_final(db, make, centre, world.inspector, kind=MONITORING)


# The use case ------------------------------------------------------------------------------------


def test_a_manager_records_it_audited_and_the_provider_is_told(db, world, visit):
    """R-PUB-2 (S2, S4 §"Monitoring visit reports"): a regional director decided; who and why kept."""
    record = non_publication.withhold(visit, Decision(REASON, "Jo Bloggs, regional director"), world.manager, FROZEN)
    assert (record.reason, record.decided_by, record.recorded_by_id) == (
        REASON,
        "Jo Bloggs, regional director",
        world.manager.id,
    )
    assert record.moj_agreed_by is None and visit.non_publication is record
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "report_not_published"))
    assert event.actor_id == world.manager.id and event.after["reason"] == REASON
    told = {
        m.recipient
        for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.contains("not published")))
    }
    assert told == {world.ri.email, world.rm.email}  # the setting's RM and the provider's RI, not the visitor
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == world.rm.email))
    assert "will not be published" in message.body and REASON in message.body


def test_an_stc_needs_the_ministry_of_justices_agreement(db, world, stc_visit):
    """R-PUB-2 (S0 ¶144): with the agreement of the MoJ, recorded: who, and on what day."""
    base = Decision(REASON, "Lead inspector for the inspectorates")
    cases = [
        (base, "moj_agreed_by"),
        (Decision(REASON, base.decided_by, "A. Official, MoJ"), "moj_agreed_on"),
        (Decision(REASON, base.decided_by, "A. Official, MoJ", date(2026, 11, 19)), "moj_agreed_on"),  # future
        (Decision(REASON, base.decided_by, "A. Official, MoJ", date(2026, 11, 5)), "moj_agreed_on"),
    ]  # before
    for decision, field in cases:
        with pytest.raises(ReportError) as refused:
            non_publication.withhold(stc_visit, decision, world.manager, FROZEN)
        db.session.rollback()
        assert refused.value.field == field, decision
    assert count(db, NonPublication) == 0
    agreed = Decision(REASON, base.decided_by, "A. Official, MoJ", date(2026, 11, 17))
    record = non_publication.withhold(stc_visit, agreed, world.manager, FROZEN)
    assert (record.moj_agreed_by, record.moj_agreed_on) == ("A. Official, MoJ", date(2026, 11, 17))


@pytest.mark.parametrize(
    "reason, decided_by, field",
    [
        ("", "Jo Bloggs", "reason"),
        ("  \n ", "Jo Bloggs", "reason"),
        (REASON, " ", "decided_by"),
        ("x" * 2001, "Jo", "reason"),
    ],
)
def test_a_decision_without_a_reason_or_a_decider_is_refused(db, world, visit, reason, decided_by, field):
    """R-PUB-2: why and who are recorded, so neither may be missing."""
    with pytest.raises(ReportError) as refused:
        non_publication.withhold(visit, Decision(reason, decided_by), world.manager, FROZEN)
    db.session.rollback()
    assert refused.value.field == field
    assert count(db, NonPublication) == 0 and count(db, OutboxMessage) == 0


def test_only_a_manager_only_a_monitoring_visit_only_before_publication(db, make, world, visit, reports):
    """R-PUB-2: exceptional, for monitoring reports; an inspector cannot; once published, too late."""
    decision = Decision(REASON, "Jo Bloggs")
    full = sent_final(db, make, world.other_home, world.inspector, judgements=graded(inspection_rules.GOOD))
    unsent = reports.ended(kind=MONITORING, setting=world.other_home)
    refusals = [
        (visit, world.inspector, FROZEN, "Only an inspectorate manager"),
        (full, world.manager, FROZEN, "Only a monitoring visit"),
        (visit, world.manager, PUBLISH, "The report was published on Wednesday 25 November 2026"),
        (None, world.manager, FROZEN, "Only a monitoring visit"),
    ]
    for report, actor, now, message in refusals:
        with pytest.raises(ReportError) as refused:
            non_publication.withhold(report, decision, actor, now)
        db.session.rollback()
        assert message in refused.value.message
    assert "once the final report has been sent" in non_publication.problem(
        reports.written(unsent), world.manager, FROZEN
    )
    assert count(db, NonPublication) == 0 and count(db, OutboxMessage) == 0
    non_publication.withhold(visit, decision, world.manager, PUBLISH - timedelta(seconds=1))
    with pytest.raises(ReportError, match="already been recorded"):
        non_publication.withhold(visit, decision, world.manager, FROZEN)
    assert count(db, NonPublication) == 1


# The public never sees it --------------------------------------------------------------------------


def test_the_public_never_sees_a_withheld_report_before_or_after_publish_at(app, client, db, world, visit, make):
    """R-PUB-2, R-DR-5, DOMAIN.md §19: not in the search, the filters, the page or the PDF, ever."""
    centre = make.setting(world.rival, "CH", name="Elm Lodge")
    centre.local_authority, centre.region = "Cornwall", "South West"
    db.session.commit()
    published = sent_final(db, make, world.home, world.inspector, kind=MONITORING, end=date(2026, 11, 9))
    withheld = sent_final(db, make, centre, world.colleague, kind=MONITORING)
    non_publication.withhold(visit, Decision(REASON, "Jo Bloggs"), world.manager, FROZEN)
    non_publication.withhold(withheld, Decision(REASON, "Jo Bloggs"), world.manager, FROZEN)
    for instant in (PUBLISH - timedelta(seconds=1), PUBLISH, PUBLISH + timedelta(days=800)):
        app.config["FROZEN_NOW"] = instant
        index = client.get("/published-reports/").get_data(as_text=True)
        search = client.get(f"/published-reports/?q={world.home.urn}").get_data(as_text=True)
        assert f'href="/published-reports/{visit.inspection_id}"' not in index + search
        assert "Elm Lodge" not in index and "Cornwall" not in index  # not even in the filters
        for report in (visit, withheld):
            assert client.get(f"/published-reports/{report.inspection_id}").status_code == 404
            assert client.get(f"/published-reports/{report.inspection_id}.pdf").status_code == 404
        shown = client.get(f"/published-reports/{published.inspection_id}").status_code
        assert shown == (404 if instant < PUBLISH else 200)
        assert (f'href="/published-reports/{published.inspection_id}"' in search) == (instant >= PUBLISH)


# The pages -------------------------------------------------------------------------------------------


def url(report, end: str = "") -> str:
    return f"/inspectorate/inspections/{report.inspection_id}/report/non-publication{end}"


GOOD_FORM = {"reason": REASON, "decided_by": "Jo Bloggs, regional director"}


def test_the_manager_decides_on_the_form_and_sees_a_confirmation(client, login_as, db, world, visit):
    """R-PUB-2: linked from the report's overview; GET shows, POST decides, then a confirmation."""
    login_as(world.manager)
    overview = client.get(f"/inspectorate/inspections/{visit.inspection_id}/report").get_data(as_text=True)
    assert f'href="{url(visit)}"' in overview and "will be published on" in overview
    page = client.get(url(visit)).get_data(as_text=True)
    assert "This cannot be undone" in page and "Regional director who decided" in page
    assert "Ministry of Justice agreed" not in page
    response = client.post(url(visit), data=GOOD_FORM)
    assert response.status_code == 302 and response.location.endswith(url(visit, "/recorded"))
    done = client.get(url(visit, "/recorded")).get_data(as_text=True)
    assert "This report will not be published" in done and REASON in done and world.manager.name in done
    assert client.get(url(visit)).location.endswith(url(visit, "/recorded"))  # decided: no second form
    overview = client.get(f"/inspectorate/inspections/{visit.inspection_id}/report").get_data(as_text=True)
    assert "It will not be published." in overview and "will be published on" not in overview


@pytest.mark.parametrize(
    "data, message",
    [
        ({"decided_by": "Jo Bloggs"}, "Enter the reason the report is not published"),
        ({"reason": REASON}, "Enter who decided not to publish the report"),
        ({"reason": "x" * 2001, "decided_by": "Jo"}, "The reason must be 2,000 characters or fewer"),
    ],
)
def test_bad_input_gets_a_govuk_error_and_stores_nothing(client, login_as, db, world, visit, data, message):
    """R-PUB-2: a non-publication without a reason, or without who decided, is refused."""
    login_as(world.manager)
    response = client.post(url(visit), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "govuk-error-summary" in page and message in page
    assert "govuk-error-message" in page
    assert count(db, NonPublication) == 0 and count(db, OutboxMessage) == 0


def test_an_stc_form_asks_for_the_ministry_of_justices_agreement(client, login_as, db, world, stc_visit):
    """R-PUB-2 (S0 ¶144): without the MoJ's agreement, a GOV.UK error; with it, recorded."""
    login_as(world.manager)
    page = client.get(url(stc_visit)).get_data(as_text=True)
    assert "Who at the Ministry of Justice agreed" in page and "Who decided for the inspectorates" in page
    missing = client.post(url(stc_visit), data=GOOD_FORM).get_data(as_text=True)
    assert "Enter who at the Ministry of Justice agreed" in missing
    assert "Enter the date the Ministry of Justice agreed" in missing and 'href="#moj_agreed_on-day"' in missing
    future = client.post(
        url(stc_visit), data=GOOD_FORM | {"moj_agreed_by": "A. Official", "moj_agreed_on": ["19", "11", "2026"]}
    )
    assert "must be today or in the past" in future.get_data(as_text=True)
    assert count(db, NonPublication) == 0
    agreed = client.post(
        url(stc_visit), data=GOOD_FORM | {"moj_agreed_by": "A. Official", "moj_agreed_on": ["17", "11", "2026"]}
    )
    assert agreed.status_code == 302
    assert "Tuesday 17 November 2026" in client.get(url(stc_visit, "/recorded")).get_data(as_text=True)


def test_an_inspector_sees_the_page_but_cannot_decide(client, login_as, db, world, visit):
    """R-PUB-2: only an inspectorate manager records it; an inspector's POST is refused, nothing stored."""
    login_as(world.inspector)
    page = client.get(url(visit)).get_data(as_text=True)
    assert "Only an inspectorate manager" in page and 'name="reason"' not in page
    refused = client.post(url(visit), data=GOOD_FORM)
    assert refused.status_code == 200 and "govuk-error-summary" in refused.get_data(as_text=True)
    assert count(db, NonPublication) == 0


def test_a_full_inspection_or_a_published_report_cannot_be_withheld(app, client, login_as, db, make, world, visit):
    """R-PUB-2: only monitoring reports, and only before they are published (then a clear message)."""
    full = sent_final(db, make, world.other_home, world.inspector, judgements=graded(inspection_rules.GOOD))
    login_as(world.manager)
    overview = client.get(f"/inspectorate/inspections/{full.inspection_id}/report").get_data(as_text=True)
    assert url(full) not in overview
    assert "Only a monitoring visit" in client.post(url(full), data=GOOD_FORM).get_data(as_text=True)
    app.config["FROZEN_NOW"] = PUBLISH
    login_as(world.manager)
    late = client.post(url(visit), data=GOOD_FORM).get_data(as_text=True)
    assert "The report was published on Wednesday 25 November 2026" in late and "govuk-error-summary" in late
    assert count(db, NonPublication) == 0


def test_the_provider_sees_the_decision_on_its_final_report(client, login_as, db, world, visit):
    """R-PUB-2: the provider is told; the final report page says it will not be published, and why."""
    login_as(world.rm)
    before = client.get(f"/inspections/{visit.inspection_id}/report").get_data(as_text=True)
    assert "It will be published on" in before and "will not be published" not in before
    non_publication.withhold(visit, Decision(REASON, "Jo Bloggs, regional director"), world.manager, FROZEN)
    for user in (world.rm, world.ri):
        login_as(user)
        page = client.get(f"/inspections/{visit.inspection_id}/report").get_data(as_text=True)
        assert "This report will not be published" in page and REASON in page and "Jo Bloggs" in page
        assert "It will be published on" not in page and world.manager.name not in page
    for user in (world.rm, world.ri, world.ip, world.rival_ri):
        login_as(user)
        assert client.get(url(visit)).status_code == 404
        assert client.get(url(visit, "/recorded")).status_code == 404


def test_withheld_inspections_are_found_in_one_query(db, make, world, visit):
    """For the pages that would announce a publication day (R-PUB-2: the report is never published)."""
    other = sent_final(db, make, world.other_home, world.inspector, kind=MONITORING)
    assert non_publication.withheld_inspection_ids([]) == set()
    non_publication.withhold(visit, Decision(REASON, "Jo Bloggs"), world.manager, FROZEN)
    assert non_publication.withheld_inspection_ids([visit.inspection_id, other.inspection_id]) == {visit.inspection_id}


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    body=st.fixed_dictionaries(
        {
            "reason": strategies.VALUE,
            "decided_by": strategies.VALUE,
            "moj_agreed_by": strategies.VALUE,
            "moj_agreed_on": strategies.DATE_PARTS,
        }
    )
)
def test_generated_input_never_fails_and_a_refusal_stores_nothing(client, login_as, db, world, stc_visit, body):
    """Whatever an STC's form is sent, no 500; unless it was recorded, nothing is stored or sent."""
    login_as(world.manager)
    before = (count(db, NonPublication), count(db, OutboxMessage))
    response = client.post(url(stc_visit), data=body)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "There is a problem" in response.get_data(as_text=True)
        assert (count(db, NonPublication), count(db, OutboxMessage)) == before
    else:
        assert count(db, NonPublication) == 1


# What the timelines announce -----------------------------------------------------------------------


def test_r_pub_2_a_withheld_report_announces_no_publication_day(db, world, visit, client, login_as):
    """The provider's next deadline and both timelines stop announcing the embargo's end."""
    from portal.dashboards.provider import next_deadline
    from portal.inspections import holds, timeline

    inspection = visit.inspection
    before = next_deadline([inspection], FROZEN)
    assert before is not None and before.is_publication
    non_publication.withhold(visit, Decision(REASON, "Jo Bloggs, regional director"), world.manager, FROZEN)
    assert holds.withheld_many([inspection]) == {inspection.id}
    assert next_deadline([inspection], FROZEN) is None
    steps = {s.key: s for s in timeline.of(inspection, FROZEN, withheld=True)}
    assert steps[timeline.PUBLISHED].status == timeline.WITHHELD and steps[timeline.PUBLISHED].deadline is None
    login_as(world.rm)
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert "Not published" in page and "Under embargo" not in page
