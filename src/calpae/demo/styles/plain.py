"""Plain text as a word processor exports it (like the unseen Bordeaux, Ain and Lyon
documents): capitalised headings, "FICHE ACTION N°…" fiches with one financer a line, a
tab-separated financial table; reports with one "Financement" line and the credits engaged,
consumed and carried over per action."""

from __future__ import annotations

import random

from calpae.demo.dossier import totals_of
from calpae.demo.plan import AVENANT, CONVENTION, INITIATIVE, SOCLE, Action, Document
from calpae.demo.render import Block, Line, Table
from calpae.demo.styles import common as c

NAME = "plain"
FORMATS = ("txt", "txt", "pdf", "docx")


def layout(doc: Document, rng: random.Random) -> dict:
    labels = rng.choice(("part", "participation"))
    if doc.kind == "rapport_execution":
        return {"table": ("total", "consumed", "carryover"), "zero": "0 €",
                "total_stated": False, "labels": labels}
    columns = ("total", "state", "territory", "other") if doc.kind == CONVENTION else (
        "total", "state", "carryover", "territory", "other")
    table = None if doc.kind == AVENANT and rng.random() < 0.25 else columns
    return {"table": table, "zero": rng.choice(("- €", "0 €")),
            "total_stated": doc.kind == AVENANT and rng.random() < 0.5, "labels": labels}


HEADERS = {"total": "Coût total", "state": "Part État", "territory": "Part Département",
           "carryover": "Report {prev}", "other": "Autres financeurs",
           "consumed": "Montant réalisé au 31/12/{year}"}
REPORT_HEADERS = {"total": "Montant prévu {year}", "consumed": "Montant réalisé au 31/12/{year}",
                  "carryover": "Report sur {next}"}


def header(doc: Document) -> list[Block]:
    lines = [f"{c.prefect_title(doc).upper():<55}DÉPARTEMENT "
             f"{doc.place.of().upper()}", ""]
    if doc.kind == AVENANT:
        lines += [f"AVENANT N° {doc.amendment_number}",
                  "À LA CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ",
                  "ET D'ACCÈS À L'EMPLOI 2019 - 2021", "", f"Exercice {doc.year}"]
    else:
        lines += ["CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ", "ET D'ACCÈS À L'EMPLOI"]
        lines.append("2019 – 2021" if doc.period[0] != doc.period[1] else f"ANNÉE {doc.year}")
    return [Line(t) for t in lines] + [Line("")]


def parties(doc: Document) -> list[Block]:
    state = "désignée" if doc.prefect.feminine else "désigné"
    return [Line("ENTRE :"), Line(""),
            Line(f"L'État, {c.represented(doc.prefect)}, {c.prefect_title(doc)}, ci-après "
                 f"{state} « l'État »,"), Line(""), Line("ET :"), Line(""),
            Line(f"Le Département {doc.place.of()}, {c.represented(doc.president)}, "
                 f"{c.president_title(doc)}, ci-après désigné « le Département »,"), Line("")]


def bases(doc: Document) -> list[Block]:
    out: list[Block] = []
    for basis in doc.legal_bases:
        out += [Line(c.basis_line(doc, basis) + " ;"), Line("")]
    return [*out, Line("IL EST CONVENU CE QUI SUIT :"), Line("")]


def funding_sentence(doc: Document) -> str:
    amount = c.euros(doc.state_amount)
    if doc.kind == AVENANT:
        carry = c.euros(doc.carryover or 0, zero="0 €")
        if doc.layout.get("total_stated"):
            total = c.euros(round(doc.state_amount + (doc.carryover or 0), 2))
            return (f"Au titre de l'année {doc.year}, l'État apporte au Département {amount} de "
                    f"crédits nouveaux et {carry} de crédits reportés de l'exercice "
                    f"{doc.year - 1}, soit un montant total de {total}.")
        return (f"Au titre de l'année {doc.year}, l'État apporte au Département {amount} de "
                f"crédits nouveaux. Les crédits non consommés en {doc.year - 1}, soit {carry}, "
                f"sont reportés sur l'exercice {doc.year}.")
    return f"Au titre de l'année {doc.year}, l'État verse au Département la somme de {amount}."


def signature(doc: Document) -> list[Block]:
    town = doc.place.chef_lieu
    at = f"au {town[3:]}" if town.startswith("Le ") else f"à {town}"
    head_l = "La Préfète" if doc.prefect.feminine else "Le Préfet"
    head_r = "La Présidente" if doc.president.feminine else "Le Président"
    return [Line(f"Fait {at}, le {c.long_date(doc.signature_date)}, en deux exemplaires "
                 "originaux."), Line(""), Line(""),
            Line(f"{'Pour l’État,':<47}Pour le Département,".replace("’", "'")),
            Line(f"{head_l + ' ' + doc.place.of() + ',':<47}{head_r} du Conseil départemental,"),
            Line(""), Line(f"{doc.prefect.name:<47}{doc.president.name}"), Line(""), Line("")]


def articles(doc: Document) -> list[Block]:
    out: list[Block] = [Line("ARTICLE 1 – OBJET"), Line(""), Line(c.object_sentence(doc)),
                        Line("")]
    added = c.added_sentence(doc) if doc.kind == AVENANT else None
    if added:
        out += [Line("ARTICLE 2 – ACTIONS"), Line(""), Line(added), Line("")]
    n = 3 if added else 2
    out += [Line(f"ARTICLE {n} – MODALITÉS FINANCIÈRES"), Line(""), Line(funding_sentence(doc)),
            Line(""), Line("Le Département s'engage à mobiliser des crédits au moins équivalents "
                           "à ceux de l'État, selon la répartition par action figurant dans les "
                           "fiches ci-après."), Line("")]
    if doc.kind == CONVENTION:
        out += [Line(f"ARTICLE {n + 1} – DURÉE"), Line(""), Line(c.duration_sentence(doc)),
                Line("")]
        n += 1
    out += [Line(f"ARTICLE {n + 1} – DISPOSITIONS DIVERSES"), Line(""),
            Line("Le présent document prend effet à compter de sa signature."), Line("")]
    return out


def fiche_heading(doc: Document, action: Action) -> str:
    number = action.ref.removeprefix("I-")
    if doc.numbering == "measure":
        return f"Fiche action n° {number} - {action.title}"
    return f"FICHE ACTION N°{number} – {action.title}"


def fiche(doc: Document, action: Action) -> list[Block]:
    out = [Line(fiche_heading(doc, action)), Line("")]
    if action.measure:
        out.append(Line(f"Mesure : {c.measure_label(action)}"))
    out.append(Line(f"Contexte et objectifs : {action.description}."))
    part = doc.layout.get("labels") == "part"
    out += [Line(f"Partenaires : {action.partners}."),
            Line(f"{'Budget' if part else 'Financement'} {doc.year} :"),
            Line(f"{'Part Etat' if part else 'Participation de l’État'} : "
                 f"{c.euros(action.state)}".replace("’", "'")),
            Line(f"{'Part Département' if part else 'Participation du Département'} : "
                 f"{c.euros(action.territory)}")]
    if action.other:
        out.append(Line(f"{action.other_label} : {c.euros(action.other)}"))
    out += [Line(f"{'Coût total' if part else 'Coût total de l’action'} : "
                 f"{c.euros(action.total)}".replace("’", "'")),
            Line(f"Indicateurs : {action.indicator}."), Line(""), Line("")]
    return out


def fiches(doc: Document) -> list[Block]:
    out: list[Block] = [Line(f"ANNEXE 1 – FICHES ACTIONS {doc.year}"), Line(""),
                        Line("ENGAGEMENTS DU SOCLE"), Line("")]
    for action in (a for a in doc.actions if a.section == SOCLE):
        out += fiche(doc, action)
    out += [Line("INITIATIVES DÉPARTEMENTALES"), Line("")]
    for action in (a for a in doc.actions if a.section == INITIATIVE):
        out += fiche(doc, action)
    return out


def table_rows(doc: Document, columns: tuple[str, ...], zero: str,
               first: tuple[str, ...] = ("N°", "Intitulé")) -> list[tuple[str, ...]]:
    """Header, detail rows, socle and initiatives subtotals and the total, as cells."""
    names = REPORT_HEADERS if doc.kind == "rapport_execution" else HEADERS
    heads = [names[k].format(prev=doc.year - 1, year=doc.year, next=doc.year + 1)
             for k in columns]
    rows: list[tuple[str, ...]] = [(*first, *heads)]
    restart = doc.numbering == "restart"

    def cells(values: object) -> list[str]:
        return [c.euros(getattr(values, k), zero=zero) for k in columns]

    for section, subtotal in ((SOCLE, "Sous-total socle"), (INITIATIVE, "Sous-total initiatives")):
        part = [r for r in doc.rows if r.section == section]
        for r in part:
            if restart:
                kind = "Socle" if section == SOCLE else "Initiative"
                rows.append((kind, f"Action {r.ref.removeprefix('I-')} – {r.label}", *cells(r)))
            else:
                rows.append((r.ref, r.label, *cells(r)))
        rows.append(("", subtotal, *cells(totals_of(part))))
    rows.append(("TOTAL", "", *cells(doc.table_total)))
    return rows


def table(doc: Document, mode: str = "tab") -> list[Block]:
    columns = doc.layout.get("table")
    if not columns:
        return []
    first = ("Partie", "Action") if doc.numbering == "restart" else ("N°", "Intitulé")
    rows = table_rows(doc, columns, doc.layout.get("zero", "0 €"), first)
    title = "ANNEXE 2 – TABLEAU FINANCIER RÉCAPITULATIF" if doc.kind != "rapport_execution" \
        else "ANNEXE – TABLEAU D'EXÉCUTION FINANCIÈRE"
    return [Line(""), Line(f"{title} {doc.year}"), Table(tuple(rows), mode)]


def report(doc: Document) -> list[Block]:
    out: list[Block] = [Line(f"DÉPARTEMENT {doc.place.of().upper()}"),
                        Line("Direction de la solidarité et de l'insertion"), Line(""), Line(""),
                        Line(f"RAPPORT D'EXÉCUTION – EXERCICE {doc.year}"), Line(""),
                        Line("Convention d'appui à la lutte contre la pauvreté et d'accès à "
                             f"l'emploi {doc.period[0]}-{doc.period[1]}"), Line(""), Line(""),
                        Line("1. CONTEXTE"), Line("")]
    intro = (f"Au titre de l'exercice {doc.year}, l'État a attribué au Département une dotation "
             f"de {c.euros(doc.state_amount)}")
    if doc.carryover:
        intro += (f", complétée par un report de {c.euros(doc.carryover)} de crédits "
                  f"{doc.year - 1} non consommés")
    out += [Line(intro + "."), Line(""),
            Line(f"Les crédits non consommés au 31 décembre {doc.year}, soit "
                 f"{c.euros(doc.unconsumed or 0)}, font l'objet d'une demande de report sur "
                 f"l'exercice {doc.year + 1}."), Line(""), Line(""),
            Line("2. BILAN PAR ACTION"), Line("")]
    for number, (section, title) in enumerate(((SOCLE, "Engagements du socle"),
                                               (INITIATIVE, "Initiatives du Département")), 1):
        out += [Line(f"2.{number} {title}"), Line("")]
        for a in (a for a in doc.actions if a.section == section):
            out += [Line(f"Action {a.ref.removeprefix('I-')} – {a.title}"),
                    Line(f"Objectif : {a.description}."), *report_budget(doc, a),
                    Line(f"Crédits engagés : {c.euros(a.engaged, zero='0 €')}"),
                    Line(f"Crédits consommés : {c.euros(a.consumed, zero='0 €')}"),
                    Line(f"Report sollicité sur {doc.year + 1} : "
                         f"{c.euros(a.carryover_requested, zero='0 €')}"),
                    Line(f"Résultats : {a.indicator} conforme aux prévisions."), Line("")]
    out += table(doc)
    out += [Line(""), *report_signature(doc)]
    return out


def report_budget(doc: Document, a: Action) -> list[Block]:
    """The planned budget of an action in a report: one "Financement" line, or a grid."""
    if doc.layout.get("labels") == "part":
        out = [Line(f"Budget prévisionnel {doc.year}"),
               Line(f"Part Etat = {c.euros(a.state)}"),
               Line(f"Part Département = {c.euros(a.territory)}")]
        if a.other:
            out.append(Line(f"{a.other_label} = {c.euros(a.other)}"))
        return [*out, Line(f"Budget global = {c.euros(a.total)}")]
    money = f"Etat {c.euros(a.state)} ; Département {c.euros(a.territory)}"
    if a.other:
        money += f" ; {a.other_label} {c.euros(a.other)}"
    return [Line(f"Financement {doc.year} : {money} ; coût total {c.euros(a.total)}")]


def report_signature(doc: Document) -> list[Block]:
    town = doc.place.chef_lieu
    at = f"au {town[3:]}" if town.startswith("Le ") else f"à {town}"
    return [Line(f"Rapport adopté par délibération du {doc.deliberation_body} en date du "
                 f"{c.long_date(doc.deliberation_date)}."), Line(""),
            Line(f"Fait {at}, le {c.long_date(doc.signature_date)}")]


def blocks(doc: Document) -> list[Block]:
    if doc.kind == "rapport_execution":
        return report(doc)
    return [*header(doc), *parties(doc), *bases(doc), *articles(doc), *signature(doc),
            *fiches(doc), *table(doc)]
