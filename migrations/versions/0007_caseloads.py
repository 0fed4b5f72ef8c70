"""caseloads

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 01:48:19.278866

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "caseload_case_type_weights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column(
            "case_type",
            sa.Enum("CP", "CIN", "CLA", "CL", "EH", "OTHER", name="case_type", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caseload_case_type_weights")),
    )
    with op.batch_alter_table("caseload_case_type_weights", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_caseload_case_type_weights_effective_from"), ["effective_from"], unique=False
        )

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
    op.create_table(
        "caseload_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_date", sa.Date(), nullable=False),
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
        sa.Column(
            "status",
            sa.Enum("imported", "superseded", name="snapshot_status", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("case_count", sa.Integer(), nullable=False),
        sa.Column("worker_count", sa.Integer(), nullable=False),
        sa.Column("references_hashed", sa.Boolean(), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["imported_by_id"], ["users.id"], name=op.f("fk_caseload_snapshots_imported_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caseload_snapshots")),
    )
    with op.batch_alter_table("caseload_snapshots", schema=None) as batch_op:
        batch_op.create_index("ix_caseload_snapshots_date_status", ["snapshot_date", "status"], unique=False)

    op.create_table(
        "caseload_thresholds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("census_role", sa.Integer(), nullable=True),
        sa.Column(
            "programme", sa.Enum("experienced", "asye", name="programme", native_enum=False, length=40), nullable=False
        ),
        sa.Column("limit_per_fte", sa.Float(), nullable=False),
        sa.Column("amber_from", sa.Float(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_caseload_thresholds_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caseload_thresholds")),
    )
    with op.batch_alter_table("caseload_thresholds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_caseload_thresholds_effective_from"), ["effective_from"], unique=False)

    op.create_table(
        "caseload_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("case_reference", sa.String(length=80), nullable=False),
        sa.Column(
            "case_type",
            sa.Enum("CP", "CIN", "CLA", "CL", "EH", "OTHER", name="case_type", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("worker_identifier", sa.String(length=40), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("allocation_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["caseload_snapshots.id"],
            name=op.f("fk_caseload_cases_snapshot_id_caseload_snapshots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_caseload_cases_staff_id_staff")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_caseload_cases_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caseload_cases")),
    )
    with op.batch_alter_table("caseload_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_caseload_cases_snapshot_id"), ["snapshot_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_caseload_cases_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_caseload_cases_team_id"), ["team_id"], unique=False)

    op.create_table(
        "caseload_import_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "checking",
                "saving",
                "imported",
                "rejected",
                "failed",
                name="import_job_status",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("upload_token", sa.String(length=60), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("snapshot_date", sa.Date(), nullable=False),
        sa.Column(
            "source_system",
            sa.Enum(
                "mosaic", "liquidlogic", "eclipse", "ssd", "other", name="source_system", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("mapping_id", sa.Integer(), nullable=True),
        sa.Column("allow_unknown_workers", sa.Boolean(), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("processed_rows", sa.Integer(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=True),
        sa.Column("snapshot_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_caseload_import_jobs_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["mapping_id"], ["caseload_mappings.id"], name=op.f("fk_caseload_import_jobs_mapping_id_caseload_mappings")
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["caseload_snapshots.id"],
            name=op.f("fk_caseload_import_jobs_snapshot_id_caseload_snapshots"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caseload_import_jobs")),
    )
    with op.batch_alter_table("caseload_import_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_caseload_import_jobs_created_by_id"), ["created_by_id"], unique=False)

    op.create_table(
        "caseload_worker_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("worker_identifier", sa.String(length=40), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("cp_cases", sa.Integer(), nullable=False),
        sa.Column("cin_cases", sa.Integer(), nullable=False),
        sa.Column("cla_cases", sa.Integer(), nullable=False),
        sa.Column("cl_cases", sa.Integer(), nullable=False),
        sa.Column("eh_cases", sa.Integer(), nullable=False),
        sa.Column("other_cases", sa.Integer(), nullable=False),
        sa.Column("total_cases", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["caseload_snapshots.id"],
            name=op.f("fk_caseload_worker_counts_snapshot_id_caseload_snapshots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_caseload_worker_counts_staff_id_staff")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_caseload_worker_counts_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caseload_worker_counts")),
        sa.UniqueConstraint("snapshot_id", "worker_identifier", name="one_row_per_worker"),
    )
    with op.batch_alter_table("caseload_worker_counts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_caseload_worker_counts_snapshot_id"), ["snapshot_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_caseload_worker_counts_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_caseload_worker_counts_team_id"), ["team_id"], unique=False)


def downgrade():
    with op.batch_alter_table("caseload_worker_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_caseload_worker_counts_team_id"))
        batch_op.drop_index(batch_op.f("ix_caseload_worker_counts_staff_id"))
        batch_op.drop_index(batch_op.f("ix_caseload_worker_counts_snapshot_id"))

    op.drop_table("caseload_worker_counts")
    with op.batch_alter_table("caseload_import_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_caseload_import_jobs_created_by_id"))

    op.drop_table("caseload_import_jobs")
    with op.batch_alter_table("caseload_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_caseload_cases_team_id"))
        batch_op.drop_index(batch_op.f("ix_caseload_cases_staff_id"))
        batch_op.drop_index(batch_op.f("ix_caseload_cases_snapshot_id"))

    op.drop_table("caseload_cases")
    with op.batch_alter_table("caseload_thresholds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_caseload_thresholds_effective_from"))

    op.drop_table("caseload_thresholds")
    with op.batch_alter_table("caseload_snapshots", schema=None) as batch_op:
        batch_op.drop_index("ix_caseload_snapshots_date_status")

    op.drop_table("caseload_snapshots")
    op.drop_table("caseload_mappings")
    with op.batch_alter_table("caseload_case_type_weights", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_caseload_case_type_weights_effective_from"))

    op.drop_table("caseload_case_type_weights")
