"""The view's nodes as columns (one entry per node, in IRI order), turned into the page's JSON objects only as they are written.

Why columns: at 100,000 articles the page has about 340,000 nodes, and a
dict per node (sixteen keys, six lists) held until the page was written was
most of the page's memory. Here a node is its IRI, its label, its classes
(one shared tuple per combination), its articles (an ``array`` of indices)
and, for the few nodes that have any, its aliases, attributes, positions
and Wikidata ids; its degree, rank and place come later, as arrays.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from kg.export.html.edges import Relation, Row
from kg.export.html.facts import Facts, pick_label
from kg.export.html.style import DISPLAY_NAME_LIMIT, MAX_SIZE, MIN_SIZE, WIKIDATA_PREFIXES

#: A node's aliases, attributes, positions and Wikidata ids, when it has any.
Extras = tuple[list[str], list[list[str]], list[str], list[str]]


class NodeTable:
    """Every node of the view, compact: read from the scan's facts, written one node at a time (:meth:`rows`)."""

    def __init__(self) -> None:
        self.iris: list[str] = []
        self.labels: list[str] = []
        self.classes: list[tuple[str, ...]] = []
        self.articles: list[array[int]] = []
        self.extras: dict[int, Extras] = {}

    def __len__(self) -> int:
        return len(self.iris)

    @classmethod
    def from_facts(
        cls,
        iris: list[str],
        classes: Mapping[str, Sequence[str]],
        facts: Facts,
        article_iris: Sequence[str],
        relations: Mapping[Relation, list[Row]],
    ) -> NodeTable:
        """The nodes ``iris`` (sorted): their names and extras from ``facts``, their articles from its mentions and the relations' evidence.

        A node's articles are those that mention it and those whose evidence
        names it in a relation; the second are almost always among the first,
        so only the others are gathered apart (no set per node). Each node's
        mentions are dropped from ``facts`` once read.
        """
        article_index = {iri: i for i, iri in enumerate(article_iris)}
        mentions = facts.mentions
        unmentioned: dict[str, set[int]] = {}
        for (s, _, o), rows in relations.items():
            for a in {row[0] for row in rows if row[0] >= 0}:
                article = article_iris[a]
                for end in (s, o):
                    known = mentions.get(end)
                    if known is None or (known != article if type(known) is not set else article not in known):
                        unmentioned.setdefault(end, set()).add(a)
        table = cls()
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        for index, iri in enumerate(iris):
            labels = facts.labels.of(iri)
            label = pick_label(labels, iri)
            found = {article_index[a] for a in mentions.of(iri) if a in article_index}
            mentions.pop(iri, None)
            found.update(unmentioned.pop(iri, ()))
            names = tuple(classes[iri])
            table.iris.append(iri)
            table.labels.append(label)
            table.classes.append(shared.setdefault(names, names))
            table.articles.append(array("i", sorted(found)))
            extras = _extras(iri, label, labels, facts)
            if extras is not None:
                table.extras[index] = extras
        return table

    def rows(self, degree: Sequence[int], rank: Sequence[int], xs: Sequence[float], ys: Sequence[float]) -> Iterator[dict[str, Any]]:
        """Each node as the page reads it, made when read (and not kept)."""
        busiest = max((len(found) for found in self.articles), default=0)
        empty: Extras = ([], [], [], [])
        for i, iri in enumerate(self.iris):
            aliases, attributes, positions, wikidata = self.extras.get(i, empty)
            label, classes, found = self.labels[i], self.classes[i], self.articles[i]
            share = len(found) / busiest if busiest else 0.0
            yield {
                "aliases": list(aliases),
                "articles": found.tolist(),
                "attributes": [list(pair) for pair in attributes],
                "class": classes[0],
                "classes": list(classes),
                "degree": degree[i],
                "id": i,
                "iri": iri,
                "label": label,
                "positions": list(positions),
                "rank": rank[i],
                "short": display_name(label),
                "size": round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(share), 1),
                "wikidata": list(wikidata),
                "x": xs[i],
                "y": ys[i],
            }

    def rank(self, degree: Sequence[int]) -> array[int]:
        """Each node's ``rank``: the order in which the page labels nodes.

        The page labels as many nodes as fit on screen without overlap, best
        ranked first: the hubs a reader orients by (most relations, then most
        articles), so the first view names the countries, deals and minerals
        the corpus is about.
        """
        articles, labels, iris = self.articles, self.labels, self.iris
        order: Callable[[int], tuple[int, int, str, str]] = lambda i: (-(degree[i] + len(articles[i])), -degree[i], labels[i], iris[i])  # noqa: E731
        rank = array("i", bytes(4 * len(self)))
        for position, i in enumerate(sorted(range(len(self)), key=order)):
            rank[i] = position
        return rank


def degrees(count: int, ends: Sequence[tuple[int, int]]) -> array[int]:
    """``degree``: each node's distinct relations (an edge to itself counts once)."""
    degree = array("i", bytes(4 * count))
    for source, target in ends:
        degree[source] += 1
        if target != source:
            degree[target] += 1
    return degree


def _extras(iri: str, label: str, labels: set[tuple[bool, str]], facts: Facts) -> Extras | None:
    """A node's aliases, attributes, positions and Wikidata ids, or None when it has none (most nodes)."""
    other_labels = {text for _, text in labels} - {label}
    wikidata = sorted(
        value[len(prefix) :] for value in facts.same_as.of(iri) for prefix in WIKIDATA_PREFIXES if value.startswith(prefix)
    )
    aliases = sorted((facts.alt_labels.of(iri) | other_labels) - {label})
    attributes = [list(pair) for pair in sorted(facts.attributes.of(iri))]
    positions = sorted(facts.positions.of(iri))
    if not (aliases or attributes or positions or wikidata):
        return None
    return aliases, attributes, positions, wikidata


def display_name(label: str, limit: int = DISPLAY_NAME_LIMIT) -> str:
    """The name drawn on the canvas: whitespace collapsed, cut at a word after ``limit`` characters.

    Long agreement and ministry names ("Germany–Kazakhstan–Kyrgyzstan–South
    Korea–Uzbekistan minerals agreement") overlap their neighbours at any
    zoom; the canvas shows the start of the name, the panel and the tooltip
    the whole of it.

    >>> display_name("Ukraine–United States minerals agreement")
    'Ukraine–United States…'
    >>> display_name("Arctic  Battery  Minerals  Initiative"), display_name("Joko Widodo")
    ('Arctic Battery Minerals…', 'Joko Widodo')
    >>> display_name("Pneumonoultramicroscopicsilicovolcanoconiosis")
    'Pneumonoultramicroscopi…'
    """
    text = " ".join(label.split())
    if len(text) <= limit:
        return text
    cut = max((m.start() for m in re.finditer(r"[\s–—/-]", text[: limit]) if m.start() >= limit // 2), default=limit - 1)
    return text[:cut].rstrip(" ,;:(–—/-") + "…"
