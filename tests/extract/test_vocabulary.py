"""The vocabulary: every synonym is read in a phrase a document writes, and a near miss is not.

Each entry of `VOCABULARY` needs a case here (`test_every_synonym_has_a_case`): a new synonym
is one line in `calpae/extract/vocabulary.py` and one line below.
"""

from __future__ import annotations

import re

import pytest

from calpae.extract.actions.fields import field_label
from calpae.extract.vocabulary import (
    ELISION,
    L_APOS,
    VOCABULARY,
    FicheField,
    Field,
    alternation,
)
from calpae.values.fold import fold

# (field, synonym) -> (a phrase that says the field with this synonym, a near miss)
CASES: dict[tuple[Field, str], tuple[str, str]] = {
    (Field.STATE_SHARE, r"etat"): ("Part État : 4 100 €", "Part de la Préfecture : 4 100 €"),
    (Field.TERRITORY_SHARE, r"conseil\s+departemental"):
        ("Participation du Conseil départemental", "Participation du conseil régional"),
    (Field.TERRITORY_SHARE, r"conseil\s+metropolitain"):
        ("Conseil métropolitain : 5 200 €", "Conseil municipal : 5 200 €"),
    (Field.TERRITORY_SHARE, r"departement(?:ale?)?"):
        ("Part départementale", "Part de l'État"),
    (Field.TERRITORY_SHARE, r"metropol\w*"): ("Part Métropole", "Part de la commune"),
    (Field.TERRITORY_SHARE, r"collectivite"): ("Part collectivité", "Part communale"),
    (Field.TERRITORY_SHARE, r"cd\s?(?:\d{2,3}|2[ab])\b"): ("Financement CD45", "Financement ARS"),
    (Field.TERRITORY_SHARE, r"cd"): ("Part CD : 5 200 €", "Part ACS : 5 200 €"),
    (Field.OTHER_FINANCERS, r"autres?\s+financ\w*"):
        ("Autres financeurs : 900 €", "Autres actions : 900 €"),
    (Field.OTHER_FINANCERS, r"cofinanc\w*"): ("Cofinancements", "Financement"),
    (Field.OTHER_FINANCER_NAMES, r"fse\+?"): ("Part FSE+ : 900 €", "Part État : 900 €"),
    (Field.OTHER_FINANCER_NAMES, r"caf"): ("Part CAF", "Part CD"),
    (Field.OTHER_FINANCER_NAMES, r"msa"): ("MSA : 300 €", "MDS : 300 €"),
    (Field.OTHER_FINANCER_NAMES, r"ars"): ("ARS : 300 €", "Mars 2020"),
    (Field.OTHER_FINANCER_NAMES, r"feder"): ("Part FEDER", "Part FEADER"),
    (Field.OTHER_FINANCER_NAMES, r"react[- ]?eu"): ("Part REACT-EU", "Part réaction"),
    (Field.OTHER_FINANCER_NAMES, r"region(?:ale)?"): ("Part régionale", "Part nationale"),
    (Field.OTHER_FINANCER_NAMES, r"europeenne"): ("Part européenne", "Part nationale"),
    (Field.OTHERS_BARE, r"autres?"): ("Autres : 900 €", "Hôtel : 900 €"),
    (Field.BUDGET_TOTAL, r"budget\s+global"): ("Budget global de l'action", "Budget de l'action"),
    (Field.BUDGET_TOTAL, r"budget\s+total"): ("Budget total : 12 000 €", "Budget : 12 000 €"),
    (Field.BUDGET_TOTAL, r"montant\s+global"): ("Montant global", "Montant État"),
    (Field.BUDGET_TOTAL, r"montant\s+total"): ("Montant total de l'action", "Montant annuel"),
    (Field.BUDGET_TOTAL, r"cout\s+global"): ("Coût global du projet", "Coût du projet"),
    (Field.BUDGET_TOTAL, r"cout\s+total"): ("Coût total de l'action", "Coût unitaire"),
    (Field.BUDGET_TOTAL, r"montant\s+inscrit"): ("Montant inscrit", "Montant versé"),
    (Field.TOTAL_BARE, r"total"): ("TOTAL", "Sous-titre"),
    (Field.BUDGET_PLANNED, r"prevue?s?"): ("Montant prévu", "Montant payé"),
    (Field.BUDGET_PLANNED, r"previsionnel(?:le)?s?"):
        ("Budget prévisionnel 2021", "Budget exécuté 2021"),
    (Field.ENGAGED, r"engagee?s?"): ("Crédits engagés", "Crédits consommés"),
    (Field.CONSUMED, r"consommee?s?"): ("Crédits consommés", "Crédits engagés"),
    (Field.CONSUMED, r"realisee?s?"): ("Montant réalisé", "Montant prévu"),
    (Field.CONSUMED, r"mandatee?s?"): ("Mandaté au 31/12", "Engagé au 31/12"),
    (Field.CONSUMED, r"executee?s?"): ("Budget exécuté", "Budget prévu"),
    (Field.PAID, r"depensee?s?"): ("Montant dépensé", "Montant prévu"),
    (Field.PAID, r"payee?s?"): ("Montants payés", "Montants prévus"),
    (Field.TRANSFERRED, r"versee?s?"): ("Crédits versés", "Crédits prévus"),
    (Field.PAID, r"liquidee?s?"): ("Montants liquidés", "Montants engagés"),
    (Field.CARRYOVER, r"report(?:er|e|es|s)?"): ("Report 2019", "Rapport 2019"),
    (Field.CARRYOVER, r"reliqu\w*"): ("Reliquat 2020", "Relevé 2020"),
    (Field.UNSPENT, r"non\s+engag"): ("crédits non engagés", "crédits engagés"),
    (Field.UNSPENT, r"non\s+consomm"): ("crédits non consommés", "crédits consommés"),
    (Field.UNSPENT, r"non\s+utilis"): ("crédits non utilisés", "crédits utilisés"),
    (Field.UNSPENT, r"non\s+depens"): ("crédits non dépensés", "crédits dépensés"),
    (Field.CARRYOVER_REQUESTED, r"demande"): ("Report demandé", "Report effectué"),
    (Field.CARRYOVER_REQUESTED, r"a\s+reporter"): ("Montant à reporter", "Montant reporté"),
    (Field.CARRYOVER_REQUESTED, r"sollicite"): ("Report sollicité", "Report effectué"),
    (Field.SIGNATORY_TITLE_STATE, r"prefete?"): ("la Préfète de la Loire", "la Princesse"),
    (Field.SIGNATORY_TITLE_STATE, r"sous-prefete?"): ("le Sous-Préfet", "le Sous-Directeur"),
    (Field.SIGNATORY_TITLE_STATE, r"secretaire"):
        ("le Secrétaire général de la préfecture", "le Sénateur"),
    (Field.SIGNATORY_TITLE_STATE, r"commissaire"):
        ("la Commissaire à la lutte contre la pauvreté", "la Conseillère"),
    (Field.SIGNATORY_TITLE_TERRITORY, r"presidente?"):
        ("la Présidente du Conseil départemental", "la Préfète"),
    (Field.SIGNATORY_TITLE_TERRITORY, r"vice-presidente?"):
        ("le Vice-Président délégué", "le Vice-Recteur"),
    (Field.SIGNATORY_TITLE_TERRITORY, r"maire"): ("le Maire de Lyon", "le Préfet"),
    (Field.SIGNATORY_TITLE_EITHER, r"directeur"): ("le Directeur général", "le Député"),
    (Field.SIGNATORY_TITLE_EITHER, r"directrice"): ("la Directrice", "la Députée"),
    (Field.DOCUMENT_KIND_CONVENTION, r"convention"):
        ("CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ", "CONTRAT LOCAL DES SOLIDARITÉS"),
    (Field.DOCUMENT_KIND_AMENDMENT, r"avenant"): ("AVENANT N°2", "ANNEXE N°2"),
    (Field.DOCUMENT_KIND_EXECUTION_REPORT,
     rf"rapport\s+(?:annuel\s+)?(?:de\s+suivi\s+)?(?:d'|de\s+{L_APOS}|de\s+)?\s*execution"):
        ("Rapport annuel d'exécution 2020", "Rapport d'activité 2020"),
    (Field.DOCUMENT_KIND_EXECUTION_REPORT, r"rapport\s+de\s+suivi"):
        ("Rapport de suivi de la convention", "Rapport de présentation"),
    (Field.DOCUMENT_KIND_EXECUTION_REPORT, r"bilan\s+d'execution"):
        ("Bilan d'exécution 2021", "Bilan d'activité 2021"),
    (Field.DOCUMENT_KIND_EXECUTION_REPORT, r"rapport\s+d.?\s?execution"):
        ("RAPPORT D EXECUTION 2019", "RAPPORT D'ACTIVITE 2019"),
}

# (fiche field, synonym) -> (a label line that opens the part with this synonym, a near miss)
FICHE_CASES: dict[tuple[FicheField, str], tuple[str, str]] = {
    (FicheField.DESCRIPTION, rf"description (?:de {ELISION}?\s*action|des actions)"):
        ("Description de l'action", "Décrire l'action"),
    (FicheField.DESCRIPTION, r"description\b"): ("1.2. Description :", "Descriptif : …"),
    (FicheField.DESCRIPTIONS, rf"descriptions (?:de {ELISION}?\s*action|des actions)"):
        ("Descriptions des actions", "Descriptions"),
    (FicheField.START_DATE, r"date (?:de |et |d')?mise en place"):
        ("Date de mise en place\t2020", "Date de signature\t2020"),
    (FicheField.START_DATE, r"date de demarrage"):
        ("Date de démarrage : janvier", "Date : janvier"),
    (FicheField.PARTNERS, r"partenaires"): ("Partenaires :", "Partenariat :"),
    (FicheField.PARTNERS, r"les partenaires"): ("Les partenaires pressentis", "Les partenariats"),
    (FicheField.DURATION, r"duree de"): ("Durée de l'action", "Durée"),
    (FicheField.BUDGET, r"budget\b"): ("Budget 2020", "Budgétisation"),
    (FicheField.BUDGET, r"financements?(?:\s+(?:20\d\d|previsionnels?))?\s*(?::(?=.*\d)|$)"):
        ("Financement 2021 : Etat 450 000 €", "Financement : Etat et Département"),
    (FicheField.EXECUTED_BUDGET, r"budget\s+(?:execut|realis|consomm)"):
        ("Budget exécuté", "Budget prévu"),
    (FicheField.EXECUTED_BUDGET, r"execution\s+(?:au\b|financ|budgetaire|du budget)"):
        ("Exécution au 31/12/2020", "Exécution de l'action"),
    (FicheField.EXECUTED_BUDGET, r"bilan\s+financier"): ("Bilan financier", "Bilan qualitatif"),
    (FicheField.EXECUTED_BUDGET, r"realisation\s+financ"):
        ("Réalisation financière", "Réalisation technique"),
    (FicheField.EXECUTED_BUDGET, r"credits?\s+(?:engage|consomme)s?\s*:"):
        ("Crédits consommés : 12 345 €", "Crédits prévus : 12 345 €"),
    (FicheField.ALREADY_FUNDED, r"actions? (?:deja )?financees?"):
        ("Action déjà financée par le FAPI", "Action nouvelle"),
    (FicheField.INDICATORS, r"indicateurs?\b"): ("Indicateurs de suivi", "Indication"),
    (FicheField.ASSESSMENT, r"bilan d"): ("Bilan de l'action 2019", "Bilan"),
    (FicheField.OUTLOOK, r"perspectives"): ("Perspectives 2021", "Perspective"),
    (FicheField.OBJECTIVES, r"objectifs (?:et|poursuivis)"):
        ("Objectifs poursuivis", "Objectifs chiffrés"),
    (FicheField.OBJECTIVES, r"objectifs?\s*:"): ("Objectif : accompagner", "Objectif accompagner"),
    (FicheField.TITLE, r"intitule"): ("Intitulé de l'action", "Intention"),
    (FicheField.THEME, r"theme de la"): ("Thème de la contractualisation", "Thème"),
    (FicheField.CONTEXT, r"contexte action"): ("Contexte action", "Contexte"),
    (FicheField.TARGET_PUBLIC, r"public cible"): ("Public cible", "Public visé"),
    (FicheField.TARGET_PUBLIC, r"publics cibles"): ("Publics cibles", "Publics visés"),
    (FicheField.TARGET_PUBLIC, r"public\s*:"): ("Public : jeunes de 18 à 25 ans", "Publication"),
    (FicheField.BREAKDOWN, r"declinaisons"): ("Déclinaisons opérationnelles", "Déclinaison"),
    (FicheField.ACHIEVEMENT, r"realisation\b"): ("Réalisation 2020", "Réalisations"),
    (FicheField.STRATEGY_LINK, r"lien strategie"): ("Lien stratégie nationale", "Lien internet"),
    (FicheField.RESULTS, r"resultats?\s*:"): ("Résultats : 312 jeunes", "Résultats attendus"),
    (FicheField.CONTENT, r"contenu\s*:"): ("Contenu : ateliers", "Contenu des ateliers"),
    (FicheField.SCHEDULE, r"calendrier\s*:"): ("Calendrier : 2020", "Le calendrier des réunions"),
}


def _entries(kind: type) -> list[tuple]:
    return [(f, s) for f, entries in VOCABULARY.items() if isinstance(f, kind) for s in entries]


def test_every_synonym_has_a_case() -> None:
    assert set(_entries(Field)) == set(CASES)
    assert set(_entries(FicheField)) == set(FICHE_CASES)
    assert set(VOCABULARY) == set(Field) | set(FicheField)


def _says(field: Field, text: str) -> bool:
    return re.search(rf"(?<!\w){alternation(field)}", fold(text)) is not None


@pytest.mark.parametrize(("field", "synonym"), list(CASES), ids=lambda v: getattr(v, "name", v))
def test_synonym(field: Field, synonym: str) -> None:
    phrase, near_miss = CASES[field, synonym]
    assert re.search(rf"(?<!\w){synonym}", fold(phrase)), "the synonym itself reads the phrase"
    assert _says(field, phrase)
    assert not _says(field, near_miss)


@pytest.mark.parametrize(("field", "synonym"), list(FICHE_CASES),
                         ids=lambda v: getattr(v, "name", v))
def test_fiche_label(field: FicheField, synonym: str) -> None:
    line, near_miss = FICHE_CASES[field, synonym]
    assert re.match(synonym, fold(line).lstrip("0123456789. ")), "the synonym reads the line"
    assert field_label(line) == field
    assert field_label(near_miss) != field


def test_fiche_keys_are_the_words_callers_ask_for() -> None:
    """`field_label` returns members equal to the strings the fiche readers compare with."""
    assert field_label("Les partenaires pressentis") == "partenaires"
    assert field_label("Budget exécuté") == "budget execute"
    assert field_label("Financement 2021 : Etat 450 000 €") == "budget"
