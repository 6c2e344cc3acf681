"""French territories: départements with INSEE codes, métropoles, régions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from calpae.model import Extracted
from calpae.values.fold import fold


@dataclass(frozen=True, slots=True)
class Territory:
    kind: str  # departement | metropole | region
    name: str  # official name with accents (`Maine-et-Loire`)
    code: str | None  # INSEE code (`49`, `2A`, `971`); métropoles: SIREN of the EPCI or None


TerritoryFound = Extracted[Territory]


DEPARTEMENT, METROPOLE, REGION = "departement", "metropole", "region"

_DEPARTEMENTS = """
01 Ain|02 Aisne|03 Allier|04 Alpes-de-Haute-Provence|05 Hautes-Alpes|06 Alpes-Maritimes
|07 Ardèche|08 Ardennes|09 Ariège|10 Aube|11 Aude|12 Aveyron|13 Bouches-du-Rhône|14 Calvados
|15 Cantal|16 Charente|17 Charente-Maritime|18 Cher|19 Corrèze|2A Corse-du-Sud|2B Haute-Corse
|21 Côte-d'Or|22 Côtes-d'Armor|23 Creuse|24 Dordogne|25 Doubs|26 Drôme|27 Eure|28 Eure-et-Loir
|29 Finistère|30 Gard|31 Haute-Garonne|32 Gers|33 Gironde|34 Hérault|35 Ille-et-Vilaine
|36 Indre|37 Indre-et-Loire|38 Isère|39 Jura|40 Landes|41 Loir-et-Cher|42 Loire|43 Haute-Loire
|44 Loire-Atlantique|45 Loiret|46 Lot|47 Lot-et-Garonne|48 Lozère|49 Maine-et-Loire|50 Manche
|51 Marne|52 Haute-Marne|53 Mayenne|54 Meurthe-et-Moselle|55 Meuse|56 Morbihan|57 Moselle
|58 Nièvre|59 Nord|60 Oise|61 Orne|62 Pas-de-Calais|63 Puy-de-Dôme|64 Pyrénées-Atlantiques
|65 Hautes-Pyrénées|66 Pyrénées-Orientales|67 Bas-Rhin|68 Haut-Rhin|69 Rhône|70 Haute-Saône
|71 Saône-et-Loire|72 Sarthe|73 Savoie|74 Haute-Savoie|75 Paris|76 Seine-Maritime
|77 Seine-et-Marne|78 Yvelines|79 Deux-Sèvres|80 Somme|81 Tarn|82 Tarn-et-Garonne|83 Var
|84 Vaucluse|85 Vendée|86 Vienne|87 Haute-Vienne|88 Vosges|89 Yonne|90 Territoire de Belfort
|91 Essonne|92 Hauts-de-Seine|93 Seine-Saint-Denis|94 Val-de-Marne|95 Val-d'Oise
|971 Guadeloupe|972 Martinique|973 Guyane|974 La Réunion|976 Mayotte
"""

_REGIONS = """
01 Guadeloupe|02 Martinique|03 Guyane|04 La Réunion|06 Mayotte|11 Île-de-France
|24 Centre-Val de Loire|27 Bourgogne-Franche-Comté|28 Normandie|32 Hauts-de-France|44 Grand Est
|52 Pays de la Loire|53 Bretagne|75 Nouvelle-Aquitaine|76 Occitanie|84 Auvergne-Rhône-Alpes
|93 Provence-Alpes-Côte d'Azur|94 Corse
"""

# Official name, SIREN (None where no source agreed), further names used in documents.
_METROPOLES: list[tuple[str, str | None, tuple[str, ...]]] = [
    ("Métropole du Grand Paris", "200054781", ()),
    ("Métropole d'Aix-Marseille-Provence", "200054807", ("Aix-Marseille-Provence",)),
    ("Métropole de Lyon", "200046977", ("Grand Lyon",)),
    ("Métropole européenne de Lille", None, ()),
    ("Toulouse Métropole", "243100518", ("Métropole de Toulouse",)),
    ("Bordeaux Métropole", "243300316", ("Métropole de Bordeaux",)),
    ("Nantes Métropole", "244400404", ("Métropole de Nantes",)),
    ("Métropole Nice Côte d'Azur", "200030195", ("Nice Côte d'Azur",)),
    ("Eurométropole de Strasbourg", "246700488", ("Métropole de Strasbourg",)),
    ("Montpellier Méditerranée Métropole", "243400017", ("Métropole de Montpellier",)),
    ("Rennes Métropole", "243500139", ("Métropole de Rennes",)),
    ("Grenoble-Alpes Métropole", "200040715", ("Métropole de Grenoble",)),
    ("Métropole Rouen Normandie", "200023414", ("Métropole de Rouen",)),
    ("Métropole Toulon Provence Méditerranée", "248300543",
     ("Toulon Provence Méditerranée", "Métropole de Toulon")),
    ("Métropole du Grand Nancy", "245400676", ("Grand Nancy",)),
    ("Metz Métropole", None, ("Métropole de Metz",)),
    ("Tours Métropole Val de Loire", "243700754", ("Métropole de Tours",)),
    ("Orléans Métropole", "244500468", ("Métropole d'Orléans",)),
    ("Dijon Métropole", "242100410", ("Métropole de Dijon",)),
    ("Clermont Auvergne Métropole", "246300701", ("Métropole de Clermont-Ferrand",)),
    ("Brest Métropole", "242900314", ("Métropole de Brest",)),
    ("Saint-Étienne Métropole", "244200770", ("Métropole de Saint-Étienne",)),
]

# Names a document may use for a département besides its official one.
_DEPARTEMENT_ALIASES = {
    "75": ("Ville de Paris",),
    "90": ("Belfort",),
    "974": ("Réunion",),
}
_REGION_ALIASES = {"04": ("Réunion",), "11": ("Ile de France",)}

# Aliases too common as words to be searched in running text (`Réunion` is also a meeting).
_LOOKUP_ONLY = {"reunion", "belfort"}

_KIND_ORDER = {DEPARTEMENT: 0, METROPOLE: 1, REGION: 2}
_LEADING_ARTICLE = re.compile(r"^(?:la|le|les|l|i|d|de|du|des)\s*'\s*|^(?:la|le|les|de|du|des)\s+")


def _parse_table(table: str, kind: str) -> list[Territory]:
    entries = (item.strip() for item in table.replace("\n", "").split("|"))
    return [Territory(kind, name, code) for code, name in
            (entry.split(" ", 1) for entry in entries if entry)]


TERRITORIES: tuple[Territory, ...] = (
    *_parse_table(_DEPARTEMENTS, DEPARTEMENT),
    *(Territory(METROPOLE, name, code) for name, code, _ in _METROPOLES),
    *_parse_table(_REGIONS, REGION),
)


def _aliases(territory: Territory) -> tuple[str, ...]:
    if territory.kind == METROPOLE:
        extra = next(aliases for name, _, aliases in _METROPOLES if name == territory.name)
    elif territory.kind == DEPARTEMENT:
        extra = _DEPARTEMENT_ALIASES.get(territory.code or "", ())
    else:
        extra = _REGION_ALIASES.get(territory.code or "", ())
    return (territory.name, *extra)


def key_of(name: str) -> str:
    """The comparison key of a name: folded, letters and digits only (`maineetloire`)."""
    return re.sub(r"[^a-z0-9]", "", fold(name))


def _strip_article(name: str) -> str:
    return _LEADING_ARTICLE.sub("", fold(name).strip(), count=1)


@lru_cache(maxsize=8)
def _index(kind: str | None) -> dict[str, list[Territory]]:
    index: dict[str, list[Territory]] = {}
    for territory in TERRITORIES:
        if kind is None or territory.kind == kind:
            for alias in _aliases(territory):
                index.setdefault(key_of(alias), []).append(territory)
    for territories in index.values():
        territories.sort(key=lambda t: _KIND_ORDER[t.kind])
    return index


def lookup(name: str, kind: str | None = None) -> Territory | None:
    """The territory called name (accent-, case-, hyphen-, apostrophe-insensitive; OCR-tolerant).

    Where a name is both a département and a région (`Guadeloupe`), the département wins
    unless kind says otherwise.
    """
    index = _index(kind)
    for candidate in (key_of(name), key_of(_strip_article(name))):
        if candidate in index:
            return index[candidate][0]
    return _fuzzy_lookup(key_of(_strip_article(name)), index)


def _fuzzy_lookup(key: str, index: dict[str, list[Territory]]) -> Territory | None:
    # Short keys are too ambiguous to repair (`Ain`, `Var`, `Lot`).
    if len(key) < 6:
        return None
    best = process.extractOne(key, list(index), scorer=fuzz.ratio, score_cutoff=88)
    return index[best[0]][0] if best else None


def _alias_pattern(alias: str) -> str:
    words = re.findall(r"[a-z0-9]+", fold(alias))
    return r"[\s\-']*".join(words)


@lru_cache(maxsize=8)
def _finder(kind: str | None) -> re.Pattern[str]:
    aliases = sorted(set(_index(kind)) - _LOOKUP_ONLY, key=len, reverse=True)
    patterns = {}
    for territory in TERRITORIES:
        if kind is None or territory.kind == kind:
            for alias in _aliases(territory):
                patterns.setdefault(key_of(alias), _alias_pattern(alias))
    alternatives = "|".join(patterns[key] for key in aliases)
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def _plausible(original: str) -> bool:
    """A one-word name (`Somme`, `Lot`, `Nord`) counts only capitalised: it is also a word."""
    if re.search(r"[\s\-'’]", original.strip()):
        return True
    return original[:1].isupper()


def find_territories(text: str, kind: str | None = None) -> list[TerritoryFound]:
    """Every territory named in text, in order; the longest name wins (`Haute-Loire`)."""
    index = _index(kind)
    found = []
    for match in _finder(kind).finditer(fold(text)):
        original = text[match.start():match.end()]
        if not _plausible(original):
            continue
        territory = index[key_of(original)][0]
        found.append(Extracted.at(territory, match.start(), match.end()))
    return found


_PHRASE = re.compile(
    r"(?P<keyword>conseil\s+departemental|conseil\s+general|departement|collectivite"
    r"|conseil\s+regional|region|metropole|eurometropole)(?![a-z])"
    r"(?:\s+(?:de\s+la|de\s+[li]\s*'|des|du|de|d\s*'))?\s*"
)
_KIND_OF_KEYWORD = {"region": REGION, "metropole": METROPOLE}


def find_territory_phrases(text: str) -> list[TerritoryFound]:
    """Territories named by an institutional phrase (`Département du Loiret`, `Métropole de
    Lyon`, `Conseil départemental de l'Allier`); the match spans the whole phrase."""
    folded = fold(text)
    found: list[TerritoryFound] = []
    for match in _PHRASE.finditer(folded):
        if found and match.start() < found[-1].end:
            continue
        phrase = _territory_after(text, match)
        if phrase is not None:
            found.append(phrase)
    return found


def _territory_after(text: str, match: re.Match[str]) -> TerritoryFound | None:
    keyword = re.sub(r"\s+", " ", match.group("keyword")).split(" ")[-1]
    wanted = next((kind for word, kind in _KIND_OF_KEYWORD.items() if word in keyword),
                  DEPARTEMENT)
    # The phrase itself may be a métropole's name (`Métropole de Lyon`).
    for candidate in find_territories(text[match.start():match.start() + 80]):
        if candidate.start == 0 and candidate.value.kind == METROPOLE:
            return Extracted.at(candidate.value, match.start(), match.start() + candidate.end)
    window = text[match.end():match.end() + 60]
    first = len(window) - len(window.lstrip())
    for candidate in find_territories(window, kind=wanted):
        if candidate.start == first:
            return Extracted.at(candidate.value, match.start(), match.end() + candidate.end)
    return None


def territory_of_phrase(text: str) -> Territory | None:
    """The territory of the first institutional phrase in text (`Département du Loiret`)."""
    found = find_territory_phrases(text)
    return found[0].value if found else None


# INSEE code of each région and the départements it holds (régions since 2016).
_DEPARTEMENTS_OF_REGION = {
    "84": "01 03 07 15 26 38 42 43 63 69 73 74", "27": "21 25 39 58 70 71 89 90",
    "53": "22 29 35 56", "24": "18 28 36 37 41 45", "94": "2A 2B",
    "44": "08 10 51 52 54 55 57 67 68 88", "32": "02 59 60 62 80",
    "11": "75 77 78 91 92 93 94 95", "28": "14 27 50 61 76",
    "75": "16 17 19 23 24 33 40 47 64 79 86 87",
    "76": "09 11 12 30 31 32 34 46 48 65 66 81 82", "52": "44 49 53 72 85",
    "93": "04 05 06 13 83 84", "01": "971", "02": "972", "03": "973", "04": "974", "06": "976",
}
_REGION_OF = {dep: region for region, deps in _DEPARTEMENTS_OF_REGION.items()
              for dep in deps.split()}


def region_of(kind: str | None, code: str | None) -> Territory | None:
    """The région of a département (its code), or the région itself."""
    regions = {t.code: t for t in TERRITORIES if t.kind == REGION}
    if kind == REGION:
        return regions.get(code or "")
    return regions.get(_REGION_OF.get(code or "", ""))
