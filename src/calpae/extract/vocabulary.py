"""The words documents use for what the extractors read: one place for every label synonym.

Each field (a share of a budget, a kind of document, a signatory's title, a part of a fiche)
maps to the ways documents spell it, as regex fragments matched on folded text
(`calpae.values.fold`: lower case, no accents, one apostrophe and one dash). One synonym a
line; a new spelling is one line here. The extractors keep the patterns around the words
(`part\\s+…`, anchors, lookaheads) and take the words from `alternation(...)`.

A fragment holds no capturing group and no anchor: it must fit inside any pattern.
"""

from __future__ import annotations

import re
from enum import Enum, StrEnum

# The elided article `l'` in folded text. Two forms, for two kinds of damage:
# - L_APOS: OCR reads the `l` as `I` (folded `i`), `1` or `|`, and spaces the apostrophe;
# - ELISION: the apostrophe may be missing (`lAction`, `l action`), OCR `i'` for `l'`.
L_APOS = r"[li1|]\s?'\s?"
ELISION = r"(?:[li]'|l)"


class Field(Enum):
    """The concepts documents name with a label; values say what each is in calpae-json."""

    STATE_SHARE = "state"  # the State as financer or party ("Part Etat", "L'État, représenté…")
    TERRITORY_SHARE = "territory"  # the département / métropole as financer
    OTHER_FINANCERS = "other"  # other financers, named as a group
    OTHER_FINANCER_NAMES = "other (named)"  # other financers, named one by one
    OTHERS_BARE = "other (bare)"  # a label that is only "Autres"
    BUDGET_TOTAL = "total"  # a budget's total
    TOTAL_BARE = "total (bare)"  # a label that is only "Total"
    BUDGET_PLANNED = "total (planned)"  # the planned amount, its total in execution tables
    ENGAGED = "engaged"
    CONSUMED = "consumed"  # participles that alone say the credits were spent
    PAID = "consumed (paid)"  # participles that say it after "crédits" or "montant"
    TRANSFERRED = "consumed (transferred)"  # not in a fiche's execution labels: the State's
    # payment to the territory ("Crédits versés par l'État") is no spending
    CARRYOVER = "carryover"
    UNSPENT = "carryover (unspent)"  # credits left unspent, the carryover's source
    CARRYOVER_REQUESTED = "carryover_requested"
    SIGNATORY_TITLE_STATE = "state_signatory.title"
    SIGNATORY_TITLE_TERRITORY = "territory_signatory.title"
    SIGNATORY_TITLE_EITHER = "signatory.title"  # titles met on both sides
    DOCUMENT_KIND_CONVENTION = "convention"
    DOCUMENT_KIND_AMENDMENT = "avenant"
    DOCUMENT_KIND_EXECUTION_REPORT = "rapport_execution"


class FicheField(StrEnum):
    """The parts of a fiche action a label line opens; values are the keys `field_label`
    returns (the folded French word the part is known by)."""

    DESCRIPTION = "description"
    DESCRIPTIONS = "descriptions"  # kept apart: a fiche's description is its singular label
    START_DATE = "date"
    PARTNERS = "partenaires"
    DURATION = "duree"
    BUDGET = "budget"
    EXECUTED_BUDGET = "budget execute"
    ALREADY_FUNDED = "deja financee"  # the FAPI question
    INDICATORS = "indicateurs"
    ASSESSMENT = "bilan"
    OUTLOOK = "perspectives"
    OBJECTIVES = "objectifs"
    TITLE = "intitule"
    THEME = "theme"
    CONTEXT = "contexte"
    TARGET_PUBLIC = "public"
    BREAKDOWN = "declinaisons"
    ACHIEVEMENT = "realisation"
    STRATEGY_LINK = "lien strategie"
    RESULTS = "resultats"
    CONTENT = "contenu"
    SCHEDULE = "calendrier"


VOCABULARY: dict[Field | FicheField, tuple[str, ...]] = {
    # --- who pays ---------------------------------------------------------------------------
    Field.STATE_SHARE: (
        r"etat",
    ),
    Field.TERRITORY_SHARE: (
        r"conseil\s+departemental",
        r"conseil\s+metropolitain",  # a métropole's assembly, bare fiche labels
        r"departement(?:ale?)?",  # "Part départementale", "Département"
        r"metropol\w*",  # "Métropole", "Part métropolitaine"
        r"collectivite",
        r"cd\s?(?:\d{2,3}|2[ab])\b",  # "CD 49", "CD2A", "CD974": initials and its code
        r"cd",
    ),
    Field.OTHER_FINANCERS: (
        r"autres?\s+financ\w*",  # "Autres financeurs", "Autres financements"
        r"cofinanc\w*",  # "Cofinancements", summary columns
    ),
    Field.OTHER_FINANCER_NAMES: (
        r"fse\+?",
        r"caf",
        r"msa",
        r"ars",
        r"feder",
        r"react[- ]?eu",
        r"region(?:ale)?",
        r"europeenne",  # "Part européenne"
    ),
    Field.OTHERS_BARE: (
        r"autres?",
    ),
    # --- how much ---------------------------------------------------------------------------
    Field.BUDGET_TOTAL: (
        r"budget\s+global",
        r"budget\s+total",
        r"montant\s+global",
        r"montant\s+total",
        r"cout\s+global",
        r"cout\s+total",
        r"montant\s+inscrit",  # summary columns
    ),
    Field.TOTAL_BARE: (
        r"total",
    ),
    Field.BUDGET_PLANNED: (
        r"prevue?s?",  # "Montant prévu", "Crédits prévus"
        r"previsionnel(?:le)?s?",  # "Budget prévisionnel"
    ),
    # --- execution --------------------------------------------------------------------------
    Field.ENGAGED: (
        r"engagee?s?",
    ),
    Field.CONSUMED: (
        r"consommee?s?",
        r"realisee?s?",
        r"mandatee?s?",
        r"executee?s?",
    ),
    Field.PAID: (
        r"depensee?s?",  # never alone: "Dépenses" heads a column of expense lines
        r"payee?s?",
        r"liquidee?s?",
    ),
    Field.TRANSFERRED: (
        r"versee?s?",  # "Montants versés" (summary columns), "la somme … a été versée"
    ),
    Field.CARRYOVER: (
        r"report(?:er|e|es|s)?",  # "Report 2019", "Reporté", "Montant à reporter"; no "reporting"
        r"reliqu\w*",  # "Reliquat", "Reliquats"
    ),
    Field.UNSPENT: (
        r"non\s+engag",
        r"non\s+consomm",
        r"non\s+utilis",
        r"non\s+depens",
    ),
    Field.CARRYOVER_REQUESTED: (
        r"demande",  # "Report demandé"
        r"a\s+reporter",
        r"sollicite",  # "Report sollicité"
    ),
    # --- who signs --------------------------------------------------------------------------
    Field.SIGNATORY_TITLE_STATE: (
        r"prefete?",
        r"sous-prefete?",
        r"secretaire",  # "secrétaire général de la préfecture"
        r"commissaire",  # "commissaire à la lutte contre la pauvreté"
    ),
    Field.SIGNATORY_TITLE_TERRITORY: (
        r"presidente?",
        r"vice-presidente?",
        r"maire",  # a métropole's president is often also a mayor
    ),
    Field.SIGNATORY_TITLE_EITHER: (
        r"directeur",
        r"directrice",
    ),
    # --- what the document is ---------------------------------------------------------------
    Field.DOCUMENT_KIND_CONVENTION: (
        r"convention",
    ),
    Field.DOCUMENT_KIND_AMENDMENT: (
        r"avenant",
    ),
    Field.DOCUMENT_KIND_EXECUTION_REPORT: (
        rf"rapport\s+(?:annuel\s+)?(?:de\s+suivi\s+)?(?:d'|de\s+{L_APOS}|de\s+)?\s*execution",
        r"rapport\s+de\s+suivi",
        r"bilan\s+d'execution",
        r"rapport\s+d.?\s?execution",  # OCR drops or misreads the apostrophe
    ),
    # --- the parts of a fiche (label at the start of a line, numbering stripped) -------------
    FicheField.DESCRIPTION: (
        rf"description (?:de {ELISION}?\s*action|des actions)",
        r"description\b",
    ),
    FicheField.DESCRIPTIONS: (
        rf"descriptions (?:de {ELISION}?\s*action|des actions)",
    ),
    FicheField.START_DATE: (
        r"date (?:de |et |d')?mise en place",
        r"date de demarrage",
    ),
    FicheField.PARTNERS: (
        r"partenaires",
        r"les partenaires",
    ),
    FicheField.DURATION: (
        r"duree de",
    ),
    FicheField.BUDGET: (
        r"budget\b",
        # "Financement 2021 : <amounts> …", "Financement" over a row of years: the budget part,
        # not one of its lines ("Financement Etat : …") nor a remark ("Financement : Etat et …")
        r"financements?(?:\s+(?:20\d\d|previsionnels?))?\s*(?::(?=.*\d)|$)",
    ),
    FicheField.EXECUTED_BUDGET: (
        r"budget\s+(?:execut|realis|consomm)",
        r"execution\s+(?:au\b|financ|budgetaire|du budget)",  # "Exécution au 31/12/2020"
        r"bilan\s+financier",
        r"realisation\s+financ",
        r"credits?\s+(?:engage|consomme)s?\s*:",
    ),
    FicheField.ALREADY_FUNDED: (
        r"actions? (?:deja )?financees?",  # "Action déjà financée par le FAPI"
    ),
    FicheField.INDICATORS: (
        r"indicateurs?\b",
    ),
    FicheField.ASSESSMENT: (
        r"bilan d",
    ),
    FicheField.OUTLOOK: (
        r"perspectives",
    ),
    FicheField.OBJECTIVES: (
        r"objectifs (?:et|poursuivis)",
        r"objectifs?\s*:",
    ),
    FicheField.TITLE: (
        r"intitule",
    ),
    FicheField.THEME: (
        r"theme de la",
    ),
    FicheField.CONTEXT: (
        r"contexte action",
    ),
    FicheField.TARGET_PUBLIC: (
        r"public cible",
        r"publics cibles",
        r"public\s*:",
    ),
    FicheField.BREAKDOWN: (
        r"declinaisons",
    ),
    FicheField.ACHIEVEMENT: (
        r"realisation\b",
    ),
    FicheField.STRATEGY_LINK: (
        r"lien strategie",
    ),
    FicheField.RESULTS: (
        r"resultats?\s*:",
    ),
    FicheField.CONTENT: (
        r"contenu\s*:",
    ),
    FicheField.SCHEDULE: (
        r"calendrier\s*:",
    ),
}


def synonyms(field: Field | FicheField) -> tuple[str, ...]:
    return VOCABULARY[field]


def alternation(*fields: Field | FicheField) -> str:
    """The synonyms of the fields as one non-capturing group, in the order listed."""
    return "(?:" + "|".join(s for f in fields for s in VOCABULARY[f]) + ")"


def fiche_field_pattern(fields: tuple[FicheField, ...]) -> str:
    """One named group a fiche field (`(?P<BUDGET>…)`): `field_of` tells which matched."""
    return "|".join(f"(?P<{f.name}>{alternation(f)})" for f in fields)


def field_of(m: re.Match[str]) -> FicheField:
    """The fiche field whose group matched in a pattern built by `fiche_field_pattern`."""
    assert m.lastgroup is not None
    return FicheField[m.lastgroup]
