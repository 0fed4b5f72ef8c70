"""withdrawn training records: a completion recorded in error is kept, marked withdrawn with the reason; an
ASYE review point keeps when and why its review was last withdrawn

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03 12:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

TABLES = ("academy_completions", "academy_early_career_reviews")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
            batch.add_column(sa.Column("withdrawn_reason", sa.String(length=500), nullable=True))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("withdrawn_reason")
            batch.drop_column("withdrawn_at")
