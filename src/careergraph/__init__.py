"""careergraph: an open knowledge graph of physician career paths.

>>> import careergraph
>>> kg = careergraph.load()
>>> kg.node("medical school").id
'md-program'

The result types (:class:`Route`, :class:`Plan`, :class:`QueryResult`, ...) are imported on first
use, so ``import careergraph`` stays as light as loading a graph needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    AmbiguousNodeError,
    BadInputError,
    CareerGraphError,
    GraphLoadError,
    NoResultError,
    NoRouteError,
    NotConformingError,
    OutputError,
    PrerequisiteCycleError,
    QueryError,
    QueryTimeoutError,
    UnknownNodeError,
    UnknownTypeError,
)
from .graph import KnowledgeGraph, NodeRef, load

if TYPE_CHECKING:
    from .htmlmap import ExportSummary
    from .compare import ComparedItem, Comparison
    from .planning import Plan, PlanEvent
    from .reach import Reach, Reachable
    from .steps import NextOption, RequirementPlan, Route, Step
    from .sparql import QueryResult
    from .validate import Provenance, ValidationReport, Violation

__version__ = "0.1.0"

# result types by the module that defines them; networkx, rdflib and pyshacl load with their module
_RESULT_TYPES = {
    "ExportSummary": "htmlmap",
    "ComparedItem": "compare", "Comparison": "compare",
    "Plan": "planning", "PlanEvent": "planning",
    "Reach": "reach", "Reachable": "reach",
    "NextOption": "steps", "RequirementPlan": "steps", "Route": "steps", "Step": "steps",
    "QueryResult": "sparql",
    "Provenance": "validate", "ValidationReport": "validate", "Violation": "validate",
}

__all__ = [
    "AmbiguousNodeError",
    "BadInputError",
    "CareerGraphError",
    "GraphLoadError",
    "KnowledgeGraph",
    "NodeRef",
    "NoResultError",
    "NoRouteError",
    "NotConformingError",
    "OutputError",
    "PrerequisiteCycleError",
    "QueryError",
    "QueryTimeoutError",
    "UnknownNodeError",
    "UnknownTypeError",
    "load",
    "__version__",
    *_RESULT_TYPES,
]


def __getattr__(name: str) -> Any:
    if name in _RESULT_TYPES:
        return getattr(importlib.import_module(f".{_RESULT_TYPES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
