"""The graph of a build, made one article's graph at a time: :class:`StreamedQuads`.

Why: each article's named graph holds its whole text and one evidence node
(eleven triples) per fact and sentence, about 120 KB of pyoxigraph terms per
article, so a build that held every named graph grew with the corpus
(2.3 GB of quads at 10,000 articles). Here only the default graph (entities
and facts: the resolved graph itself) is held; each named graph is made when
an exporter reaches it, from the article (read from the build's analysis
store) and that article's assertions, and dropped after. Iterating twice
makes the graphs twice; every exporter walks them once.

It reads as :class:`kg.graph.quads.GraphQuads` does (``graphs()``,
``triples()``, iteration as pyoxigraph quads) and gives the same triples in
the same order: both are made by :class:`kg.graph.quads.Vocabulary`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cached_property

import pyoxigraph as ox

from kg.graph.quads import QuadGraphs, Vocabulary, default_triples
from kg.types import Assertion, Document, Entity


class StreamedQuads(QuadGraphs):
    """The default graph in memory; the named graphs of articles made on demand, in IRI order.

    Args:
        documents: called once per pass; yields the articles in ``doc_id``
            order (the order of their graph IRIs).
        entities, assertions: the resolution (assertions in their sorted order).
        article_mentions: doc_id -> IRIs of the entities the article mentions.
    """

    def __init__(
        self,
        documents: Callable[[], Iterable[Document]],
        entities: Iterable[Entity],
        assertions: Iterable[Assertion],
        article_mentions: dict[str, tuple[str, ...]],
    ) -> None:
        self._vocabulary = Vocabulary()
        self._documents = documents
        self._mentions = article_mentions
        self._by_doc: dict[str, list[Assertion]] = {}
        assertions = tuple(assertions)
        for assertion in assertions:
            self._by_doc.setdefault(assertion.evidence.doc_id, []).append(assertion)
        self.default: tuple[ox.Triple, ...] = default_triples(self._vocabulary, entities, assertions)

    def named_graph(self, document: Document) -> tuple[str, tuple[ox.Triple, ...]]:
        """One article's graph: its metadata and text, then an evidence node per assertion it gives evidence for."""
        vocabulary = self._vocabulary
        article = vocabulary.article_node(document.doc_id)
        triples: dict[ox.Triple, None] = dict.fromkeys(vocabulary.article_triples(article, document, self._mentions.get(document.doc_id, ())))
        for assertion in self._by_doc.get(document.doc_id, ()):
            triples.update(dict.fromkeys(vocabulary.evidence_triples(assertion, vocabulary.fact(assertion), article)))
        return article.value, tuple(triples)

    @property
    def named(self) -> Iterator[tuple[str, tuple[ox.Triple, ...]]]:
        """(article IRI, its triples) for every article, in IRI order, made as they are read."""
        for document in self._documents():
            yield self.named_graph(document)

    def graphs(self) -> Iterator[tuple[str | None, tuple[ox.Triple, ...]]]:
        """(graph name, or None for the default graph; its triples), the default graph first."""
        yield None, self.default
        yield from self.named

    @cached_property
    def _length(self) -> int:
        return len(self.default) + sum(len(triples) for _, triples in self.named)

    def __len__(self) -> int:
        """The number of quads (counted by one pass over the articles, then remembered)."""
        return self._length
