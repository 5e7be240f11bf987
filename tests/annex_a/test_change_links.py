"""Change links on Annex A's check your answers (issue 18): each answer links to its question, each
list to its page, and saving there comes back to check your answers."""

from bs4 import BeautifulSoup

from portal.annex_a import services
from portal.annex_a.schema import sections_for
from tests.annex_a.answers import complete_answers
from tests.annex_a.test_return import request_annex, save_everything


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_every_answer_links_to_its_question_and_saving_there_comes_back(client, login_as, world, db):
    answers = complete_answers()
    login_as(world.rm)
    save_everything(client, world.home, answers)
    request_annex(client, login_as, world)
    login_as(world.rm)
    check = f"/settings/{world.home.id}/annex-a/return"
    links = [a["href"] for a in soup(client.get(check)).select("a") if a.get_text().startswith("Change")]
    sections = sections_for(world.home.type_enum)
    questions = sum(len(s.items_for(world.home.type_enum)) for s in sections if not s.is_list)
    assert len(links) == questions + sum(1 for s in sections if s.is_list)
    for link in links:
        path, _, question = link.partition("#")
        assert path.endswith("?from=check")
        page = soup(client.get(path))
        assert page.select_one(".govuk-back-link")["href"] == check
        if question:
            assert page.find(id=question) is not None, link

    link = next(href for href in links if href.endswith("#vacancies"))
    path = link.split("#")[0]
    data = {k: str(v) for k, v in answers["staffing"].items()} | {"vacancies": "3"}
    response = client.post(path, data=data)
    assert response.status_code == 302 and response.location == check
    assert services.draft_of(world.home).answers["staffing"]["vacancies"] == 3
    refused = soup(client.post(path, data=data | {"posts": "many"}))
    assert refused.select_one(".govuk-error-summary") is not None and refused.title.get_text().startswith("Error:")
    assert services.draft_of(world.home).answers["staffing"]["posts"] == answers["staffing"]["posts"]

    contacts = next(href for href in links if "/contacts" in href)
    contact = {k: v for k, v in answers["contacts"][0].items() if v is not None} | {"name": "Ana Lopes"}
    added = client.post(contacts, data=contact)
    assert added.status_code == 302 and added.location.endswith("/contacts?from=check")


def test_names_and_titles_are_single_line_inputs_and_longer_answers_boxes(client, login_as, world):
    login_as(world.rm)
    page = soup(client.get(f"/settings/{world.home.id}/annex-a/sections/leadership"))
    for name in ("manager_name", "provider_name", "ri_name"):
        assert page.find(id=name).name == "input", name
    assert page.find(id="directors").name == "textarea"  # one a line
    contacts = soup(client.get(f"/settings/{world.home.id}/annex-a/contacts"))
    assert contacts.find(id="name").name == "input" and contacts.find(id="organisation").name == "input"
