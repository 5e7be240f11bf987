"""reasons for judgements changed between draft and final, and the paragraphs a comment response amends

Revision ID: 0018_final_report_changes
Revises: 0017_feedback_judgement_corrections
Create Date: 2026-12-01 13:00:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0018_final_report_changes'
down_revision = '0017_feedback_judgement_corrections'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
