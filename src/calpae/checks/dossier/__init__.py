"""Rules across the documents of one territory: the years follow each other and agree."""

from calpae.checks.dossier import budgets, carryover, coverage  # noqa: F401  (registers)
