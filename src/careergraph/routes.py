"""Prerequisite-complete routes, requirement plans and next options over the projection.

A route follows progression edges from FROM to TO (the best ones by years or by steps, found with
NetworkX's ``shortest_simple_paths``) and is then completed: before each step, every prerequisite
it lacks (all of its ``requires`` and one option of each ``requires one of`` group) is inserted,
choosing the cheapest option, and marked ``added_for_prerequisite``. Completion only adds cost, so
the raw path's cost is a lower bound and the k best completed routes are exact.

Costs: with ``by="years"`` a step costs its minimum years (ties: maximum years, then fewer steps);
with ``by="steps"`` every step costs one (ties: years). A progression edge that is only implied by a
requirement costs a little more than a stated one, so the documented order of steps wins ties.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import networkx as nx

from .errors import BadInputError, NoRouteError, PrerequisiteCycleError
from .held import EntryPlanner
from .names import NodeRef
from .prerequisites import USUAL_ENTRY, Blocked
from .routecheck import needless_training, training_out_of_order
from .schedule import schedule
from .steps import NextOption, RequirementPlan, Route, Step, elapsed

_DERIVED = 1e-5
# Raw paths examined per search before giving up on finding more distinct routes.
MAX_CANDIDATES = 400


class Planner(EntryPlanner):
    """Finds routes on a :class:`~careergraph.projection.Projection`.

    Parameters
    ----------
    projection : Projection
    by : {"years", "steps"}, optional (default = "years")
        Rank routes by total minimum years or by number of steps.
    avoid : iterable of node ids, optional
        Nodes no route may contain.

    Raises
    ------
    BadInputError
        ``by`` is not one of :data:`~careergraph.prerequisites.BY`.

    Examples
    --------
    Three stages in a row, the third requiring the second; lengths are (minimum, maximum) years:

    >>> from careergraph.projection import Projection
    >>> three = Projection(
    ...     succ={"a": {"b": False}, "b": {"c": False}, "c": {}},
    ...     years={"a": (4, 4), "b": (3, 3), "c": (2, 3)},
    ...     requires={"c": ("b",)},
    ...     info={"a": ("Stage A", "education", "urn:example:a"), "b": ("Stage B", "residency", "urn:example:b"),
    ...           "c": ("Stage C", "fellowship", "urn:example:c")})
    >>> [(steps, cost)] = Planner(three).routes("a", "c")
    >>> [(step.id, step.when, step.why) for step in steps]
    [('a', 'years 1–4', 'leads to Stage B'), ('b', 'PGY-1–PGY-3', 'leads to Stage C'), ('c', 'PGY-4–PGY-5 (up to PGY-4–PGY-6)', 'the goal')]
    >>> steps[-1].end_years
    {'min': 9, 'max': 10}

    What the third stage needs, in order, and what follows the second:

    >>> [(step.id, step.added_for_prerequisite) for step in Planner(three).requirement_plan("c")]
    [('b', True), ('c', False)]
    >>> [(option.id, option.years) for option in Planner(three).next_options("b")]
    [('c', {'min': 2, 'max': 3})]

    Avoiding the only way between them leaves no route, and the error says why:

    >>> Planner(three, avoid={"b"}).routes("a", "c")
    Traceback (most recent call last):
    careergraph.errors.NoRouteError: no route from Stage A to Stage C avoiding Stage B: every route passes through an avoided node (Stage B)
    """

    def _edge_weight(self, done):
        def weight(u, v, data):
            if v in self.avoid:
                return None
            # a credential is a waypoint, not a step of the route: it costs nothing, so that a path's cost
            # is a true lower bound of its completed route's, and a route that adds a step (a preliminary
            # year before a shorter residency) is not kept for a tie it does not have
            cost = 0.0 if v in done or self.p.is_credential(v) else self.node_cost(v)
            return cost + (_DERIVED if data.get("derived") else 0.0)

        return weight

    # ------------------------------------------------------------ routes

    def complete(self, path, done: set) -> tuple[list[Step], float]:
        """Insert missing prerequisites before each step of ``path``; returns the scheduled steps (after
        the training ``done`` holds) and cost."""
        held, done = done, set(done)
        steps: list[Step] = []
        cost = 0.0
        for u, v in zip(path, path[1:]):
            if self.p.succ[u][v]:
                cost += _DERIVED
        stages = [n for n in path if not self.p.is_credential(n)]  # a credential is met by the step before it
        for node, following in zip(stages, [*stages[1:], None]):
            if node in done:
                continue
            for added, required_by, alternatives in self.prerequisites(node, done):
                steps.append(self.step(added, done, added_for_prerequisite=True, required_by=required_by,
                                       alternatives=alternatives))
                cost += self.node_cost(added, done)
                self.mark(done, added)
            why = f"leads to {self.p.label(following)}" if following else "the goal"
            steps.append(self.step(node, done, why=why, options=self._options(node) if following is None else ()))
            cost += self.node_cost(node, done)
            self.mark(done, node)
        steps += self._usual(path[-1], done)
        return schedule(self.p, steps, held), cost

    def _options(self, node) -> tuple[str, ...]:
        """The usual credentials of a career that are not certifications: options, not steps."""
        return tuple(self.p.label(c) for c in self.p.typical.get(node, ())
                     if self.p.kind(c) != "certification" and c in self.p.info)

    def _usual(self, goal: str, done: set) -> list[Step]:
        """The board certification usual for a career, with what it needs, after the goal.

        It is the standard of practice (ABMS), not a legal requirement, so it never blocks a route.
        """
        steps = []
        for certification in self.p.typical.get(goal, ()):
            if self.p.kind(certification) != "certification" or certification in done \
                    or certification in self.avoid:
                continue
            try:
                plan = [*self.prerequisites(certification, done), (certification, goal, ())]
            except Blocked:
                continue
            if any(any(self.p.years[node]) for node, *_ in plan):
                continue  # a certificate that would take more training is not the usual end of this route
            for node, required_by, alternatives in plan:
                why = f"usual standard for {self.p.label(goal)} (not a legal requirement)" \
                    if node == certification else ""
                if node == certification:
                    alternatives = self._equal_certificates(certification, done)
                steps.append(self.step(node, done, added_for_prerequisite=True, required_by=required_by,
                                       alternatives=alternatives, usual=True, why=why))
                self.mark(done, node)
        return steps

    def _equal_certificates(self, certification: str, done: set) -> tuple[str, ...]:
        """The labels of the certifications related to ``certification`` (another board's for the same
        specialty, such as an AOA board's) whose requirements ``done`` already meets: equal options."""
        found = []
        for other in self.p.related.get(certification, ()):
            if other in self.avoid or other in done:
                continue
            try:
                if not self.prerequisites(other, done):
                    found.append(self.p.label(other))
            except (Blocked, PrerequisiteCycleError):
                continue
        return tuple(found)

    def _paths(self, source, target, done):
        # only the nodes between the two can be on a path: search that (small) subgraph
        before = self.p.ancestors(target) | {target}
        between = self.p.descendants(source, within=before) | {source}
        if target not in between:
            return
        try:
            yield from nx.shortest_simple_paths(self.p.subgraph(between), source, target,
                                                weight=self._edge_weight(done))
        except nx.NetworkXNoPath:
            return

    def _path_cost(self, path, done) -> float:
        """A lower bound of the cost of ``path`` completed: its own stages, the first one included
        (completion counts it too, and a bound without it lets every path seem cheaper than the best)."""
        weight = self._edge_weight(done)
        first = 0.0 if path[0] in done else self.node_cost(path[0])
        return first + sum(weight(u, v, {"derived": self.p.succ[u][v]}) for u, v in zip(path, path[1:]))

    def routes(self, source: str, target: str, *, via=(), have=(), k: int = 1) -> list[tuple[list[Step], float]]:
        """The ``k`` best prerequisite-complete routes, best first, as (steps, cost)."""
        if k < 1:
            raise BadInputError("the number of alternatives must be at least 1")
        if source == target:
            raise BadInputError(f"FROM and TO are the same node ({self.p.label(source)})")
        for node in (source, target, *via):
            if node not in self.p.years or self.p.is_credential(node):
                raise BadInputError(f"{self.p.label(node)} is a {self.p.kind(node)}, not a step a route can take")
            if node in self.avoid:
                raise BadInputError(f"{self.p.label(node)} is both on the route and avoided")
        done, origin = self.starting_point(source, have)
        if target in done:
            raise BadInputError(f"{self.p.label(target)} is already held: it comes with "
                                f"{', '.join(self.p.label(n) for n in (source, *have) if n in done)}")
        if origin != source:
            # the way on from a held stage is what follows it; only when nothing does, what its
            # requirements open (a pediatrician's preventive medicine residency, which needs a PGY-1)
            try:
                return self._search(source, source, target, via, done, k)
            except NoRouteError:
                pass
        try:
            return self._search(source, origin, target, via, done, k)
        except NoRouteError:
            # nothing leads from the profile to a goal whose requirements it meets already (a medical
            # writer needs only the degree an international graduate holds): the goal is the route
            if via or self.p.kind(source) != "profile" or self._unmet(target, done) \
                    or not (self.p.requires.get(target) or self.p.one_of.get(target)):
                raise
            return [self.complete([target], done)]

    def _unmet(self, target, done) -> bool:
        try:
            return bool(self.prerequisites(target, done))
        except Blocked:
            return True

    def _search(self, source, origin, target, via, done, k) -> list[tuple[list[Step], float]]:
        """The ``k`` best routes from ``source`` whose paths start at ``origin``, after ``done``."""
        waypoints = [origin, *via, target]
        if len(waypoints) == 2:
            candidates = self._paths(origin, target, done)
        else:
            candidates = self._via_paths(waypoints, done, k)
        results: dict[frozenset, tuple[list[Step], float]] = {}
        blocked: list[str] = []
        paths = iter(candidates)
        raw = 0.0
        for _ in range(MAX_CANDIDATES):
            best = sorted(cost for _, cost in results.values())
            if len(best) >= k and best[k - 1] <= raw:
                break  # paths come cheapest first and completion only adds: no later one can do better
            path = next(paths, None)  # asked for only when needed: each further path costs a search
            if path is None:
                break
            raw = self._path_cost(path, done)
            if len(best) >= k and raw > best[k - 1]:
                break
            try:
                steps, cost = self.complete(path, done)
            except Blocked as exc:
                blocked.append(str(exc))
                continue
            if needless_training(self.p, steps, done, {source, target, *via, *self.p.typical.get(target, ())}) \
                    or training_out_of_order(self.p, steps):
                continue
            key = frozenset(s.id for s in steps)  # distinct routes differ in steps, not only in order
            if key not in results or cost < results[key][1]:
                results[key] = (steps, cost)
        if not results:
            raise NoRouteError(self._no_route_reason(source, origin, target, via, blocked))
        # by years, the schedule's end decides first: a board's time in practice is no stage's cost
        return sorted(results.values(), key=lambda r: (elapsed(r[0])["min"] if self.by == "years" else 0, r[1],
                                                       [s.id for s in r[0]]))[:k]

    def _via_paths(self, waypoints, done, k):
        """Candidate paths through every waypoint in order: the best few of each leg, combined."""
        legs = []
        for a, b in zip(waypoints, waypoints[1:]):
            leg = list(itertools.islice(self._paths(a, b, done), max(8, 4 * k)))
            if not leg:
                return
            legs.append(leg)
        combined = []
        for parts in itertools.product(*legs):
            path = list(parts[0])
            for part in parts[1:]:
                path.extend(part[1:])
            if len(set(path)) == len(path):
                combined.append(path)
        combined.sort(key=lambda p: self._path_cost(p, done))
        yield from combined

    def _no_route_reason(self, source, origin, target, via, blocked) -> str:
        s, t = self.p.label(source), self.p.label(target)
        if self.avoid:
            t += f" avoiding {', '.join(sorted(self.p.label(n) for n in self.avoid))}"
        if blocked:
            # the user's own --avoid choices explain a failure best
            reason = min(blocked, key=lambda text: "avoided" not in text)
            return f"no route from {s} to {t}: {reason}"
        if not self.p.pred.get(target):
            return f"no route from {s} to {t}: nothing in the graph leads to {t}"
        waypoints = [origin, *via, target]
        for a, b in zip(waypoints, waypoints[1:]):
            if b not in self.p.descendants(a):
                after = source if a == origin else a
                return f"no route from {s} to {t}: nothing leads from {self.p.label(after)} to {self.p.label(b)}"
        on_some_path = self.p.descendants(origin) & self.p.ancestors(target)
        blockers = sorted(self.p.label(n) for n in self.avoid & on_some_path)
        if blockers:
            return f"no route from {s} to {t}: every route passes through an avoided node ({', '.join(blockers)})"
        return f"no route from {s} to {t} that visits the given nodes in order without repeating a step"

    # ------------------------------------------------------------ requirements and options

    def requirement_plan(self, target: str, have=()) -> list[Step]:
        """Everything needed to reach ``target`` from ``have``, in a followable order.

        Its choices follow the best route to ``target`` (from the profile in ``have``, else the usual
        one) where it has one: a choice made need by need, each on its own, would take a preliminary
        year for the licence's PGY-1 before a residency that gives it anyway."""
        if not self.prefer:
            preferred = self._route_stages(target, have)
            if preferred:
                return Planner(self.p, self.by, self.avoid, preferred).requirement_plan(target, have)
        done = self.closure(have)
        held = set(done)
        try:
            plan = self.achieve(target, target, done) if self.p.is_credential(target) \
                else [*self.prerequisites(target, done), (target, None, ())]
        except Blocked as exc:
            raise NoRouteError(f"{self.p.label(target)} cannot be reached: {exc}") from None
        steps = []
        for node, required_by, alternatives in plan:
            if node in done:
                continue
            steps.append(self.step(node, done, added_for_prerequisite=node != target, required_by=required_by,
                                   alternatives=alternatives,
                                   why="the goal" if node == target else "",
                                   options=self._options(node) if node == target else ()))
            self.mark(done, node)
        steps += self._usual(target, done)
        return schedule(self.p, steps, held)

    def _route_stages(self, target: str, have) -> frozenset:
        """The steps of the best route to ``target`` from the profile ``have`` holds or implies, else
        from the first profile with one: the usual one, then those that hold least (a US student's
        before an international graduate's, who holds a degree already). None without a route."""
        if self.p.is_credential(target):
            return frozenset()
        held = self.closure(have)
        profiles = sorted((n for n in self.p.years if self.p.kind(n) == "profile"),
                          key=lambda n: (n != USUAL_ENTRY, len(self.closure([n])), n))
        for start in [n for n in profiles if n in held] or profiles:
            try:
                [(steps, _)] = self.routes(start, target, have=[n for n in have if n != start])
            except (NoRouteError, BadInputError):
                continue
            return frozenset(step.id for step in steps)
        return frozenset()

    def next_options(self, node: str) -> list[NextOption]:
        """What can be entered after ``node`` (for a credential: what requires it)."""
        if self.p.is_credential(node):
            followers = {n: "requirement" for n in self.p.years if node in self.p.requires.get(n, ())
                         or any(node in grp for grp in self.p.one_of.get(n, ()))}
        else:
            followers = {}
            for v, derived in self.p.succ.get(node, {}).items():
                if self.p.is_credential(v):  # what the credential this step awards opens
                    followers.update({w: "requirement" for w in self.p.succ.get(v, ()) if w != node})
                else:
                    followers[v] = "requirement" if derived else "leadsTo"
        options = [
            NextOption(v, self.p.label(v), self.p.kind(v), self.years(v, {node}), relation)
            for v, relation in followers.items() if v not in self.avoid
        ]
        return sorted(options, key=lambda o: o.rank)


def stage(kg, name: str) -> NodeRef:
    """The node of ``kg`` named ``name``, which must be something a route can take, reach or hold (a
    step or a credential); BadInputError for a board, a source or another node outside routes."""
    ref = kg.node(name)
    if ref.id not in kg.compiled().projection.years:
        raise BadInputError(f"{ref.label} is a {ref.type}, not a step or credential a route can take, reach or hold")
    return ref


def planner(kg, by: str = "years", avoid: Iterable[str] = ()) -> Planner:
    """A :class:`Planner` on the projection of ``kg``, avoiding the stages named in ``avoid``."""
    return Planner(kg.compiled().projection, by=by, avoid=[stage(kg, n).id for n in avoid])


__all__ = ["MAX_CANDIDATES", "Planner", "Step", "Route", "RequirementPlan", "NextOption", "planner", "stage"]
