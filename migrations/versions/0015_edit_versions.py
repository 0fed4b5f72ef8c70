"""edit versions: optimistic locking on records managers edit in forms

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-24 04:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLES = (
    "staff",
    "posts",
    "vacancies",
    "agency_engagements",
    "pipeline_stages",
    "audit_case_audits",
    "academy_sessions",
)


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))

    with op.batch_alter_table("supervisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edit_version", sa.Integer(), server_default="1", nullable=False))


def downgrade():
    with op.batch_alter_table("supervisions", schema=None) as batch_op:
        batch_op.drop_column("edit_version")
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
