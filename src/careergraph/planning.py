"""Dated plans on the annual cycle, specialties side by side, and what is reachable within N years.

A plan is a route placed on the calendar from a start month: stages follow one another, graduate
medical education starts on the day the graph gives (``cg:marksStart``: 1 July), and the steps with
``cg:calendar`` events (ERAS, the Match, fellowship matches, board examinations) get the dates of
their events in the year of the training they lead into or follow. The plan follows the shortest
schedule of its route. A comparison puts the routes from the start of medical school to several
specialties or careers side by side; a reach lists what can be entered within some further years,
each with its shortest route.
"""

from __future__ import annotations

import calendar as month_days
import heapq
import re
from typing import Any
from dataclasses import dataclass
from datetime import date, timedelta

from . import vocab
from .errors import BadInputError, NoRouteError, PrerequisiteCycleError
from .routes import TRAINING_KINDS, Route, _Blocked, _total

CALENDAR, EVENT_LABEL, MONTH, DAY = vocab.cg("calendar"), vocab.cg("eventLabel"), vocab.cg("month"), vocab.cg("day")
END_MONTH, END_DAY, YEAR_OFFSET, END_YEAR_OFFSET = (vocab.cg("endMonth"), vocab.cg("endDay"), vocab.cg("yearOffset"),
                                                    vocab.cg("endYearOffset"))
ANCHOR, MARKS_START = vocab.cg("anchor"), vocab.cg("marksStart")
TRAINING_START, TRAINING_END = vocab.cg("TrainingStart"), vocab.cg("TrainingEnd")
# Where a comparison starts: the start of medical school.
COMPARE_FROM = "US MD student"
COMPARABLE_KINDS = frozenset({"residency", "fellowship", "preliminary-year", "training", "career"})


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


def _integer(value):
    return int(str(value)) if value is not None else None


CALENDAR_PREDICATES = (CALENDAR, EVENT_LABEL, MONTH, DAY, END_MONTH, END_DAY, YEAR_OFFSET, END_YEAR_OFFSET, ANCHOR,
                       MARKS_START)


def read_calendar(kg) -> dict:
    """Every node's calendar events (as plain tuples, the fields of :class:`CalendarEvent`) and the
    URLs of the sources behind them: node id -> {"events": [...], "sources": [...]}. Compiled into
    the cache with the look-up data, so a plan does not read the facts."""
    if kg.reads_piecemeal:
        from .facts import from_triples

        facts = from_triples(kg.triple_store.triples(CALENDAR_PREDICATES))
    else:
        facts = kg.core_facts
    nodes = [s for s, predicates in facts.by_subject.items() if CALENDAR in predicates and s in kg.kinds]
    evidence = kg.facts_about(*nodes) if nodes else facts
    found = {}
    for iri in nodes:
        events = []
        for event in facts.objects(iri, CALENDAR):
            def value(predicate):
                return _integer(facts.value(event, predicate))

            events.append((str(facts.value(event, EVENT_LABEL) or ""), value(MONTH), value(DAY), value(END_MONTH),
                           value(END_DAY), value(YEAR_OFFSET), value(END_YEAR_OFFSET),
                           "end" if facts.value(event, ANCHOR) == TRAINING_END else "start",
                           str(facts.value(event, MARKS_START)) in ("true", "1")))
        urls = [s["url"] or s["file"] for s in kg.sources(iri, evidence) if "calendar" in s["supports"]]
        found[kg.short_id(iri)] = {"events": sorted(events, key=lambda e: (e[5], e[1], e[2] or 0)),
                                   "sources": list(dict.fromkeys(u for u in urls if u))}
    return found


PROFILE_PREDICATES = (vocab.CERTIFIED_BY, vocab.CARE_TYPE, vocab.CAREER_CATEGORY, vocab.SALARY)


def read_profiles(kg) -> dict:
    """Node id -> {"boards", "care_type", "career_category", "salary"} for every node that has one of
    them (salary entries as ``show`` gives them). Compiled into the cache, so a comparison does not
    read the facts."""
    if kg.reads_piecemeal:
        from .facts import from_triples

        facts = from_triples(kg.triple_store.triples(PROFILE_PREDICATES))
    else:
        facts = kg.core_facts
    nodes = [s for s, predicates in facts.by_subject.items()
             if s in kg.kinds and any(p in predicates for p in PROFILE_PREDICATES)]
    paid = [s for s in nodes if facts.objects(s, vocab.SALARY)]
    salaries = kg.facts_about(*paid) if paid else facts
    return {kg.short_id(iri): {
        "boards": sorted(kg.label(b) for b in facts.objects(iri, vocab.CERTIFIED_BY)),
        "care_type": sorted(str(v) for v in facts.objects(iri, vocab.CARE_TYPE)),
        "career_category": str(facts.value(iri, vocab.CAREER_CATEGORY)) if facts.value(iri, vocab.CAREER_CATEGORY)
        else None,
        "salary": kg.salaries(salaries, iri),
    } for iri in nodes}


def calendar_events(kg, ids) -> dict[str, list[CalendarEvent]]:
    """The calendar events of each node of ``ids`` that has some (node id -> events)."""
    table = kg.calendar
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
    sources = {i: tuple(kg.calendar[i]["sources"]) for i in events}
    timing = kg.projection.timing

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
            begin, end = _window(i, steps, first, shifts[i], spans, training, timing)
            rows.append((begin, i, PlanEvent(begin, end, step.label, step.id, step.label, step.type,
                                             note=step.when if begin != end else note)))
    rows.sort(key=lambda r: (r[0], r[1]))
    return Plan(route, first, tuple(row for *_, row in rows))


def _start_day(kg) -> tuple[int, int] | None:
    """(month, day) graduate medical education stages start on: the event that marks it in the
    graph (1 July, on the Main Residency Match's calendar), or None when the graph has none."""
    for entry in kg.calendar.values():
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
    required = set(kg.projection.requires.get(steps[index].id, ()))
    ends = [i for i in training if steps[i].id in required] or [i for i in training if i < index]
    return spans[ends[-1]][1] if ends else None


def _window(index, steps, first, shift, spans, training, timing) -> tuple[date, date]:
    """When a step without calendar events happens: its timing window in the graph, placed on the
    dated stages; else from when the steps before it are done until the next training starts."""
    step = steps[index]
    if step.id in timing:
        anchors, early, late, _ = timing[step.id]
        for anchor in anchors:
            base = next((spans[i][0] for i in (training if anchor == "GME" else spans)
                         if anchor == "GME" or steps[i].id == anchor), None)
            if base is not None:
                return add_months(base, _months(early)), add_months(base, _months(late))
    begin = add_months(first, _months(step.start_years["min"]) + shift)
    following = [spans[i][0] for i in training if i > index]
    return begin, max(begin, following[0] - timedelta(days=1)) if following else begin


# ------------------------------------------------------------------ compare

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

    def to_dict(self) -> dict:
        return {"node": self.node, "total_years": self.total_years, "training": list(self.training),
                "exams": list(self.exams), "boards": list(self.boards), "certifications": list(self.certifications),
                "fellowships_after": list(self.fellowships_after), "care_type": list(self.care_type),
                "career_category": self.career_category, "salary": list(self.salary)}


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
    planner = kg.planner()
    p = kg.projection
    profiles = kg.profiles
    none: dict[str, Any] = {"boards": [], "care_type": [], "career_category": None, "salary": []}
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
        items.append(ComparedItem(
            ref.to_dict(), route.total_years,
            tuple({"id": s.id, "label": s.label, "years": s.years} for s in trainings),
            tuple(s.label for s in route.steps if s.type == "exam"), tuple(boards),
            tuple(s.label for s in route.steps if s.type == "certification"), tuple(after), tuple(care),
            own["career_category"], tuple(own["salary"])))
    return Comparison(origin.to_dict(), tuple(items))


# ------------------------------------------------------------------ reach

@dataclass(frozen=True)
class Reachable:
    node: dict
    added_years: dict
    route: Route

    def to_dict(self) -> dict:
        return {"node": self.node, "added_years": self.added_years,
                "steps": [{"id": s.id, "label": s.label, "type": s.type, "years": s.years}
                          for s in self.route.steps]}


@dataclass(frozen=True)
class Reach:
    source: dict
    within: float
    have: tuple[str, ...]
    type: str | None
    items: tuple[Reachable, ...]
    skipped: tuple[str, ...] = ()  # nodes whose prerequisites form a cycle in the data

    def to_dict(self) -> dict:
        return {"from": self.source, "within": self.within, "have": list(self.have), "type": self.type,
                "reachable": [i.to_dict() for i in self.items], "skipped": list(self.skipped)}


REACH_KINDS = frozenset({"exam", "process", "residency", "fellowship", "preliminary-year", "training", "licensure",
                         "certification", "career", "education", "stage"})


def reach(kg, source: str, within: float, *, have=(), type: str | None = None) -> Reach:
    """Everything that can be entered within ``within`` further years after ``source`` (held, with
    ``have``), ranked by the years added, each with its shortest route.

    The search keeps only nodes whose progression path alone fits in the years (completion only adds
    prerequisites, so that is a lower bound), then completes a route to each and keeps those that fit.
    """
    if within is None or within < 0:
        raise BadInputError(f"--within must be zero or more years, not {within}")
    kind = kg.check_kind(type) if type else None
    origin = kg.node(source)
    held = [kg.node(n).id for n in have]
    planner = kg.planner()
    p = kg.projection
    done = planner.closure([origin.id, *held])
    cost, previous = _cheapest_paths(planner, origin.id, done, within)
    candidates = [n for n in cost if n not in done and p.kind(n) in REACH_KINDS
                  and (kind is None or kg.is_kind(p.info[n][2], kind))]
    found, skipped = [], []
    for node in candidates:
        try:
            needs = _needs_years(planner, node, done)
            if needs is not None and needs > within + 1e-9:
                continue  # its prerequisites alone take longer: no route can fit
            steps, spent = _shortest_route(planner, origin.id, node, previous, done, held, search=needs is not None)
        except NoRouteError:
            continue
        except PrerequisiteCycleError as exc:  # a flaw of the data: said, not hidden, and not fatal
            skipped.append(f"{p.label(node)}: {exc}")
            continue
        total = _total(steps)
        if total["min"] <= within + 1e-9:
            route = Route(origin.to_dict(), kg.ref(p.info[node][2]).to_dict(), tuple(steps), "years", spent)
            found.append(Reachable(route.target, total, route))
    if not found:
        raise NoRouteError(_nothing_reachable(kg, origin, within, kind, done))
    found.sort(key=lambda r: (r.added_years["min"], r.added_years["max"], r.node["label"].casefold()))
    return Reach(origin.to_dict(), within, tuple(kg.node(n).label for n in have), kind, tuple(found),
                 tuple(skipped))


# Room above the years for the tie-breaking parts of a path's cost (a thousandth of its maximum years).
_COST_SLACK = 0.1


def _cheapest_paths(planner, source, done, within):
    """Dijkstra from ``source`` with the route search's own step costs, as far as ``within`` years
    allow: the cost of the cheapest progression path to each node, and each node's predecessor."""
    weight = planner._edge_weight(done)
    succ = planner.p.succ
    cost, previous = {source: 0.0}, {}
    queue = [(0.0, source)]
    while queue:
        spent, node = heapq.heappop(queue)
        if spent > cost.get(node, float("inf")):
            continue
        for nxt, derived in succ.get(node, {}).items():
            step = weight(node, nxt, {"derived": derived})
            if step is None:
                continue
            total = spent + step
            if total <= within + _COST_SLACK and total < cost.get(nxt, float("inf")):
                cost[nxt], previous[nxt] = total, node
                heapq.heappush(queue, (total, nxt))
    return cost, previous


def _needs_years(planner, target, done) -> float | None:
    """The minimum years of what ``target`` requires beyond ``done`` (cheapest options): a route
    to it takes at least as long; None when its prerequisites meet a cycle in the data."""
    try:
        plan = planner.prerequisites(target, done) if not planner.p.is_credential(target) else []
    except _Blocked:
        return float("inf")
    except PrerequisiteCycleError:
        return None  # no bound: the data have a cycle on the way
    return sum(planner.p.years[node][0] for node, *_ in plan) + planner.p.years[target][0]


def _shortest_route(planner, source, target, previous, done, held, search=True):
    """The best route to ``target``: the cheapest progression path completed with its prerequisites
    when they add no years (no other path can then do better), else the route search itself
    (unless ``search`` is false: the target's own prerequisites meet a cycle in the data, which the
    search would meet after trying hundreds of paths)."""
    path = [target]
    while path[-1] != source:
        path.append(previous[path[-1]])
    path.reverse()
    try:
        steps, spent = planner.complete(path, done)
    except _Blocked:
        steps = None
    if steps is not None and not any(s.added_for_prerequisite and not s.usual and s.years for s in steps):
        return steps, spent
    if not search:
        planner.prerequisites(target, done)  # raises the PrerequisiteCycleError
    [(steps, spent)] = planner.routes(source, target, have=[source, *held])
    return steps, spent


def _nothing_reachable(kg, origin, within, kind, done) -> str:
    p = kg.projection
    what = f"no {kind}" if kind else "nothing"
    following = [n for n in p.descendants(origin.id) if n not in done and p.kind(n) in REACH_KINDS
                 and (kind is None or kg.is_kind(p.info[n][2], kind))]
    if not following:
        return f"{what} follows {origin.label} in the graph"
    nearest = min(following, key=lambda n: (p.years[n][0], p.label(n)))
    return (f"{what} is reachable from {origin.label} within {within:g} years "
            f"(the nearest step, {p.label(nearest)}, alone takes {p.years[nearest][0]:g})")


__all__ = ["Plan", "PlanEvent", "Comparison", "ComparedItem", "Reach", "Reachable", "plan", "compare", "reach",
           "parse_start"]
