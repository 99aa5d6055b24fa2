"""How the page draws things: limits, the layout seed, colours and shapes by class and property."""

from __future__ import annotations

import math

from kg.ontology import KGO

DEFAULT_TITLE = "kg — knowledge graph"

PHYSICS_NODE_LIMIT = 400
"""Largest node count laid out by vis physics; bigger graphs get a fixed layout."""

EDGE_LABEL_LIMIT = 600
"""Largest edge count whose labels are all drawn; above it only the selection's are.

vis measures and draws every visible edge label on every frame; at 20,000
edges and a close zoom that is seconds per frame.
"""

DISPLAY_NAME_LIMIT = 24
"""Longest name drawn on the canvas as it is; longer ones are cut at a word (the panel shows them whole)."""

LABEL_PX = 12
"""Node labels are drawn at this many screen (CSS) pixels whatever the zoom (the page reads it from ``meta``)."""

LAYOUT_SEED = 42
"""Seed of every layout, so the same graph always looks (and serialises) the same."""

OTHER_CLASS = "Other"
"""Class shown for a relation endpoint that has none of the six entity classes."""

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#E69F00", "dot"),
    "State": ("#0072B2", "hexagon"),
    "Organization": ("#009E73", "square"),
    "Mineral": ("#CC79A7", "diamond"),
    "Agreement": ("#D55E00", "star"),
    "Place": ("#56B4E9", "triangle"),
    OTHER_CLASS: ("#8C8C8C", "triangleDown"),
}

PROPERTY_COLORS: dict[str, str] = {
    "represents": "#B7791F",
    "partyTo": "#2B6CB0",
    "covers": "#B83280",
    "hasDeposit": "#8A5A1A",
    "locatedIn": "#718096",
    "negotiates": "#3182CE",
    "proposes": "#805AD5",
    "signs": "#2F855A",
    "rejects": "#C53030",
    "dominatesSupplyOf": "#DD6B20",
    "seeksMembershipIn": "#319795",
    "providesAidTo": "#38A169",
    "inConflictWith": "#E53E3E",
}
FALLBACK_PROPERTY_COLOR = "#A0AEC0"

WIKIDATA_PREFIXES = ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/")

# kgo: properties that link nodes but are not relations between entities.
NON_RELATIONS = frozenset({KGO.mentions})

MIN_SIZE, MAX_SIZE = 10.0, 34.0  # node radius in px for 0 and for the most articles
CORE_SIZE = 300  # nodes laid out by spring layout in a large graph
# A node of a large layout owns one grid cell, wide enough for its label.
CELL_W, CELL_H = 100.0, 46.0
GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))
