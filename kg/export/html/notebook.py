"""Graphs in a notebook: vis-network and the page's script once per session, then only each graph's data.

Why: a notebook keeps every output it shows. The whole page in a sandboxed
iframe costs the ~470 KB of vis-network per cell, whatever the graph's size,
so two small graphs made a 1 MB notebook. Jupyter (classic and Lab),
nbconvert's HTML and VS Code put every output of a notebook in one page,
as plotly's and bokeh's notebook modes rely on, so kg sends the library once:

* the first graph a Python session displays carries :func:`library_html`:
  vis-network (wrapped so that RequireJS, which classic Jupyter loads, does
  not swallow it as an anonymous module), the page's script (which defines
  ``window.kgGraph``) and its stylesheet;
* every graph (the first included) is :func:`cell_html`: a box, the page's
  markup in a ``<template>``, the view model as JSON in
  ``<script type="application/json">`` (escaped as in ``graph.html``) and a
  few lines that draw it into a shadow root of the box, so the notebook's CSS
  and the page's never meet and two graphs never share an element id.

Article text stays text: the markup is kg's own (the title escaped), the
data is JSON read with ``JSON.parse``, and the script builds everything with
``textContent``. Outputs that do not share a page (Google Colab gives each
its own iframe) get the standalone page, as does ``GraphView(...,
standalone=True)``. A later output whose page lacks the library (its output
was cleared) says so in the cell and how to bring it back.
"""

from __future__ import annotations

import hashlib
import html
import sys
from dataclasses import dataclass
from typing import Any

from kg.export.html.model import graph_to_view_data
from kg.export.html.page import app_markup, asset, inline_script, json_for_script, render_html
from kg.export.html.style import DEFAULT_TITLE
from kg.export.html.vis import vis_network_js


@dataclass
class NotebookSession:
    """What this Python process has sent to the notebook page: the library, or not yet.

    One per kernel (:data:`SESSION`): a kernel serves one notebook page, and
    the page keeps the library for as long as the output that brought it.
    """

    library_sent: bool = False

    def forget(self) -> None:
        """Send the library again with the next graph (after clearing the output that held it)."""
        self.library_sent = False


SESSION = NotebookSession()


def forget_notebook() -> None:
    """The next graph displayed brings vis-network again (call it after clearing the first graph's output)."""
    SESSION.forget()


def outputs_are_isolated() -> bool:
    """True where each output is its own page (Google Colab), so a library sent once would not be seen."""
    return "google.colab" in sys.modules


def library_html() -> str:
    """vis-network, the page's script and its stylesheet, for the notebook page (sent once).

    ``define``, ``exports`` and ``module`` are shadowed around vis-network's
    UMD wrapper: with RequireJS on the page it would otherwise register an
    anonymous AMD module and never set ``window.vis``.
    """
    vis = inline_script(vis_network_js())
    app = inline_script(asset("graph.js"))
    css = json_for_script(asset("graph.css"))
    return (
        '<script data-kg-library="vis-network">(function (define, exports, module) {\n'
        f"{vis}\n}}).call(window);</script>"
        f'<script data-kg-library="graph">{app}\n'
        f"window.kgGraphStyle = {css};</script>"
    )


_START = """(function () {
  var mark = "%(key)s", box = document.currentScript && document.currentScript.parentNode;
  if (!box || box.getAttribute("data-kg-cell") !== mark) {
    box = Array.prototype.find.call(document.querySelectorAll('div[data-kg-cell="' + mark + '"]'), function (b) { return !b.hasAttribute("data-kg-started"); });
  }
  if (!box || box.hasAttribute("data-kg-started")) return;
  box.setAttribute("data-kg-started", "1");
  var host = box.querySelector(".kg-host");
  if (!window.kgGraph || !window.vis) {
    host.textContent = "kg: this graph needs vis-network, which the first graph output of this notebook session brought and this page no longer has (cleared, or the notebook is not trusted). Run kg.export.html.forget_notebook() and display the graph again, or display GraphView(graph.quads, standalone=True).";
    return;
  }
  var root = host.attachShadow({mode: "open"}), style = document.createElement("style");
  style.textContent = window.kgGraphStyle;
  root.appendChild(style);
  root.appendChild(box.querySelector("template").content.cloneNode(true));
  window.kgGraph(root, JSON.parse(box.querySelector('script[type="application/json"]').textContent), host);
})();"""


def cell_html(data: dict[str, Any], title: str, height: int) -> str:
    """One graph's output: its box, markup, data and the lines that draw it (see the module notes).

    The box is marked with a digest of what it shows, so a script finds its
    own box even where ``document.currentScript`` is not its element.
    """
    payload = json_for_script(data)
    key = hashlib.sha256(f"{title}\x1f{payload}".encode()).hexdigest()[:16]
    return (
        f'<div class="kg-notebook" data-kg-cell="{key}">'
        f'<div class="kg-host" style="height:{int(height)}px;border:1px solid #ddd;position:relative"></div>'
        f"<template>{app_markup(title)}</template>"
        f'<script type="application/json">{payload}</script>'
        f"<script>{_START % {'key': key}}</script>"
        "</div>"
    )


def notebook_html(data: dict[str, Any], title: str, height: int, session: NotebookSession = SESSION) -> str:
    """The output for one graph: the library first if this session has not sent it, then the graph."""
    library = ""
    if not session.library_sent:
        library = library_html()
        session.library_sent = True
    return library + cell_html(data, title, height)


def standalone_html(page: str, title: str, height: int) -> str:
    """The whole page in a sandboxed iframe: self-contained (its own CSP), ~500 KB per output."""
    return (
        f'<iframe sandbox="allow-scripts" srcdoc="{html.escape(page, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        f'title="{html.escape(title, quote=True)}"></iframe>'
    )


@dataclass(frozen=True)
class GraphView:
    """A dataset that shows itself as the interactive graph in a notebook.

    Jupyter calls ``_repr_html_``: the graph goes into the notebook page as
    :func:`notebook_html` makes it (the library once a session, then a few
    kilobytes plus the graph's data per output). ``standalone=True`` (and
    Google Colab, whose outputs are separate pages) gives the whole page in a
    sandboxed iframe instead, with its own Content-Security-Policy.

    >>> from rdflib import Dataset
    >>> GraphView(Dataset(), standalone=True)._repr_html_().startswith('<iframe sandbox="allow-scripts"')
    True
    """

    dataset: Any
    title: str = DEFAULT_TITLE
    height: int = 640
    standalone: bool = False

    def to_html(self) -> str:
        """The full page, as :func:`render_html` gives it."""
        return render_html(self.dataset, self.title)

    def _repr_html_(self) -> str:
        if self.standalone or outputs_are_isolated():
            return standalone_html(self.to_html(), self.title, self.height)
        return notebook_html(graph_to_view_data(self.dataset), self.title, self.height)
