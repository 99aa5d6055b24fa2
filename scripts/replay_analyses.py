"""Replayed analyses: a corpus of any size for the corpus-level stages, without days of spaCy.

Why: the stages after the NLP stage (spilling, resolution, quads, exports)
are where memory used to grow with the corpus, and measuring them at 100,000
articles through spaCy would take 4–5 hours per run. Here a few dozen
synthetic articles (``bench_build.synthetic_articles``) are analysed once by
kg itself and cached; any number of analyses are then made from them by
*replay*: copy ``k`` of a base analysis gets its own text (so its own
content hash and ``doc_id``), its evidence points at that ``doc_id``, and
every person gets a surname of its own per copy, so the entity table grows
with the corpus as it does in a real archive (new people every day; the
same states, minerals and bodies). Everything else — offsets, sentences,
facts, mention counts — is the real analysis, so the per-article cost and
size are those of a real build.

Used by ``scripts/bench_build.py --replay``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

from kg.engine.codec import decode, encode
from kg.types import DocumentAnalysis, Evidence, LocalFact

CACHE = Path(__file__).resolve().parent.parent / ".bench-cache"
SYLLABLES = ("ka", "lo", "mi", "ren", "tu", "vos", "sha", "pe", "dri", "nol", "bar", "zin")


def base_analyses(count: int, model: str | None = None) -> list[DocumentAnalysis]:
    """Kg's analyses of the first ``count`` synthetic articles, cached in ``.bench-cache/`` by the codec."""
    from kg.engine.spill import SCHEMA

    tag = hashlib.sha256(f"{count} {model} {SCHEMA}".encode()).hexdigest()[:12]
    path = CACHE / f"replay-base-{count}-{tag}.jsonl"
    if path.exists():
        return [decode(DocumentAnalysis, line) for line in path.read_text(encoding="utf-8").splitlines()]
    import bench_build

    from kg.engine.parallel import analyze_parallel
    from kg.read.documents import unique_documents
    from kg.read.inputs import documents_from_texts

    documents = unique_documents(documents_from_texts(list(bench_build.synthetic_articles(count))))
    analyses = analyze_parallel(documents, model=model)
    CACHE.mkdir(exist_ok=True)
    path.write_text("".join(encode(a) + "\n" for a in analyses), encoding="utf-8")
    return analyses


def _pseudo_surname(copy: int) -> str:
    """A surname made of syllables, one per copy: 0 -> "Ka", 13 -> "Loka"."""
    word = ""
    copy += 1
    while copy:
        copy, digit = divmod(copy - 1, len(SYLLABLES))
        word = SYLLABLES[digit] + word
    return word.capitalize()


def _renamed(name: str, suffix: str) -> str:
    words = name.split()
    if not words:
        return name
    words[-1] = words[-1] + suffix.lower()
    return " ".join(words)


def replay(base: DocumentAnalysis, copy: int) -> DocumentAnalysis:
    """Copy ``copy`` of ``base``: its own text and doc_id, its people renamed; copy 0 is ``base`` itself."""
    if copy == 0:
        return base
    document = base.document
    text = f"{document.text}\n\n(replay {copy})"
    document = dataclasses.replace(document, text=text, content_hash="sha256:" + hashlib.sha256(text.encode()).hexdigest())
    doc_id = document.doc_id
    suffix = _pseudo_surname(copy)
    entities = tuple(
        dataclasses.replace(e, name=_renamed(e.name, suffix), forms=tuple(_renamed(f, suffix) for f in e.forms)) if e.kind == "Person" else e
        for e in base.entities
    )
    people = {e.local_id: suffix for e in base.entities if e.kind == "Person"}

    def evidence(old: Evidence) -> Evidence:
        return dataclasses.replace(old, doc_id=doc_id)

    def fact(old: LocalFact) -> LocalFact:
        return dataclasses.replace(old, evidence=evidence(old.evidence))

    mentions = tuple((local, dataclasses.replace(m, text=_renamed(m.text, people[local])) if local in people else m) for local, m in base.mentions)
    return DocumentAnalysis(document, base.sentences, entities, tuple(fact(f) for f in base.facts), mentions)


def replayed(n: int, bases: list[DocumentAnalysis]) -> Iterator[DocumentAnalysis]:
    """``n`` distinct analyses: the bases, then copy 1 of each, copy 2, ..."""
    for i in range(n):
        copy, which = divmod(i, len(bases))
        yield replay(bases[which], copy)



def measure_corpus_stages(n: int, bases: int, model: str | None, folder: Path, engine: str = "local") -> dict[str, object]:
    """The corpus-level stages of ``kg build`` on ``n`` replayed analyses, stage by stage, as :func:`kg.engine.folder_build.build_folder` runs them.

    Making the analyses is not timed (it stands for the NLP stage); storing
    them is ("spill"). Peak RSS is the process's own (:func:`peak_rss_mb`). Each
    stage's CPU time (``time.process_time``) is reported beside its wall
    time: on a shared machine the wall time of a long run follows the load
    of whatever else runs, its CPU time much less.

    ``engine="dask"``: as ``kg build --engine dask`` runs them, on a
    LocalCluster of two worker processes started after the spill (its start
    is not timed): resolution's per-article passes, the N-Triples and Turtle
    (sorted there through run files in the folder's scratch area) and TriG's and
    JSON-LD's named graphs on the workers, GraphML and the page here. This process's peak RSS is then the
    client's (and the scheduler's, which a LocalCluster runs in it); each
    worker's own peak is reported apart (``worker_peak_rss_mb``), and so is
    the CPU time of the workers (``worker_cpu_seconds``), since this
    process's CPU time no longer covers the work.
    """
    import contextlib
    import time

    from kg.engine.folder_build import SCRATCH_NAME, export_order, export_pieces, resolve_store
    from kg.engine.spill import STORE_NAME, AnalysisStore
    from kg.export import exporters
    from kg.files import write_atomic_chunks
    from kg.graph.stream import StreamedQuads
    from kg.heap import long_lived, settle

    base = base_analyses(bases, model)
    stages: dict[str, float] = {}
    cpu: dict[str, float] = {}
    rss: dict[str, float] = {}
    cluster: dict[str, object] = {}

    def peak() -> float:
        return peak_rss_mb()

    def progress(stage: str) -> None:
        print(f"replay {n:,}: {stage} {stages[stage]:.1f} s (CPU {cpu[stage]:.1f} s), peak {rss[stage]:,.0f} MB", file=sys.stderr, flush=True)

    with AnalysisStore(folder / STORE_NAME) as store, long_lived(), contextlib.ExitStack() as stack:  # as kg.engine.folder_build.build_folder
        spill = spill_cpu = 0.0
        batch: list[DocumentAnalysis] = []
        doc_ids: list[str] = []
        for analysis in replayed(n, base):
            batch.append(analysis)
            doc_ids.append(analysis.document.doc_id)
            if len(batch) == 64:
                start, start_cpu = time.perf_counter(), time.process_time()
                store.add(batch, "replay")
                spill += time.perf_counter() - start
                spill_cpu += time.process_time() - start_cpu
                batch = []
        start, start_cpu = time.perf_counter(), time.process_time()
        store.add(batch, "replay")
        stages["spill"] = spill + time.perf_counter() - start
        cpu["spill"] = spill_cpu + time.process_time() - start_cpu
        rss["spill"] = peak()
        progress("spill")
        client = None
        if engine == "dask":
            from kg.engine.distributed import connect

            client = stack.enter_context(connect(None, 2))
            client.run(_worker_usage)  # the workers' imports and start-up, before the clock
            rss["cluster started"] = peak()
        last, last_cpu = time.perf_counter(), time.process_time()
        timings: dict[str, float] = {}
        chosen = list(exporters().values())
        resolution, on_cluster = resolve_store(store, doc_ids, client, [e.name for e in chosen], folder / SCRATCH_NAME, timings)
        quads = StreamedQuads.from_articles(store.resolved_articles, resolution.entities, resolution.facts)
        stages["resolve + default graph"] = time.perf_counter() - last
        cpu["resolve + default graph"] = time.process_time() - last_cpu
        rss["resolve + default graph"] = peak()
        progress("resolve + default graph")
        chosen = export_order(chosen, on_cluster)
        for exporter in chosen:
            last, last_cpu = time.perf_counter(), time.process_time()
            settle()  # timed: a build pays it
            write_atomic_chunks(folder / exporter.filename, export_pieces(exporter, quads, on_cluster))
            stages[f"export {exporter.name}"] = time.perf_counter() - last
            cpu[f"export {exporter.name}"] = time.process_time() - last_cpu
            rss[f"export {exporter.name}"] = peak()
            progress(f"export {exporter.name}")
        if client is not None:
            usage = client.run(_worker_usage)
            cluster = {
                "resolve_stages": timings,
                "worker_peak_rss_mb": sorted(u[0] for u in usage.values()),
                "worker_cpu_seconds": sum(u[1] for u in usage.values()),
            }
    seconds = sum(stages.values())
    cpu_seconds = sum(cpu.values())
    return {
        "articles": n,
        "engine": engine,
        "seconds": seconds,
        "ms_per_article": 1000 * seconds / n,
        "cpu_seconds": cpu_seconds,
        "cpu_ms_per_article": 1000 * cpu_seconds / n,
        "peak_rss_mb": peak(),
        "stages": stages,
        "cpu_stages": cpu,
        "rss_after": rss,
        "entities": len(resolution.entities),
        "assertions": resolution.assertions,
        "store_mb": (folder / STORE_NAME).stat().st_size / 2**20,
        **cluster,
    }


def peak_rss_mb() -> float:
    """This process's own peak RSS in MB: the high-water mark of its memory (``VmHWM``), else ``getrusage``'s.

    Why not ``getrusage`` first: on Linux its ``ru_maxrss`` survives
    ``exec``, so a process started by one that had loaded spaCy (the
    benchmark's parent, when it analyses the replay's bases because they
    are not cached yet) reports the parent's peak as its own (about 240 MB:
    the "fixed cost before the spill" of earlier 1,000-article rows).
    ``VmHWM`` belongs to the process's own address space.
    """
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_usage() -> tuple[float, float]:
    """A worker process's peak RSS (MB, :func:`peak_rss_mb`) and CPU seconds so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return peak_rss_mb(), usage.ru_utime + usage.ru_stime
