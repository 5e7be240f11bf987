"""The report's PDFs as responses. Confidential versions are never kept by any cache (R-DR-5)."""

from datetime import datetime

from flask import abort

from portal.core import downloads
from portal.inspection_reports import rules, services
from portal.inspection_reports.pdf import report_pdf
from portal.inspection_reports.pdf_responses import responses_story

VERSIONS = ("draft", "final")


def report_pdf_response(inspection, report, which: str, now: datetime | None = None):
    """The draft or the final report as sent; 404 when that version does not exist (yet)."""
    if report is None or which not in VERSIONS:
        abort(404)
    snapshot = report.draft if which == "draft" else report.final
    if snapshot is None:
        abort(404)
    # R-DR-4: the final report goes to the provider with the response to every comment.
    after = responses_story(report) if which == "final" else ()
    data = report_pdf(inspection, snapshot, draft=which == "draft", now=now, after=after)
    return downloads.generated(data, "application/pdf", f"{which}-report-{inspection.setting.urn}.pdf")


def preview_pdf_response(inspection, report, now: datetime):
    """The inspector's working copy, numbered as it would be if it were sent now."""
    if report is None:
        abort(404)
    snapshot = rules.snapshot(report.content, services.template_of(inspection), now)
    data = report_pdf(inspection, snapshot, draft=True, now=now)
    return downloads.generated(data, "application/pdf", f"preview-report-{inspection.setting.urn}.pdf")


def published_pdf_response(report, now: datetime):
    """A published final report: public, so it may be cached briefly."""
    inspection = report.inspection
    data = report_pdf(inspection, report.final, draft=False, now=now)
    return downloads.published(data, "application/pdf", f"report-{inspection.setting.urn}.pdf")
