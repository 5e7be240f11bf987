"""requirements of final reports followed to compliance, their updates and evidence, and compliance notices

Revision ID: 0029_requirements
Revises: 0028_notifications
Create Date: 2026-12-03 11:18:44.951128

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0029_requirements"
down_revision = "0028_notifications"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "compliance_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("setting_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=False),
        sa.Column("regulation", sa.String(length=40), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("comply_by", sa.Date(), nullable=False),
        sa.Column("visit_due", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=True),
        sa.Column("met", sa.Boolean(), nullable=True),
        sa.Column("finding", sa.Text(), nullable=True),
        sa.Column("visit_recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("visit_recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_compliance_notices_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["setting_id"], ["settings.id"], name=op.f("fk_compliance_notices_setting_id_settings")
        ),
        sa.ForeignKeyConstraint(
            ["visit_recorded_by_id"], ["users.id"], name=op.f("fk_compliance_notices_visit_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compliance_notices")),
        sa.UniqueConstraint("reference", name=op.f("uq_compliance_notices_reference")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_compliance_notices_submission_key")),
    )
    with op.batch_alter_table("compliance_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_compliance_notices_setting_id"), ["setting_id"], unique=False)
        batch_op.create_index("ix_compliance_notices_visit_due", ["visited_on", "visit_due"], unique=False)

    op.create_table(
        "requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("setting_id", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("regulation", sa.String(length=40), nullable=False),
        sa.Column("comply_by", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspections.id"], name=op.f("fk_requirements_inspection_id_inspections")
        ),
        sa.ForeignKeyConstraint(["setting_id"], ["settings.id"], name=op.f("fk_requirements_setting_id_settings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirements")),
        sa.UniqueConstraint("inspection_id", "paragraph", name=op.f("uq_requirements_inspection_id")),
    )
    with op.batch_alter_table("requirements", schema=None) as batch_op:
        batch_op.create_index("ix_requirements_open_by_date", ["status", "comply_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_requirements_setting_id"), ["setting_id"], unique=False)

    op.create_table(
        "requirement_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_requirement_updates_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["requirement_id"], ["requirements.id"], name=op.f("fk_requirement_updates_requirement_id_requirements")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirement_updates")),
    )
    with op.batch_alter_table("requirement_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_requirement_updates_requirement_id"), ["requirement_id"], unique=False)

    op.create_table(
        "requirement_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"], ["stored_files.id"], name=op.f("fk_requirement_evidence_file_id_stored_files")
        ),
        sa.ForeignKeyConstraint(
            ["update_id"],
            ["requirement_updates.id"],
            name=op.f("fk_requirement_evidence_update_id_requirement_updates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirement_evidence")),
        sa.UniqueConstraint("update_id", "file_id", name=op.f("uq_requirement_evidence_update_id")),
    )
    with op.batch_alter_table("requirement_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_requirement_evidence_update_id"), ["update_id"], unique=False)


def downgrade():
    with op.batch_alter_table("requirement_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requirement_evidence_update_id"))

    op.drop_table("requirement_evidence")
    with op.batch_alter_table("requirement_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requirement_updates_requirement_id"))

    op.drop_table("requirement_updates")
    with op.batch_alter_table("requirements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requirements_setting_id"))
        batch_op.drop_index("ix_requirements_open_by_date")

    op.drop_table("requirements")
    with op.batch_alter_table("compliance_notices", schema=None) as batch_op:
        batch_op.drop_index("ix_compliance_notices_visit_due")
        batch_op.drop_index(batch_op.f("ix_compliance_notices_setting_id"))

    op.drop_table("compliance_notices")
