"""Budget labels of a fiche: who pays (State, département or métropole, other financers) and
the total, in the words and cells fiches use (`extract/actions/labels.py`)."""

from __future__ import annotations

import pytest

from ..helpers import FORMS, action_rows, actions_in, actions_of, forms, plain


def test_budget_label_variants() -> None:
    text = "\n".join([
        "Action 4 : une action aux libellés variés", "",
        "Description de l'action", "Une action.", "",
        "Budget", "Budget 2021 : 90 000 €", "Montant Etat 2021 : 40 000 €",
        "Département (valorisation) : 50 000 €", "Autres financeurs : 0 €", "",
        "Indicateurs", "Aucun",
        "Action 5 : une action au coût total", "",
        "Description de l'action", "Une autre action.", "",
        "Budget", "Coût total : 12 000 €", "Etat : 6 000 €", "CD : 6 000 €", "",
        "Indicateurs", "Aucun",
    ])
    got = [plain(a)["budget"] for a in actions_of(text)]
    assert got[0] == {"year": 2021, "state": 40000, "territory": 50000, "other": 0,
                      "total": 90000}
    assert got[1] == {"year": 2021, "state": 6000, "territory": 6000, "other": None,
                      "total": 12000}


METROPOLE = """CONVENTION D'APPUI A LA LUTTE CONTRE LA PAUVRETE - METROPOLE

Mesures du socle

Fiche action 1 : Prévenir les sorties sèches de l'aide sociale à l'enfance

Description de l'action
Un accompagnement des jeunes majeurs.

Durée de l'action
Un an

Budget 2021
Part Etat : 40 000 €
Part Métropole : 45 000 €
Budget total : 85 000 €

Indicateurs
Nombre de jeunes accompagnés

Fiche action 2 : Maraudes mixtes

Description de l'action
Des maraudes associant l'État et la Métropole.

Budget 2021
Etat\tMétropole\tFSE\tTotal
5 000 €\t5 000 €\t2 000 €\t12 000 €

Indicateurs
Nombre de maraudes
"""


@pytest.mark.parametrize("form", FORMS)
def test_metropole_fiches(form: str) -> None:
    source = forms(METROPOLE, "fiches.md")[form]
    got = action_rows(actions_in(source, 2021))
    assert [r[0] for r in got] == ["1", "2"]
    assert [r[3] for r in got] == [(2021, 40000, 45000, None, 85000),
                                   (2021, 5000, 5000, 2000, 12000)]


@pytest.mark.parametrize(("cell", "name"), [
    ("Crédits Etat 2019", "state"),
    ("Crédits Département 2019", "territory"),
    ("Coût total 2019", "total"),
    ("Autres financements 2019 (ARS)", "other"),
    ("Etat 2019 : 3 élus", None),
])
def test_a_label_cell_qualified_by_its_year(cell: str, name: str | None) -> None:
    from calpae.extract.actions.labels import cell_field

    assert cell_field(cell) == name
