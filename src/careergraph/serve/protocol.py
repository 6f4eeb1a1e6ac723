"""The SPARQL 1.1 Protocol at ``/sparql`` (https://www.w3.org/TR/sparql11-protocol/): the query
from GET, from a urlencoded POST or as the direct POST body; the result format by the Accept
header. Read-only: UPDATE, SERVICE and dataset parameters are refused.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs

from ..errors import BadInputError

__all__ = ["BOOLEAN_TYPES", "GRAPH_TYPES", "RESULT_TYPES", "negotiate", "NotAcceptableError", "query_text",
           "render"]

# media type -> output format of careergraph.output.sparql.query_result, in the order preferred
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
# ASK has no CSV or TSV form
BOOLEAN_TYPES = {t: f for t, f in RESULT_TYPES.items() if f in ("json", "xml")}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "text/plain": "nt",
}


class NotAcceptableError(BadInputError):
    """No form of the result is one the client accepts."""


def _accepted(header: str) -> list[tuple[float, int, str]]:
    """The media ranges of an Accept header as (quality, position, range), best first."""
    ranges = []
    for position, part in enumerate(header.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        if not media:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((quality, position, media.lower()))
    return sorted(ranges, key=lambda r: (-r[0], r[1]))


def negotiate(accept: str | None, offered: dict[str, str]) -> str:
    """The media type of ``offered`` (in order of preference) that ``accept`` ranks best.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
    'application/sparql-results+xml'
    >>> negotiate("*/*", GRAPH_TYPES)
    'text/turtle'
    >>> negotiate(None, RESULT_TYPES)
    'application/sparql-results+json'
    """
    if not accept or not accept.strip():
        return next(iter(offered))
    for quality, _, media in _accepted(accept):
        if quality <= 0:
            continue
        for offer in offered:
            major = offer.split("/")[0]
            if media in (offer, "*/*", f"{major}/*"):
                return offer
    raise NotAcceptableError(f"no acceptable format for this result: the server offers {', '.join(offered)}")


def query_text(method: str, content_type: str, query_params, body: bytes) -> str:
    """The query of a SPARQL Protocol request, by its operation (GET, urlencoded POST, direct POST)."""
    params = {k: query_params.getlist(k) for k in query_params.keys()}
    media = content_type.split(";")[0].strip().lower()
    if method == "POST" and media == "application/x-www-form-urlencoded":
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise BadInputError("the request body is not UTF-8") from None
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
    elif method == "POST" and media == "application/sparql-query":
        try:
            params.setdefault("query", []).append(body.decode("utf-8"))
        except UnicodeDecodeError:
            raise BadInputError("the query is not UTF-8") from None
    elif method == "POST":
        raise BadInputError("a SPARQL POST is application/x-www-form-urlencoded or application/sparql-query, "
                            f"not {media or 'without a content type'}")
    if "update" in params or media == "application/sparql-update":
        raise BadInputError("SPARQL UPDATE is refused: the graph is read-only")
    for name in ("default-graph-uri", "named-graph-uri"):
        if name in params:
            raise BadInputError(f"{name} is refused: this endpoint holds one default graph")
    queries = params.get("query", [])
    if len(queries) != 1:
        raise BadInputError("give exactly one 'query' parameter" if queries else "missing parameter 'query'")
    return queries[0]


def render(result, accept: str | None, max_rows: int) -> tuple[str, str, bool]:
    """(body, media type, whether rows were cut at ``max_rows``) of a query result."""
    from ..output.sparql import query_result

    if result.type in ("CONSTRUCT", "DESCRIBE"):
        media = negotiate(accept, GRAPH_TYPES)
        cut = len(result.graph) > max_rows
        if cut:
            from rdflib import Graph

            kept = Graph()
            for i, triple in enumerate(result.graph):
                if i == max_rows:
                    break
                kept.add(triple)
            result = replace(result, graph=kept)
        return query_result(result, GRAPH_TYPES[media]), media, cut
    offered = BOOLEAN_TYPES if result.type == "ASK" else RESULT_TYPES
    media = negotiate(accept, offered)
    cut = result.truncated or len(result.rows) > max_rows
    if len(result.rows) > max_rows:
        result = replace(result, rows=result.rows[:max_rows])
    return query_result(result, offered[media]), media, cut
