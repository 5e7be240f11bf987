"""Finding settings."""

from sqlalchemy import select

from portal.extensions import db
from portal.providers.models import Setting


def find_setting_by_urn(urn: str) -> Setting | None:
    return db.session.scalar(select(Setting).where(Setting.urn == (urn or "").strip().upper()))
