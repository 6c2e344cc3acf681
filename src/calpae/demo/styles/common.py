"""French wording shared by the writing styles: amounts, dates, parties, "Vu" lines."""

from __future__ import annotations

from datetime import date

from calpae.demo import catalog
from calpae.demo.plan import AVENANT, CONVENTION, Action, Document, LegalBasis, Person

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def euros(value: float | None, sign: str = " €", zero: str = "0 €") -> str:
    """`1 254 000 €`, `86 412,35 €`; zero as given (`0 €`, `- €`, empty)."""
    if value is None:
        return ""
    if value == 0:
        return zero
    whole = round(value * 100) // 100
    cents = round(value * 100) % 100
    text = f"{whole:,}".replace(",", " ")
    if cents:
        text += f",{cents:02d}"
    return text + sign


def long_date(day: date) -> str:
    """`1er septembre 2021`, `12 juillet 2019`."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def prefect_title(doc: Document) -> str:
    return f"{'Préfète' if doc.prefect.feminine else 'Préfet'} {doc.place.of()}"


def president_title(doc: Document, with_territory: bool = True) -> str:
    head = "Présidente" if doc.president.feminine else "Président"
    tail = f" {doc.place.of()}" if with_territory else ""
    return f"{head} du Conseil départemental{tail}"


def the_dept(doc: Document) -> str:
    return f"le Département {doc.place.of()}"


def represented(person: Person) -> str:
    word = "représentée" if person.feminine else "représenté"
    return f"{word} par {person.civility} {person.name}"


def heading_title(doc: Document) -> str:
    if doc.kind == AVENANT:
        return f"AVENANT N°{doc.amendment_number}"
    return "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI"


def basis_line(doc: Document, basis: LegalBasis, long: bool = True) -> str:
    """One "Vu …" line, without its final punctuation."""
    when = long_date(basis.date) if long and basis.date else short_date(basis.date) \
        if basis.date else ""
    if basis.kind == "loi":
        return f"Vu la loi n° {basis.reference} du {long_date(basis.date)} de finances pour " \
               f"{basis.date.year + 1}"
    if basis.kind == "instruction":
        return (f"Vu l'instruction n° {basis.reference} du {long_date(basis.date)} relative à la "
                "mise en œuvre de la contractualisation entre l'État et les départements")
    if basis.kind == "convention":
        if doc.kind == CONVENTION:
            return ("Vu la convention d'appui à la lutte contre la pauvreté et d'accès à l'emploi "
                    f"2019-2021 signée le {when}")
        return ("Vu la convention d'appui à la lutte contre la pauvreté et d'accès à l'emploi "
                f"signée le {when} entre l'État et le Département {doc.place.of()}")
    if basis.kind == "avenant":
        return f"Vu l'avenant n°{basis.number} à ladite convention, signé le {when}"
    this = "la présente convention" if doc.kind == CONVENTION else "le présent avenant"
    who = "la Présidente" if doc.president.feminine else "le Président"
    return (f"Vu la délibération de la {doc.deliberation_body} du Conseil départemental en date "
            f"du {when} autorisant {who} à signer {this}") \
        if doc.deliberation_body == "Commission permanente" else (
            f"Vu la délibération du Conseil départemental en date du {when} autorisant {who} "
            f"à signer {this}")


def object_sentence(doc: Document) -> str:
    if doc.kind == AVENANT:
        return (f"Le présent avenant a pour objet de fixer, pour l'année {doc.year}, le montant "
                "des crédits apportés par l'État, de compléter la liste des actions conduites "
                "par le Département et d'actualiser les fiches actions annexées à la convention.")
    if doc.period[0] == doc.period[1]:
        return (f"La présente convention fixe, pour {doc.year}, les engagements de l'État et du "
                "Département dans le cadre de la stratégie nationale de prévention et de lutte "
                "contre la pauvreté.")
    return ("La présente convention définit les engagements réciproques de l'État et du "
            "Département pour la mise en œuvre de la stratégie sur le territoire, ainsi que les "
            "modalités de leur financement, de leur suivi et de leur évaluation.")


def added_sentence(doc: Document) -> str | None:
    added = [a for a in doc.actions if a.status == "nouvelle"]
    amended = [a for a in doc.actions if a.status == "modifiée"]
    parts = []
    if added:
        parts.append("Sont ajoutées les actions suivantes : "
                     + " ; ".join(a.title for a in added) + ".")
    if amended:
        parts.append(f"Le budget de {len(amended)} actions reconduites est modifié ; les fiches "
                     "correspondantes sont actualisées.")
    return " ".join(parts) or None


def measure_label(action: Action) -> str:
    return next(m.label for m in catalog.SOCLE if m.key == action.measure)


def duration_sentence(doc: Document) -> str:
    if doc.period[0] == doc.period[1]:
        return "La présente convention est conclue pour une durée d'un an."
    return (f"La présente convention est conclue pour trois ans, de {doc.period[0]} à "
            f"{doc.period[1]}. Les montants des années suivantes feront l'objet d'avenants "
            "annuels.")


def fait_a(doc: Document) -> str:
    """`Fait à Quimper`, `Fait au Mans`."""
    town = doc.place.chef_lieu
    return f"Fait au {town[3:]}" if town.startswith("Le ") else f"Fait à {town}"
