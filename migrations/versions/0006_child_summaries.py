"""child summaries

Revision ID: 0006_child_summaries
Revises: 0005_complaints
Create Date: 2026-11-24 03:00:42.778963

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006_child_summaries"
down_revision = "0005_complaints"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "child_summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("no_summary_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspections.id"], name=op.f("fk_child_summaries_inspection_id_inspections")
        ),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_child_summaries_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_summaries")),
        sa.UniqueConstraint("inspection_id", name=op.f("uq_child_summaries_inspection_id")),
    )
    op.create_table(
        "adaptation_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fulfilled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["users.id"], name=op.f("fk_adaptation_requests_requested_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["summary_id"], ["child_summaries.id"], name=op.f("fk_adaptation_requests_summary_id_child_summaries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_requests")),
    )
    with op.batch_alter_table("adaptation_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_adaptation_requests_summary_id"), ["summary_id"], unique=False)

    op.create_table(
        "summary_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["added_by_id"], ["users.id"], name=op.f("fk_summary_files_added_by_id_users")),
        sa.ForeignKeyConstraint(["file_id"], ["stored_files.id"], name=op.f("fk_summary_files_file_id_stored_files")),
        sa.ForeignKeyConstraint(
            ["request_id"], ["adaptation_requests.id"], name=op.f("fk_summary_files_request_id_adaptation_requests")
        ),
        sa.ForeignKeyConstraint(
            ["summary_id"], ["child_summaries.id"], name=op.f("fk_summary_files_summary_id_child_summaries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_files")),
    )
    with op.batch_alter_table("summary_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_summary_files_summary_id"), ["summary_id"], unique=False)


def downgrade():

    with op.batch_alter_table("summary_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_summary_files_summary_id"))

    op.drop_table("summary_files")
    with op.batch_alter_table("adaptation_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adaptation_requests_summary_id"))

    op.drop_table("adaptation_requests")
    op.drop_table("child_summaries")
