"""The exporter registry: ``@exporter(name, filename, description)`` records a renderer; nothing here imports one.

Kept apart from :mod:`kg.export` (which imports every exporter module to fill
the registry) so that an exporter module imports only this one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

Renderer = Callable[[Any], str]
"""Graph (``GraphQuads``, pyoxigraph ``Dataset``, rdflib ``Dataset`` or ``Graph``) -> file content."""
Streamer = Callable[[Any], Iterable[str]]
"""Graph -> the same file content in pieces, in order (so a large file is never one string)."""


@dataclass(frozen=True)
class Exporter:
    name: str
    filename: str
    render: Renderer
    description: str
    chunks: Streamer | None = None

    def stream(self, graph: Any) -> Iterator[str]:
        """The file's content in pieces: the streaming renderer's when there is one, else the whole text as one piece.

        ``"".join(exporter.stream(g)) == exporter.render(g)`` for every exporter (tests/test_streaming.py).
        """
        if self.chunks is None:
            yield self.render(graph)
        else:
            yield from self.chunks(graph)


_REGISTRY: dict[str, Exporter] = {}


class UnknownFormatError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


def exporter(name: str, filename: str, description: str) -> Callable[[Renderer], Renderer]:
    def register(render: Renderer) -> Renderer:
        if name in _REGISTRY:
            raise ValueError(f"exporter {name!r} registered twice")
        _REGISTRY[name] = Exporter(name, filename, render, description)
        return render

    return register


def streams(name: str) -> Callable[[Streamer], Streamer]:
    """Give the registered exporter ``name`` a streaming renderer (same bytes as its ``render``, in pieces)."""

    def register(chunks: Streamer) -> Streamer:
        if name not in _REGISTRY:
            raise ValueError(f"no exporter {name!r} to stream")
        _REGISTRY[name] = replace(_REGISTRY[name], chunks=chunks)
        return chunks

    return register


def registered() -> dict[str, Exporter]:
    """What has been registered so far, in registration order."""
    return dict(_REGISTRY)
