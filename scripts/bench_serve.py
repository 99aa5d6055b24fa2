"""Benchmark ``kg serve`` under load, side by side with ``oxigraph serve-read-only`` on the same graph.

Why a script and not a test: speed depends on the machine and on whatever
else runs on it, so it is measured by hand and recorded in
docs/performance.md, never asserted by the test suite. What it measures, in
one run, with the same clients (``wrk`` and ``ab``, C programs, so the
clients cost little CPU) against the same graph:

1. **Throughput of a light query mix** (label lookups, an entity's
   properties, short lists with LIMIT, an ASK, a small COUNT), 50 clients,
   each opening a new connection per request, then over HTTP/1.1 keep-alive;
   kg with its result cache off and on, and Oxigraph, in interleaved rounds
   (medians reported, so a noisy neighbour hurts all three alike). Also the
   CPU time each server spent per request (from ``/proc``), which a busy
   machine disturbs far less than requests per second.
2. **HTTP/1.0 keep-alive** (``ab -k``): every answer arrives on a kept
   connection.
3. **Two runaway queries** (a cross product counted, and a cross product
   sorted, which grows memory until the worker's cap) sent in a loop while
   the 50 clients run the light mix: their p99, the runaways' answers (503
   at the time or memory limit), and the peak memory of every query worker,
   sampled every 20 ms, against the cap. Each such run follows a control run
   of the same mix without runaways, so that what the runaways cost can be
   told from what the machine's other tenants cost; and in both, how long
   kg's front (its event loop's thread) waited for a CPU while runnable.

The graph: ``--articles`` synthetic variants of the repository's own seed
texts (``scripts/bench_build.py``'s generator), built once with ``kg build``
and kept in ``.bench-cache/`` (or ``--graph`` a folder of exports).

Usage::

    PYTHONPATH=. .venv/bin/python scripts/bench_serve.py                 # 300 articles, 3 rounds of 10 s
    PYTHONPATH=. .venv/bin/python scripts/bench_serve.py --rounds 5 --seconds 15
    PYTHONPATH=. .venv/bin/python scripts/bench_serve.py --graph exports --skip-runaways

Needs ``wrk``, ``ab`` (Debian: ``wrk``, ``apache2-utils``) and the ``oxigraph``
binary (PyPI ``oxigraph``, a test extra).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

PREFIXES = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX kgo: <https://w3id.org/mineral-kg/ontology#> "
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SORTED_CROSS = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
ACCEPT = "application/sparql-results+json"


# --------------------------------------------------------------------------- the graph


def build_graph(articles: int) -> Path:
    """Exports of ``articles`` synthetic articles (built once, cached under .bench-cache/)."""
    from bench_build import write_corpus

    folder = ROOT / ".bench-cache" / f"serve-{articles}"
    exports = folder / "exports"
    if (exports / "graph.trig").is_file():
        return exports
    corpus = folder / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    write_corpus(corpus, articles)
    print(f"building {articles} articles into {exports} …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(exports), "-q", "-j", "2", "--formats", "trig"], check=True, cwd=ROOT)
    return exports


def light_queries(exports: Path) -> list[str]:
    """A light query mix on this graph: each answers in about a millisecond or less in Oxigraph."""
    import pyoxigraph as ox

    from kg.sparql.store import open_graph

    store = open_graph(exports)

    def one(query: str) -> list[str]:
        return [row[0].value for row in store.query(PREFIXES + query, use_default_graph_as_union=True)]  # type: ignore[union-attr]

    states = one("SELECT ?l WHERE { ?s a kgo:State ; rdfs:label ?l } ORDER BY ?l LIMIT 4")
    people = one("SELECT ?s WHERE { ?s a kgo:Person } ORDER BY ?s LIMIT 2")
    del ox
    mix = [PREFIXES + f'SELECT ?s WHERE {{ ?s rdfs:label "{label}" }}' for label in states]
    mix += [PREFIXES + f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}" for iri in people]
    mix += [
        PREFIXES + "SELECT ?s ?l WHERE { ?s a kgo:Agreement ; rdfs:label ?l } LIMIT 20",
        PREFIXES + "SELECT ?a ?m WHERE { ?a kgo:covers ?m } LIMIT 25",
        PREFIXES + "ASK { ?s kgo:signs ?o }",
        PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?s a kgo:Agreement }",
    ]
    return mix


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:g} s")


@contextmanager
def running(command: list[str], probe: str, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
    try:
        wait_for(probe)
        if "kg.cli" in command:  # every front answers once kg serve says so
            deadline = time.monotonic() + 180
            while "kg: SPARQL endpoint" not in log.read_text(errors="replace") and time.monotonic() < deadline:
                time.sleep(0.2)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    found = [pid]
    for child_list in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children = child_list.read_text().split()
        except OSError:  # the thread or process ended meanwhile
            continue
        for child in children:
            found += tree(int(child))
    return found


def own_ticks(pid: int) -> int:
    """User + system CPU of one process (without its children), in clock ticks; 0 once it ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def cpu_ticks(pid: int) -> int:
    """User + system CPU of a process tree, in clock ticks (live processes only)."""
    total = 0
    for each in tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


# --------------------------------------------------------------------------- clients

WRK_SCRIPT = """
local paths = {%s}
local i = math.random(#paths)
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def wrk(base: str, queries: list[str], seconds: float, clients: int, close: bool, workdir: Path) -> dict[str, float]:
    """Run wrk on the query mix; requests/s, latency percentiles (ms), errors."""
    endpoint = urllib.parse.urlsplit(base)
    paths = ", ".join(json.dumps(f"{endpoint.path}?{urllib.parse.urlencode({'query': q})}") for q in queries)
    script = workdir / "mix.lua"
    script.write_text(WRK_SCRIPT % paths)
    command = ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds:g}s", "--timeout", "10s", "--latency", "-s", str(script), "-H", f"Accept: {ACCEPT}"]
    if close:
        command += ["-H", "Connection: close"]
    out = subprocess.run([*command, f"{endpoint.scheme}://{endpoint.netloc}"], capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse_wrk(out: str) -> dict[str, float]:
    result: dict[str, float] = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for percent in ("50", "90", "99"):
        match = re.search(rf"\s{percent}%\s+([\d.]+\w+)", out)
        result[f"p{percent}"] = _ms(match.group(1)) if match else float("nan")
    result["max"] = _ms(re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    result["requests"] = float(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    connect, read, write, timeout = (int(g) for g in errors.groups()) if errors else (0, 0, 0, 0)
    # wrk counts a connection the server resets after a complete answer as a "read" error
    # (Oxigraph does so when asked to close): kept apart from real failures
    result["errors"] = float(connect + write + timeout) + float(non2xx.group(1) if non2xx else 0)
    result["resets"] = float(read)
    return result


def ab_keep_alive(url: str, requests: int, clients: int) -> dict[str, float]:
    """HTTP/1.0 keep-alive clients (``ab -k``): answers, kept connections, failures, requests/s."""
    out = subprocess.run(["ab", "-q", "-k", "-s", "10", "-c", str(clients), "-n", str(requests), "-H", f"Accept: {ACCEPT}", url], capture_output=True, text=True).stdout

    def number(pattern: str) -> float:
        match = re.search(pattern, out)
        return float(match.group(1)) if match else float("nan")

    return {
        "complete": number(r"Complete requests:\s+(\d+)"),
        "failed": number(r"Failed requests:\s+(\d+)"),
        "keep_alive": number(r"Keep-Alive requests:\s+(\d+)"),
        "rps": number(r"Requests per second:\s+([\d.]+)"),
        "p99": number(r"\s99%\s+(\d+)"),
    }


class MemoryWatch(threading.Thread):
    """Samples the memory of every query worker under ``pid``, every 20 ms.

    Only processes whose command line is a worker's: a child caught between
    ``fork`` and ``exec`` (a worker being started) still shows the front's
    address space, which no cap applies to.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss_kb = 0
        self.peak_vm_kb = 0
        self.workers_seen: set[int] = set()
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in tree(self.pid)[1:]:
                try:
                    if b"kg.sparql.server.boot" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                        continue
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                if "VmHWM" in fields:
                    self.workers_seen.add(pid)
                    self.peak_rss_kb = max(self.peak_rss_kb, int(fields["VmHWM"].split()[0]))
                    self.peak_vm_kb = max(self.peak_vm_kb, int(fields["VmPeak"].split()[0]))
            time.sleep(0.02)


class FrontWatch(threading.Thread):
    """The kg front's main thread (its event loop) sampled every 50 ms: CPU it ran, time it waited runnable
    on the run queue (Linux's ``/proc/PID/schedstat``), and the longest such wait.

    Why: on this shared machine the light mix's p99 with the runaways swings by hundreds of
    milliseconds from round to round. A round whose front waited seconds on the run queue was
    short of CPU (the machine's other tenants); a round whose front neither ran nor waited
    while requests were slow was waiting for its workers (kg's own scheduling).
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.path = Path(f"/proc/{pid}/schedstat")
        self.ran_ms = 0.0
        self.waited_ms = 0.0
        self.longest_wait_ms = 0.0
        self.stop = threading.Event()

    def _read(self) -> tuple[int, int] | None:
        try:
            ran, waited, _ = self.path.read_text().split()
        except (OSError, ValueError):
            return None
        return int(ran), int(waited)

    def run(self) -> None:
        first = last = self._read()
        if first is None:
            return
        while not self.stop.wait(0.05):
            now = self._read()
            if now is None:
                break
            self.longest_wait_ms = max(self.longest_wait_ms, (now[1] - last[1]) / 1e6)  # type: ignore[index]
            last = now
        self.ran_ms = (last[0] - first[0]) / 1e6  # type: ignore[index]
        self.waited_ms = (last[1] - first[1]) / 1e6  # type: ignore[index]

    def numbers(self) -> dict[str, float]:
        return {"front_ran_ms": self.ran_ms, "front_waited_ms": self.waited_ms, "front_longest_wait_ms": self.longest_wait_ms}


def watched_wrk(server_pid: int, *args: object) -> dict[str, float]:
    """:func:`wrk` with the front's scheduling watched meanwhile (see :class:`FrontWatch`)."""
    watch = FrontWatch(server_pid)
    watch.start()
    try:
        result = wrk(*args)  # type: ignore[arg-type]
    finally:
        watch.stop.set()
        watch.join()
    return {**result, **watch.numbers()}


class Runaway(threading.Thread):
    """Sends one heavy query again and again; counts the answers by status."""

    def __init__(self, endpoint: str, query: str) -> None:
        super().__init__(daemon=True)
        self.url = endpoint + "?" + urllib.parse.urlencode({"query": query})
        self.statuses: dict[str, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with urllib.request.urlopen(self.url, timeout=120) as response:
                    key = str(response.status)
            except urllib.error.HTTPError as error:
                body = error.read().decode("utf-8", "replace")
                key = f"{error.code} {'memory' if 'memory' in body else 'time' if 'timed out' in body else body[:40]}"
            except OSError as error:
                key = f"error {error}"
            self.statuses[key] = self.statuses.get(key, 0) + 1


# --------------------------------------------------------------------------- the run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--graph", type=Path, help="a folder of exports to serve instead of a synthetic corpus")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved throughput rounds (medians reported)")
    parser.add_argument("--timeout", type=float, default=5.0, help="kg's query time limit for the run (s)")
    parser.add_argument("--max-memory", type=int, default=1024, help="kg's worker memory cap (MB)")
    parser.add_argument("--fronts", type=int, default=2, help="front processes of the third kg server (default: 2)")
    parser.add_argument("--fronts-without-cache", action="store_true", help="the third kg server without its result cache too")
    parser.add_argument("--modes", choices=("both", "close", "keep-alive"), default="both", help="a connection per request, keep-alive, or both (default)")
    parser.add_argument("--skip-runaways", action="store_true")
    parser.add_argument("--runaway-rounds", type=int, default=3, help="runs of the light mix with two runaways, each after a control run without")
    parser.add_argument("--skip-throughput", action="store_true", help="only HTTP/1.0 keep-alive and the runaways")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    for tool in ("wrk", "ab"):
        if shutil.which(tool) is None:
            parser.error(f"{tool} is not installed (Debian: apt-get install wrk apache2-utils)")
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")

    exports = args.graph or build_graph(args.articles)
    queries = light_queries(exports)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-serve-"))
    numbers: dict[str, object] = {"graph": str(exports), "queries": queries, "load_before": os.getloadavg()}
    try:
        subprocess.run([oxigraph, "load", "--location", str(work / "ox"), "--file", str(exports / "graph.trig")], check=True, capture_output=True)
        fronts_name = f"kg{'' if args.fronts_without_cache else '+cache'}, {args.fronts} fronts"
        ports = {name: free_port() for name in ("kg", "kg+cache", fronts_name, "oxigraph")}
        kg_common = ["--timeout", f"{args.timeout:g}", "--max-memory", str(args.max_memory)]
        commands = {
            "kg": [sys.executable, "-m", "kg.cli", "serve", "-g", str(exports), "--port", str(ports["kg"]), "--cache", "0", *kg_common],
            "kg+cache": [sys.executable, "-m", "kg.cli", "serve", "-g", str(exports), "--port", str(ports["kg+cache"]), *kg_common],
            fronts_name: [
                sys.executable, "-m", "kg.cli", "serve", "-g", str(exports), "--port", str(ports[fronts_name]), "--fronts", str(args.fronts), *kg_common,
                *(["--cache", "0"] if args.fronts_without_cache else []),
            ],
            "oxigraph": [oxigraph, "serve-read-only", "--location", str(work / "ox"), "--bind", f"127.0.0.1:{ports['oxigraph']}", "--union-default-graph"],
        }
        endpoints = {
            "kg": f"http://127.0.0.1:{ports['kg']}/sparql",
            "kg+cache": f"http://127.0.0.1:{ports['kg+cache']}/sparql",
            fronts_name: f"http://127.0.0.1:{ports[fronts_name]}/sparql",
            "oxigraph": f"http://127.0.0.1:{ports['oxigraph']}/query",
        }
        with (
            running(commands["kg"], endpoints["kg"], work / "kg.log") as kg,
            running(commands["kg+cache"], endpoints["kg+cache"], work / "kg-cache.log") as kg_cache,
            running(commands[fronts_name], endpoints[fronts_name], work / "kg-fronts.log") as kg_fronts,
            running(commands["oxigraph"], f"http://127.0.0.1:{ports['oxigraph']}/", work / "ox.log") as ox_server,
        ):
            processes = {"kg": kg, "kg+cache": kg_cache, fronts_name: kg_fronts, "oxigraph": ox_server}
            check_same_answers(endpoints, queries)
            numbers["throughput"] = {} if args.skip_throughput else throughput(endpoints, processes, queries, args, work)
            numbers["http10_keep_alive"] = {
                name: ab_keep_alive(endpoints[name] + "?" + urllib.parse.urlencode({"query": queries[0]}), 20_000, args.clients)
                for name in ("kg", "oxigraph")
            }
            if not args.skip_runaways:
                numbers["runaways"] = runaways(endpoints["kg"], kg.pid, queries, args, work)
        numbers["load_after"] = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(numbers, args)
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=2, default=str))
    return 0


def check_same_answers(endpoints: dict[str, str], queries: list[str]) -> None:
    """Every light query gets the same number of results from kg and from Oxigraph."""
    for query in queries:
        counts = {}
        for name, endpoint in endpoints.items():
            request = urllib.request.Request(endpoint + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": ACCEPT})
            document = json.load(urllib.request.urlopen(request, timeout=30))
            counts[name] = len(document["results"]["bindings"]) if "results" in document else document["boolean"]
        if len(set(map(str, counts.values()))) != 1:
            raise SystemExit(f"the servers disagree on {query!r}: {counts}")


def throughput(endpoints: dict[str, str], processes: dict[str, subprocess.Popen[bytes]], queries: list[str], args: argparse.Namespace, work: Path) -> dict[str, object]:
    results: dict[str, dict[str, list[dict[str, float]]]] = {}
    modes = (("new connection per request", True), ("HTTP/1.1 keep-alive", False))
    for mode, close in [each for each in modes if args.modes == "both" or each[1] == (args.modes == "close")]:
        per_target: dict[str, list[dict[str, float]]] = {name: [] for name in endpoints}
        for round_ in range(args.rounds):
            for name, endpoint in endpoints.items():
                wrk(endpoint, queries, 2, args.clients, close, work)  # warm up (and fill kg's cache)
                before, front_before = cpu_ticks(processes[name].pid), own_ticks(processes[name].pid)
                run = wrk(endpoint, queries, args.seconds, args.clients, close, work)
                ticks, front_ticks = cpu_ticks(processes[name].pid) - before, own_ticks(processes[name].pid) - front_before
                run["cpu_us_per_request"] = ticks * (1e6 / os.sysconf("SC_CLK_TCK")) / max(1.0, run["requests"])
                run["front_cpu_us_per_request"] = front_ticks * (1e6 / os.sysconf("SC_CLK_TCK")) / max(1.0, run["requests"])
                per_target[name].append(run)
                print(
                    f"{mode}, round {round_ + 1}: {name}: {run['rps']:.0f} req/s, p99 {run['p99']:.1f} ms, errors {run['errors']:.0f}, "
                    f"CPU {run['cpu_us_per_request']:.0f} µs/req (its first process {run['front_cpu_us_per_request']:.0f}), load {os.getloadavg()[0]:.1f}",
                    file=sys.stderr,
                )
        results[mode] = per_target
    return results


def idle_address_space_mb(server_pid: int) -> float:
    """The largest address space of an idle worker: what the cap must leave room for before any query."""
    sizes = []
    for pid in tree(server_pid)[1:]:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmSize:\s+(\d+)", status)
        if match:
            sizes.append(int(match.group(1)) / 1024)
    return max(sizes, default=float("nan"))


def runaways(endpoint: str, server_pid: int, queries: list[str], args: argparse.Namespace, work: Path) -> dict[str, object]:
    """The light mix with two runaways looping, each run after a control run of the same mix without them.

    Why the control: on a shared machine the other tenants' load moves the
    light mix's p99 by hundreds of milliseconds from one minute to the next;
    a control run just before each runaway run, at about the same load, tells
    what the runaways themselves cost.
    """
    idle = idle_address_space_mb(server_pid)
    watch = MemoryWatch(server_pid)
    watch.start()
    heavy: list[Runaway] = []
    control, light, loads = [], [], []
    for _ in range(max(1, args.runaway_rounds)):
        load = os.getloadavg()[0]
        control.append({**watched_wrk(server_pid, endpoint, queries, args.seconds, args.clients, True, work), "load": load})
        pair = [Runaway(endpoint, CROSS), Runaway(endpoint, SORTED_CROSS)]
        for thread in pair:
            thread.start()
        time.sleep(1.0)
        load = os.getloadavg()[0]
        loads.append(load)
        light.append({**watched_wrk(server_pid, endpoint, queries, args.seconds, args.clients, True, work), "load": load})
        for thread in pair:
            thread.stop.set()
        for thread in pair:
            thread.join(args.timeout + 30)
        heavy += pair
        print(
            f"runaways: control p99 {control[-1]['p99']:.1f} ms, with runaways p99 {light[-1]['p99']:.1f} ms (load {load:.1f}); "
            f"front waited on the run queue {_waits(control[-1])} and {_waits(light[-1])}",
            file=sys.stderr,
        )
    watch.stop.set()
    watch.join()

    def answers(query: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for thread in heavy:
            if thread.url.endswith(urllib.parse.urlencode({"query": query})):
                for key, count in thread.statuses.items():
                    counts[key] = counts.get(key, 0) + count
        return counts

    return {
        "control": control,
        "light": light,
        "runaway_answers": {"cross product": answers(CROSS), "sorted cross product": answers(SORTED_CROSS)},
        "worker_peak_rss_mb": watch.peak_rss_kb / 1024,
        "worker_peak_address_space_mb": watch.peak_vm_kb / 1024,
        "workers_seen": len(watch.workers_seen),
        "cap_mb": args.max_memory,
        "idle_worker_address_space_mb": idle,
        "load_average": statistics.median(loads),
    }


def _waits(run: dict[str, float]) -> str:
    """The front's run-queue wait in one wrk run: in all, and its longest in a 50 ms sample."""
    return f"{run['front_waited_ms']:,.0f} ms in all (longest {run['front_longest_wait_ms']:,.0f} ms, ran {run['front_ran_ms']:,.0f} ms)"


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def report(numbers: dict[str, object], args: argparse.Namespace) -> None:
    print(f"\ngraph: {numbers['graph']}; {args.clients} clients; load average before {numbers['load_before']}, after {numbers.get('load_after')}")
    print("\n| mode | server | req/s | p50 ms | p99 ms | max ms | errors | resets | CPU µs/req | vs Oxigraph |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for mode, per_target in numbers["throughput"].items():  # type: ignore[attr-defined]
        oxigraph = _median(per_target["oxigraph"], "rps")
        for name, runs in per_target.items():
            print(
                f"| {mode} | {name} | {_median(runs, 'rps'):,.0f} | {_median(runs, 'p50'):.1f} | {_median(runs, 'p99'):.1f} | "
                f"{max(run['max'] for run in runs):.0f} | {sum(run['errors'] for run in runs):.0f} | {sum(run['resets'] for run in runs):.0f} | "
                f"{_median(runs, 'cpu_us_per_request'):.0f} | {_median(runs, 'rps') / oxigraph:.2f}x |"
            )
    print("\nHTTP/1.0 keep-alive (ab -k, one query):")
    for name, result in numbers["http10_keep_alive"].items():  # type: ignore[attr-defined]
        print(f"  {name}: {result['complete']:.0f} answered, {result['keep_alive']:.0f} on kept connections, {result['failed']:.0f} failed, {result['rps']:,.0f} req/s, p99 {result['p99']:.0f} ms")
    if "runaways" in numbers:
        runaway = numbers["runaways"]
        light = runaway["light"]  # type: ignore[index]
        print(f"\nWith 2 runaway queries in a loop (kg, --timeout {args.timeout:g} s, --max-memory {args.max_memory} MB; load average {runaway['load_average']:.1f}):")  # type: ignore[index]
        for before, run in zip(runaway["control"], light, strict=True):  # type: ignore[index]
            print(
                f"  light mix, new connection per request (load {run['load']:.1f}): {run['rps']:,.0f} req/s, p50 {run['p50']:.1f} ms, "
                f"p99 {run['p99']:.1f} ms, max {run['max']:.0f} ms, errors {run['errors']:.0f}; "
                f"control without runaways (load {before['load']:.1f}): p99 {before['p99']:.1f} ms, max {before['max']:.0f} ms; "
                f"the front waited on the run queue {_waits(run)}, in the control {_waits(before)}"
            )
        print(f"  median p99: {_median(light, 'p99'):.1f} ms with the runaways, {_median(runaway['control'], 'p99'):.1f} ms without")  # type: ignore[index,arg-type]
        print(f"  runaway answers: {runaway['runaway_answers']}")  # type: ignore[index]
        print(
            f"  query workers seen: {runaway['workers_seen']}; peak resident memory of any worker {runaway['worker_peak_rss_mb']:.0f} MB, "  # type: ignore[index]
            f"peak address space {runaway['worker_peak_address_space_mb']:.0f} MB; cap {runaway['cap_mb']} MB; "  # type: ignore[index]
            f"an idle worker's address space {runaway['idle_worker_address_space_mb']:.0f} MB"  # type: ignore[index]
        )


if __name__ == "__main__":
    sys.exit(main())
