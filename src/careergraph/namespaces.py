"""The vocabulary as rdflib namespaces, bound everywhere a graph is shown or serialised as Turtle."""

from rdflib import Namespace

from . import vocab

__all__ = ["CG", "PREFIXES", "bind_prefixes"]

CG = Namespace(vocab.CG)
PREFIXES = {prefix: Namespace(iri) for prefix, iri in vocab.PREFIXES.items()}


def bind_prefixes(graph):
    """Bind the project's prefixes on ``graph`` so it serialises and prints CURIEs."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
