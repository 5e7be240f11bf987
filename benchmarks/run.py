"""Run every benchmark and write the results, with the machine they ran on, to docs/BENCHMARKS.md."""

import os
import platform
from datetime import datetime, timezone
from pathlib import Path

from benchmarks import annex_a_parse, summary_pdf

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "BENCHMARKS.md"


def machine() -> str:
    memory = ""
    try:
        with open("/proc/meminfo") as info:
            memory = f", {int(info.readline().split()[1]) / 2**20:.0f} GiB memory"
    except OSError:
        pass
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}"


def main() -> None:
    sections = [annex_a_parse.report(annex_a_parse.run()), summary_pdf.report(summary_pdf.run())]
    text = ("# Benchmarks\n\nMeasured with `make bench` (never as timed tests). Ratios compare two things "
            "measured in the same run, so they hold on other machines better than the times do.\n\n"
            f"Last run: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}.\n\n" + "\n".join(sections))
    OUTPUT.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
