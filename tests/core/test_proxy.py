"""Client addresses behind a load balancer: X-Forwarded-For is read only from trusted proxies.

Rate limits key on the client's address (flask_limiter's get_remote_address), so the address a
view sees is the one the limits use.
"""

import pytest
from flask import request
from flask_limiter.util import get_remote_address

from portal import create_app
from portal.core import proxy
from portal.core.access import public


def _app(tmp_path, **config):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'proxy.db'}",
            **config,
        }
    )

    @public
    def whoami():
        return {"address": get_remote_address(), "scheme": request.scheme}

    app.add_url_rule("/test-whoami", "test_whoami", whoami)
    return app


def _whoami(app, forwarded):
    return (
        app.test_client()
        .get(
            "/test-whoami",
            headers={"X-Forwarded-For": forwarded, "X-Forwarded-Proto": "https"},
            environ_base={"REMOTE_ADDR": "10.0.0.2"},
        )
        .get_json()
    )


def test_without_trusted_proxies_the_header_is_ignored(tmp_path, monkeypatch):
    monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
    answer = _whoami(_app(tmp_path), "203.0.113.7")
    assert answer == {"address": "10.0.0.2", "scheme": "http"}


def test_behind_one_proxy_the_client_address_comes_from_the_header(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    answer = _whoami(_app(tmp_path), "203.0.113.7")
    assert answer == {"address": "203.0.113.7", "scheme": "https"}


def test_an_address_the_client_made_up_is_not_trusted(tmp_path):
    # The client sent "198.51.100.1"; the balancer appended the address it saw.
    answer = _whoami(_app(tmp_path, TRUSTED_PROXY_COUNT=1), "198.51.100.1, 203.0.113.7")
    assert answer["address"] == "203.0.113.7"


@pytest.mark.parametrize("value", ["-1", "two"])
def test_a_wrong_count_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", value)
    with pytest.raises(ValueError):
        proxy.trusted_proxy_count()
