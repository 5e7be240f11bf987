"""inspection reports

Revision ID: 0004_inspection_reports
Revises: 0003_annex_a
Create Date: 2026-11-24 01:51:17.673120

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_inspection_reports"
down_revision = "0003_annex_a"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "inspection_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("judgement_change_reasons", sa.Text(), nullable=True),
        sa.Column("draft", sa.JSON(), nullable=True),
        sa.Column("final", sa.JSON(), nullable=True),
        sa.Column("publish_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("final_sent_by_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["final_sent_by_id"], ["users.id"], name=op.f("fk_inspection_reports_final_sent_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspections.id"], name=op.f("fk_inspection_reports_inspection_id_inspections")
        ),
        sa.ForeignKeyConstraint(["issued_by_id"], ["users.id"], name=op.f("fk_inspection_reports_issued_by_id_users")),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_inspection_reports_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_reports")),
        sa.UniqueConstraint("inspection_id", name=op.f("uq_inspection_reports_inspection_id")),
    )
    with op.batch_alter_table("inspection_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_reports_publish_at"), ["publish_at"], unique=False)

    op.create_table(
        "comment_returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["inspection_reports.id"], name=op.f("fk_comment_returns_report_id_inspection_reports")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["users.id"], name=op.f("fk_comment_returns_submitted_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_returns")),
        sa.UniqueConstraint("reference", name=op.f("uq_comment_returns_reference")),
        sa.UniqueConstraint("report_id", name=op.f("uq_comment_returns_report_id")),
    )
    op.create_table(
        "draft_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("paragraph_number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("proposed_wording", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response", sa.String(length=30), nullable=True),
        sa.Column("response_reason", sa.Text(), nullable=True),
        sa.Column("responded_by_id", sa.Integer(), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_draft_comments_created_by_id_users")),
        sa.ForeignKeyConstraint(
            ["report_id"], ["inspection_reports.id"], name=op.f("fk_draft_comments_report_id_inspection_reports")
        ),
        sa.ForeignKeyConstraint(
            ["responded_by_id"], ["users.id"], name=op.f("fk_draft_comments_responded_by_id_users")
        ),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_draft_comments_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_comments")),
        sa.UniqueConstraint("client_key", name=op.f("uq_draft_comments_client_key")),
    )
    with op.batch_alter_table("draft_comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_comments_report_id"), ["report_id"], unique=False)

    op.create_table(
        "window_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("previous_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("new_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("extended_by_id", sa.Integer(), nullable=False),
        sa.Column("extended_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["extended_by_id"], ["users.id"], name=op.f("fk_window_extensions_extended_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["inspection_reports.id"], name=op.f("fk_window_extensions_report_id_inspection_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_window_extensions")),
    )
    with op.batch_alter_table("window_extensions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_window_extensions_report_id"), ["report_id"], unique=False)

    op.create_table(
        "comment_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["draft_comments.id"], name=op.f("fk_comment_evidence_comment_id_draft_comments")
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["stored_files.id"], name=op.f("fk_comment_evidence_file_id_stored_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_evidence")),
        sa.UniqueConstraint("comment_id", "file_id", name=op.f("uq_comment_evidence_comment_id")),
    )
    with op.batch_alter_table("comment_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comment_evidence_comment_id"), ["comment_id"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("submits_draft_comments", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("submits_draft_comments")

    with op.batch_alter_table("comment_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_evidence_comment_id"))

    op.drop_table("comment_evidence")
    with op.batch_alter_table("window_extensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_window_extensions_report_id"))

    op.drop_table("window_extensions")
    with op.batch_alter_table("draft_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_comments_report_id"))

    op.drop_table("draft_comments")
    op.drop_table("comment_returns")
    with op.batch_alter_table("inspection_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_reports_publish_at"))

    op.drop_table("inspection_reports")
