"""Stable keys of the calpae-json objects: what identifies a fiche, a table row, a recital."""

from __future__ import annotations

from calpae.extract import extract
from calpae.model import iter_extracted

from .helpers import avenant_text, fiche, read_text

TABLE = """Tableau financier récapitulatif

N°\tAction\tBudget global\tPart Etat\tPart CD
{rows}
\tTOTAL\t{total}\t{state}\t{territory}
"""


TITLES = {"1": "Premier accueil social", "2": "Zéro sortie sèche", "3": "Référents de parcours"}


def document(fiches: list[tuple[str, int]]) -> str:
    """An avenant with fiches (heading, State part) and the table listing them."""
    body = "\n".join(fiche(f"Fiche action n°{ref}", f"{state:,}".replace(",", " "),
                           "10 000", f"{state + 10_000:,}".replace(",", " "))
                     for ref, state in fiches)
    rows = "\n".join(f"{ref}\t{TITLES[ref]}\t{state + 10_000} €\t{state} €\t10 000 €"
                     for ref, state in fiches)
    total = sum(s for _r, s in fiches)
    table = TABLE.format(rows=rows, total=f"{total + 10_000 * len(fiches)} €",
                         state=f"{total} €", territory=f"{10_000 * len(fiches)} €")
    return avenant_text() + "\n" + body + "\n" + table


def values_by(field: str, text: str) -> dict[str, object]:
    extraction = extract(read_text(text))
    return {getattr(at, field): at.value.value for at in iter_extracted(extraction)}


def test_keys_survive_one_more_fiche_where_paths_shift():
    before_text = document([("2", 20_000), ("3", 30_000)])
    after_text = document([("1", 15_000), ("2", 20_000), ("3", 30_000)])
    before, after = values_by("key", before_text), values_by("key", after_text)
    assert before["actions[3].budget.state"] == after["actions[3].budget.state"] == 30_000
    assert before["actions[2].ref"] == after["actions[2].ref"] == "2"
    assert after["actions[1].budget.state"] == 15_000
    # the positional path of fiche 3 moved from actions[1] to actions[2]
    paths_before, paths_after = values_by("path", before_text), values_by("path", after_text)
    assert paths_before["actions[1].budget.state"] == 30_000
    assert paths_after["actions[1].budget.state"] == 20_000


def test_summary_rows_are_keyed_by_position_and_label():
    keys = values_by("key", document([("2", 20_000), ("3", 30_000)]))
    assert keys["financial_summary.rows[1:zéro-sortie-sèche].state"] == 20_000
    assert keys["financial_summary.rows[2:référents-de-parcours].state"] == 30_000
    assert keys["financial_summary.total.state"] == 50_000


def test_keys_are_unique_and_recitals_keyed_by_what_they_cite():
    extraction = extract(read_text(document([("2", 20_000), ("3", 30_000)])))
    keys = [at.key for at in iter_extracted(extraction)]
    assert len(keys) == len(set(keys))
    assert "document.legal_bases[loi:2020-1721].reference" in keys
