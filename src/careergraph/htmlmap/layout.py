"""The map's left-to-right layout: a column for each node, an order in each column, positions.

Edges are (from, to, type) triples in the direction of progression, as the map draws them. The
layout is computed here rather than by vis-network, so the page opens at once and looks the same
every time.
"""

from __future__ import annotations

import math

__all__ = ["ordered_columns", "positions", "progression_levels"]


def progression_levels(nodes, edges) -> dict:
    """Column of each node: the longest progression/requirement path leading to it (cycles collapsed).

    "Subspecialty of" edges point back to the parent specialty, so they do not count.

    >>> edges = [("school", "residency", "leadsTo"), ("exam", "residency", "requires"),
    ...          ("residency", "fellowship", "leadsTo"), ("fellowship", "residency", "subspecialtyOf")]
    >>> progression_levels(["school", "exam", "residency", "fellowship"], edges)
    {'school': 0, 'exam': 0, 'residency': 1, 'fellowship': 2}

    Nodes on a cycle share a column:

    >>> progression_levels(["a", "b", "c"], [("a", "b", "leadsTo"), ("b", "a", "leadsTo"), ("b", "c", "leadsTo")])
    {'a': 0, 'b': 0, 'c': 1}
    """
    import networkx as nx

    g: nx.DiGraph = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from((u, v) for u, v, t in edges if t != "subspecialtyOf")
    condensed = nx.condensation(g)
    level: dict[int, int] = {}
    for component in nx.lexicographical_topological_sort(condensed):
        preds = list(condensed.predecessors(component))
        level[component] = max((level[p] + 1 for p in preds), default=0)
    mapping = condensed.graph["mapping"]
    return {node: level[mapping[node]] for node in nodes}


def ordered_columns(ids, levels, edges, sort_key) -> dict[int, list]:
    """The nodes of each level, ordered so that edges between levels cross less.

    Each level starts in ``sort_key`` order; a few barycentre sweeps, left to right then right to
    left, then move each node towards the middle of its neighbours (stable, cheap, fewer crossings).

    >>> levels = {"a": 0, "b": 0, "x": 1, "y": 1}
    >>> ordered_columns(["a", "b", "x", "y"], levels, [("a", "y", "leadsTo"), ("b", "x", "leadsTo")], str)
    {0: ['b', 'a'], 1: ['x', 'y']}
    """
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
    return columns


def positions(ids, levels, edges, sort_key) -> dict:
    """x, y of each node: levels left to right, ordered in each level to shorten edges.

    >>> levels = {"school": 0, "exam": 0, "residency": 1}
    >>> edges = [("school", "residency", "leadsTo"), ("exam", "residency", "requires")]
    >>> positions(["exam", "residency", "school"], levels, edges, str)
    {'exam': (0, -36), 'school': (0, 36), 'residency': (380, 0)}
    """
    columns = ordered_columns(ids, levels, edges, sort_key)
    order = sorted(columns)
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
    placed = {}
    x = 0
    for lvl in order:
        members = columns[lvl]
        n_cols = max(1, math.ceil(len(members) / per_col))
        rows = math.ceil(len(members) / n_cols)
        for i, node in enumerate(members):
            col, row = divmod(i, rows)
            y = (row - (min(rows, len(members) - col * rows) - 1) / 2) * dy
            placed[node] = (x + col * col_w, round(y + (col % 2) * dy / 3))
        x += n_cols * col_w + gap
    return placed
