"""Fiches actions: headings, sections, titles, budgets and execution, on small synthetic fiches
in each form the documents use, and on the seeds against their gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calpae.extract.actions import extract_actions
from calpae.extract.models import Action, DocumentBlock
from calpae.model import Extracted, ReadStatus
from calpae.readers import read_bytes


def actions_of(text: str, name: str = "fiches.txt", kind: str | None = None) -> list[Action]:
    source = read_bytes(text.encode("utf-8"), name)
    document = DocumentBlock(kind=Extracted(kind) if kind else None)
    return extract_actions(source, document)


def plain(action: Action) -> dict:
    budget = action.budget
    return {
        "ref": action.ref.value if action.ref else None,
        "section": action.section.value if action.section else None,
        "title": action.title.value if action.title else None,
        "budget": None if budget is None else {
            k: getattr(budget, k).value if getattr(budget, k) else None
            for k in ("year", "state", "territory", "other", "total")},
    }


FICHE = """{heading}

Description de l'action
{description}

Date de mise en place de l'action
{start}

Partenaires et co-financeurs
Association du territoire

Durée de l'action
Un an

Budget
Budget de l'année {year}
Part Etat = {state} €
Part CD = {territory} €
Budget global = {total} €

Action déjà financée au titre du FAPI
Non

Indicateurs
Nombre de personnes accompagnées
"""


def fiche(heading: str, state: str, territory: str, total: str, year: int = 2021,
          description: str = "Accompagner les personnes.", start: str = "Mars 2021") -> str:
    return FICHE.format(heading=heading, state=state, territory=territory, total=total,
                        year=year, description=description, start=start)


def test_numbered_action_headings_with_sentence_budgets() -> None:
    text = "\n".join([
        "ARTICLE 1",
        "- L'action 2.1 : une action citée dans les articles",
        "",
        "ENGAGEMENTS SOCLE",
        fiche("Action 2.1 : soutenir les jeunes majeurs", "10 000", "12 500", "22 500"),
        fiche("Action 3 : référent de parcours", "7 000", "7 000", "14 000"),
    ])
    got = [plain(a) for a in actions_of(text)]
    assert [a["ref"] for a in got] == ["2.1", "3"]
    assert got[0]["title"] == "soutenir les jeunes majeurs"
    assert got[0]["section"] == "socle"
    assert got[0]["budget"] == {"year": 2021, "state": 10000, "territory": 12500, "other": None,
                                "total": 22500}
    assert got[1]["budget"]["total"] == 14000


def test_reused_numbers_in_initiatives_get_the_i_prefix() -> None:
    text = "\n".join([
        "ENGAGEMENTS SOCLE",
        fiche("Action 1 : premier accueil", "1 000", "1 000", "2 000"),
        fiche("Action 2 : référent de parcours", "2 000", "2 000", "4 000"),
        "INITIATIVES DEPARTEMENTALES",
        fiche("Action 1 : mobilité des allocataires", "3 000", "3 000", "6 000"),
        fiche("Action 4 : aide au déménagement", "4 000", "4 000", "8 000"),
    ])
    got = [plain(a) for a in actions_of(text)]
    assert [a["ref"] for a in got] == ["1", "2", "I-1", "I-4"]
    assert [a["section"] for a in got] == ["socle", "socle", "initiative", "initiative"]


def test_distinct_numbers_keep_their_refs_across_sections() -> None:
    text = "\n".join([
        "Mesures socle",
        fiche("Action 1.1 : premier accueil", "1 000", "1 000", "2 000"),
        "Mesures à l'initiative du Département",
        fiche("Action 2.1 : mobilité", "3 000", "3 000", "6 000"),
    ])
    got = [plain(a) for a in actions_of(text)]
    assert [(a["ref"], a["section"]) for a in got] == [("1.1", "socle"), ("2.1", "initiative")]


def test_upper_cased_headings_and_wrapped_titles() -> None:
    text = fiche("ACTION 5 : LA GARANTIE D'ACTIVITÉ POUR LES\n\nallocataires du RSA", "5 000",
                 "5 000", "10 000")
    got = [plain(a) for a in actions_of(text)]
    assert got[0]["ref"] == "5"
    assert got[0]["title"] == "LA GARANTIE D'ACTIVITÉ POUR LES allocataires du RSA"


def test_headings_moved_inside_their_fiche_keep_their_budget() -> None:
    # A text layer put each heading after its fiche's budget: the labels still say which is which.
    first = fiche("", "11 000", "11 000", "22 000").replace(
        "Action déjà financée", "Action 1.1 : la première action\n\nAction déjà financée")
    second = fiche("", "33 000", "33 000", "66 000").replace(
        "Action déjà financée", "Action 1.2 : la deuxième action\n\nAction déjà financée")
    got = [plain(a) for a in actions_of(first + second)]
    assert [(a["ref"], a["budget"]["state"]) for a in got] == [("1.1", 11000), ("1.2", 33000)]
    assert got[1]["title"] == "la deuxième action"


def test_stated_results_expressions_and_carryovers() -> None:
    text = fiche("Action 1 : un parcours", "222 196 € + (376 942 € report) = 599 138", "1 000",
                 "2 000")
    text += fiche("Action 2 : une aide", "65 000 € + (37 500 € report 2020)", "1 000", "2 000")
    text += fiche("Action 3 : un guide", "50 000 € (dont 25 000 € de report)", "1", "2")
    got = [plain(a)["budget"]["state"] for a in actions_of(text)]
    assert got == [599138, 65000, 50000]


MARKDOWN_FICHES = """# ANNEXE A : ENGAGEMENTS SOCLES

## FICHE 1

Mesure : Insertion des allocataires

3.1 Orienter les allocataires

Intitulé de l'action : évaluer l'orientation des allocataires

1. Description de l'action

Une évaluation externe.

5. Budget détaillé sur 2023 :

Le coût total du projet est de 61 850 €. Le cofinancement est le suivant :

\tBudget Département\tBudget Etat
Par année\t31 850 €\t30 000 €

6. Objectifs et progression :

Indicateur\t2023
Nombre d'orientations\t100

## FICHE 2

Mesure : Mobilité des allocataires

1. Description de l'action

Des plateformes de mobilité.

5. Budget détaillé sur 2023 :

Département\tEtat\tTotal
116 306\t83 694 + 52 000€ (territoires ruraux)\t252 000 €

6. Objectifs et progression :

# Annexe B Engagements à l'initiative du Département

## FICHE 3

Mesure : Soutien aux crèches

Budget détaillé sur 2019-2023 :

2023
Département\t150 000€
Etat\t25 000 €

Action déjà financée au titre du FAPI : oui
"""


def test_table_laid_fiches_in_markdown() -> None:
    got = [plain(a) for a in actions_of(MARKDOWN_FICHES, "fiches.md")]
    assert [(a["ref"], a["section"]) for a in got] == [
        ("1", "socle"), ("2", "socle"), ("3", "initiative")]
    assert got[0]["title"] == "évaluer l'orientation des allocataires"
    assert got[1]["title"] == "Mobilité des allocataires"
    assert got[0]["budget"] == {"year": 2023, "state": 30000, "territory": 31850, "other": None,
                                "total": 61850}
    assert got[1]["budget"] == {"year": 2023, "state": 135694, "territory": 116306,
                                "other": None, "total": 252000}
    assert got[2]["budget"] == {"year": 2023, "state": 25000, "territory": 150000,
                                "other": None, "total": None}


def test_row_labelled_table_with_other_financers_and_a_later_amendment() -> None:
    text = MARKDOWN_FICHES.replace(
        "Département\t150 000€\nEtat\t25 000 €",
        "Part départementale (BP23)\t835 580,45€\nPart FSE\t966 550,55€\nPart Etat\t855 883€\n"
        "Total\t2 658 014€\nDM 2\t+ 136 798,38 pris en charge par le Département")
    budget = plain(actions_of(text, "fiches.md")[2])["budget"]
    assert budget == {"year": 2023, "state": 855883, "territory": 835580.45,
                      "other": 966550.55, "total": 2658014}


def test_funding_detail_table_wins_over_the_project_budget() -> None:
    text = MARKDOWN_FICHES.replace(
        "Département\t150 000€\nEtat\t25 000 €",
        "Charges\n\nAchats\t8 280 €\nTOTAL\t149 956 €\n\nDétail financement CALPAE\n\n"
        "Part Département\t0€\nPart Etat (100%)\t25 000 €\nTotal\t25 000 €")
    budget = plain(actions_of(text, "fiches.md")[2])["budget"]
    assert (budget["state"], budget["territory"], budget["total"]) == (25000, 0, 25000)


def test_fiche_action_headings_state_their_own_section_only() -> None:
    text = "\n".join([
        "FICHE ACTION N°2 - INITIATIVES DU DEPARTEMENT", "",
        "Intitulé action\tDéployer une plateforme", "Durée de l'action\t2021",
        "Partenaires et co-financeurs\tDépartement et État", "",
        "FICHE ACTION N°3", "",
        "Intitulé action\tFormer les travailleurs sociaux", "Durée de l'action\t2021",
        "Partenaires et co-financeurs\tDépartement", "",
    ])
    got = [plain(a) for a in actions_of(text, "fiches.md")]
    assert [(a["ref"], a["section"], a["title"]) for a in got] == [
        ("2", "initiative", "Déployer une plateforme"),
        ("3", "socle", "Former les travailleurs sociaux")]


REPORT = """Rapport d'exécution de la convention d'appui à la lutte contre la pauvreté

1. Mesures socle

1.1. Prévenir les sorties sèches

1.1.1. Action 1 Accompagnement à I'autonomie des jeunes de 16 a
21 ans confiés

1.1.1.1. Description de l'action
Des réunions collectives.

1.1.1.5. Budget
1.1.1.5.1. Budget prévisionnel figurant dans la convention : Etat, CD,
total
Budget prévisionnel de I'année 2020 :
Part Etat = 15 000
€
Part CD=15000 €
Budget global =30 000 €

1.1.1.5.2. Budget exécuté
Crédits engagés : 30 000 €
Crédits consommés : 19 863 € (frais de personnel)

1.1.1.6. Action déja financée au titre du FAPI
Non

1.1.2. Le parrainage
1.1.2.1. Description de I'action
Des parrains.
1.1.2.5. Budget
Budget de I'année 2020 = 100 000€
Part CD = 50 000€
Part Etat = 50 000 €
1.1.2.5.2 Budget exécuté au 31/12/2020
Crédits engagés Crédits consommés Report demandé sur
2020
formation 0 0 20 000€
Temps agents du | 41003€ 41003 €
Détail agent :
Travailleur social : 1848 €
1.1.2.6. Action déja financée au titre du FAPI

2. Mesures a l'initiative du Département

2.1. Prestation d'accompagnement
2.1.1. Description de l'action
Un marché.
2.1.5. Budget
CF. budget de l'action précédente
2.1.5.2. Budget exécuté
Au 31/12/2020, la somme de 145 721 € a été versée aux bénéficiaires.
2.1.6. Action déja financée au titre du FAPI
"""


def test_numbered_report_with_ocr_damage_and_execution() -> None:
    actions = actions_of(REPORT, kind="rapport_execution")
    got = [plain(a) for a in actions]
    assert [(a["ref"], a["section"]) for a in got] == [
        ("1.1.1", "socle"), ("1.1.2", "socle"), ("2.1", "initiative")]
    assert got[0]["title"] == "Accompagnement à l'autonomie des jeunes de 16 a 21 ans confiés"
    assert actions[0].title is not None and actions[0].title.status == ReadStatus.REPAIRED
    assert got[0]["budget"] == {"year": 2020, "state": 15000, "territory": 15000,
                                "other": None, "total": 30000}
    assert got[1]["budget"]["total"] == 100000
    assert got[2]["budget"] is None

    def execution(a: Action) -> tuple:
        e = a.execution
        assert e is not None
        return tuple(getattr(e, k).value if getattr(e, k) else None
                     for k in ("engaged", "consumed", "carryover_requested"))

    assert execution(actions[0]) == (30000, 19863, None)
    assert execution(actions[1]) == (41003, 41003, 20000)
    assert execution(actions[2]) == (None, 145721, None)


def test_conventions_have_no_execution_and_evidence_points_at_the_figures() -> None:
    text = fiche("Action 7 : théâtre forum", "6 000", "6 000", "12 000")
    source = read_bytes(text.encode(), "f.txt")
    action = extract_actions(source, DocumentBlock())[0]
    assert action.execution is None
    assert action.budget is not None and action.budget.state is not None
    evidence = action.budget.state.evidence
    assert evidence is not None and source.text[evidence.start:evidence.end] == "6 000 €"
    assert action.fapi is not None and action.fapi.value is False
    assert action.duration is not None and action.duration.value == "Un an"


def test_table_of_contents_and_recap_rows_are_not_fiches() -> None:
    text = "\n".join([
        "SOMMAIRE",
        "Action 1 : premier accueil ........ 4",
        "Action 2 : référent ........ 6",
        "",
        fiche("Action 1 : premier accueil", "1 000", "1 000", "2 000"),
        "MAQUETTE FINANCIERE",
        "Action 1 Premier accueil 2 000 € 1 000 € 1 000 €",
        "Action 2",
        "Référent 3 000 € 1 500 € 1 500 €",
    ])
    assert [plain(a)["ref"] for a in actions_of(text)] == ["1"]


# --- seeds against their gold ---------------------------------------------------------------


def _seed_pairs(shared: Path) -> list[tuple[Path, dict]]:
    out = []
    for gold_path in sorted((shared / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if gold.get("actions"):
            out.append((shared / "seeds" / gold["source"], gold))
    return out


def _same(g: object, p: object) -> bool:
    if isinstance(g, int | float) and isinstance(p, int | float):
        return abs(g - p) < 0.005
    return g == p


def test_seeds_refs_sections_and_budgets_match_the_gold(shared_dir: Path) -> None:
    pairs = _seed_pairs(shared_dir)
    assert pairs, "no gold with actions"
    for seed, gold in pairs:
        kind = gold["document"]["kind"]
        year = gold["document"]["exercise_year"]
        source = read_bytes(seed.read_bytes(), seed.name)
        document = DocumentBlock(kind=Extracted(kind), exercise_year=Extracted(year))
        got = {a["ref"]: a for a in map(plain, extract_actions(source, document))}
        assert list(got) == [a["ref"] for a in gold["actions"]], seed.name
        checked = right = 0
        for g in gold["actions"]:
            p = got[g["ref"]]
            right += p["section"] == g["section"]
            checked += 1
            for key, value in (g["budget"] or {}).items():
                checked += 1
                right += _same(value, (p["budget"] or {}).get(key))
        assert right / checked >= 0.95, (seed.name, right, checked)


@pytest.mark.parametrize("kind", [None, "avenant"])
def test_seeds_hold_without_a_document_block(shared_dir: Path, kind: str | None) -> None:
    # The header may still be empty: budgets' years then come from the fiches themselves.
    for seed, gold in _seed_pairs(shared_dir):
        if gold["document"]["kind"] == "rapport_execution" and kind:
            continue
        source = read_bytes(seed.read_bytes(), seed.name)
        document = DocumentBlock(kind=Extracted(kind) if kind else None)
        years = [a.budget.year.value for a in extract_actions(source, document)
                 if a.budget and a.budget.year]
        expected = gold["document"]["exercise_year"]
        assert years and years.count(expected) / len(years) >= 0.9, seed.name


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


def test_a_figure_for_another_year_or_shared_with_another_fiche_is_not_read() -> None:
    text = fiche("Action 1 : accueil", "1 000", "1 000", "2 000").replace(
        "Part Etat = 1 000 €", "Part Etat 2019 : 1 000 €").replace(
        "Part CD = 1 000 €",
        "La participation de l'État partagée entre les fiches 1 et 2 sera de 110 000 €")
    budget = plain(actions_of(text)[0])["budget"]
    assert (budget["state"], budget["territory"], budget["total"]) == (None, None, 2000)


def test_fiche_number_given_in_a_table_cell() -> None:
    text = "\n".join([
        "N° de la fiche\t7", "Intitulé de l'action\tMaraudes mixtes",
        "Durée de l'action\tUn an", "Partenaires\tAssociations", "",
        "Budget Etat\tBudget Département", "20 000 €\t25 000 €", "",
        "N° de la fiche\t8", "Intitulé de l'action\tPrévention spécialisée",
        "Durée de l'action\tDeux ans", "Partenaires\tClubs", "",
    ])
    got = [plain(a) for a in actions_of(text, "fiches.md")]
    assert [(a["ref"], a["title"]) for a in got] == [
        ("7", "Maraudes mixtes"), ("8", "Prévention spécialisée")]
    assert got[0]["budget"]["state"] == 20000 and got[0]["budget"]["territory"] == 25000


def test_internal_details_indicators_and_cofinancers() -> None:
    text = "\n".join([
        "FICHE ACTION N°4", "",
        "Intitulé action\tCoordonner les référents", "Durée de l'action\t2021 - 2023",
        "Partenaires et co-financeurs\tCo-financeurs : Etat, CAF et département", "",
        "OBJECTIFS ET PROGRESSION PAR INDICATEUR\t2018\t2021\t2022",
        "Jeunes accompagnés\t10 %\t50 %\t100 %", "",
    ])
    action = actions_of(text, "fiches.md")[0]
    assert [c.value for c in action.cofinancers] == ["Etat", "CAF", "département"]
    assert action.duration is not None and action.duration.value == "2021 - 2023"
    [indicator] = action.indicators
    assert indicator.label is not None and indicator.label.value == "Jeunes accompagnés"
    assert indicator.baseline is not None and indicator.baseline.value == "10 %"
    assert {k: v.value for k, v in indicator.targets.items()} == {"2021": "50 %", "2022": "100 %"}
