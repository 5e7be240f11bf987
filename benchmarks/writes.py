"""Writes under load: clients sending visit reports and saving draft comments through the real forms.

CLIENTS clients (threads) against gunicorn, on a throwaway copy of the 3,000-setting data set,
for a fixed time; each takes turns at the two journeys, each time as another registered manager
(the upload limit counts per person). A visit report is the form (GET, for its CSRF token), the
answers with a small PDF (POST, to check your answers), and the declaration (POST, to the
receipt); a draft comment is the comment form (GET, for the token and the comment's key) and its
POST. One declaration and one comment in four is posted twice at the same moment on two
connections, as a double click sends them. Afterwards the database is counted: each accepted
visit report stored once (one version per submission key, the reports grown by exactly as many),
each comment key once, and the audit chain whole. The copy's comment windows are moved to end
tomorrow (the server runs on the real clock), as an extension does.
"""

import re
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from itertools import count, cycle

import requests
from sqlalchemy import func, select, update

from benchmarks import databases
from benchmarks.common import dispose_apps, make_app
from benchmarks.measure import percentile_ms
from benchmarks.server import gunicorn, session_cookies
from benchmarks.throughput import workers
from portal.accounts.models import SettingMembership, User
from portal.accounts.roles import Role
from portal.core import audit
from portal.core.clock import UK
from portal.extensions import db
from portal.inspection_reports import rules as report_rules
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission, ReportVersion
from portal.providers.models import Setting
from tests.files import pdf_bytes

CLIENTS = 8
PEOPLE = 200  # registered managers taking turns at sending visit reports


class _Hidden(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "input" and found.get("type") == "hidden" and found.get("name"):
            self.fields[found["name"]] = found.get("value") or ""


def hidden_fields(page: str) -> dict[str, str]:
    parser = _Hidden()
    parser.feed(page)
    return parser.fields


def _people(url: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(setting id, cookie) of the visit reports' senders; (inspection id, cookie) of the commenters."""
    app = make_app(url)
    with app.app_context():
        db.session.execute(
            update(Inspection)
            .where(Inspection.status == inspection_rules.DRAFT_SENT)
            .values(comment_window_ends_at=datetime.now(UTC) + timedelta(days=1))
        )
        db.session.commit()
        managers = select(User, SettingMembership.setting_id).join(SettingMembership)
        managers = managers.join(Setting, Setting.id == SettingMembership.setting_id).where(
            User.role == Role.REGISTERED_MANAGER.value, User.email.like("rm%"), Setting.setting_type == "CH"
        )
        senders = db.session.execute(managers.order_by(Setting.id).limit(PEOPLE)).all()
        drafts = db.session.scalars(select(Inspection).where(Inspection.status == inspection_rules.DRAFT_SENT)).all()
        commenters = db.session.execute(
            managers.where(SettingMembership.setting_id.in_([d.setting_id for d in drafts]))
        ).all()
        by_setting = {setting_id: user for user, setting_id in commenters}
        commenting = [(d.id, by_setting[d.setting_id]) for d in drafts if d.setting_id in by_setting]
        db.session.remove()
    cookies = session_cookies(url, [user for user, _ in senders] + [user for _, user in commenting])
    return (
        [(setting_id, cookies[user.id]) for user, setting_id in senders],
        [(inspection_id, cookies[user.id]) for inspection_id, user in commenting],
    )


def _visit_answers(csrf: str) -> dict:
    visit = (datetime.now(UTC).astimezone(UK) - timedelta(days=3)).date()
    return {
        "csrf_token": csrf,
        "visit_date": [str(visit.day), str(visit.month), str(visit.year)],
        "announced": "no",
        "spoke_to": ["children", "staff"],
        "records_inspected": "Daily logs",
        "premises_inspected": "Bedrooms",
        "safeguarding": "yes",
        "wellbeing": "yes",
        "conflict": "no",
        "serious_concern": "no",
    }


class Load:
    """What the clients did: each step's times, what was accepted, what went wrong."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.reports: dict[str, set[str]] = {}  # submission key: the receipts it was answered with
        self.comments: set[str] = set()
        self.problems: list[str] = []
        self.refused: list[str] = []  # the other half of a double click, refused clearly
        self.doubled = count()

    def timed(self, step: str, http, method: str, url: str, **arguments):
        """One request, its time kept under ``step``; redirects are answers here, not followed."""
        started = time.perf_counter()
        response = http.request(method, url, allow_redirects=False, **arguments)
        with self.lock:
            self.times.setdefault(step, []).append(time.perf_counter() - started)
        return response

    def expect(self, response, status: int, what: str) -> bool:
        if response.status_code != status:
            with self.lock:
                self.problems.append(f"{what}: HTTP {response.status_code} {_problem(response.text)}")
            return False
        return True

    def expect_one(self, responses: list, status: int, what: str) -> list:
        """The accepted of a POST sent once or twice at once. Of a double click, one may be refused
        with the GOV.UK error summary (the other saved it), as the portal tells a person to try
        again; that is counted, not failed, unless neither was accepted."""
        accepted = [response for response in responses if response.status_code == status]
        refused = [r for r in responses if r.status_code == 200 and PROBLEM in r.text]
        if len(responses) == 2 and accepted and refused:
            with self.lock:
                self.refused.append(f"{what}: {_problem(refused[0].text)}")
            return accepted
        for response in responses:
            self.expect(response, status, what)
        return accepted


PROBLEM = "There is a problem"


def _problem(page: str) -> str:
    """The first error of a GOV.UK error summary, or the page's start."""
    found = re.search(r"govuk-error-summary__list.*?<(?:a|li)[^>]*>\s*(.*?)\s*<", page, re.S)
    return found.group(1) if found else repr(page[:200])


def _posts(load: Load, http, step: str, url: str, twice: bool, **arguments) -> list:
    """The POST's answer, or with ``twice`` the answers of two sent at the same moment on two
    connections, as a double click sends them."""
    if not twice:
        return [load.timed(step, http, "POST", url, **arguments)]
    answers: list = [None, None]
    barrier = threading.Barrier(2)

    def second():
        other = requests.Session()
        other.trust_env = False
        barrier.wait()
        answers[1] = load.timed(step, other, "POST", url, **arguments)

    thread = threading.Thread(target=second)
    thread.start()
    barrier.wait()
    answers[0] = load.timed(step, http, "POST", url, **arguments)
    thread.join()
    return [answer for answer in answers if answer is not None]


def _send_visit_report(http, base: str, load: Load, setting_id: int, cookie: str, twice: bool) -> None:
    headers, path = {"Cookie": cookie}, f"{base}/settings/{setting_id}/visit-reports/new"
    form = load.timed("visit report form (GET)", http, "GET", path, headers=headers)
    if not load.expect(form, 200, "visit report form"):
        return
    answers = _visit_answers(hidden_fields(form.text)["csrf_token"])
    files = {"document": ("visit.pdf", pdf_bytes(), "application/pdf")}
    sent = load.timed("answers and document (POST)", http, "POST", path, data=answers, files=files, headers=headers)
    if not load.expect(sent, 302, "answers and document"):
        return
    check = sent.headers["Location"]
    key = check.rstrip("/").split("/")[-2]
    confirm = {"csrf_token": answers["csrf_token"], "confirm": "yes"}
    answers_to = _posts(load, http, "declaration (POST)", base + check, twice, data=confirm, headers=headers)
    for done in load.expect_one(answers_to, 302, "declaration"):
        if done.headers["Location"].endswith("/sent"):
            with load.lock:
                load.reports.setdefault(key, set()).add(done.headers["Location"])


def _save_comment(http, base: str, load: Load, inspection_id: int, cookie: str, twice: bool) -> None:
    headers, path = {"Cookie": cookie}, f"{base}/inspections/{inspection_id}/report/comments/new"
    form = load.timed("comment form (GET)", http, "GET", path, headers=headers)
    if not load.expect(form, 200, "comment form"):
        return
    fields = hidden_fields(form.text)
    comment = {
        "csrf_token": fields["csrf_token"],
        "key": fields["key"],
        "paragraph": "1",
        "kind": report_rules.TYPING,
        "text": "The date in this paragraph is wrong.",
    }
    answers_to = _posts(load, http, "comment (POST)", path, twice, data=comment, headers=headers)
    if load.expect_one(answers_to, 302, "comment"):
        with load.lock:
            load.comments.add(fields["key"])


def _drive(base: str, senders, commenters, seconds: float) -> tuple[Load, float]:
    load, lock = Load(), threading.Lock()
    senders_list, commenters_list = senders, commenters
    senders, commenters, turns = cycle(senders), cycle(commenters), count()
    stop_at = 0.0

    def client():
        http = requests.Session()  # keep-alive, as a browser
        http.trust_env = False
        while time.monotonic() < stop_at:
            with lock:
                turn = next(turns)
                who = next(senders) if turn % 2 == 0 else next(commenters)
            twice = (turn // 2) % 4 == 3
            if twice:
                next(load.doubled)
            try:
                (_send_visit_report if turn % 2 == 0 else _save_comment)(http, base, load, *who, twice)
            except requests.RequestException as error:
                with load.lock:
                    load.problems.append(repr(error))

    warm = requests.Session()
    warm.trust_env = False
    for setting_id, cookie in senders_list[: 4 * CLIENTS]:  # every worker's imports and templates loaded
        warm.get(f"{base}/settings/{setting_id}/visit-reports/new", headers={"Cookie": cookie}, allow_redirects=False)
    for inspection_id, cookie in commenters_list[: 4 * CLIENTS]:
        warm.get(f"{base}/inspections/{inspection_id}/report/comments/new", headers={"Cookie": cookie})
    stop_at = time.monotonic() + seconds
    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return load, time.monotonic() - started


def _stored(url: str, load: Load, reports_before: int) -> dict:
    """What the database holds afterwards, against what the clients were told was accepted."""
    from portal.inspection_reports.models import DraftComment

    app = make_app(url)
    with app.app_context():
        keys = list(load.reports)
        versions = dict(
            db.session.execute(
                select(ReportVersion.submission_key, func.count())
                .where(ReportVersion.submission_key.in_(keys))
                .group_by(ReportVersion.submission_key)
            ).all()
        )
        comments = dict(
            db.session.execute(
                select(DraftComment.client_key, func.count())
                .where(DraftComment.client_key.in_(list(load.comments)))
                .group_by(DraftComment.client_key)
            ).all()
        )
        result = {
            "reports_added": db.session.scalar(select(func.count(MonitoringReport.id))) - reports_before,
            "reports_once": all(versions.get(key) == 1 for key in keys),
            "one_receipt_each": all(len(receipts) == 1 for receipts in load.reports.values()),
            "pending_left": db.session.scalar(select(func.count()).where(PendingSubmission.key.in_(keys))),
            "comments_once": all(comments.get(key) == 1 for key in load.comments),
            "audit": audit.verify(),
        }
        db.session.remove()
    return result


def run(quick: bool = False) -> dict:
    seconds = 5 if quick else 30
    dispose_apps()
    with databases.throwaway_copy(3000) as url:
        senders, commenters = _people(url)
        app = make_app(url)
        with app.app_context():
            reports_before = db.session.scalar(select(func.count(MonitoringReport.id)))
            db.session.remove()
        files = tempfile.mkdtemp()
        env = {"STORAGE_DIR": files + "/files", "SPOOL_DIR": files + "/spool"}
        with gunicorn(url, workers(), extra_env=env) as (base, _pid):
            load, elapsed = _drive(base, senders, commenters, seconds)
        stored = _stored(url, load, reports_before)
        dispose_apps()
    return {
        "clients": CLIENTS,
        "workers": workers(),
        "seconds": elapsed,
        "database": databases.description(),
        "steps": {step: (len(t), percentile_ms(t, 0.5), percentile_ms(t, 0.99)) for step, t in load.times.items()},
        "reports": len(load.reports),
        "comments": len(load.comments),
        "doubled": next(load.doubled),
        "problems": load.problems,
        "refused": load.refused,
        "stored": stored,
    }


def report(results: dict) -> str:
    stored, seconds = results["stored"], results["seconds"]
    exactly_once = (
        stored["reports_added"] == results["reports"]
        and stored["reports_once"]
        and stored["one_receipt_each"]
        and not stored["pending_left"]
        and stored["comments_once"]
    )
    chain = stored["audit"]
    lines = [
        "## Writes under load: visit reports and draft comments at 3,000 settings\n",
        f"{results['clients']} clients against `gunicorn -c gunicorn.conf.py wsgi:app` ({results['workers']} sync "
        f"workers) on a throwaway copy of the data set, {results['database']}, for {seconds:.0f} s; each client takes "
        "turns at sending a visit report (form, answers with a PDF, declaration) and saving a draft comment (form, "
        "comment), each time as another registered manager; one declaration and one comment in four posted twice at "
        "the same moment on two connections, as a double click sends them "
        f"({results['doubled']} doubled).\n",
        "| | per second | |",
        "|---|---|---|",
        f"| visit reports received | {results['reports'] / seconds:.1f} | {results['reports']:,} in all |",
        f"| draft comments saved | {results['comments'] / seconds:.1f} | {results['comments']:,} in all |",
        "",
        "| step | requests | p50 | p99 |",
        "|---|---|---|---|",
        *[f"| {step} | {n:,} | {p50:.0f} ms | {p99:.0f} ms |" for step, (n, p50, p99) in results["steps"].items()],
        "",
        f"Stored exactly once: **{'yes' if exactly_once else 'NO'}**: {stored['reports_added']:,} visit reports "
        f"added for {results['reports']:,} accepted, one version per submission key "
        f"({'yes' if stored['reports_once'] else 'no'}), one receipt for each however often the declaration was "
        f"posted ({'yes' if stored['one_receipt_each'] else 'no'}), {stored['pending_left']} answers left waiting; "
        f"every comment key stored once ({'yes' if stored['comments_once'] else 'no'}). Audit chain: "
        f"{chain.checked:,} events, {'whole' if chain.reason is None else 'BROKEN: ' + chain.reason}. "
        f"Failed requests: {len(results['problems'])}"
        + (f" (the first: {results['problems'][0]})" if results["problems"] else "")
        + f". Halves of a double click refused with the error summary, the other half accepted: "
        f"{len(results['refused'])}" + (f" (the first: {results['refused'][0]})" if results["refused"] else "") + ".",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(report(run(quick=True)))
