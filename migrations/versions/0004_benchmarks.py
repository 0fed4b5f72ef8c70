"""benchmarks

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 01:59:56.262753

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "dfe_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("time_period", sa.Integer(), nullable=False),
        sa.Column("geographic_level", sa.String(length=40), nullable=False),
        sa.Column("region_code", sa.String(length=40), nullable=True),
        sa.Column("region_name", sa.String(length=80), nullable=True),
        sa.Column("old_la_code", sa.String(length=40), nullable=True),
        sa.Column("new_la_code", sa.String(length=80), nullable=True),
        sa.Column("la_name", sa.String(length=120), nullable=True),
        sa.Column("variable", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("symbol", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dfe_figures")),
    )
    with op.batch_alter_table("dfe_figures", schema=None) as batch_op:
        batch_op.create_index("ix_dfe_figures_la", ["old_la_code", "variable"], unique=False)
        batch_op.create_index("ix_dfe_figures_lookup", ["variable", "time_period", "geographic_level"], unique=False)

    op.create_table(
        "statistical_neighbours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("old_la_code", sa.String(length=10), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("neighbour_la_code", sa.String(length=10), nullable=False),
        sa.Column("closeness", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistical_neighbours")),
    )
    with op.batch_alter_table("statistical_neighbours", schema=None) as batch_op:
        batch_op.create_index("ix_statistical_neighbours_la", ["old_la_code"], unique=False)

    op.create_table(
        "benchmark_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicators_file", sa.String(length=200), nullable=False),
        sa.Column("neighbours_file", sa.String(length=200), nullable=True),
        sa.Column("figures", sa.Integer(), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.Column("last_year", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("loaded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["loaded_by_id"], ["users.id"], name=op.f("fk_benchmark_releases_loaded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benchmark_releases")),
    )


def downgrade():
    op.drop_table("benchmark_releases")
    with op.batch_alter_table("statistical_neighbours", schema=None) as batch_op:
        batch_op.drop_index("ix_statistical_neighbours_la")

    op.drop_table("statistical_neighbours")
    with op.batch_alter_table("dfe_figures", schema=None) as batch_op:
        batch_op.drop_index("ix_dfe_figures_lookup")
        batch_op.drop_index("ix_dfe_figures_la")

    op.drop_table("dfe_figures")
