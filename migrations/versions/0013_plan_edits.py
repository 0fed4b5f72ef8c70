"""plan edits, audit theme evidence, frozen comparators and rating rules

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-24 04:38:14.039677

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "improvement_period_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("plan_measure_id", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Float(), nullable=False),
        sa.Column("tolerance_percent", sa.Float(), nullable=False),
        sa.Column(
            "polarity",
            sa.Enum(
                "higher is better",
                "lower is better",
                "neither",
                name="period_rule_polarity",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["improvement_reporting_periods.id"],
            name=op.f("fk_improvement_period_rules_period_id_improvement_reporting_periods"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_measure_id"],
            ["improvement_plan_measures.id"],
            name=op.f("fk_improvement_period_rules_plan_measure_id_improvement_plan_measures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_period_rules")),
        sa.UniqueConstraint("period_id", "plan_measure_id", name=op.f("uq_improvement_period_rules_period_id")),
    )
    with op.batch_alter_table("improvement_period_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_improvement_period_rules_period_id"), ["period_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_improvement_period_rules_plan_measure_id"), ["plan_measure_id"], unique=False
        )

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

    with op.batch_alter_table("improvement_period_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_period_rules_plan_measure_id"))
        batch_op.drop_index(batch_op.f("ix_improvement_period_rules_period_id"))

    op.drop_table("improvement_period_rules")
