"""list indexes: people in name order, for the paged lists of staff, the training matrix and the schedule

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03 07:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    # A page of 50 people by name walks this index instead of sorting every staff record on each request.
    op.create_index("ix_staff_name", "staff", ["last_name", "first_name", "id"])


def downgrade():
    op.drop_index("ix_staff_name", table_name="staff")
