"""Publishing a graph to a SPARQL 1.1 server (``careergraph publish``).

Writes go through the SPARQL 1.1 Graph Store HTTP Protocol, or SPARQL UPDATE where no graph store
URL is given. Blank nodes are published as Skolem IRIs under :data:`~careergraph.stores.terms.SKOLEM`
named by a hash of their content and place, so publishing the same data twice writes the same
triples.
"""

from __future__ import annotations

import hashlib
import time
from typing import TYPE_CHECKING

from ..errors import EndpointError
from .sparqlclient import check_url
from .terms import SKOLEM

if TYPE_CHECKING:
    from .endpoint import Endpoint

__all__ = ["BATCH", "ntriples", "publish", "skolemized"]


def skolemized(graph):
    """The triples of an rdflib ``graph`` with each blank node replaced by a stable Skolem IRI.

    A blank node's name is a hash of its own triples and of the triples that point at it, refined
    twice through neighbouring blank nodes, so the same data always gets the same names."""
    from rdflib import BNode, URIRef

    def text(term, names):
        return names[term] if isinstance(term, BNode) else term.n3()

    triples = list(graph)  # iterating an rdflib graph is slow: once only
    bnodes = {t for triple in triples for t in (triple[0], triple[2]) if isinstance(t, BNode)}
    names = {b: "_" for b in bnodes}
    outgoing = {b: [] for b in bnodes}
    incoming = {b: [] for b in bnodes}
    for s, p, o in triples:
        if s in outgoing:
            outgoing[s].append((p, o))
        if o in incoming:
            incoming[o].append((s, p))
    for _ in range(3):
        names = {
            b: hashlib.sha256("\n".join(
                sorted(f"> {p.n3()} {text(o, names)}" for p, o in outgoing[b])
                + sorted(f"< {text(s, names)} {p.n3()}" for s, p in incoming[b])).encode()).hexdigest()[:32]
            for b in bnodes
        }
    iris = {b: URIRef(SKOLEM + names[b]) for b in bnodes}
    for s, p, o in triples:
        yield iris.get(s, s), p, iris.get(o, o)


def ntriples(triples) -> str:
    return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples)


# Triples per request: SPARQL UPDATE text is parsed whole by the server (Virtuoso's parser gives up
# at a few thousand triples), a Graph Store request body is streamed.
BATCH = {"graph-store": 20_000, "update": 1_000}


def publish(endpoint: Endpoint, graph, *, graph_store: str | None = None, replace: bool = False,
            batch: int | None = None, progress=None) -> dict:
    """Load the rdflib ``graph`` into ``endpoint`` (its ``graph``, else the server's default graph).

    Through the Graph Store Protocol at ``graph_store`` when given, else SPARQL UPDATE, in batches
    of ``batch`` triples (default: :data:`BATCH`); ``replace`` empties the target graph first. ``progress(done, total)`` is
    called after each batch. Returns the counts; raises EndpointError when the server's count
    afterwards lacks any of the triples.
    """
    if graph_store:
        check_url(graph_store, "graph store")
    triples = list(skolemized(graph))
    protocol = "graph-store" if graph_store else "update"
    batch = batch or BATCH[protocol]
    target = f"graph={endpoint.graph}" if endpoint.graph else "default"
    store_url = f"{graph_store}{'&' if '?' in graph_store else '?'}{target}" if graph_store else None
    before = endpoint.count()
    started = time.perf_counter()
    if replace and before:
        if store_url:
            endpoint.request("DELETE", store_url, headers={"Accept": "*/*"})
        else:
            endpoint.update(f"CLEAR SILENT GRAPH <{endpoint.graph}>" if endpoint.graph else "CLEAR SILENT DEFAULT")
    for start in range(0, len(triples), batch):
        chunk = ntriples(triples[start:start + batch])
        if store_url:
            endpoint.request("POST", store_url, data=chunk.encode("utf-8"),
                             headers={"Content-Type": "application/n-triples"})
        else:
            inner = f"GRAPH <{endpoint.graph}> {{ {chunk} }}" if endpoint.graph else chunk
            endpoint.update(f"INSERT DATA {{ {inner} }}")
        if progress:
            progress(min(start + batch, len(triples)), len(triples))
    try:
        # worded apart from the count before, so that a server compiles it afresh for the new data
        after = endpoint.number(f"SELECT (COUNT(*) AS ?published) WHERE {{ GRAPH <{endpoint.graph}> {{ ?s ?p ?o }} }}"
                                if endpoint.graph else "SELECT (COUNT(*) AS ?published) WHERE { ?s ?p ?o }")
    except EndpointError as exc:
        raise EndpointError(f"all {len(triples)} triples were sent, but the count that checks them failed: {exc} "
                            "(see `careergraph stats` on the endpoint later)") from None
    floor = len(triples) if replace else max(before, len(triples))
    if after < floor:
        raise EndpointError(f"{endpoint.url}: after publishing the server holds {after} triples, "
                            f"fewer than the {floor} expected")
    return {"endpoint": endpoint.url, "graph": endpoint.graph, "protocol": protocol,
            "triples": len(triples), "before": before, "after": after,
            "seconds": round(time.perf_counter() - started, 3)}

