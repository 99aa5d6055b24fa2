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


def entity_table(entity_rows: EntityRows, lexicon: Lexicon) -> EntityTable:
    """One pass over every article's local entities, in doc_id order -> the entity table."""
    intern = sys.intern
    people: list[tuple[str, LocalEntity]] = []
    agreements: list[tuple[str, LocalEntity]] = []
    lone_words: list[tuple[str, LocalEntity]] = []
    keyed: dict[tuple[str, str], Cluster] = {}
    doc_keys: dict[str, frozenset[str]] = {}
    key_sets: dict[frozenset[str], frozenset[str]] = {}  # equal sets of keys shared: most articles name the same few states
    settle()  # these grow with the corpus: kept out of the collector's full scans (kg.heap)
    for doc_id, local_entities in entity_rows:
        doc_id = intern(doc_id)
        for entity in local_entities:
            if entity.kind == "Person":
                people.append((doc_id, _kept(entity)))
            elif entity.kind == "Agreement":
                agreements.append((doc_id, _kept(entity)))
            elif entity.kind == "Organization" and _lone_word(entity):
                lone_words.append((doc_id, _kept(entity)))
            elif entity.kind in KEYED_KINDS or entity.kind == "Organization":
                _tally(keyed, doc_id, entity)
        article_keys = frozenset(intern(e.key) for e in local_entities if e.key)
        doc_keys[doc_id] = key_sets.setdefault(article_keys, article_keys)

    person_list = person_clusters(people)
    del people
    # the first person cluster of each key (a lookup, not a scan of every person per organisation: quadratic at 100,000 articles)
    person_of_key: dict[str, Cluster] = {}
    for cluster in person_list:
        person_of_key.setdefault(person_key(cluster.members[0][1].name), cluster)
    # a lone capitalised word tagged ORG is a person when a person of that name exists
    for doc_id, entity in lone_words:
        if person_key(entity.name) in person_of_key:
            person_of_key[person_key(entity.name)].members.append((doc_id, entity))
        elif not (entity.maybe_person and maybe_person_only(entity)):
            _tally(keyed, doc_id, entity)
    del lone_words, person_of_key

    keys = sorted(keyed)
    first_keyed = len(person_list)
    clusters: list[Cluster] = [*person_list, *(keyed[k] for k in keys)]
    clusters += agreement_clusters(agreements, doc_keys, lexicon)
    del person_list, agreements
    entities, iris, linked = make_entities(clusters, lexicon, doc_keys)
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

