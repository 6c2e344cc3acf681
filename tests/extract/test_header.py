"""The document block: seeds against their gold, and synthetic variants of the wording."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from calpae.extract.document import extract_document
from calpae.extract.models import DocumentBlock
from calpae.model import Extracted, ReadStatus, iter_extracted, to_tree
from calpae.readers import read_bytes, read_file
from calpae.values.fold import fold


def read_text(text: str, name: str = "doc.txt"):
    return read_bytes(text.encode("utf-8"), name)


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


# --- seeds --------------------------------------------------------------------------------


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


# --- synthetic documents --------------------------------------------------------------------

AVENANT = """Avenant {year} à la convention d'appui à la lutte contre la pauvreté et d'accès à
l'emploi

{number_line}

à la

CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI

Entre

L'État, représenté par {prefet}, {prefet_title}, et désigné ci-après par les termes « le Préfet
», d'une part,

Et

Le {territory_phrase}, représenté par {president}, {president_title}, et désigné ci-après par
les termes « le Département », d'autre part,

Vu la loi n°{loi} du 28 décembre {loi_year} de finances pour {year},

Vu l'instruction n° DGCS/SD1B/DIPLP/{year}/77 du 3 mars {year} relative aux avenants,

Vu la convention d'appui à la lutte contre la pauvreté et d'accès à l'emploi {period} signée le
{base} entre l'Etat et le {territory_phrase},

Vu la délibération du Conseil départemental en date du {delib} autorisant le Président à signer
le présent avenant,

Il est convenu ce qui suit :

ARTICLE 1

« Au titre de l'année {year}, le soutien financier de l'Etat s'élève à {funding}. »

ARTICLE 2

Le présent avenant prend effet à la date de sa signature.

Fait à {place}, le {signed}

Le Président du Conseil départemental
"""

DEFAULTS = dict(
    year="2021", prev="2020", number_line="AVENANT N° 4", prefet="Jeanne DURAND",
    prefet_title="Préfète de la Gironde", territory_phrase="Département de la Gironde",
    president="Paul MARTIN", president_title="Président du Conseil départemental de la Gironde",
    loi="2020-1721", loi_year="2020", period="2019-2021", base="3 juillet 2019",
    delib="14 juin 2021", amount="2 345 678,50", carry="98 765", place="Bordeaux",
    signed="1er juillet 2021",
    funding="un montant de {amount} €\nau titre des crédits dédiés à la stratégie et {carry} € au "
            "titre des reports de crédits non\nconsommés de l'année {prev}",
)


def avenant_text(**changes: str) -> str:
    values = DEFAULTS | changes
    return AVENANT.format(**values | {"funding": values["funding"].format(**values)})


def synthetic(**changes: str) -> tuple[object, DocumentBlock]:
    source = read_text(avenant_text(**changes))
    return source, extract_document(source)


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


@pytest.mark.parametrize(("phrase", "kind", "name", "code"), [
    ("Département du Nord", "departement", "Nord", "59"),
    ("Département de l'Ain", "departement", "Ain", "01"),
    ("Département des Bouches-du-Rhône", "departement", "Bouches-du-Rhône", "13"),
    ("Département de Corrèze", "departement", "Corrèze", "19"),
])
def test_territory_named_in_the_parties_clause(phrase, kind, name, code) -> None:
    _, block = synthetic(territory_phrase=phrase)
    assert to_tree(block.territory) == {"kind": kind, "name": name, "code": code}


def test_metropole_party() -> None:
    _, block = synthetic(territory_phrase="Métropole de Lyon",
                         president_title="Président de la Métropole de Lyon")
    assert block.territory.kind.value == "metropole"
    assert "Lyon" in block.territory.name.value


def test_number_and_year_variants() -> None:
    assert synthetic(number_line="avenant n° 2")[1].amendment_number.value == 2
    assert synthetic(number_line="AVENANT N°III")[1].amendment_number.value == 3
    assert synthetic(number_line="DEUXIEME AVENANT")[1].amendment_number.value == 2
    _, block = synthetic(year="2020", prev="2019", period="2019-2021")
    assert block.exercise_year.value == 2020
    assert block.convention_period.value == [2019, 2021]


def test_blank_signature_date_is_null_and_place_is_kept() -> None:
    _, block = synthetic(signed=" /  / 2021", place="Saint-Étienne")
    assert block.signature.place.value == "Saint-Étienne"
    assert block.signature.date is None


def test_state_signatory_without_a_name() -> None:
    _, block = synthetic(prefet="le Préfet de la région Nouvelle-Aquitaine",
                         prefet_title="préfet de la Gironde")
    assert block.state_signatory.name is None
    assert block.state_signatory.title.value.startswith("Préfet de la région")


def test_civility_is_not_part_of_the_name() -> None:
    _, block = synthetic(president="Monsieur Paul MARTIN")
    assert block.territory_signatory.name.value == "Paul MARTIN"


def test_redacted_names() -> None:
    _, block = synthetic(prefet="Xxxxxx XXXXXXX", president="Xxxx XXXXX")
    assert block.redacted.value is True
    assert block.state_signatory.name is None
    assert block.territory_signatory.name is None
    assert block.state_signatory.title.value == "Préfète de la Gironde"


def test_total_and_carryover_of_a_total_sentence() -> None:
    _, block = synthetic(funding=(
        "un montant total de 500 000 € dont 450 000 € pour financer les actions au\n"
        "titre de l'année 2021 et de 50 000 € de crédits non engagés en 2020 par le Département\n"
        "et qui constituent un report sur l'année 2021"))
    funding = to_tree(block.state_funding)
    assert funding == {"amount": 450000, "carryover": 50000, "total": 500000}


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


def test_other_funding_wordings() -> None:
    _, block = synthetic(funding="un montant de 1 234 €")
    assert to_tree(block.state_funding) == {"amount": 1234, "carryover": None, "total": None}
    text = avenant_text().replace(
        "le soutien financier de l'Etat s'élève à", "la participation de l'Etat est fixée à")
    funding = extract_document(read_text(text)).state_funding
    assert (funding.amount.value, funding.carryover.value) == (2345678.5, 98765)


def test_period_stated_as_a_duration_in_an_avenant() -> None:
    text = avenant_text(period="").replace(
        "Le présent avenant prend effet",
        "La convention est conclue pour une durée de trois ans, de 2019 à 2021.\n\nLe présent "
        "avenant prend effet")
    block = extract_document(read_text(text))
    assert block.convention_period.value == [2019, 2021]


def test_no_period_where_only_an_action_or_another_plan_has_one() -> None:
    text = avenant_text(period="").replace(
        "Le présent avenant prend effet",
        "Durée de l'action 2019-2021\n\nSchéma départemental des solidarités 2017-2021\n\n"
        "Le présent avenant prend effet")
    assert extract_document(read_text(text)).convention_period is None


def test_signature_after_the_number_of_copies() -> None:
    text = avenant_text().replace("Fait à Bordeaux, le",
                                  "Fait en deux exemplaires originaux,\nà Bordeaux, le")
    signature = to_tree(extract_document(read_text(text)).signature)
    assert signature == {"place": "Bordeaux", "date": "2021-07-01"}


def test_prefet_of_region_and_departement() -> None:
    title = "Préfet de la région Nouvelle-Aquitaine, préfet de la Gironde"
    _, block = synthetic(prefet="Michel DUPUIS", prefet_title=title)
    assert block.state_signatory.name.value == "Michel DUPUIS"
    assert block.state_signatory.title.value == title
    assert block.territory.name.value == "Gironde"


def test_title_before_the_name() -> None:
    _, block = synthetic(president="sa Présidente", president_title="Mme Anne LEROY")
    assert block.territory_signatory.name.value == "Anne LEROY"
    assert block.territory_signatory.title.value == "Présidente"


def test_recitals_stop_at_the_articles() -> None:
    text = avenant_text().replace("Le présent avenant prend effet",
                                  "Vu le contexte sanitaire, le présent avenant prend effet")
    kinds = [b.kind.value for b in extract_document(read_text(text)).legal_bases]
    assert kinds == ["loi", "instruction", "convention", "deliberation"]


# --- wordings found by the unseen-document bench (tests/unseen) ----------------------------


def test_metropole_named_before_its_kind_word_and_a_regional_prefect() -> None:
    text = "PRÉFÈTE DE LA RÉGION OCCITANIE\n\n" + avenant_text().replace(
        "Le Département de la Gironde, représenté par Paul MARTIN, Président du Conseil "
        "départemental de la Gironde,",
        "Toulouse Métropole, représentée par Marie ROUX, Présidente de Toulouse Métropole, "
        "dûment habilitée à cet effet,").replace(
        "Le {territory_phrase}".format(territory_phrase=DEFAULTS["territory_phrase"]), "Le")
    block = extract_document(read_text(text))
    assert to_tree(block.territory)["kind"] == "metropole"
    assert to_tree(block.territory)["name"] == "Toulouse Métropole"
    assert to_tree(block.territory_signatory) == {
        "name": "Marie ROUX", "title": "Présidente de Toulouse Métropole"}


@pytest.mark.parametrize(("phrase", "body"), [
    ("la délibération n° 2021-345 du Conseil de Métropole en date du", "Conseil de Métropole"),
    ("la délibération du Conseil de la Métropole en date du", "Conseil de la Métropole"),
    ("la délibération de la Commission permanente du Conseil départemental en date du",
     "Commission permanente"),
])
def test_deliberation_bodies(phrase: str, body: str) -> None:
    text = avenant_text().replace("la délibération du Conseil départemental en date du", phrase)
    deliberation = extract_document(read_text(text)).deliberation
    assert to_tree(deliberation) == {"body": body, "date": "2021-06-14"}


@pytest.mark.parametrize(("sentence", "funding"), [
    ("« Pour 2021, l'Etat contribue à hauteur de 1 019 650 € au financement des actions ; le "
     "Département bénéficie en outre du report des crédits non consommés en 2020, soit "
     "63 215,80 €. »", {"amount": 1019650, "carryover": 63215.8, "total": None}),
    ("Au titre de l'année 2021, le montant de la participation de l'État s'établit à 985 400 "
     "euros.", {"amount": 985400, "carryover": None, "total": None}),
    ("Les crédits délégués par l'Etat au titre de 2021 s'élèvent à 232 000 €, auxquels "
     "s'ajoutent 15 000 € de crédits reportés de 2020.",
     {"amount": 232000, "carryover": 15000, "total": None}),
])
def test_funding_sentence_wordings(sentence: str, funding: dict) -> None:
    text = re.sub(r"« Au titre de l'année 2021.*?»", sentence, avenant_text(), flags=re.S)
    assert to_tree(extract_document(read_text(text)).state_funding) == funding


def test_year_of_the_exercise_said_with_pour() -> None:
    text = avenant_text(number_line="", year="").replace("Avenant  à", "Convention à").replace(
        "« Au titre de l'année , le soutien financier de l'Etat s'élève à",
        "« Pour l'exercice 2019, la participation financière de l'État est fixée à")
    assert extract_document(read_text(text)).exercise_year.value == 2019


def test_period_after_a_title_wrapped_over_two_lines() -> None:
    text = avenant_text(period="").replace(
        "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI",
        "À LA CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ\nET D'ACCÈS À L'EMPLOI 2019 - 2021")
    assert extract_document(read_text(text)).convention_period.value == [2019, 2021]
