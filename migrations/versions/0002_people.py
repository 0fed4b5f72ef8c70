"""people

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 01:37:06.180921

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_number", sa.String(length=40), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("census_role", sa.Integer(), nullable=False),
        sa.Column("job_title", sa.String(length=120), nullable=False),
        sa.Column("grade", sa.String(length=40), nullable=True),
        sa.Column("budgeted_fte", sa.Float(), nullable=False),
        sa.Column("case_holding", sa.Boolean(), nullable=False),
        sa.Column("funded_from", sa.Date(), nullable=False),
        sa.Column("funded_to", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("budgeted_fte >= 0 AND budgeted_fte <= 1", name=op.f("ck_posts_budgeted_fte_range")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_posts_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
        sa.UniqueConstraint("post_number", name=op.f("uq_posts_post_number")),
    )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_posts_team_id"), ["team_id"], unique=False)

    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_number", sa.String(length=40), nullable=False),
        sa.Column("first_name", sa.String(length=80), nullable=False),
        sa.Column("last_name", sa.String(length=80), nullable=False),
        sa.Column("swe_number", sa.String(length=20), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.Enum("M", "F", name="sex", native_enum=False, length=40), nullable=True),
        sa.Column(
            "ethnicity",
            sa.Enum(
                "WBRI",
                "WIRI",
                "WOTH",
                "MWBC",
                "MWBA",
                "MWAS",
                "MOTH",
                "AIND",
                "APKN",
                "ABAN",
                "AOTH",
                "BCRB",
                "BAFR",
                "BOTH",
                "CHNE",
                "OOTH",
                "REFU",
                "NOBT",
                name="ethnicity",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("qualification_level", sa.Integer(), nullable=True),
        sa.Column("qualification_date", sa.Date(), nullable=True),
        sa.Column("step_up", sa.Boolean(), nullable=False),
        sa.Column("frontline", sa.Boolean(), nullable=False),
        sa.Column(
            "employment_type",
            sa.Enum(
                "permanent",
                "fixed-term",
                "agency",
                "secondment",
                "casual",
                name="employment_type",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("contracted_hours", sa.Float(), nullable=False),
        sa.Column("standard_hours", sa.Float(), nullable=False),
        sa.Column("line_manager_id", sa.Integer(), nullable=True),
        sa.Column(
            "registration_status",
            sa.Enum(
                "registered",
                "lapsed",
                "suspended",
                "removed",
                "not-required",
                name="registration_status",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("registered_until", sa.Date(), nullable=True),
        sa.Column("registration_checked_on", sa.Date(), nullable=True),
        sa.Column("registration_checked_by_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["line_manager_id"], ["staff.id"], name=op.f("fk_staff_line_manager_id_staff")),
        sa.ForeignKeyConstraint(
            ["registration_checked_by_id"], ["users.id"], name=op.f("fk_staff_registration_checked_by_id_users")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_staff_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("employee_number", name=op.f("uq_staff_employee_number")),
        sa.UniqueConstraint("swe_number", name=op.f("uq_staff_swe_number")),
        sa.UniqueConstraint("user_id", name=op.f("uq_staff_user_id")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_line_manager_id"), ["line_manager_id"], unique=False)

    op.create_table(
        "absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "MAT", "OTH", "PUB", "SIC", "TRN", "UNA", "UNP", name="absence_reason", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name=op.f("ck_absences_end_after_start")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_absences_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absences")),
    )
    with op.batch_alter_table("absences", schema=None) as batch_op:
        batch_op.create_index("ix_absences_dates", ["start_date", "end_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_absences_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("census_role", sa.Integer(), nullable=False),
        sa.Column(
            "employment_type",
            sa.Enum(
                "permanent",
                "fixed-term",
                "agency",
                "secondment",
                "casual",
                name="employment_type",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.Column("case_holding", sa.Boolean(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("start_origin", sa.Integer(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("leaver_destination", sa.Integer(), nullable=True),
        sa.Column("reason_for_leaving", sa.Integer(), nullable=True),
        sa.Column("is_leaving", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name=op.f("ck_assignments_end_after_start")),
        sa.CheckConstraint("fte >= 0 AND fte <= 1", name=op.f("ck_assignments_fte_range")),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_assignments_post_id_posts")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_assignments_staff_id_staff")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_assignments_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index("ix_assignments_dates", ["start_date", "end_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignments_post_id"), ["post_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignments_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignments_team_id"), ["team_id"], unique=False)


def downgrade():
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignments_team_id"))
        batch_op.drop_index(batch_op.f("ix_assignments_staff_id"))
        batch_op.drop_index(batch_op.f("ix_assignments_post_id"))
        batch_op.drop_index("ix_assignments_dates")

    op.drop_table("assignments")
    with op.batch_alter_table("absences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absences_staff_id"))
        batch_op.drop_index("ix_absences_dates")

    op.drop_table("absences")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_line_manager_id"))

    op.drop_table("staff")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posts_team_id"))

    op.drop_table("posts")
