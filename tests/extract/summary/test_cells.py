"""Recapitulative tables in real cells: columns placed by their header under merged cells,
tables continued over pages, zero cells, labels (`extract/summary/cells.py`)."""

from __future__ import annotations

from calpae.model import to_tree

from ..helpers import amounts, rows, summarise

MD_TABLE = """# Avenant 2021

Tableau financier récapitulatif

Intitulé\tN° fiche\tPart Département\tCoût total de l'action\tReport 2020\tParticipation de l'État
Aide aux jeunes majeurs\t1\t10 000 €\t25 000 €\t5 000 €\t10 000 €
Accueil de proximité\t2\t20 000,50 €\t40 001 €\t\t20 000,50 €
Sous-total socle\t\t30 000,50 €\t65 001 €\t5 000 €\t30 000,50 €
Garage solidaire\t1\t7 000 €\t14 000 €\t\t7 000 €
TOTAL GENERAL\t\t37 000,50 €\t79 001 €\t5 000 €\t37 000,50 €
"""


def test_cells_reordered_and_renamed_columns_subtotal_and_total():
    summary = summarise(MD_TABLE, "doc.md")
    got = amounts(summary, "label", "total", "state", "territory", "carryover")
    assert got == [
        ("Aide aux jeunes majeurs", 25000, 10000, 10000, 5000),
        ("Accueil de proximité", 40001, 20000.5, 20000.5, None),
        ("Garage solidaire", 14000, 7000, 7000, None),
    ]
    assert [r["action_ref"] for r in rows(summary)] == ["1", "2", "I-1"]
    assert to_tree(summary.total) == {"total": 79001, "state": 37000.5, "territory": 37000.5,
                                      "carryover": 5000, "other": None, "consumed": None}
    assert len(summary.subtotals) == 1


def test_cells_shifted_by_merged_cells_are_placed_under_their_header():
    text = ("Maquette financière\n\n"
            "Thème | Fiche N° | Intitulé | Budget global | Participation Etat "
            "| Participation CD |\n"
            "Jeunes | Action 1 | Aide | 100 € | 50 € | 50 € |\n"
            "Action 2 | Suivi | 60 € | 30 € | 30 € | | |\n"
            "TOTAL | 160 € | 80 € | 80 € |\n")
    summary = summarise(text)
    assert amounts(summary, "label", "action_ref", "total", "state", "territory") == [
        ("Aide", "1", 100, 50, 50), ("Suivi", "2", 60, 30, 30)]
    assert to_tree(summary.total)["total"] == 160


def test_cells_unattributed_amount_column_and_yearly_columns():
    text = ("Tableau des engagements\n\n"
            "\tMontant exécuté\t\tMontant prévisionnel (CD)\tMontant\n"
            "\t2020\t2021\t2022\t\n"
            "Crèches\t5 000€\t6 000€\t7 000€\t3 000\n"
            "Mobilité\t-\t1 000€\t2 000€\t1 500\n")
    summary = summarise(text, "doc.md", year=2022)
    assert amounts(summary, "label", "state", "territory", "consumed") == [
        ("Crèches", 3000, 7000, None), ("Mobilité", 1500, 2000, None)]
    assert summary.total is None


def test_rescaled_amounts_in_thousands():
    text = ("Maquette financière (en k€)\n\n"
            "Intitulé\tBudget global\tPart Etat\tPart CD\n"
            "Action 1 Aide\t12,5 €\t6,25 €\t6,25 €\n"
            "Action 2 Suivi\t4 €\t2 €\t2 €\n")
    summary = summarise(text, "doc.md")
    assert amounts(summary, "total", "state") == [(12500, 6250), (4000, 2000)]


SPLIT_CELLS = """Maquette financière 2021

Action\tIntitulé\tBudget global\tPart Etat\tPart CD
1\tAide aux jeunes majeurs\t10 000 €\t5 000 €\t5 000 €
2\tAccueil de proximité\t8 000 €\t4 000 €\t4 000 €

Page 2

Action\tIntitulé\tBudget global\tPart Etat\tPart CD
3\tRéférents de parcours\t6 000 €\t3 000 €\t3 000 €
TOTAL\t\t24 000 €\t12 000 €\t12 000 €
"""


def test_cell_table_split_over_two_pages_is_one_table():
    summary = summarise(SPLIT_CELLS, "doc.md")
    assert [r["action_ref"] for r in rows(summary)] == ["1", "2", "3"]
    assert to_tree(summary.total)["total"] == 24000


ZERO_CELLS = """## Tableau financier 2020 (en euros)

| Action | Intitulé | Coût total | Etat 2020 | Report 2019 | Département | Autres financeurs |
|---|---|---|---|---|---|---|
| 1.1 | Accueil de jour | 20 000 | 10 000 | 0 | 10 000 | 0 |
| 1.2 | Jardins partagés | 15 000 | 7 000 | 1 000 | 7 000 | 1 000 |
| | **TOTAL** | **35 000** | **17 000** | **1 000** | **17 000** | **1 000** |
"""


def test_plain_zero_cells_of_a_markdown_table_are_zero() -> None:
    summary = summarise(ZERO_CELLS, "doc.md")
    assert amounts(summary, "total", "state", "carryover", "territory", "other") == [
        (20000, 10000, 0, 10000, 0), (15000, 7000, 1000, 7000, 1000)]


LED_LABELS = """ANNEXE 2 – MAQUETTE FINANCIÈRE 2020
Partie\tAction\tBudget global\tEtat\tDépartement
Socle\tAction 1 – Accueil de jour\t20 000 €\t10 000 €\t10 000 €
Socle\tFiche n°2 : Jardins partagés\t14 000 €\t7 000 €\t7 000 €
Socle\tAide aux familles (Action 3)\t8 000 €\t4 000 €\t4 000 €
Total\t\t42 000 €\t21 000 €\t21 000 €
"""


def test_a_label_cell_led_by_its_action_number_keeps_only_the_label() -> None:
    found = rows(summarise(LED_LABELS))
    assert [(r["label"], r["total"]) for r in found] == [
        ("Accueil de jour", 20000), ("Jardins partagés", 14000),
        ("Aide aux familles (Action 3)", 8000)]
