"""Reading a graph back: a folder of exports or one RDF file -> rdflib Dataset.

Used by ``kg validate``, ``kg view`` and ``kg explain``. A folder is read
through its richest single export (TriG keeps the named graphs), never all
of them at once.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

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


class GraphLoadError(Exception):
    """A graph could not be read; the message names the file and the reason."""


def graph_file(path: Path) -> Path:
    """The RDF file a path stands for (a folder: its richest export)."""
    if not path.exists():
        raise GraphLoadError(f"{path}: no such file or folder")
    if path.is_dir():
        for name in FOLDER_PREFERENCE:
            if (path / name).is_file():
                return path / name
        raise GraphLoadError(f"{path}: no graph export found (looked for {', '.join(FOLDER_PREFERENCE)}); run `kg build` first")
    if path.suffix.lower() not in FORMATS:
        raise GraphLoadError(f"{path}: unknown RDF format {path.suffix!r}; known: {', '.join(sorted(FORMATS))}")
    return path


def load_dataset(path: str | Path) -> Dataset:
    """Parse a graph file or export folder into a Dataset whose default graph is the union."""
    file = graph_file(Path(path))
    data = file.read_bytes()
    if file.suffix.lower() in (".rdf", ".owl", ".xml") and (b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data):
        raise GraphLoadError(f"{file}: RDF/XML with a DOCTYPE or ENTITY declaration is refused (entity expansion)")
    dataset = Dataset(default_union=True)
    try:
        dataset.parse(data=data, format=FORMATS[file.suffix.lower()], publicID=file.resolve().as_uri())
    except RecursionError:
        raise GraphLoadError(f"{file}: nesting too deep to parse") from None
    except Exception as exc:  # rdflib raises many parser-specific types
        raise GraphLoadError(f"{file}: cannot parse as {FORMATS[file.suffix.lower()]}: {exc}") from None
    return dataset
