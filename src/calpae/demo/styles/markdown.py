"""Markdown as document converters export it (like the unseen Finistère, Côtes-d'Armor,
Puy-de-Dôme and Sarthe documents, and seeds 003/004): `#` headings, bold labels, budgets as
pipe tables or tab-separated lines with HTML in cells, the maquette as a pipe or HTML table."""

from __future__ import annotations

import random

from calpae.demo.dossier import totals_of
from calpae.demo.plan import AVENANT, CONVENTION, INITIATIVE, REPORT, SOCLE, Action, Document
from calpae.demo.render import Block, Line, Table
from calpae.demo.styles import common as c

NAME = "markdown"
FORMATS = ("md", "md", "docx", "pdf")
LABELS = {"total": "Budget global", "state": "Part État", "territory": "Part Département",
          "carryover": "Report {prev}", "other": "Autres financeurs",
          "consumed": "Mandaté"}


def layout(doc: Document, rng: random.Random) -> dict:
    if doc.kind == REPORT:
        return {"table": ("total", "consumed", "carryover"), "zero": "0 €",
                "report_carryover": False}
    columns = ("total", "state", "territory", "other") if doc.kind == CONVENTION else (
        "total", "state", "carryover", "territory", "other")
    return {"table": columns, "zero": rng.choice(("0 €", "- €")),
            "fiche": rng.choice(("pipe", "bold", "tab")), "maquette": rng.choice(("pipe", "html")),
            "period_stated": doc.kind != AVENANT}


def _p(text: str) -> list[Block]:
    return [Line(text), Line("")]


def header(doc: Document) -> list[Block]:
    out = _p(f"**{c.prefect_title(doc).upper()}**")
    if doc.kind == AVENANT:
        out += [Line("# AVENANT N°" + str(doc.amendment_number) + " À LA CONVENTION D'APPUI À LA "
                     "LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI", 1), Line(""),
                Line(f"Exercice {doc.year}", 2), Line("")]
    else:
        out += [Line(c.heading_title(doc), 1), Line("")]
        out += [Line("2019-2021" if doc.period[0] != doc.period[1] else f"Année {doc.year}", 2),
                Line("")]
    state = "dénommée" if doc.prefect.feminine else "dénommé"
    out += _p("Entre")
    out += _p(f"**L'État**, {c.represented(doc.prefect)}, {c.prefect_title(doc)}, ci-après "
              f"{state} « l'État », d'une part,")
    out += _p("Et")
    out += _p(f"**Le Département {doc.place.of()}**, {c.represented(doc.president)}, "
              f"{c.president_title(doc)}, ci-après dénommé « le Département », d'autre part,")
    for basis in doc.legal_bases:
        out += _p(c.basis_line(doc, basis) + " ;")
    return out + _p("Il est convenu ce qui suit :")


def articles(doc: Document) -> list[Block]:
    out = [Line("Article 1 – Objet", 2), Line(""), *_p(c.object_sentence(doc))]
    n = 2
    added = c.added_sentence(doc) if doc.kind == AVENANT else None
    if added:
        out += [Line("Article 2 – Actions", 2), Line(""), *_p(added)]
        n = 3
    out += [Line(f"Article {n} – Montant de la participation de l'État", 2), Line("")]
    out += _p(f"Pour l'année {doc.year}, l'État apporte au Département un financement d'un "
              f"montant de {c.euros(doc.state_amount)}, sous réserve du vote des crédits en loi "
              "de finances.")
    if doc.kind == AVENANT:
        out += [Line(f"Article {n + 1} – Report des crédits {doc.year - 1}", 2), Line("")]
        out += _p(f"Les crédits délégués en {doc.year - 1} et non consommés au 31 décembre "
                  f"{doc.year - 1}, soit {c.euros(doc.carryover or 0)}, sont reportés sur "
                  f"l'exercice {doc.year} et affectés aux actions figurant dans le tableau "
                  "financier en annexe.")
        n += 1
    if doc.kind == CONVENTION:
        out += [Line(f"Article {n + 1} – Durée", 2), Line(""), *_p(c.duration_sentence(doc))]
        n += 1
    out += [Line(f"Article {n + 1} – Dispositions finales", 2), Line("")]
    out += _p("Les autres stipulations de la convention demeurent inchangées.")
    out += _p(f"{c.fait_a(doc)}, le {c.long_date(doc.signature_date)}")
    left = "la Préfète" if doc.prefect.feminine else "le Préfet"
    right = "la Présidente" if doc.president.feminine else "le Président"
    out += [Table(((f"Pour l'État, {left}", f"Pour le Département, {right}"),
                   (doc.prefect.name, doc.president.name)), "pipe"), Line(""), Line("---"),
            Line("")]
    return out


def budget(doc: Document, action: Action, variant: str) -> list[Block]:
    if variant == "bold":
        out = _p(f"**Coût total :** {c.euros(action.total)}")
        out += _p(f"**Financement Etat :** {c.euros(action.state)}")
        out += _p(f"**Financement Département :** {c.euros(action.territory)}")
        if action.other:
            out += _p(f"**{action.other_label} :** {c.euros(action.other)}")
        return out
    if variant == "tab":
        rows = [("Financeur", f"Budget prévisionnel {doc.year}"),
                ("État", c.euros(action.state)), ("Département", c.euros(action.territory))]
        if action.other:
            rows.append((action.other_label or "", c.euros(action.other)))
        rows.append(("<b>Total</b>", f"<b>{c.euros(action.total)}</b>"))
        return [Table(tuple(rows), "tab"), Line("")]
    rows = [("Financeurs", str(doc.year)), ("État", c.euros(action.state)),
            ("Département", c.euros(action.territory))]
    if action.other:
        rows.append((action.other_label or "", c.euros(action.other)))
    rows.append(("Total", c.euros(action.total)))
    return [*_p("**Budget :**"), Table(tuple(rows), "pipe"), Line("")]


def fiche(doc: Document, action: Action) -> list[Block]:
    variant = doc.layout["fiche"]
    number = action.ref.removeprefix("I-")
    if variant == "tab":
        out = [Line(f"FICHE ACTION {number}", 2), Line(""),
               Table((("Intitulé de l'action", action.title),
                      ("Mesure de rattachement", c.measure_label(action) if action.measure
                       else "Initiative départementale"),
                      ("Description", f"<p>{action.description.capitalize()}.</p>"),
                      ("Partenaires et co-financeurs", action.partners.replace(", ", "<br>"))),
                     "tab"), Line("")]
    else:
        out = [Line(f"Fiche action n°{number} : {action.title}", 3), Line("")]
        if action.measure:
            out += _p(f"**Mesure :** {c.measure_label(action)}")
        out += _p(f"**Description :** {action.description.capitalize()}.")
        out += _p(f"**Partenaires :** {action.partners}")
    out += budget(doc, action, variant)
    return out + _p(f"**Indicateurs :** {action.indicator}.")


def maquette(doc: Document) -> list[Block]:
    columns, zero = doc.layout["table"], doc.layout["zero"]
    heads = [LABELS[k].format(prev=doc.year - 1) for k in columns]
    html = doc.layout["maquette"] == "html"
    rows: list[tuple[str, ...]] = [("Partie" if doc.numbering == "restart" else "N° fiche",
                                    "Action", *heads)]

    def bold(cells: list[str]) -> list[str]:
        return [f"<b>{x}</b>" if html else f"**{x}**" for x in cells]

    for section, name in ((SOCLE, "Sous-total socle"), (INITIATIVE, "Sous-total initiatives")):
        part = [r for r in doc.rows if r.section == section]
        for r in part:
            first = (("Socle" if section == SOCLE else "Initiative"),
                     f"Action {r.ref.removeprefix('I-')} – {r.label}") \
                if doc.numbering == "restart" else (r.ref, r.label)
            rows.append((*first, *(c.euros(getattr(r, k), zero=zero) for k in columns)))
        sub = totals_of(part)
        rows.append(("", *bold([name, *(c.euros(getattr(sub, k), zero=zero) for k in columns)])))
    rows.append(("", *bold(["TOTAL GÉNÉRAL", *(c.euros(getattr(doc.table_total, k), zero=zero)
                                               for k in columns)])))
    return [Line(f"Annexe 3 – Maquette financière {doc.year}", 2), Line(""),
            Table(tuple(rows), "html" if html else "pipe")]


def report(doc: Document) -> list[Block]:
    out = _p(f"**DÉPARTEMENT {doc.place.of().upper()}**")
    out += _p("*Direction générale adjointe de la solidarité départementale*")
    out += [Line(f"Rapport d'exécution {doc.year}", 1), Line(""),
            Line("Convention d'appui à la lutte contre la pauvreté et d'accès à l'emploi "
                 f"{doc.period[0]}-{doc.period[1]}", 2), Line(""), Line("1. Synthèse", 1), Line("")]
    out += _p(f"Au titre de l'exercice {doc.year}, l'État a versé au Département "
              f"{c.euros(doc.state_amount)} dans le cadre de la contractualisation. Les crédits "
              f"non consommés au 31 décembre {doc.year}, soit {c.euros(doc.unconsumed or 0)}, "
              f"font l'objet d'une demande de report sur l'exercice {doc.year + 1}.")
    out += [Line("2. Bilan des actions", 1), Line("")]
    for n, (section, title) in enumerate(((SOCLE, "Volet 1 – Engagements socles"),
                                          (INITIATIVE, "Volet 2 – Actions à l'initiative du "
                                                       "Département")), 1):
        out += [Line(f"2.{n} {title}", 2), Line("")]
        for a in (a for a in doc.actions if a.section == section):
            money = f"Part État {c.euros(a.state)} – Part Département {c.euros(a.territory)}"
            if a.other:
                money += f" – {a.other_label} {c.euros(a.other)}"
            out += [Line(f"Action n°{a.ref.removeprefix('I-')} : {a.title}", 3), Line("")]
            out += _p(f"**Objectif :** {a.description}.")
            out += _p(f"**Financement prévu :** {money}")
            out += _p(f"**Exécution au 31 décembre {doc.year}**")
            out += [Table((("Montant prévu", "Engagé", "Mandaté", "Report sollicité"),
                           tuple(c.euros(v, zero="0 €") for v in
                                 (a.total, a.engaged, a.consumed, a.carryover_requested))),
                          "pipe"), Line("")]
    out += [Line(f"Annexe – Tableau d'exécution financière {doc.year}", 1), Line("")]
    restart = doc.numbering == "restart"
    rows = [("Partie" if restart else "Fiche", "Intitulé", "Montant prévu", "Engagé", "Mandaté",
             "Report sollicité")]
    for r, a in zip(doc.rows, doc.actions, strict=True):
        first = (("Socle" if r.section == SOCLE else "Initiative"),
                 f"Action {r.ref.removeprefix('I-')} – {r.label}") if restart else (r.ref, r.label)
        rows.append((*first, *(c.euros(v, zero="0 €") for v in
                               (r.total, a.engaged, r.consumed, r.carryover))))
    t = doc.table_total
    engaged = sum(a.engaged or 0 for a in doc.actions)
    rows.append(("**TOTAL**", "", *(f"**{c.euros(v, zero='0 €')}**" for v in
                                    (t.total, engaged, t.consumed, t.carryover))))
    out += [Table(tuple(rows), "pipe"), Line("")]
    out += _p(f"Rapport adopté par délibération du {doc.deliberation_body} en date du "
              f"{c.long_date(doc.deliberation_date)}.")
    return out + _p(f"{c.fait_a(doc)}, le {c.long_date(doc.signature_date)}")


def blocks(doc: Document) -> list[Block]:
    if doc.kind == REPORT:
        return report(doc)
    out = header(doc) + articles(doc)
    out += [Line("Annexe 1 – Fiches actions du socle", 2), Line("")]
    for a in (a for a in doc.actions if a.section == SOCLE):
        out += fiche(doc, a)
    out += [Line("Annexe 2 – Fiches actions à l'initiative du Département", 2), Line("")]
    for a in (a for a in doc.actions if a.section == INITIATIVE):
        out += fiche(doc, a)
    return out + maquette(doc)
