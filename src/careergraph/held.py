"""What holding a stage implies: the way it was entered, and where a route after it begins.

A held residency or fellowship brings the steps of the best route into it from a starting profile
(its degree and entry exams), so that later requirements choose the options that go with them; a
route from such a stage begins after it, as if it were held.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from .errors import PrerequisiteCycleError
from .prerequisites import USUAL_ENTRY, Blocked, PrerequisitePlanner
from .steps import TRAINING_KINDS, Step

__all__ = ["ENTRY_CANDIDATES", "EntryPlanner"]

# Paths tried per profile when working out how a held stage was entered.
ENTRY_CANDIDATES = 20


class EntryPlanner(PrerequisitePlanner):
    """A :class:`PrerequisitePlanner` that knows how held stages were entered; the route search it
    uses for that is :class:`~careergraph.routes.Planner`'s."""

    _paths: Callable[[str, str, set], Iterator[list[str]]]
    complete: Callable[[list[str], set], tuple[list[Step], float]]

    def __init__(self, projection, by: str = "years", avoid=(), prefer=()):
        super().__init__(projection, by, avoid, prefer)
        self._closures: dict[tuple, set] = {}

    def closure(self, nodes, start: str | None = None) -> set:
        """What holding ``nodes`` implies (see :meth:`PrerequisitePlanner.closure`) and, for a held
        stage of graduate medical education, the way it was entered: the steps of the best route to
        it from a starting profile, so that its degree and entry exams are held and later
        requirements choose the options that go with them (USMLE Step 3 after an MD, not a DO
        programme). The profile is ``start`` when given, else the one whose route takes the most of
        what is held, else :data:`USUAL_ENTRY`."""
        key = (tuple(nodes), start)
        if key not in self._closures:
            self._closures[key] = self._entered(nodes, start)
        return set(self._closures[key])

    def starting_point(self, source: str, have=()) -> tuple[set, str]:
        """What is done when a route from ``source`` begins, with ``have`` held, and the node its search
        starts from when nothing follows ``source``. A route from graduate medical education (a
        residency, a fellowship) begins after it: it is held like ``have``, and a step entered on its
        own requirements (not by a progression from it) is searched from the profile it was entered
        from (see :meth:`closure`), through what is done at no cost. A route from any other step
        (a profile, medical school, an exam) begins with it."""
        kind = self.p.kind(source)
        if kind == "profile":
            done = self.closure(have, source)
            self.mark(done, source)
            return done, source
        if kind not in TRAINING_KINDS:
            return self.closure(have), source
        done = self.closure([source, *have])
        return done, min((n for n in done if isinstance(n, str) and self.p.kind(n) == "profile"), default=source)

    def _entered(self, nodes, start) -> set:
        held = super().closure(nodes)
        # a held certificate was earned by training too: its way in is held as a stage's is
        stages = [n for n in nodes if self.p.kind(n) in TRAINING_KINDS or self.p.kind(n) == "certification"]
        if not stages:
            return held
        start = start or next((n for n in nodes if self.p.kind(n) == "profile"), None)
        profiles = [start] if start else sorted((n for n in self.p.years if self.p.kind(n) == "profile"),
                                                key=lambda n: (n != USUAL_ENTRY, n))
        best = None
        for rank, profile in enumerate(profiles):
            entry = set(held)
            self.mark(entry, profile)
            taken = []
            for stage in stages:
                steps = self._entry_steps(profile, stage, entry)
                if steps is None:
                    break
                taken += steps
            else:
                uses = len(({s.id for s in taken} | {c for s in taken for c in self.p.awards.get(s.id, ())}) & held)
                if best is None or (-uses, rank) < best[0]:
                    best = ((-uses, rank), entry)
        return best[1] if best else held

    def _entry_steps(self, profile, stage, done) -> list[Step] | None:
        """The steps of the best route from ``profile`` to the held ``stage`` (marked in ``done``),
        without the certification usual after it; None when there is none."""
        for path in itertools.islice(self._paths(profile, stage, done), ENTRY_CANDIDATES):
            try:
                steps, _ = self.complete(path, done)
            except (Blocked, PrerequisiteCycleError):
                continue
            steps = [s for s in steps if not s.usual]
            for step in steps:
                self.mark(done, step.id)
            return steps
        return None
