"""Published inspection reports, open to everyone without signing in (R-TL-3, R-DR-5, R-PUB-1..4).

Only the final report as sent is shown, and only once its embargo has ended: the clock decides,
so nothing appears early. A monitoring report decided not to be published (R-PUB-2) is never
shown: it answers 404 like a report that does not exist. Drafts, comments, responses and reasons
are never read here. Each report shows the setting's standing judgement (R-STAND-1..2) beside its own.
"""

from flask import Blueprint, abort, render_template, request

from portal.core import clock
from portal.core.access import public
from portal.core.htmx import render
from portal.core.paging import page_number
from portal.inspection_reports import publication, rules, standing
from portal.inspection_reports.documents import published_pdf_response
from portal.inspections import rules as inspection_rules

bp = Blueprint("inspection_reports_public", __name__, url_prefix="/published-reports")


def _published_or_404(inspection_id: int):
    now = clock.now()
    report = publication.find(now, inspection_id)
    if report is None:
        abort(404)
    return report, now


@bp.route("/")
@public
def index():
    """50 reports a page (``?page=``: not a number is page 1, past the end the last page); the page
    links keep the search and swap the results in place with htmx."""
    now = clock.now()
    text = " ".join(request.args.get("q", "").split())[:100]
    authorities, regions = publication.filters(now)
    authority = request.args.get("local_authority", "")
    region = request.args.get("region", "")
    number = page_number(request.args.get("page"))
    results = publication.search(now, text, authority, region, number)
    standings = standing.for_settings({report.inspection.setting for report in results.items}, now)
    return render(
        "inspection_reports/public_index.html",
        "inspection_reports/_public_results.html",
        results=results,
        text=text,
        authority=authority,
        region=region,
        authorities=authorities,
        regions=regions,
        postcode=publication.looks_like_postcode(text),
        publication=publication,
        inspection_rules=inspection_rules,
        standings=standings,
    )


@bp.route("/<int:inspection_id>")
@public
def show(inspection_id: int):
    report, now = _published_or_404(inspection_id)
    setting = report.inspection.setting
    return render_template(
        "inspection_reports/public_show.html",
        report=report,
        inspection=report.inspection,
        setting=setting,
        sections=rules.sections_of(report.final),
        publication=publication,
        inspection_rules=inspection_rules,
        standing=standing.for_setting(setting, now),
    )


@bp.route("/<int:inspection_id>.pdf")
@public
def pdf(inspection_id: int):
    report, now = _published_or_404(inspection_id)
    return published_pdf_response(report, now)
