"""supervision

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 01:56:06.512100

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "supervision_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column(
            "standard_frequency",
            sa.Enum(
                "weekly",
                "fortnightly",
                "four-weekly",
                "monthly",
                name="standard_frequency",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("newly_qualified_weekly_weeks", sa.Integer(), nullable=False),
        sa.Column("newly_qualified_fortnightly_months", sa.Integer(), nullable=False),
        sa.Column("minimum_minutes", sa.Integer(), nullable=False),
        sa.Column("long_absence_days", sa.Integer(), nullable=False),
        sa.Column("supervisor_must_be_registered", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_supervision_policies_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_policies")),
        sa.UniqueConstraint("effective_from", name=op.f("uq_supervision_policies_effective_from")),
    )
    op.create_table(
        "supervision_quality_checklists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_supervision_quality_checklists_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_quality_checklists")),
        sa.UniqueConstraint("version", name=op.f("uq_supervision_quality_checklists_version")),
    )
    op.create_table(
        "supervision_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supervisee_id", sa.Integer(), nullable=False),
        sa.Column("supervisor_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column(
            "frequency",
            sa.Enum(
                "weekly",
                "fortnightly",
                "four-weekly",
                "monthly",
                name="agreement_frequency",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "supervision_type",
            sa.Enum(
                "individual",
                "group-reflective",
                "case",
                "asye",
                name="agreement_supervision_type",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.Column("supervisor_signed_on", sa.Date(), nullable=True),
        sa.Column("supervisee_signed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["supervisee_id"], ["staff.id"], name=op.f("fk_supervision_agreements_supervisee_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"], ["staff.id"], name=op.f("fk_supervision_agreements_supervisor_id_staff")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_supervision_agreements_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_agreements")),
    )
    with op.batch_alter_table("supervision_agreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supervision_agreements_supervisee_id"), ["supervisee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervision_agreements_supervisor_id"), ["supervisor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervision_agreements_team_id"), ["team_id"], unique=False)

    op.create_table(
        "supervisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supervisee_id", sa.Integer(), nullable=False),
        sa.Column("supervisor_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("planned", "held", "cancelled", "rescheduled", name="session_status", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column(
            "supervision_type",
            sa.Enum(
                "individual", "group-reflective", "case", "asye", name="supervision_type", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.Column("agenda_set_jointly", sa.Boolean(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("reflective_notes", sa.Text(), nullable=True),
        sa.Column("wellbeing_checked", sa.Boolean(), nullable=False),
        sa.Column("cancellation_reason", sa.String(length=500), nullable=True),
        sa.Column("supervisor_signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("supervisor_signed_by_id", sa.Integer(), nullable=True),
        sa.Column("supervisee_signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("supervisee_signed_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "supervisee_sign_off_method",
            sa.Enum("own-account", "in-person", name="sign_off_method", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("previous_version_id", sa.Integer(), nullable=True),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("amendment_reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes > 0", name=op.f("ck_supervisions_duration_positive")
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_supervisions_created_by_id_users")),
        sa.ForeignKeyConstraint(
            ["previous_version_id"], ["supervisions.id"], name=op.f("fk_supervisions_previous_version_id_supervisions")
        ),
        sa.ForeignKeyConstraint(["supervisee_id"], ["staff.id"], name=op.f("fk_supervisions_supervisee_id_staff")),
        sa.ForeignKeyConstraint(
            ["supervisee_signed_by_id"], ["users.id"], name=op.f("fk_supervisions_supervisee_signed_by_id_users")
        ),
        sa.ForeignKeyConstraint(["supervisor_id"], ["staff.id"], name=op.f("fk_supervisions_supervisor_id_staff")),
        sa.ForeignKeyConstraint(
            ["supervisor_signed_by_id"], ["users.id"], name=op.f("fk_supervisions_supervisor_signed_by_id_users")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_supervisions_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervisions")),
        sa.UniqueConstraint("previous_version_id", name=op.f("uq_supervisions_previous_version_id")),
    )
    with op.batch_alter_table("supervisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supervisions_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervisions_superseded_at"), ["superseded_at"], unique=False)
        batch_op.create_index("ix_supervisions_supervisee_held", ["supervisee_id", "held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervisions_supervisee_id"), ["supervisee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervisions_supervisor_id"), ["supervisor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervisions_team_id"), ["team_id"], unique=False)

    op.create_table(
        "supervision_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supervision_id", sa.Integer(), nullable=False),
        sa.Column("supervisee_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("completed_in_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["completed_in_id"], ["supervisions.id"], name=op.f("fk_supervision_actions_completed_in_id_supervisions")
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["staff.id"], name=op.f("fk_supervision_actions_owner_id_staff")),
        sa.ForeignKeyConstraint(
            ["supervisee_id"], ["staff.id"], name=op.f("fk_supervision_actions_supervisee_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["supervision_id"], ["supervisions.id"], name=op.f("fk_supervision_actions_supervision_id_supervisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_actions")),
    )
    with op.batch_alter_table("supervision_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supervision_actions_supervisee_id"), ["supervisee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervision_actions_supervision_id"), ["supervision_id"], unique=False)

    op.create_table(
        "supervision_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supervision_id", sa.Integer(), nullable=False),
        sa.Column("case_reference", sa.String(length=40), nullable=False),
        sa.Column("decision_recorded", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["supervision_id"], ["supervisions.id"], name=op.f("fk_supervision_cases_supervision_id_supervisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_cases")),
    )
    with op.batch_alter_table("supervision_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supervision_cases_supervision_id"), ["supervision_id"], unique=False)

    op.create_table(
        "supervision_quality_audits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checklist_id", sa.Integer(), nullable=False),
        sa.Column("supervision_id", sa.Integer(), nullable=False),
        sa.Column("supervisee_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("quarter_start", sa.Date(), nullable=False),
        sa.Column(
            "reason", sa.Enum("random", "named", name="sample_reason", native_enum=False, length=40), nullable=False
        ),
        sa.Column("named_because", sa.String(length=500), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column(
            "grade",
            sa.Enum(
                "outstanding",
                "good",
                "requires-improvement",
                "inadequate",
                name="quality_grade",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("actions", sa.Text(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("auditor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["auditor_id"], ["users.id"], name=op.f("fk_supervision_quality_audits_auditor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["checklist_id"],
            ["supervision_quality_checklists.id"],
            name=op.f("fk_supervision_quality_audits_checklist_id_supervision_quality_checklists"),
        ),
        sa.ForeignKeyConstraint(
            ["supervisee_id"], ["staff.id"], name=op.f("fk_supervision_quality_audits_supervisee_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["supervision_id"],
            ["supervisions.id"],
            name=op.f("fk_supervision_quality_audits_supervision_id_supervisions"),
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_supervision_quality_audits_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_quality_audits")),
    )
    with op.batch_alter_table("supervision_quality_audits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supervision_quality_audits_completed_on"), ["completed_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_supervision_quality_audits_quarter_start"), ["quarter_start"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supervision_quality_audits_supervisee_id"), ["supervisee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supervision_quality_audits_supervision_id"), ["supervision_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_supervision_quality_audits_team_id"), ["team_id"], unique=False)


def downgrade():
    with op.batch_alter_table("supervision_quality_audits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_quality_audits_team_id"))
        batch_op.drop_index(batch_op.f("ix_supervision_quality_audits_supervision_id"))
        batch_op.drop_index(batch_op.f("ix_supervision_quality_audits_supervisee_id"))
        batch_op.drop_index(batch_op.f("ix_supervision_quality_audits_quarter_start"))
        batch_op.drop_index(batch_op.f("ix_supervision_quality_audits_completed_on"))

    op.drop_table("supervision_quality_audits")
    with op.batch_alter_table("supervision_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_cases_supervision_id"))

    op.drop_table("supervision_cases")
    with op.batch_alter_table("supervision_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_actions_supervision_id"))
        batch_op.drop_index(batch_op.f("ix_supervision_actions_supervisee_id"))

    op.drop_table("supervision_actions")
    with op.batch_alter_table("supervisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervisions_team_id"))
        batch_op.drop_index(batch_op.f("ix_supervisions_supervisor_id"))
        batch_op.drop_index(batch_op.f("ix_supervisions_supervisee_id"))
        batch_op.drop_index("ix_supervisions_supervisee_held")
        batch_op.drop_index(batch_op.f("ix_supervisions_superseded_at"))
        batch_op.drop_index(batch_op.f("ix_supervisions_held_on"))

    op.drop_table("supervisions")
    with op.batch_alter_table("supervision_agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_agreements_team_id"))
        batch_op.drop_index(batch_op.f("ix_supervision_agreements_supervisor_id"))
        batch_op.drop_index(batch_op.f("ix_supervision_agreements_supervisee_id"))

    op.drop_table("supervision_agreements")
    op.drop_table("supervision_quality_checklists")
    op.drop_table("supervision_policies")
