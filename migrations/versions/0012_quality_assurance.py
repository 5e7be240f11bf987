"""quality assurance, sign-off and copies of reports

Revision ID: 0012_quality_assurance
Revises: 0011_inspectorate_of_inspectors
Create Date: 2026-12-01 09:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012_quality_assurance"
down_revision = "0011_inspectorate_of_inspectors"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_quality_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("given_by", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_report_quality_records_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["inspection_reports.id"],
            name=op.f("fk_report_quality_records_report_id_inspection_reports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_quality_records")),
    )
    with op.batch_alter_table("report_quality_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_quality_records_report_id"), ["report_id"], unique=False)

    op.create_table(
        "report_quality_disagreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("ofsted_manager", sa.String(length=200), nullable=False),
        sa.Column("hmip_manager", sa.String(length=200), nullable=False),
        sa.Column("cqc_manager", sa.String(length=200), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_report_quality_disagreements_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["inspection_reports.id"],
            name=op.f("fk_report_quality_disagreements_report_id_inspection_reports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_quality_disagreements")),
    )
    with op.batch_alter_table("report_quality_disagreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_quality_disagreements_report_id"), ["report_id"], unique=False)

    op.create_table(
        "report_copies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.String(length=10), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_report_copies_recorded_by_id_users")),
        sa.ForeignKeyConstraint(
            ["report_id"], ["inspection_reports.id"], name=op.f("fk_report_copies_report_id_inspection_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_copies")),
        sa.UniqueConstraint("report_id", "document", "recipient", name=op.f("uq_report_copies_report_id")),
    )
    with op.batch_alter_table("report_copies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_copies_report_id"), ["report_id"], unique=False)


def downgrade():
    with op.batch_alter_table("report_copies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_copies_report_id"))
    op.drop_table("report_copies")
    with op.batch_alter_table("report_quality_disagreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_quality_disagreements_report_id"))
    op.drop_table("report_quality_disagreements")
    with op.batch_alter_table("report_quality_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_quality_records_report_id"))
    op.drop_table("report_quality_records")
