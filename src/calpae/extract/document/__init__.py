"""The document block: kind, year, territory, signatories, legal bases, dates, State funding."""

from __future__ import annotations

from calpae.extract.document.articles import (
    amendment_number,
    convention_period,
    document_kind,
    exercise_year,
    extract_signature,
    extract_state_funding,
)
from calpae.extract.document.parties import (
    detect_redaction,
    extract_signatory,
    extract_territory,
    find_parties,
)
from calpae.extract.document.recitals import (
    base_convention_date,
    extract_deliberation,
    extract_legal_bases,
)
from calpae.extract.document.regions import HeaderText
from calpae.extract.models import DocumentBlock, DocumentKind
from calpae.model import SourceDocument


def extract_document(source: SourceDocument) -> DocumentBlock:
    """Every field of the calpae-json `document` object that the document states."""
    ht = HeaderText(source)
    kind = document_kind(ht)
    kind_value = kind.value if kind else None
    year = exercise_year(ht, kind_value)
    parties = find_parties(ht)
    state_party = next((p for p in parties if p.is_state(ht.folded)), None)
    territory_party = next((p for p in parties if not p.is_state(ht.folded)), None)
    legal_bases = extract_legal_bases(ht)
    return DocumentBlock(
        kind=kind,
        amendment_number=amendment_number(ht) if kind_value == DocumentKind.AMENDMENT else None,
        exercise_year=year,
        convention_period=convention_period(ht, kind_value, year),
        territory=extract_territory(ht, parties),
        redacted=detect_redaction(ht),
        state_signatory=extract_signatory(ht, state_party),
        territory_signatory=extract_signatory(ht, territory_party),
        legal_bases=legal_bases,
        base_convention_date=base_convention_date(ht, legal_bases),
        deliberation=extract_deliberation(ht),
        signature=extract_signature(ht),
        state_funding=extract_state_funding(ht),
    )
