"""The provider's side: a setting's notifications, sending one (kind, answers, check, declaration),
its outcome or an update, and the receipt."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, contributions, uploads
from portal.core.access import roles_required
from portal.core.forms import show_refusal
from portal.extensions import db
from portal.monitoring_reports.history import VISIT_REPORT_PAGE
from portal.notifications import forms, queries, rules, services, shown
from portal.notifications.access import get_notification_or_404, get_notifying_setting_or_404
from portal.notifications.services import NotificationRefused
from portal.notifications.views.files import document_response, receipt_response
from portal.providers.access import get_setting_or_404
from portal.providers.models import SettingType

bp = Blueprint("notifications_provider", __name__)


@contributions.contributes(VISIT_REPORT_PAGE)
def _on_the_visit_report_page(report, user) -> dict:
    """R-MON-3: the urgent concerns this report followed, for those who may see them."""
    return {"urgent_concerns_followed": queries.followed(user, report)}


STAFF = tuple(rules.STAFF)
SENDERS = tuple(rules.SENDERS)


@bp.route("/settings/<int:setting_id>/notifications")
@roles_required(*STAFF)
def setting(setting_id: int):
    place = get_setting_or_404(current_user, setting_id)
    page = queries.for_setting(current_user, place, request.args.get("page"))
    return render_template(
        "notifications/provider_setting.html",
        setting=place,
        page=page,
        kinds=rules.offered(place.type_enum, current_user.role),
        awaiting=queries.awaiting_outcome(current_user, place),
        rules=rules,
    )


@bp.route("/settings/<int:setting_id>/notifications/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new(setting_id: int):
    place = get_notifying_setting_or_404(current_user, setting_id)
    form = forms.kind_form(place.type_enum, current_user.role)
    if form.validate_on_submit():
        return redirect(url_for(".write", setting_id=place.id, notification_kind=form.kind.data))
    return render_template("notifications/kind.html", form=form, setting=place, rules=rules)


@bp.route("/settings/<int:setting_id>/notifications/new/<notification_kind>", methods=["GET", "POST"])
@roles_required(*SENDERS)
def write(setting_id: int, notification_kind: str):
    kind = notification_kind
    place = get_notifying_setting_or_404(current_user, setting_id)
    if kind not in rules.offered(place.type_enum, current_user.role):
        if current_user.role == Role.INDEPENDENT_PERSON:
            abort(404)  # a visitor's one kind is the urgent concern, reached from their dashboard
        return _not_offered(place)
    return _answers(place, kind)


def _not_offered(place):
    """A kind that does not apply to the setting, or is not this person's to send: the choice
    again, saying so (issue 19: a GOV.UK error, nothing stored)."""
    form = forms.kind_form(place.type_enum, current_user.role)
    message = f"Select what you need to tell the inspectorate about {place.name}: that kind does not apply"
    if not form.kind.choices:  # nothing to choose: the page says why, and the summary has no field to link to
        return render_template(
            "notifications/kind.html", form=form, setting=place, rules=rules, problems=[{"text": message}]
        )
    form.kind.errors = [message]
    return render_template("notifications/kind.html", form=form, setting=place, rules=rules)


@bp.route("/notifications/<int:notification_id>/outcome", methods=["GET", "POST"])
@roles_required(*STAFF)
def outcome(notification_id: int):
    """R-NTF-2: the outcome of a child protection enquiry, sent from the event's own page."""
    original = get_notification_or_404(current_user, notification_id)
    if not original.enquiry_open:
        abort(404)
    return _answers(original.setting, "enquiry_outcome", follows=original)


@bp.route("/notifications/<int:notification_id>/update", methods=["GET", "POST"])
@roles_required(*SENDERS)
def update(notification_id: int):
    notification = get_notification_or_404(current_user, notification_id)
    if not services.may_update(current_user, notification):
        abort(404)
    return _answers(notification.setting, notification.kind, notification=notification)


def _answers(place, kind, notification=None, follows=None, draft=None):
    """The kind's questions; from a Change link, the answers waiting on the check page (``draft``)."""
    now = clock.now()
    form = forms.notification_form(kind, update=notification is not None)()
    if "children" in form and place.type_enum == SettingType.RESIDENTIAL_FAMILY_CENTRE:
        form.children.label.text = "Which children and parents are involved?"
    if not form.is_submitted():
        if draft is not None:
            _fill(form, shown.answers_of(draft))
        elif notification is not None:
            _fill(form, shown.answers_of(notification.current) | {"reason": None})
    if form.validate_on_submit():
        answers = form.answers()
        try:
            if draft is not None:
                services.revise(draft, answers, form.documents.data or [], now)
            else:
                draft = services.prepare(
                    current_user, place, kind, answers, form.documents.data or [], now, notification, follows
                )
        except NotificationRefused as refusal:
            show_refusal(refusal, form, [])
        except uploads.UploadRejected as error:
            form.documents.errors.append(error.message)
        else:
            return redirect(url_for(".check", draft_key=draft.key))
    return render_template(
        "notifications/form.html",
        form=form,
        setting=place,
        spec=rules.KIND_BY_KEY[kind],
        regulation=rules.regulation_of(kind, place.type_enum),
        notification=notification,
        follows=follows,
        draft=draft,
        children_hint=forms.children_hint(place.type_enum),
    )


def _fill(form, answers: dict) -> None:
    for name in forms.ANSWER_FIELDS:
        if name in form:
            form[name].data = answers.get(name)


@bp.route("/notifications/drafts/<draft_key>/check", methods=["GET", "POST"])
@roles_required(*SENDERS)
def check(draft_key: str):
    key = draft_key
    draft = services.draft_for(current_user, key)
    if draft is None:
        sent = services.notification_for_key(key)
        if sent is None:
            abort(404)
        get_notification_or_404(current_user, sent.id)
        return redirect(url_for(".sent", notification_id=sent.id))
    form = (forms.UpdateDeclarationForm if draft.notification else forms.DeclarationForm)()
    problems: list = []
    if form.validate_on_submit():
        try:
            notification = services.send(draft, current_user, clock.now())
        except NotificationRefused as refusal:
            db.session.rollback()
            anchor = f"#{refusal.field}" if refusal.field else ""
            show_refusal(refusal, None, problems, url_for(".change", draft_key=key) + anchor)
        else:
            return redirect(url_for(".sent", notification_id=notification.id))
    answers = shown.answers_of(draft)
    return render_template(
        "notifications/check.html",
        form=form,
        draft=draft,
        problems=problems,
        rows=shown.answer_rows(draft.kind, answers),
        reason=answers.get("reason"),
        files=queries.files(draft.file_ids),
        spec=rules.KIND_BY_KEY[draft.kind],
        short_notice=rules.short_notice(draft.kind, draft.setting.type_enum, answers["on"], clock.today_uk()),
    )


@bp.route("/notifications/drafts/<draft_key>/change", methods=["GET", "POST"])
@roles_required(*SENDERS)
def change(draft_key: str):
    draft = services.draft_for(current_user, draft_key)
    if draft is None:
        return check(draft_key)  # sent already, or never this person's (404)
    return _answers(draft.setting, draft.kind, notification=draft.notification, follows=draft.follows, draft=draft)


@bp.route("/notifications/<int:notification_id>/visit-report", methods=["POST"])
@roles_required(Role.INDEPENDENT_PERSON)
def link_visit_report(notification_id: int):
    """R-MON-3: the later visit report linked to the urgent concern it follows, by the concern's author."""
    notification = get_notification_or_404(current_user, notification_id)
    candidates = services.followed_by_candidates(notification, current_user)
    if not candidates:
        abort(404)
    form = forms.link_report_form(candidates, request.form)
    problems: list = []
    if form.validate_on_submit():
        report_id = int(form.report.data)
        try:
            services.link_visit_report(notification, report_id, current_user, clock.now())
        except NotificationRefused as refusal:
            show_refusal(refusal, form, problems)
        else:
            flash("The visit report is linked to your urgent concern.", "success")
            return redirect(url_for(".show", notification_id=notification.id))
    return _show(notification, form, problems)


@bp.route("/notifications/<int:notification_id>/sent")
@roles_required(*SENDERS)
def sent(notification_id: int):
    notification = get_notification_or_404(current_user, notification_id)
    return render_template("notifications/sent.html", notification=notification, rules=rules)


@bp.route("/notifications/<int:notification_id>")
@roles_required(*SENDERS)
def show(notification_id: int):
    return _show(get_notification_or_404(current_user, notification_id))


def _show(notification, link_form=None, problems=None):
    candidates = services.followed_by_candidates(notification, current_user)
    if candidates and link_form is None:
        link_form = forms.link_report_form(candidates, formdata=None)
    return render_template(
        "notifications/show.html",
        notification=notification,
        side="provider",
        rules=rules,
        shown=shown,
        answers_of=shown.answers_of,
        may_update=services.may_update(current_user, notification),
        outcomes=queries.outcomes_of(notification),
        link_form=link_form if candidates else None,
        problems=problems or [],
    )


@bp.route("/notifications/<int:notification_id>/versions/<int:number>/receipt.pdf")
@roles_required(*SENDERS)
def receipt(notification_id: int, number: int):
    return receipt_response(get_notification_or_404(current_user, notification_id), number)


@bp.route("/notifications/<int:notification_id>/versions/<int:number>/documents/<int:document_id>")
@roles_required(*SENDERS)
def document(notification_id: int, number: int, document_id: int):
    return document_response(get_notification_or_404(current_user, notification_id), number, document_id)
