"""Node records: everything the graph says about one node, as plain data (``show --format json``).

Each function reads from a :class:`~careergraph.facts.Facts` (all triples, or the neighbourhoods a
store gave for the nodes asked about) and names other nodes through the graph's look-up.
"""

from __future__ import annotations

from . import vocab
from .facts import Facts
from .names import short_id

__all__ = ["alternatives", "match_figures", "record", "salaries", "sources", "years"]


def _number(value) -> float | int | None:
    if value is None:
        return None
    try:
        number = float(str(value))
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def _text(value) -> str | None:
    return str(value) if value is not None and str(value) else None


def years(f: Facts, iri: str) -> dict | None:
    """The minimum and maximum years of ``iri`` (either standing for both), or None."""
    low = _number(f.value(iri, vocab.MIN_YEARS))
    high = _number(f.value(iri, vocab.MAX_YEARS))
    if low is None and high is None:
        return None
    return {"min": low if low is not None else high, "max": high if high is not None else low}


def alternatives(f: Facts, iri: str) -> list[list[str]]:
    """The "requires one of" groups of a node, each a sorted list of options."""
    return sorted(sorted(f.objects(group, vocab.OPTION)) for group in f.objects(iri, vocab.REQUIRES_ONE_OF))


def sources(f: Facts, iri: str, label) -> list[dict]:
    """The evidence for ``iri``: each source (titled by ``label(iri)``) with its URL or file, the
    quote and what it supports."""
    rows = []
    for evidence in f.objects(iri, vocab.EVIDENCE):
        source = f.value(evidence, vocab.SOURCE)
        rows.append({
            "id": short_id(source) if source is not None else None,
            "title": label(source) if source is not None else None,
            "url": _text(f.value(source, vocab.URL)),
            "file": _text(f.value(source, vocab.IDENTIFIER)),
            "quote": str(f.value(evidence, vocab.QUOTE) or ""),
            "supports": sorted(short_id(p) for p in f.objects(evidence, vocab.SUPPORTS)),
            "date": _text(f.value(evidence, vocab.DATE)),
        })
    return sorted(rows, key=lambda r: (r["id"] or "", r["quote"]))


def salaries(f: Facts, iri: str) -> list[dict]:
    """The salary figures of ``iri`` in ``f``, newest first (the store's order of blank nodes is arbitrary)."""
    return sorted((_salary(f, s) for s in f.objects(iri, vocab.SALARY)),
                  key=lambda s: (s["year"] or "", s["min"] or 0, s["source"] or ""), reverse=True)


def _salary(f: Facts, node) -> dict:
    return {
        "min": _number(f.value(node, vocab.MIN_VALUE)),
        "max": _number(f.value(node, vocab.MAX_VALUE)),
        "currency": _text(f.value(node, vocab.CURRENCY)),
        **_dated_figure(f, node),
    }


def match_figures(f: Facts, iri: str) -> list[dict]:
    """The NRMP Match figures of ``iri`` (a residency, or the Match as a whole) in ``f``, newest first."""
    figures = [{**{key: _number(f.value(node, predicate)) for key, predicate in vocab.MATCH_NUMBERS.items()},
                **_dated_figure(f, node)} for node in f.objects(iri, vocab.MATCH_FIGURE)]
    return sorted(figures, key=lambda m: (m["year"] or "", m["measure"] or "", m["source"] or ""), reverse=True)


def _dated_figure(f: Facts, node) -> dict:
    """What a salary or Match figure measures, for when, when it was read, and its source and quote."""
    source = f.value(node, vocab.SOURCE)
    return {
        "measure": _text(f.value(node, vocab.MEASURE)),
        "year": _text(f.value(node, vocab.DATE)),
        "checked": _text(f.value(node, vocab.DATE_CHECKED)),
        "source": short_id(source) if source is not None else None,
        "source_title": _text(f.value(source, vocab.TITLE)) if source is not None else None,
        "url": _text(f.value(source, vocab.URL)) if source is not None else None,
        "quote": _text(f.value(node, vocab.QUOTE)),
    }


def _lengths_by_entry(kg, iri: str) -> list[dict]:
    """The lengths of ``iri`` by the way in (see :attr:`careergraph.projection.Projection.entry_years`)."""
    p = kg.compiled().projection
    return [{"entry": kg.ref(p.info[entry][2]).to_dict(), "years": {"min": low, "max": high}}
            for entry, low, high in p.entry_years.get(short_id(iri), ())]


def record(kg, iri: str, f: Facts) -> dict:
    """Everything ``f`` says about ``iri``, other nodes named through ``kg`` (its ``ref`` and ``label``)."""
    def refs(iris) -> list[dict]:
        return [r.to_dict() for r in sorted({kg.ref(i) for i in iris}, key=lambda r: (r.label.casefold(), r.id))]

    required_by = set(f.subjects(vocab.REQUIRES, iri))
    for group in f.subjects(vocab.OPTION, iri):
        required_by.update(f.subjects(vocab.REQUIRES_ONE_OF, group))
    found = kg.ref(iri).to_dict()
    found.update({
        "alt_labels": sorted(str(x) for x in f.objects(iri, vocab.ALT_LABEL)),
        "definition": _text(f.value(iri, vocab.DEFINITION)),
        "duration_years": years(f, iri),
        "duration_by_entry": _lengths_by_entry(kg, iri),
        "prior_gme_years": _number(f.value(iri, vocab.PRIOR_GME_YEARS)),
        "requires": refs(f.objects(iri, vocab.REQUIRES)),
        "requires_one_of": [refs(group) for group in alternatives(f, iri)],
        "leads_to": refs(f.objects(iri, vocab.LEADS_TO)),
        "entered_from": refs(f.subjects(vocab.LEADS_TO, iri)),
        "required_by": refs(required_by),
        "awards": refs(f.objects(iri, vocab.AWARDS)),
        "awarded_by": refs(f.subjects(vocab.AWARDS, iri)),
        "holds": refs(f.objects(iri, vocab.HOLDS)),
        "certified_by": refs(f.objects(iri, vocab.CERTIFIED_BY)),
        "no_board_certificate": _text(f.value(iri, vocab.NO_BOARD_CERTIFICATE)) in ("true", "1"),
        "subspecialty_of": refs(f.objects(iri, vocab.SUBSPECIALTY_OF)),
        "subspecialties": refs(f.subjects(vocab.SUBSPECIALTY_OF, iri)),
        "broader": refs(f.objects(iri, vocab.BROADER)),
        "typical_credentials": refs(f.objects(iri, vocab.TYPICAL_CREDENTIAL)),
        "career_category": _text(f.value(iri, vocab.CAREER_CATEGORY)),
        "care_type": _text(f.value(iri, vocab.CARE_TYPE)),
        "codes": {k: sorted(str(v) for v in values)
                  for k, values in (("nucc", f.objects(iri, vocab.NUCC_CODE)),
                                    ("onet", f.objects(iri, vocab.ONET_CODE))) if values},
        "practice_pathway_until": _text(f.value(iri, vocab.PRACTICE_PATHWAY_UNTIL)),
        "salary": salaries(f, iri),
        "match": match_figures(f, iri),
        "sources": sources(f, iri, kg.label),
    })
    return found
