"""Oxigraph as the store for large graphs (``--store oxigraph``, the ``oxigraph`` extra).

The input files are bulk-loaded once into a persistent store on disk, in the cache directory under
the same content key as the compiled cache, so a million triples are parsed once; SPARQL then runs
in Oxigraph. Without the cache (``--no-cache``, or no cache directory that can be written), the
store is built in memory instead. Results are converted to rdflib's, so every output format is the same as with the
default in-memory rdflib store.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from functools import cached_property
from pathlib import Path
from typing import cast

from .. import cache
from ..errors import BadInputError, GraphLoadError, QueryError
from ..output import counted
from ..sparqltext import (containing_query, count_query, neighbourhood_query, project, projected,
                          value_range_query)
from ..rdffiles import BOM, FORMATS, check_text, load_graph
from ..vocab import PREFIXES
from .base import CACHE_DIRECTORY_PREFIX, Store
from .terms import converted, fact_from_oxigraph, oxigraph_from_rdflib, rdflib_from_oxigraph

__all__ = ["OxigraphStore"]


def _format(ox, path: Path):
    return {".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
            ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD, ".trig": ox.RdfFormat.TRIG,
            ".nq": ox.RdfFormat.N_QUADS}[path.suffix.lower()]


@contextlib.contextmanager
def _parse_errors(path: Path):
    """pyoxigraph's parse errors as a one-line GraphLoadError naming ``path``."""
    try:
        yield
    except (SyntaxError, ValueError) as exc:
        message = str(exc).splitlines()[0]
        if "LoadDocumentCallback" in message:  # pyoxigraph loads no document but the file
            message = ("a JSON-LD @context or @import names another document: refused, Oxigraph reads "
                       "nothing but the file (--store memory reads contexts in the file's directory)")
        raise GraphLoadError(f"{path}: {message}") from None


def _source(path: Path) -> dict:
    """What pyoxigraph reads for ``path``: the file itself, or its bytes without a byte order mark
    (which Oxigraph refuses); JSON-LD is first checked for depth, which Oxigraph's parser does not
    bound."""
    bom = BOM.encode()
    try:
        with open(path, "rb") as file:
            starts_with_bom = file.read(len(bom)) == bom
        if not starts_with_bom and FORMATS[path.suffix.lower()] != "json-ld":
            return {"path": str(path)}
        data = path.read_bytes().removeprefix(bom)
    except OSError as exc:
        raise GraphLoadError(f"{path}: cannot read: {exc.strerror}") from None
    check_text(path, data.decode("utf-8", errors="replace"), FORMATS[path.suffix.lower()])
    return {"input": data}


def _pyoxigraph():
    try:
        import pyoxigraph
    except ImportError:
        raise BadInputError("--store oxigraph needs pyoxigraph: pip install 'careergraph[oxigraph]'") from None
    return pyoxigraph


class OxigraphStore(Store):
    """An Oxigraph store holding ``files``, built on first use: persistent in the cache directory
    (when ``cached`` and there is one), else in memory.

    Building bulk-loads the files in a background thread (pyoxigraph releases the GIL meanwhile);
    until it is done, :meth:`triples` parses the files itself, so that the look-up data is compiled
    on the other core while the store is written. :attr:`store` waits for the build.
    """

    name = "oxigraph"

    def __init__(self, files, *, remote_contexts: bool = False, cached: bool = False):
        ox = _pyoxigraph()
        self.files = tuple(Path(f) for f in files)
        self.remote_contexts = remote_contexts  # for the rdflib graph; Oxigraph reads no context
        directory = cache.usable_cache_dir() if cached else None
        # the store depends on the input files and Oxigraph's version only
        self.path = directory / f"{CACHE_DIRECTORY_PREFIX}{ox.__version__}-{self.fingerprint()}" if directory else None
        self._in_memory = None  # the store, when it cannot be kept on disk
        self._building = None
        if self.path is None or not self.path.is_dir():
            self._build_error: Exception | None = None
            # not a daemon: a command that only needed the parsed triples still leaves a whole store
            self._building = threading.Thread(target=self._build_catching, name="oxigraph-bulk-load")
            self._building.start()

    @cached_property
    def store(self):
        if self._building is not None:
            self._building.join()
            if self._build_error is not None:
                raise self._build_error
        if self._in_memory is not None:
            return self._in_memory
        return _pyoxigraph().Store.read_only(str(self.path))

    def _build_catching(self) -> None:
        try:
            self._build()
        except Exception as exc:  # re-raised by .store in the main thread
            self._build_error = exc

    def _build(self) -> None:
        ox = _pyoxigraph()
        try:
            building = tempfile.mkdtemp(dir=self.path.parent, prefix=".tmp-oxigraph-") if self.path else None
        except OSError:  # a read-only cache directory
            building = None
        try:
            store = ox.Store(building) if building else ox.Store()
            for path in self.files:
                with _parse_errors(path):
                    store.bulk_load(**_source(path), format=_format(ox, path), base_iri=path.resolve().as_uri(),
                                    to_graph=ox.DefaultGraph())
            if building is None:
                self._in_memory = store
                return
            store.flush()
            del store
            os.rename(building, cast(Path, self.path))  # atomic; another process may have won the race
        except OSError:
            if self.path is None or not self.path.is_dir():
                raise
        finally:
            if building:
                shutil.rmtree(building, ignore_errors=True)

    @property
    def origin(self) -> str:
        return counted(len(self.files), "file")

    @cached_property
    def _content_key(self) -> str:
        return cache.content_key(self.files)

    def fingerprint(self) -> str:
        return self._content_key

    @cached_property
    def graph(self):
        """The files parsed by rdflib, for a query with SERVICE (whose requests Oxigraph cannot
        give a timeout), validation and RDF export."""
        return load_graph(self.files, remote_contexts=self.remote_contexts)

    def rdflib_graph(self):
        return self.graph

    def prepare(self, *, service: bool = False) -> None:
        if service:
            self.graph
        else:
            self.store

    def triples(self, predicates=None):
        return converted(self._native_triples(predicates), fact_from_oxigraph)

    def _native_triples(self, predicates):
        ox = _pyoxigraph()
        if self._building is not None and self._building.is_alive():
            wanted = None if predicates is None else {ox.NamedNode(p) for p in predicates}
            for path in self.files:
                with _parse_errors(path):
                    for quad in ox.parse(**_source(path), format=_format(ox, path), base_iri=path.resolve().as_uri()):
                        if wanted is None or quad.predicate in wanted:
                            yield quad.subject, quad.predicate, quad.object
            return
        if predicates is None:
            for quad in self.store:
                yield quad.subject, quad.predicate, quad.object
            return
        for predicate in predicates:
            for quad in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None):
                yield quad.subject, quad.predicate, quad.object

    def neighbourhood(self, iris):
        """The triples of :func:`~careergraph.sparqltext.neighbourhood_query` for ``iris``."""
        solutions = self.store.query(neighbourhood_query(iris))
        return converted(((s["s"], s["p"], s["o"]) for s in solutions), fact_from_oxigraph)

    def objects_containing(self, predicate: str, word: str):
        for solution in self.store.query(containing_query(predicate, word)):
            yield fact_from_oxigraph(solution["s"]), fact_from_oxigraph(solution["o"])

    def count(self, predicate: str | None = None) -> int:
        return int(next(iter(self.store.query(count_query(predicate))))["n"].value)

    def value_range(self, predicate: str, value_predicate: str):
        row = next(iter(self.store.query(value_range_query(predicate, value_predicate))))
        days = [row[name].value for name in ("oldest", "newest") if row[name] is not None]
        return (days[0], days[1]) if len(days) == 2 else None

    def query(self, text: str, prepared, bindings: dict, *, service: bool = False):
        if service:  # run in rdflib, whose SERVICE requests can be given a timeout
            return self.graph.query(prepared, initBindings=bindings)
        ox = _pyoxigraph()
        from rdflib import Graph
        from rdflib.query import Result
        from rdflib.term import Variable

        substitutions = {ox.Variable(name): oxigraph_from_rdflib(value) for name, value in bindings.items()}
        try:
            answer = self.store.query(project(text, bindings), prefixes=dict(PREFIXES),
                                      substitutions=substitutions)
        except (SyntaxError, OSError) as exc:
            raise QueryError(f"SPARQL error in Oxigraph: {str(exc).splitlines()[0]}") from None
        if isinstance(answer, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            result = Result("SELECT")
            # the parameters were projected only so that Oxigraph would substitute them
            named = projected(text)
            shown = [v for v in answer.variables if v.value not in bindings or v.value in named]
            result.vars = [Variable(v.value) for v in shown]
            result.bindings = [
                {Variable(v.value): rdflib_from_oxigraph(solution[v]) for v in shown if solution[v] is not None}
                for solution in answer
            ]
        else:
            result = Result("CONSTRUCT")
            result.graph = Graph()
            for triple in answer:
                result.graph.add((rdflib_from_oxigraph(triple.subject), rdflib_from_oxigraph(triple.predicate),
                                  rdflib_from_oxigraph(triple.object)))
        return result

