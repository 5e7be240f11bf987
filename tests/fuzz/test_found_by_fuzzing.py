"""Inputs the fuzzing found answered with a 500, each kept as a plain regression test."""

from sqlalchemy import select

from tests.conftest import CSRF_RAW


def multipart(*parts: bytes) -> bytes:
    return b"".join(b"--b\r\n" + part + b"\r\n" for part in parts) + b"--b--\r\n"


def test_a_form_part_without_a_name_is_ignored(app, client, login_as, world):
    """Found by fuzzing: a nameless multipart part reached the CSRF check as the key None (a 500)."""
    login_as(world.ri)
    nameless = b"Content-Disposition: form-data\r\n\r\nwhatever"
    response = client.open(
        "/provider/draft-report-delegates",
        method="POST",
        data=multipart(nameless),
        content_type="multipart/form-data; boundary=b",
    )
    assert response.status_code == 400  # no CSRF token: refused as any such post is
    with client.session_transaction() as session:
        session["csrf_token"] = CSRF_RAW
    token = f'Content-Disposition: form-data; name="csrf_token"\r\n\r\n{app.config["_TEST_CSRF"]}'.encode()
    response = client.open(
        "/provider/draft-report-delegates",
        method="POST",
        data=multipart(nameless, token),
        content_type="multipart/form-data; boundary=b",
    )
    assert response.status_code == 302 and response.location.endswith("/provider/draft-report-delegates")


def test_nul_characters_are_removed_from_what_is_posted(client, login_as, world, db):
    """Found by fuzzing on PostgreSQL: a NUL in a text answer could not be stored there (a 500)."""
    from portal.inspections.models import DeferralRequest

    login_as(world.rm)
    response = client.post(f"/inspections/{world.inspection.id}/deferral", data={"reason": "A flood\x00 overnight"})
    assert response.status_code == 302
    assert db.session.scalar(select(DeferralRequest.reason)) == "A flood overnight"


def test_a_reason_of_only_nul_characters_is_empty(client, login_as, world, db):
    from portal.inspections.models import DeferralRequest

    login_as(world.rm)
    page = client.post(f"/inspections/{world.inspection.id}/deferral", data={"reason": "\x00\x00"})
    assert "Enter why you need the inspection to be deferred" in page.get_data(as_text=True)
    assert db.session.scalar(select(DeferralRequest.reason)) is None


def test_nul_characters_are_removed_from_a_filter(client, login_as, world):
    """Found while fuzzing, on PostgreSQL: a NUL in the oversight filter's region made a 500."""
    login_as(world.manager)
    response = client.get("/inspectorate/monitoring?region=%00&local_authority=Leeds%00")
    assert response.status_code == 200
    assert client.get("/published-reports/?q=Oak%00&region=%00").status_code == 200
