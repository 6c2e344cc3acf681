"""Names of the environment variables calpae reads that more than one layer needs.

This module imports nothing, so that the CLI can name a variable of the store without
loading the database stack (SQLAlchemy, Alembic) that `calpae extract` does not need.
"""

from __future__ import annotations

DATABASE_URL_ENV = "CALPAE_DATABASE_URL"
