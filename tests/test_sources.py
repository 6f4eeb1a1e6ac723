"""The bundled graph rests on the bodies that set its facts (ACGME, ABMS and its boards, NRMP, ECFMG, ...)."""

from rdflib import RDF, URIRef

from careergraph import vocab
from careergraph.validate import provenance

# The share of facts with a primary source reached in the bundled graph; data may raise it, never lower it.
PRIMARY_SHARE_FLOOR = 0.51


def test_share_of_facts_with_a_primary_source_does_not_fall(kg):
    facts = provenance(kg.graph).to_dict()["facts"]
    assert facts["primary"]["share"] >= PRIMARY_SHARE_FLOOR, facts


def test_every_residency_entered_through_the_match_has_primary_sources_for_the_match_and_eligibility(kg):
    # NRMP (nrmp.org/about): it "manages the Main Residency Match® for core residency training in nearly all
    # accredited specialties"; NRMP's applicant types and ECFMG (ecfmg.org/2023ib/certification.html: "ACGME
    # requires international medical graduates who enter ACGME-accredited programs to be certified by ECFMG")
    # back the MD / DO / international graduate eligibility.
    graph = kg.graph
    match = URIRef(vocab.CG + "nrmp-match")
    residencies = {node.n3(graph.namespace_manager)
                   for node in graph.subjects(URIRef(vocab.REQUIRES), match)
                   if (node, RDF.type, URIRef(vocab.CG + "Residency")) in graph}
    assert len(residencies) >= 30
    weak = {(f["node"], f["property"]) for f in provenance(graph).without_primary if f["node"] in residencies}
    assert not {fact for fact in weak if fact[1] in ("cg:requires", "cg:requiresOneOf")}, sorted(weak)
