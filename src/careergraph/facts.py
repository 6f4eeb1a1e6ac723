"""Facts: a compact, picklable copy of the triples, indexed for look-up without rdflib.

IRIs are plain strings, blank nodes ``"_:id"`` strings and literals :class:`Lit` tuples. The
compiled cache stores these, so a command answered from the cache never imports rdflib.
"""

from __future__ import annotations

from typing import NamedTuple

from . import vocab

__all__ = ["CORE_PREDICATES", "REVERSE", "Facts", "from_triples", "Lit", "term"]

# Predicates looked up from the object side (who requires X, what leads to X ...).
REVERSE = frozenset({vocab.LEADS_TO, vocab.REQUIRES, vocab.OPTION, vocab.REQUIRES_ONE_OF, vocab.AWARDS,
                     vocab.SUBSPECIALTY_OF, vocab.RDF_TYPE, vocab.HOLDS, vocab.CERTIFIED_BY})


# What look-up and route finding read; a large store is read by these predicates only.
CORE_PREDICATES = (vocab.RDF_TYPE, vocab.RDFS_SUBCLASS, vocab.PREF_LABEL, vocab.ALT_LABEL, vocab.RDFS_LABEL,
                   vocab.TITLE, vocab.MIN_YEARS, vocab.MAX_YEARS, vocab.REQUIRES, vocab.REQUIRES_ONE_OF,
                   vocab.OPTION, vocab.AWARDS, vocab.HOLDS, vocab.LEADS_TO, vocab.TYPICAL_CREDENTIAL,
                   vocab.TIMING, vocab.RELATIVE_TO, vocab.FROM_YEAR, vocab.TO_YEAR, vocab.TIMING_LABEL)

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


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def term(node):
    """The Facts form of an rdflib or a pyoxigraph term (a Facts term is kept as it is)."""
    if type(node) is str or type(node) is Lit:
        return node
    name = type(node).__name__
    if name == "URIRef":
        return str(node)
    if name == "NamedNode":
        return node.value
    if name in ("BNode", "BlankNode"):
        return "_:" + (node.value if name == "BlankNode" else str(node))
    oxigraph = type(node).__module__.startswith("pyoxigraph")
    lexical = node.value if oxigraph else str(node)
    datatype = node.datatype.value if oxigraph else (str(node.datatype) if node.datatype is not None else None)
    if datatype in (_XSD_STRING, _LANG_STRING):
        datatype = None
    return Lit(lexical, node.language or None, datatype)


def from_triples(triples) -> Facts:
    """Facts from an iterable of (subject, predicate, object) rdflib or pyoxigraph terms."""
    facts = Facts()
    seen: dict = {}  # IRIs repeat a lot: convert each distinct term once
    for s, p, o in triples:
        try:
            s2 = seen[s]
        except KeyError:
            s2 = seen[s] = term(s)
        try:
            p2 = seen[p]
        except KeyError:
            p2 = seen[p] = term(p)
        o2 = seen.get(o)
        if o2 is None:
            o2 = term(o)
            if not isinstance(o2, Lit):
                seen[o] = o2
        facts.add(s2, p2, o2)
    return facts
