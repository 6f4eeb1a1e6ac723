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
from dataclasses import dataclass, field, replace

import networkx as nx

from .errors import BadInputError, NoRouteError, PrerequisiteCycleError
from .projection import GME

__all__ = ["BY", "MAX_CANDIDATES", "TRAINING_KINDS", "NextOption", "Planner", "RequirementPlan", "Route",
           "Step"]

BY = ("years", "steps")
_STEP = 1e-6
_DERIVED = 1e-5
# Raw paths examined per search before giving up on finding more distinct routes.
MAX_CANDIDATES = 400
# Kinds of graduate medical education: the first of them on a schedule starts PGY-1.
TRAINING_KINDS = frozenset({"residency", "fellowship", "preliminary-year", "training"})


@dataclass(frozen=True)
class Step:
    """One step of a route or requirement plan, with when it happens (years from the start, as ranges)."""

    id: str
    label: str
    type: str
    years: dict | None
    awards: tuple[str, ...] = ()
    added_for_prerequisite: bool = False
    required_by: str | None = None
    alternatives: tuple[str, ...] = ()
    start_years: dict | None = None
    end_years: dict | None = None
    when: str = ""
    why: str = ""
    # the usual standard for the goal (board certification), not a legal requirement
    usual: bool = False
    # credentials usual in a career that one may add (an MBA, an MPH ...)
    options: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "id": self.id, "label": self.label, "type": self.type, "years": self.years,
            "awards": list(self.awards), "added_for_prerequisite": self.added_for_prerequisite,
            "required_by": self.required_by, "alternatives": list(self.alternatives),
            "start_years": self.start_years, "end_years": self.end_years, "when": self.when, "why": self.why,
            "usual": self.usual, "options": list(self.options),
        }


def _total(steps) -> dict:
    """The elapsed time of a schedule: its latest end, at least and at most."""
    if steps and all(s.end_years for s in steps):
        return {"min": _tidy(max(s.end_years["min"] for s in steps)),
                "max": _tidy(max(s.end_years["max"] for s in steps))}
    low = sum((s.years or {}).get("min", 0) for s in steps)
    high = sum((s.years or {}).get("max", 0) for s in steps)
    return {"min": _tidy(low), "max": _tidy(high)}


def _when(kind: str, span, gme) -> str:
    """When a step happens, in words: postgraduate years inside GME, else years from the start."""
    (s0, s1), (e0, e1) = span
    if gme is not None and kind in TRAINING_KINDS:
        first, last = _tidy(s0 - gme[0] + 1), _tidy(e0 - gme[0])
        text = f"PGY-{first}" if first == last else f"PGY-{first}\u2013PGY-{last}"
        late_first, late_last = _tidy(s1 - gme[1] + 1), _tidy(e1 - gme[1])
        if (late_first, late_last) != (first, last):
            text += f" (up to PGY-{late_first}\u2013PGY-{late_last})"
        return text
    if (s0, s1) != (e0, e1):
        text = f"years {_tidy(s0 + 1)}\u2013{_tidy(e0)}"
        return text + (f" (up to {_tidy(s1 + 1)}\u2013{_tidy(e1)})" if (s1, e1) != (s0, e0) else "")
    if gme is None:
        return f"year {_tidy(s0)}" + (f"\u2013{_tidy(s1)}" if s1 != s0 else "")
    if s0 <= gme[0]:
        return "before PGY-1"
    return f"after PGY-{_tidy(s0 - gme[0])}" + (f" (up to PGY-{_tidy(s1 - gme[1])})" if s1 - gme[1] != s0 - gme[0] else "")


def _tidy(number):
    number = round(number, 3)
    return int(number) if float(number).is_integer() else number


@dataclass(frozen=True)
class Route:
    """A route: ordered steps from ``source`` to ``target`` and the total time as a range."""

    source: dict
    target: dict
    steps: tuple[Step, ...]
    by: str = "years"
    cost: float = field(default=0.0, compare=False)

    @property
    def total_years(self) -> dict:
        return _total(self.steps)

    def to_dict(self) -> dict:
        return {
            "from": self.source, "to": self.target,
            "steps": [s.to_dict() for s in self.steps],
            "total_years": self.total_years, "by": self.by,
        }


@dataclass(frozen=True)
class RequirementPlan:
    """Everything needed to reach ``target``, in an order that can be followed."""

    target: dict
    steps: tuple[Step, ...]

    @property
    def total_years(self) -> dict:
        return _total(self.steps)

    def to_dict(self) -> dict:
        return {"target": self.target, "steps": [s.to_dict() for s in self.steps], "total_years": self.total_years}


@dataclass(frozen=True)
class NextOption:
    """A node that can be entered after another."""

    id: str
    label: str
    type: str
    years: dict | None
    relation: str  # "leadsTo" (stated) or "requirement" (implied by a prerequisite)

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "type": self.type, "years": self.years, "relation": self.relation}


class _Blocked(Exception):
    """A prerequisite cannot be met; the message says why."""


class Planner:
    """Finds routes on a :class:`~careergraph.projection.Projection`.

    Parameters
    ----------
    projection : Projection
    by : {"years", "steps"}, optional (default = "years")
    avoid : iterable of node ids, optional
        Nodes no route may contain.

    Raises
    ------
    BadInputError
        ``by`` is not one of :data:`BY`.

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

    def __init__(self, projection, by: str = "years", avoid=()):
        if by not in BY:
            raise BadInputError(f"unknown ranking {by!r}: use one of {', '.join(BY)}")
        self.p = projection
        self.by = by
        self.avoid = frozenset(avoid)
        self._costs: dict[str, float] = {}

    # ------------------------------------------------------------ costs

    def node_cost(self, node: str) -> float:
        cost = self._costs.get(node)
        if cost is None:
            low, high = self.p.years[node]
            cost = low + high * 1e-3 + _STEP if self.by == "years" else 1 + low * 1e-3 + high * 1e-6
            self._costs[node] = cost
        return cost

    def _edge_weight(self, done):
        def weight(u, v, data):
            if v in self.avoid:
                return None
            cost = 0.0 if v in done else self.node_cost(v)
            return cost + (_DERIVED if data.get("derived") else 0.0)

        return weight

    def years(self, node: str) -> dict | None:
        low, high = self.p.years[node]
        if not low and not high:
            return None
        return {"min": low, "max": high}

    def step(self, node, **extra) -> Step:
        label, kind, _ = self.p.info[node]
        awards = tuple(self.p.label(c) for c in self.p.awards.get(node, ()))
        return Step(node, label, kind, self.years(node), awards, **extra)

    # ------------------------------------------------------------ what is done

    def mark(self, done: set, node: str) -> None:
        done.add(node)
        done.update(self.p.awards.get(node, ()))

    def closure(self, nodes) -> set:
        """What holding or having passed ``nodes`` implies: they, their credentials and prerequisites.

        A "requires one of" group met on the way is recorded as the frozenset of its options,
        since which option was taken is not known.
        """
        done: set = set()
        stack = list(nodes)
        while stack:
            node = stack.pop()
            if node in done:
                continue
            self.mark(done, node)
            stack.extend(self.p.requires.get(node, ()))
            done.update(frozenset(group) for group in self.p.one_of.get(node, ()))
        return done

    @staticmethod
    def _group_met(group, done) -> bool:
        return frozenset(group) in done or any(option in done for option in group)

    # ------------------------------------------------------------ prerequisites
    #
    # A plan is built depth first with one growing set of what is done, so each node is expanded at
    # most once. Where a choice is open (a "requires one of" group, or which stage to take for a
    # credential), each candidate is priced by its estimate: the plan it needs on its own from what
    # was done when planning began, less what is done by then. Estimates are computed once per
    # plan, descendants first. Both passes use explicit stacks: the work is polynomial in the size
    # of the graph and a chain of any depth fits.

    def prerequisites(self, node: str, done: set) -> list[tuple[str, str, tuple]]:
        """The missing prerequisites of ``node`` given ``done``, ordered so each comes after its own.

        Returns ``(node, required_by, alternatives)`` triples; raises ``_Blocked`` when one cannot
        be met and PrerequisiteCycleError on a cycle.
        """
        estimates = self._estimates(node, done)
        return self._expand(node, None, set(done), estimates, with_root=False)

    def achieve(self, need: str, required_by: str, done: set) -> list[tuple[str, str, tuple]]:
        """Steps (with their own prerequisites) that meet ``need``: a stage, or a credential via an awarder."""
        estimates = self._estimates(need, done)
        return self._expand(need, required_by, set(done), estimates, with_root=True)

    def _children(self, node: str, done, candidates: set, root: bool = False):
        """What planning ``node`` may have to plan first; adds the stages that a choice may pick to ``candidates``."""
        if not root and (node in self.avoid or node in done):
            return ()
        if self.p.is_credential(node):
            awarders = [a for a in self.p.awarded_by.get(node, ()) if a not in self.avoid]
            candidates.update(awarders)
            return awarders
        children = list(self.p.requires.get(node, ()))
        for group in self.p.one_of.get(node, ()):
            if not self._group_met(group, done):
                children.extend(group)
                candidates.update(o for o in group if not self.p.is_credential(o) and o not in self.avoid)
        return children

    def _estimates(self, root: str, done) -> dict[str, tuple[str | None, tuple[str, ...]]]:
        """For each stage a choice under ``root`` may pick: (why it is blocked or None, the ids of the
        plan it needs on its own from ``done``). Raises PrerequisiteCycleError on a cycle."""
        candidates: set = set()
        state = {root: "open"}
        path = [root]
        stack = [iter(self._children(root, done, candidates, root=True))]
        order = []
        while stack:
            for child in stack[-1]:
                seen = state.get(child)
                if seen == "open":
                    loop = path[path.index(child):]
                    if any(self.p.is_credential(n) for n in loop):
                        # a credential met through a step that needs it: that step is no way to it
                        # (a subspecialty certificate that requires a board certificate); other
                        # awarders may be, and planning skips the ones still being planned
                        continue
                    cycle = loop
                    names = " -> ".join(self.p.label(n) for n in (*cycle, cycle[0]))
                    raise PrerequisiteCycleError(f"prerequisite cycle: {names}")
                if seen is None:
                    state[child] = "open"
                    path.append(child)
                    stack.append(iter(self._children(child, done, candidates)))
                    break
            else:
                stack.pop()
                node = path.pop()
                state[node] = "closed"
                order.append(node)
        estimates: dict = {}
        for node in (n for n in order if n in candidates):  # descendants first, so every choice inside a plan is already priced
            try:
                plan = self._expand(node, None, set(done), estimates, with_root=True)
                estimates[node] = (None, tuple(entry[0] for entry in plan))
            except _Blocked as exc:
                estimates[node] = (str(exc), ())
        return estimates

    def _price(self, ids, done) -> tuple:
        """How an option is chosen: least time first (minimum, then maximum years), then fewest steps,
        then the ranking's cost, whatever the ranking (an advisor does not add a second medical degree
        to save an exam)."""
        missing = [node for node in ids if node not in done]
        low = sum(self.p.years[node][0] for node in missing)
        high = sum(self.p.years[node][1] for node in missing)
        return round(low, 6), round(high, 6), len(missing), sum(self.node_cost(node) for node in missing)

    def _way(self, need: str, required_by: str, done, estimates, busy=frozenset()) -> tuple[tuple | None, str]:
        """The stage to take for ``need``: itself (unpriced), or for a credential the cheapest stage
        that awards it, with its price. A stage being planned (``busy``) does not meet a credential
        it needs itself: a subspecialty certificate that requires a board certificate is no way to it."""
        if need in self.avoid:
            raise _Blocked(f"{self.p.label(required_by)} requires {self.p.label(need)}, which is avoided")
        if not self.p.is_credential(need):
            return None, need
        awarders = [a for a in self.p.awarded_by.get(need, ()) if a not in self.avoid and a not in busy]
        if not awarders:
            avoided = [a for a in self.p.awarded_by.get(need, ()) if a in self.avoid]
            why = f"which only avoided steps award ({', '.join(self.p.label(a) for a in avoided)})" \
                if avoided else "which nothing in the graph awards"
            raise _Blocked(f"{self.p.label(required_by)} requires {self.p.label(need)}, {why}")
        return self._cheapest(awarders, done, estimates)

    def _cheapest(self, stages, done, estimates) -> tuple[tuple, str]:
        priced, reasons = [], []
        for stage in stages:
            # a stage not yet priced is still being planned: taking it would go round in a circle
            reason, ids = estimates.get(stage, ("it is awarded only by steps that need it first", ()))
            if reason is None:
                priced.append((self._price(ids, done), stage))
            else:
                reasons.append(reason)
        if not priced:
            raise _Blocked("; ".join(reasons))
        return min(priced)

    def _choose(self, node: str, group, done, estimates, busy) -> str:
        """The option of ``node``'s ``group`` that costs least on top of ``done``."""
        priced, reasons = [], []
        for option in group:
            try:
                price, _ = self._way(option, node, done, estimates, busy)
                if price is None:
                    reason, ids = estimates[option]
                    if reason is not None:
                        raise _Blocked(reason)
                    price = self._price(ids, done)
                priced.append((price, option))
            except _Blocked as exc:
                reasons.append(str(exc))
        if not priced:
            names = ", ".join(self.p.label(o) for o in group)
            raise _Blocked(f"{self.p.label(node)} requires one of {names}, and none can be met "
                           f"({'; '.join(reasons)})")
        return min(priced)[1]

    def _expand(self, root: str, required_by, done: set, estimates, with_root: bool) -> list[tuple[str, str, tuple]]:
        """Plan ``root``'s prerequisites (and ``root`` itself, when ``with_root``) on top of ``done``,
        which grows with the plan."""
        plan: list[tuple[str, str, tuple]] = []
        # a frame: [node, required_by, its needs still to meet, (plan length, options not taken) of the
        # group being met, whether the node joins the plan when its needs are met]
        frames: list[list] = []
        busy: set[str] = set()  # the nodes of the frames

        def open_frame(need, by, joins=True):
            if need in done:
                return
            _, stage = self._way(need, by, done, estimates, busy)
            if stage not in done:
                frames.append([stage, by, self._needs(stage), None, joins])
                busy.add(stage)

        if with_root:
            open_frame(root, required_by)
        else:
            frames.append([root, None, self._needs(root), None, False])
            busy.add(root)
        while frames:
            frame = frames[-1]
            node, by, needs, group_start, joins = frame
            if group_start is not None:  # the step that meets a group lists the options not taken
                start, others = group_start
                if len(plan) > start:
                    plan[-1] = (*plan[-1][:2], others)
                frame[3] = None
            kind, need = next(needs, ("", ()))
            if kind == "requires":
                if need not in done:
                    open_frame(need, node)
            elif kind == "one of":
                if not self._group_met(need, done):
                    chosen = self._choose(node, need, done, estimates, busy)
                    frame[3] = (len(plan), tuple(self.p.label(o) for o in need if o != chosen))
                    open_frame(chosen, node)
            else:
                frames.pop()
                busy.discard(node)
                if joins:
                    plan.append((node, by, ()))
                    self.mark(done, node)
        return plan

    def _needs(self, node: str):
        for need in self.p.requires.get(node, ()):
            yield "requires", need
        for group in self.p.one_of.get(node, ()):
            yield "one of", group

    # ------------------------------------------------------------ routes

    def complete(self, path, done: set) -> tuple[list[Step], float]:
        """Insert missing prerequisites before each step of ``path``; returns the scheduled steps and cost."""
        done = set(done)
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
                steps.append(self.step(added, added_for_prerequisite=True, required_by=required_by,
                                       alternatives=alternatives))
                self.mark(done, added)
                cost += self.node_cost(added)
            why = f"leads to {self.p.label(following)}" if following else "the goal"
            steps.append(self.step(node, why=why, options=self._options(node) if following is None else ()))
            self.mark(done, node)
            cost += self.node_cost(node)
        steps += self._usual(path[-1], done)
        return self.schedule(steps), cost

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
            except _Blocked:
                continue
            if any(any(self.p.years[node]) for node, *_ in plan):
                continue  # a certificate that would take more training is not the usual end of this route
            for node, required_by, alternatives in plan:
                why = f"usual standard for {self.p.label(goal)} (not a legal requirement)" \
                    if node == certification else ""
                steps.append(self.step(node, added_for_prerequisite=True, required_by=required_by,
                                       alternatives=alternatives, usual=True, why=why))
                self.mark(done, node)
        return steps

    # ------------------------------------------------------------ schedule

    def _scheduled_needs(self, node: str, scheduled) -> list[str]:
        """The prerequisites of ``node`` among ``scheduled`` steps (a credential by the steps that award it)."""
        needs = [*self.p.requires.get(node, ()), *(o for group in self.p.one_of.get(node, ()) for o in group)]
        found = []
        for need in needs:
            if need in scheduled:
                found.append(need)
            elif self.p.is_credential(need):
                found += [a for a in self.p.awarded_by.get(need, ()) if a in scheduled]
        return found

    def _prerequisite_times(self, node: str, done_at: dict) -> list:
        """When the prerequisites of ``node`` that are on the schedule are done."""
        return [done_at[need] for need in self._scheduled_needs(node, done_at)]

    def schedule(self, steps: list[Step]) -> list[Step]:
        """The steps on a timeline, in the order a person meets them.

        Stages with a length follow one another. A step with a timing in the graph happens in its
        window (relative to a stage on the schedule, or to the start of graduate medical education),
        from the window's opening on the shortest schedule to its close on the longest. Any other
        step happens when its prerequisites on the schedule are done (a board certification when its
        training ends), or else when the steps listed before it are. Times are years from the start,
        each a (min, max) range; a step without a length starts and ends at once.
        """
        cursor = (0.0, 0.0)
        gme = None
        starts: dict[str, tuple[float, float]] = {}
        done_at: dict[str, tuple[float, float]] = {}  # step id -> when it is done
        spans: list = [None] * len(steps)
        reached = []  # the cursor when each step is reached, in the planner's order
        for i, step in enumerate(steps):
            reached.append(cursor)
            low, high = self.p.years.get(step.id, (0, 0))
            if low or high:
                if gme is None and self.p.kind(step.id) in TRAINING_KINDS:
                    # training starts only after the application cycle before it (ERAS, the Match)
                    lead = max((-self.p.timing[s.id][1] for s in steps[:i]
                                if GME in self.p.timing.get(s.id, ((),))[0]), default=0.0)
                    cursor = (max(cursor[0], lead), max(cursor[1], lead))
                    gme = cursor
                starts[step.id] = cursor
                spans[i] = (cursor, (cursor[0] + low, cursor[1] + high))
                cursor = done_at[step.id] = spans[i][1]
        labels = [""] * len(steps)
        for i, step in enumerate(steps):
            if spans[i] is not None:
                continue
            anchors, early, late, label = self.p.timing.get(step.id, ((), 0, 0, ""))
            base = next((gme if a == GME else starts[a] for a in anchors
                         if (gme if a == GME else starts.get(a)) is not None), None)
            needs = self._prerequisite_times(step.id, done_at)
            if base is not None:
                # an event takes no time: it happens somewhere in its window, at the earliest and the
                # latest, not before the start nor before the events it needs (the window already
                # says how far into a stage it comes, e.g. a licence after the first GME year)
                before = self._prerequisite_times(step.id, {k: v for k, v in done_at.items() if k not in starts})
                at = (max(base[0] + early, 0.0, *(t[0] for t in before)),
                      max(base[1] + late, 0.0, *(t[1] for t in before)))
                labels[i] = label
            elif needs:
                at = (max(t[0] for t in needs), max(t[1] for t in needs))
            else:
                at = reached[i]
            spans[i] = (at, at)
            done_at[step.id] = at
        # an event comes no later than the steps that need it (Step 3 before an H-1B visa, the visa
        # before training starts), latest first so that a cap passes down a chain
        position = {step.id: i for i, step in enumerate(steps)}
        for i in reversed(range(len(steps))):
            for need in self._scheduled_needs(steps[i].id, position):
                j = position[need]
                if spans[j][0] == spans[j][1] and (spans[j][0][0] > spans[i][0][0] or spans[j][0][1] > spans[i][0][1]):
                    at = (min(spans[j][0][0], spans[i][0][0]), min(spans[j][0][1], spans[i][0][1]))
                    spans[j] = (at, at)
                    labels[j] = ""
        # at the same time, an event (an exam, a certificate) comes before a stage that starts then
        order = sorted(range(len(steps)), key=lambda i: (spans[i][0][0], spans[i][0][1],
                                                         spans[i][0] != spans[i][1], i))
        scheduled = []
        for i in order:
            (s0, s1), (e0, e1) = spans[i]
            when = labels[i] or _when(self.p.kind(steps[i].id), spans[i], gme)
            why = steps[i].why or (f"required by {self.p.label(steps[i].required_by)}"
                                   if steps[i].required_by in self.p.info else "")
            scheduled.append(replace(steps[i], start_years={"min": _tidy(s0), "max": _tidy(s1)},
                                     end_years={"min": _tidy(e0), "max": _tidy(e1)}, when=when, why=why))
        return scheduled

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
        weight = self._edge_weight(done)
        return sum(weight(u, v, {"derived": self.p.succ[u][v]}) for u, v in zip(path, path[1:]))

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
        done = self.closure(have)
        if self.p.kind(source) == "profile":
            self.mark(done, source)
        waypoints = [source, *via, target]
        if len(waypoints) == 2:
            candidates = self._paths(source, target, done)
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
            except _Blocked as exc:
                blocked.append(str(exc))
                continue
            if self._needless_training(steps, done, {source, target, *via}):
                continue  # a route never takes training that the rest of it does not need
            key = frozenset(s.id for s in steps)  # distinct routes differ in steps, not only in order
            if key not in results or cost < results[key][1]:
                results[key] = (steps, cost)
        if not results:
            raise NoRouteError(self._no_route_reason(source, target, via, blocked))
        return sorted(results.values(), key=lambda r: (r[1], [s.id for s in r[0]]))[:k]

    def _needless_training(self, steps, done, keep) -> bool:
        """Whether a stage with a length could be left out and every step still have what it needs
        (a residency taken only for a credential that a later residency gives anyway)."""
        on_route = {s.id for s in steps}

        def met(need, without):
            if need in done or (need in on_route and need != without):
                return True
            return any(a in on_route and a != without for a in self.p.awarded_by.get(need, ()))

        for stage in on_route - keep:
            if not any(self.p.years[stage]) or self.p.kind(stage) == "career":
                continue
            needed = any(
                not all(met(need, stage) for need in self.p.requires.get(other, ()))
                or not all(any(met(option, stage) for option in group) for group in self.p.one_of.get(other, ()))
                for other in on_route if other != stage)
            if not needed:
                return True
        return False

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

    def _no_route_reason(self, source, target, via, blocked) -> str:
        s, t = self.p.label(source), self.p.label(target)
        if self.avoid:
            t += f" avoiding {', '.join(sorted(self.p.label(n) for n in self.avoid))}"
        if blocked:
            # the user's own --avoid choices explain a failure best
            reason = min(blocked, key=lambda text: "avoided" not in text)
            return f"no route from {s} to {t}: {reason}"
        if not self.p.pred.get(target):
            return f"no route from {s} to {t}: nothing in the graph leads to {t}"
        waypoints = [source, *via, target]
        for a, b in zip(waypoints, waypoints[1:]):
            if b not in self.p.descendants(a):
                return f"no route from {s} to {t}: nothing leads from {self.p.label(a)} to {self.p.label(b)}"
        on_some_path = self.p.descendants(source) & self.p.ancestors(target)
        blockers = sorted(self.p.label(n) for n in self.avoid & on_some_path)
        if blockers:
            return f"no route from {s} to {t}: every route passes through an avoided node ({', '.join(blockers)})"
        return f"no route from {s} to {t} that visits the given nodes in order without repeating a step"

    # ------------------------------------------------------------ requirements and options

    def requirement_plan(self, target: str, have=()) -> list[Step]:
        """Everything needed to reach ``target`` from ``have``, in a followable order."""
        done = self.closure(have)
        try:
            plan = self.achieve(target, target, done) if self.p.is_credential(target) \
                else [*self.prerequisites(target, done), (target, None, ())]
        except _Blocked as exc:
            raise NoRouteError(f"{self.p.label(target)} cannot be reached: {exc}") from None
        steps = []
        for node, required_by, alternatives in plan:
            if node in done:
                continue
            steps.append(self.step(node, added_for_prerequisite=node != target, required_by=required_by,
                                   alternatives=alternatives,
                                   why="the goal" if node == target else "",
                                   options=self._options(node) if node == target else ()))
            self.mark(done, node)
        steps += self._usual(target, done)
        return self.schedule(steps)

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
            NextOption(v, self.p.label(v), self.p.kind(v), self.years(v), relation)
            for v, relation in followers.items() if v not in self.avoid
        ]
        return sorted(options, key=lambda o: (o.relation != "leadsTo", o.type, o.label.casefold()))
