"""The bundled graph rests on the bodies that set its facts (ACGME, ABMS and its boards, NRMP, ECFMG, ...)."""

from collections import Counter

from rdflib import RDF, URIRef

from careergraph import vocab
from careergraph.validate import provenance

# The share of facts with a primary source reached in the bundled graph; data may raise it, never lower it.
PRIMARY_SHARE_FLOOR = 0.67


def test_share_of_facts_with_a_primary_source_does_not_fall(kg):
    facts = provenance(kg.graph).to_dict()["facts"]
    assert facts["primary"]["share"] >= PRIMARY_SHARE_FLOOR, facts


def test_each_page_is_one_source_and_every_source_backs_something(kg):
    graph = kg.graph
    sources = set(graph.subjects(RDF.type, URIRef(vocab.CG + "Source")))
    urls = Counter(url for s in sources for url in graph.objects(s, URIRef("https://schema.org/url")))
    assert [url for url, n in urls.items() if n > 1] == []
    cited = set(graph.objects(None, URIRef("http://purl.org/dc/terms/source")))
    assert sorted(sources - cited) == []


def test_no_node_cites_the_same_evidence_twice(kg):
    # two identical evidence records are one fact counted twice, and a SPARQL server that leans the graph
    # (Virtuoso) keeps one, so publishing finds fewer triples than were sent
    graph = kg.graph
    evidence = URIRef(vocab.CG + "evidence")
    repeated = []
    for node in set(graph.subjects(evidence, None)):
        records = Counter(frozenset(graph.predicate_objects(record)) for record in graph.objects(node, evidence))
        repeated += [node.n3(graph.namespace_manager) for n in records.values() if n > 1]
    assert repeated == []


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


# Careers whose kind (a specialist, or a primary care physician) and requirements (the residency and the state
# licence) are stated by the body that sets them: the ABMS and member-board pages that define each specialist
# (e.g. abms.org/board/american-board-of-anesthesiology: "An anesthesiologist is a physician who provides
# anesthesia ..."), the boards' eligibility pages (e.g. abu.org: "have completed a urology residency program
# accredited by the ACGME"), AAMC Careers in Medicine, and FSMB (docinfo.org: "the practice of medicine is
# licensed and regulated by the individual states"). None: the description of the career as a whole (e.g.
# certificationmatters.org/board/internal-medicine: "An internist who specializes in diseases of the heart and blood
# vessels ...").
CAREERS_BACKED_BY_THEIR_BOARDS = {
    "adult-congenital-cardiologist": (None,),
    "advanced-heart-failure-cardiologist": (None,),
    "cardiac-electrophysiologist": (None,),
    "cardiologist": (None,),
    "endocrinologist": (None,),
    "infectious-disease-physician": (None,),
    "rheumatologist": (None,),
    "pediatrician": (None,),
    "anesthesiologist": ("skos:broader", "cg:careType", "cg:requires"),
    "emergency-physician": ("skos:broader", "cg:careType"),
    "health-informatics-physician": ("cg:typicalCredential",),
    "clinical-practice-physician": (None, "cg:typicalCredential"),
    "academic-physician": ("cg:requires",),
    "general-surgeon": ("skos:broader", "cg:careType", "cg:requires"),
    "internist": (None, "skos:broader", "cg:careType"),
    "medical-geneticist": ("skos:broader", "cg:careType", "cg:requires"),
    "nuclear-medicine-physician": ("skos:broader", "cg:careType", "cg:requires"),
    "obstetrician-gynecologist": ("skos:broader", "cg:careType", "cg:requires"),
    "ophthalmologist": ("skos:broader", "cg:careType", "cg:requires"),
    "orthopaedic-surgeon": ("skos:broader", "cg:careType", "cg:requires"),
    "otolaryngologist": ("skos:broader", "cg:careType", "cg:requires"),
    "physiatrist": ("skos:broader", "cg:careType", "cg:requires"),
    "preventive-medicine-physician": (None, "skos:broader", "cg:careType", "cg:requires"),
    "psychiatrist": ("skos:broader", "cg:careType", "cg:requires"),
    "radiologist": ("skos:broader", "cg:careType", "cg:requires"),
    "vascular-surgeon": ("skos:broader", "cg:careType", "cg:requires"),
    "dermatologist": ("skos:broader", "cg:careType", "cg:requires"),
    "neurosurgeon": ("cg:requires",),
    "urologist": ("skos:broader", "cg:careType", "cg:requires"),
    "family-physician": ("skos:broader", "cg:careType"),
    "plastic-surgeon": ("skos:broader", "cg:careType", "cg:requires"),
    "radiation-oncologist": ("cg:requires",),
    "interventional-radiologist": ("cg:requiresOneOf",),
    "neurologist": ("cg:requires",),
    "child-neurologist": ("cg:requires",),
    "thoracic-surgeon": ("skos:broader", "cg:careType", "cg:requires", "cg:requiresOneOf"),
    "pathologist": ("cg:requires",),
    "neuromusculoskeletal-medicine-physician": ("cg:requires",),
}


def test_specialist_careers_rest_on_the_boards_that_define_them(kg):
    weak = {(f["node"], f["property"]) for f in provenance(kg.graph).without_primary}
    expected = {("cg:" + career, prop) for career, props in CAREERS_BACKED_BY_THEIR_BOARDS.items() for prop in props}
    assert not expected & weak, sorted(expected & weak)


# (node, property) facts that the surgical and anaesthesia boards publish themselves, each read on the board's page:
# ABS "Training Pathways" (vascular surgery: the 5+2 fellowship, the 0+5 residency, the three ways to the
# certificate); ABTS "Operative Requirements" (2-year and 3-year thoracic surgery programmes); ABU's URPS page
# (a URPS fellowship of at least 24 months before the certificate); ABMS's ABPS page (hand surgeons may be general,
# orthopaedic or plastic surgeons; no craniofacial certificate); ABOHNS "What We Certify" (a neurotologist is a
# subspecialist within otolaryngology); ABA "Absence from Training" (two-year ACCM fellowships, the length after
# emergency medicine); ABU "Certification" (residency and licensure before certification); ABTS's application (the
# general surgery residency before the thoracic surgery residency).
BOARD_PUBLISHED_FACTS = {
    ("cg:vascular-surgery-fellowship", "cg:minYears"), ("cg:vascular-surgery-fellowship", "cg:maxYears"),
    ("cg:vascular-surgery-fellowship", "cg:requires"), ("cg:vascular-surgery-fellowship", "cg:leadsTo"),
    ("cg:vascular-surgery-residency", "cg:minYears"), ("cg:vascular-surgery-residency", "cg:maxYears"),
    ("cg:vascular-surgery-certification", "cg:requiresOneOf"),
    ("cg:thoracic-surgery-fellowship", "cg:minYears"), ("cg:thoracic-surgery-fellowship", "cg:maxYears"),
    ("cg:urogynecology-reconstructive-pelvic-surgery-fellowship", "cg:minYears"),
    ("cg:urogynecology-reconstructive-pelvic-surgery-certification", "cg:requires"),
    ("cg:hand-surgery-fellowship", "cg:requiresOneOf"),
    ("cg:craniofacial-surgery-fellowship", "cg:noBoardCertificate"),
    ("cg:neurotology-fellowship", "cg:requires"),
    ("cg:anesthesiology-critical-care-medicine-fellowship", "cg:lengthByEntry"),
    ("cg:urology-certification", "cg:requires"), ("cg:thoracic-surgery-fellowship", "cg:requires"),
}


def test_lengths_and_prerequisites_the_surgical_boards_publish_have_a_primary_source(kg):
    weak = {(f["node"], f["property"]) for f in provenance(kg.graph).without_primary}
    assert not BOARD_PUBLISHED_FACTS & weak, sorted(BOARD_PUBLISHED_FACTS & weak)


def test_vascular_and_thoracic_surgery_lengths_are_the_boards(kg):
    # ABS: "a two-year independent vascular surgery training program" after "a 5-year general surgery residency",
    # or "a 5-year integrated program"; ABTS: 2-year and 3-year thoracic surgery programmes after PGY-5.
    def years(slug):
        duration = kg.record(slug)["duration_years"]
        return duration["min"], duration["max"]
    assert years("vascular-surgery-fellowship") == (2, 2)
    assert years("vascular-surgery-residency") == (5, 5)
    assert years("thoracic-surgery-fellowship") == (2, 3)
    assert [req["id"] for req in kg.record("vascular-surgery-fellowship")["requires"]] == ["general-surgery-residency"]
    assert kg.record("craniofacial-surgery-fellowship")["no_board_certificate"] is True


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


def test_internal_medicine_training_lengths_the_aoa_publishes_have_a_primary_source(kg):
    # AOA / AOBIM (certification.osteopathic.org, Written Exam pages): three years of cardiology, two of pulmonary
    # disease, two of oncology, at least three of combined hematology/oncology; 48 months of combined internal
    # medicine/pediatrics residency.
    assert not _facts_without_primary(kg, ["cardiovascular-disease-fellowship", "pulmonary-disease-fellowship",
                                           "medical-oncology-fellowship", "internal-medicine-pediatrics-residency"],
                                      {"cg:minYears", "cg:maxYears"})
    assert not _facts_without_primary(kg, ["hematology-medical-oncology-fellowship"], {"cg:minYears"})
    years = {slug: kg.record(slug)["duration_years"] for slug in (
        "cardiovascular-disease-fellowship", "pulmonary-disease-fellowship", "medical-oncology-fellowship",
        "hematology-medical-oncology-fellowship", "internal-medicine-pediatrics-residency")}
    assert years == {"internal-medicine-pediatrics-residency": {"min": 4, "max": 4},
                     "cardiovascular-disease-fellowship": {"min": 3, "max": 3},
                     "pulmonary-disease-fellowship": {"min": 2, "max": 2},
                     "medical-oncology-fellowship": {"min": 2, "max": 2},
                     "hematology-medical-oncology-fellowship": {"min": 3, "max": 3}}


def test_obstetric_subspecialty_fellowship_lengths_have_a_primary_source(kg):
    # AOA / AOBOG board policies: "three years of an AOA-approved or ACGME-accredited fellowship program (if
    # pursuing subspecialty certification)".
    fellowships = ["maternal-fetal-medicine-fellowship", "reproductive-endocrinology-infertility-fellowship"]
    assert not _facts_without_primary(kg, fellowships, {"cg:minYears", "cg:maxYears"})
    assert [kg.record(slug)["duration_years"] for slug in fellowships] == [{"min": 3, "max": 3}] * 2


def test_psychiatry_pathology_and_pain_fellowship_lengths_the_aoa_publishes_have_a_primary_source(kg):
    # AOA subspecialty exam pages: AOBNP, two years of child psychiatry and a one- or two-year geriatric
    # psychiatry programme; AOBPa, one year of forensic pathology after AP/CP; AOBD/AOBPa, a one-year
    # dermatopathology programme; the conjoint pain medicine committee, a one-year AOA or ACGME fellowship; the
    # hospice and palliative medicine committee, a one-year fellowship programme.
    fellowships = ["child-adolescent-psychiatry-fellowship", "forensic-pathology-fellowship",
                   "dermatopathology-fellowship", "pain-medicine-fellowship", "hospice-palliative-medicine-fellowship"]
    assert not _facts_without_primary(kg, fellowships, {"cg:minYears", "cg:maxYears"})
    assert not _facts_without_primary(kg, ["geriatric-psychiatry-fellowship"], {"cg:minYears"})
    assert [kg.record(slug)["duration_years"] for slug in fellowships] == [
        {"min": 2, "max": 2}] + [{"min": 1, "max": 1}] * 4


def test_undersea_hyperbaric_lengths_rest_on_abem_and_the_aoa(kg):
    # AOA conjoint committee: "a one-year AOA or ACGME approved hyperbaric medicine fellowship"; ABEM: "of at
    # least two years" for emergency physicians (the length after an emergency medicine residency).
    assert not _facts_without_primary(kg, ["undersea-hyperbaric-medicine-fellowship"],
                                      {"cg:minYears", "cg:lengthByEntry"})
