"""The access log never holds a one-time link: invitation and password reset secrets are hidden."""

import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Zq3-x_9aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789ab"


def access_atoms(path: str, referer: str = "-") -> dict:
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config = Config()
    for name in ("logger_class", "access_log_format"):
        config.set(name, settings[name])
    logger = config.logger_class(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": referer,
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("X-Forwarded-For", "192.0.2.1")])
    return logger.atoms(response, request, environ, timedelta(milliseconds=3))


@pytest.mark.parametrize("path", [f"/invitations/{SECRET}", f"/password-reset/{SECRET}"])
def test_one_time_links_are_hidden_in_the_access_log(path):
    atoms = access_atoms(path, referer=f"https://portal.example{path}")
    logged = " ".join(str(value) for value in atoms.values())
    assert SECRET not in logged
    assert atoms["U"] == path.replace(SECRET, "[hidden]")
    assert atoms["r"] == f"GET {path.replace(SECRET, '[hidden]')} HTTP/1.1"


@pytest.mark.parametrize(
    "path",
    ["/password-reset/sent", "/provider/team/invitations/12", "/account", "/provider/team/invitations/12/resend"],
)
def test_other_paths_are_logged_as_they_are(path):
    assert access_atoms(path)["U"] == path


@pytest.mark.parametrize(
    ("redis_url", "workers", "warned"), [(None, 4, True), ("redis://cache:6379/0", 4, False), (None, 1, False)]
)
def test_gunicorn_warns_at_start_when_rate_limits_would_be_counted_per_worker(monkeypatch, redis_url, workers, warned):
    """Issue 17: without Redis each worker keeps its own counts, so 4 workers allow 4 × each limit."""
    if redis_url:
        monkeypatch.setenv("REDIS_URL", redis_url)
    else:
        monkeypatch.delenv("REDIS_URL", raising=False)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    warnings = []
    server = SimpleNamespace(
        cfg=SimpleNamespace(workers=workers),
        log=SimpleNamespace(warning=lambda message, *args: warnings.append(message % args)),
    )
    settings["when_ready"](server)
    assert bool(warnings) == warned
    if warned:
        assert "REDIS_URL is not set" in warnings[0] and "up to 4 times" in warnings[0]
