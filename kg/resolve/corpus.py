"""Corpus-level entity resolution: local entities of many articles -> one node each.

Lexicon entities are identified by their lexicon id. People are grouped by
the transliteration key of their surname, with compatible given names; a
lone surname joins the one full name that fits it; a surname one letter off
a known one joins it only when both carry the same title (a typo is the
likely story then, a different person otherwise). Unnamed minerals deals
merge when their parties overlap. Facts are then rewritten onto the merged
nodes, checked against the ontology's domains and ranges, and deduplicated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg.lexicon.names import name_tokens, person_key
from kg.lexicon.tables import Lexicon, load_lexicon
from kg.resolve.agreements import agreement_clusters
from kg.resolve.cluster import Cluster
from kg.resolve.entities import make_entities, maybe_person_only
from kg.resolve.facts import article_mentions, make_assertions
from kg.resolve.people import person_clusters
from kg.types import Assertion, DocumentAnalysis, Entity, LocalEntity, LocalFact


@dataclass(frozen=True)
class Resolution:
    entities: tuple[Entity, ...]
    assertions: tuple[Assertion, ...]
    article_mentions: dict[str, tuple[str, ...]]  # doc_id -> entity IRIs


#: (doc_id, that article's local entities), or its local facts: what one pass of resolution reads per article.
EntityRows = Iterable[tuple[str, tuple[LocalEntity, ...]]]
FactRows = Iterable[tuple[str, tuple[LocalFact, ...]]]


def resolve(analyses: Iterable[DocumentAnalysis], lexicon: Lexicon | None = None) -> Resolution:
    """Merge the local entities of every analysis and rewrite their facts."""
    ordered = sorted(analyses, key=lambda a: a.document.doc_id)
    return resolve_passes(
        [(a.document.doc_id, a.entities) for a in ordered], lambda: ((a.document.doc_id, a.facts) for a in ordered), lexicon
    )


def resolve_passes(entity_rows: EntityRows, fact_rows: Callable[[], FactRows], lexicon: Lexicon | None = None) -> Resolution:
    """Resolution in two passes over the corpus, in doc_id order: local entities first, then local facts.

    Why passes: a build spills its analyses to disk (:mod:`kg.engine.spill`),
    and resolution needs only the local entities to make the entity table
    and only the facts, one article at a time, to make the assertions, so
    neither the sentences, the mentions nor the texts are ever read back
    here. ``fact_rows`` is called once, after the entities are resolved.
    """
    lexicon = lexicon or load_lexicon()
    by_kind: dict[str, list[tuple[str, LocalEntity]]] = defaultdict(list)
    doc_keys: dict[str, set[str]] = {}
    local_ids: dict[str, tuple[str, ...]] = {}
    for doc_id, local_entities in entity_rows:
        for entity in local_entities:
            by_kind[entity.kind].append((doc_id, entity))
        doc_keys[doc_id] = {e.key for e in local_entities if e.key}
        local_ids[doc_id] = tuple(e.local_id for e in local_entities)

    people = person_clusters(by_kind["Person"])
    # the first person cluster of each key (a lookup, not a scan of every person per organisation: quadratic at 100,000 articles)
    person_of_key: dict[str, Cluster] = {}
    for cluster in people:
        person_of_key.setdefault(person_key(cluster.members[0][1].name), cluster)
    # a lone capitalised word tagged ORG is a person when a person of that name exists
    organizations: list[tuple[str, LocalEntity]] = []
    for doc_id, entity in by_kind["Organization"]:
        if entity.key is None and len(name_tokens(entity.name)) == 1 and person_key(entity.name) in person_of_key:
            person_of_key[person_key(entity.name)].members.append((doc_id, entity))
        elif entity.key is None and entity.maybe_person and maybe_person_only(entity):
            continue
        else:
            organizations.append((doc_id, entity))

    clusters: list[Cluster] = list(people)
    keyed: dict[tuple[str, str], Cluster] = {}
    for kind in ("State", "Mineral", "Place"):
        for doc_id, entity in by_kind[kind]:
            cluster_key = entity.key or entity.local_id if kind != "Place" else entity.local_id
            keyed.setdefault((kind, cluster_key), Cluster(kind, key=entity.key)).members.append((doc_id, entity))
    for doc_id, entity in organizations:
        keyed.setdefault(("Organization", entity.key or entity.local_id), Cluster("Organization", key=entity.key)).members.append((doc_id, entity))
    clusters += [keyed[k] for k in sorted(keyed)]
    clusters += agreement_clusters(by_kind["Agreement"], doc_keys, lexicon)
    del by_kind, organizations, keyed

    entities, local_to_iri, linked = make_entities(clusters, lexicon, doc_keys)
    del clusters
    return Resolution(
        entities=tuple(sorted(entities.values(), key=lambda e: e.iri)),
        assertions=make_assertions(fact_rows(), local_to_iri, entities, linked, lexicon),
        article_mentions=article_mentions(local_ids, local_to_iri),
    )
