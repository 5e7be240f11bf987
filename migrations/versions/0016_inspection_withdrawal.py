"""inspections withdrawn when entered in error

Revision ID: 0016_inspection_withdrawal
Revises: 0015_visit_report_authorship
Create Date: 2026-12-01 13:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016_inspection_withdrawal"
down_revision = "0015_visit_report_authorship"
branch_labels = None
depends_on = None


def upgrade():
    # An inspection withdrawn when entered in error keeps its row: who withdrew it, when, why and
    # from which status (DESIGN.md convention 6). The key of its check-your-answers page makes
    # confirming twice create one inspection.
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("creation_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("withdrawal_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_from", sa.String(length=20), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_inspections_creation_key"), ["creation_key"])
        batch_op.create_foreign_key(
            batch_op.f("fk_inspections_withdrawn_by_id_users"), "users", ["withdrawn_by_id"], ["id"]
        )
    op.create_table(
        "pending_inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_pending_inspections_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_inspections")),
        sa.UniqueConstraint("key", name=op.f("uq_pending_inspections_key")),
    )
    with op.batch_alter_table("pending_inspections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_inspections_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("pending_inspections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_inspections_user_id"))
    op.drop_table("pending_inspections")
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_inspections_withdrawn_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_inspections_creation_key"), type_="unique")
        batch_op.drop_column("withdrawn_from")
        batch_op.drop_column("withdrawal_reason")
        batch_op.drop_column("withdrawn_by_id")
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("creation_key")
