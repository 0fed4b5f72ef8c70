"""improvement

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 01:50:22.416393

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "improvement_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_plans")),
    )
    op.create_table(
        "improvement_reporting_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum("provisional", "published", name="period_state", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_reporting_periods")),
        sa.UniqueConstraint("month", name=op.f("uq_improvement_reporting_periods_month")),
    )
    op.create_table(
        "improvement_period_definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["improvement_reporting_periods.id"],
            name=op.f("fk_improvement_period_definitions_period_id_improvement_reporting_periods"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_period_definitions")),
        sa.UniqueConstraint("period_id", "measure_id", name=op.f("uq_improvement_period_definitions_period_id")),
    )
    with op.batch_alter_table("improvement_period_definitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_improvement_period_definitions_period_id"), ["period_id"], unique=False)

    op.create_table(
        "improvement_period_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.String(length=80), nullable=False),
        sa.Column(
            "scope_level",
            sa.Enum("council", "service-area", "team", name="scope_level", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("scope_id", sa.Integer(), nullable=True),
        sa.Column("numerator", sa.Float(), nullable=True),
        sa.Column("denominator", sa.Float(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["improvement_reporting_periods.id"],
            name=op.f("fk_improvement_period_values_period_id_improvement_reporting_periods"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_period_values")),
    )
    with op.batch_alter_table("improvement_period_values", schema=None) as batch_op:
        batch_op.create_index(
            "ix_improvement_period_values_lookup", ["period_id", "measure_id", "scope_level"], unique=False
        )

    op.create_table(
        "improvement_strands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["improvement_plans.id"], name=op.f("fk_improvement_strands_plan_id_improvement_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_strands")),
    )
    with op.batch_alter_table("improvement_strands", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_improvement_strands_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "improvement_plan_measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("strand_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.String(length=80), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=False),
        sa.Column("baseline_date", sa.Date(), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=False),
        sa.Column(
            "polarity",
            sa.Enum(
                "higher is better",
                "lower is better",
                "neither",
                name="plan_measure_polarity",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("tolerance_percent", sa.Float(), nullable=False),
        sa.Column("trajectory", sa.JSON(), nullable=False),
        sa.Column("comparators", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["strand_id"],
            ["improvement_strands.id"],
            name=op.f("fk_improvement_plan_measures_strand_id_improvement_strands"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_plan_measures")),
        sa.UniqueConstraint("strand_id", "measure_id", name=op.f("uq_improvement_plan_measures_strand_id")),
    )
    with op.batch_alter_table("improvement_plan_measures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_improvement_plan_measures_strand_id"), ["strand_id"], unique=False)

    op.create_table(
        "improvement_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("strand_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "not started",
                "in progress",
                "complete, awaiting sign-off",
                "signed off",
                "closed without delivery",
                name="action_status",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "rating",
            sa.Enum("Blue", "Green", "Amber", "Red", name="action_rating", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("signed_off_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_improvement_actions_owner_id_users")),
        sa.ForeignKeyConstraint(
            ["signed_off_by_id"], ["users.id"], name=op.f("fk_improvement_actions_signed_off_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["strand_id"], ["improvement_strands.id"], name=op.f("fk_improvement_actions_strand_id_improvement_strands")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_actions")),
    )
    with op.batch_alter_table("improvement_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_improvement_actions_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_improvement_actions_strand_id"), ["strand_id"], unique=False)

    op.create_table(
        "improvement_period_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("changed_measures", sa.JSON(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["made_by_id"], ["users.id"], name=op.f("fk_improvement_period_revisions_made_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["improvement_reporting_periods.id"],
            name=op.f("fk_improvement_period_revisions_period_id_improvement_reporting_periods"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_period_revisions")),
    )
    with op.batch_alter_table("improvement_period_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_improvement_period_revisions_period_id"), ["period_id"], unique=False)

    op.create_table(
        "improvement_rating_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_measure_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column(
            "rating",
            sa.Enum("Blue", "Green", "Amber", "Red", name="override_rating", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["made_by_id"], ["users.id"], name=op.f("fk_improvement_rating_overrides_made_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["plan_measure_id"],
            ["improvement_plan_measures.id"],
            name=op.f("fk_improvement_rating_overrides_plan_measure_id_improvement_plan_measures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_rating_overrides")),
        sa.UniqueConstraint("plan_measure_id", "month", name=op.f("uq_improvement_rating_overrides_plan_measure_id")),
    )
    with op.batch_alter_table("improvement_rating_overrides", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_improvement_rating_overrides_plan_measure_id"), ["plan_measure_id"], unique=False
        )

    op.create_table(
        "improvement_action_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "not started",
                "in progress",
                "complete, awaiting sign-off",
                "signed off",
                "closed without delivery",
                name="update_status",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "rating",
            sa.Enum("Blue", "Green", "Amber", "Red", name="update_rating", native_enum=False, length=40),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["improvement_actions.id"],
            name=op.f("fk_improvement_action_updates_action_id_improvement_actions"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_improvement_action_updates_author_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_action_updates")),
    )
    with op.batch_alter_table("improvement_action_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_improvement_action_updates_action_id"), ["action_id"], unique=False)

    op.create_table(
        "improvement_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind", sa.Enum("measure", "document", name="evidence_kind", native_enum=False, length=40), nullable=False
        ),
        sa.Column("measure_id", sa.String(length=80), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("stored_name", sa.String(length=80), nullable=True),
        sa.Column("content_type", sa.String(length=120), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["improvement_actions.id"],
            name=op.f("fk_improvement_evidence_action_id_improvement_actions"),
        ),
        sa.ForeignKeyConstraint(["added_by_id"], ["users.id"], name=op.f("fk_improvement_evidence_added_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_evidence")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_improvement_evidence_stored_name")),
    )
    with op.batch_alter_table("improvement_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_improvement_evidence_action_id"), ["action_id"], unique=False)


def downgrade():
    with op.batch_alter_table("improvement_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_evidence_action_id"))

    op.drop_table("improvement_evidence")
    with op.batch_alter_table("improvement_action_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_action_updates_action_id"))

    op.drop_table("improvement_action_updates")
    with op.batch_alter_table("improvement_rating_overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_rating_overrides_plan_measure_id"))

    op.drop_table("improvement_rating_overrides")
    with op.batch_alter_table("improvement_period_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_period_revisions_period_id"))

    op.drop_table("improvement_period_revisions")
    with op.batch_alter_table("improvement_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_actions_strand_id"))
        batch_op.drop_index(batch_op.f("ix_improvement_actions_owner_id"))

    op.drop_table("improvement_actions")
    with op.batch_alter_table("improvement_plan_measures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_plan_measures_strand_id"))

    op.drop_table("improvement_plan_measures")
    with op.batch_alter_table("improvement_strands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_strands_plan_id"))

    op.drop_table("improvement_strands")
    with op.batch_alter_table("improvement_period_values", schema=None) as batch_op:
        batch_op.drop_index("ix_improvement_period_values_lookup")

    op.drop_table("improvement_period_values")
    with op.batch_alter_table("improvement_period_definitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_period_definitions_period_id"))

    op.drop_table("improvement_period_definitions")
    op.drop_table("improvement_reporting_periods")
    op.drop_table("improvement_plans")
