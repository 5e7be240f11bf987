"""nginx, rendered from deploy/nginx/portal.conf, in front of gunicorn (gunicorn.conf.py) on loopback.

Everything the two servers write (logs, pid, nginx's temporary bodies, the TLS certificate, the
SQLite database) stays in one temporary folder; nginx runs in the foreground with that folder as
its prefix, so it needs no root and touches nothing of the machine's own nginx.
"""

import ipaddress
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from tests.multiprocess.instances import free_port

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx" / "portal.conf"
SERVER_NAME = "portal.test"


def find_nginx() -> str | None:
    """Debian installs nginx in /usr/sbin, which is not on an ordinary user's PATH."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, valid for a day; (certificate, key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "portal.crt", folder / "portal.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def render(values: dict[str, str]) -> str:
    """The shipped template with its ${PORTAL_…} placeholders filled in, as envsubst would."""
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"${{{name}}}", value)
    left = sorted(set(re.findall(r"\$\{PORTAL_\w+\}", text)))
    assert not left, f"placeholders with no value: {left}"
    return text


def main_config(folder: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf provides around conf.d/, with every path in ``folder``."""
    user = "user root;" if os.geteuid() == 0 else ""  # workers would otherwise run as nobody
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "nginx-error.log"} info;
events {{ worker_connections 512; }}
http {{
    default_type application/octet-stream;
    gzip on;  # as Debian's nginx.conf has it: the portal's server turns it off for pages
    access_log {folder / "nginx-other-access.log"};
{temp}
    include {folder / "portal.conf"};
}}
"""


def _wait_for(check, what: str, process, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds  # generous: the machine may be busy; this is no speed test
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited: {log.read_text()[-3000:]}")
        try:
            if check():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {seconds} s: {log.read_text()[-3000:]}")


def _stop(process) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


class Stack:
    """Where things are: nginx's HTTPS and HTTP ports, gunicorn's own port, the logs."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.https_port, self.http_port, self.gunicorn_port = free_port(), free_port(), free_port()
        self.https = f"https://127.0.0.1:{self.https_port}"
        self.direct = f"http://127.0.0.1:{self.gunicorn_port}"
        self.nginx_access_log = folder / "nginx-access.log"
        self.gunicorn_access_log = folder / "gunicorn-access.log"
        self.static = folder / "static"
        self.certificate, self.key = self_signed_certificate(folder)

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.certificate))

    def read(self, log: Path) -> str:
        return log.read_text() if log.exists() else ""


@contextmanager
def nginx_and_gunicorn(folder: Path, database_url: str, threads: int = 2):
    """Start gunicorn (1 worker, ``threads`` threads) and nginx in front of it; stop both after."""
    stack = Stack(folder)
    shutil.copytree(ROOT / "static", stack.static)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "nginx-test-secret",
        "STORAGE_BACKEND": "local",
        "STORAGE_DIR": str(folder / "files"),
        "SPOOL_DIR": str(folder / "spool"),
        "TRUSTED_PROXY_COUNT": "1",
        "GUNICORN_BIND": f"127.0.0.1:{stack.gunicorn_port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": str(threads),
        "GUNICORN_ACCESS_LOG": str(stack.gunicorn_access_log),
    }
    env.pop("REDIS_URL", None)
    (folder / "portal.conf").write_text(
        render(
            {
                "PORTAL_SERVER_NAME": SERVER_NAME,
                "PORTAL_UPSTREAM": f"127.0.0.1:{stack.gunicorn_port}",
                "PORTAL_STATIC_ROOT": str(stack.static),
                "PORTAL_HTTPS_LISTEN": f"127.0.0.1:{stack.https_port}",
                "PORTAL_HTTP_LISTEN": f"127.0.0.1:{stack.http_port}",
                "PORTAL_TLS_CERTIFICATE": str(stack.certificate),
                "PORTAL_TLS_CERTIFICATE_KEY": str(stack.key),
                "PORTAL_ACCESS_LOG": str(stack.nginx_access_log),
            }
        )
    )
    (folder / "nginx.conf").write_text(main_config(folder))
    processes = []
    try:
        gunicorn_log = folder / "gunicorn.log"
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "wsgi:app"],
                cwd=ROOT,
                env=env,
                stdout=gunicorn_log.open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        nginx_log = folder / "nginx-error.log"
        processes.append(
            subprocess.Popen(
                [find_nginx(), "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(nginx_log)],
                stdout=(folder / "nginx.out").open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        _wait_for(
            lambda: requests.get(stack.direct + "/healthz", timeout=30).ok, "gunicorn", processes[0], gunicorn_log
        )
        _wait_for(
            lambda: requests.get(stack.https + "/healthz", timeout=30, verify=str(stack.certificate)).ok,
            "nginx",
            processes[1],
            folder / "nginx.out",
        )
        yield stack
    finally:
        for process in processes:
            _stop(process)


class SlowClient:
    """A connection that sends ``first`` at once and then ``rest`` one byte at a time."""

    def __init__(self, port: int, first: bytes, rest: bytes, tls: ssl.SSLContext | None = None):
        raw = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.sock = tls.wrap_socket(raw, server_hostname="127.0.0.1") if tls else raw
        self.sock.settimeout(2)
        self.rest = rest
        self.started = time.monotonic()
        self.closed_at: float | None = None
        self.answer = b""
        self.error: Exception | None = None
        self.sock.sendall(first)

    @property
    def open(self) -> bool:
        return self.closed_at is None

    def tick(self) -> None:
        """Notice whether the server has hung up or answered, then send the next byte."""
        if not self.open:
            return
        try:
            self.sock.setblocking(False)  # TLS 1.3 session tickets make a socket readable with no data
            try:
                data = self.sock.recv(65536)
                if not data:
                    raise ConnectionResetError("closed by the server")
                self.answer += data
            except (ssl.SSLWantReadError, BlockingIOError):
                pass
            self.sock.settimeout(2)
            if self.rest:
                self.sock.send(self.rest[:1])
                self.rest = self.rest[1:]
        except TimeoutError:
            pass
        except (OSError, ssl.SSLError) as error:
            self.closed_at, self.error = time.monotonic(), error

    def close(self) -> None:
        with suppress(OSError):
            self.sock.close()


def slow_sign_ins(port: int, count: int, header_dribblers: int, tls: ssl.SSLContext | None = None) -> list:
    """``count`` clients POSTing to /sign-in slowly: the first ``header_dribblers`` dribble their
    headers, the others send their headers whole and then dribble a 1,000-byte body."""
    clients = []
    for n in range(count):
        if n < header_dribblers:
            first, rest = b"POST /sign-in HTTP/1.1\r\n", b"Host: 127.0.0.1\r\nX-Slow: " + b"a" * 1000
        else:
            first = (
                b"POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
            )
            rest = b"email=" + b"a" * 994
        clients.append(SlowClient(port, first, rest, tls))
    return clients


def timed_get(url: str, **options) -> tuple[float, requests.Response]:
    """The response and the seconds it took, from connecting to the last byte of the body."""
    options.setdefault("timeout", 10)
    started = time.monotonic()
    response = requests.get(url, allow_redirects=False, **options)
    return time.monotonic() - started, response


def status_before_body(port: int, tls: ssl.SSLContext, path: str, length: int) -> bytes:
    """The status line nginx answers a POST declaring ``length`` bytes with, before any is sent:
    ``100 Continue`` when it would take the body, ``413`` when it refuses it."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    with tls.wrap_socket(raw, server_hostname="127.0.0.1") as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {length}\r\n"
            "Expect: 100-continue\r\n\r\n".encode()
        )
        answer = b""
        while b"\r\n" not in answer:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    return answer.split(b"\r\n", 1)[0]
