"""A PDF copy of a returned Annex A, laid out by the schema."""

from reportlab.platypus import Paragraph, Table, TableStyle
from reportlab.lib import colors
from reportlab.lib.units import mm

from portal.annex_a.schema import SECTIONS
from portal.core import pdf
from portal.core.formatting import uk_datetime


def copy(version, setting) -> bytes:
    s = pdf.styles(10)
    story = [Paragraph("Annex A", s["h1"]),
             Paragraph(pdf.drawable(f"{setting.name} ({setting.urn}). Version {version.number}, reference "
                                    f"{version.reference}, returned {uk_datetime(version.submitted_at)} by "
                                    f"{version.submitted_by.name} ({'on time' if version.on_time else 'late'})."), s["body"])]
    for section in SECTIONS:
        story.append(Paragraph(pdf.drawable(section.title), s["h2"]))
        if section.is_list:
            rows = [[Paragraph(pdf.drawable(i.label), s["label"]) for i in section.list_items]]
            rows += [[Paragraph(pdf.drawable(str(c.get(i.key) or "")), s["small"]) for i in section.list_items]
                     for c in version.answers.get(section.key) or []]
            widths = [34 * mm] * len(section.list_items)
        else:
            values = version.answers.get(section.key) or {}
            rows = [[Paragraph(pdf.drawable(item.label), s["label"]),
                     Paragraph(pdf.drawable("" if values.get(item.key) is None else str(values.get(item.key))), s["body"])]
                    for item in section.items_for(setting.type_enum)]
            widths = [90 * mm, 80 * mm]
        if rows:
            table = Table(rows, colWidths=widths, repeatRows=1 if section.is_list else 0)
            table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                       ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6"))]))
            story.append(table)
    return pdf.build(story, title=f"Annex A {version.reference}", subject=f"Annex A of {setting.name}")
