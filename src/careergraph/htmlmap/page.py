"""Building the map: the data the page embeds, and the page itself."""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import BadInputError
from ..files import write_text
from ..output import unicode_safe, years_text
from .. import vocab

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


@dataclass(frozen=True)
class ExportSummary:
    """What :func:`export_html` wrote."""

    path: Path
    nodes: int
    edges: int


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


# ------------------------------------------------------------------ layout

def _levels(nodes, edges) -> dict:
    """Column of each node: the longest progression/requirement path leading to it (cycles collapsed)."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from((u, v) for u, v, t in edges if t != "subspecialtyOf")
    condensed = nx.condensation(g)
    level: dict[int, int] = {}
    for component in nx.lexicographical_topological_sort(condensed):
        preds = list(condensed.predecessors(component))
        level[component] = max((level[p] + 1 for p in preds), default=0)
    mapping = condensed.graph["mapping"]
    return {node: level[mapping[node]] for node in nodes}


def _positions(ids, levels, edges, sort_key) -> dict:
    """x, y of each node: levels left to right, ordered in each level to shorten edges."""
    columns: dict[int, list] = {}
    for node in ids:
        columns.setdefault(levels[node], []).append(node)
    for members in columns.values():
        members.sort(key=sort_key)
    neighbours: dict = {}
    for u, v, _ in edges:
        neighbours.setdefault(u, []).append(v)
        neighbours.setdefault(v, []).append(u)
    order = sorted(columns)
    rank = {n: i for col in columns.values() for i, n in enumerate(col)}
    # A few barycentre sweeps, left to right then right to left: stable, cheap, fewer crossings.
    for sweep in range(4):
        for lvl in (order if sweep % 2 == 0 else reversed(order)):
            members = columns[lvl]

            def barycentre(node, members=members):
                seen = [rank[m] / max(len(columns[levels[m]]), 1) for m in neighbours.get(node, ())]
                own = rank[node] / max(len(members), 1)
                return sum(seen) / len(seen) if seen else own

            members.sort(key=lambda n: (barycentre(n), sort_key(n)))
            for i, n in enumerate(members):
                rank[n] = i
    # Tall levels wrap into several sub-columns, chosen so the whole map is about 16:10.
    dy, col_w, gap = 72, 230, 150
    biggest = max((len(c) for c in columns.values()), default=1)
    best = None
    for per_col in range(min(6, biggest), biggest + 1):
        width = sum(math.ceil(len(columns[lvl]) / per_col) * col_w + gap for lvl in order)
        score = abs(math.log((width / (per_col * dy)) / 1.6))
        if best is None or score < best[0]:
            best = (score, per_col)
    per_col = best[1] if best else 1
    positions = {}
    x = 0
    for lvl in order:
        members = columns[lvl]
        n_cols = max(1, math.ceil(len(members) / per_col))
        rows = math.ceil(len(members) / n_cols)
        for i, node in enumerate(members):
            col, row = divmod(i, rows)
            y = (row - (min(rows, len(members) - col * rows) - 1) / 2) * dy
            positions[node] = (x + col * col_w, round(y + (col % 2) * dy / 3))
        x += n_cols * col_w + gap
    return positions


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

    Parameters are those of :func:`export_html`.
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
        levels = _levels(chosen, edges)
        positions = _positions(sorted(chosen, key=sort_key), levels, edges, sort_key)
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
            "from": route.source["label"], "to": route.target["label"],
            "steps": [{"id": s.id, "label": s.label, "kind": s.type, "years": _years_text(s.years),
                       "prerequisite": s.added_for_prerequisite,
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


def _script_json(data) -> str:
    """JSON that is safe inside a <script> element: no <, > or & can close or open a tag."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _legend(data) -> str:
    rows = []
    for kind, style in data["kinds"].items():
        rows.append(f'<li><span class="sw" style="background:{html.escape(style["color"])}"></span>'
                    f'{html.escape(kind)}</li>')
    used = {e["type"] for e in data["edges"]}
    for kind, style in data["edgeStyles"].items():
        if kind not in used:
            continue
        dash = " ".join(str(d) for d in style["dashes"]) if style["dashes"] else "none"
        width = 4 if kind == "route" else 2
        rows.append(
            f'<li><svg width="34" height="10"><line x1="0" y1="5" x2="34" y2="5" stroke="{html.escape(style["color"])}"'
            f' stroke-width="{width}" stroke-dasharray="{dash}"/></svg>{html.escape(style["label"])}</li>'
        )
    return "\n".join(rows)


def render_page(data, title: str) -> str:
    """The complete HTML page for ``data`` (from :func:`map_data`)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # An inlined script must not contain a closing tag of its own element.
    js = js.replace("</script", "<\\/script")
    css = css.replace("</style", "<\\/style")
    parts = {"TITLE": html.escape(title), "LEGEND": _legend(data), "CSS": css, "APP": _APP,
             "DATA": _script_json(data), "VIS": js}
    # One pass, so text from the graph is never searched for placeholders.
    return re.sub(r"@(TITLE|LEGEND|CSS|APP|DATA|VIS)@", lambda m: parts[m.group(1)], _TEMPLATE)


# ------------------------------------------------------------------ writing

def export_html(kg, path, *, focus=None, depth=1, types=(), route=None, layout="hierarchical",
                max_nodes=3000) -> ExportSummary:
    """Write an interactive, offline HTML map of the graph (or of part of it) to ``path``.

    Parameters
    ----------
    kg : KnowledgeGraph
    path : str or Path
        The file to write, by the rules of :func:`careergraph.files.replace_file` (atomically;
        only a regular file is replaced; a symbolic link is written through).
    focus : str, optional
        Only the node of this name and its neighbours up to ``depth`` edges away (either direction).
    depth : int, optional (default = 1)
    types : sequence of str, optional
        Only nodes of these kinds (and of their subclasses), e.g. ``("fellowship",)``.
    route : Route, optional
        A route from :meth:`KnowledgeGraph.route`: its steps are highlighted, the rest dimmed.
    layout : {"hierarchical", "physics"}, optional (default = "hierarchical")
        Left-to-right in progression order, or a force-directed layout that stops once settled.
    max_nodes : int, optional (default = 3000)

    Returns
    -------
    ExportSummary

    Raises
    ------
    BadInputError
        The map would have more than ``max_nodes`` nodes, or a name, kind or layout is unknown.
    OutputError
        ``path`` is not a regular file, or it cannot be written (nothing is left behind).
    """
    data = map_data(kg, focus=focus, depth=depth, types=types, route=route, layout=layout, max_nodes=max_nodes)
    if route is not None:
        title = f"careergraph: {data['route']['from']} \u2192 {data['route']['to']}"
    elif focus is not None:
        title = f"careergraph: around {kg.label(kg.resolve(focus))}"
    else:
        title = "careergraph map"
    page = render_page(data, unicode_safe(title))
    target = Path(path)
    write_text(target, page)
    edges = sum(1 for e in data["edges"] if e["type"] != "route")
    return ExportSummary(target, len(data["nodes"]), edges)


# ------------------------------------------------------------------ the page

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>@TITLE@</title>
<style>
@CSS@
</style>
<style>
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
#app { display: flex; height: 100vh; }
#map { flex: 1; min-width: 0; background: #fff; }
#side { width: 340px; border-left: 1px solid #ddd; display: flex; flex-direction: column; background: #fafafa; }
#side header { padding: 10px 12px; border-bottom: 1px solid #ddd; }
#side h1 { font-size: 16px; margin: 0 0 6px; }
#search { width: 100%; box-sizing: border-box; padding: 6px 8px; font: inherit; border: 1px solid #bbb; border-radius: 4px; }
#matches { list-style: none; margin: 4px 0 0; padding: 0; max-height: 180px; overflow: auto; }
#matches li { padding: 3px 6px; cursor: pointer; border-radius: 3px; }
#matches li:hover, #matches li.active { background: #e3ecf7; }
#panel { padding: 10px 12px; overflow: auto; flex: 1; }
#panel h2 { font-size: 16px; margin: 0 0 4px; }
#panel h3 { font-size: 13px; margin: 12px 0 4px; text-transform: uppercase; color: #666; letter-spacing: .03em; }
#panel ul, #panel ol { margin: 0; padding-left: 20px; }
#panel .kind { color: #666; }
#panel .link { color: #1558b0; cursor: pointer; text-decoration: underline; }
#panel .quote { color: #555; font-style: italic; }
#panel .prereq { color: #888; font-size: 12px; }
#route-timeline .gantt-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; font-size: 12px; }
#route-timeline .gantt-label { flex: 0 0 45%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#route-timeline .gantt-track { flex: 1; position: relative; height: 10px; background: #eee; }
#route-timeline .gantt-bar { position: absolute; top: 0; height: 10px; border-radius: 2px; border: 1px solid #0003; box-sizing: border-box; }
#legend { border-top: 1px solid #ddd; padding: 8px 12px; font-size: 12px; max-height: 35vh; overflow: auto; }
#legend ul { list-style: none; margin: 0; padding: 0; columns: 2; }
#legend li { margin: 1px 0; break-inside: avoid; display: flex; align-items: center; gap: 5px; }
#legend .sw { display: inline-block; width: 12px; height: 12px; border-radius: 2px; border: 1px solid #0003; }
#legend svg { flex: none; }
div.vis-tooltip { max-width: 360px; white-space: normal; font: 13px/1.35 system-ui, sans-serif; }
div.vis-tooltip b { display: block; }
</style>
</head>
<body>
<div id="app">
  <div id="map"></div>
  <aside id="side">
    <header>
      <h1>@TITLE@</h1>
      <input id="search" type="search" placeholder="Find a node by name\u2026" autocomplete="off" aria-label="Find a node">
      <ul id="matches"></ul>
    </header>
    <div id="panel"></div>
    <div id="legend"><ul>
@LEGEND@
    </ul></div>
  </aside>
</div>
<script type="application/json" id="cg-data">@DATA@</script>
<script>
@VIS@
</script>
<script>
@APP@
</script>
</body>
</html>
"""

_APP = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var big = data.nodes.length > 800;
  var dim = data.route !== null;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function tooltip(n) {
    var box = el("div");
    box.appendChild(el("b", n.label));
    box.appendChild(el("div", "kind: " + n.kind));
    box.appendChild(el("div", "training length: " + (n.years || "\u2014")));
    if (n.sources.length) {
      box.appendChild(el("div", "sources: " + n.sources.map(function (s) { return s.title; }).join("; ")));
    }
    return box;
  }

  function nodeStyle(n) {
    var style = data.kinds[n.kind] || { color: "#c7c7c7", shape: "dot" };
    var faded = dim && !n.onRoute;
    var item = {
      id: n.id, label: n.label, title: tooltip(n), shape: style.shape,
      color: faded ? { background: "#eeeeee", border: "#d0d0d0" } : { background: style.color, border: n.onRoute ? "#e41a1c" : "#555555" },
      borderWidth: n.onRoute ? 3 : 1,
      font: n.onRoute ? { color: "#000000", size: 34, strokeWidth: style.shape === "box" ? 0 : 4, strokeColor: "#ffffff" }
                      : { color: faded ? "#b0b0b0" : "#222222", size: 14 },
      widthConstraint: { maximum: n.onRoute ? 420 : 170 },
      size: style.shape === "dot" || style.shape === "star" || style.shape === "diamond" || style.shape === "triangle" || style.shape === "hexagon" ? 12 : undefined
    };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }

  var edgeCount = 0;
  function edgeStyle(e) {
    var s = data.edgeStyles[e.type];
    var isRoute = e.type === "route";
    var faded = dim && !isRoute;
    edgeCount += 1;
    return {
      id: "e" + edgeCount, from: e.from, to: e.to, kind: e.type, title: s.label,
      color: { color: faded ? "#e4e4e4" : s.color, highlight: s.color, hover: s.color, inherit: false },
      dashes: s.dashes, arrows: s.arrows, width: isRoute ? 4 : 1.2,
      smooth: big ? false : (data.layout === "hierarchical" ? { type: "cubicBezier", forceDirection: "horizontal", roundness: 0.4 } : { type: "continuous" })
    };
  }

  var nodes = new vis.DataSet(data.nodes.map(nodeStyle));
  var edges = new vis.DataSet(data.edges.map(edgeStyle));
  var physics = data.layout === "physics";
  var options = {
    autoResize: true,
    layout: { improvedLayout: !big && data.nodes.length < 150, randomSeed: 7 },
    physics: physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -6000, springLength: 140, avoidOverlap: 0.2 },
      stabilization: { enabled: true, iterations: big ? 300 : 600, updateInterval: 50, fit: true }
    } : { enabled: false },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big, navigationButtons: false, keyboard: false },
    nodes: { margin: 6 },
    edges: { selectionWidth: 2 }
  };
  var container = document.getElementById("map");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var api = { network: network, nodes: nodes, edges: edges, data: data, ready: false, select: select };
  window.cgMap = api;
  window.network = network;

  function markReady() {
    if (!api.ready) { api.ready = true; document.body.setAttribute("data-ready", "1"); }
  }
  if (physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      markReady();
    });
  } else {
    network.once("afterDrawing", function () { network.fit(); markReady(); });
  }

  // ---------------------------------------------------------------- side panel
  var panel = document.getElementById("panel");

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function nodeLink(id, label) {
    if (byId[id]) {
      var a = el("span", label || byId[id].label, "link");
      a.setAttribute("role", "link");
      a.tabIndex = 0;
      a.addEventListener("click", function () { select(id); });
      return a;
    }
    return el("span", label || id);
  }

  function list(title, ids, names) {
    if (!ids.length) return;
    panel.appendChild(el("h3", title));
    var ul = el("ul");
    ids.forEach(function (id) {
      var li = el("li");
      li.appendChild(nodeLink(id, names[id]));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }

  function showNode(id) {
    var n = byId[id];
    if (!n) return;
    clear(panel);
    panel.appendChild(el("h2", n.label));
    panel.appendChild(el("div", n.kind + (n.years ? " \u00b7 " + n.years : ""), "kind"));
    if (n.definition) panel.appendChild(el("p", n.definition));
    list("Requires", n.requires, n.names);
    n.requiresOneOf.forEach(function (group) {
      list("Requires one of", group, n.names);
    });
    list("Leads to", n.leadsTo, n.names);
    list("Awards", n.awards, n.names);
    list("Certified by", n.certifiedBy, n.names);
    if (n.sources.length) {
      panel.appendChild(el("h3", "Sources"));
      var ul = el("ul");
      n.sources.forEach(function (s) {
        var li = el("li");
        if (s.url && /^https?:\/\//i.test(s.url)) {
          var a = el("a", s.title);
          a.href = s.url;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          li.appendChild(a);
        } else {
          li.appendChild(el("span", s.title));
        }
        if (s.quote) li.appendChild(el("div", "\u201c" + s.quote + "\u201d", "quote"));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    if (data.route) {
      var back = el("p"), link = el("span", "\u2190 back to the route", "link");
      link.addEventListener("click", showRoute);
      back.appendChild(link);
      panel.appendChild(back);
    }
  }

  function showRoute() {
    clear(panel);
    var r = data.route;
    panel.appendChild(el("h2", r.from + " \u2192 " + r.to));
    panel.appendChild(el("div", "total: " + r.total, "kind total"));
    panel.appendChild(el("h3", "Steps"));
    var ol = el("ol");
    ol.id = "route-steps";
    r.steps.forEach(function (s) {
      var li = el("li");
      li.appendChild(nodeLink(s.id, s.label));
      li.appendChild(el("span", " \u2014 " + (s.years || "0 y")));
      if (s.prerequisite) li.appendChild(el("span", " (prerequisite)", "prereq"));
      ol.appendChild(li);
    });
    panel.appendChild(ol);
    showTimeline(r.steps);
  }

  // A Gantt-style timeline: one bar per step, placed by its years on the shortest schedule.
  function showTimeline(steps) {
    var span = Math.max.apply(null, steps.map(function (s) { return s.end; }).concat([1]));
    panel.appendChild(el("h3", "Timeline (years from the start)"));
    var chart = el("div");
    chart.id = "route-timeline";
    steps.forEach(function (s) {
      var row = el("div", "", "gantt-row"), track = el("div", "", "gantt-track"), bar = el("div", "", "gantt-bar");
      bar.style.left = (100 * s.start / span) + "%";
      bar.style.width = Math.max(100 * (s.end - s.start) / span, 1) + "%";
      bar.style.background = (data.kinds[s.kind] || { color: "#999999" }).color;
      bar.title = s.label + ": year " + s.start + (s.end > s.start ? "\u2013" + s.end : "");
      row.appendChild(el("span", s.label, "gantt-label"));
      track.appendChild(bar);
      row.appendChild(track);
      chart.appendChild(row);
    });
    panel.appendChild(chart);
  }

  function showIntro() {
    clear(panel);
    panel.appendChild(el("h2", data.nodes.length + " nodes, " + data.edges.length + " edges"));
    panel.appendChild(el("p", "Hover over a node for a summary; click it for its requirements, next steps and sources. Drag to pan, scroll to zoom."));
  }

  function showDefault() { if (data.route) showRoute(); else showIntro(); }

  function select(id) {
    if (!byId[id]) return;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (!params.edges.length) showDefault();
  });

  // ---------------------------------------------------------------- search
  var search = document.getElementById("search");
  var matches = document.getElementById("matches");
  var found = [];
  var active = 0;

  function renderMatches() {
    clear(matches);
    found.slice(0, 12).forEach(function (n, i) {
      var li = el("li", n.label + " (" + n.kind + ")");
      if (i === active) li.className = "active";
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(n.id); });
      matches.appendChild(li);
    });
  }

  function lookup(text) {
    var needle = text.trim().toLowerCase();
    if (!needle) return [];
    var hits = data.nodes.filter(function (n) { return n.label.toLowerCase().indexOf(needle) !== -1; });
    hits.sort(function (a, b) {
      var pa = a.label.toLowerCase().indexOf(needle) === 0 ? 0 : 1;
      var pb = b.label.toLowerCase().indexOf(needle) === 0 ? 0 : 1;
      return pa - pb || a.label.length - b.label.length || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    });
    return hits;
  }

  function choose(id) {
    found = [];
    clear(matches);
    select(id);
  }

  search.addEventListener("input", function () {
    found = lookup(search.value);
    active = 0;
    renderMatches();
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" && found.length) { active = Math.min(active + 1, Math.min(found.length, 12) - 1); renderMatches(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp" && found.length) { active = Math.max(active - 1, 0); renderMatches(); ev.preventDefault(); }
    else if (ev.key === "Enter") {
      if (!found.length) found = lookup(search.value);
      if (found.length) choose(found[active] ? found[active].id : found[0].id);
      ev.preventDefault();
    } else if (ev.key === "Escape") { found = []; clear(matches); }
  });

  showDefault();
})();
"""
