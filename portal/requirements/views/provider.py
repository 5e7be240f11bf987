"""The provider's side: a setting's requirements and compliance notices, and what was done."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, downloads, uploads
from portal.core.access import roles_required
from portal.core.forms import run_use_case
from portal.providers.access import get_setting_or_404
from portal.requirements import forms, queries, rules, services
from portal.requirements.access import get_notice_or_404, get_requirement_or_404
from portal.requirements.services import RequirementRefused

bp = Blueprint("requirements_provider", __name__)
STAFF = (Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL)
CONCURRENT = "Someone else updated this requirement at the same moment. Check it and try again."


@bp.route("/settings/<int:setting_id>/requirements")
@roles_required(*STAFF)
def setting(setting_id: int):
    place = get_setting_or_404(current_user, setting_id)
    return render_template(
        "requirements/provider_setting.html",
        setting=place,
        requirements=queries.of_setting(current_user, place),
        notices=queries.notices_of(current_user, place),
        today=clock.today_uk(),
        rules=rules,
    )


def _page(requirement, form=None, problems=None):
    may_send = services.may_send_evidence(current_user, requirement)
    return render_template(
        "requirements/show.html",
        requirement=requirement,
        side="provider",
        form=(form or forms.EvidenceForm(formdata=None)) if may_send else None,
        problems=problems or [],
        today=clock.today_uk(),
        rules=rules,
    )


@bp.route("/requirements/<int:requirement_id>")
@roles_required(*STAFF)
def show(requirement_id: int):
    return _page(get_requirement_or_404(current_user, requirement_id))


@bp.route("/requirements/<int:requirement_id>/evidence", methods=["POST"])
@roles_required(*STAFF)
def evidence(requirement_id: int):
    requirement = get_requirement_or_404(current_user, requirement_id)
    form = forms.EvidenceForm()
    if not form.validate_on_submit():
        return _page(requirement, form)
    try:
        done, problems = run_use_case(
            form,
            lambda: services.send_evidence(
                requirement, form.text.data, form.documents.data or [], current_user, clock.now()
            ),
            RequirementRefused,
            CONCURRENT,
        )
    except uploads.UploadRejected as error:
        form.documents.errors.append(error.message)
        return _page(requirement, form)
    if not done:
        return _page(requirement, form, problems)
    flash("What you have done has been sent to the inspectorate.", "success")
    return redirect(url_for(".show", requirement_id=requirement.id))


@bp.route("/requirements/<int:requirement_id>/evidence/<int:evidence_id>")
@roles_required(*STAFF)
def document(requirement_id: int, evidence_id: int):
    return evidence_file(get_requirement_or_404(current_user, requirement_id), evidence_id)


def evidence_file(requirement, evidence_id: int):
    found = next((e for u in requirement.updates for e in u.evidence if e.id == evidence_id), None)
    if found is None:
        abort(404)
    response = downloads.stored_file(found.file)
    response.headers["X-Content-SHA256"] = found.file.sha256
    return response


@bp.route("/compliance-notices/<int:notice_id>")
@roles_required(*STAFF)
def notice(notice_id: int):
    return render_template(
        "requirements/notice.html",
        notice=get_notice_or_404(current_user, notice_id),
        side="provider",
        form=None,
        today=clock.today_uk(),
    )
