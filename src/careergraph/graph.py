"""The loaded knowledge graph: the facade over a store and its compiled look-up data.

``careergraph.load()`` returns a :class:`KnowledgeGraph`. Look-up and routes read its compiled data
(:class:`~careergraph.compiled.Compiled`, cached between runs); records, search and statistics ask
its store (:mod:`careergraph.stores`); SPARQL, validation and RDF export use the store's rdflib
graph, parsed only when one of them asks for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, cast

from . import records, vocab
from .cache import compiled_for, has_compiled, usable_cache_dir
from .compiled import Compiled, compile_graph
from .errors import BadInputError
from .facts import CORE_PREDICATES, Facts
from .kinds import check_kind
from .names import NodeRef, label_in, normalise, resolve, short_id
from .stores import Store, open_store

if TYPE_CHECKING:
    import networkx as nx

    from .compare import Comparison
    from .planning import Plan
    from .reach import Reach
    from .sparql import QueryResult
    from .stores.endpoint import Endpoint
    from .steps import NextOption, RequirementPlan, Route
    from .validate import ValidationReport

__all__ = ["KnowledgeGraph", "NodeRef", "load"]


class KnowledgeGraph:
    """A graph of physician careers with look-up by name.

    Parameters
    ----------
    store : Store
        Where the triples live and SPARQL runs (see :mod:`careergraph.stores`).
    cached : bool
        Whether the compiled look-up data is read from (and written to) the cache.
    """

    def __init__(self, store: Store, *, cached: bool = False):
        self.store = store
        self.cached = cached

    def __repr__(self) -> str:
        return f"KnowledgeGraph({type(self.store).__name__} of {self.store.origin})"

    @cached_property
    def _compiled(self) -> tuple[Compiled, bool]:
        return compiled_for(self.store) if self.cached else (compile_graph(self.store), False)

    def compiled(self) -> Compiled:
        """The look-up and route data (read from the cache, or compiled from the store)."""
        return self._compiled[0]

    @property
    def cache_hit(self) -> bool:
        """Whether the compiled data was read from the cache (rather than compiled now)."""
        return self._compiled[1]

    @property
    def graph(self):
        """The rdflib graph of the store, made on first use (SPARQL, validation, RDF export, publishing)."""
        return self.store.rdflib_graph()

    @cached_property
    def _core_facts(self) -> Facts:
        """The facts look-up reads (types, labels, lengths, requirements), for nodes the compiled
        data does not name."""
        return self.store.facts(CORE_PREDICATES)

    def facts_about(self, *iris: str) -> Facts:
        """Facts enough for :meth:`record` of each of ``iris`` (the store may give more)."""
        return self.store.facts_about(iris)

    # ------------------------------------------------------------ names

    def label(self, iri: str) -> str:
        """The English preferred label (or rdfs:label, or title) of ``iri``, else its short id."""
        found = self.compiled().labels.get(iri)
        return found if found is not None else label_in(self._core_facts, iri)

    def ref(self, iri: str) -> NodeRef:
        """The node ``iri`` (a full IRI, as query rows give it), without resolving a name."""
        return NodeRef(short_id(iri), iri, self.label(iri), self.compiled().kinds.get(iri, "node"))

    def resolve(self, name: str) -> str:
        """The IRI of the node named ``name`` by IRI, CURIE, slug or label; raises UnknownNodeError
        (with close matches) or AmbiguousNodeError, see :func:`careergraph.names.resolve`."""
        return resolve(self.compiled().kinds, self.compiled().name_index, name, self.label)

    def node(self, name: str) -> NodeRef:
        """The node named ``name`` (see :meth:`resolve`)."""
        return self.ref(self.resolve(name))

    def is_kind(self, iri: str, kind: str) -> bool:
        """Whether the node ``iri`` is of ``kind`` or of a kind under it (a fellowship is a stage)."""
        return kind in self.compiled().kind_ancestors.get(self.compiled().kinds.get(iri, "node"), frozenset())

    # ------------------------------------------------------------ listing and search

    def nodes(self, type: str | None = None) -> list[NodeRef]:
        """Every node (sources excluded unless asked for), or those of one kind, sorted by kind and label."""
        kind = check_kind(type) if type else None
        refs = [
            self.ref(iri) for iri, k in self.compiled().kinds.items()
            if (self.is_kind(iri, kind) if kind else k != "source")
        ]
        return sorted(refs, key=lambda r: (r.type, r.label.casefold(), r.id))

    def search(self, text: str, type: str | None = None) -> list[NodeRef]:
        """Nodes whose id, labels or definition contain ``text``, best matches first (sources only by type)."""
        needle = normalise(text)
        if not needle:
            return []
        kind = check_kind(type) if type else None
        definitions = self._definitions_containing(needle)
        scored = []
        for iri, node_kind in self.compiled().kinds.items():
            if not (self.is_kind(iri, kind) if kind else node_kind != "source"):
                continue
            label = normalise(self.label(iri))
            names = [normalise(x) for p in (vocab.ALT_LABEL, vocab.RDFS_LABEL) for x in self._core_facts.objects(iri, p)]
            names.append(normalise(short_id(iri).replace("-", " ")))
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
        """The normalised definitions that contain ``needle``, by node: the store gives those that
        contain its longest word, the rest is checked here."""
        word = max(re.split(r"[\s-]+", needle), key=len)
        found: dict[str, str] = {}
        for iri, definition in self.store.objects_containing(vocab.DEFINITION, word):
            text = normalise(str(definition))
            if needle in text:
                found[iri] = f"{found[iri]} {text}" if iri in found else text
        return found

    def stats(self) -> dict:
        """Counts of triples, nodes by kind, relations and sources."""
        by_kind: dict[str, int] = {}
        for kind in self.compiled().kinds.values():
            by_kind[kind] = by_kind.get(kind, 0) + 1
        # the oldest and newest day the salary and Match figures were checked
        checked = {name: self.store.value_range(predicate, vocab.DATE_CHECKED)
                   for name, predicate in (("salary", vocab.SALARY), ("match", vocab.MATCH_FIGURE))}
        return {
            "files": len(self.store.files),
            "triples": self.store.count(),
            "nodes": sum(n for k, n in by_kind.items() if k != "source"),
            "nodes_by_type": dict(sorted(by_kind.items())),
            "relations": {name: self.store.count(vocab.cg(name)) for name in
                          ("leadsTo", "requires", "requiresOneOf", "awards", "certifiedBy", "subspecialtyOf")},
            "evidence": self.store.count(vocab.EVIDENCE),
            **{f"{name}_checked": {"oldest": days[0], "newest": days[1]} if days else None
               for name, days in checked.items()},
        }

    # ------------------------------------------------------------ records

    def record(self, name: str, facts: Facts | None = None) -> dict:
        """Everything the graph says about one node, as plain data (``show --format json``);
        ``facts`` (from :meth:`facts_about`) saves reading them when recording many nodes."""
        iri = self.resolve(name)
        return records.record(self, iri, facts if facts is not None else self.facts_about(iri))

    # ------------------------------------------------------------ other concerns

    def validate(self) -> ValidationReport:
        """Check the graph against the SHACL shapes; see :func:`careergraph.validate.validate_graph`."""
        from .validate import validate_graph

        return validate_graph(self.store.rdflib_graph())

    def to_networkx(self) -> nx.DiGraph:
        """The progression graph as a ``networkx.DiGraph`` (built once, then reused)."""
        return self.compiled().projection.digraph

    def query(self, name_or_text: str, *, allow_service: bool = False, timeout: float = 60.0,
              **params: str) -> QueryResult:
        """Run a bundled query (by name), a ``.rq`` file or SPARQL text; see :func:`careergraph.sparql.run_query`.

        Parameters are keyword arguments: ``kg.query("fellowships-by-residency", residency="pediatrics")``.
        ``timeout`` is the time limit of the evaluation in seconds (QueryTimeoutError past it).
        """
        from .sparql import run_query

        return run_query(self, name_or_text, params, allow_service=allow_service, timeout=timeout)

    def routes(self, source: str, target: str, *, via: Iterable[str] = (), avoid: Iterable[str] = (),
               have: Iterable[str] = (), by: str = "years", k: int = 1) -> list[Route]:
        """The ``k`` best prerequisite-complete routes from ``source`` to ``target``, best first.

        Parameters
        ----------
        source, target : str
            Node names (a starting profile such as "international medical graduate" may be the source;
            a residency, fellowship or career as the source is held, and the route begins after it).
        via : sequence of str
            Nodes to visit, in order.
        avoid : sequence of str
            Nodes no route may contain.
        have : sequence of str
            What the person already holds or has done (a career: its training and usual board
            certificate); the route lists only what is left.
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
        from .routes import Route, planner, stage

        start, goal = stage(self, source), stage(self, target)
        found = planner(self, by, avoid).routes(start.id, goal.id, via=[stage(self, n).id for n in via],
                                                have=[stage(self, n).id for n in have], k=k)
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
        from .routes import RequirementPlan, planner, stage

        goal = stage(self, target)
        steps = planner(self, by).requirement_plan(goal.id, have=[stage(self, n).id for n in have])
        return RequirementPlan(goal.to_dict(), tuple(steps))

    def next(self, name: str) -> list[NextOption]:
        """The options open after ``name`` (for a career, after the training it holds), stated
        progressions first."""
        from .routes import planner, stage

        return planner(self).options_after(stage(self, name).id)

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
        """Load this graph into the SPARQL server ``endpoint`` (an :class:`~careergraph.stores.Endpoint`
        or its URL); see :func:`careergraph.stores.publish.publish`."""
        from .stores import open_store
        from .stores.publish import publish

        return publish(cast("Endpoint", open_store(endpoint)), self.store.rdflib_graph(), graph_store=graph_store, replace=replace,
                       batch=batch, progress=progress)


def load(paths=(), *, bundled: bool = True, cache: bool = True, store="memory", endpoint=None,
         endpoint_graph: str | None = None, timeout: float | None = None,
         remote_contexts: bool = False) -> KnowledgeGraph:
    """Load the bundled graph plus ``paths`` (files or directories of Turtle, N-Triples, JSON-LD, TriG).

    ``store`` chooses where the triples live and SPARQL runs: ``"memory"`` (rdflib), ``"oxigraph"``
    (a persistent Oxigraph store, see :mod:`careergraph.stores.oxigraph`), a SPARQL server's URL or
    an :class:`~careergraph.stores.Endpoint` (which reads the graph from the server instead of files;
    ``endpoint`` is another way to give one; ``endpoint_graph`` and ``timeout`` go to a URL's
    :class:`~careergraph.stores.Endpoint`). With ``cache`` (the default) the compiled graph is
    reused from the user's cache directory while no input has changed; see :mod:`careergraph.cache`.
    Loading never reaches the network: a JSON-LD file's remote ``@context`` is refused unless
    ``remote_contexts`` (the in-memory store only; Oxigraph reads no document but the file).

    Raises
    ------
    GraphLoadError
        A file is missing, of an unknown type, or malformed (the message names file and line).
    EndpointError
        The endpoint cannot be reached or answers with an error.
    UnknownStoreError
        ``store`` names no store.
    """
    if endpoint is not None:
        if store not in ("memory", "endpoint"):
            raise BadInputError(f"the {store} store and an endpoint exclude each other")
        store = endpoint
    cached = cache and usable_cache_dir() is not None
    kg = KnowledgeGraph(open_store(store, paths, bundled=bundled, cached=cached, remote_contexts=remote_contexts,
                                   endpoint_graph=endpoint_graph, timeout=timeout), cached=cached)
    # a malformed file is reported now rather than by the first command that reads it
    if cached and kg.store.files and not has_compiled(kg.store):
        kg.compiled()
    return kg
