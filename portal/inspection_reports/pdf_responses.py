"""The inspectorate's responses to the provider's comments, after the final report in its
confidential PDF (R-DR-4: the final report is sent with those responses). Never in the
published report: the responses are for the provider."""

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from portal.core import pdf
from portal.inspection_reports import final_changes, rules


def responses_story(report) -> list[Flowable]:
    s = pdf.styles()
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        pdf.Paragraph("Your comments and our responses", s["h2"]),
        pdf.Paragraph("These responses are for you: they are not part of the published report.", s["small"]),
    ]
    if not report.comments:
        story.append(pdf.Paragraph("You sent no comments on the draft.", s["body"]))
        return story
    for number, comment in enumerate(report.comments, start=1):
        kind = rules.COMMENT_KINDS.get(comment.kind, comment.kind)
        story += [
            pdf.Paragraph(
                pdf.drawable(f"Comment {number}: paragraph {comment.paragraph_number} of the draft, {kind.lower()}"),
                s["h3"],
            ),
            pdf.Paragraph(pdf.drawable(comment.text), s["body"]),
        ]
        if comment.proposed_wording:
            story.append(pdf.Paragraph(pdf.drawable(f"Proposed wording: {comment.proposed_wording}"), s["body"]))
        story.append(pdf.Paragraph(pdf.drawable(rules.RESPONSES.get(comment.response, "No response")), s["label"]))
        if comment.response_reason:
            story.append(pdf.Paragraph(pdf.drawable(comment.response_reason), s["body"]))
        for row in final_changes.amended_rows(report, comment):
            amended = f"Paragraph {row['number']} of the draft amended: {row['outcome']}."
            story.append(pdf.Paragraph(pdf.drawable(amended), s["body"]))
    return story
