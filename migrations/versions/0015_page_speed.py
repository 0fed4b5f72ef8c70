"""page speed: the data generation for kept figures, and indexes the measures and pages use

Revision ID: 0015
Revises: 0012
Create Date: 2026-11-24 04:40:00.000000

"""

import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0012"
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


def downgrade():
    op.drop_table("data_generations")
