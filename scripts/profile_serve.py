"""Where ``kg serve`` spends its CPU per request: the front (by function) and the query workers.

Why a script beside ``bench_serve.py``: the benchmark says *how much* CPU a
request costs; this says *where*. It serves a graph in this process (the
front's event loop on a thread, under :mod:`cProfile`), drives it with
``wrk`` on the same light query mix, and reports

* the CPU time per request of the front (this process, from
  :func:`time.thread_time` of the serving thread) and of the query workers
  (their ``/proc`` times), and
* the front's functions by own time per request (cProfile's overhead inflates
  the totals by a factor of about 1.5-2; the split between functions is
  what it is for).

Usage::

    PYTHONPATH=. .venv/bin/python scripts/profile_serve.py --graph .bench-cache/serve-300/exports --seconds 10
    PYTHONPATH=. .venv/bin/python scripts/profile_serve.py --keep-alive --cache 64 --no-profile
"""

from __future__ import annotations

import argparse
import concurrent.futures
import cProfile
import io
import multiprocessing
import os
import pstats
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_serve import light_queries  # noqa: E402
from bench_serve import wrk as bench_wrk  # noqa: E402

from kg.sparql.sandbox import deny_network, network_denied  # noqa: E402


def _user_sys(thread: int) -> tuple[float, float]:
    """User and kernel CPU seconds of one thread of this process (``/proc``, clock ticks)."""
    fields = Path(f"/proc/self/task/{thread}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def _user_sys_processes(pids: list[int]) -> tuple[float, float]:
    """User and kernel CPU seconds of these processes, all their threads (``/proc``; ended ones count 0)."""
    tick = os.sysconf("SC_CLK_TCK")
    user = system = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        user, system = user + int(fields[11]), system + int(fields[12])
    return user / tick, system / tick


_PARTS = (
    ("kg.sparql.server: pool and worker channel (IPC)", ("server/pool.py", "server/process.py")),
    ("kg.sparql.server: ASGI app, protocol, negotiation, log", ("server/asgi.py", "server/protocol.py", "server/messages.py", "server/negotiation.py", "server/assembly.py", "sparql/safety.py", "sparql/syntax.py", "sparql/lexer.py", "urllib/parse.py")),
    ("kg.sparql.server: transport hooks (keep-alive, header timer, one write)", ("server/transport.py",)),
    ("uvicorn (httptools protocol, flow control, its loggers)", ("uvicorn/", "logging/")),
    ("asyncio (tasks, futures, events)", ("asyncio/",)),
)  # fmt: skip


def _part(filename: str, name: str) -> str:
    """Which part of the front a profiled function belongs to (C built-ins go with 'other')."""
    for part, markers in _PARTS:
        if any(marker in filename for marker in markers):
            return part
    return "other (built-ins called from all of the above, pickle, socket objects)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--graph", type=Path, default=ROOT / ".bench-cache" / "serve-300" / "exports")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--cache", type=int, default=0, help="result cache MB (default 0: every request reaches a worker)")
    parser.add_argument("--keep-alive", action="store_true", help="HTTP/1.1 keep-alive instead of a connection per request")
    parser.add_argument("--no-profile", action="store_true", help="CPU split only, without cProfile's overhead")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--lanes", type=int, help="busy workers light traffic keeps to (default: the pool's, one per core)")
    parser.add_argument("--depth", type=int, help="jobs sent to one worker at once (default: the pool's)")
    parser.add_argument("--front-budget", type=float, help="CPU ms the front may spend answering queries itself per loop turn (default: kg's)")
    parser.add_argument(
        "--unconfined", action="store_true",
        help="leave this process able to open network sockets, as a library server is: every query then goes to a worker "
        "(by default it is confined like `kg serve`'s front, which then answers proven-light queries itself; wrk runs from a helper started before)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    from kg.sparql.server import pool

    pool.LANES = args.lanes or pool.LANES
    pool.DEPTH = args.depth or pool.DEPTH

    from kg.sparql.server import make_server

    queries = light_queries(args.graph)
    work = Path(tempfile.mkdtemp(prefix="kg-profile-serve-"))
    log = open(os.devnull, "w")  # noqa: SIM115 - the access log's cost is part of what is measured
    server = make_server(args.graph, port=0, timeout=5, max_memory=1024, cache_mb=args.cache, log=log)
    profiler = cProfile.Profile(time.thread_time_ns, 1e-9)  # CPU time: a write that wakes a worker may lose the core, which is not its cost
    thread_cpu: dict[str, int] = {}
    original_main = server._main

    async def profiled_main(ready):  # type: ignore[no-untyped-def]
        thread_cpu["thread"] = threading.get_ident()
        thread_cpu["native"] = threading.get_native_id()
        await original_main(ready)

    server._main = profiled_main  # type: ignore[method-assign]
    # wrk is started by a helper process made before this one is confined (a confined process's children are too)
    helper = concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    helper.submit(os.getpid).result()

    def wrk(*arguments):  # type: ignore[no-untyped-def]
        return helper.submit(bench_wrk, *arguments).result()

    if args.front_budget is not None and server.app.local is not None:
        server.app.local.turn_budget = args.front_budget / 1000
    with server.start():
        if not args.unconfined and not deny_network():
            print("this process cannot be confined here (no seccomp): every query goes to a worker", file=sys.stderr)
        ident = thread_cpu["thread"]
        clock = time.pthread_getcpuclockid(ident)
        wrk(server.endpoint, queries, 2, args.clients, not args.keep_alive, work)  # warm up
        loop = server._loop
        assert loop is not None
        if not args.no_profile:  # cProfile follows the thread that enables it: the serving thread
            loop.call_soon_threadsafe(profiler.enable)
        local_before = server.app.local.answered if server.app.local is not None else 0
        front_before = time.clock_gettime(clock)
        user_sys_before = _user_sys(thread_cpu["native"])
        pids = server.worker_pids
        workers_before = _user_sys_processes(pids)
        run = wrk(server.endpoint, queries, args.seconds, args.clients, not args.keep_alive, work)
        front = time.clock_gettime(clock) - front_before
        user, system = (after - before for after, before in zip(_user_sys(thread_cpu["native"]), user_sys_before, strict=True))
        worker_user, worker_system = (after - before for after, before in zip(_user_sys_processes(pids), workers_before, strict=True))
        workers = worker_user + worker_system
        requests = run["requests"]
        if not args.no_profile:
            loop.call_soon_threadsafe(profiler.disable)
            time.sleep(0.5)
        local = (server.app.local.answered if server.app.local is not None else 0) - local_before
    helper.shutdown()
    mode = "keep-alive" if args.keep_alive else "connection per request"
    print(f"{mode}, cache {args.cache} MB, {pool.LANES} lanes of depth {pool.DEPTH}: {run['rps']:,.0f} req/s, p50 {run['p50']:.1f} ms, p99 {run['p99']:.1f} ms, errors {run['errors']:.0f}")  # fmt: skip
    print(
        f"CPU per request: front thread {front / requests * 1e6:.0f} µs (user {user / requests * 1e6:.0f}, kernel {system / requests * 1e6:.0f}), "
        f"workers {workers / requests * 1e6:.0f} µs (user {worker_user / requests * 1e6:.0f}, kernel {worker_system / requests * 1e6:.0f}); "
        f"answered in the front: {local / requests * 100:.0f} % (confined: {network_denied()})"
    )
    if not args.no_profile:
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats("tottime")
        total = sum(entry[2] for entry in stats.stats.values())  # type: ignore[attr-defined]
        rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])[: args.top]  # type: ignore[attr-defined]
        print(f"\nfront, profiled: {total / requests * 1e6:.0f} µs of own time per request; by function (own, cumulative):")
        for (filename, line, name), (_, calls, own, cumulative, _) in rows:
            where = f"{Path(filename).parent.name}/{Path(filename).name}:{line}" if line else filename
            print(f"  {own / requests * 1e6:7.1f} {cumulative / requests * 1e6:7.1f}  {calls / requests:5.2f}/req  {name}  {where}")
        parts: dict[str, float] = {}
        for (filename, _, name), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
            parts[_part(filename, name)] = parts.get(_part(filename, name), 0.0) + own
        print("\nfront, share of the profiled own time by part (times the unprofiled front CPU per request, roughly):")
        for part, own in sorted(parts.items(), key=lambda item: -item[1]):
            print(f"  {own / total * 100:5.1f} %  {part}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
