"""The child-friendly summary's PDF, read back: easy-read type sizes, a pictogram beside every
section, metadata, an embedded font, A4 pages, and any text renders (R-CFS-1)."""

import math
import re
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.pagesizes import A4

from portal.summaries import pictograms, rules
from portal.summaries.pdf import summary_pdf
from tests.pdf_structure import tagged

FILLS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}  # paint operators that fill a shape


def read(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(BytesIO(data))


def squeezed(text: str) -> str:
    """Text without whitespace: a long word may be broken anywhere over lines."""
    return re.sub(r"\s+", "", text)


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def sized_text(reader: PdfReader) -> list[tuple[str, float]]:
    """Every piece of text with the size it is drawn at (font size times the matrices' scale)."""
    pieces = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            pieces.append((text.strip(), size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return pieces


def filled_shapes(reader: PdfReader, page_number: int) -> int:
    """Shapes filled on a page: only the pictograms fill anything, text and rules do not."""
    page = reader.pages[page_number]
    operations = ContentStream(page.get_contents(), reader).operations
    return sum(1 for _operands, operator in operations if operator in FILLS)


def assert_a4(reader: PdfReader) -> None:
    for page in reader.pages:
        box = page.mediabox
        assert float(box.left) >= 0 and float(box.bottom) >= 0
        assert float(box.width) <= A4[0] + 0.01 and float(box.height) <= A4[1] + 0.01


def standing_in(inspection, **texts):
    """A summary with any text, past the length the writing form allows."""
    sections = {s.key: {"text": texts.get(s.key, ""), "picture": s.picture} for s in rules.SECTIONS}
    return SimpleNamespace(sections=sections, inspection=inspection)


@pytest.mark.parametrize("large_print, least", [(False, 16), (True, 24)])
def test_every_section_is_there_in_large_type_with_its_picture_and_the_setting_and_dates(summaries, large_print, least):
    summary = summaries.written()
    inspection = summary.inspection
    reader = read(summary_pdf(inspection, summary, large_print=large_print))
    text = text_of(reader)
    assert f"What we found when we visited {inspection.setting.name}" in " ".join(text.split())
    assert f"{inspection.start_date.day} " in text and f"{inspection.start_date:%B %Y}" in text
    for section in rules.SECTIONS:
        assert squeezed(section.title) in squeezed(text)
        assert squeezed(summary.sections[section.key]["text"]) in squeezed(text)
    assert "We will not put it on the internet." in " ".join(text.split())  # R-CFS-1, in a child's words

    sizes = sized_text(reader)
    section_words = [
        size
        for piece, size in sizes
        if any(piece in summary.sections[s.key]["text"] or piece in s.title for s in rules.SECTIONS)
    ]
    assert len(section_words) >= len(rules.SECTIONS) * 2
    assert min(section_words) >= least
    assert min(size for _piece, size in sizes) >= least * 0.75  # footer and the closing small print

    # Every page with a section's title also has that section's picture beside it.
    titled = [
        n
        for n, page in enumerate(reader.pages)
        if any(squeezed(s.title) in squeezed(page.extract_text()) for s in rules.SECTIONS)
    ]
    assert titled and all(filled_shapes(reader, n) >= 1 for n in titled)
    assert sum(filled_shapes(reader, n) for n in range(len(reader.pages))) >= len(rules.SECTIONS)

    for number, page in enumerate(reader.pages, start=1):
        page_text = " ".join(page.extract_text().split())
        assert inspection.setting.name in page_text and f"Page {number}" in page_text
    assert_a4(reader)


def test_the_picture_chosen_for_a_section_is_the_one_drawn(summaries):
    inspection = summaries.inspection()
    for key in ("star", "calendar", "people_talking"):
        summary = standing_in(inspection, good="Staff know you.")
        summary.sections["good"]["picture"] = key
        shapes = pictograms.drawing(key, 85).contents[0].contents
        expected = sum(1 for shape in shapes if getattr(shape, "fillColor", None) is not None)
        assert filled_shapes(read(summary_pdf(inspection, summary)), 0) == expected


def test_metadata_names_the_summary_and_its_language_and_the_font_is_embedded(summaries):
    summary = summaries.written()
    reader = read(summary_pdf(summary.inspection, summary))
    name = summary.inspection.setting.name
    assert reader.metadata.title == f"Child-friendly summary: {name}"
    assert "children" in reader.metadata.subject and "Not published" in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    used = {}  # the fonts text is actually drawn in (ReportLab also lists an unused Helvetica)

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            used[str(font["/BaseFont"])] = font

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert len(used) == 2  # regular and bold
    for font in used.values():
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
        if Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").is_file():
            assert "DejaVuSans" in str(font["/BaseFont"])
    assert "publish" not in squeezed(text_of(reader)).replace("notpublished", "")


@pytest.mark.parametrize("large_print", [False, True])
def test_any_text_renders_accents_kept_and_what_the_font_lacks_replaced(summaries, large_print):
    word = "Supercalifragilistic" * 10
    summary = summaries.written(
        good="Staff know you well. Café, łódź, straße and naïve.\nYou said: 😀 🦄 ✨",
        better=f"Arabic: مرحبا بك. Hebrew: שלום לכם.\n\n{word}",
    )
    reader = read(summary_pdf(summary.inspection, summary, large_print=large_print))
    text = text_of(reader)
    for accented in ("Café", "łódź", "straße", "naïve"):
        assert accented in text
    assert "?" in text and "🦄" not in text  # no glyph in the font: replaced, not a crash
    assert word in squeezed(text)
    assert max(len(run) for run in text.split()) < len(word) / 2  # broken over lines inside its column
    assert_a4(reader)


def test_an_empty_section_is_left_out_and_ten_thousand_words_run_over_pages_within_a4(summaries):
    inspection = summaries.inspection()
    reader = read(summary_pdf(inspection, standing_in(inspection, good="Staff know you.", better="")))
    text = text_of(reader)
    assert "What is good" in text and "What needs to get better" not in text

    many = " ".join(f"word{n}" for n in range(2000))
    huge = standing_in(inspection, **{s.key: many for s in rules.SECTIONS})
    reader = read(summary_pdf(inspection, huge))
    assert len(reader.pages) >= 10
    assert_a4(reader)
    text = squeezed(text_of(reader))
    assert "word1999" in text and text.count("word1999") == len(rules.SECTIONS)
    assert "Wewillnotputitontheinternet." in text
    # Pages drawn in the regular font only still leave the bold one to the pages that need it.
    structure = tagged(summary_pdf(inspection, huge))
    assert structure.roles.count("H2") == len(rules.SECTIONS) and structure.pages >= 10


def test_line_breaks_the_inspector_wrote_are_kept(summaries):
    summary = summaries.written(good="Staff know you well.\nYou go to school every day.")
    lines = [" ".join(line.split()) for line in text_of(read(summary_pdf(summary.inspection, summary))).split("\n")]
    assert "Staff know you well." in lines and "You go to school every day." in lines


@pytest.mark.parametrize("key", sorted(rules.PICTURES))
def test_every_picture_draws_in_the_pdf_and_as_inline_svg(key):
    drawing = pictograms.drawing(key, 85)
    assert (drawing.width, drawing.height) == (85, 85) and drawing.getContents()
    svg = pictograms.svg(key)
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert 'aria-hidden="true"' in svg and "<?xml" not in svg and "DOCTYPE" not in svg and ' id="' not in svg
    assert re.search(r"<(path|rect|circle|polygon|line|polyline)\b", svg)


def test_an_unknown_picture_is_a_key_error():
    with pytest.raises(KeyError):
        pictograms.drawing("dragon", 85)


@pytest.mark.parametrize("large_print", [False, True])
def test_the_summary_is_tagged_for_screen_readers_each_picture_with_its_name(summaries, large_print):
    """Issue 18: a structure tree in reading order, headings, pictures with alternative text."""
    summary = summaries.written()
    structure = tagged(summary_pdf(summary.inspection, summary, large_print=large_print))
    written = [s for s in rules.SECTIONS if (summary.sections.get(s.key) or {}).get("text", "").strip()]
    assert structure.roles[:2] == ["Document", "H1"]
    assert structure.roles.count("H2") == len(written) >= 3
    assert structure.alts == [rules.PICTURES[(summary.sections[s.key].get("picture") or s.picture)] for s in written]
    assert "Table" not in structure.roles  # a picture beside its words is layout, not data
    assert structure.bookmarks[1:] == [s.title for s in written]
