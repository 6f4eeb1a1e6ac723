"""The NetworkX projection of the RDF graph that routes are found on.

Nodes are the steps a route can take (profiles, stages, careers), keyed by their short id, with
``label``, ``kind``, ``iri``, ``min_years`` and ``max_years``. An edge ``u -> v`` means that after
``u`` one can enter ``v``: either stated (``cg:leadsTo``, ``derived=False``) or implied by a
requirement of ``v`` on ``u`` or on a credential ``u`` awards (``derived=True``).
Prerequisites and credentials are kept beside the graph, for completing routes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from . import vocab


@dataclass
class Projection:
    digraph: nx.DiGraph
    # node id -> ids it requires (all of them): stages or credentials
    requires: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # node id -> groups of ids, one of each group required
    one_of: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # stage id -> credentials it awards; profile id -> credentials it holds
    awards: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # credential id -> stages that award it
    awarded_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # every node (credentials included) -> (label, kind, iri)
    info: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, kg) -> "Projection":
        from .graph import ROUTE_KINDS

        f = kg.facts
        ids = {iri: kg.short_id(iri) for iri, kind in kg.kinds.items() if kind != "source"}
        info = {ids[iri]: (kg.label(iri), kg.kinds[iri], str(iri)) for iri in ids}
        digraph = nx.DiGraph()
        for iri, node_id in ids.items():
            label, kind, _ = info[node_id]
            if kind in ROUTE_KINDS:
                years = kg.years(iri) or {"min": 0, "max": 0}
                digraph.add_node(node_id, label=label, kind=kind, iri=str(iri),
                                 min_years=years["min"], max_years=years["max"])

        def known(nodes):
            return tuple(sorted(ids[n] for n in nodes if n in ids))

        projection = cls(digraph, info=info)
        for iri, node_id in ids.items():
            projection.requires[node_id] = known(f.objects(iri, vocab.REQUIRES))
            projection.one_of[node_id] = tuple(
                sorted(known(f.objects(group, vocab.OPTION)) for group in f.objects(iri, vocab.REQUIRES_ONE_OF))
            )
            projection.awards[node_id] = known({*f.objects(iri, vocab.AWARDS), *f.objects(iri, vocab.HOLDS)})
        awarded_by: dict[str, set[str]] = {}
        for node_id, credentials in projection.awards.items():
            # A profile's credentials are held only by someone who starts there.
            if node_id in digraph and info[node_id][1] != "profile":
                for credential in credentials:
                    awarded_by.setdefault(credential, set()).add(node_id)
        projection.awarded_by = {c: tuple(sorted(s)) for c, s in awarded_by.items()}

        for subject, target in f.subject_objects(vocab.LEADS_TO):
            u, v = ids.get(subject), ids.get(target)
            if u in digraph and v in digraph and u != v:
                digraph.add_edge(u, v, derived=False)
        stated = nx.DiGraph(digraph)
        candidates: dict[str, set[str]] = {}
        for node_id in list(digraph):
            needed = set(projection.requires[node_id])
            for group in projection.one_of[node_id]:
                needed.update(group)
            sources = candidates.setdefault(node_id, set())
            for need in needed:
                if need in digraph:
                    sources.add(need)
                    stated.add_edge(need, node_id)
                else:
                    sources.update(projection.awarded_by.get(need, ()))
            sources.discard(node_id)
        # An implied progression is drawn only from the latest of a node's prerequisites: a
        # prerequisite that already leads to another one (MD program -> ... -> Match, both needed
        # for a residency) would otherwise open a shortcut that skips the steps between them.
        ancestors: dict[str, set[str]] = {}

        def ancestors_of(v):
            if v not in ancestors:
                ancestors[v] = nx.ancestors(stated, v)
            return ancestors[v]

        for node_id, sources in candidates.items():
            earlier = set().union(*(ancestors_of(v) for v in sources)) if len(sources) > 1 else set()
            for u in sources - earlier:
                if not digraph.has_edge(u, node_id):
                    digraph.add_edge(u, node_id, derived=True)
        return projection

    def label(self, node_id: str) -> str:
        return self.info[node_id][0]

    def kind(self, node_id: str) -> str:
        return self.info[node_id][1]

    def is_credential(self, node_id: str) -> bool:
        return node_id not in self.digraph
