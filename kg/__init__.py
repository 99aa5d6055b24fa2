"""kg: an offline knowledge-graph builder for news about critical-minerals diplomacy.

>>> import kg
>>> kg.__version__
'0.1.0'

Importing kg is cheap: spaCy, rdflib and the model load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "__version__", "build"]

if TYPE_CHECKING:
    from kg.engine.knowledge_graph import KnowledgeGraph
    from kg.engine.pipeline import build


def __getattr__(name: str) -> Any:
    if name == "build":
        from kg.engine.pipeline import build

        return build
    if name == "KnowledgeGraph":
        from kg.engine.knowledge_graph import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
