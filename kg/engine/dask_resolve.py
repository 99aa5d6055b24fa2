"""Resolution's passes, and the sorted exports' runs of each article's graph, on a Dask cluster (``kg build --engine dask``).

Why this split: resolution (:mod:`kg.resolve.corpus`) is three passes over
the analysis store. The first makes the entity table: it is clustered in
parts on the workers and its IRIs are minted on the client
(:mod:`kg.engine.dask_table`), so the client holds the entities but not the
local entities they were made of. The other two passes are per article once
the table exists: every key that tells two assertions apart includes the
article, and the corpus-wide choices (:mod:`kg.resolve.filters`) are settled
from a tally that adds up range by range. So they run on the workers, a
range of articles per task, each worker reading its range from the store
itself (:func:`kg.engine.spill.read_range`) and its kept local entities'
IRIs from the first pass's files (:class:`kg.engine.dask_table.Members`):

1. the table (but its members) and the gazetteer's offices go to every worker once (``scatter``);
2. each range's tally comes back and is merged in range order (:meth:`FilterTally.merge`);
3. the settled choices go to every worker once; each range's articles come
   back in order and are written to the store (the other exports make each
   article's graph from there, as a local build does), and each range's
   named graphs become the lines of each sorted export (N-Triples, Turtle's
   sort keys: :mod:`kg.engine.dask_sorted`), written by the worker as a
   sorted run file in the output folder's scratch area
   (:mod:`kg.engine.dask_sort`), as do the default graph's, made from
   the entities and the distinct facts in slices.

The result is the one :func:`kg.resolve.corpus.resolve_into` makes, byte for
byte (``tests/test_dask_resolve.py``). The workers must see the output
folder's store at the same path (a LocalCluster always does; a cluster of
other machines needs a shared file system): :func:`workers_see` checks it,
and a build falls back to resolving on the client when they do not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.engine.dask_sort import RangeSort, Sample, write_run
from kg.engine.dask_sorted import SORTED, SortedExport
from kg.engine.dask_table import Members, table_on_cluster
from kg.engine.spill import AnalysisStore, read_range, resolved_row, store_identity
from kg.resolve.corpus import DistinctFacts, ResolvedCorpus, resolved_articles, tally_articles
from kg.resolve.entity_table import EntityTable
from kg.resolve.facts import LinkedOffices
from kg.resolve.filters import FilterTally, Settled
from kg.types import Entity, Fact

if TYPE_CHECKING:
    from distributed import Client, Future

    from kg.graph.quads import Vocabulary

#: Ranges (tasks) in flight per worker thread.
IN_FLIGHT = 2
#: Default graph items (entities, facts) per task.
DEFAULT_SLICE = 20_000


@dataclass(frozen=True)
class Shared:
    """What every worker needs to resolve an article: the entity table and the gazetteer's offices (sent once), and where its members' IRIs are."""

    table: EntityTable
    offices: LinkedOffices
    members: Members | None = None

    def table_for(self, first: str, last: str) -> EntityTable:
        """The table as articles ``first`` to ``last`` need it: with their kept local entities' IRIs."""
        return self.table if self.members is None else dataclasses.replace(self.table, member_iri=self.members.load(first, last))


@dataclass(frozen=True)
class RangeResult:
    """What a range sends back: its articles as the store's rows, its facts' first assertions and its count of assertions, and the samples of its runs.

    Why encoded rows rather than the articles: the client only stores them,
    and a row is three strings where an article is thousands of objects to
    pickle, send and unpickle.
    """

    rows: list[tuple[str, str, str]]
    firsts: list[tuple[Fact, tuple[str, int]]]
    assertions: int
    samples: tuple[Sample, ...]


def ranges(doc_ids: Sequence[str], size: int) -> list[tuple[str, str]]:
    """Consecutive (first, last) doc_ids of ``size`` articles each (``doc_ids`` sorted).

    >>> ranges(["a", "b", "c"], 2)
    [('a', 'b'), ('c', 'c')]
    """
    return [(doc_ids[i], doc_ids[min(i + size, len(doc_ids)) - 1]) for i in range(0, len(doc_ids), size)]


def range_size(articles: int, threads: int) -> int:
    """Articles per task: about eight tasks per worker thread, 32 to 1,024 (a task holds the range's graphs and one sorted run at a time)."""
    return max(32, min(1024, -(-articles // (8 * max(1, threads)))))


def workers_see(client: Client, store: AnalysisStore) -> bool:
    """Whether every worker reads this very store at its path (same :meth:`~AnalysisStore.identity`)."""
    identity = store.identity()
    seen = client.run(store_identity, store.path.resolve())
    return bool(seen) and all(found == identity for found in seen.values())


# --- on the workers ---------------------------------------------------------------------------------------------

_VOCABULARY: list[Vocabulary] = []  # one per worker process: its terms are made once


def _vocabulary() -> Vocabulary:
    from kg.graph.quads import Vocabulary

    if not _VOCABULARY:
        _VOCABULARY.append(Vocabulary())
    return _VOCABULARY[0]


def tally_range(path: Path, first: str, last: str, shared: Shared) -> FilterTally:
    """Resolution's second pass over one range of the store (runs on a worker)."""
    rows = ((doc_id, entities, facts) for doc_id, entities, facts, _ in read_range(path, first, last))
    return tally_articles(rows, shared.table_for(first, last), shared.offices)


def resolve_range(
    path: Path, first: str, last: str, shared: Shared, settled: Settled, runs: Sequence[tuple[SortedExport, str]], sample_chars: int | None
) -> RangeResult:
    """Resolution's last pass over one range (runs on a worker): its articles, and its named graphs' lines as a sorted run file per ``runs`` (export, file)."""
    from kg.graph.stream import named_graph

    rows = list(read_range(path, first, last, documents=bool(runs)))
    facts = DistinctFacts()
    table = shared.table_for(first, last)
    articles = list(facts.counted(resolved_articles(((d, e, f) for d, e, f, _ in rows), table, shared.offices, settled)))
    encoded = [resolved_row(article) for article in articles]
    if not runs:
        return RangeResult(encoded, facts.firsts(), facts.assertions, ())
    vocabulary = _vocabulary()
    graphs = []
    for (_, _, _, document), article in zip(rows, articles, strict=True):
        assert document is not None
        graphs.append(named_graph(vocabulary, document, article.mentions, article.assertions)[1])
    del rows, articles
    samples = _write_runs(graphs, runs, sample_chars)
    return RangeResult(encoded, facts.firsts(), facts.assertions, samples)


def _write_runs(graphs: Sequence[Iterable[Any]], runs: Sequence[tuple[SortedExport, str]], sample_chars: int | None) -> tuple[Sample, ...]:
    """Each export's lines of ``graphs`` written as a sorted run to its file, one export at a time; their samples."""
    return tuple(
        write_run((line for triples in graphs for line in export.lines(triples)), Path(file), sample_chars, export.cut) for export, file in runs
    )


def default_runs(entities: Sequence[Entity], facts: Sequence[Fact], runs: Sequence[tuple[SortedExport, str]], sample_chars: int | None) -> tuple[Sample, ...]:
    """A slice of the default graph (runs on a worker): the slice's entities and facts, as a sorted run file per export."""
    from kg.graph.quads import default_from_facts

    return _write_runs([default_from_facts(_vocabulary(), entities, facts)], runs, sample_chars)


# --- on the client ----------------------------------------------------------------------------------------------


def _in_order(client: Client, calls: Iterable[tuple[Callable[..., Any], tuple[Any, ...]]], window: int) -> Iterator[Future]:
    """The futures of ``calls``, submitted ``window`` ahead, yielded in call order once each is done.

    Waited for, not fetched: the caller decides what comes here (when a
    last pass's result held its range's N-Triples run, fetching it to wait
    brought every run through the client: 30 to 40 MB of its peak at 5,000
    articles; the runs are files now, but a result may still be large).
    """
    from distributed import wait

    calls = iter(calls)
    pending: list[Future] = []
    for function, args in calls:
        pending.append(client.submit(function, *args, pure=False))
        if len(pending) >= window:
            break
    while pending:
        future = pending.pop(0)
        wait(future)
        if future.status != "finished":
            future.result()  # raises the task's error (or its cancellation) here
        nxt = next(calls, None)
        if nxt is not None:
            pending.append(client.submit(nxt[0], *nxt[1], pure=False))
        yield future


def resolve_on_cluster(
    client: Client,
    store: AnalysisStore,
    doc_ids: Sequence[str],
    sorted_exports: Sequence[str],
    scratch: Path,
    lexicon: Any = None,
    timings: dict[str, float] | None = None,
) -> tuple[ResolvedCorpus, dict[str, RangeSort]]:
    """:func:`kg.resolve.corpus.resolve_into` with its per-article passes on the workers; and the runs of ``sorted_exports`` (names in :data:`~kg.engine.dask_sorted.SORTED`) written there.

    ``doc_ids`` are the store's articles, sorted. The store's resolved rows
    are written here as the ranges come back, in doc_id order. The runs go
    to ``scratch`` (a folder the workers see at that path). ``timings``
    gets each stage's wall seconds.
    """
    from kg.engine import dask_sort
    from kg.heap import give_back, settle
    from kg.lexicon.tables import load_lexicon

    lexicon = lexicon or load_lexicon()
    path = store.path.resolve()
    threads = sum(client.nthreads().values()) or 1
    window = threads * IN_FLIGHT
    spans = ranges(doc_ids, range_size(len(doc_ids), threads))
    sample_chars = dask_sort.SAMPLE_CHARS  # read here, so that a test's setting reaches the workers
    sorts = {name: RangeSort(client, scratch, name, SORTED[name].render, SORTED[name].lead) for name in sorted_exports}

    def runs(number: int) -> tuple[tuple[SortedExport, str], ...]:
        return tuple((SORTED[name], str(sort.run_path(number))) for name, sort in sorts.items())

    clock = _Clock(timings)
    table, members = table_on_cluster(client, path, spans, scratch, None if lexicon is load_lexicon() else lexicon)
    offices = LinkedOffices(table.linked, table.entities, lexicon)
    clock.lap("entity table (workers)")
    shared = client.scatter(Shared(table, offices, members), broadcast=True, hash=False)
    tally = FilterTally(table.entities)
    settle()  # the entity table, out of the collector's full scans (kg.heap)
    for future in _in_order(client, ((tally_range, (path, first, last, shared)) for first, last in spans), window):
        tally.merge(future.result())
        future.release()
        give_back()
    settled = client.scatter(tally.settle(), broadcast=True, hash=False)
    del tally
    clock.lap("tally (workers)")
    facts = DistinctFacts()

    def add(samples: Sequence[Sample]) -> None:
        for sort, sample in zip(sorts.values(), samples, strict=True):
            sort.add(sample)

    def rows() -> Iterator[tuple[str, str, str]]:
        calls = ((resolve_range, (path, first, last, shared, settled, runs(number), sample_chars)) for number, (first, last) in enumerate(spans))
        for future in _in_order(client, calls, window):
            result = future.result()
            future.release()
            add(result.samples)
            facts.merge(result.firsts, result.assertions)
            yield from result.rows
            del result
            give_back()  # the range's message, decoded and dropped (kg.heap)

    store.write_resolved_rows(rows())
    corpus = facts.corpus(table)
    clock.lap("last pass and named graphs' runs (workers)")
    shared.release()
    members.remove()
    settled.release()
    if sorts:
        entities, distinct = corpus.entities, corpus.facts
        step = DEFAULT_SLICE
        for number, start in enumerate(range(0, max(len(entities), len(distinct), 1), step), start=len(spans)):
            part = client.submit(default_runs, entities[start : start + step], distinct[start : start + step], runs(number), sample_chars, pure=False)
            add(part.result())
            part.release()
            give_back()  # the slice's message (kg.heap)
        clock.lap("default graph's runs (workers)")
    return corpus, sorts


class _Clock:
    """Wall seconds of each stage into ``timings`` (when given)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        import time

        self.timings, self.now = timings, time.perf_counter
        self.last = self.now()

    def lap(self, stage: str) -> None:
        if self.timings is not None:
            now = self.now()
            self.timings[stage] = now - self.last
            self.last = now
