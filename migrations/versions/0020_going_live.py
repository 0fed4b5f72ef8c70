"""going live: work email on staff records, accounts linked to the council's identity provider

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 18:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


# Unique indexes rather than unique constraints, and columns dropped in place (SQLite 3.35 and later): a
# rebuilt `staff` or `users` table would break the foreign keys other tables hold to them.


def upgrade():
    with op.batch_alter_table("staff", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.create_index(batch_op.f("ix_staff_email"), ["email"], unique=True)

    with op.batch_alter_table("users", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("oidc_subject", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("break_glass", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f("ix_users_oidc_subject"), ["oidc_subject"], unique=True)


def downgrade():
    with op.batch_alter_table("users", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_oidc_subject"))
        batch_op.drop_column("break_glass")
        batch_op.drop_column("oidc_subject")

    with op.batch_alter_table("staff", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_email"))
        batch_op.drop_column("email")
