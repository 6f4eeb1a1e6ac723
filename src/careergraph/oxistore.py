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

from .cache import content_key
from .errors import BadInputError, GraphLoadError, QueryError
from .store import BOM, FORMATS, check_text
from .sparqltext import neighbourhood_query, project, projected
from .vocab import PREFIXES

__all__ = ["OxigraphStore"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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


class OxigraphStore:
    """An Oxigraph store holding ``files``, built on first use: persistent in ``directory`` (the
    cache directory), else in memory.

    Building bulk-loads the files in a background thread (pyoxigraph releases the GIL meanwhile);
    until it is done, :meth:`triples` parses the files itself, so that the look-up data is compiled
    on the other core while the store is written. :attr:`store` waits for the build.
    """

    def __init__(self, files, directory: Path | None = None):
        ox = _pyoxigraph()
        self.files = [Path(f) for f in files]
        # the store depends on the input files and Oxigraph's version only
        self.path = directory / f"oxigraph-{ox.__version__}-{content_key(self.files)}" if directory else None
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

    def triples(self, predicates=None):
        """The triples of the store (with one of ``predicates``, if given), as pyoxigraph terms."""
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
        for solution in self.store.query(neighbourhood_query(iris)):
            yield solution["s"], solution["p"], solution["o"]

    def query(self, text: str, bindings: dict):
        """Run ``text`` with ``bindings`` (rdflib terms) in Oxigraph; returns an rdflib Result."""
        ox = _pyoxigraph()
        from rdflib import Graph
        from rdflib.query import Result
        from rdflib.term import Variable

        substitutions = {ox.Variable(name): _to_oxigraph(ox, value) for name, value in bindings.items()}
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
                {Variable(v.value): _to_rdflib(solution[v]) for v in shown if solution[v] is not None}
                for solution in answer
            ]
        else:
            result = Result("CONSTRUCT")
            result.graph = Graph()
            for triple in answer:
                result.graph.add((_to_rdflib(triple.subject), _to_rdflib(triple.predicate),
                                  _to_rdflib(triple.object)))
        return result


def _to_rdflib(node):
    from rdflib import BNode, Literal, URIRef

    name = type(node).__name__
    if name == "NamedNode":
        return URIRef(node.value)
    if name == "BlankNode":
        return BNode(node.value)
    if node.language:
        return Literal(node.value, lang=node.language)
    datatype = node.datatype.value
    return Literal(node.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))


def _to_oxigraph(ox, term):
    name = type(term).__name__
    if name == "URIRef":
        return ox.NamedNode(str(term))
    if name == "BNode":
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))
