"""corrections of the judgements given at feedback

Revision ID: 0017_feedback_judgement_corrections
Revises: 0016_inspection_withdrawal
Create Date: 2026-12-01 13:00:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0017_feedback_judgement_corrections'
down_revision = '0016_inspection_withdrawal'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
