"""A server process killed in the middle of receiving an upload (R-MON-1: nothing half-received).

A real gunicorn serves the portal on a free loopback port, with a file database and its own
store and spool folders. A large visit report is sent slowly over a raw socket and the server is
killed with SIGKILL part-way through the body. No record exists, the spool file it left is
counted nowhere (verify-files checks nothing), and sweep-uploads removes it.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import date
from pathlib import Path

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from portal import create_app
from portal.accounts.models import SettingMembership, User
from portal.accounts.roles import Role
from portal.core.storage import StoredFile
from portal.extensions import db
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission
from portal.providers.models import Provider, Setting
from tests.conftest import FROZEN
from tests.files import pdf_bytes

ROOT = Path(__file__).resolve().parents[2]
SECRET = "killed-upload-secret"
CSRF_RAW = "killed-upload-csrf"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def portal_env(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "S3_", "STORAGE_"))}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
            "SECRET_KEY": SECRET,
            "STORAGE_BACKEND": "local",
            "STORAGE_DIR": str(tmp_path / "files"),
            "SPOOL_DIR": str(tmp_path / "spool"),
            "SESSION_COOKIE_SECURE": "false",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop("REDIS_URL", None)
    return env


@pytest.fixture
def portal_db(portal_env):
    """The file database, with a registered manager of one children's home."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": portal_env["DATABASE_URL"],
            "SECRET_KEY": SECRET,
            "STORAGE_DIR": portal_env["STORAGE_DIR"],
            "SPOOL_DIR": portal_env["SPOOL_DIR"],
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        provider = Provider(name="Killed Upload Care")
        db.session.add(provider)
        db.session.flush()
        setting = Setting(
            provider_id=provider.id,
            urn="SC900001",
            name="Kill House",
            setting_type="CH",
            local_authority="Leeds",
            region="Yorkshire and the Humber",
            registered_on=date(2020, 1, 1),
            capacity=4,
        )
        db.session.add(setting)
        db.session.flush()
        user = User(
            email="rm@kill.example",
            name="Kill Manager",
            role=Role.REGISTERED_MANAGER.value,
            provider_id=provider.id,
            password_hash="x",
            active=True,
            created_at=FROZEN,
        )
        user.memberships = [SettingMembership(setting_id=setting.id)]
        db.session.add(user)
        db.session.commit()
        app.portal_ids = (user.id, setting.id)
        yield app
        db.session.remove()


@pytest.fixture
def server(portal_env, portal_db):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "120",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=portal_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the portal did not start") from None
            time.sleep(0.2)
    yield process, port
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def session_cookie(app, user_id: int) -> str:
    with app.test_request_context():
        serializer = app.session_interface.get_signing_serializer(app)
        return serializer.dumps(
            {"_user_id": str(user_id), "_fresh": True, "csrf_token": CSRF_RAW, "last_seen": time.time()}
        )


def multipart(fields: dict, file_name: str, size: int) -> tuple[str, bytes, bytes]:
    """The body's head (fields and the file part's header), the document, and the closing boundary."""
    boundary = uuid.uuid4().hex
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="document"; filename="{file_name}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n"
    ).encode()
    document = pdf_bytes() + b"%" + b"0" * size
    return boundary, head, document + f"\r\n--{boundary}--\r\n".encode()


def wait_for(condition, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_a_server_killed_during_an_upload_leaves_no_record_and_a_spool_file_that_is_swept(
    server, portal_db, portal_env
):
    process, port = server
    user_id, setting_id = portal_db.portal_ids
    spool = Path(portal_env["SPOOL_DIR"])
    token = URLSafeTimedSerializer(SECRET, salt="wtf-csrf-token").dumps(CSRF_RAW)
    fields = {
        "csrf_token": token,
        "visit_date-day": "14",
        "visit_date-month": "10",
        "visit_date-year": "2026",
        "announced": "no",
        "spoke_to": "children",
        "records_inspected": "Daily logs",
        "premises_inspected": "Kitchen",
        "safeguarding": "yes",
        "wellbeing": "yes",
        "recommendations": "None",
        "conflict": "no",
        "serious_concern": "no",
    }
    boundary, head, rest = multipart(fields, "october.pdf", 15 * 1024 * 1024)
    request = (
        f"POST /settings/{setting_id}/visit-reports/new HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Cookie: portal_session={session_cookie(portal_db, user_id)}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(head) + len(rest)}\r\nConnection: close\r\n\r\n"
    ).encode()

    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request + head)
        sent = 0
        for start in range(0, 2 * 1024 * 1024, 64 * 1024):  # the first 2 MB of 15, slowly
            connection.sendall(rest[start : start + 64 * 1024])
            sent += 64 * 1024
            time.sleep(0.01)
        arriving = wait_for(lambda: [p for p in spool.glob("part-*") if p.stat().st_size > 0])
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    left = [p for p in spool.iterdir() if p.is_file()]
    assert left == arriving and 0 < left[0].stat().st_size <= sent
    with portal_db.app_context():
        assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0
        assert db.session.scalar(select(func.count()).select_from(PendingSubmission)) == 0
        assert db.session.scalar(select(func.count()).select_from(MonitoringReport)) == 0
    verified = portal_db.test_cli_runner().invoke(args=["portal", "verify-files"])
    assert verified.exit_code == 0 and "0 checked" in verified.output
    assert not Path(portal_env["STORAGE_DIR"]).exists() or not any(Path(portal_env["STORAGE_DIR"]).rglob("*"))

    swept = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "portal", "sweep-uploads", "--hours", "0"],
        cwd=ROOT,
        env=portal_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert swept.returncode == 0 and "Removed 1 abandoned uploads" in swept.stdout, swept.stderr
    assert list(spool.iterdir()) == []
