"""Relation extractors, registered by name and run in a fixed order.

Each extractor is a function ``(DocContext) -> None`` that reads the
document's sentences and adds facts to the context. Registering by name
lets a user run a subset (``kg build --extractors``) and gives a helpful
error listing the known names on a typo.
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.extract.registry import Registered, UnknownExtractorError, registered
from kg.nlp.context import DocContext

__all__ = ["Registered", "UnknownExtractorError", "get_extractors", "registry", "run_extractors"]


def registry() -> dict[str, Registered]:
    """All extractors by name (importing the modules that define them)."""
    from kg.extract import (  # noqa: F401
        actions,
        agreement_sides,
        agreements,
        aid,
        conflict,
        cooperation,
        deposits,
        geo,
        headlines,
        infobox,
        members,
        membership,
        people,
        plural_deals,
        reserve_lines,
        signatories,
        supply,
        unasserted,
    )

    return dict(sorted(registered().items(), key=lambda item: (item[1].order, item[0])))


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
    for entry in get_extractors(names):
        entry.function(ctx)
