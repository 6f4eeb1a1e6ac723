"""The compiled look-up data: one plain value built from a store, and what the cache keeps.

Look-up, routes, plans and comparisons read only this (never the store), so a command answered from
the cache reads neither the graph files nor rdflib: kinds and labels of the nodes, the name index,
the route projection, the calendar and the comparison profiles.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import vocab
from .facts import CORE_PREDICATES, Facts
from .kinds import kind_ancestors, kinds_of
from .names import NameIndex, label_in, name_index, short_id
from .projection import Projection
from .records import match_figures, salaries, sources
from .stores.base import Store
from .vocab import (ANCHOR, CALENDAR, DAY, END_DAY, END_MONTH, END_YEAR_OFFSET, EVENT_LABEL, MARKS_START, MONTH,
                    TRAINING_END, YEAR_OFFSET)

__all__ = ["CALENDAR_PREDICATES", "PROFILE_PREDICATES", "Compiled", "compile_graph"]

CALENDAR_PREDICATES = (CALENDAR, EVENT_LABEL, MONTH, DAY, END_MONTH, END_DAY, YEAR_OFFSET, END_YEAR_OFFSET, ANCHOR,
                       MARKS_START)
PROFILE_PREDICATES = (vocab.CERTIFIED_BY, vocab.CARE_TYPE, vocab.CAREER_CATEGORY, vocab.SALARY, vocab.MATCH_FIGURE)


@dataclass(frozen=True)
class Compiled:
    """What look-up and routes need, as plain data (see :mod:`careergraph.cache` for its JSON form)."""

    #: node IRI -> kind (see :mod:`careergraph.kinds`)
    kinds: dict[str, str]
    #: kind -> itself and the kinds it is a subclass of
    kind_ancestors: dict[str, frozenset[str]]
    #: node IRI -> display label
    labels: dict[str, str]
    #: labels to nodes, in tiers (see :func:`careergraph.names.name_index`)
    name_index: NameIndex
    #: the graph routes are found on
    projection: Projection
    #: node id -> {"events", "sources"} (see :func:`read_calendar`)
    calendar: dict
    #: node id -> {"boards", "care_type", "career_category", "salary", "match"} (see :func:`read_profiles`)
    profiles: dict


def compile_graph(store: Store) -> Compiled:
    """The compiled look-up data of the triples in ``store``."""
    core = store.facts(CORE_PREDICATES)
    kinds = kinds_of(core)
    labels = {iri: label_in(core, iri) for iri in kinds}

    def label(iri: str) -> str:
        found = labels.get(iri)
        return found if found is not None else label_in(core, iri)

    return Compiled(kinds=kinds, kind_ancestors=kind_ancestors(core), labels=labels,
                    name_index=name_index(core, kinds), projection=Projection.build(core, kinds, labels),
                    calendar=read_calendar(store, kinds, label), profiles=read_profiles(store, kinds, label))


def _integer(value):
    return int(str(value)) if value is not None else None


def read_calendar(store: Store, kinds: dict[str, str], label) -> dict:
    """Every node's calendar events (as plain tuples, the fields of
    :class:`~careergraph.planning.CalendarEvent`) and the URLs of the sources behind them: node id ->
    {"events": [...], "sources": [...]}. Compiled, so that a plan does not read the facts."""
    facts = store.facts(CALENDAR_PREDICATES)
    nodes = [s for s, predicates in facts.by_subject.items() if CALENDAR in predicates and s in kinds]
    evidence = store.facts_about(nodes) if nodes else facts
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
        urls = [s["url"] or s["file"] for s in sources(evidence, iri, label) if "calendar" in s["supports"]]
        found[short_id(iri)] = {"events": sorted(events, key=lambda e: (e[5], e[1], e[2] or 0)),
                                "sources": list(dict.fromkeys(u for u in urls if u))}
    return found


def read_profiles(store: Store, kinds: dict[str, str], label) -> dict:
    """Node id -> {"boards", "care_type", "career_category", "salary", "match"} for every node that has
    one of them (salary and Match figures as ``show`` gives them). Compiled, so that a comparison does
    not read the facts."""
    facts: Facts = store.facts(PROFILE_PREDICATES)
    nodes = [s for s, predicates in facts.by_subject.items()
             if s in kinds and any(p in predicates for p in PROFILE_PREDICATES)]
    figured = [s for s in nodes if facts.objects(s, vocab.SALARY) or facts.objects(s, vocab.MATCH_FIGURE)]
    figures = store.facts_about(figured) if figured else facts
    return {short_id(iri): {
        "boards": sorted(label(b) for b in facts.objects(iri, vocab.CERTIFIED_BY)),
        "care_type": sorted(str(v) for v in facts.objects(iri, vocab.CARE_TYPE)),
        "career_category": str(facts.value(iri, vocab.CAREER_CATEGORY)) if facts.value(iri, vocab.CAREER_CATEGORY)
        else None,
        "salary": salaries(figures, iri),
        "match": match_figures(figures, iri),
    } for iri in nodes}
