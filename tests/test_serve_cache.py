"""The endpoint's result cache: the same answer for the same request, and never an answer older than the store.

A store folder that ``kg build --store`` changes while it is served must be
read afresh: the workers reopen it and the cache forgets what it held.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from kg.sparql.server import make_server
from kg.sparql.server.cache import ResultCache
from kg.sparql.server.outcomes import Job, Reply
from kg.sparql.store import GraphStore, open_graph

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
WRITE = """
import sys, pyoxigraph as ox
from kg.sparql.store import GraphStore
article = "https://w3id.org/mineral-kg/id/article/new"
with GraphStore(sys.argv[1]) as graphs:
    graphs.add_article(article, [ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"), ox.NamedNode(article))])
"""


def _get(endpoint: str, query: str, accept: str = "application/sparql-results+json") -> bytes:
    request = urllib.request.Request(endpoint + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return bytes(response.read())


def _count(endpoint: str) -> int:
    return int(json.loads(_get(endpoint, COUNT))["results"]["bindings"][0]["n"]["value"])


def test_the_cache_answers_repeats_and_keeps_formats_apart() -> None:
    with make_server(SAMPLE, port=0, workers=1, log=None).start() as running:
        cache = running.app.cache
        assert cache is not None
        first = _get(running.endpoint, COUNT)
        assert (cache.hits, cache.misses) == (0, 1)
        assert _get(running.endpoint, COUNT) == first and cache.hits == 1
        csv = _get(running.endpoint, COUNT, "text/csv")
        assert csv.startswith(b"n\r\n") and cache.misses == 2  # another format, another entry


def test_the_cache_keeps_only_small_successes_within_its_size() -> None:
    cache = ResultCache(max_bytes=100)
    cache.put(0, Job("ASK {}"), Reply.error(400, "bad"))
    assert cache.get(0, Job("ASK {}")) is None
    for n in range(10):
        cache.put(0, Job(f"ASK {{ {n} }}"), Reply(200, b"x" * 20, "ask", "json"))
    assert cache.size <= 100 and cache.get(0, Job("ASK { 9 }")) is not None and cache.get(0, Job("ASK { 0 }")) is None


def test_a_live_store_folder_is_read_afresh_after_a_build_changes_it(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with GraphStore(folder) as graphs:
        graphs.replace_default(open_graph(SAMPLE))
    del graphs  # the RocksDB lock goes with the last reference, as when kg build --store exits
    with make_server(folder, port=0, workers=2, log=None).start() as running:
        before = _count(running.endpoint)
        assert _count(running.endpoint) == before and running.app.cache.hits == 1  # type: ignore[union-attr]
        subprocess.run([sys.executable, "-c", WRITE, str(folder)], check=True, timeout=120)  # as kg build --store, meanwhile
        assert _count(running.endpoint) == before + 1
        assert _count(running.endpoint) == before + 1
        request = urllib.request.Request(running.endpoint, headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=30) as response:  # the service description lists the new graph
            names = {t.object.value for t in ox.parse(response.read(), format=ox.RdfFormat.TURTLE) if t.predicate.value.endswith("#name")}
        assert "https://w3id.org/mineral-kg/id/article/new" in names
