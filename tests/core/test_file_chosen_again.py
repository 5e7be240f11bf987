"""A page that comes back with a problem says that the file chosen must be chosen again (issue 18,
GOV.UK file upload pattern): browsers clear the field and the portal stored nothing. Not said
before anything was chosen, nor when the problem is the file itself (its own message says so)."""

from sqlalchemy import func, select

from portal.core.forms import CHOOSE_AGAIN
from portal.core.storage import StoredFile
from tests.files import field
from tests.monitoring_reports.test_submission import visit_data


def post(client, world, **overrides):
    return client.post(
        f"/settings/{world.home.id}/visit-reports/new",
        content_type="multipart/form-data",
        data=visit_data(**overrides),
    ).get_data(as_text=True)


def test_a_problem_elsewhere_asks_for_the_file_again(client, login_as, world, db):
    login_as(world.rm)
    assert CHOOSE_AGAIN not in client.get(f"/settings/{world.home.id}/visit-reports/new").get_data(as_text=True)
    page = post(client, world, visit_date=["31", "2", "2026"])
    assert "There is a problem" in page and CHOOSE_AGAIN in page
    assert page.index("The full report") < page.index(CHOOSE_AGAIN)  # in the file field's hint
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0


def test_a_problem_with_the_file_itself_gives_its_own_message_only(client, login_as, world):
    login_as(world.rm)
    page = post(client, world, document=field(b"not a document", "report.pdf"))
    assert "must be a PDF, DOCX or ODT" in page and CHOOSE_AGAIN not in page
