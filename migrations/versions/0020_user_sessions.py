"""server-side sessions

Revision ID: 0020_user_sessions
Revises: 0019_annex_a_due_time_changes
Create Date: 2026-12-01 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_user_sessions'
down_revision = '0019_annex_a_due_time_changes'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
