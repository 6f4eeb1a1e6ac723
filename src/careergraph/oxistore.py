"""Oxigraph as the store for large graphs (``--store oxigraph``, the ``oxigraph`` extra).

The input files are bulk-loaded once into a persistent store on disk, in the cache directory under
the same content key as the compiled cache, so a million triples are parsed once; SPARQL then runs
in Oxigraph. Results are converted to rdflib's, so every output format is the same as with the
default in-memory rdflib store.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .cache import cache_dir, content_key
from .errors import BadInputError, GraphLoadError, QueryError
from .sparqltext import project, projected
from .vocab import PREFIXES

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _pyoxigraph():
    try:
        import pyoxigraph
    except ImportError:
        raise BadInputError("--store oxigraph needs pyoxigraph: pip install 'careergraph[oxigraph]'") from None
    return pyoxigraph


class OxigraphStore:
    """A persistent Oxigraph store holding ``files``, built on first use."""

    def __init__(self, files):
        ox = _pyoxigraph()
        self.files = [Path(f) for f in files]
        # the store depends on the input files and Oxigraph's version only
        self.path = cache_dir() / f"oxigraph-{ox.__version__}-{content_key(self.files)}"
        if not self.path.is_dir():
            self._build()
        self.store = ox.Store.read_only(str(self.path))

    def _build(self) -> None:
        ox = _pyoxigraph()
        formats = {".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
                   ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD, ".trig": ox.RdfFormat.TRIG,
                   ".nq": ox.RdfFormat.N_QUADS}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        building = tempfile.mkdtemp(dir=self.path.parent, prefix=".tmp-oxigraph-")
        try:
            store = ox.Store(building)
            for path in self.files:
                try:
                    store.bulk_load(path=str(path), format=formats[path.suffix.lower()],
                                    base_iri=path.resolve().as_uri(), to_graph=ox.DefaultGraph())
                except (SyntaxError, ValueError) as exc:  # pyoxigraph's parse errors
                    raise GraphLoadError(f"{path}: {str(exc).splitlines()[0]}") from None
            store.flush()
            del store
            os.rename(building, self.path)  # atomic; another process may have won the race
        except OSError:
            if not self.path.is_dir():
                raise
        finally:
            shutil.rmtree(building, ignore_errors=True)

    def triples(self, predicates=None):
        """The triples of the store (with one of ``predicates``, if given), as pyoxigraph terms."""
        if predicates is None:
            for quad in self.store:
                yield quad.subject, quad.predicate, quad.object
            return
        ox = _pyoxigraph()
        for predicate in predicates:
            for quad in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None):
                yield quad.subject, quad.predicate, quad.object

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
