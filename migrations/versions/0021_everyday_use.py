"""everyday use: sign-off evidence; the reason for recruiting to a filled post; withdrawn CPD records

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 19:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "improvement_sign_off_evidence",
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["update_id"],
            ["improvement_action_updates.id"],
            name=op.f("fk_improvement_sign_off_evidence_update_id_improvement_action_updates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["improvement_evidence.id"],
            name=op.f("fk_improvement_sign_off_evidence_evidence_id_improvement_evidence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("update_id", "evidence_id", name=op.f("pk_improvement_sign_off_evidence")),
    )
    with op.batch_alter_table("improvement_sign_off_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_improvement_sign_off_evidence_evidence_id"), ["evidence_id"], unique=False)

    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("filled_post_reason", sa.String(length=500), nullable=True))

    with op.batch_alter_table("academy_cpd_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("academy_cpd_records", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_at")
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.drop_column("filled_post_reason")
    with op.batch_alter_table("improvement_sign_off_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_sign_off_evidence_evidence_id"))
    op.drop_table("improvement_sign_off_evidence")
