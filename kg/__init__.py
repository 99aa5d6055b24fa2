"""kg: an offline knowledge-graph builder for news about critical-minerals diplomacy.

>>> import kg
>>> kg.__version__
'0.1.0'

``kg.build(paths, texts=...)`` builds a :class:`KnowledgeGraph` from
articles; ``kg.open(folder)`` reads the one an earlier ``kg build`` wrote.
Importing kg is cheap: spaCy, rdflib and the model load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "__version__", "build", "open"]

if TYPE_CHECKING:
    from kg.engine.knowledge_graph import KnowledgeGraph
    from kg.engine.pipeline import build
    from kg.engine.reader import read_graph as open


def __getattr__(name: str) -> Any:
    if name == "build":
        from kg.engine.pipeline import build

        return build
    if name == "open":
        from kg.engine.reader import read_graph

        return read_graph
    if name == "KnowledgeGraph":
        from kg.engine.knowledge_graph import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
