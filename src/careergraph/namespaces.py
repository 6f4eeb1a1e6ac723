"""The project namespace and the prefixes bound everywhere a node is shown as a CURIE."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

CG = Namespace("https://w3id.org/careergraph/")
SCHEMA = Namespace("https://schema.org/")

PREFIXES = {
    "cg": CG,
    "dcterms": DCTERMS,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "sh": SH,
    "skos": SKOS,
    "xsd": XSD,
}


def bind_prefixes(graph):
    """Bind the project's prefixes on ``graph`` so it serialises and prints CURIEs."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
