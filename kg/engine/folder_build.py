"""``kg build`` into a folder: analyses spilled to disk, reused when nothing they depend on changed.

Why: the NLP stage is nearly all of a build's time and its output per
article depends only on the article, the spaCy model and kg's own code.
So each analysis is written to the folder's analysis store
(:mod:`kg.engine.spill`) under a cache key of exactly those, the corpus-level
stages read it back column by column, and a later build into the same
folder analyses only the articles whose key is new (added or changed
articles, another model, another kg); an article no longer in the input is
dropped from the store, so its facts disappear. Resolution, the graph and
the exports are always made again from the whole store, in ``doc_id``
order, so an incremental build writes the same bytes as a clean one.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.engine.knowledge_graph import KnowledgeGraph
from kg.engine.parallel import Progress, chunked, iter_analyses
from kg.engine.spill import SCHEMA, STORE_NAME, AnalysisStore
from kg.types import Document, DocumentAnalysis

if TYPE_CHECKING:
    from distributed import Client

    from kg.engine.dask_exports import ClusterExports
    from kg.export.registry import Exporter
    from kg.resolve.corpus import ResolvedCorpus

Analyser = Callable[[Sequence[Document], Progress | None], Iterator[DocumentAnalysis]]
"""Articles to analyse, progress callback -> their analyses in the same order (the NLP stage, wherever it runs)."""

#: Analyses written to the store per transaction: bounded memory, few commits.
SPILL_BATCH = 64
#: The output folder's scratch area: a Dask cluster's sorted runs and merged ranges (the folder is shared with the workers).
SCRATCH_NAME = ".kg-scratch"


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unversioned"


def code_digest() -> str:
    """kg's version and a digest of its own code and data files.

    Why not the version alone: a development checkout keeps its version
    number while its rules change, and a stale analysis must never be reused.
    Reading the package's files takes a few milliseconds.
    """
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(_version("kg").encode())
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".json", ".ttl", ".txt") and p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def analysis_keys(documents: Iterable[Document], model: str) -> dict[str, str]:
    """doc_id -> the cache key of its analysis: content, title, date, model name and version, kg's code, the store's schema."""
    common = repr((model, _version(model), code_digest(), SCHEMA))
    return {
        d.doc_id: hashlib.sha256(repr((d.content_hash, d.title, d.date, common)).encode()).hexdigest()[:32]
        for d in documents
    }


def spill_analyses(
    store: AnalysisStore,
    documents: tuple[Document, ...],
    model: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    analyse: Analyser | None = None,
    **options: Any,
) -> int:
    """Bring ``store`` to exactly the analyses of ``documents``: analyse what is missing or stale, drop the rest.

    ``analyse`` makes the missing analyses, in order (default: this machine,
    :func:`kg.engine.parallel.iter_analyses` with ``jobs`` and ``options``;
    the Dask engine passes its cluster's). Returns the number of articles
    analysed (the others were reused).
    """
    from kg.nlp.model import model_name

    keys = analysis_keys(documents, model_name(model))
    stored = store.cache_keys()
    store.keep_only(keys)
    todo = [d for d in documents if stored.get(d.doc_id) != keys[d.doc_id]]
    if progress is not None and len(todo) < len(documents):
        progress(len(documents) - len(todo))
    made = analyse(todo, progress) if analyse is not None else iter_analyses(todo, model=model, jobs=jobs, progress=progress, **options)
    for batch in chunked(made, SPILL_BATCH):
        store.add(batch, keys)
    return len(todo)


def graph_from_store(store: AnalysisStore, documents: tuple[Document, ...]) -> KnowledgeGraph:
    """Resolve the stored analyses in two passes and build the graph's quads: no analysis is held whole."""
    from kg.graph.quads import build_quads
    from kg.resolve.corpus import resolve_passes

    resolution = resolve_passes(store.entities, store.entities_and_facts)
    quads = build_quads(documents, resolution.entities, resolution.assertions, resolution.article_mentions)
    return KnowledgeGraph(quads, resolution.entities, resolution.assertions, documents)


def build_into(
    folder: str | Path,
    documents: Iterable[Document],
    model: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    **options: Any,
) -> KnowledgeGraph:
    """Documents -> KnowledgeGraph with the analyses spilled to (and reused from) ``folder``'s store.

    The graph is the one :func:`kg.engine.pipeline.build_from_documents` makes
    from the same documents; ``options`` go to :func:`kg.engine.parallel.iter_analyses`.
    """
    from kg.read.documents import unique_documents

    ordered = unique_documents(documents)
    with AnalysisStore(Path(folder) / STORE_NAME) as store:
        spill_analyses(store, ordered, model=model, jobs=jobs, progress=progress, **options)
        return graph_from_store(store, ordered)


@dataclass(frozen=True)
class FolderBuild:
    """What :func:`build_folder` did: counts for the summary line and the files written."""

    articles: int
    analysed: int
    entities: int
    assertions: int
    written: tuple[Path, ...]

    def summary(self) -> str:
        """Counts in words, as ``kg build`` reports them."""
        from kg.engine.knowledge_graph import count

        return ", ".join(count(n, noun) for n, noun in ((self.articles, "article"), (self.entities, "entity"), (self.assertions, "assertion")))


def build_folder(
    folder: str | Path,
    documents: Iterable[Document],
    model: str | None = None,
    jobs: int = 1,
    formats: Sequence[str] | None = None,
    progress: Progress | None = None,
    analyse: Analyser | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    cluster: Client | None = None,
    timings: dict[str, float] | None = None,
    **options: Any,
) -> FolderBuild:
    """``kg build``: analyses spilled to ``folder``'s store, resolved in passes, exports streamed into ``folder``.

    Memory holds the entities and the default graph's distinct facts:
    resolution writes each article's assertions to the store
    (:func:`kg.resolve.corpus.resolve_into`), and each article's named graph
    is made from there when an exporter reaches it
    (:class:`kg.graph.stream.StreamedQuads`), the default graph at the start
    of each export; each export is written in pieces. The files are those
    :meth:`KnowledgeGraph.export` writes for :func:`build_into`'s graph.

    ``engine="dask"`` runs the NLP stage on the cluster at ``scheduler`` (a
    LocalCluster of ``jobs`` workers when None): its analyses come back in
    document order straight into the store (articles with a current analysis
    are not sent). Resolution's per-article passes, the N-Triples and Turtle
    exports (each range's named graphs made and sorted on the workers into
    run files in the folder's scratch area, :data:`SCRATCH_NAME`; the merged
    ranges' files copied here in order) and TriG's and JSON-LD's named graphs
    run on the cluster when its workers see the store
    (:mod:`kg.engine.dask_resolve`, :mod:`kg.engine.dask_exports`;
    ``cluster`` is that client), GraphML and the page here as in a local
    build; the files are the same bytes.

    ``timings``, when given, gets each stage's wall seconds as it ends
    (``analyse``, ``resolve``, ``export NAME``): how scripts/bench_build.py
    times the path ``kg build`` takes rather than a copy of it.
    """
    if engine == "dask":
        from kg.engine.distributed import connect, iter_analyses_dask

        with connect(scheduler, jobs if jobs > 1 else None) as client:

            def on_cluster(todo: Sequence[Document], progress: Progress | None) -> Iterator[DocumentAnalysis]:
                return iter_analyses_dask(client, todo, model=model, progress=progress, chunk_size=options.get("chunk_size"))

            return build_folder(
                folder, documents, model, formats=formats, progress=progress, analyse=on_cluster, cluster=client, timings=timings
            )
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}: choose 'local' or 'dask'")
    from kg.export import exporters, get_exporter
    from kg.files import write_atomic_chunks
    from kg.graph.stream import StreamedQuads
    from kg.heap import long_lived, settle
    from kg.read.documents import unique_documents

    folder = Path(folder)
    lap = _Laps(timings)
    ordered = unique_documents(documents)
    chosen = [get_exporter(name) for name in formats] if formats else list(exporters().values())
    staging: Path | None = None
    scratch = folder / SCRATCH_NAME
    try:
        _clear(scratch)  # a killed build's runs: never part of this build
        staging = _staging(folder)
        with AnalysisStore(folder / STORE_NAME) as store, long_lived():
            analysed = spill_analyses(store, ordered, model=model, jobs=jobs, progress=progress, analyse=analyse, **options)
            lap("analyse")
            resolution, cluster_writes = resolve_store(store, [d.doc_id for d in ordered], cluster, [e.name for e in chosen], scratch)
            quads = StreamedQuads.from_articles(store.resolved_articles, resolution.entities, resolution.facts)
            lap("resolve")
            target = staging if staging is not None else folder
            for exporter in export_order(chosen, cluster_writes):
                settle()  # the resolution, and the terms the graph has cached so far, live through every export (kg.heap)
                write_atomic_chunks(target / exporter.filename, export_pieces(exporter, quads, cluster_writes))
                lap(f"export {exporter.name}")
        _clear(scratch)  # before the swap: the scratch area is no export
        if staging is not None:
            _swap_in(staging, folder)  # inside the guard too: a stop while swapping leaves no staging folder behind
    except BaseException:
        if staging is not None:  # a full disk or a stop: the half-made set is no one's, and would keep the disk full
            import shutil

            shutil.rmtree(staging, ignore_errors=True)
        _clear(scratch)
        raise
    written = tuple(folder / exporter.filename for exporter in chosen)
    return FolderBuild(len(ordered), analysed, len(resolution.entities), resolution.assertions, written)


class _Laps:
    """Records the wall seconds since the last lap under a stage's name, when there is somewhere to record them."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        import time

        self._timings = timings
        self._clock = time.perf_counter
        self._last = self._clock()

    def __call__(self, stage: str) -> None:
        if self._timings is not None:
            now = self._clock()
            self._timings[stage] = now - self._last
            self._last = now


def resolve_store(
    store: AnalysisStore,
    doc_ids: Iterable[str],
    cluster: Client | None,
    formats: Sequence[str],
    scratch: Path,
    timings: dict[str, float] | None = None,
) -> tuple[ResolvedCorpus, ClusterExports | None]:
    """Resolution of the store's articles (``doc_ids``) into it, here or with its per-article passes on ``cluster``.

    Returns the resolution and, when it ran on the cluster, the exports the
    cluster writes (of ``formats``, those sorted whole are made and sorted
    there, into run files in ``scratch``; None: every export is written from
    the graph here). ``timings`` gets the cluster's stages (scripts/bench_build.py).
    """
    from kg.resolve.corpus import resolve_into

    if cluster is not None:
        from kg.engine.dask_exports import ClusterExports
        from kg.engine.dask_resolve import resolve_on_cluster, workers_see
        from kg.engine.dask_sorted import SORTED

        if workers_see(cluster, store):
            doc_ids = sorted(doc_ids)
            sorted_exports = [name for name in SORTED if name in formats]
            resolution, sorts = resolve_on_cluster(cluster, store, doc_ids, sorted_exports, scratch.resolve(), timings=timings)
            return resolution, ClusterExports(cluster, store.path.resolve(), doc_ids, sorts)
    return resolve_into(store.entities, store.entities_and_facts, store.write_resolved), None


def _clear(scratch: Path) -> None:
    """Remove the scratch area (its run and part files), if any."""
    import shutil

    shutil.rmtree(scratch, ignore_errors=True)


def export_order(chosen: Sequence[Exporter], on_cluster: ClusterExports | None) -> list[Exporter]:
    """The exporters in the order they are written: with a cluster, those sorted there first (their run files wait in the scratch area until written)."""
    return sorted(chosen, key=lambda e: on_cluster is None or e.name not in on_cluster.sorts)


def export_pieces(exporter: Exporter, quads: Any, on_cluster: ClusterExports | None) -> Iterable[str | bytes]:
    """The pieces of ``exporter``'s file: made on the cluster when it writes that export, else streamed from ``quads`` here."""
    made = on_cluster.pieces(exporter.name, quads) if on_cluster is not None else None
    return made if made is not None else exporter.stream(quads)


def _staging(folder: Path) -> Path | None:
    """A fresh sibling folder for the new exports, or None to write in place (the folder holds sub-folders, or is the working folder).

    Why a sibling: the new exports are swapped in as one folder (:func:`kg.files.exchange_folders`),
    so a kill or a full disk leaves the old set or the new set. A folder with
    sub-folders is not only kg's, and the working folder cannot be swapped
    under the shell that runs kg; those get per-file atomic writes as before.
    """
    import shutil

    folder = folder.resolve()
    if folder == Path.cwd().resolve() or (folder.exists() and any(p.is_dir() for p in folder.iterdir())):
        return None
    staging = folder.parent / f".{folder.name}.kg-new"
    if staging.exists():
        shutil.rmtree(staging)  # left by a killed build: never part of any set of exports
    staging.mkdir(parents=True)
    return staging


def _swap_in(staging: Path, folder: Path) -> None:
    """Carry over what the build did not write (the analysis store, other exports), then swap ``staging`` in as ``folder``."""
    import os
    import shutil

    from kg.files import exchange_folders

    if folder.exists():
        for entry in folder.iterdir():
            if not (staging / entry.name).exists():
                try:
                    os.link(entry, staging / entry.name)  # same filesystem: the store is not copied
                except OSError:
                    shutil.copy2(entry, staging / entry.name)
    if not exchange_folders(staging, folder):
        for entry in staging.iterdir():  # no atomic swap here: file by file, each atomically
            os.replace(entry, folder / entry.name)
    shutil.rmtree(staging, ignore_errors=True)
