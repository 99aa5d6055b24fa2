"""The graph as a ``pyvis.network.Network``, for notebook users who style and extend it with pyvis.

Built from the same view model as ``graph.html``
(:func:`kg.export.html.graph_to_view_data`): nodes coloured and shaped by
class and sized by articles, labelled with the short display name (the
full name in the tooltip), edges labelled by property, positions from
kg's deterministic layout. The node and edge lists are filled directly —
pyvis's ``add_edge`` checks every existing edge for a duplicate, which is
quadratic (minutes at 50,000 edges) — so a large graph converts in a blink.

Tooltips (``title``) are plain text built from the graph's own strings;
vis-network 9 shows a string title as text, never as HTML.

Note that pyvis renders its page with its own template, which loads
Bootstrap from a CDN; kg's own ``graph.html`` (``kg view``) is the offline
page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.export.html import graph_to_view_data

if TYPE_CHECKING:
    from pyvis.network import Network


def to_pyvis(dataset: Any, *, height: str = "640px", width: str = "100%", notebook: bool = False) -> Network:
    """A pyvis ``Network`` holding every entity and relation of ``dataset``.

    Args:
        dataset: the graph (a build's ``quads``, a pyoxigraph or rdflib dataset).
        height, width: the canvas size, as pyvis takes them.
        notebook: passed to pyvis (``Network.show`` then renders inline).

    Example:

    >>> from rdflib import Dataset
    >>> net = to_pyvis(Dataset())
    >>> type(net).__name__, net.nodes, net.edges
    ('Network', [], [])
    """
    from pyvis.network import Network

    view = graph_to_view_data(dataset)
    colours = {c["name"]: c["color"] for c in view["classes"]}
    shapes = {c["name"]: c["shape"] for c in view["classes"]}
    edge_colours = {p["name"]: p["color"] for p in view["properties"]}
    net = Network(height=height, width=width, directed=True, notebook=notebook, cdn_resources="in_line")
    for node in view["nodes"]:
        options = {
            "id": node["id"],
            "label": node["short"],  # the full name is in the tooltip, as graph.html keeps it for the panel
            "title": _node_tooltip(node),
            "color": colours.get(node["class"], "#8C8C8C"),
            "shape": shapes.get(node["class"], "dot"),
            "size": node["size"],
            "x": node["x"],
            "y": node["y"],
            "group": node["class"],
        }
        net.nodes.append(options)
        net.node_ids.append(node["id"])
        net.node_map[node["id"]] = options
    for edge in view["edges"]:
        net.edges.append(
            {
                "from": edge["from"],
                "to": edge["to"],
                "label": edge["property"],
                "title": _edge_tooltip(edge),
                "color": edge_colours.get(edge["property"], "#A0AEC0"),
                "arrows": "" if edge["symmetric"] else "to",
                "value": len(edge["evidence"]),
            }
        )
    if len(view["nodes"]) > 400:
        net.toggle_physics(False)  # kg's layout is already computed; physics on thousands of nodes takes minutes to settle
    return net


def _node_tooltip(node: dict[str, Any]) -> str:
    lines = [f"{node['label']} ({node['class']})"]
    if node["positions"]:
        lines.append("; ".join(node["positions"]))
    lines.append(f"{len(node['articles'])} article{'' if len(node['articles']) == 1 else 's'}")
    return "\n".join(lines)


def _edge_tooltip(edge: dict[str, Any]) -> str:
    sentences = [ev["text"] for ev in edge["evidence"][:3]]
    more = len(edge["evidence"]) - len(sentences)
    return "\n\n".join(sentences) + (f"\n\n(+{more} more)" if more > 0 else "")
