"""Source texts keep their pages' sizes (points), the frame the values' boxes are drawn in on
the page images.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # texts stored before keep NULL: their files were not kept, their pages are not shown.
    # A plain ADD COLUMN: rebuilding the table would drop its search triggers (0005).
    op.add_column("source_texts", sa.Column("page_sizes", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("source_texts", "page_sizes")
