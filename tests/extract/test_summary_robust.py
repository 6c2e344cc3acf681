"""The recapitulative table on forms no seed shows: OCR damage, other numbering, other layouts.

Every table here is invented (labels, numbers and amounts are made up).
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest

from calpae.extract.models import DocumentBlock
from calpae.extract.summary import extract_financial_summary
from calpae.extract.summary import keywords as tb
from calpae.model import Extracted, to_tree
from calpae.readers import read_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_summary import action, amounts, gold_actions, rows, summarise


def _load(name: str, path: Path):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def variants(repo_root: Path):
    return _load("calpae_test_variants", repo_root / "tests" / "variants.py")


@pytest.fixture(scope="module")
def scorer(shared_dir: Path):
    return _load("calpae_shared_score", shared_dir / "tools" / "score.py")


def summary_score(text: str, name: str, gold: dict, scorer) -> tuple[float, list]:
    source = read_bytes(text.encode("utf-8"), name)
    year = gold["document"].get("exercise_year")
    document = DocumentBlock(exercise_year=Extracted(year) if year else None)
    summary, _ = extract_financial_summary(source, document, gold_actions(gold))
    pred = {"document": {}, "actions": [],
            "financial_summary": to_tree(summary) if summary else None}
    result = scorer.score(gold, pred, only=("financial_summary",))
    return result["f1"], result["mismatches"]


# --- 1. OCR damage --------------------------------------------------------------------------

OCR_SPLIT = """ANNEXE AU RAPPORT D'EXECUTION 2021
FINANCEMENTS 2021

Montant inscrit dans
Montant réalisé au
Montant a reporter en
Action Direction Dépense la convention pour 31/12/2021 2022 Commentaires
DRH Frais de personnel (Action 1) 31
500 € 18 250 ¢€
DSI Portail d'information 22 000 ¢€ - £ 12
000 € [reporté en 2022
DRH Valorisation temps agents (Action 2) 14 000 € 14
000 ¢€
Sous-total - Accueil 67
500 ¢€ 32 250 € 12 000 €
Montant total 67 500 € 32 250 ¢€ 12000 €
"""


def test_rejoin_split_amounts_keeps_offsets_and_spares_action_numbers():
    lines = ["Frais (Action 2) 24", "400 € 2 000 €", "Fiche action 3", "100 000 € 50 €",
             "Total 1", "234 567,50 €"]
    joined = tb.rejoin_split_amounts(lines)
    assert joined == ["Frais (Action 2) 24 400 € 2 000 €", "", "Fiche action 3",
                      "100 000 € 50 €", "Total 1 234 567,50 €", ""]
    assert len(joined[0]) == len(lines[0]) + 1 + len(lines[1])


def test_ocr_amounts_split_over_two_lines_are_read_whole():
    summary = summarise(OCR_SPLIT)
    assert amounts(summary, "total", "consumed", "carryover") == [
        (31500, 18250, None), (22000, 0, 12000), (14000, 14000, None)]
    assert len(summary.subtotals) == 1
    assert to_tree(summary.total)["total"] == 67500
    evidence = summary.rows[0].total.evidence
    assert evidence.text == "31\n500 €"


def test_ocr_damage_variant_of_every_seed_keeps_its_summary(seed_files, gold_dir, variants,
                                                            scorer):
    for seed in seed_files:
        gold = json.loads((gold_dir / (seed.stem + ".json")).read_text(encoding="utf-8"))
        text = seed.read_text(encoding="utf-8")
        damaged, expected = variants.ocr_damage(text, gold)
        before, _ = summary_score(text, seed.name, gold, scorer)
        after, lost = summary_score(damaged, seed.name, expected, scorer)
        assert after >= before - 0.01, (seed.name, before, after, lost[:6])


# --- 2. native PDF without ruling lines -------------------------------------------------------

TEXT_COLUMNS = 2  # the first columns are left-aligned texts, the others right-aligned amounts


def unruled_pdf(title: str, header: list[list[str]], body: list[list[str]],
                xs: list[float], pages: int = 1) -> bytes:
    """A landscape PDF of a table drawn without any ruling line, the header repeated on each
    page and the body rows dealt out over the pages in order."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=landscape(A4))
    height = landscape(A4)[1]
    per_page = -(-len(body) // pages)
    for page in range(pages):
        y = height - 50
        if page == 0:
            pdf.setFont("Helvetica-Bold", 12)
            pdf.drawString(xs[0], y, title)
            y -= 30
        pdf.setFont("Helvetica", 8)
        for row in [*header, None, *body[page * per_page:(page + 1) * per_page]]:
            if row is None:
                y -= 6
                continue
            for col, (x, cell) in enumerate(zip(xs, row, strict=False)):
                if cell and col < TEXT_COLUMNS:
                    pdf.drawString(x, y, cell)
                elif cell:
                    pdf.drawRightString(x, y, cell)
            y -= 12
        pdf.showPage()
    pdf.save()
    return out.getvalue()


PDF_XS = [40, 80, 400, 480, 560, 640, 720]
PDF_HEADER = [["N°", "Intitulé de l'action", "Budget", "Part", "Part", "Report", "Autres"],
              ["", "", "global", "Etat", "CD", "2020", "financeurs"]]
PDF_BODY = [
    ["1.1", "Aide aux jeunes majeurs", "61 000 €", "30 500 €", "30 500 €", "", ""],
    ["1.2", "Accueil de proximité", "21 000 €", "", "10 500 €", "5 500 €", "5 000 €"],
    ["2.1", "Référents de parcours", "13 000 €", "6 500 €", "", "", "6 500 €"],
    ["", "TOTAL", "95 000 €", "37 000 €", "41 000 €", "5 500 €", "11 500 €"],
]


def summarise_pdf(pdf: bytes, actions=None):
    source = read_bytes(pdf, "table.pdf")
    assert source.words  # no ruling lines: rows rebuilt from word positions
    summary, _ = extract_financial_summary(source, DocumentBlock(), actions or [])
    return summary


def test_unruled_pdf_places_amounts_under_their_header_columns():
    summary = summarise_pdf(unruled_pdf("Tableau financier récapitulatif", PDF_HEADER,
                                        PDF_BODY, PDF_XS))
    keys = ("total", "state", "territory", "carryover", "other")
    assert amounts(summary, *keys) == [
        (61000, 30500, 30500, None, None),
        (21000, None, 10500, 5500, 5000),
        (13000, 6500, None, None, 6500),
    ]
    assert to_tree(summary.total) == {"total": 95000, "state": 37000, "territory": 41000,
                                      "carryover": 5500, "other": 11500, "consumed": None}
    assert summary.rows[1].territory.evidence.bbox is not None


def test_unruled_pdf_header_over_two_columns_names_both():
    header = [["", "", "", "Financements 2021", "", "", ""],
              ["N°", "Intitulé", "Budget global", "Etat", "Département", "Report", "Autres"]]
    xs = [40, 80, 400, 470, 560, 640, 720]
    summary = summarise_pdf(unruled_pdf("Maquette financière", header, PDF_BODY, xs))
    assert amounts(summary, "total", "state", "territory", "other")[1] == (
        21000, None, 10500, 5000)


def test_unruled_pdf_number_column_gives_the_action_ref():
    summary = summarise_pdf(unruled_pdf("Tableau financier récapitulatif", PDF_HEADER,
                                        PDF_BODY, PDF_XS))
    assert [(r["action_ref"], r["label"]) for r in rows(summary)] == [
        ("1.1", "Aide aux jeunes majeurs"), ("1.2", "Accueil de proximité"),
        ("2.1", "Référents de parcours")]


# --- 3. refs as other departments print them --------------------------------------------------

@pytest.mark.parametrize(("cell", "ref"), [
    ("Action II.1", "II.1"), ("action ii-2", "II-2"), ("Action 2-2", "2-2"), ("Fiche 3", "3"),
    ("FA 4", "4"), ("n°5", "5"), ("N° 1.2", "1.2"), ("Fiche action n° 7", "7"), ("6.", "6"),
    ("Fiches actions 2.3", "2.3"), ("Total", None), ("2021", None), ("FA", None),
])
def test_ref_of_reads_the_numbering_forms(cell, ref):
    assert tb.ref_of(cell) == ref


def test_ref_key_orders_roman_and_hyphen_refs():
    assert tb.ref_key("II.1") == (2, 1)
    assert tb.ref_key("IV-3") == (4, 3)
    assert tb.ref_key("2-2") == (2, 2)
    assert tb.ref_key("I-1.2") == (1, 2)
    assert sorted(["IX.1", "II.2", "II.1", "IV.1"], key=tb.ref_key) == [
        "II.1", "II.2", "IV.1", "IX.1"]


REF_CELLS = """Maquette financière 2021

Action\tIntitulé\tBudget global\tPart Etat\tPart Département
{a}\tAide aux jeunes majeurs\t10 000 €\t5 000 €\t5 000 €
{b}\tAccueil de proximité\t8 000 €\t4 000 €\t4 000 €
{c}\tRéférents de parcours\t6 000 €\t3 000 €\t3 000 €
TOTAL\t\t24 000 €\t12 000 €\t12 000 €
"""


@pytest.mark.parametrize(("printed", "refs"), [
    (("Action II.1", "Action II.2", "Action III.1"), ["II.1", "II.2", "III.1"]),
    (("Action 2-1", "Action 2-2", "Action 3-1"), ["2-1", "2-2", "3-1"]),
    (("Fiche 1", "Fiche 2", "Fiche 3"), ["1", "2", "3"]),
    (("FA 4", "FA 5", "FA 6"), ["4", "5", "6"]),
    (("n°5", "n°6", "n°7"), ["5", "6", "7"]),
])
def test_cell_ref_column_forms(printed, refs):
    text = REF_CELLS.format(a=printed[0], b=printed[1], c=printed[2])
    summary = summarise(text, "doc.md")
    assert [r["action_ref"] for r in rows(summary)] == refs
    assert rows(summary)[0]["label"] == "Aide aux jeunes majeurs"


REF_FLAT = """TABLEAU FINANCIER RECAPITULATIF
N° Intitulé Budget global Part Etat Part CD
{a} Aide aux jeunes majeurs 10 000 € 5 000 € 5 000 €
{b} Accueil de proximité 8 000 € 4 000 € 4 000 €
{c} Référents de parcours 6 000 € 3 000 € 3 000 €
Initiatives départementales
{d} Garage solidaire 2 000 € 1 000 € 1 000 €
TOTAL 26 000 € 13 000 € 13 000 €
"""


@pytest.mark.parametrize(("printed", "refs"), [
    (("Action II.1", "Action II.2", "Action III.1", "Action II.1"),
     ["II.1", "II.2", "III.1", "I-II.1"]),
    (("Action 2-1", "Action 2-2", "Action 3-1", "Action 1"), ["2-1", "2-2", "3-1", "1"]),
    (("Fiche 1", "Fiche 2", "Fiche 3", "Fiche 1"), ["1", "2", "3", "I-1"]),
    (("FA 4", "FA 5", "FA 6", "FA 1"), ["4", "5", "6", "1"]),
    (("n°1.1", "n°1.2", "n°2", "n°2"), ["1.1", "1.2", "2", "I-2"]),
    (("1.1", "1.2", "2.1", "1"), ["1.1", "1.2", "2.1", "1"]),
])
def test_flattened_ref_forms_and_initiative_prefix(printed, refs):
    text = REF_FLAT.format(a=printed[0], b=printed[1], c=printed[2], d=printed[3])
    summary = summarise(text)
    assert [r["action_ref"] for r in rows(summary)] == refs
    assert [r["label"] for r in rows(summary)][1] == "Accueil de proximité"
    assert amounts(summary, "state")[3] == (1000,)


def test_initiative_prefix_follows_the_fiches_refs():
    """With fiches read, the table's initiative numbers take the refs the fiches have."""
    text = REF_FLAT.format(a="Fiche 1", b="Fiche 2", c="Fiche 3", d="Fiche 1")
    fiches = [action("1", "Aide aux jeunes majeurs"), action("2", "Accueil de proximité"),
              action("3", "Référents de parcours"),
              action("I-1", "Garage solidaire", "initiative")]
    summary = summarise(text, actions=fiches)
    assert [r["action_ref"] for r in rows(summary)] == ["1", "2", "3", "I-1"]


# --- 4. table variants ------------------------------------------------------------------------

TOTAL_LAST_CELLS = """Tableau financier 2021

Intitulé\tPart Etat\tPart Département\tAutres financeurs\tTotal
Aide aux jeunes majeurs\t5 000 €\t6 000 €\t1 000 €\t12 000 €
Accueil de proximité\t4 000 €\t4 000 €\t\t8 000 €
Total\t9 000 €\t10 000 €\t1 000 €\t20 000 €
"""

TOTAL_LAST_FLAT = """TABLEAU FINANCIER RECAPITULATIF
Intitulé Part Etat Part Département Autres financeurs Total
Aide aux jeunes majeurs 5 000 € 6 000 € 1 000 € 12 000 €
Accueil de proximité 4 000 € 4 000 € - € 8 000 €
Total 9 000 € 10 000 € 1 000 € 20 000 €
"""


@pytest.mark.parametrize(("text", "name"), [(TOTAL_LAST_CELLS, "doc.md"),
                                             (TOTAL_LAST_FLAT, "doc.txt")])
def test_total_column_last(text, name):
    summary = summarise(text, name)
    assert amounts(summary, "total", "state", "territory") == [
        (12000, 5000, 6000), (8000, 4000, 4000)]
    assert to_tree(summary.total)["total"] == 20000


def test_unruled_pdf_total_column_last_and_reordered_columns():
    header = [["N°", "Intitulé", "Part CD", "Part Etat", "Report", "Autres", "Total"]]
    body = [["1", "Aide aux jeunes", "6 000 €", "5 000 €", "", "1 000 €", "12 000 €"],
            ["2", "Accueil", "4 000 €", "4 000 €", "2 000 €", "", "8 000 €"],
            ["", "TOTAL", "10 000 €", "9 000 €", "2 000 €", "1 000 €", "20 000 €"]]
    summary = summarise_pdf(unruled_pdf("Maquette financière", header, body, PDF_XS))
    assert amounts(summary, "territory", "state", "carryover", "other", "total") == [
        (6000, 5000, None, 1000, 12000), (4000, 4000, 2000, None, 8000)]


def test_unruled_pdf_table_over_two_pages_repeats_its_header():
    extra = ["3.1", "Formation des travailleurs", "9 000 €", "4 500 €", "4 500 €", "", ""]
    total = ["", "TOTAL", "104 000 €", "41 500 €", "45 500 €", "5 500 €", "11 500 €"]
    body = [*PDF_BODY[:3], extra, total]
    summary = summarise_pdf(unruled_pdf("Tableau financier récapitulatif", PDF_HEADER, body,
                                        PDF_XS, pages=2))
    assert [r["action_ref"] for r in rows(summary)] == ["1.1", "1.2", "2.1", "3.1"]
    assert amounts(summary, "total", "state", "territory")[3] == (9000, 4500, 4500)
    assert to_tree(summary.total)["total"] == 104000


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


KEURO_FLAT = """MAQUETTE FINANCIERE (en k€)
Intitulé Budget global Part Etat Part CD
Action 1 Aide aux jeunes 12,5 k€ 6,25 k€ 6,25 k€
Action 2 Suivi renforcé 4 k€ 2 k€ 2 k€
TOTAL 16,5 k€ 8,25 k€ 8,25 k€
"""


def test_amounts_in_thousands_are_scaled_once():
    summary = summarise(KEURO_FLAT)
    assert amounts(summary, "total", "state") == [(12500, 6250), (4000, 2000)]


REALISED_CELLS = """ANNEXE AU RAPPORT D'EXECUTION 2021

N°\tAction\tMontant prévu\tCrédits engagés\tMontant réalisé\tCommentaires
1.1\tAide aux jeunes majeurs\t10 000 €\t9 000 €\t8 500 €\tRecrutement en mars
1.2\tAccueil de proximité\t8 000 €\t\t3 000 €\tReport de 5 000 € demandé
TOTAL\t\t18 000 €\t9 000 €\t11 500 €\t
"""

REALISED_FLAT = """ANNEXE AU RAPPORT D'EXECUTION 2021
N° Action Budget global Part Etat Consommé Commentaires
1.1 Aide aux jeunes majeurs 10 000 € 5 000 € 8 500 € recrutement en mars
1.2 Accueil de proximité 8 000 € 4 000 € 3 000 € report demandé
TOTAL 18 000 € 9 000 € 11 500 €
"""


def test_realised_column_in_an_execution_report_with_comments():
    summary = summarise(REALISED_CELLS, "doc.md")
    assert amounts(summary, "action_ref", "total", "consumed", "label") == [
        ("1.1", 10000, 8500, "Aide aux jeunes majeurs"),
        ("1.2", 8000, 3000, "Accueil de proximité")]
    assert to_tree(summary.total)["consumed"] == 11500
    flat = summarise(REALISED_FLAT)
    assert amounts(flat, "action_ref", "total", "state", "consumed") == [
        ("1.1", 10000, 5000, 8500), ("1.2", 8000, 4000, 3000)]


METROPOLE_CELLS = """Tableau financier 2021

Fiche\tIntitulé\tCoût total\tPart Etat\tPart Métropole\tCommentaires
1\tAide aux jeunes majeurs\t10 000 €\t5 000 €\t5 000 €\tsans objet
2\tAccueil de proximité\t8 000 €\t4 000 €\t4 000 €\t
TOTAL\t\t18 000 €\t9 000 €\t9 000 €\t
"""


def test_metropole_part_is_the_territory():
    summary = summarise(METROPOLE_CELLS, "doc.md")
    assert amounts(summary, "total", "state", "territory") == [
        (10000, 5000, 5000), (8000, 4000, 4000)]
    flat = summarise(METROPOLE_CELLS.replace("\t", " "))
    assert amounts(flat, "total", "state", "territory") == [
        (10000, 5000, 5000), (8000, 4000, 4000)]
