"""The indicator matrix: header columns, measures carried down, continued pieces, the seed."""

from __future__ import annotations

from pathlib import Path

from calpae.extract.indicators import extract_indicator_matrix
from calpae.readers import read_bytes, read_file

MATRIX = """## Annexe A

Mesures\tIndicateurs\tDéfinition\tSituation au 31 déc. 2018\tRésultat atteint en 2019
1.1 Maraudes\tNombre de contacts\tDepuis la dernière remontée\t12\t15
\tNombre de familles suivies\t\t3\t4

Note de bas de page

2.1 Premier accueil\tTaux de couverture\t\t40 %\t55 %
"""


def test_matrix_rows_carry_the_measure_down_and_continue_after_a_break() -> None:
    rows = extract_indicator_matrix(read_bytes(MATRIX.encode(), "m.md"))
    got = [(r.measure.value, r.indicator.value, r.baseline_2018.value,
            {y: v.value for y, v in r.results.items()}) for r in rows]
    assert got == [
        ("1.1 Maraudes", "Nombre de contacts", "12", {"2019": "15"}),
        ("1.1 Maraudes", "Nombre de familles suivies", "3", {"2019": "4"}),
        ("2.1 Premier accueil", "Taux de couverture", "40 %", {"2019": "55 %"}),
    ]
    assert rows[0].definition.value == "Depuis la dernière remontée"
    assert rows[0].indicator.evidence.text == "Nombre de contacts"


def test_no_matrix_in_a_table_without_indicators() -> None:
    text = "Intitulé\tBudget global\tPart Etat\nAide\t10 €\t5 €\n"
    assert extract_indicator_matrix(read_bytes(text.encode(), "m.md")) == []


def test_seed_annexe_a_matrix(seeds_dir: Path) -> None:
    source = read_file(seeds_dir / "004_7df9f1034cf1fd4a.txt")
    rows = extract_indicator_matrix(source)
    assert len(rows) >= 25
    measures = {r.measure.value.split()[0].rstrip(".") for r in rows if r.measure}
    assert {"1.1", "2.2", "3.1", "5.1"} <= measures
    assert all(r.indicator.value.strip() for r in rows)
