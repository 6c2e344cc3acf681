"""extract_document: the whole document block, on the seeds against their gold and on whole
synthetic documents (every field of an avenant, a one-year convention, an execution report)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from calpae.extract.document import extract_document
from calpae.extract.models import DocumentBlock
from calpae.model import Extracted, ReadStatus, iter_extracted, to_tree
from calpae.readers import read_file
from calpae.values.fold import fold

from ..helpers import avenant_text, read_text, synthetic


def squash(text: str) -> str:
    return fold(re.sub(r"[\s*]+", " ", text).strip())


def assert_evidence_holds_values(source, block: DocumentBlock) -> None:
    """Every read leaf points at the text that holds it."""
    for path, _key, leaf in iter_extracted(block):
        if not isinstance(leaf, Extracted) or leaf.evidence is None:
            continue
        span = source.text[leaf.evidence.start:leaf.evidence.end]
        assert span, path
        if path.endswith("kind"):
            continue  # a category named in the output, not copied from the text
        if isinstance(leaf.value, str) and leaf.status == ReadStatus.EXACT:
            assert squash(leaf.value) in squash(span), (path, leaf.value, span)
        if isinstance(leaf.value, int | float) and not isinstance(leaf.value, bool):
            digits = re.sub(r"\D", "", span)
            assert str(int(leaf.value)) in digits, (path, leaf.value, span)


# --- seeds ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds(seed_files: list[Path], gold_dir: Path) -> list[tuple[object, DocumentBlock, dict]]:
    out = []
    for path in seed_files:
        source = read_file(path)
        gold = json.loads((gold_dir / (path.stem + ".json")).read_text("utf-8"))["document"]
        out.append((source, extract_document(source), gold))
    return out


def test_every_seed_document_block_matches_its_gold(seeds) -> None:
    for source, block, gold in seeds:
        assert to_tree(block) == gold, source.file.name


def test_seed_evidence_points_at_the_values(seeds) -> None:
    for source, block, _ in seeds:
        assert_evidence_holds_values(source, block)


# --- synthetic documents --------------------------------------------------------------------------

def test_synthetic_avenant_reads_every_field() -> None:
    source, block = synthetic()
    tree = to_tree(block)
    assert tree["kind"] == "avenant"
    assert tree["amendment_number"] == 4
    assert tree["exercise_year"] == 2021
    assert tree["convention_period"] == [2019, 2021]
    assert tree["territory"] == {"kind": "departement", "name": "Gironde", "code": "33"}
    assert tree["redacted"] is False
    assert tree["state_signatory"] == {"name": "Jeanne DURAND", "title": "Préfète de la Gironde"}
    assert tree["territory_signatory"]["name"] == "Paul MARTIN"
    assert [b["kind"] for b in tree["legal_bases"]] == [
        "loi", "instruction", "convention", "deliberation"]
    assert tree["legal_bases"][0]["reference"] == "2020-1721"
    assert tree["legal_bases"][1]["date"] == "2021-03-03"
    assert tree["base_convention_date"] == "2019-07-03"
    assert tree["deliberation"] == {"body": "Conseil départemental", "date": "2021-06-14"}
    assert tree["signature"] == {"place": "Bordeaux", "date": "2021-07-01"}
    assert tree["state_funding"] == {"amount": 2345678.5, "carryover": 98765, "total": None}
    assert block.territory.code.status == ReadStatus.INFERRED
    assert_evidence_holds_values(source, block)


def test_upper_case_headings_and_ocr_damage() -> None:
    text = avenant_text().upper()
    text = text.replace("L'ÉTAT", "I'ETAT").replace("FAIT À", "FAIT A").replace("°", "°")
    source = read_text(text)
    block = extract_document(source)
    assert block.kind.value == "avenant"
    assert block.amendment_number.value == 4
    assert block.territory.code.value == "33"
    assert block.signature.place.value == "BORDEAUX"
    assert block.signature.date.value == dt.date(2021, 7, 1)
    assert block.state_funding.amount.value == 2345678.5
    assert block.state_funding.carryover.value == 98765
    assert block.state_signatory.name.value == "JEANNE DURAND"
    assert_evidence_holds_values(source, block)


CONVENTION_2023 = """CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI

ANNEE 2023

Entre

L'État, représenté par Anne PETIT, Préfète du Département du Val-de-Marne, et désigné ci-après
par les termes « le Préfet », d'une part,

Et

Le Département du Val-de-Marne, représenté par Luc BRUN, Président du Conseil départemental du
Val-de-Marne, et désigné ci-après par les termes « le Département », d'autre part,

Vu la précédente convention d'appui 2019-2021, signée le 2 juillet 2019 entre l'Etat et le
Département,

Vu l'avenant 2022 signé le 5 octobre 2022,

Vu la délibération de la Commission permanente du Département du Val-de-Marne en date du 12
juin 2023,

Il est convenu ce qui suit :

ARTICLE 2.2

Au titre de l'année 2023, le soutien financier de l'Etat s'élève à un montant de 1 000 000 €.

ARTICLE 4

La présente convention est conclue pour une durée d'un an.

Fait à Créteil, le 30 juin 2023
"""


def test_one_year_convention() -> None:
    source = read_text(CONVENTION_2023)
    tree = to_tree(extract_document(source))
    assert tree["kind"] == "convention"
    assert tree["amendment_number"] is None
    assert tree["exercise_year"] == 2023
    assert tree["convention_period"] == [2023, 2023]
    assert tree["territory"] == {"kind": "departement", "name": "Val-de-Marne", "code": "94"}
    assert [(b["kind"], b["date"]) for b in tree["legal_bases"]] == [
        ("convention", "2019-07-02"), ("avenant", "2022-10-05"), ("deliberation", "2023-06-12")]
    assert tree["base_convention_date"] == "2019-07-02"
    assert tree["deliberation"]["body"] == "Commission permanente"
    assert tree["state_funding"] == {"amount": 1000000, "carryover": None, "total": None}
    assert tree["signature"] == {"place": "Créteil", "date": "2023-06-30"}


REPORT = """Rapport d'exécution de la convention d'appui a la lutte
contre la pauvreté et d'acces a I'emploi

Département de I'Eure

Le département délibére au plus tard le 30 juin 2022 sur ce rapport pour la délégation
des crédits pour I'année 2022.

1. Mesures socle

Budget exécuté au 31/12/2021 : 12 000 €
Budget exécuté au 31/12/2021 : 3 000 €
"""


def test_execution_report_states_few_fields() -> None:
    tree = to_tree(extract_document(read_text(REPORT)))
    assert tree["kind"] == "rapport_execution"
    assert tree["exercise_year"] == 2021
    assert tree["territory"] == {"kind": "departement", "name": "Eure", "code": "27"}
    assert tree["legal_bases"] == []
    assert tree["deliberation"] == {"body": None, "date": None}
    assert tree["signature"] == {"place": None, "date": None}
    assert tree["state_funding"] == {"amount": None, "carryover": None, "total": None}
    assert tree["state_signatory"] == {"name": None, "title": None}
    assert tree["convention_period"] is None
