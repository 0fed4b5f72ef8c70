"""page speed: the data generation for kept figures, and indexes the measures and pages use

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24 04:40:00.000000

"""

import uuid

import sqlalchemy as sa
from alembic import op

#: Foreign keys the pages and measures join on that had no index: (table, column).
INDEXED = [
    ("academy_completions", "enrolment_id"),
    ("academy_early_career", "assessor_id"),
    ("academy_early_career", "supervisor_id"),
    ("academy_student_placements", "team_id"),
    ("agency_engagements", "assignment_id"),
    ("applications", "assignment_id"),
    ("applications", "staff_id"),
    ("audit_case_audits", "overall_grade_id"),
    ("audit_domain_grades", "grade_id"),
    ("audit_domain_grades", "moderated_grade_id"),
    ("audit_moderations", "auditor_grade_id"),
    ("audit_moderations", "moderated_grade_id"),
    ("caseload_import_jobs", "snapshot_id"),
    ("stage_changes", "from_stage_id"),
    ("stage_changes", "to_stage_id"),
    ("supervision_actions", "completed_in_id"),
    ("supervision_actions", "owner_id"),
]

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    generations = op.create_table(
        "data_generations",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.bulk_insert(generations, [{"name": "records", "token": uuid.uuid4().hex}])
    for table, column in INDEXED:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def downgrade():
    for table, column in reversed(INDEXED):
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
    op.drop_table("data_generations")
