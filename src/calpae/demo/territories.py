"""Where each département signs and how French names it: article and chef-lieu (general
knowledge, like `calpae.values.territories`), for the wording of the demo documents."""

from __future__ import annotations

from dataclasses import dataclass

from calpae.values.territories import DEPARTEMENT, TERRITORIES, Territory

# code, article before the name ("du", "de la", "de l'", "des", "de"), chef-lieu
_PLACES = """
01 l' Bourg-en-Bresse|02 l' Laon|03 l' Moulins|04 des Digne-les-Bains|05 des Gap|06 des Nice
|07 l' Privas|08 des Charleville-Mézières|09 l' Foix|10 l' Troyes|11 l' Carcassonne|12 l' Rodez
|13 des Marseille|14 du Caen|15 du Aurillac|16 la Angoulême|17 la La Rochelle|18 du Bourges
|19 la Tulle|2A la Ajaccio|2B la Bastia|21 la Dijon|22 des Saint-Brieuc|23 la Guéret
|24 la Périgueux|25 du Besançon|26 la Valence|27 l' Évreux|28 l' Chartres|29 du Quimper
|30 du Nîmes|31 la Toulouse|32 du Auch|33 la Bordeaux|34 l' Montpellier|35 l' Rennes
|36 l' Châteauroux|37 l' Tours|38 l' Grenoble|39 du Lons-le-Saunier|40 des Mont-de-Marsan
|41 du Blois|42 la Saint-Étienne|43 la Le Puy-en-Velay|44 la Nantes|45 du Orléans|46 du Cahors
|47 du Agen|48 la Mende|49 de Angers|50 la Saint-Lô|51 la Châlons-en-Champagne|52 la Chaumont
|53 la Laval|54 de Nancy|55 la Bar-le-Duc|56 du Vannes|57 la Metz|58 la Nevers|59 du Lille
|60 l' Beauvais|61 l' Alençon|62 du Arras|63 du Clermont-Ferrand|64 des Pau|65 des Tarbes
|66 des Perpignan|67 du Strasbourg|68 du Colmar|69 du Lyon|70 la Vesoul|71 de Mâcon
|72 la Le Mans|73 la Chambéry|74 la Annecy|75 de Paris|76 la Rouen|77 de Melun|78 des Versailles
|79 des Niort|80 la Amiens|81 du Albi|82 du Montauban|83 du Toulon|84 du Avignon
|85 la La Roche-sur-Yon|86 la Poitiers|87 la Limoges|88 des Épinal|89 l' Auxerre|90 du Belfort
|91 l' Évry-Courcouronnes|92 des Nanterre|93 la Bobigny|94 du Créteil|95 du Cergy
|971 la Basse-Terre|972 la Fort-de-France|973 la Cayenne|974 de Saint-Denis|976 de Mamoudzou
"""


@dataclass(frozen=True, slots=True)
class Place:
    territory: Territory
    article: str  # "du", "la", "l'", "des", "de"
    chef_lieu: str

    @property
    def name(self) -> str:
        return self.territory.name

    @property
    def code(self) -> str:
        return self.territory.code or ""

    def of(self) -> str:
        """The name after "de": `du Loiret`, `de la Sarthe`, `de l'Ain`, `des Landes`."""
        if self.article == "du":
            return f"du {self.name}"
        if self.article == "des":
            return f"des {self.name}"
        if self.article == "l'":
            return f"de l'{self.name}"
        if self.article == "la":
            return f"de la {self.name}"
        return f"de {self.name}"

    def the(self) -> str:
        """The name with its article: `le Loiret`, `la Sarthe`, `l'Ain`."""
        return {"du": f"le {self.name}", "des": f"les {self.name}", "l'": f"l'{self.name}",
                "la": f"la {self.name}"}.get(self.article, self.name)


def _parse() -> dict[str, tuple[str, str]]:
    entries = (e.strip() for e in _PLACES.replace("\n", "").split("|"))
    parsed = {}
    for entry in filter(None, entries):
        code, article, town = entry.split(" ", 2)
        parsed[code] = (article, town)
    return parsed


def departements() -> list[Place]:
    """Every département of `calpae.values.territories`, in code order, with its wording."""
    known = _parse()
    return [Place(t, *known[t.code]) for t in TERRITORIES
            if t.kind == DEPARTEMENT and t.code in known]
