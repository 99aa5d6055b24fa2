"""Resolution's first pass: every article's local entities -> the entity table, and the way back from a local entity to its IRI.

Lexicon entities are identified by their lexicon id. People are grouped by
the transliteration key of their surname, with compatible given names; a
lone surname joins the one full name that fits it; a surname one letter off
a known one joins it only when both carry the same title (a typo is the
likely story then, a different person otherwise). Unnamed minerals deals
merge when their parties overlap.

Why the table keeps so little: at 100,000 articles there are 1.75 million
local entities. Only people, deals and the lone words that may be people
are kept until they are clustered (they are told apart by comparing them);
states, minerals, places and other bodies are counted into their cluster as
they are read (:meth:`kg.resolve.cluster.Cluster.add`). Afterwards the table
remembers one IRI per kept local entity and one per keyed cluster, and
:meth:`EntityTable.iris` finds an article's IRIs again when its facts are
rewritten (the article's entities are read once more from the store).
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from kg.heap import settle
from kg.lexicon.names import name_tokens, person_key
from kg.lexicon.tables import KnownPerson, Lexicon
from kg.resolve.agreements import agreement_clusters
from kg.resolve.cluster import Cluster, LocalRef
from kg.resolve.entities import make_entities, maybe_person_only
from kg.resolve.people import person_clusters
from kg.types import Entity, LocalEntity

#: (doc_id, that article's local entities): what the first pass reads per article, in doc_id order.
EntityRows = Iterable[tuple[str, tuple[LocalEntity, ...]]]
#: Kinds clustered by key or local id, counted rather than kept.
KEYED_KINDS = ("State", "Mineral", "Place")


@dataclass
class EntityTable:
    """The resolved entities, and what finds a local entity's IRI again.

    ``member_iri`` holds the IRI of each kept local entity (people, deals,
    lone words that joined a person), ``keyed_iri`` the IRI of each keyed
    cluster by (kind, cluster key); ``linked`` the gazetteer person of each
    person entity that has one.
    """

    entities: dict[str, Entity]
    member_iri: dict[LocalRef, str]
    keyed_iri: dict[tuple[str, str], str]
    linked: dict[str, KnownPerson]

    def iri(self, doc_id: str, entity: LocalEntity) -> str | None:
        """The IRI ``entity`` of article ``doc_id`` resolved to, or None (a lone word no person fits, an unknown kind)."""
        held = self.member_iri.get((doc_id, entity.local_id))
        if held is not None or entity.kind in ("Person", "Agreement"):
            return held
        if entity.kind in KEYED_KINDS:
            return self.keyed_iri.get((entity.kind, cluster_key(entity)))
        if entity.kind == "Organization":
            if entity.key is None and entity.maybe_person and maybe_person_only(entity):
                return None  # kept only as a possible person, and none fits
            return self.keyed_iri.get(("Organization", cluster_key(entity)))
        return None

    def iris(self, doc_id: str, local_entities: Iterable[LocalEntity]) -> dict[str, str]:
        """local_id -> IRI for the local entities of one article that resolved."""
        found = {}
        for entity in local_entities:
            iri = self.iri(doc_id, entity)
            if iri is not None:
                found[entity.local_id] = iri
        return found


def cluster_key(entity: LocalEntity) -> str:
    """The key a keyed cluster is found by: the lexicon id, else the local id (a place: always its local id)."""
    return entity.local_id if entity.kind == "Place" else entity.key or entity.local_id


def _lone_word(entity: LocalEntity) -> bool:
    """An organisation that may be a person: a single unknown word ("Bessent" tagged ORG)."""
    return entity.key is None and len(name_tokens(entity.name)) == 1


def _kept(entity: LocalEntity) -> LocalEntity:
    """``entity`` with its strings interned, to be kept until clustered.

    Why: each is decoded from JSON with fresh strings, and a name, its forms
    and the titles people share ("Minister of Mines") repeat across hundreds
    of thousands of kept entities at 100,000 articles.
    """
    intern, strings = sys.intern, _interned_all
    return dataclasses.replace(
        entity,
        local_id=intern(entity.local_id),
        kind=intern(entity.kind),
        name=intern(entity.name),
        forms=strings(entity.forms),
        parties=strings(entity.parties),
        topic=intern(entity.topic),
        agreement_kind=intern(entity.agreement_kind),
        signatories=strings(entity.signatories),
        titles=strings(entity.titles),
        descriptions=strings(entity.descriptions),
    )


def _interned_all(texts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sys.intern(t) for t in texts) if texts else ()


class Keep:
    """Which local entities a first pass keeps: every one (a local build), or one partition's (:mod:`kg.resolve.partition`)."""

    agreements = True

    def person(self, key: str) -> bool:
        """A person (or a lone word, that may join one) of this person key."""
        return True

    def lone(self, key: str) -> bool:
        """A lone word of this person key (it joins a person of that key, or is a body: :func:`join_lone_words`)."""
        return True

    def keyed(self, kind: str, key: str) -> bool:
        """A state, mineral, place or body of this cluster key (a lone word no person fits too, once people are clustered)."""
        return True


@dataclass
class Gathered:
    """What one pass over the local entities keeps: people, deals and lone words to cluster, the keyed clusters counted, each article's keys."""

    people: list[tuple[str, LocalEntity]]
    agreements: list[tuple[str, LocalEntity]]
    lone_words: list[tuple[str, LocalEntity]]
    keyed: dict[tuple[str, str], Cluster]
    doc_keys: dict[str, frozenset[str]]


def gather(entity_rows: EntityRows, keep: Keep | None = None) -> Gathered:
    """One pass over every article's local entities, in doc_id order: those ``keep`` keeps, kept or counted."""
    keep = keep or Keep()
    intern = sys.intern
    found = Gathered([], [], [], {}, {})
    key_sets: dict[frozenset[str], frozenset[str]] = {}  # equal sets of keys shared: most articles name the same few states
    settle()  # these grow with the corpus: kept out of the collector's full scans (kg.heap)
    for doc_id, local_entities in entity_rows:
        doc_id = intern(doc_id)
        for entity in local_entities:
            if entity.kind == "Person":
                if keep.person(person_key(entity.name)):
                    found.people.append((doc_id, _kept(entity)))
            elif entity.kind == "Agreement":
                if keep.agreements:
                    found.agreements.append((doc_id, _kept(entity)))
            elif entity.kind == "Organization" and _lone_word(entity):
                if keep.lone(person_key(entity.name)):
                    found.lone_words.append((doc_id, _kept(entity)))
            elif (entity.kind in KEYED_KINDS or entity.kind == "Organization") and keep.keyed(entity.kind, cluster_key(entity)):
                _tally(found.keyed, doc_id, entity)
        article_keys = frozenset(intern(e.key) for e in local_entities if e.key)
        found.doc_keys[doc_id] = key_sets.setdefault(article_keys, article_keys)
    return found


def join_lone_words(person_list: list[Cluster], lone_words: list[tuple[str, LocalEntity]]) -> list[tuple[str, LocalEntity]]:
    """A lone capitalised word tagged ORG is a person when a person of that name exists: it joins the first such cluster.

    Returns the lone words no person fits, in order (they are bodies, or dropped: :func:`tally_unfitted`).
    """
    # the first person cluster of each key (a lookup, not a scan of every person per organisation: quadratic at 100,000 articles)
    person_of_key: dict[str, Cluster] = {}
    for cluster in person_list:
        person_of_key.setdefault(person_key(cluster.members[0][1].name), cluster)
    unfitted = []
    for doc_id, entity in lone_words:
        if person_key(entity.name) in person_of_key:
            person_of_key[person_key(entity.name)].members.append((doc_id, entity))
        else:
            unfitted.append((doc_id, entity))
    return unfitted


def tally_unfitted(keyed: dict[tuple[str, str], Cluster], unfitted: Iterable[tuple[str, LocalEntity]], keep: Keep | None = None) -> None:
    """The lone words no person fits: a body, unless kept only as a possible person."""
    keep = keep or Keep()
    for doc_id, entity in unfitted:
        if not (entity.maybe_person and maybe_person_only(entity)) and keep.keyed(entity.kind, cluster_key(entity)):
            _tally(keyed, doc_id, entity)


def entity_table(entity_rows: EntityRows, lexicon: Lexicon) -> EntityTable:
    """One pass over every article's local entities, in doc_id order -> the entity table."""
    found = gather(entity_rows)
    person_list = person_clusters(found.people)
    found.people.clear()
    tally_unfitted(found.keyed, join_lone_words(person_list, found.lone_words))
    found.lone_words.clear()

    keyed = found.keyed
    keys = sorted(keyed)
    first_keyed = len(person_list)
    clusters: list[Cluster] = [*person_list, *(keyed[k] for k in keys)]
    clusters += agreement_clusters(found.agreements, found.doc_keys, lexicon)
    del person_list
    found.agreements.clear()
    entities, iris, linked = make_entities(clusters, lexicon, found.doc_keys)
    member_iri: dict[LocalRef, str] = {}
    for cluster, iri in zip(clusters, iris, strict=True):
        for doc_id, entity in cluster.members:
            member_iri[(doc_id, entity.local_id)] = iri
    keyed_iri = {k: iris[first_keyed + i] for i, k in enumerate(keys)}
    return EntityTable(entities, member_iri, keyed_iri, linked)


def _tally(keyed: dict[tuple[str, str], Cluster], doc_id: str, entity: LocalEntity) -> None:
    key = cluster_key(entity)
    cluster = keyed.get((entity.kind, key))
    if cluster is None:
        cluster = keyed[(entity.kind, key)] = Cluster(entity.kind, key=entity.key)
    cluster.add(doc_id, entity)

