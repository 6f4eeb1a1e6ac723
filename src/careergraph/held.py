"""What holding a stage implies: the way it was entered, and where a route after it begins.

A held residency or fellowship brings the steps of the best route into it from a starting profile
(its degree and entry exams), so that later requirements choose the options that go with them; a
route from such a stage begins after it, as if it were held. A career is held the same way: an
internist holds an internal medicine residency and, where it is the usual standard of the career,
its board certificate.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from .errors import BadInputError, PrerequisiteCycleError
from .prerequisites import USUAL_ENTRY, Blocked, PrerequisitePlanner
from .steps import TRAINING_KINDS, NextOption, Step

__all__ = ["ENTRY_CANDIDATES", "EntryPlanner"]

# Paths tried per profile when working out how a held stage was entered.
ENTRY_CANDIDATES = 20
# What a route named from begins after (held, as with --have): graduate medical education and careers.
HELD_KINDS = TRAINING_KINDS | {"career"}


class EntryPlanner(PrerequisitePlanner):
    """A :class:`PrerequisitePlanner` that knows how held stages were entered; the route search it
    uses for that is :class:`~careergraph.routes.Planner`'s."""

    _paths: Callable[[str, str, set], Iterator[list[str]]]
    complete: Callable[[list[str], set], tuple[list[Step], float]]
    next_options: Callable[[str], list[NextOption]]

    def __init__(self, projection, by: str = "years", avoid=(), prefer=()):
        super().__init__(projection, by, avoid, prefer)
        self._closures: dict[tuple, set] = {}

    def closure(self, nodes, start: str | None = None) -> set:
        """What holding ``nodes`` implies (see :meth:`PrerequisitePlanner.closure`) and, for a held
        stage of graduate medical education, the way it was entered: the steps of the best route to
        it from a starting profile, so that its degree and entry exams are held and later
        requirements choose the options that go with them (USMLE Step 3 after an MD, not a DO
        programme). A held career brings the same: the steps of the best route to it, its usual
        board certificate included (an internist holds an internal medicine residency and ABIM
        certification), where the career says which training that is (see :meth:`_training_known`);
        else the training must be held too, or BadInputError says so. The profile is ``start`` when
        given, else the one whose route takes the most of what is held, else :data:`USUAL_ENTRY`."""
        key = (tuple(nodes), start)
        if key not in self._closures:
            self._closures[key] = self._entered(nodes, start)
        return set(self._closures[key])

    def starting_point(self, source: str, have=()) -> tuple[set, str]:
        """What is done when a route from ``source`` begins, with ``have`` held, and the node its search
        starts from when nothing follows ``source``. A route from graduate medical education (a
        residency, a fellowship) or from a career begins after it: it is held like ``have``, and a
        step entered on its own requirements (not by a progression from it; nothing follows a
        career) is searched from the profile it was entered from (see :meth:`closure`), through
        what is done at no cost. A route from any other step (a profile, medical school, an exam)
        begins with it."""
        kind = self.p.kind(source)
        if kind == "profile":
            done = self.closure(have, source)
            self.mark(done, source)
            return done, source
        if kind not in HELD_KINDS:
            return self.closure(have), source
        done = self.closure([source, *have])
        return done, min((n for n in done if isinstance(n, str) and self.p.kind(n) == "profile"), default=source)

    def _entered(self, nodes, start) -> set:
        careers = [n for n in nodes if self.p.kind(n) == "career"]
        known = [c for c in careers if self._training_known(c)]
        # a held certificate or career was earned by training too: its way in is held as a stage's is
        stages = [n for n in nodes if self.p.kind(n) in TRAINING_KINDS or self.p.kind(n) == "certification"
                  or n in known]
        if len(known) < len(careers) and not stages:
            raise BadInputError(self._which_training(next(c for c in careers if c not in known)))
        # a career's requirements are met on the way into it (its licence by a state licence, after
        # USMLE Step 3): they are held once that way is known
        held = super().closure([n for n in nodes if n not in careers])
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
        return (best[1] if best else held) | super().closure(careers)

    def _entry_steps(self, profile, stage, done) -> list[Step] | None:
        """The steps of the best route from ``profile`` to the held ``stage`` (marked in ``done``),
        without the certification usual after it unless ``stage`` is a career (practising it is
        holding its usual certificate); None when there is none."""
        for path in itertools.islice(self._paths(profile, stage, done), ENTRY_CANDIDATES):
            try:
                steps, _ = self.complete(path, done)
            except (Blocked, PrerequisiteCycleError):
                continue
            if self.p.kind(stage) != "career":
                steps = [s for s in steps if not s.usual]
            for step in steps:
                self.mark(done, step.id)
            return steps
        return None

    def _training_known(self, career: str) -> bool:
        """Whether holding ``career`` says which training was done: it requires a stage of graduate
        medical education (a cardiologist's fellowship), or it has one usual board certificate, which
        the quickest way to it earns (an internist's internal medicine residency). A primary care
        physician (four usual certificates) or a chief medical officer (any board certificate) does not."""
        return any(self.p.kind(n) in TRAINING_KINDS for n in self.p.requires.get(career, ())) \
            or sum(self.p.kind(c) == "certification" for c in self.p.typical.get(career, ())) == 1

    def _which_training(self, career: str) -> str:
        options = sorted({self.p.label(o) for group in self.p.one_of.get(career, ()) for o in group
                          if self.p.kind(o) in TRAINING_KINDS})
        named = f" ({', '.join(options[:3])}{', ...' if len(options) > 3 else ''})" if options else ""
        return (f"{self.p.label(career)} can follow different training{named}: "
                f"name the residency or fellowship held (as FROM, or with --have)")

    def continued_from(self, node: str, done) -> list[str]:
        """The stages a search for what follows ``node`` starts from: ``node`` itself or, for a career
        (which nothing follows), the training held in ``done`` (what holding it implies: an
        internist's internal medicine residency, a cardiologist's residency and fellowship)."""
        if self.p.kind(node) != "career":
            return [node]
        return sorted(n for n in done if isinstance(n, str) and self.p.kind(n) in TRAINING_KINDS)

    def options_after(self, node: str) -> list[NextOption]:
        """What can be entered after ``node`` (see :meth:`continued_from`), without what it holds;
        a stated progression from any of its stages wins over one implied by a requirement."""
        held = self.closure([node]) if self.p.kind(node) == "career" else set()
        found: dict[str, NextOption] = {}
        for stage in self.continued_from(node, held):
            for option in self.next_options(stage):
                if option.id not in held and (option.id not in found or option.rank < found[option.id].rank):
                    found[option.id] = option
        return sorted(found.values(), key=lambda option: option.rank)
