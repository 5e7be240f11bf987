"""complaints

Revision ID: 0005_complaints
Revises: 0004_inspection_reports
Create Date: 2026-11-24 02:25:03.874764

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005_complaints"
down_revision = "0004_inspection_reports"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=True),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("earlier_concerns", sa.Text(), nullable=True),
        sa.Column("outcome_sought", sa.Text(), nullable=True),
        sa.Column("prepared_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lodged_by_id", sa.Integer(), nullable=True),
        sa.Column("lodged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("holds_final", sa.Boolean(), nullable=False),
        sa.Column("response_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        sa.Column("investigator_id", sa.Integer(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("overall_response", sa.Text(), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("responded_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"], ["users.id"], name=op.f("fk_complaints_acknowledged_by_id_users")
        ),
        sa.ForeignKeyConstraint(["assigned_by_id"], ["users.id"], name=op.f("fk_complaints_assigned_by_id_users")),
        sa.ForeignKeyConstraint(["closed_by_id"], ["users.id"], name=op.f("fk_complaints_closed_by_id_users")),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspections.id"], name=op.f("fk_complaints_inspection_id_inspections")
        ),
        sa.ForeignKeyConstraint(["investigator_id"], ["users.id"], name=op.f("fk_complaints_investigator_id_users")),
        sa.ForeignKeyConstraint(["lodged_by_id"], ["users.id"], name=op.f("fk_complaints_lodged_by_id_users")),
        sa.ForeignKeyConstraint(["prepared_by_id"], ["users.id"], name=op.f("fk_complaints_prepared_by_id_users")),
        sa.ForeignKeyConstraint(["responded_by_id"], ["users.id"], name=op.f("fk_complaints_responded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("reference", name=op.f("uq_complaints_reference")),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaints_inspection_id"), ["inspection_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaints_lodged_at"), ["lodged_at"], unique=False)

    op.create_table(
        "informal_concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("replied_by_id", sa.Integer(), nullable=True),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspections.id"], name=op.f("fk_informal_concerns_inspection_id_inspections")
        ),
        sa.ForeignKeyConstraint(["raised_by_id"], ["users.id"], name=op.f("fk_informal_concerns_raised_by_id_users")),
        sa.ForeignKeyConstraint(["replied_by_id"], ["users.id"], name=op.f("fk_informal_concerns_replied_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_informal_concerns")),
        sa.UniqueConstraint("reference", name=op.f("uq_informal_concerns_reference")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_informal_concerns_submission_key")),
    )
    with op.batch_alter_table("informal_concerns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_informal_concerns_inspection_id"), ["inspection_id"], unique=False)

    op.create_table(
        "complaint_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("finding", sa.String(length=20), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=True),
        sa.Column("action_taken", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_complaint_points_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_complaint_points_complaint_id_complaints")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_points")),
        sa.UniqueConstraint("complaint_id", "number", name=op.f("uq_complaint_points_complaint_id")),
    )
    with op.batch_alter_table("complaint_points", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_points_complaint_id"), ["complaint_id"], unique=False)

    op.create_table(
        "complaint_point_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"], ["stored_files.id"], name=op.f("fk_complaint_point_evidence_file_id_stored_files")
        ),
        sa.ForeignKeyConstraint(
            ["point_id"], ["complaint_points.id"], name=op.f("fk_complaint_point_evidence_point_id_complaint_points")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_point_evidence")),
        sa.UniqueConstraint("point_id", "file_id", name=op.f("uq_complaint_point_evidence_point_id")),
    )
    with op.batch_alter_table("complaint_point_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_point_evidence_point_id"), ["point_id"], unique=False)


def downgrade():

    with op.batch_alter_table("complaint_point_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_point_evidence_point_id"))

    op.drop_table("complaint_point_evidence")
    with op.batch_alter_table("complaint_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_points_complaint_id"))

    op.drop_table("complaint_points")
    with op.batch_alter_table("informal_concerns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_informal_concerns_inspection_id"))

    op.drop_table("informal_concerns")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaints_lodged_at"))
        batch_op.drop_index(batch_op.f("ix_complaints_inspection_id"))

    op.drop_table("complaints")
