"""The graph of a build, made one article's graph at a time: :class:`StreamedQuads`.

Why: each article's named graph holds its whole text and one evidence node
(eleven triples) per fact and sentence, about 120 KB of pyoxigraph terms per
article, so a build that held every named graph grew with the corpus
(2.3 GB of quads at 10,000 articles). Here each named graph is made when an
exporter reaches it, from the article and its share of the resolution
(both read from the build's analysis store), and dropped after; so is the
default graph (entities and facts: the resolved graph itself), made from
the entities and the distinct facts as it is read (a triple per entity
attribute and per fact: held, it lasted through every export). Iterating
twice makes the graphs twice; every exporter walks them once.

It reads as :class:`kg.graph.quads.GraphQuads` does (``graphs()``,
``triples()``, iteration as pyoxigraph quads) and gives the same triples in
the same order: both are made by :class:`kg.graph.quads.Vocabulary`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property

import pyoxigraph as ox

from kg.graph.quads import QuadGraphs, Vocabulary, default_triples, iter_default
from kg.types import Assertion, Document, Entity, Fact

#: (article, IRIs of the entities it mentions, its assertions in their sorted order): what one named graph is made of.
ArticleRows = Iterable[tuple[Document, Sequence[str], Sequence[Assertion]]]


class StreamedQuads(QuadGraphs):
    """The named graphs of articles made on demand, in IRI order; the default graph held, or made on demand too.

    Args:
        documents: called once per pass; yields the articles in ``doc_id``
            order (the order of their graph IRIs).
        entities, assertions: the resolution (assertions in their sorted order).
        article_mentions: doc_id -> IRIs of the entities the article mentions.

    :meth:`from_articles` makes one whose articles come with their share of
    the resolution (a build's analysis store) and whose default graph is made
    from ``facts`` as it is read (:func:`kg.graph.quads.iter_default`).

    ``articles_in_own_graphs``: every triple about an article (its date, its
    mentions) and about an evidence node lies in the article's named graph,
    and an evidence node derives from that article (so an exporter may count
    articles and evidence one graph at a time, :mod:`kg.export.graphml`).
    """

    articles_in_own_graphs = True

    def __init__(
        self,
        documents: Callable[[], Iterable[Document]],
        entities: Iterable[Entity],
        assertions: Iterable[Assertion],
        article_mentions: dict[str, tuple[str, ...]],
    ) -> None:
        self._vocabulary = Vocabulary()
        by_doc: dict[str, list[Assertion]] = {}
        assertions = tuple(assertions)
        for assertion in assertions:
            by_doc.setdefault(assertion.evidence.doc_id, []).append(assertion)
        held = default_triples(self._vocabulary, entities, assertions)
        self._default: Callable[[], Iterable[ox.Triple]] = lambda: held
        self._articles: Callable[[], ArticleRows] = lambda: (
            (d, article_mentions.get(d.doc_id, ()), by_doc.get(d.doc_id, ())) for d in documents()
        )

    @classmethod
    def from_articles(cls, articles: Callable[[], ArticleRows], entities: Sequence[Entity], facts: Sequence[Fact]) -> StreamedQuads:
        """Articles read with their mentions and assertions (called once per pass); the default graph made from ``facts`` as read."""
        quads = cls.__new__(cls)
        quads._vocabulary = Vocabulary()
        quads._default = lambda: iter_default(quads._vocabulary, entities, facts)
        quads._articles = articles
        return quads

    @property
    def default(self) -> Iterable[ox.Triple]:
        """The default graph's triples: every entity, then every fact once (made anew, as they are read, for :meth:`from_articles`)."""
        return self._default()

    def named_graph(self, document: Document, mentions: Iterable[str] = (), assertions: Iterable[Assertion] = ()) -> tuple[str, tuple[ox.Triple, ...]]:
        """One article's graph: its metadata and text, then an evidence node per assertion it gives evidence for."""
        return named_graph(self._vocabulary, document, mentions, assertions)

    @property
    def named(self) -> Iterator[tuple[str, tuple[ox.Triple, ...]]]:
        """(article IRI, its triples) for every article, in IRI order, made as they are read."""
        for document, mentions, assertions in self._articles():
            yield self.named_graph(document, mentions, assertions)

    def graphs(self) -> Iterator[tuple[str | None, Iterable[ox.Triple]]]:
        """(graph name, or None for the default graph; its triples), the default graph first."""
        yield None, self.default
        yield from self.named

    @cached_property
    def _length(self) -> int:
        return sum(1 for _ in self.default) + sum(len(triples) for _, triples in self.named)

    def __len__(self) -> int:
        """The number of quads (counted by one pass over the articles, then remembered)."""
        return self._length


def named_graph(
    vocabulary: Vocabulary, document: Document, mentions: Iterable[str] = (), assertions: Iterable[Assertion] = ()
) -> tuple[str, tuple[ox.Triple, ...]]:
    """One article's graph: its metadata and text, then an evidence node per assertion it gives evidence for.

    A function of the article and its share of the resolution alone, so a
    Dask worker makes it as the client would (:mod:`kg.engine.dask_resolve`).
    """
    article = vocabulary.article_node(document.doc_id)
    triples: dict[ox.Triple, None] = dict.fromkeys(vocabulary.article_triples(article, document, mentions))
    for assertion in assertions:
        triples.update(dict.fromkeys(vocabulary.evidence_triples(assertion, vocabulary.fact(assertion), article)))
    return article.value, tuple(triples)
