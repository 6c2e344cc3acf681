"""calpae: read, extract, check and consolidate CALPAE poverty-contract documents."""

__version__ = "0.1.0"
