"""Run every benchmark and write the results, with the machine they ran on, to docs/BENCHMARKS.md.

    make bench                                # everything, 15 to 25 minutes
    .venv/bin/python -m benchmarks.run --quick   # a short check; prints, writes nothing

On PostgreSQL when one answers (BENCH_DATABASE_URL, or postgresql://127.0.0.1:5432/postgres),
on SQLite files under /tmp/portal-bench otherwise or with BENCH_DATABASE_URL=sqlite; the data
sets are built when missing, in databases of their own (benchmarks/databases.py), never the demo
database, and kept for the next run.
"""

import argparse
import os
import platform
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import (
    annex_a_parse,
    databases,
    notification_volume,
    pages,
    pages_report,
    summary_pdf,
    throughput,
    upload_memory,
    writes,
)
from benchmarks.common import dispose_apps

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "BENCHMARKS.md"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    memory = ""
    try:
        with open("/proc/meminfo") as info:
            memory = f", {int(info.readline().split()[1]) / 2**20:.0f} GiB memory"
    except OSError:
        pass
    return (
        f"{cpu_model()} ({platform.machine()}), {os.cpu_count()} cores{memory}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


def _timed(name: str, action):
    started = time.monotonic()
    print(f"{name} …", flush=True)
    result = action()
    print(f"{name}: {time.monotonic() - started:.0f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the portal's benchmarks.")
    parser.add_argument("--quick", action="store_true", help="few runs and short loads; print, do not write")
    quick = parser.parse_args().quick
    load_before = os.getloadavg()[0]
    database = databases.description()
    print(f"Benchmarks on {database}", flush=True)
    page_results = _timed("pages", lambda: pages.run(quick))
    dispose_apps()  # the data set is copied for the benchmarks that write: no one may be connected to it
    sections = [
        pages_report.report(page_results),
        throughput.report(_timed("throughput", lambda: throughput.run(quick))),
        writes.report(_timed("writes", lambda: writes.run(quick))),
        upload_memory.report(_timed("upload memory", lambda: upload_memory.run(quick))),
        annex_a_parse.report(_timed("Annex A", annex_a_parse.run)),
        summary_pdf.report(_timed("summary PDF", summary_pdf.run)),
        notification_volume.report(_timed("notifications", lambda: notification_volume.run(quick))),
        pages_report.appendix(page_results),
    ]
    text = (
        "# Benchmarks\n\nMeasured with `make bench` (never as timed tests). Ratios compare two things "
        "measured in the same run, so they hold on other machines better than the times do. The data sets "
        "are made by `python -m benchmarks.dataset --settings N --database-url URL`; `make bench` builds them "
        "when missing, on PostgreSQL when one answers at `BENCH_DATABASE_URL` (or `postgresql://127.0.0.1:5432/"
        "postgres`), each in a database of its own, and on SQLite otherwise (`BENCH_DATABASE_URL=sqlite`).\n\n"
        f"Last run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}; database {database}; load average "
        f"{load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at the end (above the number of cores, "
        "other work shared the machine and the times are slower and noisier than they would be alone).\n\n"
        + "\n".join(sections)
    )
    if not quick:
        OUTPUT.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
