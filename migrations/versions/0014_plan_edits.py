"""plan edits, audit theme evidence and frozen comparators

Revision ID: 0014
Revises: 0012
Create Date: 2026-11-24 04:28:05.990544

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("improvement_actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))

    with op.batch_alter_table("improvement_evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("audit_theme_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("audit_theme_name", sa.String(length=120), nullable=True))

    with op.batch_alter_table("improvement_period_definitions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("comparators", sa.JSON(), nullable=True))

    with op.batch_alter_table("improvement_plan_measures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))

    with op.batch_alter_table("improvement_plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))

    with op.batch_alter_table("improvement_strands", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade():
    with op.batch_alter_table("improvement_strands", schema=None) as batch_op:
        batch_op.drop_column("version")

    with op.batch_alter_table("improvement_plans", schema=None) as batch_op:
        batch_op.drop_column("version")

    with op.batch_alter_table("improvement_plan_measures", schema=None) as batch_op:
        batch_op.drop_column("version")

    with op.batch_alter_table("improvement_period_definitions", schema=None) as batch_op:
        batch_op.drop_column("comparators")

    with op.batch_alter_table("improvement_evidence", schema=None) as batch_op:
        batch_op.drop_column("audit_theme_name")
        batch_op.drop_column("audit_theme_id")

    with op.batch_alter_table("improvement_actions", schema=None) as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_column("description")
