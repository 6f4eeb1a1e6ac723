"""Steps on a timeline: when each step of a route or requirement plan happens.

Stages with a length follow one another; a step with a timing window in the graph (``cg:timing``)
happens in it; any other step happens when its prerequisites on the schedule are done. Held
training (``--have``) has already elapsed: times are years from now, postgraduate years continue
from the held ones, and a window that has passed adds no time.
"""

from __future__ import annotations

from dataclasses import replace

from .projection import GME, TRAINING_END
from .steps import TRAINING_KINDS, Step, tidy


def scheduled_needs(p, node: str, scheduled) -> list[str]:
    """The prerequisites of ``node`` among ``scheduled`` steps (a credential by the steps that award it)."""
    needs = [*p.requires.get(node, ()), *(o for group in p.one_of.get(node, ()) for o in group)]
    found = []
    for need in needs:
        if need in scheduled:
            found.append(need)
        elif p.is_credential(need):
            found += [a for a in p.awarded_by.get(need, ()) if a in scheduled]
    return found


def _prerequisite_times(p, node: str, done_at: dict) -> list:
    """When the prerequisites of ``node`` that are on the schedule are done."""
    return [done_at[need] for need in scheduled_needs(p, node, done_at)]


def held_training_years(p, held) -> tuple[float, float]:
    """The graduate medical education already done: the lengths of the held training stages (the
    way in that holding them implies included), at least and at most."""
    stages = [n for n in held if isinstance(n, str) and n in p.years and p.kind(n) in TRAINING_KINDS]
    lengths = [p.length(n, held) for n in stages]
    return sum(low for low, _ in lengths), sum(high for _, high in lengths)


def _training_end(p, steps: list[Step], node: str, done_at: dict, held_training: bool):
    """When the training on the schedule that does not need ``node`` ends, at the earliest and the
    latest (a fellowship is training, not the practice a board asks for): now when only held
    training precedes it, None when there is no training."""
    ends = [done_at[s.id] for s in steps if p.kind(s.id) in TRAINING_KINDS and s.id in done_at
            and not scheduled_needs(p, s.id, {node})]
    if ends:
        return max(e[0] for e in ends), max(e[1] for e in ends)
    return (0.0, 0.0) if held_training else None


def schedule(p, steps: list[Step], held=()) -> list[Step]:
    """The steps on a timeline, in the order a person meets them.

    Stages with a length follow one another. A step with a timing in the graph happens in its
    window (relative to a stage on the schedule, to the start of graduate medical education, or to
    the end of the training before it),
    from the window's opening on the shortest schedule to its close on the longest. Any other
    step happens when its prerequisites on the schedule are done (a board certification when its
    training ends), now when what it requires is held, or else when the steps listed before it
    are. Times are years from now, each a (min, max) range; a step without a length starts and
    ends at once. Training in ``held`` (what is done, e.g. :meth:`~careergraph.routes.Planner.closure`)
    started graduate medical education that many years ago, so a window it has passed happens now.
    """
    cursor = (0.0, 0.0)
    done_low, done_high = held_training_years(p, held)
    gme = (-done_low, -done_high) if done_high else None
    starts: dict[str, tuple[float, float]] = {}
    done_at: dict[str, tuple[float, float]] = {}  # step id -> when it is done
    spans: list = [None] * len(steps)
    reached = []  # the cursor when each step is reached, in the planner's order
    for i, step in enumerate(steps):
        reached.append(cursor)
        low, high = (step.years or {}).get("min", 0), (step.years or {}).get("max", 0)
        if low or high:
            if gme is None and p.kind(step.id) in TRAINING_KINDS:
                # training starts only after the application cycle before it (ERAS, the Match)
                lead = max((-p.timing[s.id][1] for s in steps[:i]
                            if GME in p.timing.get(s.id, ((),))[0]), default=0.0)
                cursor = (max(cursor[0], lead), max(cursor[1], lead))
                gme = cursor
            starts[step.id] = cursor
            spans[i] = (cursor, (cursor[0] + low, cursor[1] + high))
            cursor = done_at[step.id] = spans[i][1]
    labels = [""] * len(steps)
    for i, step in enumerate(steps):
        if spans[i] is not None:
            continue
        anchors, early, late, label = p.timing.get(step.id, ((), 0, 0, ""))
        times = (gme if a == GME else _training_end(p, steps, step.id, done_at, bool(done_high)) if a == TRAINING_END
                 else starts.get(a) for a in anchors)
        base = next((t for t in times if t is not None), None)
        needs = _prerequisite_times(p, step.id, done_at)
        if base is not None:
            # an event takes no time: it happens somewhere in its window, at the earliest and the
            # latest, not before the start nor before the events it needs (the window already
            # says how far into a stage it comes, e.g. a licence after the first GME year)
            before = _prerequisite_times(p, step.id, {k: v for k, v in done_at.items() if k not in starts})
            at = (max(base[0] + early, 0.0, *(t[0] for t in before)),
                  max(base[1] + late, 0.0, *(t[1] for t in before)))
            # a window already passed on the longest schedule (a licence after PGY-1, for a resident
            # who has finished) is usual timing, not time still ahead
            labels[i] = label if base[1] + late > 0 else f"now (usually {label})"
        elif needs:
            at = (max(t[0] for t in needs), max(t[1] for t in needs))
        elif any(need in held for need in p.requires.get(step.id, ())):
            at = (0.0, 0.0)  # all it needs is held (a board certificate after a held residency): now
        else:
            at = reached[i]
        spans[i] = (at, at)
        done_at[step.id] = at
    # an event comes no later than the steps that need it (Step 3 before an H-1B visa, the visa
    # before training starts), latest first so that a cap passes down a chain
    position = {step.id: i for i, step in enumerate(steps)}
    for i in reversed(range(len(steps))):
        for need in scheduled_needs(p, steps[i].id, position):
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
        when = labels[i] or when_text(p.kind(steps[i].id), spans[i], gme)
        why = steps[i].why or (f"required by {p.label(steps[i].required_by)}"
                               if steps[i].required_by in p.info else "")
        scheduled.append(replace(steps[i], start_years={"min": tidy(s0), "max": tidy(s1)},
                                 end_years={"min": tidy(e0), "max": tidy(e1)}, when=when, why=why))
    return scheduled


def when_text(kind: str, span, gme) -> str:
    """When a step happens, in words: postgraduate years inside GME, else years from the start."""
    (s0, s1), (e0, e1) = span
    if gme is not None and kind in TRAINING_KINDS:
        first, last = tidy(s0 - gme[0] + 1), tidy(e0 - gme[0])
        text = f"PGY-{first}" if first == last else f"PGY-{first}\u2013PGY-{last}"
        late_first, late_last = tidy(s1 - gme[1] + 1), tidy(e1 - gme[1])
        if (late_first, late_last) != (first, last):
            late = f"PGY-{late_first}" if late_first == late_last else f"PGY-{late_first}\u2013PGY-{late_last}"
            text += f" (up to {late})"
        return text
    if (s0, s1) != (e0, e1):
        text = f"years {tidy(s0 + 1)}\u2013{tidy(e0)}"
        return text + (f" (up to {tidy(s1 + 1)}\u2013{tidy(e1)})" if (s1, e1) != (s0, e0) else "")
    if gme is None and s1 == 0:
        return "now"
    if gme is None:
        return f"year {tidy(s0)}" + (f"\u2013{tidy(s1)}" if s1 != s0 else "")
    if s0 <= gme[0]:
        return "before PGY-1"
    return f"after PGY-{tidy(s0 - gme[0])}" + (f" (up to PGY-{tidy(s1 - gme[1])})" if s1 - gme[1] != s0 - gme[0] else "")


__all__ = ["held_training_years", "schedule", "scheduled_needs", "when_text"]
