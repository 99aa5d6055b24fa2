"""Sub-national regions of the world, from ISO 3166-2 (pycountry): which state a province lies in.

World knowledge any user wants shipped: "Balochistan", "Western Australia",
"Erongo", "Copperbelt" are provinces, states and regions of known countries.
kg uses the table to type such a name as a Place (whatever the NER thought)
and to say which state it lies in when the text names that state nearby.

Only names that cannot be mistaken are kept: a name that is also a country,
a capital or a demonym in kg's lexicon, a compass or generic word ("Central",
"Northern"), or a name shared by regions of two countries ("Punjab") is
dropped or kept without a country. Names are matched accent- and
case-insensitively, and a region's name is also known without its type word
("Chagai District" and "Chagai").

>>> table = load_regions()
>>> table.country_of("Balochistan")
'PK'
>>> table.country_of("Central") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.lexicon.tables import Lexicon, load_lexicon, normalise

#: Names too generic to mean a region on their own.
_GENERIC = frozenset(
    {
        "central", "northern", "southern", "eastern", "western", "north", "south", "east", "west", "capital",
        "coast", "coastal", "lakes", "islands", "mountain", "river", "valley", "upper", "lower", "centre", "center",
        "north-western", "north-eastern", "south-western", "south-eastern", "northwest", "northeast", "southwest",
        "southeast", "interior", "plateau", "highlands", "lowlands", "littoral", "maritime", "savannah", "savanes",
        "est", "ouest", "nord", "sud", "centre-est", "centre-nord", "centre-sud", "centre-ouest", "haut", "bas",
        "new", "san", "santa", "saint", "la", "le", "el", "al", "de", "georgia", "victoria", "washington",
        "mexico", "district", "province", "region", "state", "city", "federal", "national", "special",
    }
)  # fmt: skip
_TYPE_WORDS = re.compile(
    r"\s+(?:district|province|region|state|county|prefecture|governorate|department|oblast|okrug|territory|municipality)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Regions:
    """Region names (normalised) -> ISO country codes (alpha-2); an ambiguous name maps to ``None``."""

    countries: dict[str, str | None]
    states: dict[str, str]  # ISO alpha-2 -> kg's lexicon key of the state

    def country_of(self, name: str) -> str | None:
        """The ISO alpha-2 code of the one country that has a region of this name ("Lualaba" or "Lualaba province")."""
        return self.countries.get(normalise(name), self.countries.get(normalise(_TYPE_WORDS.sub("", name))))

    def state_of(self, name: str) -> str | None:
        """kg's lexicon key of the one state that has a region of this name ("balochistan" -> "pakistan")."""
        code = self.country_of(name)
        return self.states.get(code) if code else None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (normalise(name) in self.countries or normalise(_TYPE_WORDS.sub("", name)) in self.countries)


#: Regions larger than a state or across states: places of no single state (the annotation rules' optional Places).
WORLD_REGIONS = (
    "Africa", "Europe", "Asia", "Oceania", "Antarctica", "Arctic", "Latin America", "South America", "North America",
    "Central America", "Caribbean", "Middle East", "Near East", "Gulf region", "Sahel", "Maghreb", "Horn of Africa",
    "West Africa", "East Africa", "Central Africa", "Southern Africa", "North Africa", "Sub-Saharan Africa",
    "Central Asia", "South Asia", "Southeast Asia", "East Asia", "Indo-Pacific", "Asia-Pacific", "Balkans",
    "Western Balkans", "Caucasus", "South Caucasus", "North Caucasus", "Scandinavia", "Nordic region", "Baltic region",
    "Eastern Europe", "Western Europe", "Central Europe", "Andes", "Amazon", "Patagonia", "Siberia", "Lithium Triangle",
    "Copperbelt", "Great Lakes region", "Pacific Islands", "Pacific", "Atlantic", "Indian Ocean", "South China Sea",
)  # fmt: skip


@cache
def load_regions() -> Regions:
    """The table, built once per process from pycountry's ISO 3166-2 data, kg's lexicon and :data:`WORLD_REGIONS`."""
    import pycountry

    rows = [(s.name, s.country_code) for s in pycountry.subdivisions]
    lexicon = load_lexicon()
    return build_regions(rows, lexicon, WORLD_REGIONS + territories(lexicon))


def territories(lexicon: Lexicon) -> tuple[str, ...]:
    """ISO 3166-1 entries that are no state of kg's lexicon: Greenland, Puerto Rico, New Caledonia ... (Places, annotation rules)."""
    import pycountry

    states = {entry.iso2 for entry in lexicon.entries.values() if entry.kind == "State" and entry.iso2}
    names: list[str] = []
    for country in pycountry.countries:
        if country.alpha_2 in states:
            continue
        names.append(country.name)
        common = getattr(country, "common_name", None)
        if common:
            names.append(common)
    return tuple(sorted(names))


def build_regions(rows: object, lexicon: Lexicon, world: tuple[str, ...] = ()) -> Regions:
    """Build the table from ``(name, country code)`` rows, dropping names that cannot be trusted; ``world`` regions have no state."""
    taken = set(lexicon.surface)  # states, capitals, demonyms, organisations, minerals
    countries: dict[str, str | None] = {}
    for name, code in rows:  # type: ignore[attr-defined]
        for variant in {name, _TYPE_WORDS.sub("", name)}:
            key = normalise(variant)
            if len(key) < 4 or key in _GENERIC or key in taken:
                continue
            if key in countries and countries[key] != code:
                countries[key] = None  # two countries have it: a place, but of no known state
            else:
                countries[key] = code
    for name in world:
        key = normalise(name)
        if key not in taken:
            countries[key] = None
    states = {entry.iso2: key for key, entry in lexicon.entries.items() if entry.kind == "State" and entry.iso2}
    return Regions(countries, states)
