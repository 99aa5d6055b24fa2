"""Agreements across articles: named deals by name, unnamed ones by their parties; their readable labels."""

from __future__ import annotations

from collections import Counter

from kg.lexicon.tables import Lexicon, normalise
from kg.resolve.cluster import Cluster
from kg.types import LocalEntity


def agreement_clusters(agreements: list[tuple[str, LocalEntity]], doc_keys: dict[str, set[str]]) -> list[Cluster]:
    """Named deals by name; unnamed deals by their parties.

    Deals with the same parties are one deal. A deal whose parties are a
    subset of exactly one other deal's joins it ("the U.S. proposal" of an
    article that names only one side); a deal with no known party joins the
    only unnamed deal of the corpus, if there is exactly one and its article
    names that deal's sides.
    """
    named: dict[str, Cluster] = {}
    by_parties: dict[frozenset[str], Cluster] = {}
    for doc_id, entity in sorted(agreements, key=lambda item: (item[0], item[1].local_id)):
        if entity.named:
            named.setdefault(normalise(entity.name), Cluster("Agreement")).members.append((doc_id, entity))
        elif len(entity.parties) == 1:
            # one known side is no identity: "a U.S. deal" in two articles may be two deals
            by_parties.setdefault(frozenset((*entity.parties, f"article:{doc_id}")), Cluster("Agreement")).members.append((doc_id, entity))
        else:
            by_parties.setdefault(frozenset(entity.parties), Cluster("Agreement")).members.append((doc_id, entity))
    for parties in sorted(by_parties, key=lambda p: (len(p), sorted(p))):
        if not parties or parties not in by_parties:
            continue
        sides = frozenset(p for p in parties if not p.startswith("article:"))
        supersets = [other for other in by_parties if other != parties and sides < other and not any(p.startswith("article:") for p in other)]
        maximal = [s for s in supersets if not any(s < t for t in supersets)]
        if len(maximal) == 1:
            by_parties[maximal[0]].members.extend(by_parties.pop(parties).members)
    orphans = by_parties.pop(frozenset(), None)
    clusters = [by_parties[p] for p in sorted(by_parties, key=sorted)]
    if orphans is not None:
        known = {p.partition(":")[2] for _, e in clusters[0].members for p in e.parties} if len(clusters) == 1 else set()
        stray = Cluster("Agreement")
        for doc_id, entity in orphans.members:
            if known and known <= doc_keys.get(doc_id, set()):
                clusters[0].members.append((doc_id, entity))
            else:
                stray.members.append((doc_id, entity))
        if stray.members:
            clusters.append(stray)
    return list(named.values()) + clusters


def agreement_label(cluster: Cluster, lexicon: Lexicon) -> str:
    named = [e.name for _, e in cluster.members if e.named]
    if named:
        counts = Counter(named)
        return max(counts, key=lambda n: (counts[n], len(n), n))
    parties = sorted({p for _, e in cluster.members for p in e.parties})
    labels = []
    for party in parties:
        key = party.partition(":")[2]
        entry = lexicon.get(key)
        labels.append(entry.label if entry else key)
    topic = "minerals " if any(e.topic == "minerals" for _, e in cluster.members) else ""
    return ("–".join(sorted(labels)) + " " if labels else "") + f"{topic}agreement"
