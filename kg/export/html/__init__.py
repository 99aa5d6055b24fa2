"""``graph.html``: one self-contained, interactive page for a kg graph.

Why it looks like this:

* **Pure.** :func:`render_html` returns the page text; writing it is the
  caller's business (style habit 5). :func:`graph_to_view_data` returns the
  JSON-able view model the page embeds, for tests and notebooks.
* **Files, not strings.** The page's HTML, CSS and JavaScript are files in
  ``assets/`` (linted and read as what they are); Python keeps the view model
  (``facts`` reads the graph, ``model`` builds nodes and edges, ``layout``
  places them, ``style`` holds limits and colours) and ``page`` fills the
  template; :mod:`~kg.export.html.notebook` shows the same page in a
  notebook, sending vis-network once per session.
* **No network.** vis-network is inlined from the installed pyvis package
  (:mod:`kg.export.html.vis`, version-checked); no CDN, font or
  Bootstrap. A Content-Security-Policy of ``default-src 'none'`` with the
  sha256 of the page's own two scripts makes the browser refuse any request
  and any script that is not ours.
* **Safe.** Article text is hostile input. The data travels as JSON inside
  ``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and
  U+2029 escaped; the page builds every panel, menu and tooltip with
  ``textContent``/``createElement``; labels are drawn on the canvas with
  ``fillText`` and vis gets no HTML ``title``.
* **Readable at any size.** vis draws shapes and edges; the page draws the
  labels after each frame in screen pixels (:data:`LABEL_PX`), hubs first
  (the view model's ``rank``) and only where they overlap no other label,
  with short display names (``short``) on the canvas and full ones in the
  panel. Entities without relations are listed in the sidebar, not drawn,
  until asked for.
* **Large graphs.** Nodes and edges are made in one pass over the quads
  (no pyvis ``add_edge``, which is quadratic) and written to the page as
  they are made (:func:`~kg.export.html.model.view_items`), so neither the
  page nor its view model is ever held whole. Up to
  :data:`PHYSICS_NODE_LIMIT` nodes, a seeded networkx spring layout seeds vis
  physics, which stabilises and then freezes. Above it, a precomputed
  near-linear layout (spring layout of the best-connected core, every other
  node in a free grid cell beside its anchor) is drawn with physics off,
  thin edges, edge labels only on the selection's edges and a camera that
  jumps rather than animates: per frame, beyond vis's own drawing (~0.2-0.3 s
  at 5,000 nodes and 20,000 edges in software-rendered headless Chromium),
  the page only places at most 250 labels in a grid.
* **Deterministic.** Everything is sorted by IRI or by name, layouts use a
  fixed seed and rounded coordinates, and JSON keys are sorted: the same
  dataset gives the same bytes.

pyvis is the project's chosen visualisation stack: the page inlines the
vis-network build pyvis ships, and :func:`kg.export.pyvis_network.to_pyvis`
gives notebook users a ``pyvis.network.Network`` of the same view. The page
itself is kg's own template, because pyvis's pulls Bootstrap from a CDN and
its ``add_edge`` scans every edge (quadratic).

>>> from rdflib import Dataset
>>> page = render_html(Dataset(), title="empty <graph>")
>>> page.startswith("<!DOCTYPE html>") and "<title>empty &lt;graph&gt;</title>" in page
True
>>> graph_to_view_data(Dataset())["nodes"]
[]
"""

from kg.export.html.model import graph_to_view_data
from kg.export.html.notebook import GraphView, forget_notebook
from kg.export.html.page import render_html
from kg.export.html.style import DEFAULT_TITLE, EDGE_LABEL_LIMIT, LABEL_PX, PHYSICS_NODE_LIMIT

__all__ = [
    "DEFAULT_TITLE",
    "EDGE_LABEL_LIMIT",
    "LABEL_PX",
    "PHYSICS_NODE_LIMIT",
    "GraphView",
    "forget_notebook",
    "graph_to_view_data",
    "render_html",
]
