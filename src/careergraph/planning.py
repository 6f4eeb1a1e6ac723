"""Dated plans on the annual cycle.

A plan is a route placed on the calendar from a start month: stages follow one another, graduate
medical education starts on the day the graph gives (``cg:marksStart``: 1 July), and the steps with
``cg:calendar`` events (ERAS, the Match, fellowship matches, board examinations) get the dates of
their events in the year of the training they lead into or follow. The plan follows the shortest
schedule of its route.
"""

from __future__ import annotations

import calendar as month_days
import re
from dataclasses import dataclass
from datetime import date, timedelta

from . import routes
from .errors import BadInputError
from .projection import TRAINING_END
from .schedule import held_training_years
from .steps import TRAINING_KINDS, Route


# ------------------------------------------------------------------ dates

def parse_start(text: str) -> date:
    """``"2026-08"`` as the first day of that month; anything else is a BadInputError."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(text))
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1900 <= int(match.group(1)) <= 2200:
        raise BadInputError(f"impossible start date {text!r}: use YYYY-MM, e.g. 2026-08 (month 01-12)")
    return date(int(match.group(1)), int(match.group(2)), 1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, month_days.monthrange(year, month + 1)[1]))


def _months(years: float) -> int:
    return round(years * 12)


def _month_end(year: int, month: int) -> date:
    return date(year, month, month_days.monthrange(year, month)[1])


@dataclass(frozen=True)
class CalendarEvent:
    """A date or window of the annual cycle, as the graph gives it (see graph/data/calendar.ttl)."""

    label: str
    month: int
    day: int | None
    end_month: int | None
    end_day: int | None
    year_offset: int
    end_year_offset: int | None
    anchor: str  # "start" or "end"
    marks_start: bool = False

    def dates(self, anchor_year: int) -> tuple[date, date]:
        year = anchor_year + self.year_offset
        first = date(year, self.month, min(self.day or 1, month_days.monthrange(year, self.month)[1]))
        end_year = anchor_year + (self.end_year_offset if self.end_year_offset is not None else self.year_offset)
        end_month = self.end_month or self.month
        if self.end_day is not None:
            last = date(end_year, end_month, min(self.end_day, month_days.monthrange(end_year, end_month)[1]))
        elif self.day is not None and self.end_month is None:
            last = date(end_year, end_month, first.day)
        else:
            last = _month_end(end_year, end_month)
        return first, last


def calendar_events(kg, ids) -> dict[str, list[CalendarEvent]]:
    """The calendar events of each node of ``ids`` that has some (node id -> events)."""
    table = kg.compiled().calendar
    return {i: [CalendarEvent(*e) for e in table[i]["events"]] for i in ids if i in table}


# ------------------------------------------------------------------ plan

@dataclass(frozen=True)
class PlanEvent:
    """One dated row of a plan: a stage (start to end), a window, or a day."""

    start: date
    end: date
    label: str
    step: str
    step_label: str
    type: str
    sources: tuple[str, ...] = ()
    note: str = ""

    def to_dict(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label,
                "step": self.step, "step_label": self.step_label, "type": self.type,
                "sources": list(self.sources), "note": self.note}


@dataclass(frozen=True)
class Plan:
    """A route as a dated calendar from ``start`` (the first day of a month)."""

    route: Route
    start: date
    events: tuple[PlanEvent, ...]

    def to_dict(self) -> dict:
        return {"from": self.route.source, "to": self.route.target, "start": self.start.isoformat()[:7],
                "events": [e.to_dict() for e in self.events], "total_years": self.route.total_years,
                "steps": [s.to_dict() for s in self.route.steps]}


def _nearest(day: date, month: int, dom: int) -> date:
    """The date of (month, dom) nearest to ``day`` (the later one on a tie)."""
    options = [date(day.year + k, month, dom) for k in (-1, 0, 1)]
    return min(options, key=lambda d: (abs((d - day).days), -d.toordinal()))


def plan(kg, source: str, target: str, start: str | date, **route_options) -> Plan:
    """The best route from ``source`` to ``target`` (options as :meth:`KnowledgeGraph.route`) on the
    calendar from ``start`` ("YYYY-MM")."""
    first = start if isinstance(start, date) else parse_start(start)
    route = kg.route(source, target, **route_options)
    steps = route.steps
    events = calendar_events(kg, [s.id for s in steps])
    start_day = _start_day(kg)
    sources = {i: tuple(kg.compiled().calendar[i]["sources"]) for i in events}
    timing = kg.compiled().projection.timing
    have = [routes.stage(kg, n).id for n in route_options.get("have") or ()]
    # held training (FROM too, when the route begins after it) began graduate medical education before
    # the start, on the shortest schedule
    held, _ = routes.planner(kg).starting_point(routes.stage(kg, source).id, have)
    held_years = held_training_years(kg.compiled().projection, held)[0]
    gme_start = add_months(first, -_months(held_years)) if held_years else None

    # pass 1: stages, with training starts on the start day of the cycle
    shift = 0  # months the calendar moved the schedule (a start on 1 July instead of the nominal month)
    spans: dict[int, tuple[date, date]] = {}
    last_end = None
    pending: list[CalendarEvent] = []  # events of steps waiting for the next training start
    shifts = []
    for i, step in enumerate(steps):
        shifts.append(shift)
        years = step.years or {}
        if step.type in TRAINING_KINDS and years:
            nominal = add_months(first, _months(step.start_years["min"]) + shift)
            begin = _nearest(nominal, *start_day) if start_day else nominal
            cycle = pending + [e for e in events.get(step.id, ()) if e.anchor == "start"]
            # a cycle is followed from its beginning: none of its dates or windows may be over at the start
            while cycle and min(e.dates(begin.year)[1] for e in cycle) < first:
                begin = date(begin.year + 1, begin.month, begin.day)
            shift += (begin.year - nominal.year) * 12 + begin.month - nominal.month
            if last_end is not None and spans[last_end][1] >= begin:  # graduation comes before the start
                spans[last_end] = (spans[last_end][0], begin - timedelta(days=1))
            spans[i] = (begin, add_months(begin, _months(years["min"])) - timedelta(days=1))
            last_end, pending = i, []
        elif years:
            begin = add_months(first, _months(step.start_years["min"]) + shift)
            spans[i] = (begin, add_months(begin, _months(years["min"])) - timedelta(days=1))
            last_end = i
        else:
            pending += [e for e in events.get(step.id, ()) if e.anchor == "start"]

    training = [i for i in spans if steps[i].type in TRAINING_KINDS]
    rows: list[tuple[date, int, PlanEvent]] = []
    for i, step in enumerate(steps):
        note = step.why
        if i in spans:
            if step.type == "fellowship" and not any(e.anchor == "start" for e in events.get(step.id, ())):
                note = (note + "; " if note else "") + "its fellowship match keeps its own calendar (not in the graph)"
            rows.append((spans[i][0], i, PlanEvent(*spans[i], step.label, step.id, step.label, step.type,
                                                   note=note)))
        for event in events.get(step.id, ()):
            anchor = _anchor(event, i, steps, spans, training, kg)
            if anchor is None:
                continue
            begin, end = event.dates(anchor.year)
            rows.append((begin, i, PlanEvent(begin, end, event.label, step.id, step.label, step.type,
                                             sources.get(step.id, ()))))
        if i not in spans and not events.get(step.id):
            begin, end = _window(i, steps, first, shifts[i], spans, training, timing, gme_start)
            rows.append((begin, i, PlanEvent(begin, end, step.label, step.id, step.label, step.type,
                                             note=step.when if begin != end else note)))
    rows.sort(key=lambda r: (r[0], r[1]))
    return Plan(route, first, tuple(row for *_, row in rows))


def _start_day(kg) -> tuple[int, int] | None:
    """(month, day) graduate medical education stages start on: the event that marks it in the
    graph (1 July, on the Main Residency Match's calendar), or None when the graph has none."""
    for entry in kg.compiled().calendar.values():
        for event in entry["events"]:
            event = CalendarEvent(*event)
            if event.marks_start:
                return event.month, event.day or 1
    return None


def _anchor(event, index, steps, spans, training, kg) -> date | None:
    """The date whose year an event is counted from: the next training start, or the end of the
    training the step requires (else the last training before it)."""
    if event.anchor == "start":
        later = [i for i in training if i >= index]
        return spans[later[0]][0] if later else None
    required = set(kg.compiled().projection.requires.get(steps[index].id, ()))
    ends = [i for i in training if steps[i].id in required] or [i for i in training if i < index]
    return spans[ends[-1]][1] if ends else None


def _window(index, steps, first, shift, spans, training, timing, gme_start=None) -> tuple[date, date]:
    """When a step without calendar events happens: its timing window in the graph, placed on the
    dated stages (or on ``gme_start``, when held training began graduate medical education before
    the plan, and no earlier than the plan's first day); else from when the steps before it are
    done until the next training starts."""
    step = steps[index]
    if step.id in timing:
        anchors, early, late, _ = timing[step.id]
        for anchor in anchors:
            if anchor == TRAINING_END:
                ends = [spans[i][1] + timedelta(days=1) for i in training if i < index]  # the day after
                base = max(ends) if ends else first if gme_start is not None else None
                if base is not None:
                    return add_months(base, _months(early)), add_months(base, _months(late))
                continue
            if anchor == "GME" and gme_start is not None:
                begin = max(first, add_months(gme_start, _months(early)))
                return begin, max(begin, add_months(gme_start, _months(late)))
            base = next((spans[i][0] for i in (training if anchor == "GME" else spans)
                         if anchor == "GME" or steps[i].id == anchor), None)
            if base is not None:
                return add_months(base, _months(early)), add_months(base, _months(late))
    begin = add_months(first, _months(step.start_years["min"]) + shift)
    following = [spans[i][0] for i in training if i > index]
    return begin, max(begin, following[0] - timedelta(days=1)) if following else begin


__all__ = ["CalendarEvent", "Plan", "PlanEvent", "add_months", "calendar_events", "parse_start", "plan"]
