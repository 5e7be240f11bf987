"""Signing in and out, two-factor codes and "Your account": one blueprint, ``accounts``, that
each module of this package adds its pages to (the factory imports every one)."""

from flask import Blueprint

from portal.accounts.roles import Role

bp = Blueprint("accounts", __name__)
ALL_ROLES = tuple(Role)
