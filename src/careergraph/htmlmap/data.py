"""The map as plain data: which nodes and edges it shows, their styles, and the route.

:func:`map_data` is everything the page embeds, computed from the graph; :mod:`.page` turns it
into HTML.
"""

from __future__ import annotations

from ..errors import BadInputError
from ..output import years_text
from .. import vocab
from .layout import positions as layout_positions, progression_levels

__all__ = ["EDGE_STYLES", "KIND_STYLES", "LAYOUTS", "ROUTE_EDGE", "map_data"]

LAYOUTS = ("hierarchical", "physics")

# kind -> (colour, vis shape)
KIND_STYLES = {
    "profile": ("#1f77b4", "star"),
    "education": ("#17becf", "box"),
    "exam": ("#bcbd22", "diamond"),
    "process": ("#7f7f7f", "box"),
    "residency": ("#2ca02c", "box"),
    "fellowship": ("#98df8a", "box"),
    "preliminary-year": ("#c5e1a5", "box"),
    "training": ("#66bb6a", "box"),
    "licensure": ("#ff9896", "hexagon"),
    "certification": ("#ffbb78", "hexagon"),
    "credential": ("#f7b6d2", "dot"),
    "career": ("#ff7f0e", "ellipse"),
    "board": ("#9467bd", "triangle"),
    "stage": ("#aec7e8", "box"),
    "node": ("#c7c7c7", "dot"),
}
# edge type -> (legend text, colour, dashes, arrow)
EDGE_STYLES = {
    "leadsTo": ("leads to", "#444444", False, "to"),
    "requires": ("prerequisite of", "#d62728", [6, 4], "to"),
    "oneOf": ("one option for", "#e377c2", [2, 4], "to"),
    "awards": ("awards / holds", "#8c564b", [10, 3, 2, 3], "to"),
    "certifiedBy": ("certified by", "#9467bd", [1, 3], "to"),
    "subspecialtyOf": ("subspecialty of", "#17becf", [12, 6], "to"),
}
ROUTE_EDGE = ("route step", "#e41a1c")


# ------------------------------------------------------------------ subset and edges

# Edge types drawn between nodes: (predicate, type, whether drawn from the object to the subject).
_EDGE_PREDICATES = ((vocab.LEADS_TO, "leadsTo", False), (vocab.REQUIRES, "requires", True),
                    (vocab.AWARDS, "awards", False), (vocab.HOLDS, "awards", False),
                    (vocab.CERTIFIED_BY, "certifiedBy", False), (vocab.SUBSPECIALTY_OF, "subspecialtyOf", False))


def _incident_edges(f, nodes) -> set[tuple[str, str, str]]:
    """Every drawn edge that touches one of ``nodes``, as (from, to, type) in the direction of
    progression, read from the facts ``f`` about them (a "one of" option points to what needs it)."""
    edges = set()
    for u in nodes:
        for predicate, kind, backwards in _EDGE_PREDICATES:
            for v in f.objects(u, predicate):
                edges.add((v, u, kind) if backwards else (u, v, kind))
            for v in f.subjects(predicate, u):
                edges.add((u, v, kind) if backwards else (v, u, kind))
        for group in f.objects(u, vocab.REQUIRES_ONE_OF):
            for v in f.objects(group, vocab.OPTION):
                edges.add((v, u, "oneOf"))
        for group in f.subjects(vocab.OPTION, u):
            for v in f.subjects(vocab.REQUIRES_ONE_OF, group):
                edges.add((u, v, "oneOf"))
    return edges


def _edges_among(f, nodes) -> list[tuple[str, str, str]]:
    """Drawn edges among ``nodes`` as (from, to, type), in the direction of progression."""
    edges = _incident_edges(f, nodes)
    return sorted((u, v, t) for u, v, t in edges if u in nodes and v in nodes and u != v)


def _select(kg, focus, depth, types, route) -> set[str]:
    every = {iri for iri, kind in kg.kinds.items() if kind != "source"}
    chosen = set(every)
    if focus is not None:
        if depth < 0:
            raise BadInputError(f"depth must be 0 or more, not {depth}")
        start = kg.resolve(focus)
        # breadth first, one level of neighbours at a time (from an endpoint: one query a level),
        # until a level adds nothing: no more levels than the graph has nodes
        seen, frontier = {start}, [start]
        for _ in range(min(depth, len(every))):
            if not frontier:
                break
            reached = []
            for u, v, _ in sorted(_incident_edges(kg.facts_about(*frontier), frontier)):
                for other in (u, v):
                    if other not in seen and other in every:
                        seen.add(other)
                        reached.append(other)
            frontier = reached
        chosen = seen
    if types:
        kinds = [kg.check_kind(t) for t in types]
        keep = {iri for iri in chosen if any(kg.is_kind(iri, k) for k in kinds)}
        if focus is not None:
            keep.add(kg.resolve(focus))
        chosen = keep
    if route is not None:
        chosen |= {kg.resolve(node) for node in _route_ids(route)}
    return chosen


# ------------------------------------------------------------------ page data

def _route_ids(route) -> list[str]:
    ids = [step.id for step in route.steps]
    if route.source["id"] not in ids:
        ids.insert(0, route.source["id"])
    return ids


def _years_text(years) -> str | None:
    return f"{years_text(years)} y" if years else None


def map_data(kg, *, focus=None, depth=1, types=(), route=None, layout="hierarchical", max_nodes=None) -> dict:
    """The nodes, edges, legend and route of the map, as plain data (what the page embeds).

    Parameters are those of :func:`.page.export_html`.
    """
    if layout not in LAYOUTS:
        raise BadInputError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    chosen = _select(kg, focus, depth, types, route)
    if max_nodes is not None and len(chosen) > max_nodes:  # refused before any work on them
        raise BadInputError(
            f"the map would have {len(chosen)} nodes, more than the limit of {max_nodes}: "
            "narrow it with --focus NODE --depth N or --type KIND, or raise --max-nodes"
        )
    facts = kg.facts_about(*chosen)
    edges = _edges_among(facts, chosen)
    ids = {iri: kg.short_id(iri) for iri in chosen}
    labels = {iri: kg.label(iri) for iri in chosen}

    def sort_key(iri):
        return (labels[iri].casefold(), ids[iri])

    positions = {}
    if layout == "hierarchical":
        levels = progression_levels(chosen, edges)
        positions = layout_positions(sorted(chosen, key=sort_key), levels, edges, sort_key)
    # The route is drawn from its starting node (a profile is not itself a step) through every step.
    route_ids = _route_ids(route) if route is not None else []
    on_route = set(route_ids)

    nodes = []
    for iri in sorted(chosen, key=sort_key):
        record = kg.record(str(iri), facts)
        kind = record["type"]
        node = {
            "id": ids[iri], "label": labels[iri], "kind": kind,
            "years": _years_text(record["duration_years"]),
            "definition": record["definition"],
            "requires": [r["id"] for r in record["requires"]],
            "requiresOneOf": [[r["id"] for r in group] for group in record["requires_one_of"]],
            "leadsTo": [r["id"] for r in record["leads_to"]],
            "awards": [r["id"] for r in record["awards"]],
            "certifiedBy": [r["id"] for r in record["certified_by"]],
            "sources": [{"title": s["title"] or s["id"], "url": s["url"], "quote": s["quote"]}
                        for s in record["sources"]],
            "names": {r["id"]: r["label"] for key in ("requires", "leads_to", "awards", "certified_by")
                      for r in record[key]} | {r["id"]: r["label"] for grp in record["requires_one_of"] for r in grp},
            "onRoute": ids[iri] in on_route,
        }
        if iri in positions:
            node["x"], node["y"] = positions[iri]
        nodes.append(node)
    drawn = [{"from": ids[u], "to": ids[v], "type": t} for u, v, t in edges]
    route_data = None
    if route is not None:
        drawn += [{"from": a, "to": b, "type": "route"} for a, b in zip(route_ids, route_ids[1:]) if a != b]
        route_data = {
            "from": route.source["label"], "to": route.target["label"], "source": route.source["id"],
            "steps": [{"id": s.id, "label": s.label, "kind": s.type, "years": _years_text(s.years),
                       "prerequisite": s.added_for_prerequisite, "when": s.when,
                       # years from the start on the shortest schedule, for the timeline
                       "start": (s.start_years or {}).get("min", 0), "end": (s.end_years or {}).get("min", 0)}
                      for s in route.steps],
            "total": _years_text(route.total_years) or "0 y",
        }
    kinds_present = sorted({n["kind"] for n in nodes}, key=list(KIND_STYLES).index)
    return {
        "layout": layout,
        "nodes": nodes,
        "edges": drawn,
        "route": route_data,
        "kinds": {k: {"color": KIND_STYLES[k][0], "shape": KIND_STYLES[k][1]} for k in kinds_present},
        "edgeStyles": {t: {"label": s[0], "color": s[1], "dashes": s[2], "arrows": s[3]}
                       for t, s in EDGE_STYLES.items()} | {"route": {"label": ROUTE_EDGE[0], "color": ROUTE_EDGE[1],
                                                                      "dashes": False, "arrows": "to"}},
    }
