"""A remote SPARQL 1.1 server as careergraph's store (``--store URL``, or ``--endpoint URL``).

Reads go through the SPARQL 1.1 Protocol (see :mod:`careergraph.stores.sparqlclient`): look-up and
routes fetch only the triples of the predicates they need (then cached locally, see
:mod:`careergraph.cache`), ``show`` fetches one node's neighbourhood, and ``query``, ``search`` and
``stats`` run in the server. Blank nodes published as Skolem IRIs (see
:mod:`careergraph.stores.publish`) are read back as blank nodes, so answers match the local stores.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property

from ..errors import EndpointError
from ..sparqltext import (containing_query, count_query, neighbourhood_query, query_form, substitute,
                          value_range_query)
from .base import Store
from .sparqlclient import SparqlConnection
from .terms import SKOLEM, fact_from_sparql_json, rdflib_from_fact

__all__ = ["PAGE_ROWS", "Endpoint"]

# Rows asked for per request when reading triples; a server that caps results is paged.
PAGE_ROWS = 1_000_000


class Endpoint(SparqlConnection, Store):
    """A SPARQL 1.1 server as a store: ``Endpoint(url, graph=None, timeout=...)``, see
    :class:`~careergraph.stores.sparqlclient.SparqlConnection`."""

    name = "endpoint"
    remote = True
    resolves_dataset_clauses = True  # FROM names the server's own graphs

    @property
    def origin(self) -> str:
        return self.url

    def triples(self, predicates=None):
        """The triples (in Facts form) with one of ``predicates`` (all, if None), one simple query
        a predicate, each read in pages if the server caps its answers."""
        if predicates is None:
            for row in self._all_rows("?s ?p ?o", ("s", "p", "o")):
                yield fact_from_sparql_json(row["s"]), fact_from_sparql_json(row["p"]), fact_from_sparql_json(row["o"])
            return
        for predicate in predicates:
            for row in self._all_rows(f"?s <{predicate}> ?o", ("s", "o")):
                yield fact_from_sparql_json(row["s"]), predicate, fact_from_sparql_json(row["o"])

    def _all_rows(self, pattern: str, names) -> list[dict]:
        rows = self.select(f"SELECT * WHERE {{ {pattern} }} LIMIT {PAGE_ROWS}", names)[1]
        expected = self.number(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        if len(rows) < expected:
            # more than a page, or the server capped the answer: page through it in a fixed order,
            # in pages as large as it allows
            size, rows, offset = len(rows), [], 0
            order = " ".join(f"?{name}" for name in names)
            while offset < expected:
                page = self.select(f"SELECT * WHERE {{ {pattern} }} ORDER BY {order} LIMIT {size} OFFSET {offset}",
                                   names)[1]
                if not page:
                    break
                rows.extend(page)
                offset += len(page)
        return rows

    def neighbourhood(self, iris):
        """The triples of :func:`~careergraph.sparqltext.neighbourhood_query` for ``iris``."""
        for row in self.select(neighbourhood_query(iris), ("s", "p", "o"))[1]:
            yield fact_from_sparql_json(row["s"]), fact_from_sparql_json(row["p"]), fact_from_sparql_json(row["o"])

    def objects_containing(self, predicate: str, word: str):
        """(subject, object) pairs of ``predicate`` whose text contains ``word`` (case-insensitively)."""
        for row in self.select(containing_query(predicate, word), ("s", "o"))[1]:
            yield fact_from_sparql_json(row["s"]), fact_from_sparql_json(row["o"])

    def count(self, predicate: str | None = None) -> int:
        """The number of triples (with ``predicate``, if given)."""
        return self.number(count_query(predicate))

    def fingerprint(self) -> str:
        """A digest of the server's data that changes when the data does: the number of triples,
        the total length of the literals and the sum of the numbers. Edits that keep all three are
        not seen; ``--no-cache`` reads afresh."""
        names, rows = self.select(
            "SELECT (COUNT(*) AS ?n) (SUM(IF(isLiteral(?o), STRLEN(STR(?o)), 0)) AS ?chars) "
            "(SUM(IF(isNumeric(?o), ?o, 0)) AS ?sum) WHERE { ?s ?p ?o }")
        parts = [self.url, self.graph or ""] + [rows[0].get(n, {}).get("value", "") if rows else "" for n in names]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def query(self, text: str, prepared, bindings: dict, *, service: bool = False):
        """Run ``text`` with ``bindings`` (rdflib terms) in the server; returns an rdflib Result."""
        from io import BytesIO

        from rdflib import Graph
        from rdflib.query import Result
        from rdflib.term import Variable

        form = query_form(text)
        text = substitute(text, bindings)
        if form in ("CONSTRUCT", "DESCRIBE"):
            response = self._post_query(text, "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5")
            result = Result(form)
            result.graph = Graph()
            kind = response.headers.get("content-type", "").split(";")[0].strip()
            rdf_format = {"application/rdf+xml": "xml", "text/turtle": "turtle"}.get(kind, "nt")
            try:
                parsed = Graph().parse(BytesIO(response.content), format=rdf_format)
            except Exception as exc:  # rdflib's parsers raise several kinds
                raise EndpointError(f"{self.url}: cannot read the {kind or 'RDF'} answer: {exc}".splitlines()[0]) from None
            for triple in parsed:
                result.graph.add(tuple(_deskolemized(t) for t in triple))
            return result
        if form == "ASK":
            response = self._post_query(text, "application/sparql-results+json")
            result = Result("ASK")
            try:
                answer = json.loads(response.content)
                # Virtuoso 7 answers ASK with one row of a variable __ASK_RETVAL holding 0 or 1
                result.askAnswer = (bool(answer["boolean"]) if "boolean" in answer
                                    else answer["results"]["bindings"][0]["__ASK_RETVAL"]["value"] == "1")
            except (ValueError, KeyError, TypeError, IndexError):
                raise EndpointError(f"{self.url}: the answer to an ASK query is not SPARQL JSON results") from None
            return result
        names, rows = self.select(text)
        result = Result("SELECT")
        result.vars = [Variable(n) for n in names]
        result.bindings = [{Variable(n): rdflib_from_fact(fact_from_sparql_json(row[n])) for n in names if n in row} for row in rows]
        return result


    def value_range(self, predicate: str, value_predicate: str):
        _, rows = self.select(value_range_query(predicate, value_predicate))
        row = rows[0] if rows else {}
        days = [row[name]["value"] for name in ("oldest", "newest") if name in row]
        return (days[0], days[1]) if len(days) == 2 else None

    def rdflib_graph(self):
        return self.whole_graph

    @cached_property
    def whole_graph(self):
        """The server's triples as an rdflib graph (fetched once; ``graph`` is the named graph's IRI)."""
        from rdflib import Graph

        from ..namespaces import bind_prefixes

        graph = bind_prefixes(Graph())
        for triple in self.triples():
            graph.add(tuple(rdflib_from_fact(t) for t in triple))
        return graph


def _deskolemized(term):
    """An rdflib term, with a Skolem IRI turned back into its blank node."""
    from rdflib import BNode, URIRef

    return BNode(term[len(SKOLEM):]) if isinstance(term, URIRef) and term.startswith(SKOLEM) else term

