"""The bundled SPARQL queries (queries/*.rq): their results on the bundled graph, and running them from the CLI.

Expectations are on facts of the core pathway and of the residencies and fellowships, which are stable;
counts are lower bounds so that the graph can grow.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.plugins.sparql import prepareQuery

import careergraph
from careergraph import rdffiles
from careergraph.cli import cli
from careergraph.sparql import bundled_queries

pytestmark = pytest.mark.slow  # every bundled query runs on the whole graph, on both stores

CG = "https://w3id.org/careergraph/"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"
QUERY_DIR = rdffiles.bundled_dir("queries")
QUERY_FILES = sorted(QUERY_DIR.glob("*.rq"))
QUERY_NAMES = [p.stem for p in QUERY_FILES]


def cg(local: str) -> str:
    return CG + local


@pytest.fixture(scope="module")
def kg():
    return careergraph.load()


@pytest.fixture(scope="module")
def results(kg):
    """Each bundled query's result with its defaults, run once."""
    cache = {}

    def get(name, **params):
        key = (name, tuple(sorted(params.items())))
        if key not in cache:
            cache[key] = kg.query(name, **params)
        return cache[key]

    return get


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def rows_of(result, *columns):
    """The rows as tuples of plain strings for ``columns``."""
    return [tuple(row[c] for c in columns) for row in result.values()]


def number(value) -> float:
    return float(value)


# ------------------------------------------------------------------ the files themselves

def test_there_are_at_least_fourteen_queries():
    assert len(QUERY_FILES) >= 14


@pytest.mark.parametrize("path", QUERY_FILES, ids=QUERY_NAMES)
def test_query_is_standalone_sparql(path):
    text = path.read_text(encoding="utf-8")
    prepareQuery(text)  # no initNs: every prefix the query uses is declared in it
    used = set(re.findall(r"(?<![\w<\"#])([a-z]+):[\w^]", re.sub(r"#.*", "", text)))
    declared = set(re.findall(r"^PREFIX\s+(\w+):", text, re.M))
    assert used - {"http", "https"} <= declared


@pytest.mark.parametrize("path", QUERY_FILES, ids=QUERY_NAMES)
def test_query_header(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    keys = [line.lstrip("# ").partition(":")[0] for line in header]
    assert keys[:2] == ["title", "description"]
    assert "columns" in keys
    for line in header:
        if line.startswith("# param:"):
            assert re.fullmatch(r"# param: \?\w+ (iri|string|integer|decimal)( = \S+)? -- .+", line), line
    query = bundled_queries()[path.stem]
    assert query.title and query.description and query.columns
    assert re.fullmatch(r"[a-z]+(-[a-z]+)+", path.stem), "verb-noun kebab-case name"


@pytest.mark.parametrize("path", QUERY_FILES, ids=QUERY_NAMES)
def test_select_columns_match_header(path, kg, results):
    query = bundled_queries()[path.stem]
    if any(p.default is None for p in query.parameters):
        pytest.skip("needs a parameter; covered by its own test")
    result = results(path.stem)
    if result.type == "SELECT":
        assert result.vars == list(query.columns)
        if "ORDER BY" not in query.text:
            pytest.fail("a SELECT query must order its rows")
    elif result.type == "ASK":
        assert list(query.columns) == ["boolean"]


# ------------------------------------------------------------------ each query on the bundled graph

def test_fellowships_by_residency(results):
    result = results("fellowships-by-residency")
    fellowships = [r["fellowship"] for r in result.values()]
    assert cg("cardiovascular-disease-fellowship") in fellowships
    assert cg("gastroenterology-fellowship") in fellowships
    assert cg("interventional-cardiology-fellowship") not in fellowships  # it follows a fellowship
    labels = [r["label"] for r in result.values()]
    assert labels == sorted(labels)


def test_list_fellowship_prerequisites(results):
    result = results("list-fellowship-prerequisites")
    rows = rows_of(result, "fellowship", "how", "prerequisite")
    assert (cg("interventional-cardiology-fellowship"), "all of", cg("cardiovascular-disease-fellowship")) in rows
    assert (cg("cardiovascular-disease-fellowship"), "one of", cg("internal-medicine-residency")) in rows
    assert (cg("cardiovascular-disease-fellowship"), "one of", cg("internal-medicine-pediatrics-residency")) in rows
    assert (cg("vascular-surgery-fellowship"), "all of", cg("general-surgery-residency")) in rows
    # lengths come with the fellowship
    ic = [r for r in result.values() if r["fellowship"] == cg("interventional-cardiology-fellowship")]
    assert number(ic[0]["minYears"]) == 1 and number(ic[0]["maxYears"]) == 1
    # only trainings (or credentials trainings award) are listed, not the Match or the degrees
    prerequisites = {r["prerequisite"] for r in result.values()}
    assert cg("nrmp-match") not in prerequisites and cg("md-degree") not in prerequisites
    assert len({r["fellowship"] for r in result.values()}) >= 80
    labels = [r["label"] for r in result.values()]
    assert labels == sorted(labels)


def test_list_fellowship_prerequisites_for_one_fellowship(kg):
    result = kg.query("list-fellowship-prerequisites", fellowship="cg:interventional-cardiology-fellowship")
    assert rows_of(result, "fellowship", "how", "prerequisite") == [
        (cg("interventional-cardiology-fellowship"), "all of", cg("cardiovascular-disease-fellowship"))]


def test_compute_training_years(results):
    result = results("compute-training-years")
    by_training = {r["training"]: r for r in result.values()}
    expected = {  # training: (GME years, total years from the start of medical school)
        "internal-medicine-residency": (3, 7),
        "family-medicine-residency": (3, 7),
        "general-surgery-residency": (5, 9),
        "dermatology-residency": (4, 8),  # needs a preliminary or transitional year first
        "cardiovascular-disease-fellowship": (6, 10),
        "interventional-cardiology-fellowship": (7, 11),
        "vascular-surgery-fellowship": (7, 11),
        "interventional-radiology-independent-residency": (6, 10),  # prelim + diagnostic radiology + 1 (ABR: one year after ESIR)
    }
    for local, (gme, total) in expected.items():
        row = by_training[cg(local)]
        assert (number(row["gmeYears"]), number(row["totalYears"])) == (gme, total), local
    kinds = {r["kind"] for r in result.values()}
    assert kinds == {cg("Residency"), cg("Fellowship")}
    assert sum(k == cg("Residency") for k in (r["kind"] for r in result.values())) >= 25
    assert len(result.rows) >= 100
    for row in result.values():
        assert number(row["totalYears"]) - number(row["gmeYears"]) == 4  # the MD program
        assert number(row["gmeYears"]) >= number(row["minYears"])
    labels = [r["label"] for r in result.values()]
    assert labels == sorted(labels)


def test_compute_training_years_for_one_training(kg):
    result = kg.query("compute-training-years", training="cg:interventional-cardiology-fellowship")
    assert len(result.rows) == 1
    row = result.values()[0]
    assert row["training"] == cg("interventional-cardiology-fellowship")
    assert number(row["totalYears"]) == 11


def test_find_careers_without_residency(results):
    result = results("find-careers-without-residency")
    careers = {r["career"] for r in result.values()}
    assert {cg("medical-writer"), cg("healthcare-consultant"), cg("public-health-physician")} <= careers
    # anything needing a residency, a fellowship or a board certificate is excluded
    for excluded in ("internist", "cardiologist", "interventional-cardiologist", "general-surgeon", "family-physician"):
        assert cg(excluded) not in careers
    categories = {r["category"] for r in result.values()}
    assert "clinical" not in categories
    assert "non-clinical" in categories


def test_list_img_requirements(results):
    result = results("list-img-requirements")
    nodes = {r["node"] for r in result.values()}
    assert {cg("ecfmg-certification"), cg("oet-medicine"), cg("foreign-medical-degree"), cg("j1-visa")} <= nodes
    # a US MD student passes the USMLE anyway, and the IMG profile itself is not a requirement
    assert cg("usmle-step-1") not in nodes and cg("usmle-step-2-ck") not in nodes
    assert cg("international-medical-graduate") not in nodes
    assert cg("md-program") not in nodes
    why = {(r["node"], r["why"]) for r in result.values()}
    assert (cg("ecfmg-certification"), "awards the ECFMG certificate") in why
    assert (cg("oet-medicine"), "required for ECFMG certification") in why
    assert (cg("usmle-step-3"), "accepts the ECFMG certificate in place of an MD or DO degree") in why


def test_count_specialties_by_board(results):
    result = results("count-specialties-by-board")
    rows = {r["board"]: r for r in result.values()}
    assert number(rows[cg("abim")]["specialties"]) >= 15
    assert "Cardiovascular disease fellowship" in rows[cg("abim")]["list"]
    assert "Interventional cardiology fellowship" in rows[cg("abim")]["list"]
    assert "General surgery residency" in rows[cg("abs")]["list"]
    assert number(rows[cg("abp")]["specialties"]) >= 15
    counts = [number(r["specialties"]) for r in result.values()]
    assert counts == sorted(counts, reverse=True)
    assert len(result.rows) >= 20
    # the count is the number of items in the list
    for row in result.values():
        assert len(row["list"].split("; ")) == number(row["specialties"])


def test_rank_careers_by_salary(results):
    # Figures: BLS OEWS mean annual wages, May 2023 (Becker's ASC Review) and May 2022 (Becker's Hospital
    # Review, from USAFacts), in graph/data/salary.ttl.
    rows = [(r["career"], number(r["salary"]), str(r["currency"]), str(r["period"])) for r in
            results("rank-careers-by-salary").values()]
    # Each career by its newest BLS figure: May 2023 where reported, else May 2022; survey figures left out.
    assert rows[:6] == [(cg("cardiologist"), 423250, "USD", "2023-05"),
                        (cg("orthopaedic-surgeon"), 371400, "USD", "2022-05"),
                        (cg("pediatric-surgeon"), 362970, "USD", "2022-05"),
                        (cg("anesthesiologist"), 339470, "USD", "2023-05"),
                        (cg("radiologist"), 329080, "USD", "2022-05"),
                        (cg("dermatologist"), 327650, "USD", "2022-05")]
    assert rows[-1] == (cg("pediatrician"), 203240, "USD", "2022-05")
    assert len(rows) == 15
    salaries = [salary for _, salary, _, _ in rows]
    assert salaries == sorted(salaries, reverse=True)


def test_rank_careers_by_one_survey(results):
    # Figures: Medscape Physician Compensation Report 2024 (compensation in 2023), via Becker's Hospital Review
    # and Becker's ASC Review; report 2025 (compensation in 2024) for the top five (Radiology Business).
    rows = [(r["career"], number(r["salary"]), str(r["period"])) for r in
            results("rank-careers-by-salary", statistic="Medscape").values()]
    # each career by its newest figure: 2024 for the report's top five, else 2023
    assert rows[:6] == [(cg("orthopaedic-surgeon"), 543000, "2024"), (cg("radiologist"), 520000, "2024"),
                        (cg("plastic-surgeon"), 516000, "2024"), (cg("urologist"), 515000, "2023"),
                        (cg("gastroenterologist"), 512000, "2023"), (cg("cardiologist"), 506000, "2024")]
    assert rows[-1] == (cg("endocrinologist"), 256000, "2023")
    # 29 categories (oncology counted for medical and hematologist-oncologists), and the report's averages for
    # primary care physicians and specialists, by their newest figures (Medscape 2025, via Becker's Hospital Review)
    assert (cg("primary-care-physician"), 281000, "2024") in rows
    assert (cg("specialist-physician"), 398000, "2024") in rows
    assert len(rows) == 32


def test_rank_residencies_by_match(results, tmp_path):
    # Bundled: only NRMP's 2024 figures for the Match as a whole (no fill rate in NRMP's release).
    rows = [(r["node"], str(r["year"]), r.get("fillRate"), number(r["matchRate"]), number(r["positionsOffered"]))
            for r in results("rank-residencies-by-match").values()]
    assert rows == [(cg("nrmp-match"), "2024", None, 80.2, 41503)]
    # Made-up figures for two residencies (not facts): ranked by fill rate, each by its newest year.
    extra = tmp_path / "match.ttl"
    figure = ('[ a cg:MatchFigure ; dcterms:date "{year}"^^xsd:gYear ; cg:fillRate {fill} ; cg:shareUsMd {md} ; '
              'cg:measure "test" ; cg:dateChecked "2026-11-30"^^xsd:date ; '
              'dcterms:source cg:src-nrmp-2024-match-day ; cg:quote "test" ]')
    extra.write_text("@prefix cg: <https://w3id.org/careergraph/> .\n@prefix dcterms: <http://purl.org/dc/terms/> .\n"
                     "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                     f"cg:internal-medicine-residency cg:matchFigure {figure.format(year=2024, fill=96.7, md=34.6)}, "
                     f"{figure.format(year=2023, fill=99.0, md=30.0)} .\n"
                     f"cg:dermatology-residency cg:matchFigure {figure.format(year=2024, fill=100, md=80.1)} .\n")
    ranked = careergraph.load([extra]).query("rank-residencies-by-match")
    assert [(r["node"], *(r.get(k) and number(r[k]) for k in ("fillRate", "shareUsMd"))) for r in ranked.values()] == [
        (cg("dermatology-residency"), 100, 80.1), (cg("internal-medicine-residency"), 96.7, 34.6),
        (cg("nrmp-match"), None, None)]


def test_list_roles_by_care_type(results, kg):
    result = results("list-roles-by-care-type")
    rows = {(r["careType"], r["career"]) for r in result.values()}
    assert ("primary-care", cg("family-physician")) in rows
    assert ("primary-care", cg("internist")) in rows
    assert ("primary-care", cg("pediatrician")) in rows
    assert ("specialist", cg("cardiologist")) in rows
    assert ("specialist", cg("interventional-cardiologist")) in rows
    types = [r["careType"] for r in result.values()]
    assert types == sorted(types) and set(types) == {"primary-care", "specialist"}
    roles = {r["careType"]: number(r["roles"]) for r in result.values()}
    assert roles["specialist"] > roles["primary-care"] >= 4
    assert roles["primary-care"] == len({r["career"] for r in result.values() if r["careType"] == "primary-care"})
    only = kg.query("list-roles-by-care-type", careType="primary-care")
    assert {r["careType"] for r in only.values()} == {"primary-care"}
    assert len({r["career"] for r in only.values()}) == roles["primary-care"]


def test_show_node_sources(kg):
    result = kg.query("show-node-sources", node="cg:ecfmg-certification")
    rows = result.values()
    assert len(rows) >= 3
    titles = {r["title"] for r in rows}
    assert "ECFMG 2023 Information Booklet: ECFMG Certification" in titles
    for row in rows:
        assert row["location"].startswith(("http://", "https://")) or row["location"].endswith(".txt")
        assert row["quote"]
    requires = [r for r in rows if "cg:requires" in (r["supports"] or "").split()]
    assert any("USMLE" in r["quote"] for r in requires)
    assert [r["title"] for r in rows] == sorted(r["title"] for r in rows)


def test_show_node_sources_of_a_seed_article(kg):
    rows = kg.query("show-node-sources", node="cg:us-md-student").values()
    assert any(r["location"].endswith(".txt") for r in rows)  # dcterms:identifier of a seed article


def test_list_transitive_requirements(results):
    result = results("list-transitive-requirements")  # default: interventional cardiology fellowship
    rows = {r["requirement"]: r for r in result.values()}
    assert rows[cg("cardiovascular-disease-fellowship")]["how"] == "all of"
    assert rows[cg("cardiovascular-disease-fellowship")]["direct"] == "true"
    assert rows[cg("internal-medicine-residency")]["how"] == "one of"
    assert rows[cg("internal-medicine-residency")]["direct"] == "false"
    assert cg("md-degree") in rows  # through the residency's one-of group
    assert result.values()[0]["requirement"] == cg("cardiovascular-disease-fellowship")  # direct first


def test_list_transitive_requirements_of_ecfmg_certification(kg):
    result = kg.query("list-transitive-requirements", node="ecfmg-certification")
    rows = {r["requirement"]: r["how"] for r in result.values()}
    assert rows[cg("usmle-step-1")] == "all of"
    assert rows[cg("usmle-step-2-ck")] == "all of"
    assert rows[cg("oet-medicine")] == "all of"
    assert rows[cg("foreign-medical-degree")] == "all of"


def test_rank_longest_training_paths(results):
    result = results("rank-longest-training-paths")
    rows = result.values()
    assert len(rows) == 10
    totals = [number(r["totalYears"]) for r in rows]
    assert totals == sorted(totals, reverse=True)
    assert totals[0] >= 12  # e.g. cardiology subspecialties: MD 4 + IM 3 + cardiology 3 + 2
    electrophysiology = [r for r in rows if r["fellowship"] == cg("clinical-cardiac-electrophysiology-fellowship")]
    assert electrophysiology and number(electrophysiology[0]["totalYears"]) == 12
    assert electrophysiology[0]["path"] == ("Internal medicine residency > Cardiovascular disease fellowship > "
                                            "Clinical cardiac electrophysiology fellowship")
    for row in rows:
        assert row["path"].endswith(row["label"])
        assert number(row["totalYears"]) - number(row["gmeYears"]) == 4


def test_list_stage_credentials(results, kg):
    result = results("list-stage-credentials")
    rows = set(rows_of(result, "stage", "credential"))
    assert (cg("md-program"), cg("md-degree")) in rows
    assert (cg("do-program"), cg("do-degree")) in rows
    assert (cg("ecfmg-certification"), cg("ecfmg-certificate")) in rows
    assert (cg("state-medical-license"), cg("medical-license")) in rows
    assert (cg("internal-medicine-residency"), cg("residency-completion")) in rows
    assert (cg("interventional-cardiology-fellowship"), cg("fellowship-completion")) in rows
    one = kg.query("list-stage-credentials", credential="cg:residency-completion").values()
    assert {r["credential"] for r in one} == {cg("residency-completion")}
    assert {r["kind"] for r in one} == {cg("Residency")}
    assert len(one) >= 25


def test_list_non_clinical_careers(results, kg):
    result = results("list-non-clinical-careers")
    rows = set(rows_of(result, "career", "typicalCredential"))
    assert (cg("public-health-physician"), cg("mph-degree")) in rows
    assert (cg("healthcare-administrator"), cg("mba-degree")) in rows
    assert (cg("healthcare-administrator"), cg("mha-degree")) in rows
    assert (cg("medical-researcher"), cg("phd-degree")) in rows
    careers = {r["career"] for r in result.values()}
    assert cg("medical-writer") in careers  # listed though it has no typical credential
    assert cg("cardiologist") not in careers and cg("chief-medical-officer") not in careers
    leadership = {r["career"] for r in kg.query("list-non-clinical-careers", category="leadership").values()}
    assert cg("chief-medical-officer") in leadership and cg("medical-writer") not in leadership


PROBLEMS = re.compile(
    r"no evidence \(cg:evidence\)|evidence without a (source|quote) \((dcterms:source|cg:quote)\)"
    r"|no preferred label \(skos:prefLabel\)|source without (a title|an address) \(.+\)"
    r"|cites an undefined source: .+|training or education without a (maximum )?length \(cg:m(in|ax)Years\)"
    r"|maximum length below minimum length|fellowship without a prerequisite|refers to an undefined node: .+")


def test_check_data_quality_on_the_bundled_graph(results):
    result = results("check-data-quality")
    assert result.vars == ["node", "problem"]
    rows = result.values()
    for row in rows:
        assert PROBLEMS.fullmatch(row["problem"]), row
    assert [(r["problem"], r["node"]) for r in rows] == sorted((r["problem"], r["node"]) for r in rows)
    # the core pathway and the best-documented fellowships are clean
    flagged = {r["node"] for r in rows}
    for local in ("md-program", "ecfmg-certification", "interventional-cardiology-fellowship",
                  "internal-medicine-residency"):
        assert cg(local) not in flagged


BROKEN = """\
@prefix cg: <https://w3id.org/careergraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
cg:zz-broken-fellowship a cg:Fellowship ;
    skos:prefLabel "Broken fellowship"@en ;
    cg:leadsTo cg:zz-nowhere .
cg:zz-unlabelled-residency a cg:Residency ;
    cg:minYears 3 ; cg:maxYears 2 ;
    cg:evidence [ a cg:Evidence ; cg:quote "a quote with no source" ] .
"""


def test_check_data_quality_finds_problems(tmp_path):
    extra = tmp_path / "broken.ttl"
    extra.write_text(BROKEN, encoding="utf-8")
    kg = careergraph.load([extra])
    rows = set(rows_of(kg.query("check-data-quality"), "node", "problem"))
    broken, unlabelled = cg("zz-broken-fellowship"), cg("zz-unlabelled-residency")
    assert (broken, "no evidence (cg:evidence)") in rows
    assert (broken, "training or education without a length (cg:minYears)") in rows
    assert (broken, "fellowship without a prerequisite") in rows
    assert (broken, "refers to an undefined node: " + cg("zz-nowhere")) in rows
    assert (unlabelled, "no preferred label (skos:prefLabel)") in rows
    assert (unlabelled, "evidence without a source (dcterms:source)") in rows
    assert (unlabelled, "maximum length below minimum length") in rows
    assert (cg("interventional-cardiology-fellowship"), "fellowship without a prerequisite") not in rows
    one = kg.query("check-data-quality", node="cg:zz-broken-fellowship").values()
    assert {r["node"] for r in one} == {broken} and len(one) >= 4
    problems = [r["problem"] for r in one]
    assert problems == sorted(problems)


def test_ask_requires(kg, results):
    assert results("ask-requires").type == "ASK"
    assert results("ask-requires").boolean is True  # interventional cardiology needs internal medicine (or med-peds)
    assert kg.query("ask-requires", prerequisite="cg:cardiovascular-disease-fellowship").boolean is True
    assert kg.query("ask-requires", prerequisite="cg:general-surgery-residency").boolean is False
    assert kg.query("ask-requires", node="cg:ecfmg-certification", prerequisite="cg:oet-medicine").boolean is True
    assert kg.query("ask-requires", node="cg:md-program", prerequisite="cg:oet-medicine").boolean is False


def test_construct_progression_graph(results, kg):
    result = results("construct-progression-graph")
    assert result.type == "CONSTRUCT"
    g = result.graph
    leads = rdflib.URIRef(cg("leadsTo"))
    node = rdflib.URIRef
    assert (node(cg("md-program")), leads, node(cg("usmle-step-1"))) in g  # stated
    # implied by requirements: cardiology -> interventional cardiology; a residency -> cardiology
    assert (node(cg("cardiovascular-disease-fellowship")), leads, node(cg("interventional-cardiology-fellowship"))) in g
    assert (node(cg("internal-medicine-residency")), leads, node(cg("cardiovascular-disease-fellowship"))) in g
    # implied through a credential: ECFMG certification awards the certificate USMLE Step 3 accepts
    assert (node(cg("ecfmg-certification")), leads, node(cg("usmle-step-3"))) in g
    assert set(g.predicates()) <= {leads, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")}
    assert len(set(g.triples((None, leads, None)))) >= 300
    small = kg.query("construct-progression-graph", node="cg:interventional-cardiology-fellowship").graph
    edges = set(small.triples((None, leads, None)))
    ic = node(cg("interventional-cardiology-fellowship"))
    assert edges and all(ic in (s, o) for s, _, o in edges)
    assert (node(cg("cardiovascular-disease-fellowship")), leads, ic) in edges


def test_construct_node_record(kg):
    result = kg.query("construct-node-record", node="interventional cardiology fellowship")
    assert result.type == "CONSTRUCT"
    g = result.graph
    ic = rdflib.URIRef(cg("interventional-cardiology-fellowship"))
    assert (ic, rdflib.RDF.type, rdflib.URIRef(cg("Fellowship"))) in g
    assert (ic, rdflib.URIRef(cg("requires")), rdflib.URIRef(cg("cardiovascular-disease-fellowship"))) in g
    assert g.value(ic, rdflib.URIRef(cg("minYears"))).toPython() == 1
    quotes = list(g.objects(None, rdflib.URIRef(cg("quote"))))
    assert quotes  # evidence blank nodes are spelled out
    label = g.value(rdflib.URIRef(cg("cardiovascular-disease-fellowship")), rdflib.SKOS.prefLabel)
    assert str(label) == "Cardiovascular disease fellowship"
    sources = set(g.objects(None, rdflib.DCTERMS.source))
    assert sources and all(g.value(s, rdflib.DCTERMS.title) is not None for s in sources)
    # alternatives groups are spelled out too
    cardiology = kg.query("construct-node-record", node="cg:cardiovascular-disease-fellowship").graph
    options = set(cardiology.objects(None, rdflib.URIRef(cg("option"))))
    assert rdflib.URIRef(cg("internal-medicine-residency")) in options


def test_list_subspecialties(kg, results):
    result = kg.query("list-subspecialties", specialty="cg:internal-medicine-residency")
    rows = {r["subspecialty"]: r for r in result.values()}
    assert rows[cg("cardiovascular-disease-fellowship")]["direct"] == "true"
    assert rows[cg("interventional-cardiology-fellowship")]["direct"] == "false"  # under cardiology
    assert rows[cg("interventional-cardiology-fellowship")]["parent"] == cg("cardiovascular-disease-fellowship")
    assert rows[cg("gastroenterology-fellowship")]["direct"] == "true"
    assert {r["specialty"] for r in result.values()} == {cg("internal-medicine-residency")}
    every = results("list-subspecialties")
    pairs = set(rows_of(every, "specialty", "subspecialty"))
    assert (cg("general-surgery-residency"), cg("vascular-surgery-fellowship")) in pairs
    assert (cg("cardiovascular-disease-fellowship"), cg("interventional-cardiology-fellowship")) in pairs
    assert len(pairs) >= 90


def test_list_board_certifications(results, kg):
    result = results("list-board-certifications")
    rows = set(rows_of(result, "certification", "how", "requirement"))
    ic = cg("interventional-cardiology-certification")
    assert (ic, "all of", cg("interventional-cardiology-fellowship")) in rows
    assert (ic, "all of", cg("medical-license")) in rows
    boards = {r["boards"] for r in result.values() if r["certification"] == ic}
    assert boards == {"American Board of Internal Medicine"}
    assert len({r["certification"] for r in result.values()}) >= 60
    one = kg.query("list-board-certifications", certification="cg:adolescent-medicine-certification").values()
    assert {(r["how"], r["requirement"]) for r in one} >= {("one of", cg("pediatrics-certification")),
                                                           ("one of", cg("internal-medicine-certification"))}
    assert "American Board of Pediatrics" in one[0]["boards"]


# ------------------------------------------------------------------ the CLI and its formats

def test_queries_lists_every_file_with_its_title():
    result = invoke("queries", "--format", "json")
    assert result.exit_code == 0, result.stderr
    listed = {q["name"]: q for q in json.loads(result.stdout)}
    assert set(listed) == set(QUERY_NAMES)
    for path in QUERY_FILES:
        title = re.search(r"^# title: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1)
        assert listed[path.stem]["title"] == title.strip()


def test_cli_json_is_w3c_sparql_json():
    result = invoke("query", "list-fellowship-prerequisites", "-p", "fellowship=interventional cardiology fellowship",
                    "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == list(bundled_queries()["list-fellowship-prerequisites"].columns)
    [binding] = data["results"]["bindings"]
    assert binding["fellowship"] == {"type": "uri", "value": cg("interventional-cardiology-fellowship")}
    assert binding["prerequisite"]["value"] == cg("cardiovascular-disease-fellowship")
    assert binding["how"]["type"] == "literal" and binding["how"]["value"] == "all of"
    assert float(binding["minYears"]["value"]) == 1


def test_cli_csv():
    result = invoke("query", "count-specialties-by-board", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["board", "boardLabel", "specialties", "list"]
    by_board = {r[0]: r for r in rows[1:]}
    assert int(by_board[cg("abim")][2]) >= 15
    assert all(len(r) == 4 for r in rows)


def test_cli_tsv():
    result = invoke("query", "list-stage-credentials", "-p", "credential=cg:md-degree", "--format", "tsv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter="\t"))
    assert [c.lstrip("?") for c in rows[0]] == ["stage", "stageLabel", "kind", "credential", "credentialLabel"]
    assert any(r[0] == f"<{cg('md-program')}>" for r in rows[1:])  # TSV writes terms in Turtle syntax


def test_cli_xml():
    result = invoke("query", "list-roles-by-care-type", "-p", "careType=primary-care", "--format", "xml")
    assert result.exit_code == 0, result.stderr
    root = ET.fromstring(result.stdout.encode("utf-8"))
    assert root.tag == SPARQL_RESULTS + "sparql"
    names = [v.get("name") for v in root.iter(SPARQL_RESULTS + "variable")]
    assert names == ["careType", "roles", "career", "label", "broader"]
    careers = {b.find(SPARQL_RESULTS + "uri").text for b in root.iter(SPARQL_RESULTS + "binding")
               if b.get("name") == "career"}
    assert cg("family-physician") in careers


def test_cli_ask_formats():
    result = invoke("query", "ask-requires", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["boolean"] is True
    result = invoke("query", "ask-requires", "-p", "prerequisite=cg:general-surgery-residency", "--format", "xml")
    root = ET.fromstring(result.stdout.encode("utf-8"))
    assert root.find(SPARQL_RESULTS + "boolean").text == "false"
    result = invoke("query", "ask-requires")
    assert result.stdout.strip() == "yes"


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_cli_construct_formats(fmt, parser):
    result = invoke("query", "construct-progression-graph", "-p", "node=cg:interventional-cardiology-fellowship",
                    "--format", fmt)
    assert result.exit_code == 0, result.stderr
    g = rdflib.Graph().parse(data=result.stdout, format=parser)
    assert (rdflib.URIRef(cg("cardiovascular-disease-fellowship")), rdflib.URIRef(cg("leadsTo")),
            rdflib.URIRef(cg("interventional-cardiology-fellowship"))) in g


def test_cli_construct_refuses_result_formats():
    result = invoke("query", "construct-node-record", "-p", "node=cg:md-program", "--format", "csv")
    assert result.exit_code == 2


INJECTION = 'x" } UNION { ?s ?p ?o } #'


@pytest.mark.parametrize("name,param", [("list-roles-by-care-type", "careType"),
                                        ("list-non-clinical-careers", "category")])
def test_string_parameter_cannot_change_the_query(name, param):
    result = invoke("query", name, "-p", f"{param}={INJECTION}", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"] == []


def test_iri_parameter_cannot_change_the_query(kg):
    result = invoke("query", "show-node-sources", "-p", f"node={INJECTION}", "--format", "json")
    if result.exit_code == 0:
        assert json.loads(result.stdout)["results"]["bindings"] == []
    else:
        assert result.exit_code == 2  # not a node name
    baseline = kg.query("ask-requires").boolean
    odd = invoke("query", "ask-requires", "-p", "node=urn:x%22%7D", "--format", "json")
    assert odd.exit_code == 0 and json.loads(odd.stdout)["boolean"] is False
    assert baseline is True


def test_parameter_binding_matches_the_default(kg):
    default = kg.query("list-transitive-requirements").values()
    explicit = kg.query("list-transitive-requirements", node=cg("interventional-cardiology-fellowship")).values()
    assert default == explicit


def test_unknown_parameter():
    result = invoke("query", "ask-requires", "-p", "nonsense=1")
    assert result.exit_code == 2
    assert "nonsense" in result.stderr


def test_missing_required_parameter():
    result = invoke("query", "show-node-sources")
    assert result.exit_code == 2
    assert "node" in result.stderr


def test_unknown_query_name_lists_the_queries():
    result = invoke("query", "no-such-query")
    assert result.exit_code == 2
    assert "no-such-query" in result.stderr
    for name in ("compute-training-years", "ask-requires", "check-data-quality"):
        assert name in result.stderr


def test_syntax_error_names_line_and_column():
    result = invoke("query", "-e", "PREFIX cg: <https://w3id.org/careergraph/>\nSELECT ?x WHERE { ?x cg:requires }")
    assert result.exit_code == 2
    assert re.search(r"line \d+, column \d+", result.stderr), result.stderr


EXISTS_IN_SELECT = ("PREFIX cg: <https://w3id.org/careergraph/>\n"
                    "SELECT ?f (EXISTS { ?f cg:requires ?x } AS ?r) WHERE { ?f a cg:Fellowship } LIMIT 3")


def test_what_the_memory_store_cannot_evaluate_is_named_with_the_way_out():
    result = invoke("query", "-e", EXISTS_IN_SELECT)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "EXISTS outside a FILTER" in result.stderr and "--store oxigraph" in result.stderr
    assert "CompValue" not in result.stderr  # not rdflib's parse tree
    answered = invoke("--store", "oxigraph", "query", "-e", EXISTS_IN_SELECT, "--format", "json")
    assert answered.exit_code == 0, answered.stderr
    assert len(json.loads(answered.stdout)["results"]["bindings"]) == 3


def test_update_is_refused():
    result = invoke("query", "-e", "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert result.exit_code == 2
    assert "UPDATE" in result.stderr


def test_service_is_refused_without_allow_service():
    result = invoke("query", "-e", "SELECT * WHERE { SERVICE <http://example.invalid/sparql> { ?s ?p ?o } }")
    assert result.exit_code == 2
    assert "--allow-service" in result.stderr


def test_empty_select_result():
    empty = "SELECT ?x WHERE { ?x a <urn:no-such-class> }"
    table = invoke("query", "-e", empty)
    assert table.exit_code == 0
    assert "0 rows" in table.stderr
    as_json = invoke("query", "-e", empty, "--format", "json")
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout) == {"head": {"vars": ["x"]}, "results": {"bindings": []}}


def test_table_output_of_a_bundled_query():
    result = invoke("query", "list-img-requirements")
    assert result.exit_code == 0, result.stderr
    assert "cg:ecfmg-certification" in result.stdout
    assert re.search(r"^\d+ rows$", result.stderr.strip(), re.M)


# ------------------------------------------------------------------ the same results on another engine

def _normal(value):
    """Engines may write 3.0 as "3", concatenate group members in another order, and leave an empty
    GROUP_CONCAT unbound (Oxigraph) or bind it to "" (rdflib)."""
    if value is None or value == "":
        return None
    try:
        return float(value)
    except ValueError:
        return tuple(sorted(re.split(r"; | ", value)))


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_same_results_on_oxigraph(name, results):
    pytest.importorskip("pyoxigraph")
    query = bundled_queries()[name]
    params = {p.name: "cg:ecfmg-certification" for p in query.parameters if p.default is None}
    ours = results(name, **params)
    oxigraph = _oxigraph_kg().query(name, **params)
    assert oxigraph.type == ours.type
    if ours.type == "ASK":
        assert oxigraph.boolean == ours.boolean
    elif ours.type == "SELECT":
        assert oxigraph.vars == ours.vars
        normal = lambda result: [{k: _normal(v) for k, v in row.items()} for row in result.values()]
        assert normal(oxigraph) == normal(ours)
    else:
        assert len(oxigraph.graph) == len(ours.graph)
        assert set(oxigraph.graph.predicates()) == set(ours.graph.predicates())


_OXIGRAPH = []


def _oxigraph_kg():
    if not _OXIGRAPH:
        _OXIGRAPH.append(careergraph.load(store="oxigraph"))
    return _OXIGRAPH[0]
