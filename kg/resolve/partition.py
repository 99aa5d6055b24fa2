"""Resolution's first pass in parts that need not see each other, and the IRIs minted afterwards in the one order of a whole pass.

Why it can be cut: :func:`kg.resolve.entity_table.entity_table` clusters
three kinds of local entity that never join each other's clusters, and
within each kind only some can meet:

* **people** merge by person key (a surname's transliteration), and across
  keys only in the typo pass, which joins a cluster to one whose key is one
  edit from its own (and at least five letters long: the pass's reach). So
  the connected components of "one edit apart" over the corpus's person keys
  can be clustered apart (:func:`person_parts`). A lone word tagged ORG
  joins the first cluster headed by a person of its key, which is in that
  key's component.
* **keyed clusters** (states, minerals, places, bodies) are one per (kind,
  cluster key), whatever the others say: any split by key will do
  (:func:`keyed_part_of`). The lone words no person fits are bodies, so a
  keyed part needs the person keys that head a cluster (``heads``) from the
  people's parts.
* **deals** merge by names and parties over the corpus: one part.

What is not local is each cluster's place in the whole pass's order, which
decides its IRI ("Name", "Name 2", …: :class:`kg.resolve.entities.IriMinter`).
Each part gives its clusters a sort key that places them in that order
(:func:`_person_order`): people as :func:`kg.resolve.people.person_clusters`
makes them (full names by length, name and article, then lone names by name
and article; two clusters equal on those have one name, so one part, whose
own order decides), then keyed clusters by (kind, key), then the deals. So
the entities of every part, sorted by those keys and minted in turn
(:func:`mint_parts`), are the entity table's, byte for byte
(``tests/test_resolve_partition.py``; on a cluster, ``tests/test_dask_resolve.py``).
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kg.lexicon.names import name_tokens, one_edit_apart, person_key
from kg.lexicon.tables import KnownPerson, Lexicon
from kg.resolve.agreements import agreement_clusters
from kg.resolve.cluster import Cluster, LocalRef
from kg.resolve.entities import ClusterEntity, IriMinter, cluster_entity
from kg.resolve.entity_table import EntityRows, EntityTable, Keep, gather, join_lone_words, tally_unfitted
from kg.resolve.people import person_clusters
from kg.types import Entity

#: The three groups of the whole pass's order: people, then keyed clusters, then deals.
PEOPLE, KEYED, AGREEMENTS = 0, 1, 2
#: The shortest key the typo pass looks from (a shorter key only takes others in, from keys one letter longer).
TYPO_KEY = 5

Order = tuple[object, ...]


@dataclass
class PartTable:
    """One part's clusters made into entities (IRIs not minted yet), each with its place in the whole order.

    ``members`` gives each kept local entity's cluster (an index into
    ``made``); ``keys`` the (kind, key) of each keyed cluster (a keyed part);
    ``heads`` the person keys that head a cluster (a people's part).
    """

    made: list[tuple[Order, ClusterEntity]]
    members: list[tuple[str, str, int]] = field(default_factory=list)
    keys: list[tuple[str, str]] = field(default_factory=list)
    heads: set[str] = field(default_factory=set)


def person_parts(key_counts: Mapping[str, int], parts: int) -> dict[str, int]:
    """Each person key's part: the components of "may merge" (one edit apart, reach :data:`TYPO_KEY`), the largest first into the lightest part.

    >>> person_parts({"williams": 3, "wiliams": 1, "li": 5, "lu": 1}, 2)
    {'li': 0, 'lu': 1, 'wiliams': 1, 'williams': 1}
    """
    keys = sorted(key_counts)
    parent = {key: key for key in keys}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    # keys one edit apart share a key-with-one-letter-deleted (or one is the other): an index, not every pair
    near: dict[str, list[str]] = {}
    for key in keys:
        if len(key) >= TYPO_KEY - 1:
            for variant in {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}:
                near.setdefault(variant, []).append(key)
    for bucket in near.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                if max(len(a), len(b)) >= TYPO_KEY and one_edit_apart(a, b):
                    parent[root(a)] = root(b)
    components: dict[str, list[str]] = {}
    for key in keys:
        components.setdefault(root(key), []).append(key)
    load = [0] * max(1, parts)
    part_of: dict[str, int] = {}
    for members in sorted(components.values(), key=lambda ks: (-sum(key_counts[k] for k in ks), ks[0])):
        lightest = min(range(len(load)), key=lambda p: (load[p], p))
        load[lightest] += sum(key_counts[k] for k in members)
        part_of.update(dict.fromkeys(members, lightest))
    return dict(sorted(part_of.items()))


def person_key_counts(entity_rows: EntityRows) -> Counter[str]:
    """How many people of each person key ``entity_rows`` hold: what :func:`person_parts` cuts by."""
    return Counter(person_key(e.name) for _, entities in entity_rows for e in entities if e.kind == "Person")


def keyed_part_of(kind: str, key: str, parts: int) -> int:
    """A keyed cluster's part: a hash that every process computes alike (``hash`` of a string differs between processes)."""
    return zlib.crc32(f"{kind}\x00{key}".encode()) % parts


class _People(Keep):
    agreements = False

    def __init__(self, part_of_key: Mapping[str, int], part: int) -> None:
        self.part_of_key, self.part = part_of_key, part

    def person(self, key: str) -> bool:
        return self.part_of_key.get(key) == self.part

    lone = person

    def keyed(self, kind: str, key: str) -> bool:
        return False


class _Keyed(Keep):
    agreements = False

    def __init__(self, part: int, parts: int, heads: Iterable[str]) -> None:
        self.part, self.parts, self.heads = part, parts, frozenset(heads)

    def person(self, key: str) -> bool:
        return False

    def lone(self, key: str) -> bool:
        return key not in self.heads  # no person heads a cluster of its key: a body (or dropped)

    def keyed(self, kind: str, key: str) -> bool:
        return keyed_part_of(kind, key, self.parts) == self.part


class _Agreements(Keep):
    def person(self, key: str) -> bool:
        return False

    lone = person

    def keyed(self, kind: str, key: str) -> bool:
        return False


def _person_order(cluster: Cluster, part: int, index: int) -> Order:
    """Where a person cluster stands in the whole pass: as its first member was sorted by :func:`~kg.resolve.people.person_clusters`."""
    doc_id, first = cluster.members[0]
    if len(name_tokens(first.name)) >= 2:
        return (PEOPLE, 0, -len(first.name), first.name, doc_id, part, index)
    return (PEOPLE, 1, first.name, doc_id, part, index)


def _members(clusters: Sequence[Cluster]) -> list[tuple[str, str, int]]:
    return [(doc_id, entity.local_id, index) for index, cluster in enumerate(clusters) for doc_id, entity in cluster.members]


def people_part(entity_rows: EntityRows, part_of_key: Mapping[str, int], part: int, lexicon: Lexicon) -> PartTable:
    """The people of one part (and the lone words that join them), clustered and made into entities."""
    found = gather(entity_rows, _People(part_of_key, part))
    clusters = person_clusters(found.people)
    found.people.clear()
    join_lone_words(clusters, found.lone_words)  # those no person fits are the keyed parts' (their heads tell them)
    made = [(_person_order(c, part, i), cluster_entity(c, lexicon, found.doc_keys)) for i, c in enumerate(clusters)]
    heads = {person_key(c.members[0][1].name) for c in clusters}
    return PartTable(made, _members(clusters), heads=heads)


def keyed_part(entity_rows: EntityRows, part: int, parts: int, heads: Iterable[str], lexicon: Lexicon) -> PartTable:
    """The keyed clusters of one part (with the lone words no person heads, when bodies), made into entities."""
    keep = _Keyed(part, parts, heads)
    found = gather(entity_rows, keep)
    tally_unfitted(found.keyed, found.lone_words, keep)
    keys = sorted(found.keyed)
    made: list[tuple[Order, ClusterEntity]] = [((KEYED, *key), cluster_entity(found.keyed[key], lexicon, found.doc_keys)) for key in keys]
    return PartTable(made, keys=keys)


def agreements_part(entity_rows: EntityRows, lexicon: Lexicon) -> PartTable:
    """Every deal of the corpus, clustered and made into entities (one part: deals merge by names and parties)."""
    found = gather(entity_rows, _Agreements())
    clusters = agreement_clusters(found.agreements, found.doc_keys, lexicon)
    return PartTable([((AGREEMENTS, i), cluster_entity(c, lexicon, found.doc_keys)) for i, c in enumerate(clusters)], _members(clusters))


@dataclass
class Minted:
    """The parts' entities with their IRIs: the entity table but for its members, whose IRIs are ``iris[part][index]``."""

    entities: dict[str, Entity]
    iris: list[list[str]]
    keyed_iri: dict[tuple[str, str], str]
    linked: dict[str, KnownPerson]


def mint_parts(parts: Sequence[PartTable]) -> Minted:
    """Every part's entities in the whole pass's order, their IRIs minted in turn (the one order :func:`entity_table` mints in)."""
    minter = IriMinter()
    entities: dict[str, Entity] = {}
    linked: dict[str, KnownPerson] = {}
    iris: list[list[str]] = [[""] * len(p.made) for p in parts]
    for _, number, index in sorted((order, number, index) for number, p in enumerate(parts) for index, (order, _) in enumerate(p.made)):
        made = parts[number].made[index][1]
        entity = minter.minted(made)
        entities[entity.iri] = entity
        if made.person is not None:
            linked[entity.iri] = made.person
        iris[number][index] = entity.iri
    keyed_iri = {key: iris[number][index] for number, p in enumerate(parts) for index, key in enumerate(p.keys)}
    return Minted(entities, iris, dict(sorted(keyed_iri.items())), linked)


def table_in_parts(entity_rows: Sequence[tuple[str, tuple]], lexicon: Lexicon, people: int, keyed: int) -> EntityTable:
    """The entity table made in parts in this process (what the Dask engine does on its workers): equal to :func:`entity_table`'s."""
    part_of_key = person_parts(person_key_counts(entity_rows), people)
    tables = [people_part(entity_rows, part_of_key, part, lexicon) for part in range(people)]
    heads = set().union(*(t.heads for t in tables))
    tables += [keyed_part(entity_rows, part, keyed, heads, lexicon) for part in range(keyed)]
    tables.append(agreements_part(entity_rows, lexicon))
    minted = mint_parts(tables)
    member_iri: dict[LocalRef, str] = {
        (doc_id, local_id): minted.iris[number][index] for number, t in enumerate(tables) for doc_id, local_id, index in t.members
    }
    return EntityTable(minted.entities, member_iri, minted.keyed_iri, minted.linked)
