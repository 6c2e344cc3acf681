"""The look of the pages: the État's design system (DSFR) when its files are vendored, else
our own small neutral style sheet with the same HTML and class names, no Marianne.

`CALPAE_THEME=dsfr|neutre` chooses; by default the neutral theme (ADR 0010).
The DSFR is only for State services on .gouv.fr; the neutral theme is for everyone else.
"""

from __future__ import annotations

import logging
import os
from enum import StrEnum
from pathlib import Path

THEME_ENV = "CALPAE_THEME"
STATIC_DIR = Path(__file__).resolve().parent / "static"
DSFR_CSS = "vendor/dsfr/dsfr.min.css"
DSFR_JS = "vendor/dsfr/dsfr.module.min.js"

log = logging.getLogger(__name__)


class Theme(StrEnum):
    DSFR = "dsfr"
    NEUTRAL = "neutre"


def dsfr_present(static_dir: Path = STATIC_DIR) -> bool:
    return (static_dir / DSFR_CSS).is_file() and (static_dir / DSFR_JS).is_file()


def choose_theme(given: str | None = None, static_dir: Path = STATIC_DIR) -> Theme:
    """The theme asked for (argument, then environment), else DSFR if its files are there."""
    asked = (given or os.environ.get(THEME_ENV) or "").strip().lower()
    if not asked:
        return Theme.NEUTRAL  # the DSFR is for State instances, which ask for it (ADR 0010)
    try:
        theme = Theme(asked)
    except ValueError:
        raise ValueError(f"{THEME_ENV} : thème « {asked} » inconnu (dsfr ou neutre) / "
                         "unknown theme") from None
    if theme is Theme.DSFR and not dsfr_present(static_dir):
        log.warning("Thème DSFR demandé mais %s est absent : les pages seront sans style.",
                    static_dir / DSFR_CSS)
    return theme
