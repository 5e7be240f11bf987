"""What the provider's and the inspectorate's Annex A pages show alike: a returned version."""

from flask import render_template

from portal.annex_a import states
from portal.annex_a.pdf import copy as pdf_copy
from portal.annex_a.schema import extra_answers, sections_for
from portal.core import downloads


def version_page(found, setting, side: str) -> str:
    """A returned version's answers; ``side`` ("provider" or "inspectorate") sets its links."""
    return render_template(
        "annex_a/version.html",
        version=found,
        setting=setting,
        sections=sections_for(setting.type_enum),
        extra=extra_answers(found.answers, setting.type_enum),
        states=states,
        side=side,
    )


def version_pdf(found):
    """A returned version as the PDF both sides download."""
    return downloads.generated(
        pdf_copy(found, found.request.inspection.setting), "application/pdf", f"annex-a-{found.reference}.pdf"
    )
