"""recruitment, agency and retention

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24 02:29:59.234886

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "agency_price_caps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "region",
            sa.Enum(
                "north-east",
                "north-west",
                "yorkshire-and-the-humber",
                "east-midlands",
                "west-midlands",
                "east-of-england",
                "london",
                "south-east",
                "south-west",
                name="region",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "job_type",
            sa.Enum(
                "social-worker",
                "senior-social-worker",
                "advanced-practitioner",
                "team-manager",
                "independent-reviewing-officer",
                name="agency_job_type",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("hourly_cap", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("hourly_cap > 0", name=op.f("ck_agency_price_caps_positive_cap")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_price_caps")),
        sa.UniqueConstraint("region", "job_type", "effective_from", name="one_cap_per_start"),
    )
    op.create_table(
        "applicants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=80), nullable=True),
        sa.Column("last_name", sa.String(length=80), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("swe_number", sa.String(length=20), nullable=True),
        sa.Column("qualification_date", sa.Date(), nullable=True),
        sa.Column("consented_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applicants")),
        sa.UniqueConstraint("swe_number", name=op.f("uq_applicants_swe_number")),
    )
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_applicants_email"), ["email"], unique=False)

    op.create_table(
        "pipeline_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "applied",
                "screening",
                "interview",
                "offer",
                "checks",
                "started",
                "withdrawn",
                "rejected",
                "offer-declined",
                name="stage_kind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipeline_stages")),
        sa.UniqueConstraint("name", name=op.f("uq_pipeline_stages_name")),
    )
    op.create_table(
        "pipeline_moves",
        sa.Column("from_stage_id", sa.Integer(), nullable=False),
        sa.Column("to_stage_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_stage_id"],
            ["pipeline_stages.id"],
            name=op.f("fk_pipeline_moves_from_stage_id_pipeline_stages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_stage_id"],
            ["pipeline_stages.id"],
            name=op.f("fk_pipeline_moves_to_stage_id_pipeline_stages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("from_stage_id", "to_stage_id", name=op.f("pk_pipeline_moves")),
    )
    op.create_table(
        "vacancies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "raised",
                "head-of-service-approved",
                "approved",
                "advertised",
                "filled",
                "withdrawn",
                name="vacancy_status",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("head_of_service_approved_on", sa.Date(), nullable=True),
        sa.Column("head_of_service_approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("advert_opens_on", sa.Date(), nullable=True),
        sa.Column("advert_closes_on", sa.Date(), nullable=True),
        sa.Column("filled_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawal_reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("fte > 0 AND fte <= 1", name=op.f("ck_vacancies_fte_range")),
        sa.ForeignKeyConstraint(["approved_by_id"], ["users.id"], name=op.f("fk_vacancies_approved_by_id_users")),
        sa.ForeignKeyConstraint(
            ["head_of_service_approved_by_id"],
            ["users.id"],
            name=op.f("fk_vacancies_head_of_service_approved_by_id_users"),
        ),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_vacancies_post_id_posts")),
        sa.ForeignKeyConstraint(["raised_by_id"], ["users.id"], name=op.f("fk_vacancies_raised_by_id_users")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_vacancies_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancies")),
    )
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vacancies_post_id"), ["post_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vacancies_team_id"), ["team_id"], unique=False)

    op.create_table(
        "stay_interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("held_by_id", sa.Integer(), nullable=True),
        sa.Column("what_keeps_you", sa.Text(), nullable=False),
        sa.Column("what_might_make_you_leave", sa.Text(), nullable=False),
        sa.Column("agreed_actions", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["held_by_id"], ["users.id"], name=op.f("fk_stay_interviews_held_by_id_users")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_stay_interviews_staff_id_staff")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_stay_interviews_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stay_interviews")),
    )
    with op.batch_alter_table("stay_interviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stay_interviews_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stay_interviews_team_id"), ["team_id"], unique=False)

    op.create_table(
        "agency_engagements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("agency_name", sa.String(length=160), nullable=False),
        sa.Column(
            "provider_type",
            sa.Enum("agency", "managed-service-provider", name="provider_type", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column(
            "job_type",
            sa.Enum(
                "social-worker",
                "senior-social-worker",
                "advanced-practitioner",
                "team-manager",
                "independent-reviewing-officer",
                name="agency_job_type",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=False),
        sa.Column("notice_period_weeks", sa.Integer(), nullable=False),
        sa.Column("pay_rate", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("employer_costs", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("holiday_pay", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("agency_fee", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("dcs_signed_off_on", sa.Date(), nullable=True),
        sa.Column("chief_executive_signed_off_on", sa.Date(), nullable=True),
        sa.Column("qualification_date", sa.Date(), nullable=True),
        sa.Column("first_reference_on", sa.Date(), nullable=True),
        sa.Column("second_reference_on", sa.Date(), nullable=True),
        sa.Column("end_reference", sa.Text(), nullable=True),
        sa.Column("previous_permanent_left_on", sa.Date(), nullable=True),
        sa.Column(
            "previous_permanent_region",
            sa.Enum(
                "north-east",
                "north-west",
                "yorkshire-and-the-humber",
                "east-midlands",
                "west-midlands",
                "east-of-england",
                "london",
                "south-east",
                "south-west",
                name="region",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("project_team", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_agency_engagements_end_after_start")
        ),
        sa.CheckConstraint("fte > 0 AND fte <= 1", name=op.f("ck_agency_engagements_fte_range")),
        sa.ForeignKeyConstraint(
            ["assignment_id"], ["assignments.id"], name=op.f("fk_agency_engagements_assignment_id_assignments")
        ),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_agency_engagements_post_id_posts")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_agency_engagements_staff_id_staff")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_agency_engagements_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_engagements")),
    )
    with op.batch_alter_table("agency_engagements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_engagements_post_id"), ["post_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agency_engagements_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agency_engagements_team_id"), ["team_id"], unique=False)

    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "direct-advert",
                "agency-conversion",
                "step-up",
                "frontline",
                "university-partnership",
                "international",
                "student-placement",
                "internal",
                "other",
                name="applicant_source",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("start_origin", sa.Integer(), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column(
            "closure_reason",
            sa.Enum(
                "accepted-another-job",
                "personal-circumstances",
                "no-response",
                "process-too-slow",
                "withdrew-other",
                "does-not-meet-criteria",
                "not-registered",
                "insufficient-experience",
                "interview-performance",
                "unsatisfactory-checks",
                "rejected-other",
                "pay",
                "location-or-travel",
                "counter-offer",
                "workload-concerns",
                "declined-other",
                name="closure_reason",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["applicant_id"], ["applicants.id"], name=op.f("fk_applications_applicant_id_applicants")
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"], ["assignments.id"], name=op.f("fk_applications_assignment_id_assignments")
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_applications_staff_id_staff")),
        sa.ForeignKeyConstraint(
            ["stage_id"], ["pipeline_stages.id"], name=op.f("fk_applications_stage_id_pipeline_stages")
        ),
        sa.ForeignKeyConstraint(["vacancy_id"], ["vacancies.id"], name=op.f("fk_applications_vacancy_id_vacancies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("vacancy_id", "applicant_id", name="one_application_per_vacancy"),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_applications_applicant_id"), ["applicant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_applications_stage_id"), ["stage_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_applications_vacancy_id"), ["vacancy_id"], unique=False)

    op.create_table(
        "exit_interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum("retained", "exit-confirmed", name="exit_outcome", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"], ["assignments.id"], name=op.f("fk_exit_interviews_assignment_id_assignments")
        ),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_exit_interviews_recorded_by_id_users")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_exit_interviews_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exit_interviews")),
        sa.UniqueConstraint("assignment_id", name=op.f("uq_exit_interviews_assignment_id")),
    )
    with op.batch_alter_table("exit_interviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exit_interviews_team_id"), ["team_id"], unique=False)

    op.create_table(
        "leaver_checklists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("cases_reallocated_on", sa.Date(), nullable=True),
        sa.Column("equipment_returned_on", sa.Date(), nullable=True),
        sa.Column("exit_interview_offered_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"], ["assignments.id"], name=op.f("fk_leaver_checklists_assignment_id_assignments")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_leaver_checklists_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leaver_checklists")),
        sa.UniqueConstraint("assignment_id", name=op.f("uq_leaver_checklists_assignment_id")),
    )
    with op.batch_alter_table("leaver_checklists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leaver_checklists_team_id"), ["team_id"], unique=False)

    op.create_table(
        "exit_interview_themes",
        sa.Column("exit_interview_id", sa.Integer(), nullable=False),
        sa.Column(
            "theme",
            sa.Enum(
                "workload",
                "supervision",
                "management",
                "pay",
                "progression",
                "travel",
                "wellbeing",
                "culture",
                "other",
                name="exit_theme",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["exit_interview_id"],
            ["exit_interviews.id"],
            name=op.f("fk_exit_interview_themes_exit_interview_id_exit_interviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("exit_interview_id", "theme", name=op.f("pk_exit_interview_themes")),
    )
    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name=op.f("fk_interviews_application_id_applications")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interviews")),
    )
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interviews_application_id"), ["application_id"], unique=False)

    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("proposed_start_on", sa.Date(), nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name=op.f("fk_offers_application_id_applications")
        ),
        sa.ForeignKeyConstraint(["made_by_id"], ["users.id"], name=op.f("fk_offers_made_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_application_id"), ["application_id"], unique=False)

    op.create_table(
        "pre_employment_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "dbs",
                "first-reference",
                "second-reference",
                "registration",
                "right-to-work",
                "occupational-health",
                name="check_kind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("exception_reason", sa.Text(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name=op.f("fk_pre_employment_checks_application_id_applications")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_pre_employment_checks_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pre_employment_checks")),
        sa.UniqueConstraint("application_id", "kind", name="one_check_of_each_kind"),
    )
    with op.batch_alter_table("pre_employment_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pre_employment_checks_application_id"), ["application_id"], unique=False)

    op.create_table(
        "stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("from_stage_id", sa.Integer(), nullable=True),
        sa.Column("to_stage_id", sa.Integer(), nullable=False),
        sa.Column("moved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("moved_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "reason",
            sa.Enum(
                "accepted-another-job",
                "personal-circumstances",
                "no-response",
                "process-too-slow",
                "withdrew-other",
                "does-not-meet-criteria",
                "not-registered",
                "insufficient-experience",
                "interview-performance",
                "unsatisfactory-checks",
                "rejected-other",
                "pay",
                "location-or-travel",
                "counter-offer",
                "workload-concerns",
                "declined-other",
                name="closure_reason",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name=op.f("fk_stage_changes_application_id_applications")
        ),
        sa.ForeignKeyConstraint(
            ["from_stage_id"], ["pipeline_stages.id"], name=op.f("fk_stage_changes_from_stage_id_pipeline_stages")
        ),
        sa.ForeignKeyConstraint(["moved_by_id"], ["users.id"], name=op.f("fk_stage_changes_moved_by_id_users")),
        sa.ForeignKeyConstraint(
            ["to_stage_id"], ["pipeline_stages.id"], name=op.f("fk_stage_changes_to_stage_id_pipeline_stages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_changes")),
    )
    with op.batch_alter_table("stage_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stage_changes_application_id"), ["application_id"], unique=False)

    op.create_table(
        "interview_panel",
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_interview_panel_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_interview_panel_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("interview_id", "user_id", name=op.f("pk_interview_panel")),
    )
    with op.batch_alter_table("interview_panel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interview_panel_user_id"), ["user_id"], unique=False)

    op.create_table(
        "interview_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("criterion", sa.String(length=120), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.CheckConstraint("score >= 1 AND score <= 4", name=op.f("ck_interview_scores_score_range")),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_interview_scores_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_scores")),
    )
    with op.batch_alter_table("interview_scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interview_scores_interview_id"), ["interview_id"], unique=False)


def downgrade():
    with op.batch_alter_table("interview_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interview_scores_interview_id"))

    op.drop_table("interview_scores")
    with op.batch_alter_table("interview_panel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interview_panel_user_id"))

    op.drop_table("interview_panel")
    with op.batch_alter_table("stage_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_changes_application_id"))

    op.drop_table("stage_changes")
    with op.batch_alter_table("pre_employment_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pre_employment_checks_application_id"))

    op.drop_table("pre_employment_checks")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_application_id"))

    op.drop_table("offers")
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interviews_application_id"))

    op.drop_table("interviews")
    op.drop_table("exit_interview_themes")
    with op.batch_alter_table("leaver_checklists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leaver_checklists_team_id"))

    op.drop_table("leaver_checklists")
    with op.batch_alter_table("exit_interviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exit_interviews_team_id"))

    op.drop_table("exit_interviews")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applications_vacancy_id"))
        batch_op.drop_index(batch_op.f("ix_applications_stage_id"))
        batch_op.drop_index(batch_op.f("ix_applications_applicant_id"))

    op.drop_table("applications")
    with op.batch_alter_table("agency_engagements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_engagements_team_id"))
        batch_op.drop_index(batch_op.f("ix_agency_engagements_staff_id"))
        batch_op.drop_index(batch_op.f("ix_agency_engagements_post_id"))

    op.drop_table("agency_engagements")
    with op.batch_alter_table("stay_interviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stay_interviews_team_id"))
        batch_op.drop_index(batch_op.f("ix_stay_interviews_staff_id"))

    op.drop_table("stay_interviews")
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancies_team_id"))
        batch_op.drop_index(batch_op.f("ix_vacancies_post_id"))

    op.drop_table("vacancies")
    op.drop_table("pipeline_moves")
    op.drop_table("pipeline_stages")
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applicants_email"))

    op.drop_table("applicants")
    op.drop_table("agency_price_caps")
