"""Checks, identity and dossiers: findings, action lines, and what documents are grouped by.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN, no batch copy: on SQLite a batch migration recreates `documents`,
    # and dropping the old table would cascade to every extracted value. So `duplicate_of_id`
    # has no foreign key (SQLite cannot add one in place); identity maintains it.
    for column in (
        sa.Column("territory_key", sa.String(length=300), nullable=True),
        sa.Column("region_code", sa.String(length=3), nullable=True),
        sa.Column("redacted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("state_amount", sa.Float(), nullable=True),
        sa.Column("state_carryover", sa.Float(), nullable=True),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("identity_note", sa.Text(), nullable=True),
        sa.Column("effective", sa.Boolean(), nullable=False, server_default=sa.false()),
    ):
        op.add_column("documents", column)
    for index in ("territory_key", "region_code", "duplicate_of_id", "effective"):
        op.create_index(f"ix_documents_{index}", "documents", [index])
    op.create_table(
        "action_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=True),
        sa.Column("section", sa.String(length=32), nullable=True),
        sa.Column("measure", sa.String(length=512), nullable=True),
        sa.Column("theme", sa.String(length=200), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        *(sa.Column(name, sa.Float(), nullable=True) for name in (
            "state", "territory", "other", "total", "engaged", "consumed",
            "carryover_requested")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name="fk_action_lines_document_id_documents"),
        sa.PrimaryKeyConstraint("id", name="pk_action_lines"),
    )
    op.create_index("ix_action_lines_document_id", "action_lines", ["document_id"])
    op.create_index("ix_action_lines_theme", "action_lines", ["theme"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity", sa.String(length=96), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("territory_key", sa.String(length=300), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("cited", sa.JSON(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_findings"),
        sa.UniqueConstraint("identity", name="uq_findings_identity"),
    )
    op.create_index("ix_findings_rule", "findings", ["rule"])
    op.create_index("ix_findings_territory_key", "findings", ["territory_key"])
    op.create_table(
        "finding_documents",
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["finding_id"], ["findings.id"], ondelete="CASCADE",
                                name="fk_finding_documents_finding_id_findings"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name="fk_finding_documents_document_id_documents"),
        sa.PrimaryKeyConstraint("finding_id", "document_id", name="pk_finding_documents"),
    )
    op.create_index("ix_finding_documents_document_id", "finding_documents", ["document_id"])


def downgrade() -> None:
    op.drop_table("finding_documents")
    op.drop_table("findings")
    op.drop_table("action_lines")
    for index in ("effective", "duplicate_of_id", "region_code", "territory_key"):
        op.drop_index(f"ix_documents_{index}", table_name="documents")
    for column in ("effective", "identity_note", "duplicate_of_id", "state_carryover",
                   "state_amount", "redacted", "region_code", "territory_key"):
        op.drop_column("documents", column)
