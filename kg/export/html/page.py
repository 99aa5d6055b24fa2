"""The page: the template in ``assets/`` filled with the view model, vis-network and a CSP of their hashes."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from typing import Any

from kg.export.html.model import view_items
from kg.export.html.style import DEFAULT_TITLE
from kg.export.html.vis import vis_network_js


def render_html(dataset: Any, title: str = DEFAULT_TITLE) -> str:
    """The complete ``graph.html`` for ``dataset``, as text (nothing is written).

    Args:
        dataset: the graph in kg's shape (see :func:`graph_to_view_data`).
        title: the page title; shown escaped, so any text is safe.

    Returns:
        One self-contained HTML document that loads nothing from the network.

    >>> from rdflib import Dataset
    >>> page = render_html(Dataset())
    >>> "https://cdn" in page, page.count("<script")
    (False, 3)
    """
    return "".join(page_chunks(dataset, title))


def page_chunks(dataset: Any, title: str = DEFAULT_TITLE) -> Iterator[str]:
    """:func:`render_html` in pieces: neither the page nor its view model ever exists whole.

    Why: at 100,000 articles the embedded view model is about a gigabyte of
    JSON and, held as Python objects, was the build's peak. The view model's
    JSON is written an article, edge or node at a time as the view makes
    them (:func:`~kg.export.html.model.view_items`, :func:`object_chunks`);
    ``"".join`` of the pieces is the page, byte for byte.
    """
    yield from _page(view_items(dataset), title)


def _page(items: Iterable[tuple[str, Any]], title: str) -> Iterator[str]:
    """Fill the template; every part is either escaped text or our own code."""
    vis_js = inline_script(vis_network_js())
    app_js = inline_script(asset("graph.js"))
    css = asset("graph.css")
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}",
            f"style-src {_csp_hash(css)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    parts = {
        "TITLE": html.escape(title, quote=True),
        "CSP": html.escape(policy, quote=True),
        "CSS": css,
        "APP": app_markup(title),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    }
    # The template is cut at @@DATA@@ (it occurs once); each side is filled as _fill would fill the whole.
    before, after = asset("graph.html").split("@@DATA@@")
    yield _fill(before, parts)
    yield from object_chunks(items)
    yield _fill(after, parts)


def app_markup(title: str) -> str:
    """The page's body: header, sidebar, canvas and panel (``assets/app.html``), the title escaped."""
    return _fill(asset("app.html"), {"TITLE": html.escape(title, quote=True)})


def _fill(template: str, parts: dict[str, str]) -> str:
    """Replace each ``@@NAME@@`` of ``template`` in one pass (a part's own text is never read as a placeholder)."""
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)


def json_for_script(data: Any) -> str:
    """JSON that cannot end its ``<script>`` element or break a JS parser.

    >>> json_for_script({"t": "</script>&\\u2028"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u0026\\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def json_chunks(data: dict[str, Any]) -> Iterator[str]:
    """:func:`json_for_script` of a dict in pieces: each top-level list (or other sequence) an element at a time.

    >>> data = {"b": [1, {"y": "<", "x": 2}], "a": "&", "c": []}
    >>> "".join(json_chunks(data)) == json_for_script(data)
    True
    """
    return object_chunks((key, data[key]) for key in sorted(data))


def object_chunks(items: Iterable[tuple[str, Any]]) -> Iterator[str]:
    """:func:`json_for_script` of the object of ``items`` (given in key order), each list or iterator value an element at a time.

    The C encoder with sorted keys and these separators writes a dict as
    ``{"key":value,...}`` and a list as ``[a,b]``, each value as it would
    alone, and the escapes replace single characters; so the pieces join to
    exactly ``json_for_script(dict(items))``, with each iterator read as a list.

    >>> "".join(object_chunks([("a", iter([1, "x"])), ("b", {"d": 1, "c": ()})]))
    '{"a":[1,"x"],"b":{"c":[],"d":1}}'
    """
    yield "{"
    previous: str | None = None
    for number, (key, value) in enumerate(items):
        if previous is not None and not previous < key:
            raise ValueError(f"object_chunks: key {key!r} after {previous!r} (the keys must come sorted)")
        previous = key
        yield ("," if number else "") + json_for_script(key) + ":"
        if isinstance(value, Iterator) or (isinstance(value, Sequence) and not isinstance(value, str)):
            yield "["
            for index, item in enumerate(value):
                yield ("," if index else "") + json_for_script(item)
            yield "]"
        else:
            yield json_for_script(value)
    yield "}"


def inline_script(code: str) -> str:
    """Make ``code`` safe between ``<script>`` tags.

    ``</script`` or ``<!--`` inside code would end or confuse the element;
    in the string and regex literals where they can occur in library code,
    ``\\x3c`` means the same ``<``.
    """
    return re.sub(r"<(?=/?script|!--)", r"\\x3c", code, flags=re.IGNORECASE)


def _csp_hash(text: str) -> str:
    """CSP source expression allowing exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def asset(name: str) -> str:
    """A file of the page itself (``assets/``: the HTML template, its CSS and JavaScript)."""
    return resources.files("kg.export.html").joinpath("assets", name).read_text(encoding="utf-8")
