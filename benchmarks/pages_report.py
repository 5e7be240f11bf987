"""The report of benchmarks/pages.py: the data sets' shape, every page at both sizes, and on
PostgreSQL the plans of each page's main statement (in an appendix, see ``appendix``)."""

import html

from benchmarks.explain import LARGE_TABLES

SMALL, LARGE = 30, 3000
TIME_RATIO_LIMIT = 1.2


def meets(page: dict) -> bool:
    """The aim for a list page: no more than 1.2 times slower at 3,000 settings, the same queries."""
    return ratio(page) <= TIME_RATIO_LIMIT and page[LARGE]["queries"] == page[SMALL]["queries"]


def verdict(page: dict) -> str:
    """yes, or what is missing: the time, more queries, or other queries (fewer at 3,000 settings,
    where what the page shows there asks for less, such as no holds to look up)."""
    if meets(page):
        return "yes"
    missing = ["time"] if ratio(page) > TIME_RATIO_LIMIT else []
    small, large = page[SMALL]["queries"], page[LARGE]["queries"]
    if large != small:
        missing.append("more queries" if large > small else "fewer queries at 3,000")
    return "**no**: " + ", ".join(missing)


def ratio(page: dict) -> float:
    return page[LARGE]["ms"] / page[SMALL]["ms"]


def _both(page: dict, key: str) -> str:
    return f"{page[SMALL][key]:,} / {page[LARGE][key]:,}"


def _path(page: dict) -> str:
    small, large = page["path"][SMALL], page["path"][LARGE]
    return f"`{large}`" if small == large else f"`{small}`, `{large}`"


def report(results: dict) -> str:
    shape = results["shape"]
    lines = [
        "## Pages at 30 and 3,000 settings\n",
        "The data sets of `benchmarks/dataset.py`, the same shape at both sizes, except that at 30 settings "
        "every list that can still fills its first page (the largest provider's settings and team, complaints, "
        "concerns), so that a ratio measures how much England holds, not how full a page is. One cannot: 30 "
        "settings hold fewer than 50 with late or missing reports, so that list's page at 30 settings is shorter "
        "than at 3,000 (the rows column shows it):\n",
        "| | 30 settings | 3,000 settings |",
        "|---|---|---|",
        *[f"| {what} | {shape[SMALL][what]:,} | {shape[LARGE][what]:,} |" for what in shape[LARGE]],
        f"\nDatabase: {results['database']}. In process with the test client, signed in by setting the session. "
        f"For each page the requests alternate between the two data sets (30, 3,000, 30, 3,000 …; {results['runs']} "
        "each after a warm-up), so the machine's other work slows both alike; the times are medians. Queries, rows "
        "(returned by the database, all statements of the request) and Python function calls (frames entered, "
        "built-ins not counted) are those of one request. **Meets** means a time ratio of at most "
        f"{TIME_RATIO_LIMIT} and the same number of queries at both sizes.\n",
        "| page | queries 30 / 3,000 | rows 30 / 3,000 | Python calls 30 / 3,000 | time at 30 | time at 3,000 "
        "| time ratio 3,000/30 | meets |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for what, page in results["pages"].items():
        lines.append(
            f"| {what}: {_path(page)} | {_both(page, 'queries')} | {_both(page, 'rows')} | {_both(page, 'calls')} | "
            f"{page[SMALL]['ms']:.1f} ms | {page[LARGE]['ms']:.1f} ms | **{ratio(page):.2f}** "
            f"| {verdict(page)} |"
        )
    grew = [what for what, page in results["pages"].items() if page[LARGE]["queries"] > page[SMALL]["queries"]]
    missed = [what for what, page in results["pages"].items() if not meets(page)]
    lines.append(
        "\n"
        + (
            "Queries per request do not grow with the data on any page."
            if not grew
            else "Queries per request grow with the data on: " + "; ".join(grew) + "."
        )
        + (
            " Every page meets the aim."
            if not missed
            else f" {len(missed)} of {len(results['pages'])} pages do not meet the aim yet."
        )
    )
    if "explain" in results:
        lines += ["", *_explained(results["explain"])]
    return "\n".join(lines) + "\n"


def _explained(explained: dict) -> list[str]:
    lines = [
        "### Each page's main statement on PostgreSQL at 3,000 settings\n",
        "Each distinct SELECT of one request, run again under `EXPLAIN (ANALYZE, BUFFERS)` with the parameters the "
        "page sent; the main statement is the one PostgreSQL took longest to execute, its time that execution time. "
        "A Seq Scan reads a table whole: the columns name the large tables "
        f"({', '.join(f'`{t}`' for t in LARGE_TABLES)}) read so, in a part of the plan that ran, by the main "
        "statement and by the request's other statements. With 1,000 inspections a Seq Scan of `inspections` may "
        "be the planner's cheapest way; over the 200,000 visit reports and reviews it rarely is. The plans are in "
        "the appendix at the end.\n",
        "| page | main statement | rows | time | SELECTs explained | Seq Scan (main) | Seq Scan (other statements) |",
        "|---|---|---|---|---|---|---|",
    ]
    for what, found in explained.items():
        if found["statement"] is None:
            lines.append(f"| {what} | (no statement returns rows) | | | | | |")
            continue
        time = "?" if found["ms"] is None else f"{found['ms']:.1f} ms" if found["ms"] >= 1 else f"{found['ms']:.2f} ms"
        lines.append(
            f"| {what} | `{found['statement']}` | {found['rows']:,} | {time} | {found['statements']} | "
            f"{', '.join(found['seq_scans']) or 'none'} | {', '.join(found['seq_scans_elsewhere']) or 'none'} |"
        )
    return lines


def appendix(results: dict) -> str:
    """The plans themselves, one collapsible block per page; empty on SQLite."""
    if "explain" not in results:
        return ""
    lines = [
        "## Appendix: plans of the pages' main statements (PostgreSQL, 3,000 settings)\n",
        "`EXPLAIN (ANALYZE, BUFFERS)`, buffer lines left out and long plans cut.\n",
    ]
    for what, found in results["explain"].items():
        if found["statement"] is None:
            continue
        lines += [
            f"<details><summary>{html.escape(what)}: <code>{html.escape(found['statement'])}</code></summary>\n",
            "```",
            *found["plan"],
            "```\n",
            "</details>\n",
        ]
    return "\n".join(lines)
