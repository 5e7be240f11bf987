"""inspections withdrawn when entered in error

Revision ID: 0016_inspection_withdrawal
Revises: 0015_visit_report_authorship
Create Date: 2026-12-01 13:00:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0016_inspection_withdrawal'
down_revision = '0015_visit_report_authorship'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
