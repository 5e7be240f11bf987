"""The inspection report as a PDF, numbered exactly as on the page (DOMAIN.md §7).

Before publication every page carries its confidentiality marking (R-DR-5): the draft is
"Draft: confidential", the final report is confidential until its publication day (R-TL-3).
"""

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from portal.core import clock, pdf
from portal.core.clock import as_utc
from portal.core.formatting import uk_date
from portal.inspection_reports import publication, rules
from portal.inspections import rules as inspection_rules
from portal.providers.models import SettingType

NUMBER_WIDTH = 12 * mm
MARGIN = 20 * mm
DARK = colors.HexColor("#0b0c0c")
GREY = colors.HexColor("#505a5f")


def marking(inspection, draft: bool, now: datetime) -> str | None:
    """The confidentiality marking every page carries, or None once the report is published."""
    if draft:
        return "Draft: confidential"
    report = inspection.report
    publish_at = as_utc(report.publish_at) if report is not None and report.publish_at else None
    if publish_at is None:
        return "Final report: confidential"
    if now < publish_at:
        return f"Final report: confidential until {uk_date(publication.publication_date(report))}"
    return None


def title_of(inspection, draft: bool) -> str:
    """The template's title (R-RPT-1..5): an inspection, assurance inspection or monitoring visit report."""
    kind = rules.template_for(inspection.setting.type_enum, inspection.inspection_type).title
    return f"Draft {kind[0].lower()}{kind[1:]}" if draft else kind


def _facts(inspection, snapshot: dict, s: dict) -> Table:
    setting = inspection.setting
    rows = [
        ("Unique reference number", setting.urn),
        ("Provider", setting.provider.name),
        ("Type of setting", setting.type_enum.label),
        ("Type of inspection", inspection_rules.INSPECTION_TYPES[inspection.inspection_type]),
        ("Inspection dates", publication.inspection_dates(inspection.start_date, inspection.end_date)),
    ]
    if setting.type_enum == SettingType.SECURE_TRAINING_CENTRE:  # S0 ¶1: a joint inspection
        rows.append(("Inspected jointly by", "Ofsted, HM Inspectorate of Prisons and the Care Quality Commission"))
    overall = publication.overall_judgement(snapshot)
    if overall:
        rows.append(("Overall judgement", overall))
    table = Table(
        [[pdf.Paragraph(pdf.drawable(k), s["label"]), pdf.Paragraph(pdf.drawable(v), s["body"])] for k, v in rows],
        colWidths=[55 * mm, 110 * mm],
        hAlign="LEFT",
        renderCB=pdf.TableTags(header_columns=1),
    )
    table.setStyle(
        TableStyle(
            [
                pdf.TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6")),
            ]
        )
    )
    return table


def _story(inspection, snapshot: dict, draft: bool) -> list:
    s = pdf.styles()
    numbered = ParagraphStyle(
        "numbered",
        parent=s["body"],
        leftIndent=NUMBER_WIDTH,
        bulletIndent=0,
        bulletFontName=pdf.FONT_BOLD,
        bulletFontSize=s["body"].fontSize,
    )
    heading = ParagraphStyle("section", parent=s["h2"], keepWithNext=1)  # never a heading alone at a page's foot
    setting = inspection.setting
    story = [
        pdf.Paragraph(pdf.drawable(title_of(inspection, draft)), s["small"]),
        pdf.Paragraph(pdf.drawable(setting.name), s["h1"]),
        _facts(inspection, snapshot, s),
        Spacer(1, 6 * mm),
    ]
    for section, paragraphs in rules.sections_of(snapshot):
        story.append(pdf.Paragraph(pdf.drawable(section.title), heading))
        contributor = paragraphs[0].get("contributor")
        if contributor:  # R-RPT-2: whose contribution a partner inspectorate's section is
            story.append(pdf.Paragraph(pdf.drawable(f"Contribution from the {contributor['role']}."), s["small"]))
        for paragraph in paragraphs:
            # The number hangs in the margin of the text, as on the page: "12  text…".
            story.append(pdf.Paragraph(pdf.drawable(paragraph["text"]), numbered, bulletText=str(paragraph["number"])))
    return story


def _page_decorator(inspection, mark: str | None, total_pages: int):
    """The marking heads every page in full; the footer names the provider and numbers the page."""
    setting = inspection.setting
    page_width, page_height = A4
    content_width = page_width - 2 * MARGIN
    footer_text = setting.provider.name if mark else f"{setting.name} ({setting.urn})"

    def on_page(canvas, document):
        canvas.saveState()
        top, bottom = page_height - 12 * mm, 10 * mm
        if mark:
            canvas.setFillColor(DARK)
            canvas.setFont(pdf.FONT_BOLD, 10)
            canvas.drawString(MARGIN, top, pdf.fitted(mark, pdf.FONT_BOLD, 10, content_width))
            canvas.setStrokeColor(DARK)
            canvas.setLineWidth(0.75)
            canvas.line(MARGIN, top - 2.5 * mm, page_width - MARGIN, top - 2.5 * mm)
        canvas.setFillColor(DARK if mark else GREY)
        canvas.setFont(pdf.FONT, 9)
        canvas.drawString(MARGIN, bottom, pdf.fitted(footer_text, pdf.FONT, 9, content_width - 35 * mm))
        canvas.drawRightString(page_width - MARGIN, bottom, f"Page {document.page} of {total_pages}")
        canvas.restoreState()

    return on_page


def report_pdf(
    inspection, snapshot: dict, draft: bool, now: datetime | None = None, after: Sequence[Flowable] = ()
) -> bytes:
    """The report as sent (``snapshot``), marked as confidential as it still is at ``now``, with
    ``after`` it (the responses to comments in the provider's copy of the final).

    Drawn twice: the first pass counts the pages so every page can say "Page 2 of 7".
    """
    now = now or clock.now()
    mark = marking(inspection, draft, now)
    setting = inspection.setting
    title = f"{title_of(inspection, draft)}: {setting.name} ({setting.urn})"
    subject = f"{title_of(inspection, draft)} of a {setting.type_enum.label.lower()}, {setting.provider.name}"
    pages = {"count": 0}

    def count(canvas, document):
        pages["count"] = document.page

    pdf.build([*_story(inspection, snapshot, draft), *after], title=title, subject=subject, on_page=count)
    return pdf.build(
        [*_story(inspection, snapshot, draft), *after],
        title=title,
        subject=subject,
        on_page=_page_decorator(inspection, mark, pages["count"]),
    )
