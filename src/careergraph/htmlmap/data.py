"""The map as plain data: which nodes and edges it shows, their styles, and the route.

:func:`map_data` is everything the page embeds, computed from the graph; :mod:`.page` turns it
into HTML.
"""

from __future__ import annotations

from ..errors import BadInputError
from ..output import years_text
from .. import vocab
from ..kinds import check_kind
from ..names import short_id
from .layout import positions as layout_positions, progression_levels

__all__ = ["EDGE_STYLES", "KIND_STYLES", "LAYOUTS", "NARROW_THE_MAP", "ROUTE_EDGE", "map_data"]

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
    progression, read from the facts ``f`` about them (a "one of" option points to what needs it).

    The focus walks these: a node's record names what it holds and is certified by, but not what
    holds it or what a board certifies."""
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


# Drawn edges by the record field that names them: (field, type, whether drawn from the named node).
_RECORD_EDGES = (("leads_to", "leadsTo", False), ("requires", "requires", True), ("awards", "awards", False),
                 ("holds", "awards", False), ("certified_by", "certifiedBy", False),
                 ("subspecialty_of", "subspecialtyOf", False))


def _edges_among(records: dict) -> list[tuple[str, str, str]]:
    """Drawn edges among the nodes of ``records`` (IRI -> record) as (from, to, type), in the
    direction of progression: each edge is named in the record of one of its ends."""
    edges = set()
    for u, record in records.items():
        named = [(r["iri"], kind, backwards) for field, kind, backwards in _RECORD_EDGES for r in record[field]]
        named += [(r["iri"], "oneOf", True) for group in record["requires_one_of"] for r in group]
        for v, kind, backwards in named:
            edges.add((v, u, kind) if backwards else (u, v, kind))
    return sorted((u, v, t) for u, v, t in edges if u in records and v in records and u != v)


def _select(kg, focus, depth, types, route, reach=None) -> set[str]:
    every = {iri for iri, kind in kg.compiled().kinds.items() if kind != "source"}
    # a reach result alone is drawn by itself; with --focus or --type, on top of that selection
    chosen = set() if reach is not None and focus is None and not types else set(every)
    if focus is not None:
        if depth < 0:
            raise BadInputError(f"depth must be 0 or more, not {depth}")
        start = kg.resolve(focus)
        if kg.compiled().kinds[start] == "source":
            raise BadInputError(f"{kg.label(start)} is a source, which the map does not draw: focus on a node it supports")
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
        kinds = [check_kind(t) for t in types]
        keep = {iri for iri in chosen if any(kg.is_kind(iri, k) for k in kinds)}
        if focus is not None:
            keep.add(kg.resolve(focus))
        chosen = keep
    if route is not None:
        chosen |= {kg.resolve(node) for node in _route_ids(route)}
    if reach is not None:
        chosen |= {kg.resolve(node) for node in _reach_ids(reach)}
    return chosen


# ------------------------------------------------------------------ page data

def _route_ids(route) -> list[str]:
    ids = [step.id for step in route.steps]
    if route.source["id"] not in ids:
        ids.insert(0, route.source["id"])
    return ids


def _reach_ids(reach) -> list[str]:
    """The start of a reach result, then every node on the route to each reachable node."""
    ids = [reach.source["id"]]
    for item in reach.items:
        ids += [step.id for step in item.route.steps if step.id not in ids]
        if item.node["id"] not in ids:
            ids.append(item.node["id"])
    return ids


def _reach_edges(reach) -> set[tuple[str, str]]:
    """The consecutive steps of every route of a reach result, from its start: a tree of ways out."""
    pairs = set()
    for item in reach.items:
        ids = [reach.source["id"]] + [step.id for step in item.route.steps]
        pairs |= {(a, b) for a, b in zip(ids, ids[1:]) if a != b}
    return pairs


# In the overview of a whole map, these kinds fold into the residency their training starts from.
FOLDED_KINDS = frozenset({"fellowship", "career", "certification"})
# Kinds the overview starts with hidden (the filter shows them).
OVERVIEW_HIDDEN_KINDS = ("board", "credential")
OVERVIEW_MIN_NODES = 150
_TRAINING_KINDS = frozenset({"residency", "fellowship"})


def overview_groups(kinds: dict, edges) -> dict:
    """The residency each fellowship, career and certification folds into in the overview: the
    residency at the start of the training it comes after (following fellowships back to theirs).

    ``kinds`` maps node to kind; ``edges`` are (from, to, type) in the direction of progression.
    A node with no residency before it is not folded.

    >>> kinds = {"im": "residency", "cards": "fellowship", "ic": "fellowship", "cardiologist": "career",
    ...          "writer": "career"}
    >>> edges = [("im", "cards", "leadsTo"), ("cards", "ic", "requires"), ("cards", "cardiologist", "leadsTo")]
    >>> overview_groups(kinds, edges)
    {'cardiologist': 'im', 'cards': 'im', 'ic': 'im'}
    """
    before: dict = {}
    parent_specialty: dict = {}
    for u, v, kind in sorted(edges):
        if kind in ("leadsTo", "requires", "oneOf") and kinds.get(u) in _TRAINING_KINDS:
            before.setdefault(v, []).append(u)
        elif kind == "subspecialtyOf" and kinds.get(v) == "residency":
            parent_specialty.setdefault(u, v)
    # where a fellowship follows several residencies (internal medicine, or combined medicine-
    # pediatrics), its own specialty's comes first, then the one most training follows
    followers: dict[str, int] = {}
    for node, parents in before.items():
        for parent in parents:
            followers[parent] = followers.get(parent, 0) + 1
    for node in before:
        before[node].sort(key=lambda parent: (parent != parent_specialty.get(node), -followers[parent], parent))

    def residency_of(node, seen=()):
        if node in parent_specialty:
            return parent_specialty[node]
        for parent in before.get(node, ()):
            if kinds.get(parent) == "residency":
                return parent
        for parent in before.get(node, ()):
            if parent not in seen:
                found = residency_of(parent, (*seen, node))
                if found is not None:
                    return found
        return None

    groups = {}
    for node in sorted(kinds):
        if kinds[node] in FOLDED_KINDS:
            found = residency_of(node)
            if found is not None:
                groups[node] = found
    return groups


def _years_text(years) -> str | None:
    return f"{years_text(years)} y" if years else None


NARROW_THE_MAP = "narrow it with --focus NODE --depth N or --type KIND, or raise --max-nodes"


def map_data(kg, *, focus=None, depth=1, types=(), route=None, reach=None, layout="hierarchical",
             max_nodes=None, too_large_advice=NARROW_THE_MAP) -> dict:
    """The nodes, edges, legend and route (or reach result) of the map, as plain data (what the page
    embeds).

    Parameters are those of :func:`.page.export_html`; ``too_large_advice`` ends the error of a map
    over ``max_nodes``.
    """
    if route is not None and reach is not None:
        raise BadInputError("a map draws a route or a reach result, not both")
    if layout not in LAYOUTS:
        raise BadInputError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    chosen = _select(kg, focus, depth, types, route, reach)
    if max_nodes is not None and len(chosen) > max_nodes:  # refused before any work on them
        raise BadInputError(
            f"the map would have {len(chosen)} nodes, more than the limit of {max_nodes}: {too_large_advice}")
    facts = kg.facts_about(*chosen)
    records = {iri: kg.record(str(iri), facts) for iri in chosen}
    edges = _edges_among(records)
    ids = {iri: short_id(iri) for iri in chosen}
    labels = {iri: kg.label(iri) for iri in chosen}

    def sort_key(iri):
        return (labels[iri].casefold(), ids[iri])

    positions = {}
    if layout == "hierarchical":
        levels = progression_levels(chosen, edges)
        positions = layout_positions(sorted(chosen, key=sort_key), levels, edges, sort_key)
    # A whole map opens as an overview: fellowships, careers and certifications folded into their
    # residency (expanded on click), laid out on their own.
    groups, overview_positions = {}, {}
    if focus is None and route is None and reach is None and len(chosen) >= OVERVIEW_MIN_NODES:
        groups = overview_groups({iri: kg.compiled().kinds.get(iri, "node") for iri in chosen}, edges)
        shown = sorted((iri for iri in chosen if iri not in groups), key=sort_key)
        kept = [(u, v, t) for u, v, t in edges if u not in groups and v not in groups]
        overview_positions = layout_positions(shown, progression_levels(shown, kept), kept, sort_key)
    # The route is drawn from its starting node (a profile is not itself a step) through every step.
    route_ids = _route_ids(route) if route is not None else []
    on_route = set(route_ids) | (set(_reach_ids(reach)) if reach is not None else set())

    nodes = []
    for iri in sorted(chosen, key=sort_key):
        record = records[iri]
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
        if iri in groups:
            node["group"] = ids[groups[iri]]
        if iri in overview_positions:
            node["ox"], node["oy"] = overview_positions[iri]
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
    reach_data = None
    if reach is not None:
        drawn += [{"from": a, "to": b, "type": "route"} for a, b in sorted(_reach_edges(reach))]
        within = int(reach.within) if float(reach.within).is_integer() else reach.within
        reach_data = {
            "from": reach.source["label"], "source": reach.source["id"],
            "within": _years_text({"min": within, "max": within}),
            "items": [{"id": i.node["id"], "label": i.node["label"], "kind": i.node["type"],
                       "added": _years_text(i.added_years) or "0 y"} for i in reach.items],
        }
    kinds_present = sorted({n["kind"] for n in nodes}, key=list(KIND_STYLES).index)
    return {
        "layout": layout,
        "nodes": nodes,
        "edges": drawn,
        "route": route_data,
        "reach": reach_data,
        "overview": {"hiddenKinds": list(OVERVIEW_HIDDEN_KINDS)} if groups else None,
        "kinds": {k: {"color": KIND_STYLES[k][0], "shape": KIND_STYLES[k][1]} for k in kinds_present},
        "edgeStyles": {t: {"label": s[0], "color": s[1], "dashes": s[2], "arrows": s[3]}
                       for t, s in EDGE_STYLES.items()} | {"route": {"label": ROUTE_EDGE[0], "color": ROUTE_EDGE[1],
                                                                      "dashes": False, "arrows": "to"}},
    }
