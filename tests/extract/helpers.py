"""Builders shared by the extraction tests: small documents, fiches and tables read as sources,
and what was extracted from them put in the plain forms the tests compare."""

from __future__ import annotations

from builders import docx_bytes, pdf_bytes
from calpae.extract import extract, to_calpae_json
from calpae.extract.actions import extract_actions
from calpae.extract.document import extract_document
from calpae.extract.models import Action, Budget, DocumentBlock, FinancialSummary
from calpae.extract.summary import extract_financial_summary
from calpae.model import Extracted, SourceDocument, to_tree
from calpae.readers import read_bytes


def read_text(text: str, name: str = "doc.txt"):
    return read_bytes(text.encode("utf-8"), name)


def calpae_json(text: str, name: str = "doc.txt") -> dict:
    return to_calpae_json(extract(read_bytes(text.encode("utf-8"), name)))


def without_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


# --- the document block: an avenant whose wording a test changes ----------------------------------

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


# --- fiches actions -------------------------------------------------------------------------------

def actions_in(source: SourceDocument, year: int | None = None,
               kind: str | None = None) -> list[Action]:
    document = DocumentBlock(kind=Extracted(kind) if kind else None,
                             exercise_year=Extracted(year) if year else None)
    return extract_actions(source, document)


def actions_of(text: str, name: str = "fiches.txt", kind: str | None = None,
               year: int | None = None) -> list[Action]:
    return actions_in(read_bytes(text.encode("utf-8"), name), year, kind)


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


def budget_figures(a) -> tuple:
    b = a.budget
    return tuple(None if getattr(b, k) is None else getattr(b, k).value
                 for k in ("state", "territory", "other", "total"))


def action_rows(actions: list[Action]) -> list[tuple]:
    def value(x):
        return x.value if x is not None else None

    out = []
    for a in actions:
        b = a.budget
        budget = None if b is None else tuple(
            value(getattr(b, k)) for k in ("year", "state", "territory", "other", "total"))
        out.append((value(a.ref), value(a.section), value(a.title), budget))
    return out


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


def forms(text: str, name: str) -> dict[str, SourceDocument]:
    """The layout as read from its own text and from a native PDF and a DOCX built from it."""
    plain = read_bytes(text.encode("utf-8"), name)
    stem = name.rsplit(".", 1)[0]
    return {
        "text": plain,
        "pdf": read_bytes(pdf_bytes(plain), f"{stem}.pdf"),
        "docx": read_bytes(docx_bytes(plain), f"{stem}.docx"),
    }


FORMS = ("text", "pdf", "docx")


# --- the recapitulative table ---------------------------------------------------------------------

def summarise(text: str, name: str = "doc.txt", actions: list[Action] | None = None,
              year: int | None = None) -> FinancialSummary | None:
    source = read_bytes(text.encode("utf-8"), name)
    document = DocumentBlock(exercise_year=Extracted(year) if year else None)
    summary, _matrix = extract_financial_summary(source, document, actions or [])
    if summary is not None:
        for path_row in summary.rows:  # evidence must show the value it gives
            for key in ("total", "state", "territory", "carryover", "other", "consumed"):
                leaf = getattr(path_row, key)
                if leaf is not None and leaf.evidence is not None:
                    assert any(ch.isdigit() or ch == "-" for ch in leaf.evidence.text)
    return summary


def rows(summary: FinancialSummary | None) -> list[dict]:
    assert summary is not None, "no table found"
    return [to_tree(r) for r in summary.rows]


def amounts(summary: FinancialSummary | None, *keys: str) -> list[tuple]:
    return [tuple(r[k] for k in keys) for r in rows(summary)]


def action(ref: str, title: str, section: str = "socle", state: float | None = None) -> Action:
    budget = Budget(state=Extracted(state)) if state is not None else None
    return Action(ref=Extracted(ref), section=Extracted(section), title=Extracted(title),
                  budget=budget)


FLAT = """Article 3 : le Département s'engage.

MAQUETTE FINANCIERE

Intitulé de l'action
Budget global de
l'action
Budget Etat + CD Participation Etat Participation CD Report 2020
Autres
financeurs

Action 1.1 Aide aux jeunes 60 000 € 60 000 € 30 000 € 30 000 € 0 €
Action 1.2 Suivi renforcé 20 000 € 20 000 € 10 000 € 10 000 €
2 - Travail social : premier accueil
0304 50 19 19 03 - code
Action 2
Plateforme téléphonique
d'accueil social
12 000 € 12 000 € 6 000 € 6 000 €
SOUS-TOTAL SOCLE 92 000 € 92 000 € 46 000 € 46 000 € 0 €
Action 2 Garage solidaire 50 000 € 40 000 € 10 000 € 10 000 € 10 000 € 20 000 €
SOUS-TOTAL INITIATIVES 50 000 € 40 000 € 10 000 € 10 000 € 10 000 € 20 000 €
142 000 € 132 000 € 56 000 € 56 000 € 10 000 € 20 000 €
TOTAL
"""


REPORT_FICHES = """# Rapport d'exécution 2019

## Volet 1 – Engagements socles

### Action n°1 : Accueil de jour

**Objectif :** ouvrir un accueil de jour.

**Financement prévu :** Part État 10 000 € – Part Département 12 000 € – FSE 3 000 €

**Exécution au 31 décembre 2019**

| Montant prévu | Engagé | Mandaté | Report sollicité |
|---|---|---|---|
| 25 000 € | 20 000 € | 16 500 € | 0 € |

### Action n°2 : Jardins partagés

**Objectif :** deux jardins.

**Financement prévu :** Part État 7 000 € – Part Département 7 000 €

**Exécution au 31 décembre 2019**

| Montant prévu | Engagé | Mandaté | Report sollicité |
|---|---|---|---|
| 14 000 € | 9 000 € | 8 000 € | 3 000 € |

# Annexe – Tableau d'exécution financière 2019

| Fiche | Intitulé | Montant prévu | Engagé | Mandaté | Report sollicité |
|---|---|---|---|---|---|
| 1 | Accueil de jour | 25 000 € | 20 000 € | 16 500 € | 0 € |
| 2 | Jardins partagés | 14 000 € | 9 000 € | 8 000 € | 3 000 € |
| **TOTAL** | | **39 000 €** | **29 000 €** | **24 500 €** | **3 000 €** |
"""
