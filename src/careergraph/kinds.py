"""Node kinds: which class makes a node a residency, a career, a source ... and which kinds are steps."""

from __future__ import annotations

import difflib

from . import vocab
from .errors import UnknownTypeError
from .facts import Facts

__all__ = ["KIND_CLASSES", "KIND_OF_CLASS", "ROUTE_KINDS", "check_kind", "kind_ancestors", "kinds_of"]

# Node kinds by class, most specific first: a node's kind is the first of its classes listed.
KIND_CLASSES = {
    "profile": vocab.cg("Profile"),
    "education": vocab.cg("Education"),
    "exam": vocab.cg("Exam"),
    "process": vocab.cg("Process"),
    "residency": vocab.cg("Residency"),
    "fellowship": vocab.cg("Fellowship"),
    "preliminary-year": vocab.cg("PreliminaryYear"),
    "training": vocab.cg("Training"),
    "licensure": vocab.cg("Licensure"),
    "certification": vocab.cg("Certification"),
    "credential": vocab.cg("Credential"),
    "career": vocab.cg("Career"),
    "board": vocab.cg("Board"),
    "stage": vocab.cg("Stage"),
    "source": vocab.cg("Source"),
    "node": vocab.cg("Node"),
}
KIND_OF_CLASS = {cls: kind for kind, cls in KIND_CLASSES.items()}
# Kinds whose members are steps of a route (credentials and boards are not).
ROUTE_KINDS = frozenset(
    {"profile", "education", "exam", "process", "residency", "fellowship", "preliminary-year",
     "training", "licensure", "certification", "career", "stage"}
)


def kinds_of(facts: Facts) -> dict[str, str]:
    """Every typed node (or source) in ``facts`` and its kind."""
    rank = {cls: i for i, cls in enumerate(KIND_CLASSES.values())}
    kinds: dict[str, str] = {}
    for subject, cls in facts.subject_objects(vocab.RDF_TYPE):
        if cls in rank and not subject.startswith("_:"):
            current = kinds.get(subject)
            if current is None or rank[cls] < rank[KIND_CLASSES[current]]:
                kinds[subject] = KIND_OF_CLASS[cls]
    return kinds


def kind_ancestors(facts: Facts) -> dict[str, frozenset[str]]:
    """For each kind, itself and the kinds it is a subclass of (from the ontology in ``facts``)."""
    ancestors = {}
    for kind, cls in KIND_CLASSES.items():
        seen, todo = set(), [cls]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(facts.objects(current, vocab.RDFS_SUBCLASS))
        ancestors[kind] = frozenset(KIND_OF_CLASS[c] for c in seen if c in KIND_OF_CLASS)
    return ancestors


def check_kind(kind: str) -> str:
    """``kind`` normalised, if it names a kind; else UnknownTypeError with close matches."""
    kind = kind.strip().lower()
    if kind not in KIND_CLASSES:
        close = difflib.get_close_matches(kind, list(KIND_CLASSES), n=3)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise UnknownTypeError(f"unknown node type {kind!r}{hint} (types: {', '.join(KIND_CLASSES)})")
    return kind
