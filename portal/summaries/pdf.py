"""The child-friendly summary as an easy-read PDF (R-CFS-1, R-CFS-3).

Easy-read layout: one section to a row, its pictogram large on the left and the words on the
right, in large type with generous line spacing, left-aligned and never justified, dark on white.
The large-print version uses the same layout at 24 pt. Sentences keep the line breaks the
inspector wrote. Long words break inside their column (ReportLab's splitLongWords) rather than
running off the page, and rows split across pages, so any length of text renders.

The summary is never published: the PDF says so, and carries no publication marking or date.
"""

import re

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from portal.core import pdf
from portal.inspection_reports.publication import inspection_dates
from portal.summaries import pictograms, rules

Paragraph = pdf.Paragraph

DARK = colors.HexColor("#0b0c0c")
MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
NORMAL, LARGE = 16, 24
PICTURE, PICTURE_LARGE = 30 * mm, 40 * mm
GAP = 6 * mm
KEEP_WHOLE = (A4[1] - 2 * MARGIN) / 2  # sections up to half a page tall are not split


def _styles(size: int) -> dict[str, ParagraphStyle]:
    pdf.register_fonts()
    body = ParagraphStyle(
        "easy-body",
        fontName=pdf.FONT,
        fontSize=size,
        leading=size * 1.5,
        textColor=DARK,
        alignment=TA_LEFT,
        spaceAfter=size * 0.5,
        splitLongWords=1,
    )
    small = max(12, round(size * 0.75))
    return {
        "body": body,
        "title": ParagraphStyle(
            "easy-title",
            parent=body,
            fontName=pdf.FONT_BOLD,
            fontSize=size + 4,
            leading=(size + 4) * 1.4,
            spaceAfter=size * 0.4,
        ),
        "h1": ParagraphStyle(
            "easy-h1",
            parent=body,
            fontName=pdf.FONT_BOLD,
            fontSize=size + 10,
            leading=(size + 10) * 1.3,
            spaceAfter=size * 0.6,
        ),
        "small": ParagraphStyle("easy-small", parent=body, fontSize=small, leading=small * 1.4),
    }


def paragraphs(text: str) -> list[str]:
    """The text in paragraphs at its blank lines; single line breaks stay inside a paragraph."""
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def picture_of(section: rules.Section, chosen: dict) -> str:
    picture = chosen.get("picture")
    return picture if picture in rules.PICTURES else section.picture


def section_table(section: rules.Section, chosen: dict, s: dict, picture: float, last: bool) -> Table:
    """The section as a two-column table: picture, title and first paragraph in the first row,
    then one row per further paragraph, so a long section breaks between paragraphs where it can
    (and inside one, splitInRow, when a paragraph is longer than a page)."""
    parts = [Paragraph(pdf.drawable(p), s["body"]) for p in paragraphs(chosen["text"])]
    key = picture_of(section, chosen)
    rows = [
        [
            pdf.Figure(pictograms.drawing(key, picture), rules.PICTURES[key]),
            [Paragraph(pdf.drawable(section.title), s["title"]), *parts[:1]],
        ]
    ]
    rows += [["", part] for part in parts[1:]]
    size = s["body"].fontSize
    style = [
        pdf.TABLE_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 5 * mm),
        ("TOPPADDING", (0, 1), (-1, -1), size * 0.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 5 * mm),
    ]
    if not last:
        style.append(("LINEBELOW", (0, -1), (-1, -1), 1.5, DARK))
    return Table(
        rows,
        colWidths=[picture + GAP, WIDTH - picture - GAP],
        style=TableStyle(style),
        splitByRow=1,
        splitInRow=1,
        hAlign="LEFT",
        renderCB=pdf.TableTags(layout=True),  # a picture beside its words: no data table
    )


def sections_story(summary, s: dict, picture: float) -> list:
    """Each section with text. A short one is kept whole, moving to the next page rather than
    splitting; a long one starts where it is, so no page is left nearly empty."""
    written = [(section, (summary.sections or {}).get(section.key) or {}) for section in rules.SECTIONS]
    written = [(section, chosen) for section, chosen in written if (chosen.get("text") or "").strip()]
    story = []
    for i, (section, chosen) in enumerate(written):
        table = section_table(section, chosen, s, picture, last=i == len(written) - 1)
        story.append(KeepTogether([table]) if table.wrap(WIDTH, A4[1])[1] <= KEEP_WHOLE else table)
    return story


def summary_pdf(inspection, summary, large_print: bool = False) -> bytes:
    """The summary for the children at ``inspection``'s setting, at 16 pt or, in large print, 24 pt."""
    size = LARGE if large_print else NORMAL
    picture = PICTURE_LARGE if large_print else PICTURE
    s = _styles(size)
    name = inspection.setting.name
    story = [
        Paragraph(pdf.drawable(f"What we found when we visited {name}"), s["h1"]),
        Paragraph(
            pdf.drawable(f"We visited on {inspection_dates(inspection.start_date, inspection.end_date)}."), s["body"]
        ),
    ]
    story += sections_story(summary, s, picture)
    story += [
        Spacer(1, size * 0.5),
        Paragraph(
            # Words a child knows (R-CFS-1: never published): not "published".
            pdf.drawable(f"This is for the children who live at {name}. We will not put it on the internet."),
            s["small"],
        ),
    ]
    footer_size = s["small"].fontSize

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFillColor(DARK)
        canvas.setFont(pdf.FONT, footer_size)
        page = f"Page {document.page}"
        page_width = stringWidth(page, pdf.FONT, footer_size)
        canvas.drawString(MARGIN, 10 * mm, pdf.fitted(name, pdf.FONT, footer_size, WIDTH - page_width - 10 * mm))
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, page)
        canvas.restoreState()

    kind = "large print" if large_print else "standard print"
    return pdf.build(
        story,
        title=f"Child-friendly summary: {name}",
        subject=f"What inspectors found at {name}, written for the children who live there ({kind}). Not published.",
        on_page=footer,
    )
