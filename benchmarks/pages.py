"""Every list page at 30 and at 3,000 settings, in process: time, SQL queries and rows, Python calls.

The Flask test client with a session set directly (no sign-in form), so only the page is measured.
Two apps, one per data set, both warm; for each page the requests alternate between them (30,
3,000, 30, 3,000 …), so whatever else the machine does meanwhile slows both sizes alike. For each
page and size: the median time, and, from one request traced on its own, the SQL statements sent,
the rows the database returned, and the Python function calls made. Time may grow a little with
what a page shows; queries per request must not grow at all. On PostgreSQL the statements of the
3,000-setting request are explained too (benchmarks/explain.py). The report is pages_report.py.
"""

from dataclasses import dataclass, field

from benchmarks import databases, dataset, explain
from benchmarks.common import (
    MINIMAL_PAGE,
    ensure_dataset,
    forget_sign_ins,
    make_app,
    pages,
    places,
    session_values,
    shape,
)
from benchmarks.measure import counting_calls, interleaved, median_ms, tracing_sql
from portal.extensions import db
from portal.monitoring_reports import gaps

SIZES = (30, 3000)


@dataclass
class Side:
    """One data set: its app, test client, engine, and each page's (session, path)."""

    settings: int
    app: object
    client: object
    engine: object
    shape: dict
    targets: dict[str, tuple[dict | None, str]] = field(default_factory=dict)


def make_side(settings: int) -> Side:
    app = make_app(ensure_dataset(settings))
    with app.app_context():
        gaps.recount_all(dataset.NOW)  # as the nightly command leaves them on the data set's day
        where = places()
        targets = {
            what: (session_values(user, app) if user is not None else None, path) for what, user, path in pages(where)
        }
        opened = {MINIMAL_PAGE[0]: (session_values(where.manager, app), MINIMAL_PAGE[1])}
        result = Side(settings, app, app.test_client(), db.engine, shape(), opened | targets)
        db.session.remove()
    return result


def opener(side: Side, what: str):
    """Sign the side's client in as the page's user; a function that fetches the page once."""
    values, path = side.targets[what]
    with side.client.session_transaction() as session:
        session.clear()
        session.update(values or {})

    def fetch() -> None:
        response = side.client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} at {side.settings:,} settings ({what})")

    return fetch


def traced(side: Side, fetch) -> dict:
    """Queries, rows and Python calls of one request each, after a warm-up."""
    fetch()  # templates compiled, statements cached, as in a running server
    with tracing_sql(side.engine) as trace:
        fetch()
    with counting_calls() as calls:
        fetch()
    return {"queries": trace.queries, "rows": trace.rows, "calls": calls[0], "statements": trace.statements}


def run(quick: bool = False) -> dict:
    runs = 5 if quick else 31
    sides = [make_side(settings) for settings in SIZES]
    results: dict = {
        "runs": runs,
        "database": databases.description(),
        "shape": {s.settings: s.shape for s in sides},
        "pages": {},
    }
    statements = {}
    for what in sides[0].targets:
        fetches = {s.settings: opener(s, what) for s in sides}
        page: dict = {"path": {s.settings: s.targets[what][1] for s in sides}}
        for s in sides:
            page[s.settings] = traced(s, fetches[s.settings])
        statements[what] = page[SIZES[-1]]["statements"]
        for s in sides:
            del page[s.settings]["statements"]
        times = interleaved({str(n): fetch for n, fetch in fetches.items()}, runs)
        for n in SIZES:
            page[n]["ms"] = median_ms(times[str(n)])
        results["pages"][what] = page
        print(f"  {what}: {page[SIZES[0]]['ms']:.1f} ms / {page[SIZES[-1]]['ms']:.1f} ms", flush=True)
    if databases.on_postgresql():
        with sides[-1].app.app_context():
            results["explain"] = {what: explain.explain_page(db.engine, found) for what, found in statements.items()}
    for s in sides:
        forget_sign_ins(s.app.config["SQLALCHEMY_DATABASE_URI"])
    return results


if __name__ == "__main__":
    from benchmarks import pages_report

    print(pages_report.report(run(quick=True)))
