"""Typed errors. The CLI turns each into a one-line message and its ``exit_code``.

Exit codes: 0 ok; 1 no result (:class:`NoResultError`) or data that does not conform
(:class:`NotConformingError`); 2 bad input (usage, unknown or ambiguous node, unreadable or
malformed file or query, refused network access, a cache directory others can write); 3 a SPARQL
query ran past its time limit.
"""

__all__ = ["AmbiguousNodeError", "BadInputError", "CareerGraphError", "GraphLoadError", "NoResultError",
           "NoRouteError", "NotConformingError", "OutputError", "PrerequisiteCycleError", "QueryError",
           "QueryTimeoutError", "UnknownNodeError", "UnknownTypeError"]


class CareerGraphError(Exception):
    """Base class of every error careergraph reports to its user."""

    exit_code = 1


class BadInputError(CareerGraphError):
    """The user's input (a name, a file, a query) cannot be used."""

    exit_code = 2


class GraphLoadError(BadInputError):
    """A graph file is missing, unreadable or malformed."""


class UnknownNodeError(BadInputError):
    """No node has the given name."""

    def __init__(self, name: str, suggestions=()) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown node {name!r}{hint}")


class AmbiguousNodeError(BadInputError):
    """More than one node has the given name."""

    def __init__(self, name: str, candidates) -> None:
        self.name = name
        self.candidates = list(candidates)
        super().__init__(f"{name!r} is ambiguous: it names {', '.join(self.candidates)}")


class UnknownTypeError(BadInputError):
    """No node kind has the given name."""


class UnknownStoreError(BadInputError):
    """No store has the given name (nor is it a SPARQL server's URL)."""


class PrerequisiteCycleError(BadInputError):
    """Prerequisites form a cycle, so no order can satisfy them."""


class NoResultError(CareerGraphError):
    """The input is good but nothing answers it (no node matches, nothing follows)."""


class NotConformingError(CareerGraphError):
    """Data does not conform: the graph to its SHACL shapes, or a Turtle file to its sorted form."""


class NoRouteError(NoResultError):
    """No route joins the two nodes under the given constraints."""


class QueryError(BadInputError):
    """A SPARQL query cannot be found, parsed, bound or run."""


class QuerySyntaxError(QueryError):
    """A SPARQL text does not parse; ``line`` and ``column`` (from 1) say where."""

    def __init__(self, message, line: int, column: int):
        self.line = line
        self.column = column
        super().__init__(message)


class QueryTimeoutError(QueryError):
    """A SPARQL query ran past its time limit."""

    exit_code = 3


class EndpointError(BadInputError):
    """The SPARQL server cannot be reached, refuses, or answers with an error."""


class OutputError(BadInputError):
    """An output cannot be written: a file that is not a regular file, or an OS error (disk full,
    permission denied, read-only file system), or a result in a format it has no form in."""
