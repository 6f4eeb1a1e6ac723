"""The loaded knowledge graph: node look-up, records, search and statistics.

``careergraph.load()`` returns a :class:`KnowledgeGraph`; the route, SPARQL, validation and
visualisation modules work on it, and the CLI is a thin layer over its methods.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from . import store
from .errors import AmbiguousNodeError, UnknownNodeError, UnknownTypeError
from .namespaces import CG, SCHEMA

# Node kinds by class, most specific first: a node's kind is the first of its classes listed.
KIND_CLASSES = {
    "profile": CG.Profile,
    "education": CG.Education,
    "exam": CG.Exam,
    "process": CG.Process,
    "residency": CG.Residency,
    "fellowship": CG.Fellowship,
    "preliminary-year": CG.PreliminaryYear,
    "training": CG.Training,
    "licensure": CG.Licensure,
    "certification": CG.Certification,
    "credential": CG.Credential,
    "career": CG.Career,
    "board": CG.Board,
    "stage": CG.Stage,
    "source": CG.Source,
    "node": CG.Node,
}
KIND_OF_CLASS = {cls: kind for kind, cls in KIND_CLASSES.items()}
# Kinds whose members are steps of a route (credentials and boards are not).
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
    text = text.casefold().replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip()


def _number(literal) -> float | int | None:
    if literal is None:
        return None
    value = literal.toPython() if isinstance(literal, Literal) else literal
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else number


class KnowledgeGraph:
    """An RDF graph of physician careers with look-up by name.

    Parameters
    ----------
    graph : rdflib.Graph
        The loaded triples (ontology and data).
    files : list of Path
        The files they were read from.
    """

    def __init__(self, graph: Graph, files=()):
        self.graph = graph
        self.files = [Path(f) for f in files]

    # ------------------------------------------------------------ kinds and names

    @cached_property
    def kinds(self) -> dict[URIRef, str]:
        """Every typed node (or source) and its kind."""
        rank = {cls: i for i, cls in enumerate(KIND_CLASSES.values())}
        kinds: dict[URIRef, str] = {}
        for subject, cls in self.graph.subject_objects(RDF.type):
            if cls in rank and isinstance(subject, URIRef):
                current = kinds.get(subject)
                if current is None or rank[cls] < rank[KIND_CLASSES[current]]:
                    kinds[subject] = KIND_OF_CLASS[cls]
        return kinds

    @cached_property
    def kind_ancestors(self) -> dict[str, frozenset[str]]:
        """For each kind, itself and the kinds it is a subclass of (from the ontology)."""
        ancestors = {}
        for kind, cls in KIND_CLASSES.items():
            supers = self.graph.transitive_objects(cls, RDFS.subClassOf)
            ancestors[kind] = frozenset(KIND_OF_CLASS[c] for c in supers if c in KIND_OF_CLASS) | {kind}
        return ancestors

    def label(self, iri: URIRef) -> str:
        labels = list(self.graph.objects(iri, SKOS.prefLabel)) or list(self.graph.objects(iri, RDFS.label)) \
            or list(self.graph.objects(iri, DCTERMS.title))
        english = [l for l in labels if getattr(l, "language", None) in (None, "en")]
        chosen = sorted(english or labels, key=str)
        return str(chosen[0]) if chosen else self.short_id(iri)

    def short_id(self, iri: URIRef) -> str:
        """The slug for project nodes, else a CURIE, else the IRI."""
        text = str(iri)
        if text.startswith(str(CG)):
            return text[len(CG):]
        try:
            return self.graph.namespace_manager.curie(text, generate=False)
        except (ValueError, KeyError):
            return text

    def ref(self, iri: URIRef) -> NodeRef:
        return NodeRef(self.short_id(iri), str(iri), self.label(iri), self.kinds.get(iri, "node"))

    @cached_property
    def _name_index(self) -> list[dict[str, set[URIRef]]]:
        """Names to nodes, in tiers: ids and IRIs, preferred labels, other labels."""
        ids: dict[str, set[URIRef]] = {}
        preferred: dict[str, set[URIRef]] = {}
        other: dict[str, set[URIRef]] = {}
        for iri in self.kinds:
            short = self.short_id(iri)
            for key in {str(iri), short, f"cg:{short}", short.replace("-", " ")}:
                ids.setdefault(_normalise(key), set()).add(iri)
            for label in self.graph.objects(iri, SKOS.prefLabel):
                preferred.setdefault(_normalise(label), set()).add(iri)
            for prop in (SKOS.altLabel, RDFS.label, DCTERMS.title):
                for label in self.graph.objects(iri, prop):
                    other.setdefault(_normalise(label), set()).add(iri)
        return [ids, preferred, other]

    def resolve(self, name: str) -> URIRef:
        """The IRI of the node named ``name`` by IRI, CURIE, slug, label or alternative label.

        Raises
        ------
        UnknownNodeError
            No node has that name (the error lists up to five close matches).
        AmbiguousNodeError
            Several nodes share that name.
        """
        key = _normalise(str(name))
        if ":" in key and not key.startswith(("http:", "https:", "cg:")):
            try:
                key = _normalise(str(self.graph.namespace_manager.expand_curie(str(name).strip())))
            except ValueError:
                pass
        for tier in self._name_index:
            found = tier.get(key)
            if found and len(found) == 1:
                return next(iter(found))
            if found:
                raise AmbiguousNodeError(name, sorted(f"{self.short_id(i)} ({self.label(i)})" for i in found))
        raise UnknownNodeError(name, self.close_matches(name))

    def node(self, name: str) -> NodeRef:
        """The node named ``name`` (see :meth:`resolve`)."""
        return self.ref(self.resolve(name))

    def close_matches(self, name: str, n: int = 5) -> list[str]:
        """Up to ``n`` node ids whose names are closest to ``name``."""
        key = _normalise(str(name))
        names: dict[str, URIRef] = {}
        for tier in self._name_index:
            for text, iris in tier.items():
                if not text.startswith("http"):
                    for iri in iris:
                        names.setdefault(text, iri)
        found: list[str] = []
        for text in difflib.get_close_matches(key, list(names), n=n * 3, cutoff=0.6):
            short = self.short_id(names[text])
            if short not in found:
                found.append(short)
        return found[:n]

    def check_kind(self, kind: str) -> str:
        kind = kind.strip().lower()
        if kind not in KIND_CLASSES:
            close = difflib.get_close_matches(kind, list(KIND_CLASSES), n=3)
            hint = f"; did you mean: {', '.join(close)}?" if close else ""
            raise UnknownTypeError(f"unknown node type {kind!r}{hint} (types: {', '.join(KIND_CLASSES)})")
        return kind

    def is_kind(self, iri: URIRef, kind: str) -> bool:
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
        scored = []
        for iri, node_kind in self.kinds.items():
            if not (self.is_kind(iri, kind) if kind else node_kind != "source"):
                continue
            label = _normalise(self.label(iri))
            names = [_normalise(x) for p in (SKOS.altLabel, RDFS.label) for x in self.graph.objects(iri, p)]
            names.append(_normalise(self.short_id(iri).replace("-", " ")))
            definition = " ".join(_normalise(d) for d in self.graph.objects(iri, SKOS.definition))
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

    # ------------------------------------------------------------ records

    def years(self, iri: URIRef) -> dict | None:
        low = _number(self.graph.value(iri, CG.minYears))
        high = _number(self.graph.value(iri, CG.maxYears))
        if low is None and high is None:
            return None
        return {"min": low if low is not None else high, "max": high if high is not None else low}

    def _refs(self, iris) -> list[dict]:
        return [r.to_dict() for r in sorted({self.ref(i) for i in iris}, key=lambda r: (r.label.casefold(), r.id))]

    def alternatives(self, iri: URIRef) -> list[list[URIRef]]:
        """The "requires one of" groups of a node, each a sorted list of options."""
        groups = [sorted(self.graph.objects(group, CG.option)) for group in self.graph.objects(iri, CG.requiresOneOf)]
        return sorted(groups)

    def sources(self, iri: URIRef) -> list[dict]:
        rows = []
        for evidence in self.graph.objects(iri, CG.evidence):
            source = self.graph.value(evidence, DCTERMS.source)
            url = self.graph.value(source, SCHEMA.url) if source is not None else None
            rows.append({
                "id": self.short_id(source) if source is not None else None,
                "title": self.label(source) if source is not None else None,
                "url": str(url) if url is not None else None,
                "file": str(self.graph.value(source, DCTERMS.identifier) or "") or None if source is not None else None,
                "quote": str(self.graph.value(evidence, CG.quote) or ""),
                "supports": sorted(self.short_id(p) for p in self.graph.objects(evidence, CG.supports)),
                "date": str(self.graph.value(evidence, DCTERMS.date) or "") or None,
            })
        return sorted(rows, key=lambda r: (r["id"] or "", r["quote"]))

    def record(self, name: str) -> dict:
        """Everything the graph says about one node, as plain data (``show --format json``)."""
        iri = self.resolve(name)
        g = self.graph
        record = self.ref(iri).to_dict()
        leads_to = set(g.objects(iri, CG.leadsTo))
        entered_from = set(g.subjects(CG.leadsTo, iri))
        record.update({
            "alt_labels": sorted(str(x) for x in g.objects(iri, SKOS.altLabel)),
            "definition": str(g.value(iri, SKOS.definition) or "") or None,
            "duration_years": self.years(iri),
            "prior_gme_years": _number(g.value(iri, CG.priorGmeYears)),
            "requires": self._refs(g.objects(iri, CG.requires)),
            "requires_one_of": [self._refs(group) for group in self.alternatives(iri)],
            "leads_to": self._refs(leads_to),
            "entered_from": self._refs(entered_from),
            "required_by": self._refs(
                set(g.subjects(CG.requires, iri))
                | {s for grp in g.subjects(CG.option, iri) for s in g.subjects(CG.requiresOneOf, grp)}
            ),
            "awards": self._refs(g.objects(iri, CG.awards)),
            "awarded_by": self._refs(g.subjects(CG.awards, iri)),
            "holds": self._refs(g.objects(iri, CG.holds)),
            "certified_by": self._refs(g.objects(iri, CG.certifiedBy)),
            "subspecialty_of": self._refs(g.objects(iri, CG.subspecialtyOf)),
            "subspecialties": self._refs(g.subjects(CG.subspecialtyOf, iri)),
            "broader": self._refs(g.objects(iri, SKOS.broader)),
            "typical_credentials": self._refs(g.objects(iri, CG.typicalCredential)),
            "career_category": str(g.value(iri, CG.careerCategory) or "") or None,
            "care_type": str(g.value(iri, CG.careType) or "") or None,
            "codes": {k: str(v) for k, v in (("nucc", g.value(iri, CG.nuccCode)), ("onet", g.value(iri, CG.onetCode))) if v},
            "salary": [self._salary(s) for s in g.objects(iri, CG.salary)],
            "sources": self.sources(iri),
        })
        return record

    def _salary(self, node) -> dict:
        g = self.graph
        source = g.value(node, DCTERMS.source)
        return {
            "min": _number(g.value(node, SCHEMA.minValue)),
            "max": _number(g.value(node, SCHEMA.maxValue)),
            "currency": str(g.value(node, SCHEMA.currency) or "") or None,
            "year": str(g.value(node, DCTERMS.date) or "") or None,
            "source": self.short_id(source) if source is not None else None,
        }

    def stats(self) -> dict:
        """Counts of triples, nodes by kind, relations and sources."""
        by_kind: dict[str, int] = {}
        for kind in self.kinds.values():
            by_kind[kind] = by_kind.get(kind, 0) + 1
        g = self.graph
        return {
            "files": len(self.files),
            "triples": len(g),
            "nodes": sum(n for k, n in by_kind.items() if k != "source"),
            "nodes_by_type": dict(sorted(by_kind.items())),
            "relations": {
                "leadsTo": sum(1 for _ in g.triples((None, CG.leadsTo, None))),
                "requires": sum(1 for _ in g.triples((None, CG.requires, None))),
                "requiresOneOf": sum(1 for _ in g.triples((None, CG.requiresOneOf, None))),
                "awards": sum(1 for _ in g.triples((None, CG.awards, None))),
                "certifiedBy": sum(1 for _ in g.triples((None, CG.certifiedBy, None))),
                "subspecialtyOf": sum(1 for _ in g.triples((None, CG.subspecialtyOf, None))),
            },
            "evidence": sum(1 for _ in g.triples((None, CG.evidence, None))),
        }

    # ------------------------------------------------------------ other concerns

    def validate(self):
        """Check the graph against the SHACL shapes; see :func:`careergraph.validate.validate_graph`."""
        from .validate import validate_graph

        return validate_graph(self.graph)

    def to_networkx(self):
        """The progression graph as a ``networkx.DiGraph`` (built once, then reused)."""
        return self._projection.digraph

    def query(self, name_or_text: str, *, allow_service: bool = False, **params):
        """Run a bundled query (by name), a ``.rq`` file or SPARQL text; see :func:`careergraph.sparql.run_query`.

        Parameters are keyword arguments: ``kg.query("fellowships-by-residency", residency="pediatrics")``.
        """
        from .sparql import run_query

        return run_query(self, name_or_text, params, allow_service=allow_service)

    def planner(self, by: str = "years", avoid=()):
        from .routes import Planner

        return Planner(self._projection, by=by, avoid=[self.node(n).id for n in avoid])

    def routes(self, source: str, target: str, *, via=(), avoid=(), have=(), by: str = "years", k: int = 1):
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

    def route(self, source: str, target: str, **options):
        """The best route (see :meth:`routes`)."""
        return self.routes(source, target, k=1, **options)[0]

    def requires(self, target: str, *, have=(), by: str = "years"):
        """Everything needed to reach ``target``, prerequisites first, cheapest options chosen.

        Returns
        -------
        RequirementPlan
        """
        from .routes import RequirementPlan

        goal = self.node(target)
        steps = self.planner(by).requirement_plan(goal.id, have=[self.node(n).id for n in have])
        return RequirementPlan(goal.to_dict(), tuple(steps))

    def next(self, name: str):
        """The options open after ``name``, stated progressions first."""
        return self.planner().next_options(self.node(name).id)

    @cached_property
    def _projection(self):
        from .projection import Projection

        return Projection.from_graph(self)


def load(paths=(), *, bundled: bool = True) -> KnowledgeGraph:
    """Load the bundled graph plus ``paths`` (files or directories of Turtle, N-Triples, JSON-LD, TriG).

    Raises
    ------
    GraphLoadError
        A file is missing, of an unknown type, or malformed (the message names file and line).
    """
    files = (store.bundled_files() if bundled else []) + store.graph_files(paths)
    graph = store.load_graph(files)
    return KnowledgeGraph(graph, files)
