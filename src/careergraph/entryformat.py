"""The JSON form of the cache's entries: one encoder and one decoder per entry (compiled data,
facts), every decoded value checked to have its shape, so that an entry of the wrong shape is a miss
(see :mod:`careergraph.cache`) and never data of the wrong type.
"""

from __future__ import annotations

from dataclasses import fields
from itertools import chain

from .compiled import Compiled
from .facts import Facts, Lit
from .projection import Projection

__all__ = ["decode_compiled", "decode_facts", "encode_compiled", "encode_facts"]


class _WrongShape(ValueError):
    """A decoded value is not of the shape its entry stores."""


# The checks below use map, set and chain, which loop in C: checking every value of a large entry
# costs a few milliseconds, not tens.

def _only(types: set, values) -> None:
    if not set(map(type, values)) <= types:
        raise _WrongShape


def _mapping(value) -> dict:
    _only({dict}, [value])  # JSON object keys are always strings
    return value


def _list(value) -> list:
    _only({list}, [value])
    return value


def _strings(value) -> list[str]:
    _only({str}, _list(value))
    return value


def _tuples(value, types: set, length: int | None = None) -> dict[str, tuple]:
    """A mapping of lists of ``types`` (of ``length`` each, if given), the lists made tuples."""
    lists = _mapping(value).values()
    _only({list}, lists)
    _only(types, chain.from_iterable(lists))
    if length is not None and not set(map(len, lists)) <= {length}:
        raise _WrongShape
    return dict(zip(value, map(tuple, lists)))


def encode_compiled(data: Compiled) -> dict:
    """The JSON form of :class:`~careergraph.compiled.Compiled` data: tuples and sets become lists,
    and the labels are listed in the order of ``kinds`` (the same nodes)."""
    projection = data.projection
    return {
        "kinds": data.kinds,
        "kind_ancestors": {kind: sorted(kinds) for kind, kinds in data.kind_ancestors.items()},
        "labels": [data.labels[node] for node in data.kinds],
        "name_index": data.name_index,
        "projection": {field.name: getattr(projection, field.name) for field in fields(projection)},
        "calendar": data.calendar,
        "profiles": data.profiles,
    }


def decode_compiled(plain) -> Compiled:
    """The compiled data of :func:`encode_compiled`'s form; raises ValueError (or LookupError,
    TypeError) when any part of ``plain`` is not of its shape."""
    plain = _mapping(plain)
    kinds = _mapping(plain["kinds"])
    _only({str}, kinds.values())
    labels = _strings(plain["labels"])
    tiers = _list(plain["name_index"])
    stored = _mapping(plain["projection"])
    succ = _mapping(stored["succ"])
    _only({dict}, succ.values())
    _only({bool}, chain.from_iterable(successors.values() for successors in succ.values()))
    one_of = _tuples(stored["one_of"], {list})
    _only({list}, chain.from_iterable(one_of.values()))
    _only({str}, chain.from_iterable(chain.from_iterable(one_of.values())))
    if len(labels) != len(kinds):
        raise _WrongShape
    projection = Projection(
        succ=succ,
        years=_tuples(stored["years"], {int, float}, 2),
        requires=_tuples(stored["requires"], {str}),
        one_of={node: tuple(map(tuple, groups)) for node, groups in one_of.items()},
        awards=_tuples(stored["awards"], {str}),
        awarded_by=_tuples(stored["awarded_by"], {str}),
        info=_tuples(stored["info"], {str}, 3),
        timing=_timing(stored["timing"]),
        typical=_tuples(stored["typical"], {str}),
        entry_years=_entry_years(stored["entry_years"]),
        related=_tuples(stored["related"], {str}),
    )
    return Compiled(
        kinds=kinds,
        kind_ancestors={kind: frozenset(members) for kind, members in _tuples(plain["kind_ancestors"], {str}).items()},
        labels=dict(zip(kinds, labels)),
        name_index=[_tuples(tier, {str}) for tier in tiers],
        projection=projection,
        calendar=_calendar(plain["calendar"]),
        profiles=_profiles(plain["profiles"]),
    )


def _entry_years(value) -> dict:
    """Projection lengths by the way in: stage id -> ((entry id, minimum, maximum), ...)."""
    found = {}
    for node, entries in _mapping(value).items():
        for entry, low, high in _list(entries):
            _only({str}, [entry])
            _only({int, float}, [low, high])
        found[node] = tuple(tuple(entry) for entry in entries)
    return found


def _timing(value) -> dict:
    """Projection timings: step id -> (anchors, from year, to year, label)."""
    timing = {}
    for node, entry in _mapping(value).items():
        anchors, low, high, label = _list(entry)
        _only({int, float}, [low, high])
        _only({str}, [label])
        timing[node] = (tuple(_strings(anchors)), low, high, label)
    return timing


# a calendar event: label, month, day, end month, end day, year offset, end year offset, anchor, marks start
_EVENT_TYPES: tuple[set[type], ...] = ({str}, {int}, {int, type(None)}, {int, type(None)}, {int, type(None)}, {int},
                {int, type(None)}, {str}, {bool})
# what a salary or Match figure holds (see careergraph.records.salaries, match_figures): numbers or
# text, each possibly missing
_FIGURE_TYPES = {int, float, str, type(None)}


def _calendar(value) -> dict:
    """The compiled calendar (see :func:`careergraph.compiled.read_calendar`), events as tuples."""
    calendar = {}
    for node, entry in _mapping(value).items():
        events = _list(_mapping(entry)["events"])
        _only({list}, events)
        for event in events:
            if len(event) != len(_EVENT_TYPES) or not all(type(v) in t for v, t in zip(event, _EVENT_TYPES)):
                raise _WrongShape
        calendar[node] = {"events": [tuple(event) for event in events], "sources": _strings(entry["sources"])}
    return calendar


def _profiles(value) -> dict:
    """The compiled comparison fields (see :func:`careergraph.compiled.read_profiles`)."""
    entries = list(_mapping(value).values())
    _only({dict}, entries)
    _only({list}, [entry[key] for entry in entries for key in ("boards", "care_type", "salary", "match")])
    _only({str}, chain.from_iterable(chain(entry["boards"], entry["care_type"]) for entry in entries))
    _only({str, type(None)}, [entry["career_category"] for entry in entries])
    figures = list(chain.from_iterable(chain(entry["salary"], entry["match"]) for entry in entries))
    _only({dict}, figures)
    _only(_FIGURE_TYPES, chain.from_iterable(figure.values() for figure in figures))
    return value


def encode_facts(facts: Facts) -> dict:
    """The JSON form of ``facts``: each distinct term once (an IRI or blank node as a string, a
    literal as ``[value, lang, datatype]``), and per subject ``[subject, predicate, [objects],
    predicate, [objects], ...]`` by term number; the reverse indexes are rebuilt when read."""
    numbers: dict = {}

    def number(term) -> int:
        found = numbers.get(term)
        if found is None:
            found = numbers[term] = len(numbers)
        return found

    subjects = []
    for subject, predicates in facts.by_subject.items():
        entry: list = [number(subject)]
        for predicate, objects in predicates.items():
            entry += (number(predicate), [number(o) for o in objects])
        subjects.append(entry)
    terms = [term if type(term) is str else list(term) for term in numbers]
    return {"terms": terms, "subjects": subjects}


def decode_facts(plain) -> Facts:
    """The Facts of :func:`encode_facts`'s form; raises ValueError (or LookupError, TypeError)
    when any part of ``plain`` is not of its shape."""
    plain = _mapping(plain)
    terms = _list(plain["terms"])
    literals = [t for t in terms if type(t) is not str]
    _only({list}, literals)
    _only({str, type(None)}, chain.from_iterable(literals))
    if not set(map(len, literals)) <= {3} or not set(map(type, (t[0] for t in literals))) <= {str}:
        raise _WrongShape
    terms = [t if type(t) is str else Lit(*t) for t in terms]
    facts = Facts()
    by_subject, reverse = facts.by_subject, facts.reverse
    # Term numbers are checked by indexing: anything but an int (or a list of them where objects
    # are listed) raises TypeError or IndexError, a miss; a negative one still names a term.
    for entry in _list(plain["subjects"]):
        subject = terms[entry[0]]
        predicates = by_subject[subject] = {}
        for at in range(1, len(entry), 2):
            predicate = terms[entry[at]]
            objects = predicates[predicate] = [terms[o] for o in entry[at + 1]]
            if predicate in reverse:
                index = reverse[predicate]
                for o in objects:
                    index.setdefault(o, []).append(subject)
    # subjects and predicates are never literals
    _only({str}, by_subject)
    _only({str}, chain.from_iterable(by_subject.values()))
    facts.triples = sum(map(len, chain.from_iterable(p.values() for p in by_subject.values())))
    return facts
