"""The interactive HTML view, registered as an export (renderer in kg.export.html)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.export.registry import exporter, streams


@exporter("html", "graph.html", "Interactive offline HTML graph (vis-network), evidence on click")
def to_html(dataset: Any) -> str:
    from kg.export.html import render_html

    return render_html(dataset)


@streams("html")
def html_chunks(dataset: Any) -> Iterator[str]:
    """The page in pieces (its view model's JSON an item at a time), so ``kg build`` never holds the page as one string."""
    from kg.export.html.page import page_chunks

    yield from page_chunks(dataset)
