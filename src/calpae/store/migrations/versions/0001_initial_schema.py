"""Initial schema: source files, their text, documents and extracted values.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=512), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reader_notes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_source_files"),
        sa.UniqueConstraint("sha256", name="uq_source_files_sha256"),
    )
    op.create_table(
        "source_texts",
        sa.Column("source_file_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_file_id"], ["source_files.id"], ondelete="CASCADE",
                                name="fk_source_texts_source_file_id_source_files"),
        sa.PrimaryKeyConstraint("source_file_id", name="pk_source_texts"),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_file_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("amendment_number", sa.Integer(), nullable=True),
        sa.Column("exercise_year", sa.Integer(), nullable=True),
        sa.Column("territory_kind", sa.String(length=32), nullable=True),
        sa.Column("territory_name", sa.String(length=256), nullable=True),
        sa.Column("territory_code", sa.String(length=8), nullable=True),
        sa.Column("action_count", sa.Integer(), nullable=False),
        sa.Column("calpae_json", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["source_file_id"], ["source_files.id"], ondelete="CASCADE",
                                name="fk_documents_source_file_id_source_files"),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("source_file_id", name="uq_documents_source_file_id"),
    )
    op.create_index("ix_documents_kind", "documents", ["kind"])
    op.create_index("ix_documents_exercise_year", "documents", ["exercise_year"])
    op.create_index("ix_documents_territory_code", "documents", ["territory_code"])
    op.create_table(
        "extracted_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=512), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=True),
        sa.Column("evidence_end", sa.Integer(), nullable=True),
        sa.Column("evidence_line", sa.Integer(), nullable=True),
        sa.Column("evidence_page", sa.Integer(), nullable=True),
        sa.Column("bbox_x0", sa.Float(), nullable=True),
        sa.Column("bbox_y0", sa.Float(), nullable=True),
        sa.Column("bbox_x1", sa.Float(), nullable=True),
        sa.Column("bbox_y1", sa.Float(), nullable=True),
        sa.Column("evidence_text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name="fk_extracted_values_document_id_documents"),
        sa.PrimaryKeyConstraint("id", name="pk_extracted_values"),
    )
    op.create_index("ix_extracted_values_document_id", "extracted_values", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_extracted_values_document_id", table_name="extracted_values")
    op.drop_table("extracted_values")
    op.drop_index("ix_documents_territory_code", table_name="documents")
    op.drop_index("ix_documents_exercise_year", table_name="documents")
    op.drop_index("ix_documents_kind", table_name="documents")
    op.drop_table("documents")
    op.drop_table("source_texts")
    op.drop_table("source_files")
