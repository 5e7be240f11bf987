"""Providers send visit reports and reviews, correct them, and see their compliance."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from portal.accounts.roles import Role
from portal.core import clock, contributions, uploads
from portal.core.access import roles_required
from portal.core.formatting import uk_date
from portal.core.forms import error_summary
from portal.core.references import new_key
from portal.core.request_size import accepts_up_to
from portal.monitoring_reports import bulk, compliance, forms, history, responses, rules, services
from portal.monitoring_reports.access import get_monitoring_report_or_404, get_reporting_setting_or_404
from portal.monitoring_reports.documents import batch_receipt_response, document_response, receipt_response
from portal.providers.access import get_setting_or_404

bp = Blueprint("monitoring_reports_provider", __name__)
STAFF = (Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL)
REPORTERS = (*STAFF, Role.INDEPENDENT_PERSON)


@bp.route("/settings/<int:setting_id>/monitoring")
@roles_required(*STAFF)
def setting_compliance(setting_id: int):
    now = clock.now()
    setting = get_setting_or_404(current_user, setting_id)
    return render_template(
        "monitoring_reports/setting.html",
        setting=setting,
        rules=rules,
        status=compliance.for_setting(setting, now),
        reports=services.reports_of(current_user, setting),
        today=clock.today_uk(now),
    )


def _start(setting_id: int, kind: str, report=None, pending=None):
    """The first page of sending (or correcting) a report: answers and document; or, from the
    check page's Change links, the answers waiting there (``pending``)."""
    now = clock.now()
    setting = report.setting if report else get_reporting_setting_or_404(current_user, setting_id, kind)
    form_class: dict[tuple[str, bool], type[FlaskForm]] = {
        (rules.VISIT, False): forms.VisitReportForm,
        (rules.REVIEW, False): forms.ReviewForm,
        (rules.VISIT, True): forms.VisitCorrectionForm,
        (rules.REVIEW, True): forms.ReviewCorrectionForm,
    }
    form = form_class[(kind, report is not None)]()
    if pending is not None and not form.is_submitted():
        waiting = services.answers_of(pending)
        services.fill_form(form, services.as_written(pending))
        for name in ("reason", "concern_withdrawal_reason"):
            if name in form and waiting.get(name):
                form[name].data = waiting[name]
    elif report is not None and not form.is_submitted():
        services.fill_form(form, report.current)
    late_deadline = None
    if form.validate_on_submit():
        answers = form.answers() | ({"reason": form.reason.data} if report else {})
        if kind == rules.VISIT and rules.is_late(answers["visit_date"], report.received_at if report else now):
            late_deadline = rules.last_day_in_time(answers["visit_date"])
        problem = services.answers_problem(setting, kind, answers, now, report)
        if problem:
            getattr(form, problem[0]).errors.append(problem[1])
        else:
            try:
                if pending is not None:
                    services.revise(pending, answers, form.document.data, now)
                else:
                    pending = services.prepare(current_user, setting, kind, answers, form.document.data, now, report)
            except uploads.UploadRejected as error:
                form.document.errors.append(error.message)
            else:
                return redirect(_after_answers(pending))
    template = "monitoring_reports/visit_form.html" if kind == rules.VISIT else "monitoring_reports/review_form.html"
    return render_template(
        template,
        form=form,
        setting=setting,
        report=report,
        pending=pending,
        back=_after_answers(pending) if pending else None,
        late_deadline=late_deadline,
        regulation=(rules.visit_regulation if kind == rules.VISIT else rules.review_regulation)(setting.type_enum),
    )


@bp.route("/settings/<int:setting_id>/visit-reports/new", methods=["GET", "POST"])
@roles_required(*REPORTERS)
def new_visit_report(setting_id: int):
    return _start(setting_id, rules.VISIT)


@bp.route("/settings/<int:setting_id>/reviews/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_review(setting_id: int):
    return _start(setting_id, rules.REVIEW)


@bp.route("/visit-reports/<int:report_id>/correct", methods=["GET", "POST"])
@roles_required(*REPORTERS)
def correct(report_id: int):
    report = get_monitoring_report_or_404(current_user, report_id)
    if not services.may_correct(current_user, report):
        return _not_the_author(report)
    return _start(report.setting_id, report.kind, report)


def _not_the_author(report):
    """R-MON-6: the visitor's report is theirs (403: the report is no secret to them, R-ROLE-1)."""
    why = f"Only {services.author_of(report).name}, who wrote this visit report, can correct it. " + (
        "You can add the provider's response beside it instead." if responses.may_respond(current_user, report) else ""
    )
    return render_template(
        "monitoring_reports/refused.html", report=report, why=why.strip(), back=url_for(".report", report_id=report.id)
    ), 403


@bp.route("/submissions/<key>/check", methods=["GET", "POST"])
@roles_required(*REPORTERS)
def check(key: str):
    pending = services.pending_for(current_user, key)
    if pending is None:
        already = services.report_for_key(key)
        if already is not None:
            get_monitoring_report_or_404(current_user, already.id)  # 404 unless they may see it
            return redirect(url_for(".sent", report_id=already.id))
        abort(404)
    if pending.report is not None and not services.may_correct(current_user, pending.report):
        return _not_the_author(pending.report)
    if ":" in key:  # a report of a batch is sent with the batch
        return redirect(_after_answers(pending))
    form = forms.DeclarationForm()
    if form.validate_on_submit():
        report = services.submit(pending, current_user, clock.now())
        return redirect(url_for(".sent", report_id=report.id))
    answers = services.answers_of(pending)
    received_at = pending.report.received_at if pending.report else clock.now()
    late = pending.kind == rules.VISIT and rules.is_late(answers["visit_date"], received_at)
    return render_template(
        "monitoring_reports/check.html", form=form, pending=pending, rules=rules, answers=answers, late=late
    )


@bp.route("/submissions/<key>/change", methods=["GET", "POST"])
@roles_required(*REPORTERS)
def change(key: str):
    """The answers waiting on the check page, to change before sending (GOV.UK Change links)."""
    pending = services.pending_for(current_user, key)
    if pending is None:
        return check(key)  # sent already (its report), or never this person's (404)
    if pending.report is not None and not services.may_correct(current_user, pending.report):
        return _not_the_author(pending.report)
    return _start(pending.setting_id, pending.kind, pending.report, pending)


@bp.route("/visit-reports/<int:report_id>/sent")
@roles_required(*REPORTERS)
def sent(report_id: int):
    report = get_monitoring_report_or_404(current_user, report_id)
    return render_template("monitoring_reports/sent.html", report=report, rules=rules)


@bp.route("/visit-reports/<int:report_id>")
@roles_required(*REPORTERS)
def report(report_id: int):
    report = get_monitoring_report_or_404(current_user, report_id)
    return render_template(
        "monitoring_reports/report.html",
        report=report,
        rules=rules,
        side="provider",
        may_correct=services.may_correct(current_user, report),
        may_respond=responses.may_respond(current_user, report),
        events=history.events(report, False),
        changes=history.changes_by_version(report),
        **contributions.gather(history.VISIT_REPORT_PAGE, report=report, user=current_user),
    )


@bp.route("/visit-reports/<int:report_id>/respond", methods=["GET", "POST"])
@roles_required(*STAFF)
def respond(report_id: int):
    """The provider's staff answer a visit report beside it (R-MON-6); reviews are their own."""
    report = get_monitoring_report_or_404(current_user, report_id)
    if report.kind != rules.VISIT:
        abort(404)
    form = forms.ResponseForm()
    if form.validate_on_submit():
        responses.add(report, form.text.data, current_user, clock.now())
        flash("Your response is added beside the report.", "success")
        return redirect(url_for(".report", report_id=report.id))
    return render_template("monitoring_reports/respond.html", form=form, report=report)


@bp.route("/visit-reports/<int:report_id>/versions/<int:number>/document")
@roles_required(*REPORTERS)
def document(report_id: int, number: int):
    return document_response(get_monitoring_report_or_404(current_user, report_id), number)


@bp.route("/visit-reports/<int:report_id>/versions/<int:number>/receipt.pdf")
@roles_required(*REPORTERS)
def receipt(report_id: int, number: int):
    return receipt_response(get_monitoring_report_or_404(current_user, report_id), number)


@bp.route("/monitoring/bulk", methods=["GET", "POST"])
@accepts_up_to(bulk.MAX_REQUEST_BYTES)
@roles_required(*STAFF)
def bulk_upload():
    form = forms.BulkUploadForm()
    if not form.is_submitted():
        form.key.data = new_key()
    problems = []
    if form.validate_on_submit():
        result = bulk.submit(
            current_user,
            form.manifest.data,
            request.files.getlist("documents"),
            clock.now(),
            f"bulk-{current_user.id}-{form.key.data}",
        )
        if result.problems:
            problems = result.problems
            for field in (form.manifest, form.documents):
                field.errors = [p["text"] for p in problems if p["href"] == f"#{field.id}"][:1] or field.errors
        else:
            return redirect(url_for(".bulk_check", batch=result.batch))
    return render_template("monitoring_reports/bulk.html", form=form, problems=problems)


@bp.route("/monitoring/bulk/<batch>", methods=["GET", "POST"])
@roles_required(*STAFF)
def bulk_check(batch: str):
    """Every report of the batch with its answers (or a link to give them), and one declaration."""
    pendings = bulk.waiting(current_user, batch)
    if not pendings:
        return redirect(url_for(".bulk_sent", batch=batch)) if bulk.sent_batch(current_user, batch) else abort(404)
    form = forms.BulkDeclarationForm()
    problems = []
    if form.is_submitted():
        problems = [
            {
                "text": f"Give the answers of the report for {p.setting.name}, visited on "
                f"{uk_date(services.answers_of(p)['visit_date'])}",
                "href": f"#report-{number}",
            }
            for number, p in enumerate(pendings, start=1)
            if not bulk.answered(p)
        ]
        if form.validate() and not problems:
            bulk.send(pendings, current_user, clock.now())
            return redirect(url_for(".bulk_sent", batch=batch))
        if problems:  # the declaration's own problem joins them in the one summary
            problems += error_summary(form)["errorList"]
    return render_template(
        "monitoring_reports/bulk_check.html",
        form=form,
        problems=problems,
        reports=[(p, services.answers_of(p), bulk.answered(p)) for p in pendings],
        rules=rules,
    )


@bp.route("/monitoring/bulk/<batch>/sent")
@roles_required(*STAFF)
def bulk_sent(batch: str):
    reports = bulk.sent_batch(current_user, batch) or abort(404)
    return render_template("monitoring_reports/bulk_sent.html", reports=reports, batch=batch)


@bp.route("/monitoring/bulk/<batch>/receipt.pdf")
@roles_required(*STAFF)
def bulk_receipt(batch: str):
    reports = bulk.sent_batch(current_user, batch) or abort(404)
    return batch_receipt_response(reports)


def _after_answers(pending) -> str:
    """Where answers go once written: a report of a batch back to the batch, at its card."""
    if ":" in pending.key:
        batch, number = pending.key.rsplit(":", 1)
        return url_for(".bulk_check", batch=batch) + f"#report-{int(number) + 1}"
    return url_for(".check", key=pending.key)
