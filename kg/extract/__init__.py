"""Relation extractors, registered by name and run in a fixed order.

Each extractor is a function ``(DocContext) -> None`` that reads the
document's sentences and adds facts to the context. Registering by name
lets a user run a subset (``kg build --extractors``) and gives a helpful
error listing the known names on a typo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg.nlp.context import DocContext

Extractor = Callable[[DocContext], None]


@dataclass(frozen=True)
class Registered:
    name: str
    order: int
    function: Extractor
    doc: str


_REGISTRY: dict[str, Registered] = {}


class UnknownExtractorError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


def extractor(name: str, order: int) -> Callable[[Extractor], Extractor]:
    """Register an extractor under ``name``; lower ``order`` runs first."""

    def register(function: Extractor) -> Extractor:
        if name in _REGISTRY:
            raise ValueError(f"extractor {name!r} registered twice")
        _REGISTRY[name] = Registered(name, order, function, (function.__doc__ or "").strip().split("\n")[0])
        return function

    return register


def registry() -> dict[str, Registered]:
    """All extractors by name (importing the modules that define them)."""
    from kg.extract import actions, agreements, geo, people, politics, supply  # noqa: F401

    return dict(sorted(_REGISTRY.items(), key=lambda item: (item[1].order, item[0])))


def get_extractors(names: Iterable[str] | None = None) -> list[Registered]:
    known = registry()
    if names is None:
        return list(known.values())
    chosen = []
    for name in names:
        if name not in known:
            raise UnknownExtractorError(f"unknown extractor {name!r}. Available names: {', '.join(known)}")
        chosen.append(known[name])
    return sorted(chosen, key=lambda r: r.order)


def run_extractors(ctx: DocContext, names: Iterable[str] | None = None) -> None:
    for registered in get_extractors(names):
        registered.function(ctx)
