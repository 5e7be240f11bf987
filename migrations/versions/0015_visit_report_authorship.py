"""the independent person's report stays theirs, and serious-concern alerts have an owner

Revision ID: 0015_visit_report_authorship
Revises: 0014_deferral_views_and_adaptation
Create Date: 2026-12-01 13:00:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0015_visit_report_authorship'
down_revision = '0014_deferral_views_and_adaptation'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
