#!/usr/bin/env python3
"""Benchmark SPARQL load and query times: rdflib's engine against Oxigraph.

Run by hand, never as a test::

    PYTHONPATH=. .venv/bin/python scripts/bench_sparql.py               # 100k and 1M triples
    PYTHONPATH=. .venv/bin/python scripts/bench_sparql.py --sizes 100000 --cap 120

Why: kg queries its graph with Oxigraph (``kg.sparql.store``, ``kg.sparql.run``) rather than rdflib's
pure-Python engine; this script shows the difference on graphs shaped like
kg's output (entities with labels and types, corpus-level relations in the
default graph, one named graph per article holding evidence nodes), so the
choice can be re-checked when either library changes.

Each engine runs in its own child process, so a slow rdflib run is stopped at
``--cap`` seconds (reported as "> cap") and memory is not shared. The graph is
written once as N-Quads and both engines parse the same file; every query is
run ``--repeats`` times and the best time is kept; row counts are compared so
both engines are seen to give the same answers.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KGO = "https://w3id.org/mineral-kg/ontology#"
KGR = "https://w3id.org/mineral-kg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
PROV_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
DCT = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = f"""PREFIX kgo: <{KGO}>
PREFIX rdfs: <{RDFS_LABEL[:-5]}>
PREFIX rdf: <{RDF}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <{DCT}>
"""

QUERIES: dict[str, str] = {
    "label lookup join": PREFIXES
    + """SELECT ?person ?name WHERE {
  ?state rdfs:label "State 7" .
  ?person kgo:represents ?state ; rdfs:label ?name .
}""",
    "GROUP BY count": PREFIXES + """SELECT ?class (COUNT(?entity) AS ?n) WHERE { ?entity a ?class } GROUP BY ?class ORDER BY DESC(?n)""",
    "3-hop join": PREFIXES
    + """SELECT ?person ?state ?agreement WHERE {
  ?mineral rdfs:label "mineral 3" .
  ?agreement kgo:covers ?mineral .
  ?state kgo:partyTo ?agreement .
  ?person kgo:represents ?state .
}""",
    "evidence for a fact": PREFIXES
    + """SELECT ?sentence ?title WHERE {
  ?s rdfs:label "State 11" .
  ?evidence rdf:subject ?s ; rdf:predicate kgo:signs ; kgo:evidenceText ?sentence ; prov:wasDerivedFrom ?article .
  ?article dcterms:title ?title .
}""",
}


# --------------------------------------------------------------------------- synthetic graph


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(value: str, datatype: str | None = None) -> str:
    text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{text}^^<{datatype}>" if datatype else text


def generate(target: int, path: Path, seed: int = 5) -> int:
    """Write a kg-shaped graph of about ``target`` quads to ``path`` (N-Quads)."""
    rng = random.Random(seed)
    lines: list[str] = []

    def add(s: str, p: str, o: str, g: str | None = None) -> None:
        lines.append(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n")

    n_entities = max(200, target // 25)
    states = [f"{KGR}state/s{i}" for i in range(200)]
    minerals = [f"{KGR}mineral/m{i}" for i in range(80)]
    people = [f"{KGR}person/p{i}" for i in range(int(n_entities * 0.4))]
    orgs = [f"{KGR}organization/o{i}" for i in range(int(n_entities * 0.1))]
    agreements = [f"{KGR}agreement/a{i}" for i in range(int(n_entities * 0.15))]
    places = [f"{KGR}place/l{i}" for i in range(int(n_entities * 0.15))]
    kinds = [
        (states, "State", "State {}"),
        (minerals, "Mineral", "mineral {}"),
        (people, "Person", "Person {}"),
        (orgs, "Organization", "Organization {}"),
        (agreements, "Agreement", "Agreement {}"),
        (places, "Place", "Place {}"),
    ]
    for members, cls, label in kinds:
        for i, iri in enumerate(members):
            add(_iri(iri), _iri(RDF_TYPE), _iri(KGO + cls))
            add(_iri(iri), _iri(RDFS_LABEL), _lit(label.format(i)))
            add(_iri(iri), _iri(SKOS_ALT), _lit(label.format(i).upper()))
    facts: list[tuple[str, str, str]] = []
    for person in people:
        facts.append((person, "represents", rng.choice(states if rng.random() < 0.8 else orgs)))
        add(_iri(person), _iri(KGO + "holdsPosition"), _lit(rng.choice(["Minister", "President", "Envoy", "Secretary"])))
    for agreement in agreements:
        for party in rng.sample(states, 2) + ([rng.choice(orgs)] if orgs and rng.random() < 0.3 else []):
            facts.append((party, "partyTo", agreement))
            if rng.random() < 0.5:
                facts.append((party, "signs", agreement))
        for mineral in rng.sample(minerals, 2):
            facts.append((agreement, "covers", mineral))
        add(
            _iri(agreement),
            _iri(KGO + "signedOn"),
            _lit(f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", XSD + "date"),
        )
    for place in places:
        facts.append((place, "locatedIn", rng.choice(states)))
        facts.append((place, "hasDeposit", rng.choice(minerals)))
    for s, p, o in facts:
        add(_iri(s), _iri(KGO + p), _iri(o))
    article = 0
    while len(lines) < target:
        graph = _iri(f"{KGR}article/{article:08x}")
        node = graph
        add(node, _iri(RDF_TYPE), _iri(KGO + "Article"), graph)
        add(node, _iri(DCT + "title"), _lit(f"Minerals news item {article}"), graph)
        add(node, _iri(DCT + "date"), _lit("2025-04-30", XSD + "date"), graph)
        add(node, _iri(KGO + "contentHash"), _lit(f"sha256:{article:064x}"), graph)
        for n in range(4):
            s, p, o = rng.choice(facts)
            evidence = _iri(f"{KGR}evidence/{article:08x}-{n}")
            add(node, _iri(KGO + "mentions"), _iri(s), graph)
            add(evidence, _iri(RDF_TYPE), _iri(RDF + "Statement"), graph)
            add(evidence, _iri(RDF_TYPE), _iri(KGO + "Evidence"), graph)
            add(evidence, _iri(RDF + "subject"), _iri(s), graph)
            add(evidence, _iri(RDF + "predicate"), _iri(KGO + p), graph)
            add(evidence, _iri(RDF + "object"), _iri(o), graph)
            add(evidence, _iri(PROV_FROM), node, graph)
            add(evidence, _iri(KGO + "evidenceText"), _lit(f"Sentence {n} of article {article} says {p}."), graph)
            add(evidence, _iri(KGO + "charStart"), _lit(str(n * 100), XSD + "integer"), graph)
            add(evidence, _iri(KGO + "confidence"), _lit("0.8", XSD + "decimal"), graph)
        article += 1
    path.write_text("".join(lines), encoding="utf-8")
    return len(lines)


# --------------------------------------------------------------------------- one engine (child process)


def _emit(record: dict[str, object]) -> None:
    print(json.dumps(record), flush=True)


def run_engine(engine: str, path: Path, repeats: int) -> None:
    """Load ``path`` and time each query; print one JSON line per measurement."""
    started = time.perf_counter()
    if engine == "oxigraph":
        import pyoxigraph as ox

        store = ox.Store()
        store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
        _emit({"step": "load", "seconds": time.perf_counter() - started})

        def query(text: str) -> int:
            return len(list(store.query(text, use_default_graph_as_union=True)))  # type: ignore[arg-type]

    else:
        import rdflib

        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(str(path), format="nquads")
        _emit({"step": "load", "seconds": time.perf_counter() - started})

        def query(text: str) -> int:
            return len(list(dataset.query(text)))

    for name, text in QUERIES.items():
        times = []
        rows = 0
        for _ in range(repeats):
            begin = time.perf_counter()
            rows = query(text)
            times.append(time.perf_counter() - begin)
        _emit({"step": name, "seconds": min(times), "median": statistics.median(times), "rows": rows})


def measure(engine: str, path: Path, cap: float, repeats: int) -> dict[str, dict[str, float]]:
    """Run one engine in a child process, stopping it at ``cap`` seconds."""
    command = [sys.executable, __file__, "--engine", engine, "--file", str(path), "--repeats", str(repeats)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        out, _ = process.communicate(timeout=cap)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    results: dict[str, dict[str, float]] = {}
    for line in out.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            results[record.pop("step")] = record
    return results


def _fmt(seconds: float | None, cap: float) -> str:
    if seconds is None:
        return f"> {cap:g} s"
    return f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="graph sizes in quads")
    parser.add_argument("--cap", type=float, default=300.0, help="seconds allowed per engine and size (default 300)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per query; the best is reported")
    parser.add_argument("--engine", choices=["rdflib", "oxigraph"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        run_engine(args.engine, args.file, args.repeats)
        return
    steps = ["load", *QUERIES]
    print(f"{'size':>9}  {'step':<20} {'rdflib':>12} {'oxigraph':>12} {'ratio':>8}  rows")
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:
        for size in args.sizes:
            path = Path(scratch) / f"graph-{size}.nq"
            quads = generate(size, path)
            oxigraph = measure("oxigraph", path, args.cap, args.repeats)
            rdflib = measure("rdflib", path, args.cap, args.repeats)
            for step in steps:
                slow = rdflib.get(step, {}).get("seconds")
                fast = oxigraph.get(step, {}).get("seconds")
                ratio = f"{slow / fast:.0f}x" if slow and fast else (">" if fast else "-")
                rows = ""
                if step != "load":
                    rows = f"{oxigraph.get(step, {}).get('rows', '?'):}"
                    if step in rdflib and rdflib[step].get("rows") != oxigraph.get(step, {}).get("rows"):
                        rows += f" (rdflib: {rdflib[step].get('rows')})"
                print(f"{quads:>9,}  {step:<20} {_fmt(slow, args.cap):>12} {_fmt(fast, args.cap):>12} {ratio:>8}  {rows}", flush=True)


if __name__ == "__main__":
    main()
