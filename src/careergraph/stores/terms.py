"""Conversions between the three forms an RDF term takes in careergraph.

:mod:`careergraph.facts` form (an IRI as a ``str``, a blank node as ``"_:id"``, a literal as
:class:`~careergraph.facts.Lit`), rdflib's terms, pyoxigraph's terms, and the SPARQL JSON results
form a server answers with. Every store converts through these functions, each named by what it
converts from and to; blank nodes published as Skolem IRIs (:data:`SKOLEM`) become blank nodes again.
"""

from __future__ import annotations

from ..facts import Lit
from ..vocab import CG

__all__ = ["SKOLEM", "converted", "fact_from_oxigraph", "fact_from_rdflib", "fact_from_sparql_json",
           "oxigraph_from_rdflib", "rdflib_from_fact", "rdflib_from_oxigraph"]

SKOLEM = CG + ".well-known/genid/"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_PLAIN = (None, XSD_STRING, _LANG_STRING)


def fact_from_rdflib(node):
    """The Facts form of an rdflib term."""
    from rdflib import BNode, URIRef

    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode):
        return "_:" + str(node)
    datatype = str(node.datatype) if node.datatype is not None else None
    return Lit(str(node), node.language or None, None if datatype in _PLAIN else datatype)


def fact_from_oxigraph(node):
    """The Facts form of a pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(node, ox.NamedNode):
        return node.value
    if isinstance(node, ox.BlankNode):
        return "_:" + node.value
    datatype = node.datatype.value
    return Lit(node.value, node.language or None, None if datatype in _PLAIN else datatype)


def fact_from_sparql_json(term: dict):
    """The Facts form of a SPARQL JSON results term; a Skolem IRI becomes a blank node again."""
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return "_:" + value[len(SKOLEM):] if value.startswith(SKOLEM) else value
    if kind == "bnode":
        return "_:" + value
    datatype = term.get("datatype")
    return Lit(value, term.get("xml:lang") or None, None if datatype in _PLAIN else datatype)


def rdflib_from_fact(term):
    """The rdflib term of a Facts term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, Lit):
        return Literal(term.value, lang=term.lang, datatype=URIRef(term.datatype) if term.datatype else None)
    return BNode(term[2:]) if term.startswith("_:") else URIRef(term)


def rdflib_from_oxigraph(node):
    """The rdflib term of a pyoxigraph term."""
    return rdflib_from_fact(fact_from_oxigraph(node))


def oxigraph_from_rdflib(term):
    """The pyoxigraph term of an rdflib term."""
    import pyoxigraph as ox

    fact = fact_from_rdflib(term)
    if isinstance(fact, Lit):
        if fact.lang:
            return ox.Literal(fact.value, language=fact.lang)
        return ox.Literal(fact.value, datatype=ox.NamedNode(fact.datatype)) if fact.datatype else ox.Literal(fact.value)
    return ox.BlankNode(fact[2:]) if fact.startswith("_:") else ox.NamedNode(fact)


def converted(triples, convert):
    """``triples`` with each term converted by ``convert``, each distinct IRI converted once (IRIs
    repeat a lot; literals rarely do)."""
    seen: dict = {}
    for s, p, o in triples:
        try:
            s2 = seen[s]
        except KeyError:
            s2 = seen[s] = convert(s)
        try:
            p2 = seen[p]
        except KeyError:
            p2 = seen[p] = convert(p)
        o2 = seen.get(o)
        if o2 is None:
            o2 = convert(o)
            if not isinstance(o2, Lit):
                seen[o] = o2
        yield s2, p2, o2
