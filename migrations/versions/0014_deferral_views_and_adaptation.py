"""partner inspectorates' views on deferrals and requests to adapt summaries

Revision ID: 0014_deferral_views_and_adaptation
Revises: 0013_publication_decisions
Create Date: 2026-12-01 09:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014_deferral_views_and_adaptation"
down_revision = "0013_publication_decisions"
branch_labels = None
depends_on = None


def upgrade():
    # This revision's id (like 0017's and 0021's) is longer than the 32 characters Alembic gives
    # alembic_version.version_num: on PostgreSQL, which enforces the length, the column is widened
    # first (in this migration's transaction, before the new id is written). SQLite ignores lengths.
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "alembic_version",
            "version_num",
            type_=sa.String(length=64),
            existing_type=sa.String(length=32),
            existing_nullable=False,
        )
    # R-INSP-3: an STC deferral's ground, and the views of HMIP and CQC recorded with the decision.
    with op.batch_alter_table("deferral_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ground", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("decision_ground", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("hmip_consulted", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("hmip_view", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("cqc_consulted", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("cqc_view", sa.Text(), nullable=True))
    # R-CFS-2: who is asked to adapt a summary. Every request so far was the provider's, asking
    # the inspectorate.
    with op.batch_alter_table("adaptation_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("adapter", sa.String(length=12), nullable=False, server_default="inspectorate"))


def downgrade():
    with op.batch_alter_table("adaptation_requests", schema=None) as batch_op:
        batch_op.drop_column("adapter")
    with op.batch_alter_table("deferral_requests", schema=None) as batch_op:
        batch_op.drop_column("cqc_view")
        batch_op.drop_column("cqc_consulted")
        batch_op.drop_column("hmip_view")
        batch_op.drop_column("hmip_consulted")
        batch_op.drop_column("decision_ground")
        batch_op.drop_column("ground")
