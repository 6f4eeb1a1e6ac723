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


def _facts_without_primary(kg, locals_, properties):
    """The (node, property) facts of these nodes, among those properties, that no primary source backs."""
    wanted = {"cg:" + local for local in locals_}
    return sorted((f["node"], f["property"]) for f in provenance(kg.graph).without_primary
                  if f["node"] in wanted and f["property"] in properties)


def test_preliminary_and_transitional_years_have_a_primary_source_for_their_length(kg):
    # NRMP (nrmp.org, Managing the Main Residency Match): "Preliminary Position (“P”): One-year position in a
    # Transitional Year or specialty program."
    assert not _facts_without_primary(kg, ["transitional-year", "preliminary-year-medicine", "preliminary-year-surgery"],
                                      {"cg:minYears", "cg:maxYears"})


def test_exams_licence_medical_school_and_graduate_profiles_are_described_by_the_bodies_that_set_them(kg):
    # usmle.org (Step 1 Exam Content), the AOA (COMLEX-USA Level 1), FSMB (About Physician Licensure), the LCME
    # directory, and ECFMG's definition of an international medical graduate.
    assert not _facts_without_primary(kg, ["usmle-step-1", "comlex-level-1", "state-medical-license", "md-program",
                                           "international-medical-graduate", "img-training-eligibility"], {None})


def test_independent_interventional_radiology_rests_on_the_abr_for_its_length_and_way_in(kg):
    # ABR (theabr.org, Independent IR Residency): a diagnostic radiology residency first, then one year of the
    # independent residency after ESIR or two without it.
    assert not _facts_without_primary(kg, ["interventional-radiology-independent-residency"],
                                      {"cg:minYears", "cg:maxYears", "cg:requires"})
    node = kg.record("independent interventional radiology residency")
    assert node["duration_years"] == {"min": 1, "max": 2}, node["duration_years"]
