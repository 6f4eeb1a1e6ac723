"""Prerequisite planning: what must be done before a step, choosing the cheapest way to each need.

Before a step, every prerequisite it lacks (all of its ``requires`` and one option of each
``requires one of`` group; a credential by one of the stages that award it) is planned, each after
its own. Where a choice is open, the option that adds the least time is taken (then the fewest
steps, then the ranking's cost), whatever the ranking: an advisor does not add a second medical
degree to save an exam.
"""

from __future__ import annotations

from .errors import BadInputError, PrerequisiteCycleError
from .steps import Step

BY = ("years", "steps")
_STEP = 1e-6
# The starting profile whose pathway wins a tie between equally quick options (an MD programme
# rather than a DO programme when either degree would do), and that a held residency or fellowship
# is taken to have been entered from when nothing held says otherwise: the MD pathway, as the one
# a comparison starts from.
USUAL_ENTRY = "us-md-student"


class Blocked(Exception):
    """A prerequisite cannot be met; the message says why."""


class PrerequisitePlanner:
    """Plans prerequisites on a :class:`~careergraph.projection.Projection`.

    Parameters
    ----------
    projection : Projection
    by : {"years", "steps"}, optional (default = "years")
    avoid : iterable of node ids, optional
        Nodes no plan may contain.
    prefer : iterable of node ids, optional
        Stages a choice takes before any other that is open to it, whatever they cost on their own
        (the stages of a best route, which a requirement plan follows).
    """

    def __init__(self, projection, by: str = "years", avoid=(), prefer=()):
        if by not in BY:
            raise BadInputError(f"unknown ranking {by!r}: use one of {', '.join(BY)}")
        self.p = projection
        self.by = by
        self.avoid = frozenset(avoid)
        self.prefer = frozenset(prefer)
        self._costs: dict[str, float] = {}
        # what planning found, by the node planned and what was done then (the projection is fixed)
        self._estimated: dict[tuple, dict] = {}
        self._plans: dict[tuple, list | Blocked] = {}
        self._way_cache: dict[str, list[str]] = {}
        self._settled: dict[frozenset, tuple[dict, set]] = {}
        self._bases: dict[frozenset, tuple[frozenset, set]] = {}  # state -> (the state it grew from, what may differ)
        self._usual_pathway = projection.descendants(USUAL_ENTRY) if USUAL_ENTRY in projection.years else set()

    # ------------------------------------------------------------ costs

    def node_cost(self, node: str, done=None) -> float:
        """What taking ``node`` costs after ``done`` or, without it, at least (by any way in)."""
        cost = self._costs.get(node) if done is None or node not in self.p.entry_years else None
        if cost is None:
            low, high = self.p.shortest(node) if done is None else self.p.length(node, done)
            cost = low + high * 1e-3 + _STEP if self.by == "years" else 1 + low * 1e-3 + high * 1e-6
            if done is None:
                self._costs[node] = cost
        return cost

    def years(self, node: str, done=()) -> dict | None:
        low, high = self.p.length(node, done)
        if not low and not high:
            return None
        return {"min": low, "max": high}

    def step(self, node, done=(), **extra) -> Step:
        """The step of ``node`` taken after ``done`` (which its length may depend on)."""
        label, kind, _ = self.p.info[node]
        awards = tuple(self.p.label(c) for c in self.p.awards.get(node, ()))
        return Step(node, label, kind, self.years(node, done), awards, **extra)

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

    def _group_met(self, group, done) -> bool:
        """Met by an option or, where every option is a preliminary or transitional year giving the same
        one credential (the PGY-1), by that credential however gained. (A choice of fellowships is not
        met by another fellowship's completion.)"""
        if frozenset(group) in done or any(option in done for option in group):
            return True
        if any(self.p.kind(o) != "preliminary-year" for o in group):
            return False
        given = {frozenset(self.p.awards.get(o, ())) if any(self.p.years[o]) else frozenset() for o in group}
        return len(given) == 1 and len(credentials := next(iter(given))) == 1 and credentials <= done

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

        Returns ``(node, required_by, alternatives)`` triples; raises ``Blocked`` when one cannot
        be met and PrerequisiteCycleError on a cycle.
        """
        key = (node, frozenset(done))
        if key not in self._plans:
            try:
                self._plans[key] = self._expand(node, None, set(done), self._estimates(node, done), with_root=False)
            except Blocked as exc:
                self._plans[key] = exc
        plan = self._plans[key]
        if isinstance(plan, Blocked):
            raise plan
        return list(plan)

    def achieve(self, need: str, required_by: str, done: set) -> list[tuple[str, str, tuple]]:
        """Steps (with their own prerequisites) that meet ``need``: a stage, or a credential via an awarder."""
        estimates = self._estimates(need, done)
        return self._expand(need, required_by, set(done), estimates, with_root=True)

    def _children(self, node: str, done, candidates: set, root: bool = False):
        """What planning ``node`` may have to plan first; adds the stages that a choice may pick to ``candidates``."""
        if not root and (node in self.avoid or node in done):
            return ()
        if self.p.is_credential(node):
            awarders = [a for a in self._ways(node) if a not in self.avoid]
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
        plan it needs on its own from ``done``). Raises PrerequisiteCycleError on a cycle.

        Kept per root and ``done``: a reach and the completion of its routes ask again and again."""
        key = (root, frozenset(done))
        if key not in self._estimated:
            self._estimated[key] = self._estimate(root, done)
        return self._estimated[key]

    def _estimate(self, root: str, done) -> dict[str, tuple[str | None, tuple[str, ...]]]:
        # A node whose search met no loop (nor a node that did) is "settled": its estimate and those
        # below it are the same whatever is being planned, so they are kept for every later plan from
        # the same ``done`` and not searched again. An estimate that skipped a stage still being
        # planned depends on that plan and is not kept.
        state_key = frozenset(done)
        if state_key not in self._settled:
            self._settled[state_key] = self._inherited(state_key)
        settled_estimates, settled = self._settled[state_key]
        candidates: set = set()
        state = {root: "open"}
        path = [root]
        stack = [iter(self._children(root, done, candidates, root=True))]
        order = []
        unsettled: set = set()
        while stack:
            for child in stack[-1]:
                if child in settled:
                    continue
                seen = state.get(child)
                if seen == "open":
                    loop = path[path.index(child):]
                    if any(self.p.is_credential(n) for n in loop):
                        # a credential met through a step that needs it: that step is no way to it
                        # (a subspecialty certificate that requires a board certificate); other
                        # awarders may be, and planning skips the ones still being planned
                        unsettled.update(path)
                        continue
                    cycle = loop
                    names = " -> ".join(self.p.label(n) for n in (*cycle, cycle[0]))
                    raise PrerequisiteCycleError(f"prerequisite cycle: {names}")
                if seen is None:
                    state[child] = "open"
                    path.append(child)
                    stack.append(iter(self._children(child, done, candidates)))
                    break
                if child in unsettled:
                    unsettled.update(path)
            else:
                stack.pop()
                node = path.pop()
                state[node] = "closed"
                order.append(node)
        # a stage searched here (the root, a stage still being planned when a loop met it) is priced
        # afresh, as if nothing had been kept
        estimates = {node: value for node, value in settled_estimates.items() if node not in state}
        # settled stages first (what they need is settled too), then descendants before ancestors, so
        # every choice inside a plan is already priced
        for node in [*(n for n in candidates if n in settled and n not in estimates),
                     *(n for n in order if n in candidates)]:
            try:
                plan = self._expand(node, None, set(done), estimates, with_root=True)
                estimates[node] = (None, tuple(entry[0] for entry in plan))
            except Blocked as exc:
                estimates[node] = (str(exc), ())
        rooted_apart = root in done or root in self.avoid  # searched as a root, it was not cut short
        newly = [node for node in order if node not in unsettled and not (node == root and rooted_apart)]
        newly += [node for node in candidates if node in settled and node not in settled_estimates]
        # kept for this state and for the smaller states it grew from, where what was added since
        # cannot reach them, so that the other states grown from those find them too
        while True:
            for node in newly:
                settled.add(node)
                if node in estimates:
                    settled_estimates.setdefault(node, estimates[node])
            if state_key not in self._bases:
                return estimates
            state_key, affected = self._bases[state_key]
            settled_estimates, settled = self._settled[state_key]
            newly = [node for node in newly if node not in affected]

    def _inherited(self, done: frozenset) -> tuple[dict, set]:
        """What is settled from a smaller state that ``done`` grows: the stages whose search cannot
        meet anything done since (a reach completes many routes from one state)."""
        bases = [state for state in self._settled if state <= done]
        if not bases:
            return {}, set()
        base = max(bases, key=len)
        estimates, settled = self._settled[base]
        affected = self._depending_on(done - base)
        self._bases[done] = (base, affected)
        return ({node: value for node, value in estimates.items() if node not in affected},
                {node for node in settled if node not in affected})

    def _depending_on(self, changed) -> set:
        """The nodes whose planning may look at one of ``changed`` (nodes, credentials, or "requires
        one of" groups recorded as met): they and everything that plans them."""
        found: set = set()
        for node in changed:
            found |= self.p.planned_with(node)
        return found

    def _price(self, ids, done) -> tuple:
        """How an option is chosen: least time first (minimum, then maximum years), then fewest steps,
        then the ranking's cost, whatever the ranking (an advisor does not add a second medical degree
        to save an exam)."""
        years, entries, low, high, count, cost = self.p.years, self.p.entry_years, 0, 0, 0, 0.0
        for node in ids:  # one pass: prices are compared thousands of times per plan
            if node not in done:
                length = years[node] if node not in entries else self.p.length(node, {*done, *ids})
                low += length[0]
                high += length[1]
                count += 1
                cost += self.node_cost(node)
        return round(low, 6), round(high, 6), count, cost

    def _way(self, need: str, required_by: str, done, estimates, busy=frozenset()) -> tuple[tuple | None, str]:
        """The stage to take for ``need``: itself (unpriced), or for a credential the cheapest stage
        that awards it, with its price. A stage being planned (``busy``) does not meet a credential
        it needs itself: a subspecialty certificate that requires a board certificate is no way to it."""
        if need in self.avoid:
            raise Blocked(f"{self.p.label(required_by)} requires {self.p.label(need)}, which is avoided")
        if not self.p.is_credential(need):
            return None, need
        awarders = [a for a in self._ways(need) if a not in self.avoid and a not in busy]
        if not awarders:
            avoided = [a for a in self._ways(need) if a in self.avoid]
            why = f"which only avoided steps award ({', '.join(self.p.label(a) for a in avoided)})" if avoided \
                else "which is awarded only by steps that need it first" if self.p.awarded_by.get(need) \
                else "which nothing in the graph awards"
            raise Blocked(f"{self.p.label(required_by)} requires {self.p.label(need)}, {why}")
        return self._cheapest(awarders, done, estimates)

    def _ways(self, credential: str) -> list[str]:
        """The stages that award ``credential`` without requiring it: one that requires it (a
        subspecialty certificate that requires a board certificate) is never the way to it."""
        ways = self._way_cache.get(credential)
        if ways is None:
            ways = self._way_cache[credential] = [a for a in self.p.awarded_by.get(credential, ())
                                                  if credential not in self.p.requires.get(a, ())]
        return ways

    def _cheapest(self, stages, done, estimates) -> tuple[tuple, str]:
        priced, reasons = [], []
        for stage in stages:
            # a stage not yet priced is still being planned: taking it would go round in a circle
            reason, ids = estimates.get(stage, ("it is awarded only by steps that need it first", ()))
            if reason is None:
                priced.append((stage not in self.prefer, self._price(ids, done), stage not in self._usual_pathway, stage))
            else:
                reasons.append(reason)
        if not priced:
            raise Blocked("; ".join(reasons))
        _, price, _, stage = min(priced)
        return price, stage

    def _choose(self, node: str, group, done, estimates, busy) -> str:
        """The option of ``node``'s ``group`` that costs least on top of ``done``."""
        priced, reasons = [], []
        for option in group:
            try:
                price, stage = self._way(option, node, done, estimates, busy)
                if price is None:
                    reason, ids = estimates[option]
                    if reason is not None:
                        raise Blocked(reason)
                    price = self._price(ids, done)
                priced.append((stage not in self.prefer, price, stage not in self._usual_pathway, option))
            except Blocked as exc:
                reasons.append(str(exc))
        if not priced:
            names = ", ".join(self.p.label(o) for o in group)
            raise Blocked(f"{self.p.label(node)} requires one of {names}, and none can be met "
                           f"({'; '.join(reasons)})")
        return min(priced)[3]

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


__all__ = ["BY", "USUAL_ENTRY", "Blocked", "PrerequisitePlanner"]
