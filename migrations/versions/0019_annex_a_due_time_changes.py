"""changes of an Annex A request's due time

Revision ID: 0019_annex_a_due_time_changes
Revises: 0018_final_report_changes
Create Date: 2026-12-01 13:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019_annex_a_due_time_changes"
down_revision = "0018_final_report_changes"
branch_labels = None
depends_on = None


def upgrade():
    # R-AXA-2: every move of a request's due time, with the old one and the reason.
    op.create_table(
        "annex_a_due_time_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("old_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("new_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_annex_a_due_time_changes_changed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["annex_a_requests.id"],
            name=op.f("fk_annex_a_due_time_changes_request_id_annex_a_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annex_a_due_time_changes")),
    )
    with op.batch_alter_table("annex_a_due_time_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_annex_a_due_time_changes_request_id"), ["request_id"], unique=False)
    # The due time in force when each version arrived. Versions returned before it was kept stay
    # without one: the request's due time may have moved since, and their on-time status stands.
    with op.batch_alter_table("annex_a_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("annex_a_versions", schema=None) as batch_op:
        batch_op.drop_column("due_at")
    with op.batch_alter_table("annex_a_due_time_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_annex_a_due_time_changes_request_id"))
    op.drop_table("annex_a_due_time_changes")
