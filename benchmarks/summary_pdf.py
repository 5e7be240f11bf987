"""Drawing a child-friendly summary's PDF, standard and large print.

The summary is a typical one: the five sections as an inspector writes them, each with its
pictogram. It is compared, in the same run, with a bare one-page ReportLab document holding one
line of text in a built-in font (the least any PDF costs), so the result is a ratio that does not
depend on the machine's speed. Font registration happens once, before timing, as in the server.
"""

import statistics
import time
from datetime import date
from io import BytesIO
from types import SimpleNamespace

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from portal.core import pdf
from portal.summaries import rules
from portal.summaries.pdf import summary_pdf
from tests.summaries.conftest import GOOD_TEXT

RUNS = 21


def typical():
    setting = SimpleNamespace(name="Oak Secure Children's Home")
    inspection = SimpleNamespace(setting=setting, start_date=date(2026, 11, 4), end_date=date(2026, 11, 6))
    sections = {s.key: {"text": GOOD_TEXT[s.key], "picture": s.picture} for s in rules.SECTIONS}
    return inspection, SimpleNamespace(sections=sections)


def bare() -> bytes:
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph("What we found", getSampleStyleSheet()["Normal"])])
    return buffer.getvalue()


def one_line_embedded() -> bytes:
    """The same one line in the portal's embedded TrueType font: what the font alone costs."""
    return pdf.build([pdf.Paragraph("What we found", pdf.styles()["body"])], "Benchmark", "One line")


def median_ms(action) -> float:
    action()  # warm: fonts registered and parsed once per process
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def run() -> dict:
    inspection, summary = typical()
    results = {
        "standard_ms": median_ms(lambda: summary_pdf(inspection, summary)),
        "large_ms": median_ms(lambda: summary_pdf(inspection, summary, large_print=True)),
        "bare_ms": median_ms(bare),
        "font_ms": median_ms(one_line_embedded),
        "font_kib": len(one_line_embedded()) / 1024,
        "standard_kib": len(summary_pdf(inspection, summary)) / 1024,
        "large_kib": len(summary_pdf(inspection, summary, large_print=True)) / 1024,
        "bare_kib": len(bare()) / 1024,
    }
    results["standard_ratio"] = results["standard_ms"] / results["bare_ms"]
    results["large_ratio"] = results["large_ms"] / results["bare_ms"]
    return results


def report(results: dict) -> str:
    return (
        "## Child-friendly summary: drawing the PDF\n\n"
        "A typical summary: five sections of two or three short sentences, each with its pictogram, "
        f"a subset of the embedded TrueType font. Median of {RUNS} runs after one warm-up.\n\n"
        "| | time | size |\n|---|---|---|\n"
        f"| summary, 16 pt | {results['standard_ms']:.1f} ms | {results['standard_kib']:.0f} KiB |\n"
        f"| summary, large print (24 pt) | {results['large_ms']:.1f} ms | {results['large_kib']:.0f} KiB |\n"
        f"| bare one-page ReportLab document, one line in Helvetica | {results['bare_ms']:.1f} ms | "
        f"{results['bare_kib']:.0f} KiB |\n"
        f"| the same one line in the portal's embedded font ({pdf.font_files()[0].stem}) | "
        f"{results['font_ms']:.1f} ms | {results['font_kib']:.0f} KiB |\n\n"
        f"Ratio summary / bare document: **{results['standard_ratio']:.1f}** (large print "
        f"**{results['large_ratio']:.1f}**). The one-line document in the embedded font shows how much "
        "of that is subsetting and embedding the TrueType font; the rest is two fonts (regular and "
        "bold), wrapping paragraphs in table cells, and the pictograms. Either way a summary is "
        "drawn well within a request's time.\n"
    )


if __name__ == "__main__":
    print(report(run()))
