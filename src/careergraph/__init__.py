"""careergraph: an open knowledge graph of physician career paths.

>>> import careergraph
>>> kg = careergraph.load()
>>> kg.node("medical school").id
'md-program'
"""

from .errors import (
    AmbiguousNodeError,
    BadInputError,
    CareerGraphError,
    GraphLoadError,
    NoRouteError,
    PrerequisiteCycleError,
    QueryError,
    UnknownNodeError,
)
from .graph import KnowledgeGraph, NodeRef, load

__version__ = "0.1.0"

__all__ = [
    "AmbiguousNodeError",
    "BadInputError",
    "CareerGraphError",
    "GraphLoadError",
    "KnowledgeGraph",
    "NodeRef",
    "NoRouteError",
    "PrerequisiteCycleError",
    "QueryError",
    "UnknownNodeError",
    "load",
    "__version__",
]
