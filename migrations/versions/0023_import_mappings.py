"""import mappings: a column mapping per import and source, with its date format, hours and code translations

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 07:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "import_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("date_format", sa.String(length=20), nullable=True),
        sa.Column("standard_hours", sa.Float(), nullable=True),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("kept", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_import_mappings_created_by_id_users")),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "name", name="uq_import_mappings_kind_name"),
    )
    op.create_index(op.f("ix_import_mappings_kind"), "import_mappings", ["kind"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_import_mappings_kind"), table_name="import_mappings")
    op.drop_table("import_mappings")
