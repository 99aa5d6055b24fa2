"""Reading a graph back: a folder of exports or one RDF file -> rdflib Dataset.

Used by ``kg validate``, ``kg view`` and ``kg explain``. A folder is read
through its richest single export (TriG keeps the named graphs), never all
of them at once.

The file may be the user's own, so it is treated as untrusted. Before
rdflib sees it, a linear pre-pass refuses what would cost hours of CPU, a
crash or a network request instead of a graph:

* RDF/XML entity declarations (entity-expansion "billion laughs" bombs and
  external entities), in any encoding;
* nesting deeper than :data:`MAX_NESTING` (Turtle/TriG collections and
  blank nodes, JSON-LD objects and arrays, XML elements): rdflib's parsers
  recurse once or more per level;
* a JSON-LD ``@context`` or ``@import`` that names a document: rdflib would
  download it. kg works offline, and its own exports inline their context.

SPARQL has its own gate: :func:`kg.sparql.safety.check_query` refuses ``SERVICE``,
``LOAD`` and foreign ``FROM`` before any engine sees a query.
"""

from __future__ import annotations

import json
import re
import xml.parsers.expat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rdflib import Dataset

from kg.files import NotRegularFileError, display_path, read_regular

FORMATS = {
    ".trig": "trig",
    ".nq": "nquads",
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
FOLDER_PREFERENCE = ("graph.trig", "graph.nq", "graph.ttl", "graph.nt", "graph.jsonld")
#: Deepest nesting read: far beyond real data (kg's own exports nest about 6
#: deep), well within what rdflib's recursive parsers survive from any caller.
MAX_NESTING = 64


class GraphLoadError(Exception):
    """A graph could not be read; the message names the file and the reason."""


class RemoteAccessError(GraphLoadError):
    """Input that would make kg fetch something over the network, which it never does."""


def graph_file(path: Path) -> Path:
    """The RDF file a path stands for (a folder: its richest export)."""
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except (OSError, ValueError) as exc:
        raise GraphLoadError(f"{display_path(path)}: not a readable path ({exc})") from None
    if not exists:
        raise GraphLoadError(f"{display_path(path)}: no such file or folder")
    if is_dir:
        for name in FOLDER_PREFERENCE:
            if (path / name).is_file():
                return path / name
        raise GraphLoadError(f"{display_path(path)}: no graph export found (looked for {', '.join(FOLDER_PREFERENCE)}); run `kg build` first")
    if path.suffix.lower() not in FORMATS:
        raise GraphLoadError(f"{display_path(path)}: unknown RDF format {path.suffix!r}; known: {', '.join(sorted(FORMATS))}")
    return path


def load_dataset(path: str | Path) -> Dataset:
    """Parse a graph file or export folder into a Dataset whose default graph is the union.

    Raises:
        GraphLoadError: the path is missing, not a regular file, unreadable,
            not valid in its format, or refused by :func:`check_safe`.
    """
    file = graph_file(Path(path))
    name = display_path(file)
    fmt = FORMATS[file.suffix.lower()]
    try:
        data = read_regular(file)
    except NotRegularFileError as exc:
        raise GraphLoadError(f"{name}: {exc.strerror}") from None
    except OSError as exc:
        raise GraphLoadError(f"{name}: cannot read ({exc.strerror or exc})") from None
    check_safe(data, fmt, name)
    dataset = Dataset(default_union=True)
    try:
        dataset.parse(data=data, format=fmt, publicID=file.resolve().as_uri())
    except RecursionError:
        raise GraphLoadError(f"{name}: nesting too deep to parse") from None
    except Exception as exc:  # rdflib raises many parser-specific types
        raise GraphLoadError(f"{name}: cannot parse as {fmt}: {exc}") from None
    return dataset


def check_safe(data: bytes, fmt: str, name: str) -> None:
    """Refuse RDF that would bomb, crash or phone home when parsed (see the module notes).

    >>> check_safe(b'<a> <b> ( ( ( ) ) ) .', "turtle", "ok.ttl")
    >>> check_safe(b'{"@context": "https://schema.org/"}', "json-ld", "remote.jsonld")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.graph.loading.RemoteAccessError: remote.jsonld: JSON-LD @context refers to 'https://schema.org/'; ...

    Raises:
        GraphLoadError: with the file name, the reason and, where known, the line.
    """
    if fmt in ("turtle", "trig", "n3"):
        _check_turtle_nesting(data, name)
    elif fmt == "json-ld":
        _check_jsonld(data, name)
    elif fmt == "xml":
        _check_xml(data, name)


# --------------------------------------------------------------------------- Turtle and TriG

# Strings, IRIs and comments are skipped whole (a "(" inside them is not
# nesting); possessive repeats keep the scan linear on unterminated input.
_TURTLE_TOKEN = re.compile(
    rb'"""(?:(?:"|"")?(?:[^"\\]|\\.))*+"""'
    rb"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*+'''"
    rb'|"(?:[^"\\\n\r]|\\.)*+"'
    rb"|'(?:[^'\\\n\r]|\\.)*+'"
    rb"|<[^<>\"{}|^`\\\x00-\x20]*+>"
    rb"|#[^\n\r]*+"
    rb"|\\."
    rb"|[\[\](){}]",
    re.DOTALL,
)


def _check_turtle_nesting(data: bytes, name: str) -> None:
    depth = 0
    for match in _TURTLE_TOKEN.finditer(data):
        token = match.group()
        if token in (b"[", b"(", b"{"):
            depth += 1
            if depth > MAX_NESTING:
                line = data.count(b"\n", 0, match.start()) + 1
                raise GraphLoadError(f"{name}: line {line}: collections or blank nodes nested more than {MAX_NESTING} deep; refused")
        elif token in (b"]", b")", b"}") and depth:
            depth -= 1


# --------------------------------------------------------------------------- JSON-LD

_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*+"|[\[\]{}]', re.DOTALL)


def _check_jsonld(data: bytes, name: str) -> None:
    depth = 0
    for match in _JSON_TOKEN.finditer(data):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > MAX_NESTING:
                line = data.count(b"\n", 0, match.start()) + 1
                raise GraphLoadError(f"{name}: line {line}: JSON nested more than {MAX_NESTING} deep; refused")
        elif token in (b"]", b"}") and depth:
            depth -= 1
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise GraphLoadError(f"{name}: cannot parse as json-ld: {exc}") from None
    for reference in _context_references(document):
        raise RemoteAccessError(
            f"{name}: JSON-LD @context refers to {reference!r}; kg reads graphs offline and never fetches a context. "
            "Put the context inline (kg's own exports do)"
        )


def _context_references(document: Any) -> Iterator[str]:
    """Every context given by reference (a URL or path string, or ``@import``), walking iteratively."""
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            context = value.get("@context")
            for item in context if isinstance(context, list) else [context]:
                if isinstance(item, str):
                    yield item
                elif isinstance(item, dict) and isinstance(item.get("@import"), str):
                    yield item["@import"]
            stack.extend(value.values())


# --------------------------------------------------------------------------- RDF/XML


class _Refused(Exception):
    pass


def _check_xml(data: bytes, name: str) -> None:
    """Parse once with expat (every encoding it knows), refusing entities and deep nesting.

    Any ENTITY declaration is refused, not only recursive ones: expansion is
    where both "billion laughs" and external entities live, and RDF/XML
    does not need it (save the file as Turtle or without entities).
    """
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0
    limit = 2 * MAX_NESTING + 2  # a node and its property are two elements

    def entity(entity_name: str, *_: Any) -> None:
        raise _Refused(f"line {parser.CurrentLineNumber}: ENTITY declaration {entity_name!r} refused (entity expansion)")

    def start(*_: Any) -> None:
        nonlocal depth
        depth += 1
        if depth > limit:
            raise _Refused(f"line {parser.CurrentLineNumber}: elements nested more than {limit} deep; refused")

    def end(*_: Any) -> None:
        nonlocal depth
        depth -= 1

    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise GraphLoadError(f"{name}: {exc}") from None
    except xml.parsers.expat.ExpatError as exc:
        raise GraphLoadError(f"{name}: cannot parse as xml: {exc}") from None
