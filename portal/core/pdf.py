"""What every PDF of the portal shares: an embedded TrueType font, styles, metadata and tags.

Every PDF is tagged (portal/core/pdf_tags.py): build stories from this module's ``Paragraph``
(tagged by its style), tables with a ``TableTags`` render callback, pictures in ``Figure``.

The font is DejaVu Sans (Debian's fonts-dejavu-core) when the machine has it: it covers Latin
with every accent, Greek, Cyrillic, Hebrew and Arabic letters, so names and text people type come
out as written. Without it the portal falls back to Bitstream Vera, shipped inside ReportLab, so no
machine needs fonts installed. Every PDF uses the same family, whichever it is.

Characters the font cannot draw (emoji, and with Vera anything beyond Western European letters)
are replaced by "?" rather than failing the document. ReportLab neither shapes Arabic nor reorders
right-to-left text: Hebrew and Arabic letters are drawn from the font unjoined, left to right. That
is legible only in part, but never fails; a reader who needs it has the text on the page.
"""

from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import cast
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Table, TableStyle

from portal.core.pdf_tags import Figure, Structure, TableTags, TaggedParagraph, canvas_maker, finish

Paragraph = TaggedParagraph
__all__ = ["Figure", "Paragraph", "TableTags"]

FONT, FONT_BOLD = "PortalSans", "PortalSans-Bold"
LANG = "en-GB"
# A table's own font, for what it draws itself: else ReportLab names a Helvetica no page embeds.
TABLE_FONT = ("FONTNAME", (0, 0), (-1, -1), FONT)
_DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
_VERA_DIR = Path(reportlab.__file__).parent / "fonts"
_registered = False


def font_files() -> tuple[Path, Path]:
    """(regular, bold): DejaVu Sans when installed, otherwise the Vera that ships with ReportLab."""
    dejavu = (_DEJAVU_DIR / "DejaVuSans.ttf", _DEJAVU_DIR / "DejaVuSans-Bold.ttf")
    if all(path.is_file() for path in dejavu):
        return dejavu
    return _VERA_DIR / "Vera.ttf", _VERA_DIR / "VeraBd.ttf"


def register_fonts() -> None:
    global _registered
    if not _registered:
        regular, bold = font_files()
        pdfmetrics.registerFont(TTFont(FONT, str(regular)))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)
        _registered = True


def plain(text: str | None) -> str:
    """Text with characters outside the font replaced, for drawing straight on a canvas."""
    register_fonts()
    face = cast(TTFont, pdfmetrics.getFont(FONT)).face
    return "".join(ch if ch in "\n\t" or ord(ch) in face.charToGlyph else "?" for ch in (text or ""))


def fitted(text: str, font: str, size: float, width: float) -> str:
    """``text`` on one line, cut to ``width`` points with an ellipsis, so a long name in a page's
    heading or footer never runs off the page."""
    text = plain(" ".join(text.split()))
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def drawable(text: str | None) -> str:
    """Text made safe for a Paragraph: markup escaped, characters outside the font replaced."""
    return escape(plain(text)).replace("\n", "<br/>")


def styles(base_size: int = 11) -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=base_size,
        leading=base_size * 1.4,
        spaceAfter=base_size * 0.6,
        textColor=colors.HexColor("#0b0c0c"),
        splitLongWords=1,  # lines break between words; only a word wider than its column is cut
    )
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=base_size - 2, leading=(base_size - 2) * 1.4),
        "h1": ParagraphStyle(
            "h1", parent=body, fontName=FONT_BOLD, fontSize=base_size * 2, leading=base_size * 2.4, spaceAfter=base_size
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=base_size * 1.4,
            leading=base_size * 1.8,
            spaceBefore=base_size * 0.6,
        ),
        "h3": ParagraphStyle(
            "h3", parent=body, fontName=FONT_BOLD, fontSize=base_size * 1.1, spaceBefore=base_size * 0.6, keepWithNext=1
        ),
        "label": ParagraphStyle("label", parent=body, fontName=FONT_BOLD),
    }


def facts_table(rows: list[tuple[str, str]], s: dict[str, ParagraphStyle]) -> Table:
    """A receipt's facts: a bold label beside each value, a rule under each row."""
    table = Table(
        [[Paragraph(drawable(k), s["label"]), Paragraph(drawable(v), s["body"])] for k, v in rows],
        colWidths=[45 * mm, 125 * mm],
        renderCB=TableTags(header_columns=1),
    )
    table.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6")),
            ]
        )
    )
    return table


def build(
    story: list[Flowable],
    title: str,
    subject: str,
    author: str = "Children's social care provider portal",
    on_page: Callable[..., None] | None = None,
) -> bytes:
    """Render ``story`` on A4, tagged, with title, subject, author and language in the metadata.

    ``on_page(canvas, document)`` draws on every page, first and later alike: headers, footers,
    confidentiality markings and page numbers, marked as artifacts (they are not the text).
    """
    register_fonts()
    _check_tagged(story)
    structure = Structure(LANG)
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        subject=subject,
        author=author,
        creator="Children's social care provider portal",
        lang=LANG,
        initialFontName=FONT,  # else every page declares a Helvetica it never uses, unembedded
    )

    def furniture(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        if on_page is not None:
            with structure.marked(canvas):
                on_page(canvas, doc)

    document.build(story, onFirstPage=furniture, onLaterPages=furniture, canvasmaker=canvas_maker(structure))
    return finish(buffer.getvalue(), structure, title)


def _check_tagged(story: list[Flowable]) -> None:
    """A story's own paragraphs and tables must be ones that tag themselves: anything else would
    be drawn as untagged content, invisible to a screen reader's structure."""
    for flowable in story:
        if isinstance(flowable, Table) and not isinstance(getattr(flowable, "_renderCB", None), TableTags):
            raise TypeError("a table in a PDF needs renderCB=TableTags(...)")
        if type(flowable).__name__ == "Paragraph":
            raise TypeError("a paragraph in a PDF must be portal.core.pdf.Paragraph (tagged)")
