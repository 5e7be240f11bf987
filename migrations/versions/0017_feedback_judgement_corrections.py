"""corrections of the judgements given at feedback

Revision ID: 0017_feedback_judgement_corrections
Revises: 0016_inspection_withdrawal
Create Date: 2026-12-01 13:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017_feedback_judgement_corrections"
down_revision = "0016_inspection_withdrawal"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "feedback_judgement_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("corrected_by_id", sa.Integer(), nullable=False),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrected_by_id"], ["users.id"], name=op.f("fk_feedback_judgement_corrections_corrected_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_feedback_judgement_corrections_inspection_id_inspections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_judgement_corrections")),
        sa.UniqueConstraint("inspection_id", "number", name=op.f("uq_feedback_judgement_corrections_inspection_id")),
    )
    with op.batch_alter_table("feedback_judgement_corrections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_judgement_corrections_inspection_id"), ["inspection_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("feedback_judgement_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_judgement_corrections_inspection_id"))

    op.drop_table("feedback_judgement_corrections")
