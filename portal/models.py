"""Imports every model module so that SQLAlchemy and Alembic see all tables, and the listeners
that keep derived columns in step with them wherever models are written."""

from portal.accounts.models import *  # noqa: F403
from portal.accounts.session_records import UserSession  # noqa: F401
from portal.annex_a.models import *  # noqa: F403
from portal.complaints.models import *  # noqa: F403
from portal.core.audit import AuditChainHead, AuditEvent  # noqa: F401
from portal.core.outbox import OutboxMessage  # noqa: F401
from portal.core.storage import StoredFile  # noqa: F401
from portal.inspection_reports import published_areas  # noqa: F401  (keeps the areas with published reports)
from portal.inspection_reports.models import *  # noqa: F403
from portal.inspection_reports.models_publication import *  # noqa: F403
from portal.inspection_reports.models_quality import *  # noqa: F403
from portal.inspections import report_targets  # noqa: F401  (keeps each inspection's report targets)
from portal.inspections.models import *  # noqa: F403
from portal.monitoring_reports import gaps  # noqa: F401  (keeps each setting's late and missing counts)
from portal.monitoring_reports.models import *  # noqa: F403
from portal.next_steps.models import *  # noqa: F403
from portal.notifications.models import *  # noqa: F403
from portal.providers.models import *  # noqa: F403
from portal.requirements.models import *  # noqa: F403
from portal.summaries.models import *  # noqa: F403
