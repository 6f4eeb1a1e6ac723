"""Facts: a compact, picklable copy of the triples, indexed for look-up without rdflib.

IRIs are plain strings, blank nodes ``"_:id"`` strings and literals :class:`Lit` tuples. The
compiled cache stores these, so a command answered from the cache never imports rdflib.
"""

from __future__ import annotations

from typing import NamedTuple

from . import vocab

__all__ = ["CORE_PREDICATES", "REVERSE", "Facts", "from_triples", "Lit"]

# Predicates looked up from the object side (who requires X, what leads to X ...).
REVERSE = frozenset({vocab.LEADS_TO, vocab.REQUIRES, vocab.OPTION, vocab.REQUIRES_ONE_OF, vocab.AWARDS,
                     vocab.SUBSPECIALTY_OF, vocab.RDF_TYPE, vocab.HOLDS, vocab.CERTIFIED_BY})


# What look-up and route finding read; a large store is read by these predicates only.
CORE_PREDICATES = (vocab.RDF_TYPE, vocab.RDFS_SUBCLASS, vocab.PREF_LABEL, vocab.ALT_LABEL, vocab.RDFS_LABEL,
                   vocab.TITLE, vocab.MIN_YEARS, vocab.MAX_YEARS, vocab.REQUIRES, vocab.REQUIRES_ONE_OF,
                   vocab.OPTION, vocab.AWARDS, vocab.HOLDS, vocab.LEADS_TO, vocab.TYPICAL_CREDENTIAL,
                   vocab.TIMING, vocab.RELATIVE_TO, vocab.FROM_YEAR, vocab.TO_YEAR, vocab.TIMING_LABEL,
                   vocab.LENGTH_BY_ENTRY, vocab.ENTRY, vocab.RELATED)

# Objects of one subject and predicate that are checked for repeats by scanning the list.
_SCAN = 32


class Lit(NamedTuple):
    """A literal: its lexical form, language tag and datatype IRI."""

    value: str
    lang: str | None = None
    datatype: str | None = None

    def __str__(self) -> str:
        return self.value


class Facts:
    """Triples by subject and predicate, with reverse indexes for :data:`REVERSE` predicates."""

    def __init__(self):
        self.by_subject: dict[str, dict[str, list]] = {}
        self.reverse: dict[str, dict[object, list[str]]] = {p: {} for p in REVERSE}
        self.triples = 0
        # (subject, predicate) -> the set of its objects, for the few with many: scanning a list of
        # thousands for each new object would make loading quadratic
        self._many: dict[tuple[str, str], set] = {}

    def add(self, s: str, p: str, o) -> None:
        objects = self.by_subject.setdefault(s, {}).setdefault(p, [])
        if len(objects) < _SCAN:
            if o in objects:
                return
        else:
            members = self._many.get((s, p))
            if members is None:
                members = self._many[(s, p)] = set(objects)
            if o in members:
                return
            members.add(o)
        objects.append(o)
        self.triples += 1
        if p in self.reverse:
            self.reverse[p].setdefault(o, []).append(s)

    def objects(self, s, p) -> list:
        return self.by_subject.get(s, {}).get(p, [])

    def value(self, s, p):
        found = self.objects(s, p)
        return found[0] if found else None

    def subjects(self, p, o) -> list[str]:
        return self.reverse[p].get(o, [])

    def subject_objects(self, p):
        for o, subjects in self.reverse[p].items():
            for s in subjects:
                yield s, o


def from_triples(triples) -> Facts:
    """Facts from an iterable of (subject, predicate, object) terms in Facts form (see
    :mod:`careergraph.stores.terms` for the conversions)."""
    facts = Facts()
    add = facts.add
    for s, p, o in triples:
        add(s, p, o)
    return facts
