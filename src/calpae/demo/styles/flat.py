"""A PDF's text layer with its tables flattened line by line (like seed 001 and the unseen
Haute-Vienne avenant): two-column header, page numbers, fiches "Fiche action 1.1 Title" with
a financer grid read row by row, the recapitulative table's header wrapped over two lines."""

from __future__ import annotations

import random

from calpae.demo.dossier import totals_of
from calpae.demo.plan import AVENANT, CONVENTION, INITIATIVE, REPORT, SOCLE, Action, Document
from calpae.demo.render import Block, Line, Table
from calpae.demo.styles import common as c
from calpae.demo.styles import plain

NAME = "flat"
FORMATS = ("txt", "pdf")
HEAD_1 = {"total": "Budget", "state": "Participation", "territory": "Participation",
          "carryover": "Report", "other": "Autres", "consumed": "Montant réalisé"}
HEAD_2 = {"total": "global", "state": "Etat", "territory": "Département",
          "carryover": "{prev}", "other": "financeurs", "consumed": "au 31/12/{year}"}


def layout(doc: Document, rng: random.Random) -> dict:
    if doc.kind == REPORT:
        return {"table": ("total", "consumed", "carryover"), "zero": "- €"}
    columns = ("total", "state", "territory", "other") if doc.kind == CONVENTION else (
        "total", "state", "territory", "carryover", "other")
    return {"table": columns, "zero": "- €", "grid": "column",
            "period_stated": doc.kind != AVENANT or rng.random() < 0.5}


class _Pages:
    """Lines with a page number every ~45 lines, as a text layer keeps them."""

    def __init__(self) -> None:
        self.lines: list[Block] = []
        self.count = 0

    def add(self, *items: Block) -> None:
        for item in items:
            self.lines.append(item)
            self.count += 1
            if self.count % 45 == 0 and not isinstance(item, Table):
                self.lines.append(Line(f"{'':>83}{self.count // 45}"))


def header(doc: Document) -> list[Block]:
    left = c.prefect_title(doc).upper()
    out = [Line(f"{left:<61}DÉPARTEMENT {doc.place.of().upper()}"), Line("")]
    if doc.kind == AVENANT:
        period = " 2019-2021" if doc.layout.get("period_stated") else ""
        out += [Line(f"AVENANT N°{doc.amendment_number} À LA CONVENTION D'APPUI À LA LUTTE "
                     "CONTRE LA PAUVRETÉ"), Line(f"ET D'ACCÈS À L'EMPLOI{period}"),
                Line(f"Année {doc.year}")]
    else:
        out += [Line("CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI"),
                Line("Période 2019-2021" if doc.period[0] != doc.period[1] else
                     f"Année {doc.year}")]
    state = "désignée" if doc.prefect.feminine else "désigné"
    out += [Line(""), Line("Entre"),
            Line(f"L'Etat, {c.represented(doc.prefect)}, {c.prefect_title(doc)}, ci-après"),
            Line(f"{state} « le Préfet », d'une part,"), Line("Et"),
            Line(f"Le Département {doc.place.of()}, {c.represented(doc.president)}, "
                 f"{c.president_title(doc)}, ci-après désigné « le Département », d'autre part,"),
            Line("")]
    out += [Line(c.basis_line(doc, b, long=b.kind != "deliberation") + ",")
            for b in doc.legal_bases]
    return [*out, Line(""), Line("Il est convenu ce qui suit :"), Line("")]


def articles(doc: Document) -> list[Block]:
    out: list[Block] = [Line("Article 1 – Objet"), Line(c.object_sentence(doc)), Line("")]
    what = "l'article 2.3.1 de la convention est ainsi modifié" if doc.kind == AVENANT else \
        "l'engagement financier de l'Etat est le suivant"
    money = (f"« Pour {doc.year}, l'Etat contribue à hauteur de {c.euros(doc.state_amount)} au "
             "financement des actions")
    if doc.kind == AVENANT:
        money += (f" ; le Département bénéficie en outre du report des crédits non consommés en "
                  f"{doc.year - 1}, soit {c.euros(doc.carryover or 0)}")
    out += [Line("Article 2 – Engagements financiers"), Line(f"{what.capitalize()} : {money}. »"),
            Line("La répartition par action figure dans le tableau financier récapitulatif joint "
                 "en annexe 2."), Line("")]
    if doc.kind == CONVENTION:
        out += [Line("Article 3 – Durée"), Line(c.duration_sentence(doc)), Line("")]
    left = "La Préfète" if doc.prefect.feminine else "Le Préfet"
    right = "La Présidente" if doc.president.feminine else "Le Président"
    out += [Line("Article 4 – Autres dispositions"),
            Line("Les autres dispositions de la convention et de ses avenants restent inchangées."),
            Line(""), Line(f"{c.fait_a(doc)}, le {c.short_date(doc.signature_date)}"),
            Line(f"{left + ' ' + doc.place.of():<45}{right} du Conseil départemental"),
            Line(f"{doc.prefect.name:<47}{doc.president.name}"), Line("")]
    return out


def fiche(doc: Document, action: Action) -> list[Block]:
    out: list[Block] = [Line(f"Fiche action {action.ref.removeprefix('I-')} {action.title}")]
    if action.measure:
        out.append(Line(f"Mesure socle : {c.measure_label(action).lower()}"))
    out += [Line(f"Description : {action.description}."), Line(f"Partenaires : {action.partners}"),
            Line(f"Budget {doc.year}")]
    grid = doc.layout["grid"]
    if grid == "column" or (grid == "mixed" and sum(map(ord, action.title)) % 2):
        out += [Line("Financeur Montant"), Line(f"Etat {c.euros(action.state)}"),
                Line(f"Département {c.euros(action.territory)}")]
        if action.other:
            out.append(Line(f"{action.other_label} {c.euros(action.other)}"))
        out.append(Line(f"Total {c.euros(action.total)}"))
    else:
        values = [c.euros(action.state), c.euros(action.territory)]
        if action.other:
            values.append(c.euros(action.other))
        out += [Line("Etat Département Autres financeurs Total"),
                Line(" ".join([*values, c.euros(action.total)]))]
    return [*out, Line(f"Indicateurs : {action.indicator}."), Line("")]


def table(doc: Document) -> list[Block]:
    columns, zero = doc.layout["table"], doc.layout["zero"]
    fmt = {"prev": doc.year - 1, "year": doc.year}
    rows: list[tuple[str, ...]] = [
        ("N°", "Intitulé de l'action", *(HEAD_1[k] for k in columns)),
        ("", "", *(HEAD_2[k].format(**fmt) for k in columns))]
    for section, name in ((SOCLE, "Sous-total socle"), (INITIATIVE, "Sous-total initiatives")):
        part = [r for r in doc.rows if r.section == section]
        for r in part:
            ref = r.ref if doc.numbering != "restart" else (
                f"Action {r.ref.removeprefix('I-')}" if section == SOCLE else
                f"Initiative {r.ref.removeprefix('I-')}")
            rows.append((ref, r.label, *(c.euros(getattr(r, k), zero=zero) for k in columns)))
        rows.append(("", name, *(c.euros(getattr(totals_of(part), k), zero=zero)
                                 for k in columns)))
    rows.append(("TOTAL", "", *(c.euros(getattr(doc.table_total, k), zero=zero)
                                for k in columns)))
    title = "ANNEXE 2 – TABLEAU FINANCIER RÉCAPITULATIF" if doc.kind != REPORT else \
        "ANNEXE – TABLEAU FINANCIER - EXECUTION"
    return [Line(f"{title} {doc.year}"), Table(tuple(rows), "flat")]


def report(doc: Document) -> list[Block]:
    blocks = plain.report(doc)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Line)
                 and b.text.startswith("ANNEXE"))
    end = next(i for i, b in enumerate(blocks) if isinstance(b, Table)) + 1
    return blocks[:start - 1] + table(doc) + blocks[end:]


def blocks(doc: Document) -> list[Block]:
    if doc.kind == REPORT:
        return report(doc)
    pages = _Pages()
    pages.add(*header(doc), *articles(doc), Line(f"ANNEXE 1 – FICHES ACTIONS {doc.year}"),
              Line(""), Line("I. ENGAGEMENTS SOCLE"), Line(""))
    for a in (a for a in doc.actions if a.section == SOCLE):
        pages.add(*fiche(doc, a))
    pages.add(Line("II. INITIATIVES DÉPARTEMENTALES"), Line(""))
    for a in (a for a in doc.actions if a.section == INITIATIVE):
        pages.add(*fiche(doc, a))
    pages.add(*table(doc))
    return pages.lines
