"""Clusters -> Entities: canonical label, aliases, Wikidata link and a deterministic IRI for each."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from kg.iri import entity_iri
from kg.lexicon.names import name_tokens
from kg.lexicon.tables import KnownPerson, Lexicon, normalise
from kg.nlp.kinds import without_short_forms
from kg.resolve.agreements import agreement_aliases, agreement_label
from kg.resolve.cluster import Cluster
from kg.resolve.people import link_person, person_label
from kg.types import Entity, LocalEntity


def maybe_person_only(entity: LocalEntity) -> bool:
    """Unknown one-word ORG mentions kept only as possible people: drop when no person fits."""
    return len(name_tokens(entity.name)) == 1 and not entity.name.isupper()


#: Words after a place name that say what kind of area it is, left out of its label.
ADMINISTRATIVE_WORDS = frozenset({"region", "regions", "oblast", "province", "district", "department", "county", "prefecture", "governorate"})
#: Words that name an area only together with its administrative word ("Northern Province", "Central Region").
COMPASS_WORDS = frozenset({"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west", "north-western", "north-eastern", "south-western", "south-eastern", "northwestern", "northeastern", "southwestern", "southeastern", "upper", "lower", "coast", "coastal"})


def capital_label(capitals: tuple[str, ...], forms: dict[str, int]) -> str:
    """The seat a text names: the first capital, unless the text names another city of the list.

    A state's capitals list both spellings of one city (Kyiv, Kiev) and the
    other seats of government (Dar es Salaam beside Dodoma, La Paz beside
    Sucre); talks held in Dar es Salaam were not held in Dodoma.
    """
    from difflib import SequenceMatcher

    primary = normalise(capitals[0]).replace(" ", "")
    for form in sorted(forms, key=lambda f: (-forms[f], f)):
        seat = next((c for c in capitals[1:] if normalise(c) == normalise(form)), None)
        if seat is None:
            continue
        folded = normalise(seat).replace(" ", "")
        same_city = primary in folded or folded in primary or SequenceMatcher(None, primary, folded).ratio() >= 0.65
        return capitals[0] if same_city else seat
    return capitals[0]


def entity_label(cluster: Cluster, lexicon: Lexicon) -> str:
    entry = lexicon.get(cluster.key)
    if cluster.kind == "Person":
        return person_label(cluster)
    if cluster.kind == "Place" and entry is not None:
        return capital_label(entry.capitals, cluster.forms()) if entry.capitals else entry.label
    if entry is not None:
        return entry.label
    if cluster.kind == "Agreement":
        return agreement_label(cluster, lexicon)
    forms: Mapping[str, int] = cluster.forms()
    if cluster.kind == "Organization":
        forms = without_short_forms(forms)  # "Sable Resources SA" labels the company, not "Sable"
    label = max(forms, key=lambda f: (forms[f], len(f), f))
    if cluster.kind == "Place":
        words = label.split()
        if len(words) > 1 and words[-1].lower() in ADMINISTRATIVE_WORDS and not all(w.lower() in COMPASS_WORDS for w in words[:-1]):
            label = " ".join(words[:-1])  # "Oruro Department" is Oruro; "Western Province" is no "Western"
    return label


@dataclass(frozen=True)
class ClusterEntity:
    """What one cluster makes, before its IRI is minted: the name its IRI is minted from, its entity (IRI unsuffixed), its gazetteer person.

    Why apart from minting: everything here depends on the cluster alone, so
    a partition of the clusters can make it anywhere (a Dask worker); the
    IRI's suffix ("Name 2") depends on every cluster before it, in one order
    over the corpus (:class:`IriMinter`).
    """

    iri_name: str
    entity: Entity
    person: KnownPerson | None


def cluster_entity(cluster: Cluster, lexicon: Lexicon, doc_keys: Mapping[str, AbstractSet[str]]) -> ClusterEntity:
    """The entity of one cluster: canonical label, aliases, Wikidata link; its IRI before :meth:`IriMinter.mint`."""
    label = entity_label(cluster, lexicon)
    entry = lexicon.get(cluster.key)
    person = None
    if cluster.kind == "Person":
        context: set[str] = set().union(*(doc_keys.get(d, frozenset()) for d, _ in cluster.members))
        person = link_person(cluster, lexicon, context)
        if person is not None and len(name_tokens(label)) < 2:
            label = person.label
    iri_name = cluster.key if (cluster.key and entry is not None and cluster.kind != "Place") else label
    if cluster.kind == "Place" and entry is not None:
        iri_name = f"{label}"
    forms = cluster.forms()
    aliases = tuple(sorted({f for f in forms if (f != label and normalise(f) != normalise(label)) or (f != label and cluster.kind == "Person")}))
    if cluster.kind == "Agreement":
        aliases = agreement_aliases(cluster, lexicon, label)
    entity = Entity(
        iri=entity_iri(cluster.kind, iri_name),
        kind=cluster.kind,
        label=label,
        aliases=aliases,
        wikidata=(person.wikidata if person else None) or (entry.wikidata if entry is not None and cluster.kind != "Place" else None),
        articles=cluster.articles(),
    )
    return ClusterEntity(iri_name, entity, person)


class IriMinter:
    """The one place IRIs are minted: "Name", then "Name 2", "Name 3", … in the order the clusters come (over the whole corpus)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self._next_suffix: dict[tuple[str, str], int] = {}

    def mint(self, kind: str, iri_name: str) -> str:
        """The IRI of the next cluster of ``kind`` named ``iri_name``: the name's own, else its first free suffix."""
        iri = entity_iri(kind, iri_name)
        if iri in self.taken:
            # the probe starts where the last one of this name stopped (every suffix below is still taken), not at 2 each
            # time, which was quadratic in the clusters of one name (places, unnamed deals)
            suffix = self._next_suffix.get((kind, iri_name), 2)
            iri = entity_iri(kind, f"{iri_name} {suffix}")
            while iri in self.taken:
                suffix += 1
                iri = entity_iri(kind, f"{iri_name} {suffix}")
            self._next_suffix[(kind, iri_name)] = suffix + 1
        self.taken.add(iri)
        return iri

    def minted(self, made: ClusterEntity) -> Entity:
        """``made``'s entity with its IRI minted."""
        iri = self.mint(made.entity.kind, made.iri_name)
        return made.entity if iri == made.entity.iri else dataclasses.replace(made.entity, iri=iri)


def make_entities(
    clusters: list[Cluster], lexicon: Lexicon, doc_keys: Mapping[str, AbstractSet[str]]
) -> tuple[dict[str, Entity], list[str], dict[str, KnownPerson]]:
    """The entity of each cluster: the entities by IRI, each cluster's IRI (in ``clusters`` order) and the gazetteer people linked."""
    return entities_in_order((cluster_entity(cluster, lexicon, doc_keys) for cluster in clusters), IriMinter())


def entities_in_order(made: Iterable[ClusterEntity], minter: IriMinter) -> tuple[dict[str, Entity], list[str], dict[str, KnownPerson]]:
    """The entities of clusters made apart (:func:`cluster_entity`), their IRIs minted in the order they come."""
    entities: dict[str, Entity] = {}
    iris: list[str] = []
    linked: dict[str, KnownPerson] = {}
    for one in made:
        entity = minter.minted(one)
        entities[entity.iri] = entity
        if one.person is not None:
            linked[entity.iri] = one.person
        iris.append(entity.iri)
    return entities, iris, linked
