"""SHACL validation of a careergraph graph with pySHACL (imported only here)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rdflib import Graph
from rdflib.namespace import SH

from . import store


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"conforms": self.conforms, "violations": [v.to_dict() for v in self.violations]}


def validate_graph(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``graph`` (data and ontology) against the bundled shapes (or ``shapes``)."""
    import pyshacl

    if shapes is None:
        shapes = store.load_graph([store.shapes_file()])
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True,
                                           allow_warnings=True)
    manager = graph.namespace_manager
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        violations.append(Violation(
            focus.n3(manager) if focus is not None else "?",
            path.n3(manager) if path is not None else None,
            str(message) if message is not None else "constraint violated",
            severity.n3(manager).split(":")[-1] if severity is not None else "Violation",
        ))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationReport(bool(conforms), violations)
