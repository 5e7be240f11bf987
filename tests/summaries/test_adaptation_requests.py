"""R-CFS-2: the inspectorate asks the provider to adapt the child-friendly summary (S0 ¶105; S2
§"Child-friendly summary reports"), only once the summary has gone with the final report (R-CFS-1);
the provider adds the adapted version, which answers the request."""

import pytest
from sqlalchemy import func, select

from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.core.storage import StoredFile
from portal.summaries import services
from portal.summaries.models import AdaptationRequest, SummaryFile
from portal.summaries.services import SummaryError
from tests.conftest import FROZEN
from tests.files import field, pdf_bytes

NEEDED = "One child uses Makaton: please make a version with symbols."


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def ask_url(inspection) -> str:
    return f"/inspectorate/inspections/{inspection.id}/summary/ask-provider"


def test_r_cfs_2_inspector_asks_the_provider_and_the_provider_answers(client, login_as, world, summaries, db):
    inspection = summaries.released().inspection
    login_as(world.inspector)
    edit = client.get(f"/inspectorate/inspections/{inspection.id}/summary").get_data(as_text=True)
    assert f'href="{ask_url(inspection)}"' in edit and "Ask the provider to adapt this summary" in edit
    assert "What is needed?" in client.get(ask_url(inspection)).get_data(as_text=True)
    response = client.post(ask_url(inspection), data={"needed": NEEDED})
    assert response.status_code == 302 and response.location.endswith("#adaptation-requests")
    asked = db.session.scalar(select(AdaptationRequest))
    assert (asked.adapter, asked.reason, asked.requested_by_id, asked.requested_at, asked.fulfilled_at) == (
        services.PROVIDER,
        NEEDED,
        world.inspector.id,
        FROZEN.replace(tzinfo=asked.requested_at.tzinfo),
        None,
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "summary_adaptation_asked_of_provider"))
    assert event.actor_id == world.inspector.id and event.after["needed"] == NEEDED
    mails = list(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.subject.startswith("Please adapt the child-friendly summary"))
        )
    )
    assert {m.recipient for m in mails} == {world.ri.email, summaries.secure_rm.email}
    assert NEEDED in mails[0].body and f"/inspections/{inspection.id}/summary#asked-of-you" in mails[0].body
    edit = client.get(f"/inspectorate/inspections/{inspection.id}/summary").get_data(as_text=True)
    assert "Waiting for the provider" in edit and NEEDED in edit

    # The provider sees it on its summary page and adds the adapted version against it.
    login_as(summaries.secure_rm)
    page = client.get(f"/inspections/{inspection.id}/summary").get_data(as_text=True)
    assert "Adapting the summary: asked of you" in page and NEEDED in page
    add = f"/inspections/{inspection.id}/summary/translation?request={asked.id}"
    assert f'href="{add.replace("&", "&amp;")}"' in page
    form = client.get(add).get_data(as_text=True)
    assert f'<option value="{asked.id}" selected' in form
    response = client.post(
        f"/inspections/{inspection.id}/summary/translation",
        content_type="multipart/form-data",
        data={
            "language": "Version with symbols",
            "request_id": str(asked.id),
            "upload": field(pdf_bytes("Symbols"), "symbols.pdf"),
        },
    )
    assert response.status_code == 302 and response.location.endswith("#asked-of-you")
    db.session.expire_all()
    added = db.session.scalar(select(SummaryFile))
    assert (added.kind, added.request_id, added.added_by_id) == (services.ADAPTED, asked.id, summaries.secure_rm.id)
    assert db.session.get(AdaptationRequest, asked.id).fulfilled_at is not None
    assert "Answered" in client.get(f"/inspections/{inspection.id}/summary").get_data(as_text=True)
    told = db.session.scalar(select(OutboxMessage).where(OutboxMessage.subject.startswith("Adapted summary added")))
    assert told.recipient == world.inspector.email
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "summary_adaptation_answered"))

    # The inspector sees it answered, with the file.
    login_as(world.inspector)
    edit = client.get(f"/inspectorate/inspections/{inspection.id}/summary").get_data(as_text=True)
    assert "Adapted " in edit and f"/summary/files/{added.file_id}" in edit
    # An answered request is no longer offered to answer again.
    login_as(summaries.secure_rm)
    assert 'name="request_id"' not in client.get(f"/inspections/{inspection.id}/summary/translation").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    "needed, message",
    [
        ("", "Enter what the provider needs to adapt"),
        ("   \n ", "Enter what the provider needs to adapt"),
        ("x" * 2001, "What is needed must be 2,000 characters or fewer"),
    ],
)
def test_r_cfs_2_bad_input_stores_nothing(client, login_as, world, summaries, db, needed, message):
    inspection = summaries.released().inspection
    login_as(world.inspector)
    events, mails = count(db, AuditEvent), count(db, OutboxMessage)
    response = client.post(ask_url(inspection), data={"needed": needed})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page and message in page
    assert 'href="#needed"' in page
    assert count(db, AdaptationRequest) == 0 and count(db, AuditEvent) == events and count(db, OutboxMessage) == mails


def test_r_cfs_2_before_the_final_report_the_request_is_refused(client, login_as, world, summaries, db):
    """R-CFS-1: the summary goes with the final report; before that, nothing to adapt."""
    summary = summaries.written()
    inspection = summary.inspection
    login_as(world.inspector)
    edit = client.get(f"/inspectorate/inspections/{inspection.id}/summary").get_data(as_text=True)
    assert f'href="{ask_url(inspection)}"' not in edit
    assert "once the final report has been sent" in client.get(ask_url(inspection)).get_data(as_text=True)
    response = client.post(ask_url(inspection), data={"needed": NEEDED})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page
    assert "You can ask the provider to adapt the summary once the final report has been sent" in page
    assert count(db, AdaptationRequest) == 0
    with pytest.raises(SummaryError, match="once the final report"):
        services.ask_provider_to_adapt(inspection, NEEDED, world.inspector, FROZEN)


def test_r_cfs_2_the_providers_own_requests_stay_separate(client, login_as, world, summaries, db):
    """The provider can still ask the inspector (it may flag the need); its request is not one it
    can answer itself, and the inspector's attach page answers only those."""
    inspection = summaries.released().inspection
    own = services.request_adaptation(inspection, "A child reads Polish", summaries.secure_rm, FROZEN)
    asked = services.ask_provider_to_adapt(inspection, NEEDED, world.inspector, FROZEN)
    assert own.adapter == services.INSPECTORATE and asked.adapter == services.PROVIDER
    summary = services.summary_of(inspection)
    assert services.open_requests_to(summary, services.PROVIDER) == [asked]
    assert services.open_requests_to(summary, services.INSPECTORATE) == [own]
    from tests.files import upload

    with pytest.raises(SummaryError, match="Select a request from the list"):
        services.add_translation(inspection, upload(pdf_bytes()), "Polish", summaries.secure_rm, FROZEN, request=own)
    assert count(db, SummaryFile) == 0 and count(db, StoredFile) == 0
    login_as(summaries.secure_rm)
    response = client.post(
        f"/inspections/{inspection.id}/summary/translation",
        content_type="multipart/form-data",
        data={"language": "Polish", "request_id": str(own.id), "upload": field(pdf_bytes(), "polish.pdf")},
    )
    assert response.status_code == 200 and "Select a request or" in response.get_data(as_text=True)
    assert count(db, SummaryFile) == 0
    login_as(world.inspector)
    attach = client.get(f"/inspectorate/inspections/{inspection.id}/summary/attach").get_data(as_text=True)
    assert "A child reads Polish" in attach and NEEDED[:40] not in attach


def test_r_cfs_2_other_providers_and_visitors_cannot_see_the_request(client, login_as, world, summaries, db):
    inspection = summaries.released().inspection
    services.ask_provider_to_adapt(inspection, NEEDED, world.inspector, FROZEN)
    for user in (world.rival_ri, world.rival_rm, world.rm_other):
        login_as(user)
        assert client.get(f"/inspections/{inspection.id}/summary").status_code == 404
    login_as(world.colleague)
    assert client.get(ask_url(inspection)).status_code == 404
    assert client.post(ask_url(inspection), data={"needed": NEEDED}).status_code == 404


@pytest.mark.parametrize(
    "text",
    [
        "A Makaton version for Jayden Smith",
        "Symbols for the boy born 12/05/2014",
        "Large print for the child at 14 Acacia Avenue",
    ],
)
def test_r_axa_5_a_request_to_adapt_never_names_a_child(text, db, world, summaries):
    """R-AXA-5: the request says what a child needs, never who the child is; nothing is stored."""
    inspection = summaries.released().inspection
    for ask in (
        lambda: services.ask_provider_to_adapt(inspection, text, world.inspector, FROZEN),
        lambda: services.request_adaptation(inspection, text, summaries.secure_rm, FROZEN),
    ):
        with pytest.raises(SummaryError, match="must not include"):
            ask()
    db.session.rollback()
    assert count(db, AdaptationRequest) == 0
