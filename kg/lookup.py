"""Finding an entity by what people call it: one lookup for ``kg explain`` and the library.

A user types "Widodo", "usa", "Zelensky", "Kyiv" or an IRI; the graph holds
"Joko Widodo", "United States" (Wikidata Q30), "Volodymyr Zelenskyy" and
``kgr:place/kyiv``. :func:`rank_matches` ranks every entity that the text can
name, best first, by how it matches:

====  ==============  ================================================================
rank  how             example
====  ==============  ================================================================
0     IRI             ``https://w3id.org/mineral-kg/id/state/ukraine``, ``kgr:state/ukraine``
1     name            "united states" (the canonical label, any case or accents)
2     alias           "US", "Zelensky" (a surface form the articles use)
3     known as        "USA", "American", "Zelenskiy": kg's lexicon or a transliteration
4     surname         "Widodo" for Joko Widodo
5     part of a name  "minerals agreement" for "Ukraine–United States minerals agreement"
====  ==============  ================================================================

Names compare with :func:`kg.lexicon.tables.normalise` (case, accents,
dots, apostrophes, a leading "the"). Ties within a rank go to the entity
mentioned in more articles, then by label. A lookup that must give one
entity (:func:`best_match`) refuses a tie at the top instead of guessing.

>>> people = [Candidate("kgr:person/joko-widodo", "Person", "Joko Widodo", ("Jokowi",))]
>>> [m.how for m in rank_matches("widodo", people)], [m.how for m in rank_matches("JOKOWI", people)]
(['surname'], ['alias'])
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.lexicon.names import name_tokens, person_key
from kg.lexicon.tables import full_name_key, load_lexicon, normalise

HOW = ("IRI", "name", "alias", "known as", "surname", "part of a name")
"""How a match was made, by rank (lower is better)."""

PREFIXES = {
    "kgr:": "https://w3id.org/mineral-kg/id/",
    "kgo:": "https://w3id.org/mineral-kg/ontology#",
    "wd:": "http://www.wikidata.org/entity/",
}
"""Prefixed names a user may type for an IRI (kg's own prefixes, as ``kg query`` prints them)."""


@dataclass(frozen=True)
class Candidate:
    """What the lookup needs to know of one entity (built from a ``KnowledgeGraph`` or an RDF graph).

    Attributes:
        iri: the entity's IRI.
        kind: its class ("Person", "State", ...).
        label: its canonical name.
        aliases: every other name the articles use.
        wikidata: its Wikidata id (``Q30``), when linked; lets the lexicon's names reach it.
        articles: how many articles mention it (breaks ties: the better-known entity first).
    """

    iri: str
    kind: str
    label: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    articles: int = 0


@dataclass(frozen=True)
class Match:
    """One entity a name can mean, and how (``rank`` indexes :data:`HOW`)."""

    candidate: Candidate
    rank: int

    @property
    def how(self) -> str:
        return HOW[self.rank]


class AmbiguousNameError(LookupError):
    """A name that must pick one entity fits several equally well; ``matches`` holds them, best first."""

    def __init__(self, name: str, matches: Sequence[Match]) -> None:
        self.name = name
        self.matches = tuple(matches)
        top = [m for m in matches if m.rank == matches[0].rank]
        listed = "; ".join(f"{m.candidate.label} ({m.candidate.kind}) <{m.candidate.iri}>" for m in top[:8])
        more = f"; and {len(top) - 8} more" if len(top) > 8 else ""
        super().__init__(f"{name!r} names {len(top)} entities ({HOW[matches[0].rank]}): {listed}{more}. Pass the IRI or a fuller name")

    def __str__(self) -> str:
        return str(self.args[0])


def expand_iri(text: str) -> str:
    """A prefixed name (``kgr:state/ukraine``) as a full IRI; anything else as it is.

    >>> expand_iri("kgr:state/ukraine")
    'https://w3id.org/mineral-kg/id/state/ukraine'
    >>> expand_iri("<https://example.org/x>")
    'https://example.org/x'
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    for prefix, namespace in PREFIXES.items():
        if text.startswith(prefix):
            return namespace + text[len(prefix) :].replace("\\/", "/")
    return text


def _known_as(name: str) -> tuple[set[str], set[str]]:
    """Wikidata ids and normalised labels of what kg's lexicon says ``name`` means ("USA" -> Q30, "united states")."""
    lexicon = load_lexicon()
    wikidata: set[str] = set()
    labels: set[str] = set()
    for key, role in lexicon.surface.get(normalise(name), []):
        if role in ("name", "demonym"):
            entry = lexicon.entries[key]
            labels.add(normalise(entry.label))
            if entry.wikidata:
                wikidata.add(entry.wikidata)
    for person in lexicon.people_by_name.get(full_name_key(name), ()):
        labels.add(normalise(person.label))
        if person.wikidata:
            wikidata.add(person.wikidata)
    return wikidata, labels


def _rank(name: str, wanted: str, candidate: Candidate, known: tuple[set[str], set[str]], single_word: bool) -> int | None:
    """The rank of ``candidate`` for the typed ``name`` (``wanted`` is its normalised form), or None."""
    iri = expand_iri(name)
    if iri == candidate.iri:
        return 0
    label = normalise(candidate.label)
    if wanted == label:
        return 1
    aliases = [normalise(a) for a in candidate.aliases]
    if wanted in aliases:
        return 2
    wikidata, labels = known
    if (candidate.wikidata and candidate.wikidata in wikidata) or label in labels:
        return 3
    if candidate.kind == "Person" and len(name_tokens(name)) > 1:
        names = (candidate.label, *candidate.aliases)
        if full_name_key(name) in {full_name_key(n) for n in names}:
            return 3  # a transliteration of the full name: "Yuliia Svyrydenko"
    if candidate.kind == "Person" and single_word and person_key(name) and person_key(name) in {
        person_key(n) for n in (candidate.label, *candidate.aliases) if len(name_tokens(n)) > 1
    }:
        return 4
    pattern = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    if any(pattern.search(n) for n in (label, *aliases)):
        return 5
    return None


def rank_matches(name: str, candidates: Iterable[Candidate]) -> list[Match]:
    """Every candidate ``name`` can mean, best first (see the module notes for the ranks).

    An empty or blank name matches nothing.
    """
    wanted = normalise(name)
    if not wanted:
        return []
    known = _known_as(name)
    single_word = len(name_tokens(name)) == 1
    found = []
    for candidate in candidates:
        rank = _rank(name, wanted, candidate, known, single_word)
        if rank is not None:
            found.append(Match(candidate, rank))
    found.sort(key=lambda m: (m.rank, -m.candidate.articles, m.candidate.label, m.candidate.iri))
    return found


def top_matches(matches: Sequence[Match]) -> list[Match]:
    """The matches that share the best rank (several: the name is ambiguous)."""
    return [m for m in matches if m.rank == matches[0].rank] if matches else []


def best_match(name: str, candidates: Iterable[Candidate]) -> Candidate | None:
    """The one entity ``name`` means, or None when it means none.

    Raises:
        AmbiguousNameError: several entities fit equally well (the message lists them).
    """
    matches = rank_matches(name, candidates)
    top = top_matches(matches)
    if len(top) > 1:
        raise AmbiguousNameError(name, matches)
    return top[0].candidate if top else None


def suggestions(name: str, candidates: Iterable[Candidate], limit: int = 3) -> list[str]:
    """Labels close to a name that matched nothing (for "did you mean" in messages).

    >>> suggestions("Zelenskii", [Candidate("x", "Person", "Volodymyr Zelenskyy", ("Zelenskyy",))])
    ['Volodymyr Zelenskyy']
    """
    by_name: dict[str, str] = {}
    for candidate in candidates:
        for text in (candidate.label, *candidate.aliases):
            by_name.setdefault(normalise(text), candidate.label)
    close = difflib.get_close_matches(normalise(name), list(by_name), n=limit * 3, cutoff=0.75)
    return list(dict.fromkeys(by_name[c] for c in close))[:limit]
