"""reasons for judgements changed between draft and final, and the paragraphs a comment response amends

Revision ID: 0018_final_report_changes
Revises: 0017_feedback_judgement_corrections
Create Date: 2026-12-01 13:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018_final_report_changes"
down_revision = "0017_feedback_judgement_corrections"
branch_labels = None
depends_on = None


def upgrade():
    # Issue 14 (as R-INSP-2 for feedback → draft): why judgements changed between draft and final.
    with op.batch_alter_table("inspection_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("final_judgement_change_reasons", sa.Text(), nullable=True))
    # R-DR-4: the draft paragraphs a response says the final report amends.
    with op.batch_alter_table("draft_comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amended_paragraphs", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("draft_comments", schema=None) as batch_op:
        batch_op.drop_column("amended_paragraphs")
    with op.batch_alter_table("inspection_reports", schema=None) as batch_op:
        batch_op.drop_column("final_judgement_change_reasons")
