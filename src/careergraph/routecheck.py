"""What keeps a completed route from being one an advisor would sign, though every step on it has what
it needs: training it does not need, and training taken after a stage it is the way into."""

from __future__ import annotations

from .steps import TRAINING_KINDS


def needless_training(p, steps, done, keep) -> bool:
    """Whether a stage with a length could be left out and every step still have what it needs
    (a residency taken only for a credential that a later residency gives anyway)."""
    on_route = {s.id for s in steps}

    def met(need, without, needer):
        # a stage never gives itself what it requires (a residency that awards the PGY-1 it asks for)
        if need in done or (need in on_route and need != without):
            return True
        return any(a in on_route and a not in (without, needer) for a in p.awarded_by.get(need, ()))

    for stage in on_route - keep:
        if not any(p.years[stage]) or p.kind(stage) == "career":
            continue
        needed = any(
            not all(met(need, stage, other) for need in p.requires.get(other, ()))
            or not all(any(met(option, stage, other) for option in group) for group in p.one_of.get(other, ()))
            for other in on_route if other != stage)
        if not needed:
            return True
    return False


def training_out_of_order(p, steps) -> bool:
    """Whether a stage comes before training that is one of its ways in, directly or through the
    stages it opens (an emergency medicine residency after a surgical critical care fellowship,
    which EM graduates enter through a preliminary surgery year; the certificate needs both, the
    fellowship after the residency)."""
    order = [s.id for s in steps]
    for i, stage in enumerate(order):
        later = {n for n in order[i + 1:] if p.kind(n) in TRAINING_KINDS}
        if later and later & _ways_in(p, stage, set()):
            return True
    return False


def _ways_in(p, stage, seen: set) -> set:
    """The training ``stage`` requires or names in a ``requires one of`` group, and their ways in,
    transitively."""
    found = set()
    for option in (*p.requires.get(stage, ()), *(o for group in p.one_of.get(stage, ()) for o in group)):
        if option not in seen and p.kind(option) in TRAINING_KINDS:
            seen.add(option)
            found |= {option, *_ways_in(p, option, seen)}
    return found


__all__ = ["needless_training", "training_out_of_order"]
