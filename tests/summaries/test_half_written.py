"""A summary can be saved half-written and finished later (issue 18): kept as typed with what is
still missing; the final report is not sent with it until it is finished, for a children's home
that chose to have one too (R-CFS-1, R-CFS-3), so children never get half a summary; emptied, it is
no summary at all."""

import pytest

from portal.core.audit import AuditEvent
from portal.inspection_reports import sending as report_sending
from portal.inspection_reports.services import ReportError
from portal.summaries import rules, services
from tests.conftest import FROZEN
from tests.summaries.conftest import good_sections

FINISH = "Finish the child-friendly summary, or empty it"


def half(**changes):
    return good_sections(next="The home will get our report.", worried="", **changes)


def test_saved_half_written_it_holds_the_final_report_until_finished(summaries, db, world):
    inspection = summaries.inspection()
    found = services.save(inspection, half(), world.inspector, FROZEN, finished=False)
    assert any(a.blocking for a in found)
    summary = services.summary_of(inspection)
    assert (
        summary.sections["next"]["text"] == "The home will get our report."
        and summary.sections["worried"]["text"] == ""
    )
    event = db.session.query(AuditEvent).filter_by(action="child_summary_saved").one()
    assert event.after["finished"] is False
    report = summaries.reports.returned(inspection.report, comments=0)
    (problem,) = [p for p in report_sending.final_problems(report, FROZEN) if p.startswith(FINISH)]
    assert problem == f"{FINISH}: Write 'If you are worried, who you can tell'"
    with pytest.raises(ReportError, match=FINISH):
        report_sending.send_final(report, world.inspector, FROZEN)
    assert inspection.final_sent_at is None
    services.save(inspection, good_sections(), world.inspector, FROZEN)
    assert not [p for p in report_sending.final_problems(report, FROZEN) if "child-friendly summary" in p]


def test_a_childrens_home_summary_is_optional_but_never_goes_half_written(summaries, world):
    inspection = summaries.reports.issued(summaries.reports.ended()).inspection  # a children's home
    report = summaries.reports.returned(inspection.report, comments=0)
    assert not [p for p in report_sending.final_problems(report, FROZEN) if "child-friendly summary" in p]
    services.save(inspection, half(), world.inspector, FROZEN, finished=False)
    assert any(p.startswith(FINISH) for p in report_sending.final_problems(report, FROZEN))
    emptied = {key: {"text": "  ", "picture": None} for key in good_sections()}
    services.save(inspection, emptied, world.inspector, FROZEN, finished=False)
    assert services.summary_of(inspection).sections == {}  # no summary at all: the final may go
    assert not [p for p in report_sending.final_problems(report, FROZEN) if "child-friendly summary" in p]


def test_the_page_saves_it_half_written_and_says_what_is_left(client, login_as, summaries, world, db):
    inspection = summaries.inspection()
    login_as(world.inspector)
    data = {f"{key}_text": part["text"] for key, part in half().items()}
    data |= {f"{section.key}_picture": section.picture for section in rules.SECTIONS}
    refused = client.post(f"/inspectorate/inspections/{inspection.id}/summary", data=data)
    assert refused.status_code == 200 and "There is a problem" in refused.get_data(as_text=True)
    assert services.summary_of(inspection) is None
    saved = client.post(f"/inspectorate/inspections/{inspection.id}/summary", data=data | {"later": "later"})
    assert saved.status_code == 302
    page = client.get(saved.location).get_data(as_text=True)
    assert "Summary saved, not finished:" in page and "to do before the final report can be sent with it" in page
    assert "The home will get our report." in page and "Save and finish later" in page


def test_the_send_final_page_offers_a_summary_at_a_childrens_home_and_says_when_one_goes(
    client, login_as, summaries, world
):
    """R-CFS-1: not required after a full inspection of a children's home, but offered there."""
    inspection = summaries.reports.issued(summaries.reports.ended()).inspection  # a children's home
    summaries.reports.returned(inspection.report, comments=0)
    login_as(world.inspector)
    final = f"/inspectorate/inspections/{inspection.id}/report/final"
    page = client.get(final).get_data(as_text=True)
    edit = f'href="/inspectorate/inspections/{inspection.id}/summary"'
    assert "A child-friendly summary is not required after this inspection" in page and edit in page
    services.save(inspection, good_sections(), world.inspector, FROZEN)
    page = client.get(final).get_data(as_text=True)
    assert "child-friendly summary</a> goes to the provider with it" in page and "not required" not in page
    secure = summaries.inspection()  # expected there: never "not required"
    summaries.reports.returned(secure.report, comments=0)
    assert "not required" not in client.get(f"/inspectorate/inspections/{secure.id}/report/final").get_data(
        as_text=True
    )
