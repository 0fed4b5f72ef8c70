"""evidence documents: the plan's evidence documents kept in the database with their records

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 18:50:00

Evidence documents were files in the instance folder's `improvement-evidence`, written before the
transaction committed and left out of backups. They now live in `improvement_evidence_documents`, one row
per document, so a backup of the database holds them. The upgrade copies every file it finds in that
folder into the table (a document whose file is missing stays listed, and its download answers 404, as
before); the downgrade writes them back to the folder.
"""

from pathlib import Path

import sqlalchemy as sa
from alembic import op
from flask import current_app

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

evidence = sa.table(
    "improvement_evidence",
    sa.column("id", sa.Integer),
    sa.column("stored_name", sa.String),
)
documents = sa.table(
    "improvement_evidence_documents",
    sa.column("evidence_id", sa.Integer),
    sa.column("content", sa.LargeBinary),
)


def _folder() -> Path:
    return Path(current_app.instance_path) / "improvement-evidence"


def upgrade():
    op.create_table(
        "improvement_evidence_documents",
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["improvement_evidence.id"],
            name=op.f("fk_improvement_evidence_documents_evidence_id_improvement_evidence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("evidence_id", name=op.f("pk_improvement_evidence_documents")),
    )
    connection = op.get_bind()
    folder = _folder()
    rows = connection.execute(
        sa.select(evidence.c.id, evidence.c.stored_name).where(evidence.c.stored_name.is_not(None))
    )
    for evidence_id, stored_name in rows.all():
        path = folder / stored_name
        if path.is_file():
            connection.execute(documents.insert().values(evidence_id=evidence_id, content=path.read_bytes()))


def downgrade():
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(evidence.c.stored_name, documents.c.content).join(documents, documents.c.evidence_id == evidence.c.id)
    ).all()
    if rows:
        folder = _folder()
        folder.mkdir(parents=True, exist_ok=True)
        for stored_name, content in rows:
            (folder / stored_name).write_bytes(content)
    op.drop_table("improvement_evidence_documents")
