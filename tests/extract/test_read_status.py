"""Values read through OCR or layout damage are reported `repaired` with their reason, in every
extractor that reads figures and dates (fiche budgets, execution, the summary table, the header).
"""

from __future__ import annotations

import pytest

from calpae.extract.actions import extract_actions
from calpae.extract.document import extract_document
from calpae.extract.models import DocumentBlock
from calpae.extract.summary import extract_financial_summary
from calpae.model import Extracted, ReadStatus
from calpae.readers import read_bytes

OCR_DIGITS = "lettres lues comme chiffres"
SPACED_DECIMALS = "décimales séparées par une espace"


def actions_of(text: str, year: int, kind: str | None = None):
    source = read_bytes(text.encode("utf-8"), "fiches.txt")
    document = DocumentBlock(kind=Extracted(kind) if kind else None,
                             exercise_year=Extracted(year))
    return extract_actions(source, document)


def assert_repaired(value: Extracted | None, number: float, reason: str) -> None:
    assert value is not None
    assert (value.value, value.status) == (number, ReadStatus.REPAIRED)
    assert value.reason is not None and reason in value.reason
    assert value.evidence is not None  # reaches the store with its place


FICHE = """Fiche action n°1 : Accompagner les jeunes

Description de l'action
Un accompagnement.

{budget}

Indicateurs
Nombre de jeunes
"""


def test_fiche_amount_keyed_by_its_year():
    budget = "Budget\nPart Etat : en 2019 : 5 000 € en 2020 : 12 5OO €\nPart CD : 12 500 €"
    (action,) = actions_of(FICHE.format(budget=budget), 2020)
    assert_repaired(action.budget.state, 12500, OCR_DIGITS)
    assert action.budget.territory.status is ReadStatus.EXACT


def test_fiche_bare_cell_of_a_budget_table():
    budget = "Budget 2020\nFinanceur\tMontant\nPart Etat\t4 500 ,50\nPart CD\t4 500"
    (action,) = actions_of(FICHE.format(budget=budget), 2020)
    assert_repaired(action.budget.state, 4500.5, SPACED_DECIMALS)
    assert action.budget.territory.status is ReadStatus.EXACT


REPORT = """RAPPORT D'EXÉCUTION 2021

Action 1.1 – Zéro sortie sèche
Objectif : accompagner.
Financement 2021 : Etat 10 000 € ; Département 10 000 € ; coût total 20 000 €
Exécution financière
{execution}

Résultats : 3 jeunes.
"""


@pytest.mark.parametrize(("execution", "field", "number"), [
    ("Montant prévu\tCrédits engagés\tCrédits consommés\tReport sollicité\n"
     "20 000 €\t9 5OO €\t9 000 €\t1 000 €", "engaged", 9500),
    ("La somme de 9 OOO € a été versée à l'association.", "consumed", 9000),
    ("Crédits engagés\nCrédits consommés\nReport sollicité\nFormation 9 500 € 9 OOO € 500 €",
     "consumed", 9000),
], ids=["column-table", "spent-verb", "expense-lines"])
def test_execution_figures(execution: str, field: str, number: float):
    (action,) = actions_of(REPORT.format(execution=execution), 2021, "rapport_execution")
    assert_repaired(getattr(action.execution, field), number, OCR_DIGITS)
    clean = [getattr(action.execution, f) for f in ("engaged", "consumed") if f != field]
    assert all(v is None or v.status is ReadStatus.EXACT for v in clean)


TABLE = """Tableau financier récapitulatif

N°\tAction\tBudget global\tPart Etat\tPart CD
1\tAccompagner les jeunes\t3 000 ,50\t1 500\t1 500 ,50
2\tPremier accueil\t4 000\t2 000\t2 000
\tTOTAL\t7 000 ,50\t3 500\t3 500 ,50
"""


def test_summary_bare_number_cells():
    source = read_bytes(TABLE.encode("utf-8"), "tableau.txt")
    summary, _ = extract_financial_summary(source, DocumentBlock(), [])
    first, second = summary.rows
    assert_repaired(first.total, 3000.5, SPACED_DECIMALS)
    assert first.state.status is ReadStatus.EXACT and second.total.status is ReadStatus.EXACT
    assert_repaired(summary.total.territory, 3500.5, SPACED_DECIMALS)


HEADER = """AVENANT N°2 À LA CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI

ENTRE l'État, représenté par le préfet du Cher, ci-après désigné « l'État »,
ET le Département du Cher, représenté par le président du conseil départemental,

Article 1
Au titre de l'année 2020, l'État s'engage à verser la somme de 1 2OO 000 €.

Fait à Bourges, le l0 juillet 2O20
"""


def test_header_state_amount_and_signature_date():
    source = read_bytes(HEADER.encode("utf-8"), "avenant.txt")
    document = extract_document(source)
    assert_repaired(document.state_funding.amount, 1_200_000, OCR_DIGITS)
    date = document.signature.date
    assert date is not None and date.status is ReadStatus.REPAIRED
    assert "date" in date.reason
