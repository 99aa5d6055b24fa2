"""The extractor registry: ``@extractor(name, order)`` records a function; nothing here imports an extractor.

Kept apart from :mod:`kg.extract` (which imports every extractor module to
fill the registry) so that an extractor module imports only this one and no
import cycle forms.
"""

from __future__ import annotations

from collections.abc import Callable
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


def registered() -> dict[str, Registered]:
    """What has been registered so far (by the extractor modules imported until now)."""
    return dict(_REGISTRY)
