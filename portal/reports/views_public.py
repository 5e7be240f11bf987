"""Published inspection reports, open to everyone without signing in (R-TL-3, R-DR-5)."""

from flask import Blueprint

bp = Blueprint("reports_public", __name__, url_prefix="/published-reports")
