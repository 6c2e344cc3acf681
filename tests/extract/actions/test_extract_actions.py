"""extract_actions: whole fiches read together (refs made unique across sections, reports'
executions, details and evidence), and the seeds against their gold in text, PDF and DOCX."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import docx_bytes, pdf_bytes
from calpae.extract.actions import extract_actions
from calpae.extract.models import Action, DocumentBlock
from calpae.model import Extracted, ReadStatus
from calpae.readers import read_bytes

from ..helpers import actions_of, fiche, plain

# --- refs made unique -----------------------------------------------------------------------------

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


# --- whole fiches ---------------------------------------------------------------------------------

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


# --- seeds against their gold ---------------------------------------------------------------------

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


@pytest.mark.parametrize("prefix", ["001", "002", "004"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_seed_fiches_read_from_pdf_and_docx_score_as_their_text(prefix: str, fmt: str) -> None:
    from builders import seed
    from builders.compare import f1_against_gold
    from calpae.readers import read_file

    path = seed(prefix)
    text_version = read_file(path)
    build = pdf_bytes if fmt == "pdf" else docx_bytes
    converted = read_bytes(build(text_version), f"{path.stem}.{fmt}")
    only = ("actions",)
    assert f1_against_gold(converted, path.stem, only) >= (
        f1_against_gold(text_version, path.stem, only) - 0.02)
