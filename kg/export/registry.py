"""The exporter registry: ``@exporter(name, filename, description)`` records a renderer; nothing here imports one.

Kept apart from :mod:`kg.export` (which imports every exporter module to fill
the registry) so that an exporter module imports only this one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Renderer = Callable[[Any], str]
"""Graph (``GraphQuads``, pyoxigraph ``Dataset``, rdflib ``Dataset`` or ``Graph``) -> file content."""


@dataclass(frozen=True)
class Exporter:
    name: str
    filename: str
    render: Renderer
    description: str


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


def registered() -> dict[str, Exporter]:
    """What has been registered so far, in registration order."""
    return dict(_REGISTRY)
