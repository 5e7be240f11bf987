"""Annex A per setting type through the web form (R-AXA-6, R-AXA-7), with the privacy check
(R-AXA-5) giving GOV.UK errors and storing nothing; and versions stored before this form still
display, compare and print (R-AXA-4: never rewritten)."""

import pytest

from portal.annex_a import services
from portal.annex_a.models import AnnexADraft
from tests.annex_a.answers import CH, RFC, SCH, STC, complete_answers
from tests.annex_a.test_return import save_everything
from tests.conftest import FROZEN


def draft(db, setting):
    db.session.expire_all()
    return db.session.query(AnnexADraft).filter_by(setting_id=setting.id).one_or_none()


@pytest.fixture
def settings(make, world):
    return {
        CH: world.home,
        SCH: make.setting(world.provider, "SCH", name="Moor SCH"),
        STC: make.setting(world.provider, "STC", name="Gate STC"),
        RFC: make.setting(world.provider, "RFC", name="Elm Family Centre"),
    }


@pytest.mark.parametrize("setting_type", [CH, SCH, STC, RFC], ids=lambda t: t.value)
def test_every_type_fills_in_its_own_annex_a_on_the_web(client, login_as, world, db, settings, setting_type):
    """R-AXA-6: each type's sections, all on the task list and all completed from the web form."""
    setting = settings[setting_type]
    login_as(world.ri)
    answers = complete_answers(setting_type=setting_type, contacts=2)
    save_everything(client, setting, answers)
    assert draft(db, setting).answers == answers
    page = client.get(f"/settings/{setting.id}/annex-a").get_data(as_text=True)
    assert "Not started" not in page and "In progress" not in page
    assert ("Families" in page and "Recruitment checks" in page) == (setting_type == RFC)
    assert ("Manager, provider and responsible individual" in page) == (setting_type != STC)
    check = client.get(f"/settings/{setting.id}/annex-a/return").get_data(as_text=True)
    assert "Case list" in check and answers["cases"][0]["reference"] in check


@pytest.mark.parametrize("setting_type", [STC, RFC], ids=lambda t: t.value)
def test_sections_a_type_is_not_asked_answer_404(client, login_as, world, settings, setting_type):
    login_as(world.ri)
    setting = settings[setting_type]
    absent = {STC: ["leadership", "families", "recruitment"], RFC: ["children", "education_health"]}[setting_type]
    for key in absent:
        assert client.get(f"/settings/{setting.id}/annex-a/sections/{key}").status_code == 404


REFUSED = [
    (CH, "children", "multi_agency_work", "Meeting with John Smith's social worker", "must not include a name"),
    (CH, "education_health", "education_provision", "Started school on 2014-05-12", "must not include a date"),
    (CH, "children", "separation_oversight", "Reviewed at 14 Acacia Avenue", "must not include an address"),
    (SCH, "education_health", "health_provision", "GP near LS1 4AB", "must not include a postcode"),
    (SCH, "setting", "changes", "Mr Jones left", "must not include a name"),
    (STC, "children", "multi_agency_work", "AB has a plan with the YOT", "must not include initials"),
    (STC, "education_health", "education_provision", "12/05/2014 start", "must not include a date"),
    (RFC, "families", "court_work", "Amira O'Neil's report went to court", "must not include a name"),
    (RFC, "families", "court_work", "Report on JS and her mother", "must not include initials"),
    (RFC, "setting", "purpose", "Flat 2, 3 High Street", "must not include an address"),
]


@pytest.mark.parametrize(
    "setting_type, section, item, text, message",
    REFUSED,
    ids=[f"{t.value}-{i}-{m.split()[-1]}" for t, _, i, _, m in REFUSED],
)
def test_the_web_form_refuses_personal_data_with_a_govuk_error_and_stores_nothing(
    client, login_as, world, db, settings, setting_type, section, item, text, message
):
    """R-AXA-5: one check for the web form; the message says what to write instead."""
    setting = settings[setting_type]
    login_as(world.ri)
    response = client.post(f"/settings/{setting.id}/annex-a/sections/{section}", data={item: text})
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 200 and "There is a problem" in page and f'href="#{item}"' in page
    assert message in page
    advice = (
        "use counts only, not names, initials, dates of birth or addresses"
        if setting_type in (STC, RFC)
        else "use initials or counts, not names, dates of birth or addresses"
    )
    assert advice in page
    assert draft(db, setting) is None


def test_the_case_list_on_the_web(client, login_as, world, db, settings):
    """R-AXA-7: a case reference and the categories that apply; initials only for SCH and CH."""
    login_as(world.ri)
    stc, home = settings[STC], settings[CH]
    form = client.get(f"/settings/{stc.id}/annex-a/cases").get_data(as_text=True)
    assert 'name="initials"' not in form and "On remand" in form and "Recently moved in" not in form
    assert 'name="initials"' in client.get(f"/settings/{home.id}/annex-a/cases").get_data(as_text=True)
    added = client.post(
        f"/settings/{stc.id}/annex-a/cases",
        data={"reference": "T-7", "categories": ["On remand", "At risk of self-harm"]},
    )
    assert added.status_code == 302
    assert draft(db, stc).answers["cases"] == [
        {"reference": "T-7", "categories": ["On remand", "At risk of self-harm"]}
    ]
    for data, message in (
        ({"reference": "Jamie Smith"}, "like C-1042"),
        ({"reference": "2014-05-12"}, "must not include a date"),
        ({"reference": "JS-4"}, "must not include initials"),
        ({"reference": "T-8", "categories": ["Recently moved in"]}, "from the list"),
        ({"reference": "T-8", "initials": "AB"}, None),
    ):
        response = client.post(f"/settings/{stc.id}/annex-a/cases", data=data)
        if message is None:  # an STC's form has no initials field: anything sent there is dropped
            assert response.status_code == 302 and "initials" not in draft(db, stc).answers["cases"][-1]
            continue
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "There is a problem" in page and message in page, message
        assert len(draft(db, stc).answers["cases"]) == 1
    assert (
        client.post(
            f"/settings/{home.id}/annex-a/cases",
            data={"reference": "C-9", "initials": "k.t.", "categories": ["Recently left"]},
        ).status_code
        == 302
    )
    assert draft(db, home).answers["cases"] == [{"reference": "C-9", "initials": "KT", "categories": ["Recently left"]}]
    removed = client.post(f"/settings/{home.id}/annex-a/cases/0/remove")
    assert removed.status_code == 302 and draft(db, home).answers["cases"] == []
    assert client.post(f"/settings/{home.id}/annex-a/cases/0/remove").status_code == 404


OLD_CH_VERSION = {  # a children's home's Annex A as returned before the per-type form
    "completed_by": {
        "name": "Marcus Reid",
        "job_title": "Registered manager",
        "email": "marcus@oak.example",
        "phone": "0113 496 0000",
    },
    "children": {
        "admissions": 3,
        "leavers": 2,
        "resident": 4,
        "restraint_incidents": 5,
        "restraint_children": 2,
        "missing_episodes": 4,
        "missing_children": 1,
        "sexual_exploitation": 1,
        "criminal_exploitation": 0,
        "complaints": 2,
        "notifications": 6,
        "at_risk_initials": "AB",
    },
    "education_health": {
        "education_provision": "All attend local schools",
        "not_in_education": 0,
        "health_provision": "GP and CAMHS",
        "mental_health_access": "Yes",
    },
    "staffing": {
        "posts": 10,
        "vacancies": 1,
        "agency_shifts": 12,
        "care_staff": 9,
        "care_staff_qualified": 6,
        "care_staff_working_towards": 3,
        "manager_qualification": "Achieved",
        "old_item": "kept",
    },
    "contacts": [
        {
            "name": "Sam Hughes",
            "role": "Social worker",
            "organisation": "Leeds City Council",
            "email": "sam@leeds.example",
            "phone": "0113 496 0101",
        }
    ],
}


def test_versions_returned_before_still_display_compare_and_print(client, login_as, world, db, make):
    """R-AXA-4: a stored version is never rewritten; its answers still show (new questions as
    "Not given", answers to questions no longer asked under their own heading), compare with a
    new version and print."""
    old = make.annex_a_version(world.inspection, world.rm, answers=OLD_CH_VERSION)
    login_as(world.rm)
    page = client.get(f"/settings/{world.home.id}/annex-a/versions/{old.id}").get_data(as_text=True)
    assert "Incidents of restraint" in page and "Sam Hughes" in page and "Not given" in page
    assert "Answers to earlier questions" in page and "Staffing: old item" in page and "kept" in page
    pdf = client.get(f"/settings/{world.home.id}/annex-a/versions/{old.id}/annex-a.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    login_as(world.inspector)
    assert client.get(f"/inspectorate/annex-a/versions/{old.id}").status_code == 200
    new = type(old)(answers=complete_answers())
    rows = services.compare(old, new, CH)
    assert ("Children", "Children at risk of radicalisation or extremism", "", "0") in rows
    assert ("Earlier questions", "Staffing: old item", "kept", "") in rows
    db.session.expire_all()
    assert db.session.get(type(old), old.id).answers == OLD_CH_VERSION


def test_a_family_centres_old_children_answers_still_show(client, login_as, world, db, make, settings):
    rfc = settings[RFC]
    inspection = make.inspection(rfc, world.inspector)
    version = make.annex_a_version(inspection, world.ri, answers={"children": {"admissions": 3}, "contacts": []})
    login_as(world.ri)
    page = client.get(f"/settings/{rfc.id}/annex-a/versions/{version.id}").get_data(as_text=True)
    assert "Families admitted" in page and "Children: admissions" in page


def test_a_version_returned_now_holds_only_what_the_type_is_asked(client, login_as, world, db, make, settings):
    """R-AXA-5: a family centre's draft kept from the older form, with initials of children, is
    returned without them; the older version itself is left as it was (R-AXA-4)."""
    rfc = settings[RFC]
    inspection = make.inspection(rfc, world.inspector)
    answers = complete_answers(setting_type=RFC)
    older = answers | {"children": {"admissions": 3, "at_risk_initials": "AB"}}
    older["cases"] = [{"reference": "F-1", "initials": "CD", "categories": ["Recently arrived"]}]
    make.annex_a_version(inspection, world.ri, answers=older)
    request = services.request_for_inspection(inspection)
    request.status = "requested"
    db.session.commit()
    version = services.return_annex_a(rfc, request, "web", "now-key", world.ri, FROZEN)
    assert "children" not in version.answers and version.answers["cases"] == [
        {"reference": "F-1", "categories": ["Recently arrived"]}
    ]
    assert version.answers == answers | {"cases": version.answers["cases"]}
    first = next(v for v in request.versions if v.number == 1)
    assert first.answers["children"]["at_risk_initials"] == "AB"
