"""notifications between inspections: each a series of versions, its documents, drafts and triages

Revision ID: 0028_notifications
Revises: 0027_sent_finals_index
Create Date: 2026-12-03 11:11:15.159316

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0028_notifications"
down_revision = "0027_sent_finals_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("setting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("regulation", sa.String(length=4), nullable=True),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("follows_id", sa.Integer(), nullable=True),
        sa.Column("visit_report_id", sa.Integer(), nullable=True),
        sa.Column("latest_version", sa.Integer(), nullable=False),
        sa.Column("current_on", sa.Date(), nullable=False),
        sa.Column("enquiry_open", sa.Boolean(), nullable=False),
        sa.Column("triaged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("triage_decision", sa.String(length=30), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["follows_id"], ["notifications.id"], name=op.f("fk_notifications_follows_id_notifications")
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_notifications_owner_id_users")),
        sa.ForeignKeyConstraint(["sent_by_id"], ["users.id"], name=op.f("fk_notifications_sent_by_id_users")),
        sa.ForeignKeyConstraint(["setting_id"], ["settings.id"], name=op.f("fk_notifications_setting_id_settings")),
        sa.ForeignKeyConstraint(
            ["visit_report_id"],
            ["monitoring_reports.id"],
            name=op.f("fk_notifications_visit_report_id_monitoring_reports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("reference", name=op.f("uq_notifications_reference")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notifications_follows_id"), ["follows_id"], unique=False)
        batch_op.create_index("ix_notifications_owner_triaged", ["owner_id", "triaged_at"], unique=False)
        batch_op.create_index(
            "ix_notifications_enquiries_open",
            ["sent_at", "id"],
            unique=False,
            postgresql_where=sa.text("enquiry_open IS true"),
            sqlite_where=sa.text("enquiry_open IS true"),
        )
        batch_op.create_index("ix_notifications_queue", ["triaged_at", "severity", "sent_at"], unique=False)
        batch_op.create_index("ix_notifications_setting_sent", ["setting_id", "sent_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_notifications_visit_report_id"), ["visit_report_id"], unique=False)

    op.create_table(
        "notification_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("setting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=True),
        sa.Column("follows_id", sa.Integer(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("file_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["follows_id"], ["notifications.id"], name=op.f("fk_notification_drafts_follows_id_notifications")
        ),
        sa.ForeignKeyConstraint(
            ["notification_id"], ["notifications.id"], name=op.f("fk_notification_drafts_notification_id_notifications")
        ),
        sa.ForeignKeyConstraint(
            ["setting_id"], ["settings.id"], name=op.f("fk_notification_drafts_setting_id_settings")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notification_drafts_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_drafts")),
        sa.UniqueConstraint("key", name=op.f("uq_notification_drafts_key")),
    )
    with op.batch_alter_table("notification_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_drafts_user_id"), ["user_id"], unique=False)

    op.create_table(
        "notification_triages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_notification_triages_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notifications.id"],
            name=op.f("fk_notification_triages_notification_id_notifications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_triages")),
    )
    with op.batch_alter_table("notification_triages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_triages_notification_id"), ["notification_id"], unique=False)

    op.create_table(
        "notification_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=False),
        sa.Column("urn", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notifications.id"],
            name=op.f("fk_notification_versions_notification_id_notifications"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["users.id"], name=op.f("fk_notification_versions_submitted_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_versions")),
        sa.UniqueConstraint("notification_id", "number", name=op.f("uq_notification_versions_notification_id")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_notification_versions_submission_key")),
    )
    with op.batch_alter_table("notification_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_versions_notification_id"), ["notification_id"], unique=False)

    op.create_table(
        "notification_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"], ["stored_files.id"], name=op.f("fk_notification_documents_file_id_stored_files")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["notification_versions.id"],
            name=op.f("fk_notification_documents_version_id_notification_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_documents")),
        sa.UniqueConstraint("version_id", "file_id", name=op.f("uq_notification_documents_version_id")),
    )
    with op.batch_alter_table("notification_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_documents_version_id"), ["version_id"], unique=False)


def downgrade():
    with op.batch_alter_table("notification_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_documents_version_id"))

    op.drop_table("notification_documents")
    with op.batch_alter_table("notification_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_versions_notification_id"))

    op.drop_table("notification_versions")
    with op.batch_alter_table("notification_triages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_triages_notification_id"))

    op.drop_table("notification_triages")
    with op.batch_alter_table("notification_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_drafts_user_id"))

    op.drop_table("notification_drafts")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_visit_report_id"))
        batch_op.drop_index("ix_notifications_setting_sent")
        batch_op.drop_index("ix_notifications_queue")
        batch_op.drop_index("ix_notifications_enquiries_open")
        batch_op.drop_index("ix_notifications_owner_triaged")
        batch_op.drop_index(batch_op.f("ix_notifications_follows_id"))

    op.drop_table("notifications")
