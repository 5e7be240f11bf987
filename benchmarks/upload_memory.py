"""Memory of a gunicorn worker while it receives a 20 MB visit report through the real form.

One sync worker, so every byte of the upload passes through the process measured. The client
streams the multipart body in 64 KiB chunks; the worker's peak resident memory (VmHWM in
/proc/<pid>/status) is reset after a warm-up request and read after the upload. Growth well
under the upload's size shows the file went to disk in chunks and was never held whole.
"""

import http.client
import os
import re
import secrets
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from itsdangerous import URLSafeTimedSerializer
from pypdf import PdfWriter

from benchmarks.common import SECRET_KEY, dispose_apps, make_app, places, session_values
from benchmarks.databases import throwaway_copy
from benchmarks.server import gunicorn, session_cookie, worker_pids
from portal.core.clock import UK
from portal.extensions import db

UPLOAD_BYTES = 20 * 1000 * 1000 - 200_000  # just under the 20 MB a document may be
CHUNK = 64 * 1024


def big_pdf(path: Path, size: int) -> None:
    """A sound PDF of about ``size`` bytes: one page and an attachment of random bytes."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment("evidence.bin", os.urandom(size - 2000))
    with path.open("wb") as handle:
        writer.write(handle)


def kib(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))


def multipart(fields: list[tuple[str, str]], document: Path) -> tuple[str, int, object]:
    """(content type, length, chunks) of a form with ``fields`` and the document, read from disk."""
    boundary = secrets.token_hex(16)
    head = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n' for name, value in fields
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="document"; filename="visit.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = len(head.encode()) + document.stat().st_size + len(tail)

    def chunks():
        yield head.encode()
        with document.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
        yield tail

    return f"multipart/form-data; boundary={boundary}", length, chunks()


def _fields(csrf: str) -> list[tuple[str, str]]:
    visit = (datetime.now(UTC).astimezone(UK) - timedelta(days=3)).date()  # the server runs on the real clock
    return [
        ("csrf_token", csrf),
        ("visit_date", str(visit.day)),
        ("visit_date", str(visit.month)),
        ("visit_date", str(visit.year)),
        ("announced", "no"),
        ("spoke_to", "children"),
        ("spoke_to_details", ""),
        ("records_inspected", "Daily logs."),
        ("premises_inspected", "All rooms."),
        ("safeguarding", "yes"),
        ("wellbeing", "yes"),
        ("recommendations", ""),
        ("conflict", "no"),
        ("conflict_details", ""),
        ("serious_concern", "no"),
        ("serious_concern_details", ""),
        ("late_reason", ""),
    ]


def run(quick: bool = False) -> dict:
    with throwaway_copy(30 if quick else 3000) as url:  # the uploads are stored: the data set stays as it was
        results = _run(url)
        dispose_apps()
    return results


def _run(url: str) -> dict:
    app = make_app(url)
    with app.app_context():
        where = places()
        cookie = session_cookie(url, where.rm)
        csrf = URLSafeTimedSerializer(SECRET_KEY, salt="wtf-csrf-token").dumps(
            session_values(where.rm, app)["csrf_token"]
        )
        path = f"/settings/{where.setting_id}/visit-reports/new"
        db.session.remove()
    document = Path(tempfile.mkdtemp()) / "visit.pdf"
    big_pdf(document, UPLOAD_BYTES)
    spool = tempfile.mkdtemp()
    with gunicorn(url, workers=1, extra_env={"STORAGE_DIR": spool + "/files"}) as (base, master):
        pid = worker_pids(master)[0]
        host, port = urlsplit(base).hostname, urlsplit(base).port

        def post(body_file: Path) -> str:
            content_type, length, chunks = multipart(_fields(csrf), body_file)
            connection = http.client.HTTPConnection(host, port, timeout=300)
            connection.request(
                "POST",
                path,
                body=chunks,
                headers={"Cookie": cookie, "Content-Type": content_type, "Content-Length": str(length)},
            )
            response = connection.getresponse()
            answer = f"{response.status} {response.getheader('Location', '')}"
            connection.close()
            return answer

        small = document.with_name("small.pdf")
        big_pdf(small, 50_000)
        warm_status = post(small)  # imports, templates and pypdf loaded, as in a live worker
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # restart the peak from the current size
        before_rss, before_peak = kib(pid, "VmRSS"), kib(pid, "VmHWM")
        status = post(document)
        after_rss, after_peak = kib(pid, "VmRSS"), kib(pid, "VmHWM")
    if "/check" not in status or "/check" not in warm_status:
        raise RuntimeError(f"the upload was not accepted: {warm_status}, {status}")
    upload_mb = document.stat().st_size / 1e6
    growth_mb = (after_peak - before_peak) * 1024 / 1e6
    return {
        "upload_mb": upload_mb,
        "status": status,
        "warm_status": warm_status,
        "before_rss_mb": before_rss * 1024 / 1e6,
        "peak_growth_mb": growth_mb,
        "rss_growth_mb": (after_rss - before_rss) * 1024 / 1e6,
        "ratio": growth_mb / upload_mb,
    }


def report(results: dict) -> str:
    verdict = (
        "streamed: the worker never held the file"
        if results["ratio"] < 0.5
        else "NOT streamed: the worker held the file in memory"
    )
    return (
        "## Memory while receiving a 20 MB upload\n\n"
        f"A {results['upload_mb']:.1f} MB PDF sent as a visit report (`/settings/<id>/visit-reports/new`) to one "
        f"gunicorn sync worker, the client streaming the body in {CHUNK // 1024} KiB chunks; the form accepted it "
        f"and answered `{results['status'].split()[0]}`, a redirect to its check page. "
        "Peak resident memory of the worker "
        f"(VmHWM), reset after a warm-up upload; the worker used {results['before_rss_mb']:.0f} MB before.\n\n"
        "| | MB |\n|---|---|\n"
        f"| upload | {results['upload_mb']:.1f} |\n"
        f"| growth of the worker's peak memory | {results['peak_growth_mb']:.1f} |\n"
        f"| resident memory left after the request | {results['rss_growth_mb']:+.1f} |\n\n"
        f"Ratio peak growth / upload size: **{results['ratio']:.2f}**: {verdict}.\n"
    )


if __name__ == "__main__":
    print(report(run(quick=True)))
