"""changes of an Annex A request's due time

Revision ID: 0019_annex_a_due_time_changes
Revises: 0018_final_report_changes
Create Date: 2026-12-01 13:00:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0019_annex_a_due_time_changes'
down_revision = '0018_final_report_changes'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
