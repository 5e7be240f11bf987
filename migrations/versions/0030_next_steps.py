"""the next steps after an inadequate or serious-concern judgement, each recorded once

Revision ID: 0030_next_steps
Revises: 0029_requirements
Create Date: 2026-12-03 11:24:02.168068

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0030_next_steps"
down_revision = "0029_requirements"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "next_step_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_next_step_records_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspections.id"], name=op.f("fk_next_step_records_inspection_id_inspections")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_next_step_records")),
        sa.UniqueConstraint("inspection_id", "step", name=op.f("uq_next_step_records_inspection_id")),
    )
    with op.batch_alter_table("next_step_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_next_step_records_inspection_id"), ["inspection_id"], unique=False)


def downgrade():
    with op.batch_alter_table("next_step_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_next_step_records_inspection_id"))

    op.drop_table("next_step_records")
