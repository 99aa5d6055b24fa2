"""Benchmark ``kg build`` against bare spaCy on a synthetic corpus.

Why: kg's promise (issue 6) is to stay near spaCy's own throughput: the NLP
model should be the cost of a build, not kg's glue around it. This script
makes N distinct articles by varying the five seed articles
deterministically (states, people, numbers and paragraph order change, so
the resolver sees a growing corpus, not N copies), then times, in one run
and on the same blocks of text:

* bare spaCy ``nlp.pipe`` with the plain model (no kg ruler);
* bare spaCy ``nlp.pipe`` with kg's pipeline (:func:`kg.nlp.model.load_pipeline`);
* kg's build end to end as ``kg build -o FOLDER`` runs it (one process with
  ``-j 1``): ingest from files -> :func:`kg.engine.folder_build.build_folder`
  (analyses spilled to the folder's store, resolution in passes, every export
  streamed and swapped in), with a time per stage; ``--memory-row`` adds the
  older in-memory row (analyses, quads and exports held whole) for comparison.

Each measurement runs in a fresh subprocess so that its peak RSS is its own.
It prints articles/s, tokens/s, peak RSS and kg's throughput as a share of
bare spaCy's. It is run by hand, never as a timed test.

Usage::

    .venv/bin/python scripts/bench_build.py                    # 100 and 1,000 articles
    .venv/bin/python scripts/bench_build.py -n 100 1000 10000 -j 1 2
    .venv/bin/python scripts/bench_build.py -n 200 --profile   # where kg's time goes
    .venv/bin/python scripts/bench_build.py -n 1000 --engine dask -j 2
    .venv/bin/python scripts/bench_build.py -n 100 -j 1 2 --repeat 3  # fastest of 3 interleaved runs per row
    .venv/bin/python scripts/bench_build.py -n 10000 -j 1 2 --spacy plain  # skip the kg-pipeline spaCy row
    .venv/bin/python scripts/bench_build.py --replay 40 -n 10000 --engine dask  # corpus stages as --engine dask runs them (2 workers)

The corpus generator (:func:`synthetic_articles`) is reused by
``tests/test_parallel.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# --------------------------------------------------------------------------- the corpus

#: (state, demonym, capital): the seeds are about Ukraine; variants move the story.
STATES = (
    ("Ukraine", "Ukrainian", "Kyiv"),
    ("Kazakhstan", "Kazakh", "Astana"),
    ("Chile", "Chilean", "Santiago"),
    ("Australia", "Australian", "Canberra"),
    ("Indonesia", "Indonesian", "Jakarta"),
    ("Brazil", "Brazilian", "Brasília"),
    ("Argentina", "Argentine", "Buenos Aires"),
    ("Canada", "Canadian", "Ottawa"),
    ("Mongolia", "Mongolian", "Ulaanbaatar"),
    ("Zambia", "Zambian", "Lusaka"),
    ("Peru", "Peruvian", "Lima"),
    ("Vietnam", "Vietnamese", "Hanoi"),
    ("Namibia", "Namibian", "Windhoek"),
    ("Bolivia", "Bolivian", "La Paz"),
    ("Greenland", "Greenlandic", "Nuuk"),
    ("Philippines", "Filipino", "Manila"),
)
#: Surnames of the people in the seeds, replaced together with any given name before them.
SEED_SURNAMES = (
    "Svyrydenko", "Zelenskyy", "Zelensky", "Stefanchuk", "Bessent", "Bassent", "Sybiha", "Yermak",
    "Kubrakov", "Witkoff", "Kellogg", "Hughes", "Raimondo", "Orynchak", "Musk",
)  # fmt: skip
GIVEN = (
    "Anna", "Boris", "Carla", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Irina", "James", "Karin", "Luis",
    "Maria", "Nikolai", "Olga", "Pedro", "Rosa", "Samuel", "Tatiana", "Victor", "Wendy", "Yusuf", "Zofia", "Adrian",
)  # fmt: skip
SURNAMES = (
    "Abrams", "Baker", "Castillo", "Dimitrov", "Eriksen", "Fischer", "Garcia", "Hoffmann", "Ivanova", "Jensen",
    "Kowalski", "Larsen", "Moreno", "Novak", "Okafor", "Petrov", "Quinn", "Romero", "Schmidt", "Tanaka", "Ulrich",
    "Vargas", "Walker", "Yilmaz", "Zimmer", "Alvarez", "Bennett", "Chavez", "Dalton", "Esposito", "Ferreira",
    "Gallagher", "Haddad", "Ibrahim", "Jovanovic", "Keller", "Lindqvist", "Mendoza", "Nakamura", "Ortega",
)  # fmt: skip
_SURNAME_RE = re.compile(r"\b(?:[A-Z][a-z]+ )?(" + "|".join(SEED_SURNAMES) + r")\b")
_YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_AMOUNT_RE = re.compile(r"\b(3[2-9]|[4-9]\d|[1-9]\d{2,})\b(?![,.]?\d)")  # never a day of the month


def seed_texts() -> list[str]:
    """The five seed articles, in file-name order."""
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def _vary(text: str, variant: int) -> str:
    """One deterministic variant of a seed: another state, other people, other numbers, other order."""
    rng = random.Random(variant)
    state, demonym, capital = STATES[variant % len(STATES)]
    text = re.sub(r"\bUkrainian\b", demonym, text)
    text = re.sub(r"\bUkraine\b", state, text)
    text = re.sub(r"\bKyiv\b", capital, text)
    people: dict[str, str] = {}

    def person(match: re.Match[str]) -> str:
        # "Zelensky" and "Zelenskyy" are one person in the seeds, so they stay one here
        key = match.group(1).rstrip("y") or match.group(1)
        if key not in people:
            people[key] = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
        given, family = people[key].split(" ")
        return f"{given} {family}" if " " in match.group(0) else family

    text = _SURNAME_RE.sub(person, text)
    shift = rng.randint(-3, 3)
    text = _YEAR_RE.sub(lambda m: str(int(m.group(1)) + shift), text)
    text = _AMOUNT_RE.sub(lambda m: str(int(m.group(1)) + variant % 97), text)
    # paragraphs change places; headings and page furniture ("About the Creator") stay put
    lines = text.split("\n")
    long = [i for i, line in enumerate(lines) if i > 0 and len(line) >= 120]
    order = long[:]
    rng.shuffle(order)
    moved = list(lines)
    for place, source in zip(long, order, strict=True):
        moved[place] = lines[source]
    return "\n".join(moved)


def synthetic_articles(n: int) -> Iterator[str]:
    """``n`` distinct article texts: the five seeds first, then deterministic variants of them.

    Examples:
        >>> texts = list(synthetic_articles(12))
        >>> len(texts) == len(set(texts)) == 12
        True
        >>> texts[:5] == seed_texts() and list(synthetic_articles(12)) == texts
        True
    """
    seeds = seed_texts()
    seen: set[str] = set()
    made = 0
    variant = 0
    while made < n:
        text = seeds[variant % len(seeds)] if variant < len(seeds) else _vary(seeds[variant % len(seeds)], variant)
        variant += 1
        if text in seen:
            continue
        seen.add(text)
        made += 1
        yield text


def write_corpus(folder: Path, n: int) -> list[Path]:
    """Write ``n`` synthetic articles as .txt files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(synthetic_articles(n)):
        path = folder / f"{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- measuring (each in its own process)


def _peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


class TreeMemory:
    """Samples the RSS of this process plus all its descendants (pool or Dask workers); keeps the peak.

    ``getrusage`` only gives the largest single process; with ``-j N`` the
    machine holds N models at once, so the sum is the figure that matters.
    Needs psutil; without it the peak stays 0 and the report falls back to getrusage.
    """

    def __init__(self, interval: float = 0.1) -> None:
        import threading

        self.peak_mb = 0.0
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    continue
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self._stop.wait(self._interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _blocks(corpus: Path) -> list[str]:
    """The text blocks kg parses, cut as :mod:`kg.engine.analyze` cuts them, so spaCy and kg see the same input."""
    from kg.nlp.blocks import iter_blocks
    from kg.read.inputs import read_inputs

    return [text for document in read_inputs([corpus]) for _, text in iter_blocks(document.text)]


def measure_spacy(corpus: Path, model: str | None, with_ruler: bool, batch_size: int) -> dict[str, Any]:
    """Bare ``nlp.pipe`` over the corpus's blocks: the model alone, or kg's pipeline (model + lexicon ruler)."""
    import spacy

    from kg.nlp.model import load_pipeline, model_name

    blocks = _blocks(corpus)
    nlp = load_pipeline(model) if with_ruler else spacy.load(model_name(model))
    wall, cpu = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(blocks, batch_size=batch_size))
    return {"seconds": time.perf_counter() - wall, "cpu_seconds": time.process_time() - cpu, "tokens": tokens, "blocks": len(blocks)}


def measure_kg(corpus: Path, model: str | None, jobs: int, engine: str) -> dict[str, Any]:
    """kg's build as ``kg build -o FOLDER`` runs it, into a fresh folder: the same library calls as :func:`kg.cli.cmd_build`.

    Ingest is :func:`kg.read.inputs.read_inputs` as the command calls it;
    then :func:`kg.engine.folder_build.build_folder` itself: the NLP stage
    with each batch spilled to the folder's analysis store, resolution in
    passes over the store, every export streamed to a staging folder and
    swapped in, all inside :func:`kg.heap.long_lived`. Its stages come from
    the function's own ``timings``. With one local job the model is loaded
    before the clock starts, as for bare spaCy; worker processes load their
    own and that time is counted.
    """
    from kg.engine.folder_build import build_folder
    from kg.heap import long_lived
    from kg.nlp.model import load_pipeline
    from kg.read.inputs import read_inputs

    stages: dict[str, float] = {}
    with long_lived(), tempfile.TemporaryDirectory(prefix="kg-bench-out-") as out:
        if jobs == 1 and engine == "local":
            # loaded where `kg build` loads it, inside build_folder's kg.heap.long_lived: the model settles out of the
            # collector's full scans there (loaded outside, each full collection visits its 150,000 objects: ~2 % of a build)
            load_pipeline(model)
        start, cpu = time.perf_counter(), time.process_time()
        documents = list(read_inputs([str(corpus)]))
        stages["ingest"] = time.perf_counter() - start
        built = build_folder(Path(out) / "exports", documents, model=model, jobs=jobs, engine=engine, timings=stages)
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    stages["other (store close, swap in)"] = seconds - sum(stages.values())
    _, children = _peak_rss_mb()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "stages": stages,
        "entities": built.entities,
        "assertions": built.assertions,
        "peak_rss_children_mb": children,
    }


def measure_kg_in_memory(corpus: Path, model: str | None, jobs: int, engine: str) -> dict[str, Any]:
    """The older kg row (``--memory-row``): analyses, resolution, quads and each export held whole in memory.

    Why kept: it is what this benchmark measured until branch ``speed11``
    (the library's :func:`kg.engine.pipeline.build_from_documents` path,
    not ``kg build``'s), so old figures can be compared with new ones in one run.
    """
    from kg.engine.pipeline import analyze_all
    from kg.export import exporters
    from kg.files import write_atomic
    from kg.graph.quads import build_quads
    from kg.nlp.model import load_pipeline
    from kg.read.documents import unique_documents
    from kg.read.inputs import read_inputs
    from kg.resolve.corpus import resolve

    if jobs == 1 and engine == "local":
        load_pipeline(model)
    stages: dict[str, float] = {}
    rss: dict[str, float] = {}
    start = last = time.perf_counter()
    cpu = time.process_time()

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        stages[name] = now - last
        rss[name] = _peak_rss_mb()[0]
        last = now

    documents = unique_documents(read_inputs([corpus]))
    lap("ingest")
    if engine == "dask":
        from kg.engine.distributed import analyze_with_dask, connect

        with connect(None, workers=jobs) as client:
            lap("start cluster")
            analyses = analyze_with_dask(client, documents, model=model)
    else:
        analyses = analyze_all(documents, model=model, jobs=jobs)
    lap("analyse")
    resolution = resolve(analyses)
    del analyses
    lap("resolve")
    dataset = build_quads(documents, resolution.entities, resolution.assertions, resolution.article_mentions)
    lap("quads")
    with tempfile.TemporaryDirectory() as out:
        for exporter in exporters().values():
            write_atomic(Path(out) / exporter.filename, exporter.render(dataset))
            lap(f"export {exporter.name}")
    _, children = _peak_rss_mb()
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "stages": stages,
        "rss_after": rss,
        "quads": len(dataset),
        "entities": len(resolution.entities),
        "assertions": len(resolution.assertions),
        "peak_rss_children_mb": children,
    }


def profile_kg(corpus: Path, model: str | None, top: int) -> None:
    """cProfile of a one-process build, summarised: kg's stages, spaCy's components, then the hottest functions."""
    import cProfile
    import pstats

    from kg.nlp.model import load_pipeline

    load_pipeline(model)
    profiler = cProfile.Profile()
    profiler.enable()
    result = measure_kg(corpus, model, 1, "local")
    profiler.disable()
    print("stages (wall s, under the profiler): " + ", ".join(f"{k} {v:.2f}" for k, v in result["stages"].items()))
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    by_name: dict[str, float] = {}
    for (filename, _, function), (_, _, _, cumulative, _) in entries.items():
        by_name[f"{Path(filename).name}:{function}"] = max(by_name.get(f"{Path(filename).name}:{function}", 0.0), cumulative)
    interesting = [
        ("analyse + spill (kg.engine.folder_build)", "folder_build.py:spill_analyses"),
        ("  spaCy nlp.pipe (all components)", "language.py:pipe"),
        ("    tok2vec", "tok2vec.py:predict"),
        ("    attribute_ruler", "attributeruler.py:__call__"),
        ("  headline re-parse (kg.engine.analyze)", "analyze.py:_reparse_headlines"),
        ("  kg per article (kg.engine.analyze)", "analyze.py:_analyze_parsed"),
        ("    mentions (kg.nlp.mentions)", "mentions.py:raw_mentions"),
        ("    local clustering", "analyze.py:_cluster"),
        ("    coreference (kg.nlp.coref)", "coref.py:resolve_references"),
        ("    extractors (kg.extract)", "__init__.py:run_extractors"),
        ("  spill to the store (kg.engine.spill)", "spill.py:add"),
        ("resolve (kg.engine.folder_build)", "folder_build.py:resolve_store"),
        ("exports (kg.files)", "files.py:write_atomic_chunks"),
    ]
    total = result["seconds"]
    print(f"\nwhere the time goes (cumulative, {total:.1f} s under the profiler)")
    for label, key in interesting:
        if key in by_name:
            print(f"  {label:46} {by_name[key]:8.2f} s {100 * by_name[key] / total:5.1f} %")
    print(f"\ntop {top} functions by own time")
    stats.sort_stats("tottime").print_stats(top)


def _measure_main(argv: list[str]) -> int:
    """Child process entry: one measurement, printed as one JSON line."""
    what, corpus, model, jobs, engine, batch_size = argv[0], Path(argv[1]), argv[2] or None, int(argv[3]), argv[4], int(argv[5])
    with TreeMemory() as memory:
        if what == "kg":
            result = measure_kg(corpus, model, jobs, engine)
        elif what == "kg-memory":
            result = measure_kg_in_memory(corpus, model, jobs, engine)
        else:
            result = measure_spacy(corpus, model, with_ruler=what == "spacy-kg", batch_size=batch_size)
    result["peak_rss_mb"] = _peak_rss_mb()[0]
    result["peak_tree_rss_mb"] = memory.peak_mb
    print(json.dumps(result))
    return 0


def _run(what: str, corpus: Path, model: str | None, jobs: int, engine: str, batch_size: int) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--measure",
        what,
        str(corpus),
        model or "",
        str(jobs),
        engine,
        str(batch_size),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if done.returncode != 0:
        raise SystemExit(f"bench_build: {what} failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# --------------------------------------------------------------------------- the report


def _row(label: str, n: int, tokens: int, result: dict[str, Any], plain: dict[str, Any] | None, pipeline: dict[str, Any] | None) -> str:
    """One table row; the ratios are throughput over bare spaCy's on one process (so -j 2 may pass 100 %)."""
    seconds = result["seconds"]
    rss = result.get("peak_tree_rss_mb") or max(result["peak_rss_mb"], result.get("peak_rss_children_mb", 0.0))
    ratios = [f"{reference['seconds'] / seconds:13.0%}" if reference else f"{'-':>13}" for reference in (pipeline, plain)]
    return f"| {label:22} | {n:>8,} | {seconds:8.1f} | {n / seconds:10.1f} | {tokens / seconds:9,.0f} | {rss:13,.0f} | {ratios[0]} | {ratios[1]} |"


def _replay_report(sizes: list[int], bases: int, model: str | None, json_path: Path | None, engine: str = "local") -> int:
    """Corpus stages at each size, each in a fresh process: wall and CPU time per article and peak RSS, and the ratios to the smallest size."""
    import replay_analyses

    replay_analyses.base_analyses(bases, model)  # analysed once and cached, outside every measurement
    print("| articles | corpus stages (s) | ms/article | vs first size | CPU ms/article | CPU vs first size | peak RSS (MB) | entities | assertions | store (MB) |")
    print("|---------:|------------------:|-----------:|--------------:|---------------:|------------------:|--------------:|---------:|-----------:|-----------:|")
    records = []
    for n in sizes:
        command = [sys.executable, str(Path(__file__).resolve()), "--measure-replay", str(n), str(bases), model or "", engine]
        # the child's stderr (a line per stage as it ends: a 100,000-article run takes an hour) goes straight through
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        if done.returncode != 0:
            raise SystemExit(f"bench_build: replay of {n} failed (its error is above)")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        records.append(result)
        ratio = result["ms_per_article"] / records[0]["ms_per_article"]
        cpu_ratio = result["cpu_ms_per_article"] / records[0]["cpu_ms_per_article"]
        print(
            f"| {n:>8,} | {result['seconds']:17.1f} | {result['ms_per_article']:10.2f} | {ratio:13.2f} |"
            f" {result['cpu_ms_per_article']:14.2f} | {cpu_ratio:17.2f} | {result['peak_rss_mb']:13,.0f} |"
            f" {result['entities']:>8,} | {result['assertions']:>10,} | {result['store_mb']:10,.0f} |",
            flush=True,
        )
        print(
            "    " + ", ".join(f"{k} {v:.1f} s (CPU {result['cpu_stages'][k]:.1f}) / {result['rss_after'][k]:,.0f} MB" for k, v in result["stages"].items()),
            flush=True,
        )
        if "worker_peak_rss_mb" in result:  # --engine dask: the client's figures above, the workers' here
            print(
                f"    workers: peak RSS {', '.join(f'{m:,.0f}' for m in result['worker_peak_rss_mb'])} MB, CPU {result['worker_cpu_seconds']:.1f} s;"
                f" resolution on the cluster: {', '.join(f'{k} {v:.1f} s' for k, v in result['resolve_stages'].items())}",
                flush=True,
            )
    if json_path:
        json_path.write_text(json.dumps(records, indent=1) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--measure"]:
        return _measure_main(argv[1:])
    if argv[:1] == ["--measure-replay"]:
        import replay_analyses

        with tempfile.TemporaryDirectory(prefix="kg-replay-") as out:
            result = replay_analyses.measure_corpus_stages(int(argv[1]), int(argv[2]), argv[3] or None, Path(out), argv[4] if len(argv) > 4 else "local")
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("-n", "--articles", type=int, nargs="+", default=[100, 1000], help="corpus sizes (default: 100 1000)")
    parser.add_argument("-j", "--jobs", type=int, nargs="+", default=[1], help="kg build -j values to time (default: 1)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local", help="kg's engine for the timed builds")
    parser.add_argument("--model", help="spaCy model (default: kg's default)")
    parser.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size for bare spaCy (kg's is 64)")
    parser.add_argument(
        "--spacy", choices=("both", "plain", "none"), default="both", help="bare spaCy rows: plain model and kg's pipeline (default), plain only, none"
    )
    parser.add_argument("--no-spacy", dest="spacy", action="store_const", const="none", help="time kg only (same as --spacy none)")
    parser.add_argument(
        "--memory-row", action="store_true", help="also time the older in-memory kg row (analyses, quads and exports held whole; not kg build's path)"
    )
    parser.add_argument("--profile", action="store_true", help="profile a one-process build of the first size instead")
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    parser.add_argument("--json", type=Path, help="also write every measurement to this JSON file")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds per size; each round runs every row once, interleaved, and each row keeps its fastest run"
    )
    parser.add_argument(
        "--replay",
        type=int,
        metavar="BASES",
        help="time only the corpus stages (spill, resolve, exports) on replayed analyses of BASES real ones (scripts/replay_analyses.py)",
    )
    args = parser.parse_args(argv)
    if args.replay:
        return _replay_report(args.articles, args.replay, args.model, args.json, args.engine)

    records: list[dict[str, Any]] = []
    stages: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        if args.profile:
            corpus = Path(tmp) / "corpus"
            write_corpus(corpus, args.articles[0])
            profile_kg(corpus, args.model, args.top)
            return 0
        print(f"kg bench: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start\n")
        print("| run                    | articles | time (s) | articles/s |  tokens/s | peak RSS (MB) | ÷ spaCy+ruler | ÷ plain spaCy |")
        print("|------------------------|---------:|---------:|-----------:|----------:|--------------:|--------------:|--------------:|")
        for n in args.articles:
            corpus = Path(tmp) / f"corpus-{n}"
            write_corpus(corpus, n)
            runs = [("spaCy, plain model", "spacy-plain", 1)] if args.spacy in ("both", "plain") else []
            runs += [("spaCy, kg pipeline", "spacy-kg", 1)] if args.spacy == "both" else []
            engine_label = "kg build -j {}" if args.engine == "local" else "kg build dask x{}"
            runs += [(engine_label.format(jobs), "kg", jobs) for jobs in args.jobs]
            runs += [(f"kg in memory -j {jobs}", "kg-memory", jobs) for jobs in args.jobs] if args.memory_row else []
            best: dict[str, dict[str, Any]] = {}
            for _ in range(max(1, args.repeat)):  # interleaved, so a slow spell of the machine hits every row alike
                for label, what, jobs in runs:
                    result = _run(what, corpus, args.model, jobs, args.engine if what.startswith("kg") else "local", args.batch_size)
                    if label not in best or result["seconds"] < best[label]["seconds"]:
                        best[label] = result
            plain, with_ruler = best.get("spaCy, plain model"), best.get("spaCy, kg pipeline")
            tokens = plain["tokens"] if plain else 0
            for label, what, _ in runs:
                result = best[label]
                is_kg = what.startswith("kg")
                print(_row(label, n, tokens, result, plain if is_kg else None, with_ruler if is_kg else None), flush=True)
                records.append({"run": label, "articles": n, "tokens": tokens, "repeat": args.repeat, **result})
                if is_kg:
                    stages.append(f"{label}, {n:,} articles: " + ", ".join(f"{k} {v:.1f}" for k, v in result["stages"].items()))
    print("\nRatios: kg's throughput over bare spaCy's (nlp.pipe on the same blocks, one process), with kg's")
    print("pipeline (model + lexicon ruler) and with the plain model. Peak RSS: all processes together.")
    if args.repeat > 1:
        print(f"Each row: the fastest of {args.repeat} interleaved runs.")
    print("\nStages (wall seconds):")
    for line in stages:
        print(f"  {line}")
    if args.json:
        args.json.write_text(json.dumps(records, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
