"""SHACL validation of a careergraph graph with pySHACL (imported only here)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal
from rdflib.namespace import SH

from . import store, vocab

# where careergraph reads numbers from whatever literal is given (graph.py), besides typed numbers
_NUMBER_PREDICATES = {vocab.MIN_YEARS, vocab.MAX_YEARS, vocab.PRIOR_GME_YEARS, vocab.MIN_VALUE, vocab.MAX_VALUE}


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


def non_finite_numbers(graph: Graph) -> list[tuple]:
    """The triples whose object reads as a number that is not finite: NaN, INF, or beyond the range
    of a double (``1e309``, an integer of 400 digits), which no length or salary can be."""
    found = []
    for triple in graph:
        term = triple[2]
        if not isinstance(term, Literal):
            continue
        typed = isinstance(term.value, (int, float, Decimal)) and not isinstance(term.value, bool)
        if typed or str(triple[1]) in _NUMBER_PREDICATES:
            try:
                number = float(str(term))  # as graph.py reads it
            except ValueError:
                continue
            if not math.isfinite(number):
                found.append(triple)
    return found


def validate_graph(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``graph`` (data and ontology) against the bundled shapes (or ``shapes``), and check
    that every number is finite (one violation for each that is not)."""
    import pyshacl

    if shapes is None:
        shapes = store.load_graph([store.shapes_file()])
    manager = graph.namespace_manager
    violations = []
    non_finite = non_finite_numbers(graph)
    for subject, predicate, term in non_finite:
        text = str(term) if len(str(term)) <= 16 else str(term)[:16] + "\u2026"
        violations.append(Violation(subject.n3(manager), predicate.n3(manager),
                                    f"{predicate.n3(manager)} must be a finite number, not {text}", "Violation"))
    if non_finite:
        # pySHACL cannot compare NaN with a bound; the numbers are reported above
        graph = graph + Graph()
        for triple in non_finite:
            graph.remove(triple)
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True,
                                           allow_warnings=True)
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
    return ValidationReport(bool(conforms) and not non_finite, violations)
