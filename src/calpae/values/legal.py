"""Legal references: `loi n°2018-1317`, `instruction n° DGCS/SD1B/DIPLP/DGEFP/SDPAE/2020/28`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LegalReference:
    kind: str | None  # loi | instruction | decret | circulaire | arrete | None
    reference: str  # the number as printed, spaces inside kept (`DGCS/SD1B/2019/196`)
    start: int  # span of the reference number in the text given
    end: int


def find_legal_references(text: str) -> list[LegalReference]:
    """Every legal reference in text, in order.  STUB: replaced by the values work."""
    raise NotImplementedError
