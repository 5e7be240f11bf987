"""Who may read an Annex A version (R-ROLE-1)."""

from flask import abort
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.annex_a.models import AnnexARequest, AnnexAVersion
from portal.core.access import one_or_404
from portal.inspections.access import visible_inspections
from portal.inspections.models import Inspection
from portal.providers.access import visible_settings
from portal.providers.models import Setting


def get_annex_a_version_or_404(user: User, version_id: int) -> AnnexAVersion:
    """An Annex A version: the provider's staff through the setting, the inspectorate through
    the inspection it was requested at; never an independent person."""
    if user.role == Role.INDEPENDENT_PERSON:
        abort(404)
    query = select(AnnexAVersion).join(AnnexARequest).where(AnnexAVersion.id == version_id)
    if user.role in (Role.INSPECTOR, Role.INSPECTORATE_MANAGER):
        query = query.where(AnnexARequest.inspection_id.in_(visible_inspections(user).with_only_columns(Inspection.id)))
    else:
        settings = visible_settings(user).with_only_columns(Setting.id)
        query = query.join(Inspection, Inspection.id == AnnexARequest.inspection_id).where(
            Inspection.setting_id.in_(settings)
        )
    return one_or_404(query)
