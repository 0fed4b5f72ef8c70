"""stored figures: each measure's figure per month and scope, the stale measures, one generation per table

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 19:00:00.000000

"""

import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.String(length=80), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("scope_key", sa.String(length=40), nullable=False),
        sa.Column("numerator", sa.Float(), nullable=True),
        sa.Column("denominator", sa.Float(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("measure_id", "month", "scope_key", name="uq_stored_figures_figure"),
    )
    op.create_table(
        "stale_measures",
        sa.Column("measure_id", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("measure_id"),
    )
    # Generations are now one per table (named after it); the whole-database one has no reader left.
    op.execute(sa.text("DELETE FROM data_generations WHERE name = 'records'"))


def downgrade():
    op.execute(sa.text("DELETE FROM data_generations"))
    generations = sa.table("data_generations", sa.column("name", sa.String), sa.column("token", sa.String))
    op.bulk_insert(generations, [{"name": "records", "token": uuid.uuid4().hex}])
    op.drop_table("stale_measures")
    op.drop_table("stored_figures")
