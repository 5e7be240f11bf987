"""After signing in, ``next=`` only ever leads to a page of the portal (OWASP ASVS 5.1.5,
DESIGN.md convention 9): anything with a control character, a backslash, a scheme or a host goes
to the dashboard, on the sign-in page's GET and POST and through the two-factor step."""

from datetime import timedelta

import pytest

from portal.core.links import local_path
from tests.accounts.test_two_factor import enable, enter_code
from tests.conftest import FROZEN, PASSWORD

HOSTILE = [
    "/dashboard\r\nSet-Cookie: x=1",
    "/\r\n/evil.example",
    "/\t/evil.example",
    "/dash\nboard",
    "\\\\evil.example",
    "//evil.example",
    "/\\evil.example",
    "https:evil.example",
    "https://evil.example/",
    "evil.example",
    "/\u202e/evil.example",
    "/\x00",
    "/\u2028/evil.example",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_are_not_local_paths(target):
    assert local_path(target) is None


@pytest.mark.parametrize("target", ["/dashboard", "/settings/3?tab=reports", "/a:b"])
def test_local_paths_are_kept(target):
    assert local_path(target) == target


def sign_in(client, email, target):
    return client.post("/sign-in", data={"email": email, "password": PASSWORD}, query_string={"next": target})


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_with_a_hostile_next_goes_to_the_dashboard(client, world, target):
    page = client.get("/sign-in", query_string={"next": target})
    assert page.status_code == 200
    response = sign_in(client, world.rm.email, target)
    assert response.status_code == 302 and response.location == "/"


def test_sign_in_with_crlf_in_the_raw_query_goes_to_the_dashboard(client, world):
    assert client.get("/sign-in?next=/%0d%0aSet-Cookie:%20x=1").status_code == 200
    response = client.post(
        "/sign-in?next=/dashboard%0d%0aSet-Cookie:%20x=1", data={"email": world.rm.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.location == "/"
    assert "Set-Cookie: x=1" not in str(response.headers)


@pytest.mark.parametrize(
    "target",
    [
        "/dashboard\r\nSet-Cookie: x=1",
        "/\u202e/evil.example",
        "/\t/evil.example",
        "/\\evil.example",
        "//evil.example",
        "https:evil.example",
    ],
)
def test_the_two_factor_step_keeps_to_the_dashboard(client, db, world, target):
    totp, _ = enable(db, world.inspector, FROZEN - timedelta(minutes=5))
    assert sign_in(client, world.inspector.email, target).location == "/sign-in/code"
    response = enter_code(client, totp.at(FROZEN))
    assert response.status_code == 302 and response.location == "/"


def test_the_two_factor_step_keeps_a_local_next(client, db, world):
    totp, _ = enable(db, world.inspector, FROZEN - timedelta(minutes=5))
    assert sign_in(client, world.inspector.email, "/account").location == "/sign-in/code"
    assert enter_code(client, totp.at(FROZEN)).location == "/account"
