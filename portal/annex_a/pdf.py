"""A PDF copy of a returned Annex A, laid out by the schema of the setting's type (R-AXA-6)."""

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from portal.annex_a.schema import COUNT, EMAIL, PHONE, extra_answers, sections_for
from portal.core import pdf
from portal.core.formatting import uk_datetime

Paragraph = pdf.Paragraph
LIST_WIDTH = 170 * mm
# A list's columns share the width by what they hold, so an e-mail address has room to stay on one
# line and a count takes little: an address is cut only when it is wider than its whole column.
COLUMN_WEIGHTS = {EMAIL: 2.0, PHONE: 1.0, COUNT: 0.6}


def _shown(value) -> str:
    if value is None:
        return ""
    return "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def copy(version, setting) -> bytes:
    s = pdf.styles(10)
    setting_type = setting.type_enum
    due = f", due by {uk_datetime(version.due_at)}" if version.due_at else ""  # the due time when it arrived
    story = [
        Paragraph("Annex A", s["h1"]),
        Paragraph(
            pdf.drawable(
                f"{setting.name} ({setting.urn}). Version {version.number}, reference "
                f"{version.reference}, returned {uk_datetime(version.submitted_at)} by "
                f"{version.submitted_by.name} ({'on time' if version.on_time else 'late'}{due})."
            ),
            s["body"],
        ),
    ]
    sent_file = getattr(version, "file", None)
    if sent_file is not None:  # returned as a spreadsheet: the receipt names the file as received
        story.append(
            Paragraph(
                pdf.drawable(
                    f"Returned as the spreadsheet {sent_file.original_name} ({sent_file.size:,} bytes), "
                    f"SHA-256 {sent_file.sha256}: the inspectorate holds it exactly as received."
                ),
                s["small"],
            )
        )
    answers = version.answers or {}
    for section in sections_for(setting_type):
        story.append(Paragraph(pdf.drawable(section.title), s["h2"]))
        if section.is_list:
            items = section.list_items_for(setting_type)
            rows = [[Paragraph(pdf.drawable(i.label), s["label"]) for i in items]]
            rows += [
                [Paragraph(pdf.drawable(_shown(c.get(i.key))), s["small"]) for i in items]
                for c in answers.get(section.key) or []
                if isinstance(c, dict)
            ]
            weights = [COLUMN_WEIGHTS.get(i.kind, 1.2) for i in items]
            widths = [LIST_WIDTH * w / sum(weights) for w in weights]
        else:
            values = answers.get(section.key)
            values = values if isinstance(values, dict) else {}
            rows = [
                [
                    Paragraph(pdf.drawable(item.label), s["label"]),
                    Paragraph(pdf.drawable(_shown(values.get(item.key))), s["body"]),
                ]
                for item in section.items_for(setting_type)
            ]
            widths = [90 * mm, 80 * mm]
        story.append(_table(rows, widths, header_row=section.is_list))
    extra = extra_answers(answers, setting_type)
    if extra:
        story.append(Paragraph("Answers to earlier questions", s["h2"]))
        story.append(
            _table(
                [
                    [Paragraph(pdf.drawable(label), s["label"]), Paragraph(pdf.drawable(value), s["body"])]
                    for label, value in extra
                ],
                [90 * mm, 80 * mm],
                header_row=False,
            )
        )
    return pdf.build(story, title=f"Annex A {version.reference}", subject=f"Annex A of {setting.name}")


def _table(rows, widths, header_row: bool) -> Table:
    """A list's table has its headings in the first row (repeated on each page); a section's
    questions head their rows."""
    tags = pdf.TableTags(header_rows=1) if header_row else pdf.TableTags(header_columns=1)
    table = Table(rows, colWidths=widths, repeatRows=1 if header_row else 0, renderCB=tags)
    table.setStyle(
        TableStyle(
            [
                pdf.TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6")),
            ]
        )
    )
    return table
