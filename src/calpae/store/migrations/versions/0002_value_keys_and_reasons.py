"""Extracted values get a stable key, the reason they are not exact, and the spans of parts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("extracted_values") as batch:
        batch.add_column(sa.Column("key", sa.String(length=512), nullable=True))
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("parts", sa.JSON(), nullable=True))
    # values stored before keys existed keep their positional path as key
    op.execute("UPDATE extracted_values SET key = path WHERE key IS NULL")
    with op.batch_alter_table("extracted_values") as batch:
        batch.alter_column("key", existing_type=sa.String(length=512), nullable=False)
        batch.create_index("uq_extracted_values_document_id_key", ["document_id", "key"],
                           unique=True)


def downgrade() -> None:
    with op.batch_alter_table("extracted_values") as batch:
        batch.drop_index("uq_extracted_values_document_id_key")
        batch.drop_column("parts")
        batch.drop_column("reason")
        batch.drop_column("key")
