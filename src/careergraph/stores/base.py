"""The interface every store implements: where the triples live and SPARQL runs.

Modelled on rdflib's ``Store``: the code above a store (look-up, records, search, statistics,
SPARQL, validation) asks it only through these methods and never which backend it has. Terms come
out in :mod:`careergraph.facts` form (see :mod:`careergraph.stores.terms`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import ClassVar

from ..errors import QueryError
from ..facts import Facts, from_triples

__all__ = ["CACHE_DIRECTORY_PREFIX", "Store", "Triple"]

#: A store that keeps a directory in the cache names it with this prefix, so pruning finds it.
CACHE_DIRECTORY_PREFIX = "oxigraph-"

Triple = tuple  # (subject, predicate, object) in Facts form

# Nodes per neighbourhood query: a query text stays far below servers' size limits.
NEIGHBOURHOOD_BATCH = 200


class Store(ABC):
    """Triples, read by predicate or around nodes, counted and searched, and queried with SPARQL."""

    #: The name it is chosen by (``--store NAME``); see :mod:`careergraph.stores.registry`.
    name: ClassVar[str]
    #: The graph files it holds (none for a server).
    files: tuple = ()

    @property
    @abstractmethod
    def origin(self) -> str:
        """Where the triples come from, for messages: ``"12 files"`` or a URL."""

    @abstractmethod
    def triples(self, predicates: Iterable[str] | None = None) -> Iterator[Triple]:
        """The triples with one of ``predicates`` (all, if None)."""

    @abstractmethod
    def neighbourhood(self, iris: Iterable[str]) -> Iterator[Triple]:
        """The triples :meth:`careergraph.graph.KnowledgeGraph.record` needs about each of ``iris``
        (see :func:`~careergraph.sparqltext.neighbourhood_query`)."""

    @abstractmethod
    def objects_containing(self, predicate: str, word: str) -> Iterator[tuple[str, object]]:
        """(subject, object) pairs of ``predicate`` whose text contains ``word``, ignoring case (it
        may give more: the caller checks each)."""

    @abstractmethod
    def count(self, predicate: str | None = None) -> int:
        """The number of triples (with ``predicate``, if given)."""

    @abstractmethod
    def value_range(self, predicate: str, value_predicate: str) -> tuple[str, str] | None:
        """The least and greatest text of the ``value_predicate`` of the objects of ``predicate``
        (the days salary figures were checked), or None when there is none."""

    @abstractmethod
    def fingerprint(self) -> str:
        """A digest that changes when the triples do: what the compiled cache is keyed by."""

    @abstractmethod
    def query(self, text: str, prepared, bindings: dict, *, service: bool = False):
        """Run the SPARQL ``text`` (``prepared`` is rdflib's parse of it) with ``bindings`` (rdflib
        terms); returns an rdflib ``Result``. ``service``: the query has a SERVICE clause."""

    @abstractmethod
    def rdflib_graph(self):
        """The whole graph as an ``rdflib.Graph`` (validation, RDF export, publishing)."""

    def check_dataset(self, query) -> None:
        """Raise QueryError if the prepared ``query`` has FROM or FROM NAMED: they would name graphs
        outside the loaded data, and a local store fetches none."""
        clauses = dict.get(query.algebra, "datasetClause") or []
        if clauses:
            clause = clauses[0]
            named = clause["default"] if "default" in clause else clause["named"]
            raise QueryError(f"FROM <{named}> names a graph outside the loaded data, and careergraph fetches no "
                             "graph; remove the FROM and FROM NAMED clauses")

    def prepare(self, *, service: bool = False) -> None:
        """Load what :meth:`query` runs on, so that loading is not part of a query's time."""

    def facts(self, predicates: Iterable[str] | None = None) -> Facts:
        """The triples with one of ``predicates`` (all, if None) as Facts; a store that holds them
        all in memory may give all of them."""
        return from_triples(self.triples(predicates))

    def facts_about(self, iris: Iterable[str]) -> Facts:
        """Facts enough for the record of each of ``iris`` (a store may give more)."""
        iris = list(iris)
        batches = (iris[start:start + NEIGHBOURHOOD_BATCH] for start in range(0, len(iris), NEIGHBOURHOOD_BATCH))
        return from_triples(t for batch in batches for t in self.neighbourhood(batch))
