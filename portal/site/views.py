"""The start page, a health check for load balancers, the accessibility statement and the outbox
for inspectorate managers."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text

from portal.accounts.roles import Role
from portal.core import outbox as outbox_store
from portal.core.access import public, roles_required
from portal.core.paging import page_number
from portal.extensions import db

bp = Blueprint("site", __name__)


@bp.route("/")
@public
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.sign_in"))
    if current_user.role_enum.is_inspectorate:
        return redirect(url_for("dashboards.inspectorate_dashboard"))
    return redirect(url_for("dashboards.provider_dashboard"))


@bp.route("/healthz")
@public
def health():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.route("/accessibility")
@public
def accessibility():
    return render_template("site/accessibility.html")


@bp.route("/inspectorate/outbox")
@roles_required(Role.INSPECTORATE_MANAGER)
def outbox():
    """50 messages a page (``?page=``: not a number is page 1, past the end the last page), newest
    first; ``?words=`` finds messages by address or subject."""
    words = " ".join(request.args.get("words", "").split())[: outbox_store.SEARCH_MAX]
    messages = outbox_store.newest(page_number(request.args.get("page")), words)
    return render_template("site/outbox.html", messages=messages, words=words)


@bp.route("/inspectorate/outbox/<int:message_id>")
@roles_required(Role.INSPECTORATE_MANAGER)
def outbox_message(message_id: int):
    message = outbox_store.find(message_id)
    if message is None:
        abort(404)
    return render_template("site/outbox_message.html", message=message)
