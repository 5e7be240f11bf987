"""the independent person's report stays theirs, and serious-concern alerts have an owner

Revision ID: 0015_visit_report_authorship
Revises: 0014_deferral_views_and_adaptation
Create Date: 2026-12-01 13:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015_visit_report_authorship"
down_revision = "0014_deferral_views_and_adaptation"
branch_labels = None
depends_on = None


def upgrade():
    # R-MON-6: the provider's responses to a visit report, kept beside it.
    op.create_table(
        "visit_report_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_visit_report_responses_author_id_users")),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["monitoring_reports.id"],
            name=op.f("fk_visit_report_responses_report_id_monitoring_reports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_report_responses")),
    )
    with op.batch_alter_table("visit_report_responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_report_responses_report_id"), ["report_id"], unique=False)

    # R-MON-3: what the inspectorate did about each serious-concern alert.
    op.create_table(
        "concern_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_concern_actions_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["report_id"], ["monitoring_reports.id"], name=op.f("fk_concern_actions_report_id_monitoring_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_actions")),
    )
    with op.batch_alter_table("concern_actions", schema=None) as batch_op:
        batch_op.create_index("ix_concern_actions_report_version", ["report_id", "version_number"], unique=False)

    with op.batch_alter_table("report_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("concern_alert", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("concern_withdrawal_reason", sa.Text(), nullable=True))
        batch_op.create_index("ix_report_versions_concern_alert", ["concern_alert"], unique=False)

    # Every version that raised a concern the version before it did not had alerted the inspector.
    op.execute(
        sa.text(
            "UPDATE report_versions SET concern_alert = :yes WHERE serious_concern = :yes AND NOT EXISTS ("
            " SELECT 1 FROM report_versions AS earlier WHERE earlier.report_id = report_versions.report_id"
            " AND earlier.number = report_versions.number - 1 AND earlier.serious_concern = :yes)"
        ).bindparams(yes=True)
    )
    # A concern marked as seen before keeps that acknowledgement, now as an action on the version seen.
    op.execute(
        sa.text(
            "INSERT INTO concern_actions (report_id, version_number, kind, note, actor_id, created_at)"
            " SELECT id, latest_version, 'seen', 'Marked as seen', concern_seen_by_id, concern_seen_at"
            " FROM monitoring_reports WHERE concern_seen_at IS NOT NULL AND concern_seen_by_id IS NOT NULL"
        )
    )
    with op.batch_alter_table("monitoring_reports", schema=None) as batch_op:
        batch_op.drop_constraint("fk_monitoring_reports_concern_seen_by_id_users", type_="foreignkey")
        batch_op.drop_column("concern_seen_by_id")
        batch_op.drop_column("concern_seen_at")


def downgrade():
    with op.batch_alter_table("monitoring_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("concern_seen_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("concern_seen_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_monitoring_reports_concern_seen_by_id_users", "users", ["concern_seen_by_id"], ["id"]
        )
    op.execute(
        sa.text(
            "UPDATE monitoring_reports SET"
            " concern_seen_at = (SELECT MIN(created_at) FROM concern_actions WHERE report_id = monitoring_reports.id),"
            " concern_seen_by_id = (SELECT actor_id FROM concern_actions WHERE report_id = monitoring_reports.id"
            " ORDER BY id LIMIT 1)"
        )
    )
    with op.batch_alter_table("report_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_report_versions_concern_alert")
        batch_op.drop_column("concern_withdrawal_reason")
        batch_op.drop_column("concern_alert")
    op.drop_table("concern_actions")
    op.drop_table("visit_report_responses")
