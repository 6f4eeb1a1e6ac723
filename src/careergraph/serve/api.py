"""The JSON API: one table of operations drives the request parsing, the answers and the OpenAPI
description, so the three cannot drift apart.

Each operation takes its parameters from the query string, calls the public library API
(:class:`careergraph.graph.KnowledgeGraph`) and answers with the JSON shape the CLI prints with
``--format json``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import BadInputError

__all__ = ["BY_PATH", "ERROR_SCHEMA", "MAX_ALTERNATIVES", "MAX_REPEATS", "MAX_TEXT", "MAX_WITHIN", "NAME",
           "OPERATIONS", "ROUTE_PARAMS", "openapi", "Operation", "Param"]

# Bounds that keep one request from asking for unbounded work.
MAX_REPEATS = 10  # values of a repeatable parameter (via, avoid, have, name)
MAX_ALTERNATIVES = 10  # k
MAX_WITHIN = 60.0  # reach --within, in years
MAX_TEXT = 300  # characters of a name or search text


@dataclass(frozen=True)
class Param:
    """A query-string parameter: ``kind`` is str, int, float or a tuple of choices."""

    name: str
    description: str
    required: bool = False
    repeat: bool = False
    kind: Any = str
    default: object = None
    minimum: float | None = None
    maximum: float | None = None

    def schema(self) -> dict:
        item: dict[str, Any]
        if isinstance(self.kind, tuple):
            item = {"type": "string", "enum": list(self.kind)}
        else:
            item = {"type": {str: "string", int: "integer", float: "number"}[self.kind]}
            if self.kind is str:
                item["maxLength"] = MAX_TEXT
            if self.minimum is not None:
                item["minimum"] = self.minimum
            if self.maximum is not None:
                item["maximum"] = self.maximum
        if self.default is not None:
            item["default"] = self.default
        if self.repeat:
            item = {"type": "array", "items": item, "maxItems": MAX_REPEATS}
        return {"name": self.name, "in": "query", "required": self.required, "description": self.description,
                "schema": item, **({"explode": True, "style": "form"} if self.repeat else {})}

    def read(self, values: list[str]):
        """The parameter's value from the strings given for it, or BadInputError naming the problem."""
        if self.repeat:
            if len(values) > MAX_REPEATS:
                raise BadInputError(f"parameter {self.name!r} is given {len(values)} times; at most {MAX_REPEATS}")
            return tuple(self._one(v) for v in values if v.strip())
        if len(values) > 1:
            raise BadInputError(f"parameter {self.name!r} is given {len(values)} times; give it once")
        if not values or not values[0].strip():
            if self.required:
                raise BadInputError(f"missing parameter {self.name!r}")
            return self.default
        return self._one(values[0])

    def _one(self, text: str):
        if len(text) > MAX_TEXT:
            raise BadInputError(f"parameter {self.name!r} is longer than {MAX_TEXT} characters")
        if isinstance(self.kind, tuple):
            if text not in self.kind:
                raise BadInputError(f"parameter {self.name!r} must be one of {', '.join(self.kind)}, not {text!r}")
            return text
        if self.kind is str:
            return text
        try:
            number = self.kind(text)
        except ValueError:
            raise BadInputError(f"parameter {self.name!r} must be a number, not {text!r}") from None
        if not math.isfinite(number) or (self.minimum is not None and number < self.minimum) or (
                self.maximum is not None and number > self.maximum):
            raise BadInputError(f"parameter {self.name!r} must be between {self.minimum:g} and "
                                f"{self.maximum:g}, not {text!r}")
        return number


@dataclass(frozen=True)
class Operation:
    """One JSON endpoint: its path, what it answers, its parameters, and how it is answered."""

    path: str
    summary: str
    params: tuple[Param, ...]
    answer: Callable[..., Any]  # (kg, dict of parameter values) -> JSON-ready data
    shape: str  # the README's description of the answer
    not_found: tuple[str, ...] = field(default=("UnknownNodeError",))

    def arguments(self, query) -> dict:
        """The parameters' values from a Starlette ``QueryParams``; unknown parameters are refused."""
        known = {p.name for p in self.params}
        unknown = sorted(set(query.keys()) - known)
        if unknown:
            raise BadInputError(f"unknown parameter {unknown[0]!r} for {self.path} (parameters: {', '.join(sorted(known))})")
        return {p.name: p.read(query.getlist(p.name)) for p in self.params}


def _route(kg, a):
    found = kg.routes(a["from"], a["to"], via=a["via"], avoid=a["avoid"], have=a["have"], by=a["by"], k=a["k"])
    routes = [r.to_dict() for r in found]
    return routes if a["k"] > 1 else routes[0]


def _compare(kg, a):
    if len(a["name"]) < 2:
        raise BadInputError("compare needs two or more 'name' parameters")
    return kg.compare(a["name"], start=a["from"]).to_dict()


def _plan(kg, a):
    return kg.plan(a["from"], a["to"], a["start"], via=a["via"], avoid=a["avoid"], have=a["have"],
                   by=a["by"]).to_dict()


NAME = "a node's IRI, CURIE, id, label or alternative label"
ROUTE_PARAMS = (
    Param("by", "rank routes by total years or by number of steps", kind=("years", "steps"), default="years"),
    Param("via", f"visit this node on the way, in order ({NAME})", repeat=True),
    Param("avoid", "never pass through this node", repeat=True),
    Param("have", "something already held or done", repeat=True),
)

OPERATIONS = (
    Operation("/api/route", "The best prerequisite-complete routes from one node to another",
              (Param("from", f"where the route starts: {NAME}, or a profile such as 'US MD student'", required=True),
               Param("to", f"the goal: {NAME}", required=True), *ROUTE_PARAMS,
               Param("k", "how many distinct routes (more than 1: a list of routes)", kind=int, default=1,
                     minimum=1, maximum=MAX_ALTERNATIVES)),
              _route, "route: {from, to, steps, total_years, by}, or a list of them when k > 1",
              not_found=("UnknownNodeError", "NoRouteError")),
    Operation("/api/requires", "Everything needed to reach a node, in an order that can be followed",
              (Param("target", NAME, required=True), Param("have", "something already held or done", repeat=True)),
              lambda kg, a: kg.requires(a["target"], have=a["have"]).to_dict(),
              "requires: {target, steps, total_years}"),
    Operation("/api/next", "The options open after a node, with their lengths",
              (Param("name", NAME, required=True),),
              lambda kg, a: [o.to_dict() for o in kg.next(a["name"])],
              "next: [{id, label, type, years, relation}]"),
    Operation("/api/node", "Everything the graph says about one node, with its sources and quotes",
              (Param("name", NAME, required=True),),
              lambda kg, a: kg.record(a["name"]), "show: a node record with its relations and sources"),
    Operation("/api/search", "Nodes whose names or definition contain a text, best matches first",
              (Param("text", "the text to look for", required=True), Param("type", "only nodes of this kind"),
               Param("limit", "at most this many nodes", kind=int, default=50, minimum=1, maximum=1000)),
              lambda kg, a: [r.to_dict() for r in kg.search(a["text"], type=a["type"])[:a["limit"]]],
              "search: [{id, iri, label, type}]", not_found=()),
    Operation("/api/plan", "The best route as a dated calendar on the annual application cycle",
              (Param("from", f"where the plan starts: {NAME} or a profile", required=True),
               Param("to", NAME, required=True),
               Param("start", "the month the plan starts, YYYY-MM", required=True), *ROUTE_PARAMS),
              _plan, "plan: {from, to, start, events, total_years, steps}",
              not_found=("UnknownNodeError", "NoRouteError")),
    Operation("/api/compare", "Specialties or careers side by side",
              (Param("name", f"an item to compare ({NAME}); give it two or more times", repeat=True),
               Param("from", "where every route starts", default="US MD student")),
              _compare,
              "compare: {from, items}", not_found=("UnknownNodeError", "NoRouteError")),
    Operation("/api/reach", "Everything that can be entered within a number of further years",
              (Param("from", f"where one is ({NAME}), counted as held", required=True),
               Param("within", "how many further years", required=True, kind=float, minimum=0, maximum=MAX_WITHIN),
               Param("have", "something already held or done", repeat=True),
               Param("type", "only nodes of this kind")),
              lambda kg, a: kg.reach(a["from"], a["within"], have=a["have"], type=a["type"]).to_dict(),
              "reach: {from, within, have, type, reachable, skipped}",
              not_found=("UnknownNodeError", "NoRouteError")),
)
BY_PATH = {op.path: op for op in OPERATIONS}


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message", "exit_code"],
    "properties": {
        "error": {"type": "string", "description": "the error's class, as in careergraph.errors"},
        "message": {"type": "string", "description": "the message the command line prints"},
        "exit_code": {"type": "integer", "description": "the command line's exit code for it"},
        "suggestions": {"type": "array", "items": {"type": "string"}, "description": "close matches of an unknown name"},
        "candidates": {"type": "array", "items": {"type": "string"}, "description": "the nodes an ambiguous name names"},
        "line": {"type": "integer", "description": "where a SPARQL text fails to parse"},
        "column": {"type": "integer"},
    },
}


def openapi(version: str) -> dict:
    """The OpenAPI 3.1 description of the JSON API and of the SPARQL endpoint."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    paths = {}
    for op in OPERATIONS:
        responses = {"200": {"description": op.shape, "content": {"application/json": {"schema": {}}}},
                     "400": {"description": "bad input: a bad parameter, an ambiguous name", **error}}
        if op.not_found:
            responses["404"] = {"description": " or ".join(op.not_found), **error}
        paths[op.path] = {"get": {"summary": op.summary, "operationId": op.path.rsplit("/", 1)[1],
                                  "parameters": [p.schema() for p in op.params], "responses": responses}}
    sparql_responses = {
        "200": {"description": "SPARQL results (JSON, XML, CSV, TSV) or a graph (Turtle, N-Triples, JSON-LD), "
                               "by the Accept header"},
        "400": {"description": "a syntax error (line and column), UPDATE, SERVICE, a dataset clause", **error},
        "406": {"description": "no acceptable result format", **error},
        "413": {"description": "the request is too large", **error},
        "503": {"description": "the query ran past its time limit", **error},
    }
    query_param = {"name": "query", "in": "query", "required": True, "schema": {"type": "string"},
                   "description": "the SPARQL query"}
    paths["/sparql"] = {
        "get": {"summary": "SPARQL 1.1 Protocol query (read-only)", "operationId": "sparqlGet",
                "parameters": [query_param], "responses": sparql_responses},
        "post": {"summary": "SPARQL 1.1 Protocol query, urlencoded or as the direct body", "operationId": "sparqlPost",
                 "requestBody": {"content": {
                     "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                         "query": {"type": "string"}}, "required": ["query"]}},
                     "application/sparql-query": {"schema": {"type": "string"}}}},
                 "responses": sparql_responses},
    }
    return {"openapi": "3.1.0",
            "info": {"title": "careergraph", "version": version,
                     "description": "US physician career paths: routes, requirements, plans, comparisons and SPARQL. "
                                    "Read-only. Answers are the JSON of the command line's --format json."},
            "paths": paths, "components": {"schemas": {"Error": ERROR_SCHEMA}}}
