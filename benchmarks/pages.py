"""The busiest pages at 30 and at 3,000 settings: time per request and SQL queries per request.

In process, with the Flask test client and a session set directly (no sign-in form), so only the
page is measured. The result is the 3,000/30 ratio of each: time may grow a little with the data
a page shows, queries per request must not grow at all.
"""

from benchmarks.common import counting_queries, ensure_dataset, make_app, median_ms, pages, places, session_values
from portal.extensions import db


def _measure(settings: int, runs: int) -> dict[str, dict]:
    app = make_app(ensure_dataset(settings))
    results = {}
    with app.app_context():
        where = places()
        targets = [(what, user.id, session_values(user, app), path) for what, user, path in pages(where)]
        engine = db.engine
        db.session.remove()
    client = app.test_client()
    for what, _user_id, values, path in targets:
        with client.session_transaction() as session:
            session.clear()
            session.update(values)

        def fetch(path=path):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        with counting_queries(engine) as counter:
            fetch()
        results[what] = {"path": path, "queries": counter.count, "ms": median_ms(fetch, runs)}
    return results


def run(quick: bool = False) -> dict:
    runs = 5 if quick else 25
    return {"small": _measure(30, runs), "large": _measure(3000, runs), "runs": runs}


def report(results: dict) -> str:
    lines = ["## Pages at 30 and 3,000 settings\n",
             "The data sets of `benchmarks/dataset.py`: 3,000 settings (2,930 children's homes, 50 family centres, "
             "14 secure children's homes, 6 secure training centres) in 825 providers, the largest holding 120; "
             "10,000 users; five years of monthly visit reports and six-monthly reviews (about 200,000, some late, "
             "some missing); 1,000 inspections, 200 with a draft out for comments. The 30-setting set has the same "
             f"shape. In process with the test client; median of {results['runs']} requests after one warm-up; "
             "SQLite.\n",
             "| page | queries (30 / 3,000) | time at 30 | time at 3,000 | time ratio 3,000/30 |",
             "|---|---|---|---|---|"]
    for what, small in results["small"].items():
        large = results["large"][what]
        lines.append(f"| {what} (`{small['path'].split('/')[1]}…`) | {small['queries']} / {large['queries']} | "
                     f"{small['ms']:.1f} ms | {large['ms']:.1f} ms | **{large['ms'] / small['ms']:.2f}** |")
    grew = [what for what in results["small"] if results["large"][what]["queries"] > results["small"][what]["queries"]]
    lines.append("\n" + ("Queries per request do not grow with the data on any page." if not grew else
                         "Queries per request grow with the data on: " + "; ".join(grew) + "."))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(report(run(quick=True)))
