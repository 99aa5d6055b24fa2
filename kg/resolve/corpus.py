"""Corpus-level entity resolution: local entities of many articles -> one node each, and their facts rewritten onto them.

Resolution reads the corpus in passes, in doc_id order, and never holds it:

1. every article's local entities -> the entity table (:mod:`kg.resolve.entity_table`);
2. every article's facts -> its assertions (:mod:`kg.resolve.facts`), of
   which only the summaries the corpus-wide choices need are kept
   (:class:`kg.resolve.filters.FilterTally`);
3. every article's facts again -> its assertions, filtered by those choices,
   handed on article by article (:class:`kg.types.ResolvedArticle`): a
   build writes them to its analysis store, where each article's named
   graph is later made from them (:class:`kg.graph.stream.StreamedQuads`).

Why passes and not the assertions in memory: at 100,000 articles they were
2.29 million, held with their evidence while the corpus-wide filters ran
(3.4 GB with the entity table; issue 13). Making an article's assertions
twice costs far less than holding them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from kg.heap import settle
from kg.lexicon.tables import Lexicon, load_lexicon
from kg.resolve.entity_table import EntityRows, EntityTable, entity_table
from kg.resolve.facts import LinkedOffices, article_assertions, article_mentions
from kg.resolve.filters import FilterTally, Settled, filtered
from kg.types import Assertion, DocumentAnalysis, Entity, Fact, LocalEntity, LocalFact, ResolvedArticle

#: (doc_id, that article's local entities, its local facts): what the later passes read per article, in doc_id order.
ArticleRows = Iterable[tuple[str, tuple[LocalEntity, ...], tuple[LocalFact, ...]]]


@dataclass(frozen=True)
class Resolution:
    """A resolution held whole: what an in-memory build (:func:`resolve`) makes its graph from."""

    entities: tuple[Entity, ...]
    assertions: tuple[Assertion, ...]
    article_mentions: dict[str, tuple[str, ...]]  # doc_id -> entity IRIs


@dataclass(frozen=True)
class ResolvedCorpus:
    """What a streamed build holds of its resolution: the entities and the default graph's facts; the articles went to ``write``.

    ``facts`` are the distinct facts of every assertion, in the order of the
    sorted assertions; ``assertions`` counts them.
    """

    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    assertions: int


def resolve(analyses: Iterable[DocumentAnalysis], lexicon: Lexicon | None = None) -> Resolution:
    """Merge the local entities of every analysis and rewrite their facts."""
    ordered = sorted(analyses, key=lambda a: a.document.doc_id)
    return resolve_passes(
        lambda: ((a.document.doc_id, a.entities) for a in ordered), lambda: ((a.document.doc_id, a.entities, a.facts) for a in ordered), lexicon
    )


def resolve_passes(entity_rows: Callable[[], EntityRows], article_rows: Callable[[], ArticleRows], lexicon: Lexicon | None = None) -> Resolution:
    """:func:`resolve_into`, with every article's assertions and mentions gathered into one :class:`Resolution`."""
    articles: list[ResolvedArticle] = []
    corpus = resolve_into(entity_rows, article_rows, articles.extend, lexicon)
    assertions = sorted((a for article in articles for a in article.assertions), key=_order)
    return Resolution(corpus.entities, tuple(assertions), {article.doc_id: article.mentions for article in articles})


def _order(a: Assertion) -> tuple[str, str, str, str, int]:
    return (a.subject, a.predicate, a.object, a.evidence.doc_id, a.evidence.start)


def resolve_into(
    entity_rows: Callable[[], EntityRows],
    article_rows: Callable[[], ArticleRows],
    write: Callable[[Iterable[ResolvedArticle]], None],
    lexicon: Lexicon | None = None,
) -> ResolvedCorpus:
    """Resolution in passes over the corpus (each row source is called once per pass, in doc_id order).

    ``write`` is called once with every article's :class:`ResolvedArticle`,
    made as it reads them. A build spills its analyses to disk
    (:mod:`kg.engine.spill`): the sentences, mentions and texts are never
    read back here.
    """
    lexicon = lexicon or load_lexicon()
    table = entity_table(entity_rows(), lexicon)
    offices = LinkedOffices(table.linked, table.entities, lexicon)
    tally = FilterTally(table.entities)
    settle()  # the entity table and the tally's growing dicts, out of the collector's full scans (kg.heap)
    settled = tally_articles(article_rows(), table, offices, tally).settle()
    del tally
    facts = DistinctFacts()
    settle()
    write(facts.counted(resolved_articles(article_rows(), table, offices, settled)))
    return facts.corpus(table)


def tally_articles(rows: ArticleRows, table: EntityTable, offices: LinkedOffices, tally: FilterTally | None = None) -> FilterTally:
    """Resolution's second pass over ``rows`` (all articles, or a range of them) into ``tally`` (a new one if None).

    The tallies of consecutive ranges, merged in order (:meth:`FilterTally.merge`), are the tally of the whole.
    """
    tally = FilterTally(table.entities) if tally is None else tally
    for doc_id, local_entities, facts in rows:
        own = article_assertions(doc_id, facts, table.iris(doc_id, local_entities), table.entities)
        tally.add(own, offices.assertions(own))
    return tally


class DistinctFacts:
    """The default graph's facts, gathered from the resolved articles as they pass in doc_id order, and their count.

    Each fact is kept with the (article, sentence) of its first assertion,
    which orders it among the facts of the same triple.
    """

    def __init__(self) -> None:
        self._first: dict[Fact, tuple[str, int]] = {}
        self.assertions = 0

    def counted(self, articles: Iterable[ResolvedArticle]) -> Iterator[ResolvedArticle]:
        """``articles`` as they are, their facts and assertions counted on the way."""
        first = self._first
        for article in articles:
            self.assertions += len(article.assertions)
            for a in article.assertions:
                first.setdefault((a.subject, a.predicate, a.object, a.literal, a.datatype), (a.evidence.doc_id, a.evidence.start))
            yield article

    def firsts(self) -> list[tuple[Fact, tuple[str, int]]]:
        """Each fact with the (article, sentence) of its first assertion, in the order they came (what :meth:`merge` takes)."""
        return list(self._first.items())

    def merge(self, firsts: Iterable[tuple[Fact, tuple[str, int]]], assertions: int) -> None:
        """Add the :meth:`firsts` and count of the articles that come after those seen so far (a range resolved elsewhere)."""
        first, intern = self._first, sys.intern
        for fact, where in firsts:
            if fact not in first:
                # interned: each range's message brings fresh copies of the IRIs and doc_ids that repeat across facts and
                # ranges (the distinct facts of 10,000 replayed articles took 46 MB so, 24 MB interned)
                subject, predicate, obj, literal, datatype = fact
                fact = (intern(subject), intern(predicate), intern(obj), literal, None if datatype is None else intern(datatype))
                first[fact] = (intern(where[0]), where[1])
        self.assertions += assertions

    def corpus(self, table: EntityTable) -> ResolvedCorpus:
        """The entities (by IRI) and the distinct facts (in the order of the sorted assertions)."""
        first = self._first
        entities = tuple(sorted(table.entities.values(), key=lambda e: e.iri))
        distinct = tuple(sorted(first, key=lambda f: (f[0], f[1], f[2], *first[f])))
        return ResolvedCorpus(entities, distinct, self.assertions)


def resolved_articles(rows: ArticleRows, table: EntityTable, offices: LinkedOffices, settled: Settled) -> Iterator[ResolvedArticle]:
    """Resolution's last pass over ``rows`` (all articles, or a range): each article's final assertions (sorted) and the entities it mentions."""
    for doc_id, local_entities, facts in rows:
        iris = table.iris(doc_id, local_entities)
        own = article_assertions(doc_id, facts, iris, table.entities)
        yield ResolvedArticle(doc_id, article_mentions(iris), tuple(filtered([*own, *offices.assertions(own)], settled)))
