"""French territories: départements with INSEE codes, métropoles, régions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Territory:
    kind: str  # departement | metropole | region
    name: str  # official name with accents (`Maine-et-Loire`)
    code: str  # INSEE code (`49`, `2A`, `971`); métropoles: SIREN or INSEE of the EPCI


@dataclass(frozen=True, slots=True)
class TerritoryMatch:
    territory: Territory
    start: int
    end: int


def lookup(name: str, kind: str | None = None) -> Territory | None:
    """The territory called name (accent-, case-, hyphen-insensitive).  STUB."""
    raise NotImplementedError


def find_territories(text: str, kind: str | None = None) -> list[TerritoryMatch]:
    """Every territory named in text, in order.  STUB: replaced by the values work."""
    raise NotImplementedError
