"""Who may use each route (R-ROLE-1, DESIGN.md convention 10): the mechanism, not the rules.

Every view declares its rule with :func:`public` or :func:`roles_required`; a test fails on any
route without one. What each user may *see* is each capability's own rule, in its ``access.py``
(``providers.access.visible_settings``, ``inspections.access.visible_inspections``, …). Their
``get_*_or_404`` helpers load through :func:`one_or_404`, so a user asking for something outside
their scope gets the same 404 as for something that does not exist.
"""

from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import Select

from portal.extensions import db

ACCESS_ATTRIBUTE = "access_rule"
P = ParamSpec("P")
R = TypeVar("R")


def public(view: Callable[P, R]) -> Callable[P, R]:
    """Open to everyone, signed in or not."""
    setattr(view, ACCESS_ATTRIBUTE, "public")
    return view


def roles_required(*roles: Hashable) -> Callable[[Callable[P, Any]], Callable[P, Any]]:
    """Signed-in users whose role is one of ``roles``; anyone else signed in gets 404 (R-ROLE-1)."""
    allowed = frozenset(roles)

    def decorator(view: Callable[P, Any]) -> Callable[P, Any]:
        @wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
            if not current_user.is_authenticated:
                return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
            if current_user.role not in allowed:
                abort(404)
            return view(*args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, allowed)
        return wrapper

    return decorator


def one_or_404(query: Select[Any]) -> Any:
    """The one row ``query`` finds, or a 404 page: out of scope and not there look the same."""
    found = db.session.scalar(query)
    if found is None:
        abort(404)
    return found
