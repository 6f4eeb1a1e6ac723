"""Specialties or careers side by side, each on its best route from the start of medical school:
total years, training, exams, boards, certifications, fellowships that open after, care type,
salary and NRMP Match figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import routes
from .errors import BadInputError
from .steps import TRAINING_KINDS

# Where a comparison starts: the start of medical school.
COMPARE_FROM = "US MD student"
COMPARABLE_KINDS = frozenset({"residency", "fellowship", "preliminary-year", "training", "career"})


@dataclass(frozen=True)
class ComparedItem:
    """One specialty or career: its route from the start of medical school and what follows it."""

    node: dict
    total_years: dict
    training: tuple[dict, ...]
    exams: tuple[str, ...]
    boards: tuple[str, ...]
    certifications: tuple[str, ...]
    fellowships_after: tuple[str, ...]
    care_type: tuple[str, ...]
    career_category: str | None
    salary: tuple[dict, ...]
    match: tuple[dict, ...]

    def to_dict(self) -> dict:
        return {"node": self.node, "total_years": self.total_years, "training": list(self.training),
                "exams": list(self.exams), "boards": list(self.boards), "certifications": list(self.certifications),
                "fellowships_after": list(self.fellowships_after), "care_type": list(self.care_type),
                "career_category": self.career_category, "salary": list(self.salary), "match": list(self.match)}


@dataclass(frozen=True)
class Comparison:
    start: dict
    items: tuple[ComparedItem, ...]

    def to_dict(self) -> dict:
        return {"from": self.start, "items": [i.to_dict() for i in self.items]}


def compare(kg, names, *, start: str = COMPARE_FROM) -> Comparison:
    """Specialties or careers side by side, each on its best route from ``start``."""
    if len(names) < 2:
        raise BadInputError("compare needs at least two specialties or careers")
    refs = [kg.node(n) for n in names]
    seen = set()
    for ref in refs:
        if ref.type not in COMPARABLE_KINDS:
            raise BadInputError(f"{ref.label} ({ref.type}) is not a specialty or a career: compare residencies, "
                                "fellowships or careers")
        if ref.id in seen:
            raise BadInputError(f"{ref.label} is named twice")
        seen.add(ref.id)
    origin = kg.node(start)
    planner = routes.planner(kg)
    p = kg.compiled().projection
    profiles = kg.compiled().profiles
    none: dict[str, Any] = {"boards": [], "care_type": [], "career_category": None, "salary": [], "match": []}
    items = []
    for ref in refs:
        route = kg.route(origin.id, ref.id)
        trainings = [s for s in route.steps if s.type in TRAINING_KINDS and s.years]
        boards = sorted({b for s in route.steps if s.type in TRAINING_KINDS | {"certification"}
                         for b in profiles.get(s.id, none)["boards"]})
        last = trainings[-1].id if trainings else ref.id
        after = sorted({o.label for o in planner.next_options(last) if o.type == "fellowship"})
        # a career's own care type; a training stage's, the care types of the careers it leads to
        careers = [ref.id] if ref.type == "career" else \
            [v for v, derived in p.succ.get(ref.id, {}).items() if not derived and p.kind(v) == "career"]
        care = sorted({c for career in careers for c in profiles.get(career, none)["care_type"]})
        own = profiles.get(ref.id, none)
        # a career's Match figures are those of the residency its route enters through the Match
        entered: list = own["match"] or next((profiles.get(s.id, none)["match"] for s in route.steps
                                        if s.type == "residency"), [])
        items.append(ComparedItem(
            ref.to_dict(), route.total_years,
            tuple({"id": s.id, "label": s.label, "years": s.years} for s in trainings),
            tuple(s.label for s in route.steps if s.type == "exam"), tuple(boards),
            tuple(s.label for s in route.steps if s.type == "certification"), tuple(after), tuple(care),
            own["career_category"], tuple(own["salary"]), tuple(entered)))
    return Comparison(origin.to_dict(), tuple(items))


__all__ = ["COMPARE_FROM", "ComparedItem", "Comparison", "compare"]
