"""The NetworkX projection of the RDF graph that routes are found on.

Nodes are the steps a route can take (profiles, stages, careers) and the credentials, keyed by their
short id, with ``label``, ``kind``, ``iri``, ``min_years`` and ``max_years``. An edge ``u -> v``
means that after ``u`` one can enter ``v``: stated (``cg:leadsTo``), or implied by a requirement of
``v`` on ``u`` (``derived=True``). A stage leads to each credential it awards, and a credential to
what requires it, so a credential is a zero-length waypoint that routes pass through and that is
left out of their steps. Prerequisites are kept beside the graph, for completing routes.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import cached_property

from . import vocab
from .facts import Facts
from .kinds import ROUTE_KINDS
from .names import short_id
from .records import years as node_years

__all__ = ["GME", "TRAINING_END", "Projection"]

# The anchor of a timing relative to graduate medical education (cg:relativeTo cg:Training).
GME = "GME"
# The anchor of a timing relative to the end of the training before the step (cg:relativeTo
# cg:TrainingEnd): a board that certifies only after time in practice.
TRAINING_END = "TrainingEnd"


@dataclass
class Projection:
    # node id -> {successor id: whether the edge is implied by a requirement}; kept as plain dicts,
    # which the cache reads back several times faster than a networkx graph
    succ: dict[str, dict[str, bool]]
    # node id -> (minimum years, maximum years)
    years: dict[str, tuple[float, float]]
    # node id -> ids it requires (all of them): stages or credentials
    requires: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # node id -> groups of ids, one of each group required
    one_of: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # stage id -> credentials it awards; profile id -> credentials it holds
    awards: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # credential id -> stages that award it
    awarded_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # every node (boards included) -> (label, kind, iri)
    info: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # step id -> when it happens: (anchors, from year, to year, label); an anchor is a stage id, GME
    # for the start of the first graduate-medical-education stage of the schedule, or TRAINING_END
    # for the end of the training listed before the step
    timing: dict[str, tuple[tuple[str, ...], float, float, str]] = field(default_factory=dict)
    # career id -> the credentials and certifications usual in it (cg:typicalCredential)
    typical: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # stage id -> its lengths by the way in (cg:lengthByEntry): (entry id, minimum, maximum years), used
    # instead of ``years`` when the entry (a stage or credential) is done before the stage
    entry_years: dict[str, tuple[tuple[str, float, float], ...]] = field(default_factory=dict)
    # certification id -> the certifications of other boards for the same specialty (skos:related, both
    # ways: an AOA board's certificate and the ABMS one)
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, f: Facts, kinds: dict[str, str], labels: dict[str, str]) -> "Projection":
        """The projection of the facts ``f`` about the nodes of ``kinds`` (labelled by ``labels``)."""
        import networkx as nx

        # nodes and edges are added in sorted order: ties between equally good routes are then broken
        # the same way in every process (rdflib's triple order changes with the hash seed)
        ids = dict(sorted(((iri, short_id(iri)) for iri, kind in kinds.items() if kind != "source"),
                          key=lambda pair: pair[1]))
        info = {ids[iri]: (labels[iri], kinds[iri], str(iri)) for iri in ids}
        digraph: nx.DiGraph = nx.DiGraph()
        for iri, node_id in ids.items():
            label, kind, _ = info[node_id]
            if kind in ROUTE_KINDS or kind == "credential":
                years = node_years(f, iri) or {"min": 0, "max": 0}
                digraph.add_node(node_id, label=label, kind=kind, iri=str(iri),
                                 min_years=years["min"], max_years=years["max"])

        def known(nodes):
            return tuple(sorted(ids[n] for n in nodes if n in ids))

        projection = cls({}, {}, info=info)
        for iri, node_id in ids.items():
            projection.requires[node_id] = known(f.objects(iri, vocab.REQUIRES))
            projection.one_of[node_id] = tuple(
                sorted(known(f.objects(group, vocab.OPTION)) for group in f.objects(iri, vocab.REQUIRES_ONE_OF))
            )
            projection.awards[node_id] = known({*f.objects(iri, vocab.AWARDS), *f.objects(iri, vocab.HOLDS)})
            projection.typical[node_id] = known(f.objects(iri, vocab.TYPICAL_CREDENTIAL))
            projection.entry_years[node_id] = _entry_lengths(f, iri, ids)
            for timing in f.objects(iri, vocab.TIMING)[:1]:
                special = {vocab.TRAINING_CLASS: GME, vocab.TRAINING_END: TRAINING_END}
                anchors = tuple(special.get(a) or ids[a]
                                for a in f.objects(timing, vocab.RELATIVE_TO) if a in special or a in ids)
                label = f.value(timing, vocab.TIMING_LABEL)
                projection.timing[node_id] = (anchors, float(str(f.value(timing, vocab.FROM_YEAR) or 0)),
                                              float(str(f.value(timing, vocab.TO_YEAR) or 0)),
                                              str(label) if label is not None else "")
        related: dict[str, set[str]] = {}
        for subject, node_id in ids.items():
            for other in (ids[o] for o in f.objects(subject, vocab.RELATED) if o in ids):
                if info[node_id][1] == info[other][1] == "certification":
                    related.setdefault(node_id, set()).add(other)
                    related.setdefault(other, set()).add(node_id)
        projection.related = {c: tuple(sorted(others)) for c, others in sorted(related.items())}
        awarded_by: dict[str, set[str]] = {}
        for node_id, credentials in projection.awards.items():
            # A profile's credentials are held only by someone who starts there.
            if node_id in digraph and info[node_id][1] != "profile":
                for credential in credentials:
                    if credential in digraph:
                        awarded_by.setdefault(credential, set()).add(node_id)
                        digraph.add_edge(node_id, credential, derived=True)
        projection.awarded_by = {c: tuple(sorted(s)) for c, s in awarded_by.items()}

        for subject, target in sorted(f.subject_objects(vocab.LEADS_TO)):
            u, v = ids.get(subject), ids.get(target)
            if u in digraph and v in digraph and u != v:
                digraph.add_edge(u, v, derived=False)
        stated: nx.DiGraph = nx.DiGraph(digraph)
        candidates: dict[str, set[str]] = {}
        for node_id in list(digraph):
            needed = set(projection.requires[node_id])
            for group in projection.one_of[node_id]:
                needed.update(group)
            candidates[node_id] = {need for need in needed if need in digraph and need != node_id}
            stated.add_edges_from((need, node_id) for need in candidates[node_id])
        # An implied progression is drawn only from the latest of a node's prerequisites: a
        # prerequisite that already leads to another one (MD program -> ... -> Match, both needed
        # for a residency) would otherwise open a shortcut that skips the steps between them. A
        # credential counts as early when a stage that awards it is.
        ancestors: dict[str, set[str]] = {}

        def ancestors_of(v):
            if v not in ancestors:
                ancestors[v] = nx.ancestors(stated, v)
            return ancestors[v]

        for node_id, sources in candidates.items():
            # A node that needs training (a stage with a length) is entered from that training, not
            # from a credential it also needs: a career needs its fellowship and a licence, and the
            # licence (open after any first GME year) must not make a shortcut past the fellowship.
            if any(info[u][1] != "credential" and digraph.nodes[u]["max_years"] for u in sources):
                sources = {u for u in sources if info[u][1] != "credential"}
            if len(sources) > 1:
                # how many of the sources each node precedes: one pass over their ancestors instead of
                # a test of every pair, which a node with thousands of requirements makes quadratic
                preceded: dict[str, int] = {}
                for v in sources:
                    for a in ancestors_of(v):
                        preceded[a] = preceded.get(a, 0) + 1

                def early(x, u):  # x precedes a source other than u
                    return preceded.get(x, 0) > (x in ancestors_of(u))

                sources = {u for u in sources
                           if not (early(u, u) or any(early(a, u) for a in projection.awarded_by.get(u, ())))}
            for u in sorted(sources):
                if not digraph.has_edge(u, node_id):
                    digraph.add_edge(u, node_id, derived=True)
        projection.succ = {u: {v: data["derived"] for v, data in nbrs.items()}
                           for u, nbrs in digraph.adj.items() if nbrs}
        projection.years = {n: (a["min_years"], a["max_years"]) for n, a in digraph.nodes.items()}
        # most nodes require and award nothing: keep only the entries that say something
        for table in (projection.requires, projection.one_of, projection.awards, projection.typical,
                      projection.entry_years):
            for node in [n for n, value in table.items() if not value]:
                del table[node]
        return projection

    @cached_property
    def pred(self) -> dict[str, list[str]]:
        pred: dict[str, list[str]] = {}
        for u, nbrs in self.succ.items():
            for v in nbrs:
                pred.setdefault(v, []).append(u)
        return pred

    @cached_property
    def planners_of(self) -> dict:
        """Node, credential or "requires one of" group (as a frozenset) -> the nodes whose planning
        looks at it: what requires it or has it as an option, and the credentials a stage awards."""
        planners_of: dict = {}
        for node, needs in self.requires.items():
            for need in needs:
                planners_of.setdefault(need, set()).add(node)
        for node, groups in self.one_of.items():
            for group in groups:
                planners_of.setdefault(frozenset(group), set()).add(node)
                for option in group:
                    planners_of.setdefault(option, set()).add(node)
        for credential, awarders in self.awarded_by.items():
            for awarder in awarders:
                planners_of.setdefault(awarder, set()).add(credential)
        return planners_of

    def planned_with(self, node) -> frozenset:
        """``node`` and everything whose planning looks at it (see :attr:`planners_of`), transitively.
        Kept per node: the states a route search compares differ by a few nodes, the same ones again."""
        known = self._planned_with
        closure = known.get(node)
        if closure is None:
            found, stack = {node}, [node]
            while stack:
                for planner in self.planners_of.get(stack.pop(), ()):
                    if planner in known:
                        found |= known[planner]
                    elif planner not in found:
                        found.add(planner)
                        stack.append(planner)
            closure = known[node] = frozenset(found)
        return closure

    @cached_property
    def _planned_with(self) -> dict:
        """The closures :meth:`planned_with` has found (not a field: the cache never stores them)."""
        return {}

    @cached_property
    def digraph(self):
        """The projection as a ``networkx.DiGraph`` with node and edge attributes."""
        import networkx as nx

        graph = nx.DiGraph()
        for node, (low, high) in self.years.items():
            label, kind, iri = self.info[node]
            graph.add_node(node, label=label, kind=kind, iri=iri, min_years=low, max_years=high)
        graph.add_edges_from((u, v, {"derived": derived}) for u, nbrs in self.succ.items() for v, derived in nbrs.items())
        return graph

    def _reach(self, start: str, step, within=None) -> set[str]:
        seen, queue = {start}, deque([start])
        while queue:
            for other in step(queue.popleft()):
                if other not in seen and (within is None or other in within):
                    seen.add(other)
                    queue.append(other)
        seen.discard(start)
        return seen

    def descendants(self, node: str, within=None) -> set[str]:
        """Nodes reachable from ``node`` (through ``within`` only, when given)."""
        return self._reach(node, lambda n: self.succ.get(n, ()), within)

    def ancestors(self, node: str) -> set[str]:
        return self._reach(node, lambda n: self.pred.get(n, ()))

    def subgraph(self, nodes):
        """The ``networkx.DiGraph`` among ``nodes``, with the ``derived`` edge flags."""
        import networkx as nx

        # in sorted order, as the projection itself: the search breaks ties between equally good paths
        # by insertion order, and a set's order follows the hash seed
        ordered = sorted(nodes)
        graph = nx.DiGraph()
        graph.add_nodes_from(ordered)
        graph.add_edges_from((u, v, {"derived": d}) for u in ordered for v, d in self.succ.get(u, {}).items()
                             if v in nodes)
        return graph

    def length(self, node: str, done=()) -> tuple[float, float]:
        """The (minimum, maximum) years of ``node`` after what is ``done``: its length for the first of
        its ways in (``entry_years``) that is done, else its own."""
        for entry, low, high in self.entry_years.get(node, ()):
            if entry in done:
                return low, high
        return self.years[node]

    def shortest(self, node: str) -> tuple[float, float]:
        """The least (minimum, maximum) years of ``node`` by any way in: a bound for route searches."""
        low, high = self.years[node]
        for _, entry_low, entry_high in self.entry_years.get(node, ()):
            low, high = min(low, entry_low), min(high, entry_high)
        return low, high

    def label(self, node_id: str) -> str:
        return self.info[node_id][0]

    def kind(self, node_id: str) -> str:
        return self.info[node_id][1]

    def is_credential(self, node_id: str) -> bool:
        return self.info[node_id][1] == "credential"


def _entry_lengths(f: Facts, iri: str, ids: dict) -> tuple[tuple[str, float, float], ...]:
    """The lengths of ``iri`` by its ways in, each end not given taken from the stage's own length."""
    own = node_years(f, iri)
    found = []
    for entry_length in f.objects(iri, vocab.LENGTH_BY_ENTRY):
        entry = f.value(entry_length, vocab.ENTRY)
        given = node_years(f, entry_length)
        if entry not in ids or given is None:
            continue
        low = given["min"] if f.value(entry_length, vocab.MIN_YEARS) is not None or own is None else own["min"]
        high = given["max"] if f.value(entry_length, vocab.MAX_YEARS) is not None or own is None else own["max"]
        found.append((ids[entry], low, max(low, high)))
    return tuple(sorted(found))

