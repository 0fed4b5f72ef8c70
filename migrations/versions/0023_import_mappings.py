"""import mappings: a column mapping per import and source, with its date format, hours and code translations;
the caseload mappings move into it

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
    _move_caseload_mappings()


#: A caseload mapping's fields and WPQ's headers for them (the caseload import's standard headers).
CASELOAD_HEADERS = {
    "case_reference": "CaseReference",
    "case_type": "CaseType",
    "employee_number": "EmployeeNumber",
    "swe_number": "SWENo",
    "team": "Team",
    "allocation_date": "AllocationDate",
    **{code.lower(): code for code in ("CP", "CIN", "CLA", "CL", "EH", "OTHER")},
}
SOURCE_LABELS = {"mosaic": "Mosaic", "liquidlogic": "Liquidlogic", "eclipse": "Eclipse", "ssd": "SSD", "other": "Other"}

old_mappings = sa.table(
    "caseload_mappings",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("source_system", sa.String),
    sa.column("shape", sa.String),
    sa.column("columns", sa.JSON),
    sa.column("created_by_id", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
new_mappings = sa.table(
    "import_mappings",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("name", sa.String),
    sa.column("source", sa.String),
    sa.column("columns", sa.JSON),
    sa.column("date_format", sa.String),
    sa.column("standard_hours", sa.Float),
    sa.column("translations", sa.JSON),
    sa.column("options", sa.JSON),
    sa.column("kept", sa.JSON),
    sa.column("created_by_id", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


#: After rows were written with their ids, PostgreSQL's id sequence must start after them.
RESET_SEQUENCE = {
    "import_mappings": "SELECT setval(pg_get_serial_sequence('import_mappings', 'id'), "
    "COALESCE(MAX(id), 0) + 1, false) FROM import_mappings",
    "caseload_mappings": "SELECT setval(pg_get_serial_sequence('caseload_mappings', 'id'), "
    "COALESCE(MAX(id), 0) + 1, false) FROM caseload_mappings",
}


def _reset_sequence(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.text(RESET_SEQUENCE[table]))


def _move_caseload_mappings():
    """Each caseload mapping becomes an import mapping with the same id (so import jobs keep theirs), its
    columns keyed by WPQ's header, and its shape and source system among its options."""
    connection = op.get_bind()
    rows = connection.execute(sa.select(old_mappings)).mappings().all()
    if rows:
        op.bulk_insert(
            new_mappings,
            [
                {
                    "id": row["id"],
                    "kind": "caseloads",
                    "name": row["name"],
                    "source": SOURCE_LABELS.get(row["source_system"], row["source_system"]),
                    "columns": {
                        CASELOAD_HEADERS[name]: header
                        for name, header in (row["columns"] or {}).items()
                        if name in CASELOAD_HEADERS and header
                    },
                    "date_format": None,
                    "standard_hours": None,
                    "translations": {},
                    "options": {"shape": row["shape"], "source_system": row["source_system"]},
                    "kept": [],
                    "created_by_id": row["created_by_id"],
                    "created_at": row["created_at"],
                }
                for row in rows
            ],
        )
        _reset_sequence("import_mappings")
    with op.batch_alter_table("caseload_import_jobs") as batch:
        batch.drop_constraint("fk_caseload_import_jobs_mapping_id_caseload_mappings", type_="foreignkey")
        batch.create_foreign_key(
            "fk_caseload_import_jobs_mapping_id_import_mappings", "import_mappings", ["mapping_id"], ["id"]
        )
    op.drop_table("caseload_mappings")


def downgrade():
    op.create_table(
        "caseload_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column(
            "source_system",
            sa.Enum(
                "mosaic", "liquidlogic", "eclipse", "ssd", "other", name="source_system", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column(
            "shape",
            sa.Enum("cases", "worker-counts", name="extract_shape", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_caseload_mappings_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caseload_mappings")),
        sa.UniqueConstraint("name", name=op.f("uq_caseload_mappings_name")),
    )
    field_of = {header: name for name, header in CASELOAD_HEADERS.items()}
    connection = op.get_bind()
    rows = connection.execute(sa.select(new_mappings).where(new_mappings.c.kind == "caseloads")).mappings().all()
    if rows:
        op.bulk_insert(
            old_mappings,
            [
                {
                    "id": row["id"],
                    "name": row["name"],
                    "source_system": (row["options"] or {}).get("source_system", "other"),
                    "shape": (row["options"] or {}).get("shape", "cases"),
                    "columns": {field_of[h]: source for h, source in (row["columns"] or {}).items() if h in field_of},
                    "created_by_id": row["created_by_id"],
                    "created_at": row["created_at"],
                }
                for row in rows
            ],
        )
        _reset_sequence("caseload_mappings")
    # Jobs that read a mapping of another import cannot point at the caseload table.
    connection.execute(
        sa.text(
            "UPDATE caseload_import_jobs SET mapping_id = NULL WHERE mapping_id IS NOT NULL AND mapping_id NOT IN "
            "(SELECT id FROM import_mappings WHERE kind = 'caseloads')"
        )
    )
    with op.batch_alter_table("caseload_import_jobs") as batch:
        batch.drop_constraint("fk_caseload_import_jobs_mapping_id_import_mappings", type_="foreignkey")
        batch.create_foreign_key(
            "fk_caseload_import_jobs_mapping_id_caseload_mappings", "caseload_mappings", ["mapping_id"], ["id"]
        )
    op.drop_index(op.f("ix_import_mappings_kind"), table_name="import_mappings")
    op.drop_table("import_mappings")
