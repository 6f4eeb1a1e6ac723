"""The results of route finding: steps on a timeline, routes, requirement plans and next options."""

from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of graduate medical education: the first of them on a schedule starts PGY-1.
TRAINING_KINDS = frozenset({"residency", "fellowship", "preliminary-year", "training"})


@dataclass(frozen=True)
class Step:
    """One step of a route or requirement plan, with when it happens (years from now, after what is held, as ranges)."""

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


def elapsed(steps) -> dict:
    """The elapsed time of a schedule: its latest end, at least and at most."""
    if steps and all(s.end_years for s in steps):
        return {"min": tidy(max(s.end_years["min"] for s in steps)),
                "max": tidy(max(s.end_years["max"] for s in steps))}
    low = sum((s.years or {}).get("min", 0) for s in steps)
    high = sum((s.years or {}).get("max", 0) for s in steps)
    return {"min": tidy(low), "max": tidy(high)}



def tidy(number):
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
        return elapsed(self.steps)

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
        return elapsed(self.steps)

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

    @property
    def rank(self) -> tuple:
        """The order options are listed in: stated progressions first, then by kind and label."""
        return self.relation != "leadsTo", self.type, self.label.casefold()

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "type": self.type, "years": self.years, "relation": self.relation}



__all__ = ["TRAINING_KINDS", "Step", "Route", "RequirementPlan", "NextOption", "elapsed", "tidy"]
