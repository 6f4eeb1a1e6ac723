"""The loaded knowledge graph: node look-up, records, search and statistics.

``careergraph.load()`` returns a :class:`KnowledgeGraph`. Look-up, records and routes work on its
:class:`~careergraph.facts.Facts` (plain Python data, cached between runs); SPARQL, validation and
RDF export use the rdflib graph, parsed only when one of them asks for it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from . import vocab
from .errors import AmbiguousNodeError, BadInputError, UnknownNodeError, UnknownTypeError
from .facts import Facts
from .store import bundled_files, graph_files, load_graph

if TYPE_CHECKING:
    import networkx as nx

    from .compare import Comparison
    from .planning import Plan
    from .reach import Reach
    from .projection import Projection
    from .routes import NextOption, Planner, RequirementPlan, Route
    from .sparql import QueryResult
    from .validate import ValidationReport

__all__ = ["KIND_CLASSES", "KIND_OF_CLASS", "ROUTE_KINDS", "STORES", "KnowledgeGraph", "load", "NodeRef"]

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
STORES = ("memory", "oxigraph", "endpoint")
ROUTE_KINDS = frozenset(
    {"profile", "education", "exam", "process", "residency", "fellowship", "preliminary-year",
     "training", "licensure", "certification", "career", "stage"}
)


@dataclass(frozen=True, order=True)
class NodeRef:
    """A node as shown to users: its short id, full IRI, label and kind."""

    id: str
    iri: str
    label: str
    type: str

    def to_dict(self) -> dict:
        return asdict(self)


def _normalise(text: str) -> str:
    text = str(text).casefold().replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip()


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


class KnowledgeGraph:
    """A graph of physician careers with look-up by name.

    Parameters
    ----------
    files : list of Path
        The graph files (ontology and data) it was read from.
    facts : Facts, optional
        The triples as plain data; built from ``files`` when not given (or taken from the cache).
    store : {"memory", "oxigraph", "endpoint"}
        Where the triples live and SPARQL runs: rdflib in memory, a persistent Oxigraph store of the
        files, or the SPARQL server ``endpoint``.
    endpoint : careergraph.endpoint.Endpoint, optional
        The server, for ``store="endpoint"``.
    remote_contexts : bool
        Whether JSON-LD files may fetch the remote contexts they name (else they are refused).
    """

    def __init__(self, files=(), facts: Facts | None = None, store: str = "memory", endpoint=None,
                 remote_contexts: bool = False):
        if store not in STORES:
            raise UnknownTypeError(f"unknown store {store!r}: use one of {', '.join(STORES)}")
        if (store == "endpoint") != (endpoint is not None):
            raise UnknownTypeError('an endpoint is given with store="endpoint", and only then')
        self.files = [Path(f) for f in files]
        self.store = store
        self.endpoint = endpoint
        self.remote_contexts = remote_contexts
        if facts is not None:
            self.facts = facts

    def uncached(self) -> KnowledgeGraph:
        """A graph of the same inputs that reads them afresh (what the cache compiles from)."""
        return KnowledgeGraph(self.files, store=self.store, endpoint=self.endpoint,
                              remote_contexts=self.remote_contexts)

    @cached_property
    def oxigraph(self):
        """The Oxigraph store of the files (``store="oxigraph"``), in memory (a cached graph keeps
        it on disk)."""
        from .oxistore import OxigraphStore

        return OxigraphStore(self.files)

    @property
    def triple_store(self):
        """The store that holds the triples apart from rdflib: Oxigraph, the endpoint, or None.

        Both read triples by predicate (``triples``) and run SPARQL (``query``)."""
        return self.oxigraph if self.store == "oxigraph" else self.endpoint

    @property
    def reads_piecemeal(self) -> bool:
        """Whether facts come from Oxigraph or the endpoint by query (they have not been read whole)."""
        return self.store != "memory" and "facts" not in self.__dict__

    @property
    def reads_remotely(self) -> bool:
        """Whether facts come from the endpoint piecemeal."""
        return self.store == "endpoint" and self.reads_piecemeal

    def execute(self, text: str, prepared, bindings: dict, *, service: bool = False):
        """Run a parsed SPARQL query in this graph's store; returns an rdflib Result.

        On Oxigraph a query with ``service`` runs in rdflib instead, as Oxigraph's SERVICE
        requests cannot be given a timeout."""
        if self.triple_store is not None and not (service and self.store == "oxigraph"):
            return self.triple_store.query(text, bindings)
        return self.graph.query(prepared, initBindings=bindings)

    @cached_property
    def graph(self):
        """The rdflib graph of the files (or of the endpoint's triples), made on first use
        (SPARQL, validation, RDF export, publishing)."""
        if self.store == "endpoint":
            from rdflib import Graph

            from .endpoint import rdflib_term
            from .namespaces import bind_prefixes

            graph = bind_prefixes(Graph())
            for triple in self.endpoint.triples():
                graph.add(tuple(rdflib_term(t) for t in triple))
            return graph
        return load_graph(self.files, remote_contexts=self.remote_contexts)

    @cached_property
    def facts(self) -> Facts:
        from .facts import from_triples

        cached = self._read_cached_facts()
        if cached is not None:
            return cached
        return from_triples(self.triple_store.triples() if self.triple_store is not None else self.graph)

    def _read_cached_facts(self) -> Facts | None:
        return None  # a graph loaded from the cache reads its facts entry here

    @cached_property
    def core_facts(self) -> Facts:
        """The facts look-up and routes need (types, labels, lengths, requirements, progressions).

        With Oxigraph or an endpoint they are read by predicate, without reading the rest.
        """
        if self.reads_piecemeal:
            from .facts import CORE_PREDICATES, from_triples

            return from_triples(self.triple_store.triples(CORE_PREDICATES))
        return self.facts

    def facts_about(self, *iris: str) -> Facts:
        """Facts enough for :meth:`record` of each of ``iris``: all of them once read, else from
        Oxigraph or an endpoint only the nodes' neighbourhoods (one query per 200 nodes)."""
        if self.reads_piecemeal:
            from .facts import from_triples

            batches = (iris[start:start + 200] for start in range(0, len(iris), 200))
            return from_triples(t for batch in batches for t in self.triple_store.neighbourhood(batch))
        return self.facts

    # ------------------------------------------------------------ kinds and names

    @cached_property
    def kinds(self) -> dict[str, str]:
        """Every typed node (or source) and its kind."""
        rank = {cls: i for i, cls in enumerate(KIND_CLASSES.values())}
        kinds: dict[str, str] = {}
        for subject, cls in self.core_facts.subject_objects(vocab.RDF_TYPE):
            if cls in rank and not subject.startswith("_:"):
                current = kinds.get(subject)
                if current is None or rank[cls] < rank[KIND_CLASSES[current]]:
                    kinds[subject] = KIND_OF_CLASS[cls]
        return kinds

    @cached_property
    def kind_ancestors(self) -> dict[str, frozenset[str]]:
        """For each kind, itself and the kinds it is a subclass of (from the ontology)."""
        ancestors = {}
        for kind, cls in KIND_CLASSES.items():
            seen, todo = set(), [cls]
            while todo:
                current = todo.pop()
                if current not in seen:
                    seen.add(current)
                    todo.extend(self.core_facts.objects(current, vocab.RDFS_SUBCLASS))
            ancestors[kind] = frozenset(KIND_OF_CLASS[c] for c in seen if c in KIND_OF_CLASS)
        return ancestors

    @cached_property
    def labels(self) -> dict[str, str]:
        """The display label of every typed node."""
        return {iri: self._label(iri, self.core_facts) for iri in self.kinds}

    def label(self, iri: str) -> str:
        """The English preferred label (or rdfs:label, or title) of ``iri``, else its short id."""
        found = self.labels.get(iri)
        return found if found is not None else self._label(iri, self.core_facts)

    def _label(self, iri: str, f: Facts) -> str:
        labels = f.objects(iri, vocab.PREF_LABEL) or f.objects(iri, vocab.RDFS_LABEL) or f.objects(iri, vocab.TITLE)
        english = [l for l in labels if getattr(l, "lang", None) in (None, "en")]
        chosen = sorted(str(l) for l in (english or labels))
        return chosen[0] if chosen else self.short_id(iri)

    def short_id(self, iri: str) -> str:
        """The slug for project nodes, else a CURIE, else the IRI."""
        for prefix, namespace in vocab.PREFIXES.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                local = iri[len(namespace):]
                return local if prefix == "cg" else f"{prefix}:{local}"
        return iri

    def ref(self, iri: str) -> NodeRef:
        return NodeRef(self.short_id(iri), iri, self.label(iri), self.kinds.get(iri, "node"))

    @cached_property
    def _name_index(self) -> list[dict[str, tuple[str, ...]]]:
        """Labels to nodes, in tiers: preferred labels, then other labels, then the other labels of
        certifications (ids are looked up in ``kinds``).

        A certificate's official name is its specialty's name ("Dermatology"), so it is looked up last:
        the name finds the training or career, and the certification only when nothing else has it.
        """
        preferred: dict[str, set[str]] = {}
        other: dict[str, set[str]] = {}
        certificate: dict[str, set[str]] = {}
        for iri in self.kinds:
            for label in self.core_facts.objects(iri, vocab.PREF_LABEL):
                preferred.setdefault(_normalise(label), set()).add(iri)
            tier = certificate if self.kinds[iri] == "certification" else other
            for prop in (vocab.ALT_LABEL, vocab.RDFS_LABEL, vocab.TITLE):
                for label in self.core_facts.objects(iri, prop):
                    tier.setdefault(_normalise(label), set()).add(iri)
        # tuples, not sets: several times faster to read back from the cache
        return [{name: tuple(sorted(iris)) for name, iris in tier.items()} for tier in (preferred, other, certificate)]

    def _by_id(self, name: str) -> str | None:
        """The node whose IRI, CURIE or slug (with spaces for hyphens) is ``name``, if any."""
        text = re.sub(r"\s+", " ", str(name).strip())
        forms = [text, vocab.CG + text, vocab.CG + text.replace(" ", "-")]
        prefix, colon, local = text.partition(":")
        if colon and prefix in vocab.PREFIXES and not local.startswith("//"):
            forms.append(vocab.PREFIXES[prefix] + local)
        for form in forms + [f.casefold() for f in forms]:
            if form in self.kinds:
                return form
        return None

    def resolve(self, name: str) -> str:
        """The IRI of the node named ``name`` by IRI, CURIE, slug, label or alternative label.

        Raises
        ------
        UnknownNodeError
            No node has that name (the error lists up to five close matches).
        AmbiguousNodeError
            Several nodes share that name.
        """
        found = self._by_id(name)
        if found is not None:
            return found
        key = _normalise(name)
        for tier in self._name_index:
            matches = tier.get(key)
            if matches and len(matches) == 1:
                return matches[0]
            if matches:
                raise AmbiguousNodeError(name, sorted(f"{self.short_id(i)} ({self.label(i)})" for i in matches))
        raise UnknownNodeError(name, self.close_matches(name))

    def node(self, name: str) -> NodeRef:
        """The node named ``name`` (see :meth:`resolve`)."""
        return self.ref(self.resolve(name))

    def close_matches(self, name: str, n: int = 5) -> list[str]:
        """Up to ``n`` node ids whose names are closest to ``name``."""
        key = _normalise(name)
        names: dict[str, str] = {_normalise(self.short_id(iri)): iri for iri in self.kinds}
        for tier in self._name_index:
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
            if self.kinds.get(iri) == "source":
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
            short = self.short_id(names[text])
            if short not in found:
                found.append(short)
            if len(found) == n:
                break
        return found

    def check_kind(self, kind: str) -> str:
        kind = kind.strip().lower()
        if kind not in KIND_CLASSES:
            close = difflib.get_close_matches(kind, list(KIND_CLASSES), n=3)
            hint = f"; did you mean: {', '.join(close)}?" if close else ""
            raise UnknownTypeError(f"unknown node type {kind!r}{hint} (types: {', '.join(KIND_CLASSES)})")
        return kind

    def is_kind(self, iri: str, kind: str) -> bool:
        return kind in self.kind_ancestors.get(self.kinds.get(iri, "node"), frozenset())

    # ------------------------------------------------------------ listing and search

    def nodes(self, type: str | None = None) -> list[NodeRef]:
        """Every node (sources excluded unless asked for), or those of one kind, sorted by kind and label."""
        kind = self.check_kind(type) if type else None
        refs = [
            self.ref(iri) for iri, k in self.kinds.items()
            if (self.is_kind(iri, kind) if kind else k != "source")
        ]
        return sorted(refs, key=lambda r: (r.type, r.label.casefold(), r.id))

    def search(self, text: str, type: str | None = None) -> list[NodeRef]:
        """Nodes whose id, labels or definition contain ``text``, best matches first (sources only by type)."""
        needle = _normalise(text)
        if not needle:
            return []
        kind = self.check_kind(type) if type else None
        definitions = self._definitions_containing(needle)
        scored = []
        for iri, node_kind in self.kinds.items():
            if not (self.is_kind(iri, kind) if kind else node_kind != "source"):
                continue
            label = _normalise(self.label(iri))
            names = [_normalise(x) for p in (vocab.ALT_LABEL, vocab.RDFS_LABEL) for x in self.core_facts.objects(iri, p)]
            names.append(_normalise(self.short_id(iri).replace("-", " ")))
            definition = definitions.get(iri, "")
            if label == needle or needle in names:
                score = 0
            elif label.startswith(needle):
                score = 1
            elif needle in label:
                score = 2
            elif any(needle in n for n in names):
                score = 3
            elif needle in definition:
                score = 4
            else:
                continue
            ref = self.ref(iri)
            scored.append((score, ref.label.casefold(), ref.id, ref))
        return [ref for *_, ref in sorted(scored)]

    def _definitions_containing(self, needle: str) -> dict[str, str]:
        """The normalised definitions that contain ``needle``, by node; an endpoint is asked for
        those containing its longest word, the rest is checked here."""
        if self.reads_remotely:
            word = max(re.split(r"[\s-]+", needle), key=len)
            pairs = self.endpoint.objects_containing(vocab.DEFINITION, word)
        else:
            pairs = ((iri, d) for iri in self.kinds for d in self.facts.objects(iri, vocab.DEFINITION))
        found: dict[str, str] = {}
        for iri, definition in pairs:
            text = _normalise(definition)
            if needle in text:
                found[iri] = f"{found[iri]} {text}" if iri in found else text
        return found

    # ------------------------------------------------------------ records

    def years(self, iri: str, f: Facts | None = None) -> dict | None:
        f = f if f is not None else self.core_facts
        low = _number(f.value(iri, vocab.MIN_YEARS))
        high = _number(f.value(iri, vocab.MAX_YEARS))
        if low is None and high is None:
            return None
        return {"min": low if low is not None else high, "max": high if high is not None else low}

    def _refs(self, iris) -> list[dict]:
        return [r.to_dict() for r in sorted({self.ref(i) for i in iris}, key=lambda r: (r.label.casefold(), r.id))]

    def alternatives(self, iri: str, f: Facts | None = None) -> list[list[str]]:
        """The "requires one of" groups of a node, each a sorted list of options."""
        f = f if f is not None else self.core_facts
        return sorted(sorted(f.objects(group, vocab.OPTION)) for group in f.objects(iri, vocab.REQUIRES_ONE_OF))

    def sources(self, iri: str, f: Facts | None = None) -> list[dict]:
        """The evidence for ``iri``: each source with its URL or file, the quote and what it supports."""
        f = f if f is not None else self.facts_about(iri)
        rows = []
        for evidence in f.objects(iri, vocab.EVIDENCE):
            source = f.value(evidence, vocab.SOURCE)
            rows.append({
                "id": self.short_id(source) if source is not None else None,
                "title": self.label(source) if source is not None else None,
                "url": _text(f.value(source, vocab.URL)),
                "file": _text(f.value(source, vocab.IDENTIFIER)),
                "quote": str(f.value(evidence, vocab.QUOTE) or ""),
                "supports": sorted(self.short_id(p) for p in f.objects(evidence, vocab.SUPPORTS)),
                "date": _text(f.value(evidence, vocab.DATE)),
            })
        return sorted(rows, key=lambda r: (r["id"] or "", r["quote"]))

    def record(self, name: str, facts: Facts | None = None) -> dict:
        """Everything the graph says about one node, as plain data (``show --format json``);
        ``facts`` (from :meth:`facts_about`) saves reading them when recording many nodes."""
        iri = self.resolve(name)
        f = facts if facts is not None else self.facts_about(iri)
        required_by = set(f.subjects(vocab.REQUIRES, iri))
        for group in f.subjects(vocab.OPTION, iri):
            required_by.update(f.subjects(vocab.REQUIRES_ONE_OF, group))
        record = self.ref(iri).to_dict()
        record.update({
            "alt_labels": sorted(str(x) for x in f.objects(iri, vocab.ALT_LABEL)),
            "definition": _text(f.value(iri, vocab.DEFINITION)),
            "duration_years": self.years(iri, f),
            "prior_gme_years": _number(f.value(iri, vocab.PRIOR_GME_YEARS)),
            "requires": self._refs(f.objects(iri, vocab.REQUIRES)),
            "requires_one_of": [self._refs(group) for group in self.alternatives(iri, f)],
            "leads_to": self._refs(f.objects(iri, vocab.LEADS_TO)),
            "entered_from": self._refs(f.subjects(vocab.LEADS_TO, iri)),
            "required_by": self._refs(required_by),
            "awards": self._refs(f.objects(iri, vocab.AWARDS)),
            "awarded_by": self._refs(f.subjects(vocab.AWARDS, iri)),
            "holds": self._refs(f.objects(iri, vocab.HOLDS)),
            "certified_by": self._refs(f.objects(iri, vocab.CERTIFIED_BY)),
            "no_board_certificate": _text(f.value(iri, vocab.NO_BOARD_CERTIFICATE)) in ("true", "1"),
            "subspecialty_of": self._refs(f.objects(iri, vocab.SUBSPECIALTY_OF)),
            "subspecialties": self._refs(f.subjects(vocab.SUBSPECIALTY_OF, iri)),
            "broader": self._refs(f.objects(iri, vocab.BROADER)),
            "typical_credentials": self._refs(f.objects(iri, vocab.TYPICAL_CREDENTIAL)),
            "career_category": _text(f.value(iri, vocab.CAREER_CATEGORY)),
            "care_type": _text(f.value(iri, vocab.CARE_TYPE)),
            "codes": {k: sorted(str(v) for v in values)
                      for k, values in (("nucc", f.objects(iri, vocab.NUCC_CODE)),
                                        ("onet", f.objects(iri, vocab.ONET_CODE))) if values},
            "practice_pathway_until": _text(f.value(iri, vocab.PRACTICE_PATHWAY_UNTIL)),
            "salary": self.salaries(f, iri),
            "sources": self.sources(iri, f),
        })
        return record

    def salaries(self, f: Facts, iri: str) -> list[dict]:
        """The salary figures of ``iri`` in ``f``, newest first (the store's order of blank nodes is arbitrary)."""
        return sorted((self._salary(f, s) for s in f.objects(iri, vocab.SALARY)),
                      key=lambda s: (s["year"] or "", s["min"] or 0, s["source"] or ""), reverse=True)

    def _salary(self, f: Facts, node) -> dict:
        source = f.value(node, vocab.SOURCE)
        return {
            "min": _number(f.value(node, vocab.MIN_VALUE)),
            "max": _number(f.value(node, vocab.MAX_VALUE)),
            "currency": _text(f.value(node, vocab.CURRENCY)),
            "measure": _text(f.value(node, vocab.MEASURE)),
            "year": _text(f.value(node, vocab.DATE)),
            "checked": _text(f.value(node, vocab.DATE_CHECKED)),
            "source": self.short_id(source) if source is not None else None,
            "source_title": _text(f.value(source, vocab.TITLE)) if source is not None else None,
            "url": _text(f.value(source, vocab.URL)) if source is not None else None,
            "quote": _text(f.value(node, vocab.QUOTE)),
        }

    def stats(self) -> dict:
        """Counts of triples, nodes by kind, relations and sources."""
        by_kind: dict[str, int] = {}
        for kind in self.kinds.values():
            by_kind[kind] = by_kind.get(kind, 0) + 1

        if self.reads_remotely:
            count, triples = self.endpoint.count, self.endpoint.count()
        else:
            def count(predicate):
                return sum(len(p.get(predicate, ())) for p in self.facts.by_subject.values())
            triples = self.facts.triples

        return {
            "files": len(self.files),
            "triples": triples,
            "nodes": sum(n for k, n in by_kind.items() if k != "source"),
            "nodes_by_type": dict(sorted(by_kind.items())),
            "relations": {name: count(vocab.cg(name)) for name in
                          ("leadsTo", "requires", "requiresOneOf", "awards", "certifiedBy", "subspecialtyOf")},
            "evidence": count(vocab.EVIDENCE),
            "salary_checked": self._checked_range(vocab.SALARY),
        }

    def _checked_range(self, predicate: str) -> dict | None:
        """The oldest and newest day the figures of ``predicate`` (salary) were checked; None when there are none."""
        if self.reads_remotely:
            _, rows = self.endpoint.select(
                f"SELECT (MIN(STR(?day)) AS ?oldest) (MAX(STR(?day)) AS ?newest) "
                f"WHERE {{ ?node <{predicate}> ?figure . ?figure <{vocab.DATE_CHECKED}> ?day }}")
            row = rows[0] if rows else {}
            days = [row[name]["value"] for name in ("oldest", "newest") if name in row]
        else:
            days = sorted(str(day) for p in self.facts.by_subject.values() for figure in p.get(predicate, ())
                          for day in self.facts.objects(figure, vocab.DATE_CHECKED))
        return {"oldest": days[0], "newest": days[-1]} if days else None

    # ------------------------------------------------------------ other concerns

    def validate(self) -> ValidationReport:
        """Check the graph against the SHACL shapes; see :func:`careergraph.validate.validate_graph`."""
        from .validate import validate_graph

        return validate_graph(self.graph)

    def to_networkx(self) -> nx.DiGraph:
        """The progression graph as a ``networkx.DiGraph`` (built once, then reused)."""
        return self.projection.digraph

    def query(self, name_or_text: str, *, allow_service: bool = False, timeout: float = 60.0,
              **params: str) -> QueryResult:
        """Run a bundled query (by name), a ``.rq`` file or SPARQL text; see :func:`careergraph.sparql.run_query`.

        Parameters are keyword arguments: ``kg.query("fellowships-by-residency", residency="pediatrics")``.
        ``timeout`` is the time limit of the evaluation in seconds (QueryTimeoutError past it).
        """
        from .sparql import run_query

        return run_query(self, name_or_text, params, allow_service=allow_service, timeout=timeout)

    def open_store(self, *, service: bool = False) -> None:
        """Load the triples SPARQL runs on (the rdflib graph or the Oxigraph store), if not yet loaded;
        a query with ``service`` runs in rdflib on every local store (see :meth:`execute`)."""
        if self.store == "oxigraph" and not service:
            self.oxigraph.store
        elif self.store in ("memory", "oxigraph"):
            self.graph

    def planner(self, by: str = "years", avoid: Iterable[str] = ()) -> Planner:
        from .routes import Planner

        return Planner(self.projection, by=by, avoid=[self.node(n).id for n in avoid])

    def routes(self, source: str, target: str, *, via: Iterable[str] = (), avoid: Iterable[str] = (),
               have: Iterable[str] = (), by: str = "years", k: int = 1) -> list[Route]:
        """The ``k`` best prerequisite-complete routes from ``source`` to ``target``, best first.

        Parameters
        ----------
        source, target : str
            Node names (a starting profile such as "international medical graduate" may be the source).
        via : sequence of str
            Nodes to visit, in order.
        avoid : sequence of str
            Nodes no route may contain.
        have : sequence of str
            What the person already holds or has done; the route lists only what is left.
        by : {"years", "steps"}
            Rank by total minimum years (default) or by number of steps.
        k : int
            How many distinct routes.

        Returns
        -------
        list of Route

        Raises
        ------
        UnknownNodeError, AmbiguousNodeError
            A name does not name exactly one node.
        NoRouteError
            No route exists; the message says what blocks it.
        """
        from .routes import Route

        planner = self.planner(by, avoid)
        start, goal = self.node(source), self.node(target)
        found = planner.routes(start.id, goal.id, via=[self.node(n).id for n in via],
                               have=[self.node(n).id for n in have], k=k)
        return [Route(start.to_dict(), goal.to_dict(), tuple(steps), by, cost) for steps, cost in found]

    def route(self, source: str, target: str, **options) -> Route:
        """The best route (see :meth:`routes`)."""
        return self.routes(source, target, k=1, **options)[0]

    def requires(self, target: str, *, have: Iterable[str] = (), by: str = "years") -> RequirementPlan:
        """Everything needed to reach ``target``, prerequisites first, cheapest options chosen.

        Returns
        -------
        RequirementPlan
        """
        from .routes import RequirementPlan

        goal = self.node(target)
        steps = self.planner(by).requirement_plan(goal.id, have=[self.node(n).id for n in have])
        return RequirementPlan(goal.to_dict(), tuple(steps))

    def next(self, name: str) -> list[NextOption]:
        """The options open after ``name``, stated progressions first."""
        return self.planner().next_options(self.node(name).id)

    def plan(self, source: str, target: str, start: str, **route_options) -> Plan:
        """The best route from ``source`` to ``target`` as a dated calendar from ``start`` ("YYYY-MM");
        options as :meth:`route`. See :func:`careergraph.planning.plan`.

        Returns
        -------
        Plan
        """
        from .planning import plan

        return plan(self, source, target, start, **route_options)

    def compare(self, names: Sequence[str], *, start: str = "US MD student") -> Comparison:
        """Specialties or careers side by side, each on its best route from ``start`` (the start of
        medical school). See :func:`careergraph.compare.compare`.

        Returns
        -------
        Comparison
        """
        from .compare import compare

        return compare(self, names, start=start)

    def reach(self, source: str, within: float, *, have: Iterable[str] = (), type: str | None = None) -> Reach:
        """Everything that can be entered within ``within`` further years after ``source``, ranked
        by the years added, each with its shortest route. See :func:`careergraph.reach.reach`.

        Returns
        -------
        Reach
        """
        from .reach import reach

        return reach(self, source, within, have=have, type=type)

    def publish(self, endpoint, *, graph_store: str | None = None, replace: bool = False,
                batch: int | None = None, progress=None) -> dict:
        """Load this graph into the SPARQL server ``endpoint``; see :func:`careergraph.endpoint.publish`."""
        from .endpoint import Endpoint, publish

        endpoint = endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint)
        return publish(endpoint, self.graph, graph_store=graph_store, replace=replace, batch=batch,
                       progress=progress)

    @cached_property
    def projection(self) -> Projection:
        from .projection import Projection

        return Projection.from_graph(self)

    @cached_property
    def calendar(self) -> dict:
        """The annual-cycle events of each node (node id -> {"events", "sources"}), as plain data;
        see :func:`careergraph.planning.read_calendar`."""
        from .planning import read_calendar

        return read_calendar(self)

    @cached_property
    def profiles(self) -> dict:
        """What a comparison shows of each training stage, certification and career (boards, care
        type, category, salary), as plain data; see :func:`careergraph.compare.read_profiles`."""
        from .compare import read_profiles

        return read_profiles(self)

    # What look-up, routes, plans and comparisons need, cached apart from the (much larger) facts.
    COMPILED = ("kinds", "kind_ancestors", "labels", "_name_index", "projection", "calendar", "profiles")

    def compiled(self) -> dict:
        """The look-up and route data, as plain data for the cache."""
        return {name: getattr(self, name) for name in self.COMPILED}


def load(paths=(), *, bundled: bool = True, cache: bool = True, store: str = "memory",
         endpoint=None, remote_contexts: bool = False) -> KnowledgeGraph:
    """Load the bundled graph plus ``paths`` (files or directories of Turtle, N-Triples, JSON-LD, TriG).

    With ``cache`` (the default) the compiled graph is reused from the user's cache directory while
    no input file has changed; see :mod:`careergraph.cache`. ``store="oxigraph"`` keeps the triples
    in a persistent Oxigraph store and runs SPARQL there (see :mod:`careergraph.oxistore`).
    ``endpoint`` (a URL or an :class:`~careergraph.endpoint.Endpoint`) reads the graph from a SPARQL
    server instead of files (see :mod:`careergraph.endpoint`). Loading never reaches the network:
    a JSON-LD file's remote ``@context`` is refused unless ``remote_contexts`` (the in-memory store
    only; Oxigraph reads no document but the file).

    Raises
    ------
    GraphLoadError
        A file is missing, of an unknown type, or malformed (the message names file and line).
    EndpointError
        The endpoint cannot be reached or answers with an error.
    """
    if endpoint is not None:
        from .endpoint import Endpoint

        if paths:
            raise BadInputError("graph files are not read from an endpoint; publish them to it first")
        if store not in ("memory", "endpoint"):
            raise BadInputError(f"the {store} store and an endpoint exclude each other")
        endpoint = endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint)
        files, store = [], "endpoint"
    else:
        files = (bundled_files() if bundled else []) + graph_files(paths)
    if not cache:
        return KnowledgeGraph(files, store=store, endpoint=endpoint, remote_contexts=remote_contexts)
    from . import cache as compiled_cache

    return compiled_cache.load(files, store=store, endpoint=endpoint, remote_contexts=remote_contexts)
