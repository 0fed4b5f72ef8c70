"""staff survey results

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 02:08:15.056149

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staff_survey_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("survey_date", sa.Date(), nullable=False),
        sa.Column("question", sa.String(length=300), nullable=False),
        sa.Column("percent_agreeing", sa.Float(), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "percent_agreeing >= 0 AND percent_agreeing <= 100", name=op.f("ck_staff_survey_results_percent_range")
        ),
        sa.CheckConstraint("responses >= 0", name=op.f("ck_staff_survey_results_responses_not_negative")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_staff_survey_results_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_survey_results")),
        sa.UniqueConstraint("team_id", "survey_date", "question", name="uq_staff_survey_results_team_date_question"),
    )
    with op.batch_alter_table("staff_survey_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_survey_results_survey_date"), ["survey_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_survey_results_team_id"), ["team_id"], unique=False)


def downgrade():
    with op.batch_alter_table("staff_survey_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_survey_results_team_id"))
        batch_op.drop_index(batch_op.f("ix_staff_survey_results_survey_date"))

    op.drop_table("staff_survey_results")
