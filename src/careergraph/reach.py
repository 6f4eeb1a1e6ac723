"""What can be entered within some further years, ranked by the years added, each with its
shortest route."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from . import routes
from .errors import BadInputError, NoRouteError, PrerequisiteCycleError
from .kinds import check_kind
from .output import counted
from .prerequisites import Blocked
from .steps import Route, elapsed


@dataclass(frozen=True)
class Reachable:
    node: dict
    added_years: dict
    route: Route

    def to_dict(self) -> dict:
        return {"node": self.node, "added_years": self.added_years,
                "steps": [{"id": s.id, "label": s.label, "type": s.type, "years": s.years}
                          for s in self.route.steps]}


@dataclass(frozen=True)
class Reach:
    source: dict
    within: float
    have: tuple[str, ...]
    type: str | None
    items: tuple[Reachable, ...]
    skipped: tuple[str, ...] = ()  # nodes whose prerequisites form a cycle in the data

    def to_dict(self) -> dict:
        return {"from": self.source, "within": self.within, "have": list(self.have), "type": self.type,
                "reachable": [i.to_dict() for i in self.items], "skipped": list(self.skipped)}


REACH_KINDS = frozenset({"exam", "process", "residency", "fellowship", "preliminary-year", "training", "licensure",
                         "certification", "career", "education", "stage"})


def reach(kg, source: str, within: float, *, have=(), type: str | None = None) -> Reach:
    """Everything that can be entered within ``within`` further years after ``source`` (held, with
    ``have``), ranked by the years added, each with its shortest route.

    The search keeps only nodes whose progression path alone fits in the years (completion only adds
    prerequisites, so that is a lower bound), then completes a route to each and keeps those that fit.
    """
    if within is None or within < 0:
        raise BadInputError(f"--within must be zero or more years, not {within}")
    kind = check_kind(type) if type else None
    origin = routes.stage(kg, source)
    held = [routes.stage(kg, n).id for n in have]
    planner = routes.planner(kg)
    p = kg.compiled().projection
    done = planner.closure([origin.id, *held])
    sources = planner.continued_from(origin.id, done)  # a career: the training it holds
    cost, previous = _cheapest_paths(planner, sources, done, within)
    candidates = [n for n in cost if n not in done and p.kind(n) in REACH_KINDS
                  and (kind is None or kg.is_kind(p.info[n][2], kind))]
    found, skipped = [], []
    for node in candidates:
        try:
            steps, spent = _completed_path(planner, node, previous, done)
            if steps is None:
                needs = _needs_years(planner, node, done)
                if needs is not None and needs > within + 1e-9:
                    continue  # its prerequisites alone take longer: no route can fit
                steps, spent = _searched_route(planner, origin.id, node, done, held, search=needs is not None)
        except NoRouteError:
            continue
        except PrerequisiteCycleError as exc:  # a flaw of the data: said, not hidden, and not fatal
            skipped.append(f"{p.label(node)}: {exc}")
            continue
        total = elapsed(steps)
        if total["min"] <= within + 1e-9:
            route = Route(origin.to_dict(), kg.ref(p.info[node][2]).to_dict(), tuple(steps), "years", spent)
            found.append(Reachable(route.target, total, route))
    if not found:
        raise NoRouteError(_nothing_reachable(kg, origin, sources, within, kind, done))
    found.sort(key=lambda r: (r.added_years["min"], r.added_years["max"], r.node["label"].casefold()))
    return Reach(origin.to_dict(), within, tuple(kg.node(n).label for n in have), kind, tuple(found),
                 tuple(skipped))


# Room above the years for the tie-breaking parts of a path's cost (a thousandth of its maximum years).
_COST_SLACK = 0.1


def _cheapest_paths(planner, sources, done, within):
    """Dijkstra from ``sources`` with the route search's own step costs, as far as ``within`` years
    allow: the cost of the cheapest progression path to each node, and each node's predecessor."""
    weight = planner._edge_weight(done)
    succ = planner.p.succ
    cost, previous = dict.fromkeys(sources, 0.0), {}
    queue = [(0.0, source) for source in sources]
    while queue:
        spent, node = heapq.heappop(queue)
        if spent > cost.get(node, float("inf")):
            continue
        for nxt, derived in succ.get(node, {}).items():
            step = weight(node, nxt, {"derived": derived})
            if step is None:
                continue
            total = spent + step
            if total <= within + _COST_SLACK and total < cost.get(nxt, float("inf")):
                cost[nxt], previous[nxt] = total, node
                heapq.heappush(queue, (total, nxt))
    return cost, previous


def _needs_years(planner, target, done) -> float | None:
    """The minimum years of what ``target`` requires beyond ``done`` (cheapest options): a route
    to it takes at least as long; None when its prerequisites meet a cycle in the data."""
    try:
        plan = planner.prerequisites(target, done) if not planner.p.is_credential(target) else []
    except Blocked:
        return float("inf")
    except PrerequisiteCycleError:
        return None  # no bound: the data have a cycle on the way
    return sum(planner.p.shortest(node)[0] for node, *_ in plan) + planner.p.shortest(target)[0]


def _completed_path(planner, target, previous, done):
    """The cheapest progression path to ``target`` completed with its prerequisites, when they add no
    years (no other path can then do better: it is the best route), else (None, None)."""
    path = [target]
    while path[-1] in previous:  # back to the source it was found from
        path.append(previous[path[-1]])
    path.reverse()
    try:
        steps, spent = planner.complete(path, done)
    except Blocked:
        return None, None
    if any(s.added_for_prerequisite and not s.usual and s.years for s in steps):
        return None, None
    return steps, spent


def _searched_route(planner, source, target, done, held, search=True):
    """The best route to ``target`` from the route search itself (unless ``search`` is false: the
    target's own prerequisites meet a cycle in the data, which the search would meet after trying
    hundreds of paths)."""
    if not search:
        planner.prerequisites(target, done)  # raises the PrerequisiteCycleError
    [(steps, spent)] = planner.routes(source, target, have=[source, *held])
    return steps, spent


def _nothing_reachable(kg, origin, sources, within, kind, done) -> str:
    p = kg.compiled().projection
    what = f"no {kind}" if kind else "nothing"
    following = [n for source in sources for n in p.descendants(source) if n not in done and p.kind(n) in REACH_KINDS
                 and (kind is None or kg.is_kind(p.info[n][2], kind))]
    if not following:
        return f"{what} follows {origin.label} in the graph"
    nearest = min(following, key=lambda n: (p.years[n][0], p.label(n)))
    return (f"{what} is reachable from {origin.label} within {counted(float(within), 'year')} "
            f"(the nearest step, {p.label(nearest)}, alone takes {p.years[nearest][0]:g})")




__all__ = ["REACH_KINDS", "Reach", "Reachable", "reach"]
