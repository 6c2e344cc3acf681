"""Rules that read one document: its articles, fiches, financial table and dates."""

from calpae.checks.document import (  # noqa: F401  (importing registers the rules)
    actions,
    amounts,
    articles,
    cofinancing,
    completeness,
    dates,
    execution,
    summary,
)
