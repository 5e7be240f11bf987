"""Published reports (R-TL-3, R-DR-5): open to all, only final reports, only once the embargo ends,
never a draft, a comment, a response or an address."""

from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from portal.core.clock import as_utc
from portal.inspection_reports import rules, sending, services
from portal.inspection_reports.comments import submit_return
from portal.inspections import rules as inspection_rules
from tests.conftest import FROZEN
from tests.inspection_reports.conftest import written_content
from tests.inspection_reports.quality_support import assure

INDEX = "/published-reports/"


def published(reports, setting=None, lead=None):
    """A final report sent at FROZEN through the real use cases."""
    return reports.final(reports.returned(reports.issued(reports.ended(setting=setting, lead=lead))))


def set_clock(app, instant):
    app.config["FROZEN_NOW"] = instant


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


@pytest.fixture
def report(reports):
    return published(reports)


def test_nothing_is_public_before_the_embargo_ends(app, client, report):
    publish_at = as_utc(report.publish_at)
    show, pdf = f"{INDEX}{report.inspection_id}", f"{INDEX}{report.inspection_id}.pdf"

    set_clock(app, publish_at - timedelta(seconds=1))
    page = client.get(INDEX)
    assert page.status_code == 200
    assert "Oak House" not in page.get_data(as_text=True)
    assert client.get(show).status_code == 404
    assert client.get(pdf).status_code == 404

    set_clock(app, publish_at)
    page = client.get(INDEX).get_data(as_text=True)
    assert "Oak House" in page and f'href="{show}"' in page
    assert "Wednesday 25 November 2026" in page
    response = client.get(show)
    assert response.status_code == 200
    assert "Full inspection report" in response.get_data(as_text=True)
    response = client.get(pdf)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Oak House" in text and "confidential" not in text.lower()


def test_drafts_are_never_public(app, client, reports, world):
    draft = reports.issued(reports.ended(setting=world.other_home))
    unsent_final = reports.returned(reports.issued(reports.ended()))
    set_clock(app, FROZEN + timedelta(days=400))
    page = client.get(INDEX).get_data(as_text=True)
    assert "Ash House" not in page and "Oak House" not in page
    assert "No reports found" in page
    for report in (draft, unsent_final):
        assert client.get(f"{INDEX}{report.inspection_id}").status_code == 404
        assert client.get(f"{INDEX}{report.inspection_id}.pdf").status_code == 404
    assert client.get(f"{INDEX}999999").status_code == 404


def test_only_the_final_text_is_published_never_comments_responses_or_reasons(app, client, reports, world, db):
    inspection = reports.ended()
    report = reports.written(inspection, grade=inspection_rules.REQUIRES_IMPROVEMENT)
    content = written_content(services.areas_of(inspection), grade=inspection_rules.REQUIRES_IMPROVEMENT)
    content["sections"]["service"] = ["Wording in the draft only, corrected later."]
    report.content = content
    db.session.commit()
    assure(report)  # R-QA-1
    sending.issue_draft(report, "Narwhal: judgements changed after moderation.", world.inspector, FROZEN)
    comment = reports.comment(report, paragraph=1, text="Zebra: this sentence is inaccurate.")
    submit_return(report, False, world.ri, FROZEN)
    sending.respond(
        comment, rules.PARTLY, "Quokka: the sentence is corrected.", world.inspector, FROZEN, paragraphs=[1]
    )
    services.save_section(report, "service", "Oak House cares for up to four children.", world.inspector, FROZEN)
    judgements = dict(report.content["judgements"]) | {inspection_rules.LEADERS: inspection_rules.GOOD}
    services.save_judgements(report, judgements, world.inspector, FROZEN)
    sending.send_final(report, world.inspector, FROZEN, "Walrus: leaders' judgement changed after moderation.")

    set_clock(app, as_utc(report.publish_at))
    page = client.get(f"{INDEX}{inspection.id}").get_data(as_text=True)
    text = pdf_text(client.get(f"{INDEX}{inspection.id}.pdf").data)
    listing = client.get(INDEX).get_data(as_text=True)
    assert "Oak House cares for up to four children." in page
    assert "Oak House cares for up to four children." in text
    assert "Requires improvement to be good" in listing
    for secret in ("Wording in the draft only", "Zebra", "Quokka", "Narwhal", "Walrus", rules.RESPONSES[rules.PARTLY]):
        assert secret not in page, secret
        assert secret not in text, secret
        assert secret not in listing, secret


def test_public_page_shows_the_numbered_final_report_without_an_address(app, client, report):
    set_clock(app, as_utc(report.publish_at))
    page = client.get(f"{INDEX}{report.inspection_id}").get_data(as_text=True)
    for paragraph in report.final["paragraphs"]:
        assert f'id="paragraph-{paragraph["number"]}"' in page and f"{paragraph['number']}.</span>" in page
    for section, _ in rules.sections_of(report.final):
        assert f'href="#section-{section.key}"' in page and f'id="section-{section.key}"' in page
    assert "The addresses of settings are not published." in page
    assert "address" not in page.lower().replace("the addresses of settings are not published", "")


@pytest.fixture
def three(app, reports, world, make, db):
    """Published reports in two local authorities and regions, one for a setting with a postcode in its name."""
    world.rival_home.local_authority, world.rival_home.region = "Cornwall", "South West"
    meadow = make.setting(world.provider, name="Meadow View LS6 2QT")
    db.session.commit()
    oak = published(reports)
    rival = published(reports, setting=world.rival_home, lead=world.colleague)
    named = published(reports, setting=meadow)
    set_clock(app, as_utc(oak.publish_at))
    return oak, rival, named


def names(client, query: str) -> set[str]:
    page = client.get(f"{INDEX}?{query}").get_data(as_text=True)
    return {name for name in ("Oak House", "Rival House", "Meadow View") if f">{name}" in page}


def test_search_by_urn_local_authority_and_region(client, three, world):
    """R-PUB-4 (S2 §"Children's homes reports"): a URN, a local authority or a region; never a name."""
    assert names(client, "") == {"Oak House", "Rival House", "Meadow View"}
    assert names(client, f"q={world.rival_home.urn.lower()}") == {"Rival House"}
    assert names(client, f"q=+{world.home.urn}+") == {"Oak House"}
    assert names(client, f"q={world.home.urn[:2]}+{world.home.urn[2:]}") == {"Oak House"}
    assert names(client, f"q={world.home.urn[:-1]}") == set()  # a URN is matched whole
    for name in ("oak", "Oak+House", "House", "Meadow+View"):
        assert names(client, f"q={name}") == set(), name
    assert names(client, "local_authority=Cornwall") == {"Rival House"}
    assert names(client, "region=Yorkshire+and+the+Humber") == {"Oak House", "Meadow View"}
    assert names(client, "region=South+West&local_authority=Leeds") == set()
    assert names(client, "q=%25") == set()  # a wildcard is just a character
    page = client.get(INDEX).get_data(as_text=True)
    assert '<option value="Cornwall">Cornwall</option>' in page
    assert '<option value="South West">South West</option>' in page


def test_a_postcode_finds_nothing(client, three):
    """R-PUB-4: not by postcode, even one that is part of a setting's name."""
    for postcode in ("LS6 2QT", "ls62qt", "LS6  2QT"):
        assert names(client, f"q={postcode}") == set(), postcode
    page = client.get(f"{INDEX}?q=LS6+2QT").get_data(as_text=True)
    assert "You cannot search by postcode or address" in page


def test_htmx_gets_the_results_only(client, three):
    fragment = client.get(f"{INDEX}?local_authority=Cornwall", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200
    assert "<html" not in body and "<h1" not in body and "<form" not in body
    assert "Rival House" in body and "Oak House" not in body
    assert "HX-Request" in fragment.headers.get("Vary", "")
    page = client.get(f"{INDEX}?local_authority=Cornwall")
    assert "<h1" in page.get_data(as_text=True) and "HX-Request" in page.headers.get("Vary", "")
    restore = client.get(INDEX, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<h1" in restore.get_data(as_text=True)


def test_the_search_form_works_with_and_without_javascript(client, three):
    page = client.get(INDEX).get_data(as_text=True)
    assert 'method="get" action="/published-reports/"' in page
    assert 'hx-get="/published-reports/"' in page and 'hx-target="#published-results"' in page
    assert 'hx-push-url="true"' in page and 'id="published-results"' in page
    assert 'name="q"' in page and "URN of the setting" in page and "URN or name" not in page
    assert (
        "Addresses of children&#39;s homes and other settings are not published" in page
        or "Addresses of children's homes and other settings are not published" in page
    )


def test_open_to_everyone_with_security_headers(app, client, login_as, report, world):
    set_clock(app, as_utc(report.publish_at))
    for url in (INDEX, f"{INDEX}{report.inspection_id}", f"{INDEX}{report.inspection_id}.pdf"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "nonce-" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
    login_as(world.rival_ri)
    assert client.get(f"{INDEX}{report.inspection_id}").status_code == 200


def test_footer_links_to_the_published_reports(client):
    page = client.get("/accessibility").get_data(as_text=True)
    assert f'<a class="govuk-footer__link" href="{INDEX}">Published inspection reports</a>' in page
