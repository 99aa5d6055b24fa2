"""World knowledge shipped with kg: states, organizations, minerals, titles.

The tables are JSON files in ``kg/lexicon/data/``, loaded once on first use and
checked on load, so a broken edit fails with the file and the entry named
instead of producing a silently wrong graph.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any, TypeVar, cast

from kg.lexicon.names import name_tokens, person_key, translit_key

T = TypeVar("T")

DATA_PACKAGE = "kg.lexicon.data"
WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")


class LexiconError(ValueError):
    """A shipped data file is malformed."""


@dataclass(frozen=True)
class LexiconEntry:
    """A known entity: a state, an organization or a mineral."""

    key: str
    kind: str  # "State" | "Organization" | "Mineral"
    label: str
    wikidata: str | None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    country: str | None = None  # organizations: the state they belong to
    group: str | None = None  # minerals: the group they belong to (rare earths)
    org_kind: str | None = None
    iso2: str | None = None  # states: ISO 3166-1 alpha-2 code
    archipelago: bool = False  # states: made of islands ("the archipelago" can stand for it)
    regional_demonyms: tuple[str, ...] = ()  # states: demonyms that as often name a region ("the Central African Copperbelt")
    bare_name: str | None = None  # organisations: the bare head an article names it by ("the Commission") ...
    bare_context: tuple[str, ...] = ()  # ... once the article names one of these entries (the EU, its Parliament)


@dataclass(frozen=True)
class Position:
    title: str
    of: str  # lexicon key of the state or organisation
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class KnownPerson:
    """A public figure from the shipped gazetteer (heads of state and government, IGO heads)."""

    key: str
    label: str
    wikidata: str | None
    aliases: tuple[str, ...]
    positions: tuple[Position, ...]


@dataclass(frozen=True)
class Lexicon:
    """All shipped world knowledge, indexed for lookup."""

    entries: dict[str, LexiconEntry]
    categories: frozenset[str]
    titles: dict[str, Any] = field(default_factory=dict)
    relations: dict[str, Any] = field(default_factory=dict)
    #: normalised surface form -> [(key, role)], role "name" | "demonym" | "capital"
    surface: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    people: dict[str, KnownPerson] = field(default_factory=dict)
    #: gazetteer people by full-name key and by surname key (see kg.lexicon.names)
    people_by_name: dict[str, tuple[KnownPerson, ...]] = field(default_factory=dict)
    people_by_surname: dict[str, tuple[KnownPerson, ...]] = field(default_factory=dict)
    #: vocabularies rules derive from the data, made once (see :meth:`derived`)
    _derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def derived(self, name: str, make: Callable[[Lexicon], T]) -> T:
        """``make(self)``, computed on the first call for ``name`` and kept.

        Rules ask for sets built from the data (office words, trigger
        lemmas) for every block or sentence; building them each time cost
        more than applying them.
        """
        if name not in self._derived:
            self._derived[name] = make(self)
        return cast(T, self._derived[name])

    def get(self, key: str | None) -> LexiconEntry | None:
        return self.entries.get(key) if key else None

    def lookup(self, text: str, roles: tuple[str, ...] = ("name",)) -> LexiconEntry | None:
        """The entry a surface form names, if exactly one entry fits."""
        hits = {key for key, role in self.surface.get(normalise(text), []) if role in roles}
        return self.entries[hits.pop()] if len(hits) == 1 else None

    def is_category(self, text: str) -> bool:
        return normalise(text) in self.categories


@lru_cache(maxsize=1 << 14)
def normalise(text: str) -> str:
    """Case-, accent-, dot- and apostrophe-insensitive form of a name.

    Kept for the last 16,384 texts: the mention rules ask it of the same
    names and spans again and again (every lexicon lookup does), and the
    Unicode decomposition costs more than the rule that asks.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("’", "'").replace(".", "")
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[\s\-–—]+", " ", text).strip()


def _surface_index(entries: dict[str, LexiconEntry]) -> dict[str, list[tuple[str, str]]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for entry in entries.values():
        for role, forms in (("name", (entry.label, *entry.aliases)), ("demonym", entry.demonyms), ("capital", entry.capitals)):
            for form in forms:
                index.setdefault(normalise(form), []).append((entry.key, role))
    return index


def _read(name: str) -> Any:
    try:
        return json.loads(resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"kg/lexicon/data/{name}: missing from the installed package") from None
    except json.JSONDecodeError as exc:
        raise LexiconError(f"kg/lexicon/data/{name}: invalid JSON at line {exc.lineno}: {exc.msg}") from None


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{where}: expected a list of non-empty strings")
    return tuple(value)


def _entry(raw: Any, kind: str, file: str, index: int) -> LexiconEntry:
    where = f"kg/lexicon/data/{file}: entry {index}"
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: expected an object")
    for required in ("id", "label"):
        if not isinstance(raw.get(required), str) or not raw[required].strip():
            raise LexiconError(f"{where}: missing {required!r}")
    where = f"kg/lexicon/data/{file}: {raw['id']!r}"
    wikidata = raw.get("wikidata") or None
    if wikidata is not None and not (isinstance(wikidata, str) and WIKIDATA_ID.match(wikidata)):
        raise LexiconError(f"{where}: wikidata id {wikidata!r} is not of the form Q123")
    return LexiconEntry(
        key=raw["id"],
        kind=kind,
        label=raw["label"],
        wikidata=wikidata,
        aliases=_strings(raw.get("aliases"), where),
        demonyms=_strings(raw.get("demonyms"), where),
        capitals=_strings(raw.get("capitals") or raw.get("seats"), where),
        country=raw.get("country") or None,
        group=raw.get("group") or None,
        org_kind=raw.get("kind") or None,
        iso2=raw.get("iso2") or None,
        archipelago=raw.get("archipelago") is True,
        regional_demonyms=_strings(raw.get("regional_demonyms"), where),
        bare_name=raw.get("bare_name") or None,
        bare_context=_strings(raw.get("bare_context"), where),
    )


def _people(rows: Any, entries: dict[str, LexiconEntry]) -> dict[str, KnownPerson]:
    if not isinstance(rows, list):
        raise LexiconError("kg/lexicon/data/people.json: expected a list of entries")
    people: dict[str, KnownPerson] = {}
    for index, raw in enumerate(rows):
        entry = _entry(raw, "Person", "people.json", index)
        positions = []
        for position in raw.get("positions") or []:
            if not isinstance(position, dict) or position.get("of") not in entries or not isinstance(position.get("title"), str):
                raise LexiconError(f"kg/lexicon/data/people.json: {entry.key!r}: bad position {position!r}")
            positions.append(Position(position["title"], position["of"], position.get("from"), position.get("to")))
        if entry.key in people:
            raise LexiconError(f"kg/lexicon/data/people.json: duplicate id {entry.key!r}")
        people[entry.key] = KnownPerson(entry.key, entry.label, entry.wikidata, entry.aliases, tuple(positions))
    return people


def full_name_key(name: str) -> str:
    """Key of a full name, equal across transliterations ("Volodymyr Zelensky" / "Zelenskyy")."""
    return " ".join(translit_key(t) for t in name_tokens(name) if t.lower().strip(".") not in ("jr", "sr"))


def _people_index(people: dict[str, KnownPerson]) -> tuple[dict[str, tuple[KnownPerson, ...]], dict[str, tuple[KnownPerson, ...]]]:
    by_name: dict[str, list[KnownPerson]] = {}
    by_surname: dict[str, list[KnownPerson]] = {}
    for person in people.values():
        for name in sorted({person.label, *person.aliases}):
            hits = by_name.setdefault(full_name_key(name), [])
            if person not in hits:
                hits.append(person)
        by_surname.setdefault(person_key(person.label), []).append(person)
    return {k: tuple(v) for k, v in by_name.items()}, {k: tuple(v) for k, v in by_surname.items()}


@cache
def load_lexicon() -> Lexicon:
    """Load and check every shipped table (once per process)."""
    entries: dict[str, LexiconEntry] = {}
    minerals = _read("minerals.json")
    tables = (
        ("states.json", "State", _read("states.json")),
        ("organizations.json", "Organization", _read("organizations.json")),
        ("minerals.json", "Mineral", minerals.get("minerals") if isinstance(minerals, dict) else None),
    )
    for file, kind, rows in tables:
        if not isinstance(rows, list):
            raise LexiconError(f"kg/lexicon/data/{file}: expected a list of entries")
        for index, raw in enumerate(rows):
            entry = _entry(raw, kind, file, index)
            if entry.key in entries:
                raise LexiconError(f"kg/lexicon/data/{file}: duplicate id {entry.key!r}")
            entries[entry.key] = entry
    for entry in entries.values():
        if entry.country and entries.get(entry.country) is None:
            raise LexiconError(f"kg/lexicon/data/organizations.json: {entry.key!r} names unknown country {entry.country!r}")
    categories = frozenset(normalise(c) for c in _strings(minerals.get("categories"), "kg/lexicon/data/minerals.json: categories"))
    titles = _read("titles.json")
    relations = _read("relations.json")
    for name, table in (("titles.json", titles), ("relations.json", relations)):
        if not isinstance(table, dict):
            raise LexiconError(f"kg/lexicon/data/{name}: expected an object")
    people = _people(_read("people.json"), entries)
    by_name, by_surname = _people_index(people)
    return Lexicon(
        people=people,
        people_by_name=by_name,
        people_by_surname=by_surname,
        entries=entries,
        categories=categories,
        titles=titles,
        relations=relations,
        surface=_surface_index(entries),
    )
