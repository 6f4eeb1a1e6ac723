"""Names of nodes: short ids, labels, and resolving what a user types to one node.

A name is looked up as an IRI, CURIE or slug first, then by label in tiers (preferred labels,
other labels, then the other labels of certifications); a name that matches nothing gets the
closest names as suggestions.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass

from . import vocab
from .errors import AmbiguousNodeError, UnknownNodeError
from .facts import Facts

__all__ = ["NameIndex", "NodeRef", "by_id", "close_matches", "label_in", "name_index", "normalise", "resolve",
           "short_id"]

# Labels to nodes, in tiers (see name_index).
NameIndex = list[dict[str, tuple[str, ...]]]


@dataclass(frozen=True, order=True)
class NodeRef:
    """A node as shown to users: its short id, full IRI, label and kind."""

    id: str
    iri: str
    label: str
    type: str

    def to_dict(self) -> dict:
        return asdict(self)


def normalise(text: str) -> str:
    """``text`` as names are compared: case-folded, dashes made hyphens, spaces collapsed."""
    text = str(text).casefold().replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip()


def short_id(iri: str) -> str:
    """The slug for project nodes, else a CURIE, else the IRI."""
    for prefix, namespace in vocab.PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = iri[len(namespace):]
            return local if prefix == "cg" else f"{prefix}:{local}"
    return iri


def label_in(facts: Facts, iri: str) -> str:
    """The English preferred label (or rdfs:label, or title) of ``iri`` in ``facts``, else its short id."""
    labels = (facts.objects(iri, vocab.PREF_LABEL) or facts.objects(iri, vocab.RDFS_LABEL)
              or facts.objects(iri, vocab.TITLE))
    english = [label for label in labels if getattr(label, "lang", None) in (None, "en")]
    chosen = sorted(str(label) for label in (english or labels))
    return chosen[0] if chosen else short_id(iri)


def name_index(facts: Facts, kinds: dict[str, str]) -> NameIndex:
    """Labels to nodes, in tiers: preferred labels, then other labels, then the other labels of
    certifications (ids are looked up in ``kinds``).

    A certificate's official name is its specialty's name ("Dermatology"), so it is looked up last:
    the name finds the training or career, and the certification only when nothing else has it.
    """
    preferred: dict[str, set[str]] = {}
    other: dict[str, set[str]] = {}
    certificate: dict[str, set[str]] = {}
    for iri in kinds:
        for label in facts.objects(iri, vocab.PREF_LABEL):
            preferred.setdefault(normalise(label), set()).add(iri)
        tier = certificate if kinds[iri] == "certification" else other
        for prop in (vocab.ALT_LABEL, vocab.RDFS_LABEL, vocab.TITLE):
            for label in facts.objects(iri, prop):
                tier.setdefault(normalise(label), set()).add(iri)
    # tuples, not sets: several times faster to read back from the cache
    return [{name: tuple(sorted(iris)) for name, iris in tier.items()} for tier in (preferred, other, certificate)]


def by_id(kinds: dict[str, str], name: str) -> str | None:
    """The node whose IRI, CURIE or slug (with spaces for hyphens) is ``name``, if any."""
    text = re.sub(r"\s+", " ", str(name).strip())
    forms = [text, vocab.CG + text, vocab.CG + text.replace(" ", "-")]
    prefix, colon, local = text.partition(":")
    if colon and prefix in vocab.PREFIXES and not local.startswith("//"):
        forms.append(vocab.PREFIXES[prefix] + local)
    for form in forms + [f.casefold() for f in forms]:
        if form in kinds:
            return form
    return None


def resolve(kinds: dict[str, str], index: NameIndex, name: str, label) -> str:
    """The IRI of the node named ``name`` by IRI, CURIE, slug, label or alternative label
    (``label(iri)`` names the candidates of an ambiguous name).

    Raises
    ------
    UnknownNodeError
        No node has that name (the error lists up to five close matches).
    AmbiguousNodeError
        Several nodes share that name.
    """
    found = by_id(kinds, name)
    if found is not None:
        return found
    key = normalise(name)
    for tier in index:
        candidates = tier.get(key)
        if candidates and len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise AmbiguousNodeError(name, sorted(f"{short_id(i)} ({label(i)})" for i in candidates))
    raise UnknownNodeError(name, close_matches(kinds, index, name))


def close_matches(kinds: dict[str, str], index: NameIndex, name: str, n: int = 5) -> list[str]:
    """Up to ``n`` node ids whose names are closest to ``name``."""
    key = normalise(name)
    names: dict[str, str] = {normalise(short_id(iri)): iri for iri in kinds}
    for tier in index:
        for text, iris in tier.items():
            if not text.startswith("http"):
                for iri in sorted(iris):
                    names.setdefault(text, iri)
    # Rank by the share of the asked-for words a name contains, then by spelling similarity,
    # so "family medicine doctor" suggests the family physician before other "... medicine" roles.
    words = set(key.replace("-", " ").split())
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)  # difflib caches what it learns about the second sequence
    scored = []
    for text, iri in names.items():
        if kinds.get(iri) == "source":
            continue
        shared = len(words & set(text.replace("-", " ").split())) / len(words) if words else 0.0
        matcher.set_seq1(text)
        # names sharing no word must still be spelt alike (difflib's cheap upper bounds first)
        if not shared and (matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6):
            continue
        similarity = matcher.ratio()
        if shared or similarity >= 0.6:
            scored.append((-shared, -similarity, text))
    found: list[str] = []
    for _, _, text in sorted(scored):
        short = short_id(names[text])
        if short not in found:
            found.append(short)
        if len(found) == n:
            break
    return found
