"""audits

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 01:50:27.301569

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "audit_grade_scales",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_grade_scales")),
        sa.UniqueConstraint("version", name=op.f("uq_audit_grade_scales_version")),
    )
    op.create_table(
        "audit_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_templates")),
        sa.UniqueConstraint("version", name=op.f("uq_audit_templates_version")),
    )
    op.create_table(
        "audit_themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_themes")),
        sa.UniqueConstraint("name", name=op.f("uq_audit_themes_name")),
    )
    op.create_table(
        "audit_grade_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("good_or_better", sa.Boolean(), nullable=False),
        sa.Column("inadequate", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scale_id"], ["audit_grade_scales.id"], name=op.f("fk_audit_grade_levels_scale_id_audit_grade_scales")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_grade_levels")),
        sa.UniqueConstraint("scale_id", "rank", name=op.f("uq_audit_grade_levels_scale_id")),
    )
    with op.batch_alter_table("audit_grade_levels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_grade_levels_scale_id"), ["scale_id"], unique=False)

    op.create_table(
        "audit_template_domains",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"], ["audit_templates.id"], name=op.f("fk_audit_template_domains_template_id_audit_templates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_template_domains")),
    )
    with op.batch_alter_table("audit_template_domains", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_template_domains_template_id"), ["template_id"], unique=False)

    op.create_table(
        "audit_template_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("domain_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("yes-partly-no", "free-text", name="question_kind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["domain_id"],
            ["audit_template_domains.id"],
            name=op.f("fk_audit_template_questions_domain_id_audit_template_domains"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_template_questions")),
    )
    with op.batch_alter_table("audit_template_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_template_questions_domain_id"), ["domain_id"], unique=False)

    op.create_table(
        "audit_programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column(
            "period", sa.Enum("month", "quarter", name="programme_period", native_enum=False, length=40), nullable=False
        ),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column(
            "audit_type",
            sa.Enum(
                "routine",
                "themed",
                "multi-agency",
                "closure",
                "deep-dive",
                "dip-sample",
                name="audit_type",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "quota_basis",
            sa.Enum("per-auditor", "per-team", name="quota_basis", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("quota", sa.Integer(), nullable=False),
        sa.Column(
            "sampling_method",
            sa.Enum(
                "random", "case-type", "team", "worker", "risk", name="sampling_method", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("sampling_value", sa.String(length=40), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column(
            "sample_source",
            sa.Enum("caseload-snapshot", "hand-entered", name="sample_source", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("sampled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_audit_programmes_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_programmes")),
    )
    with op.batch_alter_table("audit_programmes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_programmes_start_date"), ["start_date"], unique=False)

    op.create_table(
        "audit_case_audits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("case_reference", sa.String(length=40), nullable=False),
        sa.Column(
            "case_type",
            sa.Enum("CP", "CIN", "CLA", "CL", "EH", "OTHER", name="case_type", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column(
            "service_area",
            sa.Enum(
                "child-in-need-and-child-protection",
                "children-in-care",
                "care-leavers",
                "early-help",
                "front-door",
                name="audit_service_area",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "audit_type",
            sa.Enum(
                "routine",
                "themed",
                "multi-agency",
                "closure",
                "deep-dive",
                "dip-sample",
                name="audit_type",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("worker_id", sa.Integer(), nullable=True),
        sa.Column("auditor_id", sa.Integer(), nullable=False),
        sa.Column("own_team_reason", sa.String(length=500), nullable=True),
        sa.Column("allocated_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("allocated", "in-progress", "submitted", name="audit_status", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("audit_date", sa.Date(), nullable=True),
        sa.Column("period_from", sa.Date(), nullable=True),
        sa.Column("period_to", sa.Date(), nullable=True),
        sa.Column("overall_grade_id", sa.Integer(), nullable=True),
        sa.Column("strengths", sa.Text(), nullable=True),
        sa.Column("areas_for_development", sa.Text(), nullable=True),
        sa.Column("practitioner_conversation", sa.Text(), nullable=True),
        sa.Column("practitioner_comments", sa.Text(), nullable=True),
        sa.Column("family_feedback", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["auditor_id"], ["users.id"], name=op.f("fk_audit_case_audits_auditor_id_users")),
        sa.ForeignKeyConstraint(
            ["overall_grade_id"],
            ["audit_grade_levels.id"],
            name=op.f("fk_audit_case_audits_overall_grade_id_audit_grade_levels"),
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["audit_programmes.id"], name=op.f("fk_audit_case_audits_programme_id_audit_programmes")
        ),
        sa.ForeignKeyConstraint(
            ["scale_id"], ["audit_grade_scales.id"], name=op.f("fk_audit_case_audits_scale_id_audit_grade_scales")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_audit_case_audits_team_id_teams")),
        sa.ForeignKeyConstraint(
            ["template_id"], ["audit_templates.id"], name=op.f("fk_audit_case_audits_template_id_audit_templates")
        ),
        sa.ForeignKeyConstraint(["worker_id"], ["staff.id"], name=op.f("fk_audit_case_audits_worker_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_case_audits")),
    )
    with op.batch_alter_table("audit_case_audits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_case_audits_audit_date"), ["audit_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_case_audits_auditor_id"), ["auditor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_case_audits_case_reference"), ["case_reference"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_case_audits_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_case_audits_programme_id"), ["programme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_case_audits_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_case_audits_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_case_audits_worker_id"), ["worker_id"], unique=False)

    op.create_table(
        "audit_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column(
            "status", sa.Enum("open", "completed", name="action_status", native_enum=False, length=40), nullable=False
        ),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audit_case_audits.id"], name=op.f("fk_audit_actions_audit_id_audit_case_audits")
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_audit_actions_owner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_actions")),
    )
    with op.batch_alter_table("audit_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_actions_audit_id"), ["audit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_actions_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_actions_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "audit_case_audit_themes",
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audit_case_audits.id"],
            name=op.f("fk_audit_case_audit_themes_audit_id_audit_case_audits"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["audit_themes.id"], name=op.f("fk_audit_case_audit_themes_theme_id_audit_themes")
        ),
        sa.PrimaryKeyConstraint("audit_id", "theme_id", name=op.f("pk_audit_case_audit_themes")),
    )
    with op.batch_alter_table("audit_case_audit_themes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_case_audit_themes_theme_id"), ["theme_id"], unique=False)

    op.create_table(
        "audit_domain_grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("domain_id", sa.Integer(), nullable=False),
        sa.Column("grade_id", sa.Integer(), nullable=True),
        sa.Column("moderated_grade_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audit_case_audits.id"], name=op.f("fk_audit_domain_grades_audit_id_audit_case_audits")
        ),
        sa.ForeignKeyConstraint(
            ["domain_id"],
            ["audit_template_domains.id"],
            name=op.f("fk_audit_domain_grades_domain_id_audit_template_domains"),
        ),
        sa.ForeignKeyConstraint(
            ["grade_id"], ["audit_grade_levels.id"], name=op.f("fk_audit_domain_grades_grade_id_audit_grade_levels")
        ),
        sa.ForeignKeyConstraint(
            ["moderated_grade_id"],
            ["audit_grade_levels.id"],
            name=op.f("fk_audit_domain_grades_moderated_grade_id_audit_grade_levels"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_domain_grades")),
        sa.UniqueConstraint("audit_id", "domain_id", name=op.f("uq_audit_domain_grades_audit_id")),
    )
    with op.batch_alter_table("audit_domain_grades", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_domain_grades_audit_id"), ["audit_id"], unique=False)

    op.create_table(
        "audit_moderations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("selected_because", sa.String(length=40), nullable=False),
        sa.Column("selected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column("auditor_grade_id", sa.Integer(), nullable=True),
        sa.Column("moderated_grade_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("moderated_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audit_case_audits.id"], name=op.f("fk_audit_moderations_audit_id_audit_case_audits")
        ),
        sa.ForeignKeyConstraint(
            ["auditor_grade_id"],
            ["audit_grade_levels.id"],
            name=op.f("fk_audit_moderations_auditor_grade_id_audit_grade_levels"),
        ),
        sa.ForeignKeyConstraint(
            ["moderated_grade_id"],
            ["audit_grade_levels.id"],
            name=op.f("fk_audit_moderations_moderated_grade_id_audit_grade_levels"),
        ),
        sa.ForeignKeyConstraint(["moderator_id"], ["users.id"], name=op.f("fk_audit_moderations_moderator_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_moderations")),
        sa.UniqueConstraint("audit_id", name=op.f("uq_audit_moderations_audit_id")),
    )
    with op.batch_alter_table("audit_moderations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_moderations_moderated_on"), ["moderated_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_moderations_moderator_id"), ["moderator_id"], unique=False)

    op.create_table(
        "audit_question_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.Enum("yes", "partly", "no", name="answer", native_enum=False, length=40), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audit_case_audits.id"], name=op.f("fk_audit_question_answers_audit_id_audit_case_audits")
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["audit_template_questions.id"],
            name=op.f("fk_audit_question_answers_question_id_audit_template_questions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_question_answers")),
        sa.UniqueConstraint("audit_id", "question_id", name=op.f("uq_audit_question_answers_audit_id")),
    )
    with op.batch_alter_table("audit_question_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_question_answers_audit_id"), ["audit_id"], unique=False)

    op.create_table(
        "audit_safeguarding_concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("responded_by_id", sa.Integer(), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audit_case_audits.id"],
            name=op.f("fk_audit_safeguarding_concerns_audit_id_audit_case_audits"),
        ),
        sa.ForeignKeyConstraint(
            ["raised_by_id"], ["users.id"], name=op.f("fk_audit_safeguarding_concerns_raised_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["responded_by_id"], ["users.id"], name=op.f("fk_audit_safeguarding_concerns_responded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_safeguarding_concerns")),
    )
    with op.batch_alter_table("audit_safeguarding_concerns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_safeguarding_concerns_audit_id"), ["audit_id"], unique=False)


def downgrade():
    with op.batch_alter_table("audit_safeguarding_concerns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_safeguarding_concerns_audit_id"))

    op.drop_table("audit_safeguarding_concerns")
    with op.batch_alter_table("audit_question_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_question_answers_audit_id"))

    op.drop_table("audit_question_answers")
    with op.batch_alter_table("audit_moderations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_moderations_moderator_id"))
        batch_op.drop_index(batch_op.f("ix_audit_moderations_moderated_on"))

    op.drop_table("audit_moderations")
    with op.batch_alter_table("audit_domain_grades", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_domain_grades_audit_id"))

    op.drop_table("audit_domain_grades")
    with op.batch_alter_table("audit_case_audit_themes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_case_audit_themes_theme_id"))

    op.drop_table("audit_case_audit_themes")
    with op.batch_alter_table("audit_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_actions_owner_id"))
        batch_op.drop_index(batch_op.f("ix_audit_actions_due_date"))
        batch_op.drop_index(batch_op.f("ix_audit_actions_audit_id"))

    op.drop_table("audit_actions")
    with op.batch_alter_table("audit_case_audits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_case_audits_worker_id"))
        batch_op.drop_index(batch_op.f("ix_audit_case_audits_team_id"))
        batch_op.drop_index(batch_op.f("ix_audit_case_audits_status"))
        batch_op.drop_index(batch_op.f("ix_audit_case_audits_programme_id"))
        batch_op.drop_index(batch_op.f("ix_audit_case_audits_due_date"))
        batch_op.drop_index(batch_op.f("ix_audit_case_audits_case_reference"))
        batch_op.drop_index(batch_op.f("ix_audit_case_audits_auditor_id"))
        batch_op.drop_index(batch_op.f("ix_audit_case_audits_audit_date"))

    op.drop_table("audit_case_audits")
    with op.batch_alter_table("audit_programmes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_programmes_start_date"))

    op.drop_table("audit_programmes")
    with op.batch_alter_table("audit_template_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_template_questions_domain_id"))

    op.drop_table("audit_template_questions")
    with op.batch_alter_table("audit_template_domains", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_template_domains_template_id"))

    op.drop_table("audit_template_domains")
    with op.batch_alter_table("audit_grade_levels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_grade_levels_scale_id"))

    op.drop_table("audit_grade_levels")
    op.drop_table("audit_themes")
    op.drop_table("audit_templates")
    op.drop_table("audit_grade_scales")
