"""academy

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 02:08:04.948823

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "academy_programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_programmes")),
        sa.UniqueConstraint("name", name=op.f("uq_academy_programmes_name")),
    )
    op.create_table(
        "academy_courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column(
            "delivery_mode",
            sa.Enum("classroom", "online", "blended", "e-learning", name="delivery_mode", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("validity_months", sa.Integer(), nullable=True),
        sa.Column("standards", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("hours > 0", name=op.f("ck_academy_courses_hours_positive")),
        sa.CheckConstraint(
            "validity_months IS NULL OR validity_months > 0", name=op.f("ck_academy_courses_validity_positive")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["academy_programmes.id"], name=op.f("fk_academy_courses_programme_id_academy_programmes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_courses")),
    )
    with op.batch_alter_table("academy_courses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_academy_courses_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "academy_requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("census_role", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column(
            "early_career_programme",
            sa.Enum("asye", "ecdp", name="early_career_programme", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["academy_courses.id"], name=op.f("fk_academy_requirements_course_id_academy_courses")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_academy_requirements_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_requirements")),
    )
    with op.batch_alter_table("academy_requirements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_academy_requirements_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_academy_requirements_team_id"), ["team_id"], unique=False)

    op.create_table(
        "academy_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=True),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("facilitator", sa.String(length=160), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("requires_approval", sa.Boolean(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancellation_reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_academy_sessions_capacity_positive")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_academy_sessions_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["course_id"], ["academy_courses.id"], name=op.f("fk_academy_sessions_course_id_academy_courses")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_sessions")),
    )
    with op.batch_alter_table("academy_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_academy_sessions_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_academy_sessions_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "academy_cpd_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column(
            "cpd_type",
            sa.Enum(
                "course",
                "reading",
                "supervision",
                "peer-learning",
                "research",
                "other",
                name="cpd_type",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("learning", sa.Text(), nullable=False),
        sa.Column("impact", sa.Text(), nullable=False),
        sa.Column("peer_reflection", sa.Boolean(), nullable=False),
        sa.Column("peer_reflection_notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_academy_cpd_records_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_cpd_records")),
    )
    with op.batch_alter_table("academy_cpd_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_academy_cpd_records_recorded_on"), ["recorded_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_academy_cpd_records_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "academy_early_career",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("programme", sa.Enum("asye", "ecdp", name="programme", native_enum=False, length=40), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("assessor_id", sa.Integer(), nullable=True),
        sa.Column("supervisor_id", sa.Integer(), nullable=True),
        sa.Column("learning_agreement_on", sa.Date(), nullable=True),
        sa.Column("protected_time_percent", sa.Integer(), nullable=False),
        sa.Column(
            "final_recommendation",
            sa.Enum("pass", "fail", "extend", name="final_recommendation", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("recommendation_on", sa.Date(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum("passed", "failed", "withdrawn", name="outcome", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome_on IS NULL OR outcome_on >= start_date", name=op.f("ck_academy_early_career_outcome_after_start")
        ),
        sa.CheckConstraint(
            "protected_time_percent BETWEEN 0 AND 100", name=op.f("ck_academy_early_career_protected_time_range")
        ),
        sa.ForeignKeyConstraint(["assessor_id"], ["staff.id"], name=op.f("fk_academy_early_career_assessor_id_staff")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_academy_early_career_staff_id_staff")),
        sa.ForeignKeyConstraint(
            ["supervisor_id"], ["staff.id"], name=op.f("fk_academy_early_career_supervisor_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_early_career")),
    )
    with op.batch_alter_table("academy_early_career", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_academy_early_career_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "academy_enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "awaiting-approval",
                "enrolled",
                "waitlisted",
                "cancelled",
                "refused",
                "session-cancelled",
                name="enrolment_status",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("enrolled_by_id", sa.Integer(), nullable=True),
        sa.Column("waitlisted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "attendance",
            sa.Enum("present", "late", "absent", "excused", name="attendance", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("attendance_remarks", sa.String(length=500), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrolled_by_id"], ["users.id"], name=op.f("fk_academy_enrolments_enrolled_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["academy_sessions.id"], name=op.f("fk_academy_enrolments_session_id_academy_sessions")
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_academy_enrolments_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_enrolments")),
    )
    with op.batch_alter_table("academy_enrolments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_academy_enrolments_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_academy_enrolments_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "academy_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.String(length=600), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_academy_notices_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_notices")),
    )
    with op.batch_alter_table("academy_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_academy_notices_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "academy_practice_educators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("qualified_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_academy_practice_educators_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_practice_educators")),
        sa.UniqueConstraint("staff_id", name=op.f("uq_academy_practice_educators_staff_id")),
    )
    op.create_table(
        "academy_completions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column(
            "source",
            sa.Enum("attendance", "import", "recorded", name="completion_source", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("enrolment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["academy_courses.id"], name=op.f("fk_academy_completions_course_id_academy_courses")
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["academy_enrolments.id"],
            name=op.f("fk_academy_completions_enrolment_id_academy_enrolments"),
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_academy_completions_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_completions")),
        sa.UniqueConstraint("staff_id", "course_id", "completed_on", name="one_completion_a_day"),
    )
    with op.batch_alter_table("academy_completions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_academy_completions_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_academy_completions_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "academy_early_career_pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_academy_early_career_pauses_end_after_start")),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["academy_early_career.id"],
            name=op.f("fk_academy_early_career_pauses_record_id_academy_early_career"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_early_career_pauses")),
    )
    with op.batch_alter_table("academy_early_career_pauses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_academy_early_career_pauses_record_id"), ["record_id"], unique=False)

    op.create_table(
        "academy_early_career_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum("on-track", "some-concerns", "not-on-track", name="review_outcome", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["academy_early_career.id"],
            name=op.f("fk_academy_early_career_reviews_record_id_academy_early_career"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_early_career_reviews")),
        sa.UniqueConstraint("record_id", "month", name="one_review_per_point"),
    )
    with op.batch_alter_table("academy_early_career_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_academy_early_career_reviews_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_academy_early_career_reviews_record_id"), ["record_id"], unique=False)

    op.create_table(
        "academy_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("confidence_before", sa.Integer(), nullable=False),
        sa.Column("confidence_after", sa.Integer(), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=True),
        sa.Column("impact", sa.Text(), nullable=True),
        sa.Column("impact_given_on", sa.Date(), nullable=True),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.CheckConstraint("confidence_after BETWEEN 1 AND 5", name=op.f("ck_academy_feedback_confidence_after_range")),
        sa.CheckConstraint(
            "confidence_before BETWEEN 1 AND 5", name=op.f("ck_academy_feedback_confidence_before_range")
        ),
        sa.CheckConstraint("satisfaction BETWEEN 1 AND 5", name=op.f("ck_academy_feedback_satisfaction_range")),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["academy_enrolments.id"],
            name=op.f("fk_academy_feedback_enrolment_id_academy_enrolments"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["academy_sessions.id"], name=op.f("fk_academy_feedback_session_id_academy_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_feedback")),
        sa.UniqueConstraint("enrolment_id", name=op.f("uq_academy_feedback_enrolment_id")),
    )
    with op.batch_alter_table("academy_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_academy_feedback_session_id"), ["session_id"], unique=False)

    op.create_table(
        "academy_student_placements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_name", sa.String(length=160), nullable=False),
        sa.Column("university", sa.String(length=160), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("educator_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum("passed", "failed", "ended-early", name="placement_outcome", native_enum=False, length=40),
            nullable=True,
        ),
        sa.CheckConstraint("days > 0", name=op.f("ck_academy_student_placements_days_positive")),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_academy_student_placements_end_after_start")),
        sa.ForeignKeyConstraint(
            ["educator_id"],
            ["academy_practice_educators.id"],
            name=op.f("fk_academy_student_placements_educator_id_academy_practice_educators"),
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_academy_student_placements_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academy_student_placements")),
    )
    with op.batch_alter_table("academy_student_placements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_academy_student_placements_educator_id"), ["educator_id"], unique=False)


def downgrade():
    with op.batch_alter_table("academy_student_placements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_academy_student_placements_educator_id"))

    op.drop_table("academy_student_placements")
    with op.batch_alter_table("academy_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_academy_feedback_session_id"))

    op.drop_table("academy_feedback")
    with op.batch_alter_table("academy_early_career_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_academy_early_career_reviews_record_id"))
        batch_op.drop_index(batch_op.f("ix_academy_early_career_reviews_due_on"))

    op.drop_table("academy_early_career_reviews")
    with op.batch_alter_table("academy_early_career_pauses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_academy_early_career_pauses_record_id"))

    op.drop_table("academy_early_career_pauses")
    with op.batch_alter_table("academy_completions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_academy_completions_staff_id"))
        batch_op.drop_index(batch_op.f("ix_academy_completions_course_id"))

    op.drop_table("academy_completions")
    op.drop_table("academy_practice_educators")
    with op.batch_alter_table("academy_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_academy_notices_staff_id"))

    op.drop_table("academy_notices")
    with op.batch_alter_table("academy_enrolments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_academy_enrolments_staff_id"))
        batch_op.drop_index(batch_op.f("ix_academy_enrolments_session_id"))

    op.drop_table("academy_enrolments")
    with op.batch_alter_table("academy_early_career", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_academy_early_career_staff_id"))

    op.drop_table("academy_early_career")
    with op.batch_alter_table("academy_cpd_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_academy_cpd_records_staff_id"))
        batch_op.drop_index(batch_op.f("ix_academy_cpd_records_recorded_on"))

    op.drop_table("academy_cpd_records")
    with op.batch_alter_table("academy_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_academy_sessions_starts_at"))
        batch_op.drop_index(batch_op.f("ix_academy_sessions_course_id"))

    op.drop_table("academy_sessions")
    with op.batch_alter_table("academy_requirements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_academy_requirements_team_id"))
        batch_op.drop_index(batch_op.f("ix_academy_requirements_course_id"))

    op.drop_table("academy_requirements")
    with op.batch_alter_table("academy_courses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_academy_courses_programme_id"))

    op.drop_table("academy_courses")
    op.drop_table("academy_programmes")
