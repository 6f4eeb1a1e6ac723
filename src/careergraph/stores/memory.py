"""rdflib in memory: the default store (``--store memory``).

The files are parsed into an ``rdflib.Graph`` only when SPARQL, validation or RDF export need it;
look-up, records, search and statistics read the triples as Facts, which the compiled cache keeps
(see :mod:`careergraph.cache`), so a command answered from the cache never imports rdflib.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from .. import cache
from ..facts import Facts, from_triples
from ..output import counted
from ..rdffiles import load_graph
from .base import Store
from .terms import converted, fact_from_rdflib

__all__ = ["MemoryStore"]


class MemoryStore(Store):
    """The triples of ``files`` in memory.

    Parameters
    ----------
    files : sequence of Path
        The graph files.
    remote_contexts : bool
        Whether JSON-LD files may fetch the remote contexts they name.
    cached : bool
        Whether the Facts are read from (and written to) the compiled cache.
    """

    name = "memory"

    def __init__(self, files, *, remote_contexts: bool = False, cached: bool = False):
        self.files = tuple(Path(f) for f in files)
        self.remote_contexts = remote_contexts
        self.cached = cached

    @property
    def origin(self) -> str:
        return counted(len(self.files), "file")

    @cached_property
    def graph(self):
        return load_graph(self.files, remote_contexts=self.remote_contexts)

    def rdflib_graph(self):
        return self.graph

    @cached_property
    def all_facts(self) -> Facts:
        """Every triple as Facts: from the cache's facts entry, else parsed (and then written there)."""
        entry = cache.facts_entry(self.fingerprint()) if self.cached else None
        found = cache.read_entry(entry, cache.decode_facts) if entry else None
        if found is None:
            found = from_triples(converted(self.graph, fact_from_rdflib))
            if entry:
                cache.write_entry(entry, cache.encode_facts(found))
        return found

    def facts(self, predicates=None) -> Facts:
        return self.all_facts

    def facts_about(self, iris) -> Facts:
        return self.all_facts

    def triples(self, predicates=None):
        wanted = None if predicates is None else set(predicates)
        for subject, by_predicate in self.all_facts.by_subject.items():
            for predicate, objects in by_predicate.items():
                if wanted is None or predicate in wanted:
                    for o in objects:
                        yield subject, predicate, o

    def neighbourhood(self, iris):
        """Every triple: they are in memory anyway."""
        return self.triples()

    def objects_containing(self, predicate: str, word: str):
        word = word.casefold()
        return ((s, o) for s, _, o in self.triples([predicate]) if word in str(o).casefold())

    def count(self, predicate: str | None = None) -> int:
        if predicate is None:
            return self.all_facts.triples
        return sum(len(p.get(predicate, ())) for p in self.all_facts.by_subject.values())

    def value_range(self, predicate: str, value_predicate: str):
        facts = self.all_facts
        values = sorted(str(v) for _, _, figure in self.triples([predicate]) for v in facts.objects(figure, value_predicate))
        return (values[0], values[-1]) if values else None

    def fingerprint(self) -> str:
        return self._content_key

    @cached_property
    def _content_key(self) -> str:
        return cache.content_key(self.files)

    def query(self, text: str, prepared, bindings: dict, *, service: bool = False):
        return self.graph.query(prepared, initBindings=bindings)

    def prepare(self, *, service: bool = False) -> None:
        self.graph
