"""The SHACL shapes catch each kind of broken data."""

import pytest

from .conftest import load_mini

HEAD = """@prefix cg: <https://w3id.org/careergraph/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
EVIDENCE = 'cg:evidence [ dcterms:source cg:src-test ; cg:quote "q" ]'


def test_mini_graph_conforms(mini):
    report = mini.validate()
    assert report.conforms, report.violations


@pytest.mark.parametrize("snippet, focus, message", [
    (f"cg:nolabel a cg:Career ; {EVIDENCE} .", "cg:nolabel", "exactly one skos:prefLabel"),
    (f'cg:untyped skos:prefLabel "Untyped" ; {EVIDENCE} .', "cg:untyped", "no careergraph node type"),
    (f'cg:negative a cg:Exam ; skos:prefLabel "N" ; cg:minYears -1 ; cg:maxYears 1 ; {EVIDENCE} .',
     "cg:negative", "non-negative"),
    (f'cg:backwards a cg:Exam ; skos:prefLabel "B" ; cg:minYears 4 ; cg:maxYears 2 ; {EVIDENCE} .',
     "cg:backwards", "greater than cg:maxYears"),
    (f'cg:dangling a cg:Career ; skos:prefLabel "D" ; cg:requires cg:nothing-here ; {EVIDENCE} .',
     "cg:dangling", "cg:requires points to something that is not a typed node"),
    ('cg:unsourced a cg:Career ; skos:prefLabel "U" .', "cg:unsourced", "fact without source"),
    (f'cg:both a cg:Residency ; skos:prefLabel "B" ; cg:minYears 1 ; cg:maxYears 1 ; cg:certifiedBy cg:board ; '
     f'cg:noBoardCertificate true ; {EVIDENCE} .', "cg:both", "cannot also have cg:certifiedBy"),
    ('cg:quoteless a cg:Career ; skos:prefLabel "Q" ; cg:evidence [ dcterms:source cg:src-test ] .',
     None, "short cg:quote"),
    (f'cg:lengthless a cg:Residency ; skos:prefLabel "L" ; cg:certifiedBy cg:board ; {EVIDENCE} .',
     "cg:lengthless", "needs cg:minYears"),
    (f'cg:orphan a cg:Fellowship ; skos:prefLabel "O" ; cg:minYears 1 ; cg:maxYears 1 ; cg:certifiedBy cg:board ; {EVIDENCE} .',
     "cg:orphan", "fellowship needs a prerequisite"),
    ('cg:src-bare a cg:Source ; dcterms:title "Bare" .', "cg:src-bare", "schema:url or a dcterms:identifier"),
    (f'cg:no-way-in a cg:Exam ; skos:prefLabel "W" ; cg:lengthByEntry [ cg:minYears 2 ] ; {EVIDENCE} .',
     None, "needs one cg:entry"),
    (f'cg:no-length a cg:Exam ; skos:prefLabel "N" ; cg:lengthByEntry [ cg:entry cg:no-length ] ; {EVIDENCE} .',
     None, "needs cg:minYears or cg:maxYears"),
])
def test_each_kind_of_broken_data_is_caught(tmp_path, snippet, focus, message):
    path = tmp_path / "broken.ttl"
    path.write_text(HEAD + snippet + "\n")
    report = load_mini(path).validate()
    assert not report.conforms
    hits = [v for v in report.violations if message in v.message]
    assert hits, report.violations
    if focus:
        assert hits[0].focus == focus


def test_missing_board_is_only_a_warning(tmp_path):
    path = tmp_path / "noboard.ttl"
    path.write_text(HEAD + f'cg:noboard a cg:Residency ; skos:prefLabel "NB" ; cg:minYears 1 ; cg:maxYears 1 ; {EVIDENCE} .\n')
    report = load_mini(path).validate()
    assert report.conforms
    assert [(v.focus, v.severity) for v in report.violations] == [("cg:noboard", "Warning")]


def test_no_board_certificate_answers_the_board_warning(tmp_path):
    path = tmp_path / "noboard.ttl"
    path.write_text(HEAD + 'cg:uncertified a cg:Residency ; skos:prefLabel "U" ; cg:minYears 1 ; cg:maxYears 1 ; '
                    f'cg:noBoardCertificate true ; {EVIDENCE} .\n')
    report = load_mini(path).validate()
    assert report.conforms and report.violations == []


@pytest.mark.parametrize("snippet", [
    # NaN as a decimal made pySHACL fail with a traceback; the others passed as valid lengths
    'cg:odd a cg:Exam ; skos:prefLabel "O" ; cg:minYears "NaN"^^<http://www.w3.org/2001/XMLSchema#decimal> ',
    'cg:odd a cg:Exam ; skos:prefLabel "O" ; cg:minYears 1' + "0" * 400 + " ",
    'cg:odd a cg:Career ; skos:prefLabel "O" ; cg:salary [ a cg:SalaryRange ; '
    '<https://schema.org/minValue> "INF"^^<http://www.w3.org/2001/XMLSchema#double> ] ',
])
def test_non_finite_numbers_are_one_clear_violation(tmp_path, snippet):
    path = tmp_path / "odd.ttl"
    path.write_text(HEAD + snippet + f"; {EVIDENCE} .\n")
    report = load_mini(path).validate()
    assert not report.conforms
    hits = [v for v in report.violations if "must be a finite number" in v.message]
    assert len(hits) == 1, report.violations
    assert hits[0].path in ("cg:minYears", "schema:minValue") and hits[0].severity == "Violation"


@pytest.mark.parametrize("url, tier", [
    ("https://www.acgme.org/programs-and-institutions/", "primary"),
    ("https://staging.abem.org/public/become-certified/subspecialties/pain-medicine", "primary"),
    ("https://certification.osteopathic.org/", "primary"),
    ("https://lcme.org/about/", "primary"),  # accredits MD programs, as COCA (AOA) does DO programs
    ("https://www.nrmp.org/match-data/", "primary"),
    ("https://college.mayo.edu/academics/residencies-and-fellowships/", "secondary"),
    ("https://www.acponline.org/about-acp", "secondary"),
    ("https://en.wikipedia.org/wiki/Residency_(medicine)", "tertiary"),
    ("https://docslib.org/doc/123/abpath-booklet", "tertiary"),
    ("https://blog.acpinternist.org/post", "tertiary"),
    ("http://web.archive.org/web/19970510223255/http:/www.aaaai.org/profinfo/abaicert.html", "secondary"),
    ("http://web.archive.org/web/2012/http://www.abim.org/certification", "primary"),
    # the UNT Libraries web archive keeps bls.gov pages the same way
    ("https://webarchive.library.unt.edu/web/20120921131132/http:/www.bls.gov/oes/current/oes291063.htm", "primary"),
    ("https://webarchive.library.unt.edu/web/20201218060825/http://www.example.org/page", "secondary"),
    (None, "tertiary"),
])
def test_source_tier_by_host(url, tier):
    from careergraph.validate import source_tier

    assert source_tier(url) == tier


def test_facts_without_a_primary_source_are_a_warning_listed_by_node_and_property(tmp_path):
    path = tmp_path / "hospital.ttl"
    path.write_text(HEAD + '@prefix schema: <https://schema.org/> .\n'
                    'cg:src-hospital a cg:Source ; dcterms:title "A hospital page" ; schema:url <https://www.mayo.edu/x> .\n'
                    'cg:src-board a cg:Source ; dcterms:title "A board page" ; schema:url <https://www.abim.org/x> .\n'
                    'cg:hospital-only a cg:Career ; skos:prefLabel "H" ; '
                    'cg:evidence [ dcterms:source cg:src-hospital ; cg:quote "q" ; cg:supports cg:requires ] , '
                    '[ dcterms:source cg:src-board ; cg:quote "q" ; cg:supports cg:careType ] .\n')
    report = load_mini(path).validate()
    assert report.conforms
    missing = report.to_dict()["provenance"]["facts_without_primary_source"]
    assert {"node": "cg:hospital-only", "property": "cg:requires", "best_tier": "secondary"} in missing
    assert not [f for f in missing if f["node"] == "cg:hospital-only" and f["property"] == "cg:careType"]
