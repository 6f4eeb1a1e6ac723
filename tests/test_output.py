"""Text from the graph cannot act on whoever reads the output: no spreadsheet formulas in CSV, no
terminal escapes in tables, no encoding crash on a lone surrogate, no NaN or Infinity in JSON."""

import csv
import io
import json
import re

import pytest

ODD_TTL = r"""@prefix cg: <https://w3id.org/careergraph/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

cg:odd-formula a cg:Career ; skos:prefLabel "=HYPERLINK(\"https://example.org\",\"odd\")"@en ;
    skos:definition "@SUM(1+1)" ; cg:evidence [ dcterms:source cg:src-seed-000 ; cg:quote "+odd" ] .
cg:odd-minus a cg:Career ; skos:prefLabel "-2+3 odd"@en ; cg:evidence [ dcterms:source cg:src-seed-000 ; cg:quote "q" ] .
cg:odd-number a cg:Career ; skos:prefLabel "-3"@en ; cg:evidence [ dcterms:source cg:src-seed-000 ; cg:quote "q" ] .
cg:odd-escape a cg:Career ; skos:prefLabel "odd \u001B]0;owned\u0007\u001B[2J \u009B31m \u202Eexe.txt\u202C \u2066x\u2069"@en ;
    cg:evidence [ dcterms:source cg:src-seed-000 ; cg:quote "q\u001B[5m" ] .
cg:odd-surrogate a cg:Career ; skos:prefLabel "odd \uD800 surrogate"@en ;
    cg:evidence [ dcterms:source cg:src-seed-000 ; cg:quote "q" ] .
cg:odd-infinite a cg:Exam ; skos:prefLabel "Odd infinite exam"@en ; cg:minYears 1e309 ; cg:maxYears "NaN"^^xsd:double ;
    cg:evidence [ dcterms:source cg:src-seed-000 ; cg:quote "q" ] .
cg:odd-after a cg:Career ; skos:prefLabel "Odd after"@en ; cg:requires cg:odd-infinite ;
    cg:evidence [ dcterms:source cg:src-seed-000 ; cg:quote "q" ] .
"""

RAW_CONTROLS = ["\x1b", "\x07", "\x9b", "\u202e", "\u202c", "\u2066", "\u2069"]


@pytest.fixture(scope="module")
def odd(tmp_path_factory):
    path = tmp_path_factory.mktemp("odd") / "odd.ttl"
    path.write_text(ODD_TTL, encoding="utf-8")
    return path


def ok(result):
    assert result.exit_code == 0, (result.stderr, result.exception)
    return result.stdout


def strict_json(text):
    """JSON as a strict parser reads it: NaN and Infinity are not JSON."""
    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.slow
def test_csv_cells_that_would_be_formulas_are_neutralised(run, odd):
    rows = list(csv.DictReader(io.StringIO(ok(run("--graph", odd, "search", "odd", "--format", "csv")))))
    labels = {r["id"]: r["label"] for r in rows}
    assert labels["odd-formula"] == "'=HYPERLINK(\"https://example.org\",\"odd\")"
    assert labels["odd-minus"] == "'-2+3 odd"
    assert labels["odd-number"] == "-3"  # a number stays a number
    record = dict(csv.reader(io.StringIO(ok(run("--graph", odd, "show", "odd-formula", "--format", "csv")))))
    assert record["definition"] == "'@SUM(1+1)"


@pytest.mark.slow
def test_sparql_csv_is_neutralised_and_keeps_numbers(run, odd):
    text = ok(run("--graph", odd, "query", "-e",
                  "SELECT ?label ?n WHERE { cg:odd-formula skos:prefLabel ?label BIND(-3 AS ?n) }", "--format", "csv"))
    assert text.splitlines()[:2] == ["label,n", "\"'=HYPERLINK(\"\"https://example.org\"\",\"\"odd\"\")\",-3"]
    # TSV keeps the exact term
    tsv = ok(run("--graph", odd, "query", "-e", "SELECT ?label WHERE { cg:odd-formula skos:prefLabel ?label }",
                 "--format", "tsv"))
    assert '"=HYPERLINK(' in tsv


@pytest.mark.slow
def test_table_escapes_terminal_controls_and_bidi(run, odd):
    for args in (["search", "odd"], ["show", "odd-escape"], ["query", "-e",
                 "SELECT ?l WHERE { cg:odd-escape skos:prefLabel ?l }"]):
        text = ok(run("--graph", odd, *args))
        assert not [c for c in RAW_CONTROLS if c in text], args
        assert "\\x1b]0;owned\\x07\\x1b[2J \\x9b31m \\u202eexe.txt\\u202c \\u2066x\\u2069" in text
    # JSON keeps the exact text (escaped by JSON itself where it must be)
    record = strict_json(ok(run("--graph", odd, "show", "odd-escape", "--format", "json")))
    assert record["label"].startswith("odd \x1b]0;owned\x07")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_a_lone_surrogate_prints_as_a_replacement_character(run, odd, fmt):
    listed = ok(run("--graph", odd, "list", "--type", "career", "--format", fmt))
    shown = ok(run("--graph", odd, "show", "odd-surrogate", "--format", fmt))
    assert "odd \ufffd surrogate" in listed and "odd \ufffd surrogate" in shown
    queried = ok(run("--graph", odd, "query", "-e", "SELECT ?l WHERE { cg:odd-surrogate skos:prefLabel ?l }",
                     "--format", fmt))
    assert "odd \ufffd surrogate" in queried
    if fmt == "json":
        assert strict_json(shown)["label"] == "odd \ufffd surrogate"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["xml", "tsv", "turtle", "nt", "jsonld"])
def test_a_lone_surrogate_in_every_query_format(run, odd, fmt):
    form = "CONSTRUCT { ?s skos:prefLabel ?l } WHERE" if fmt in ("turtle", "nt", "jsonld") else "SELECT ?s ?l WHERE"
    text = ok(run("--graph", odd, "query", "-e", f"{form} {{ BIND(cg:odd-surrogate AS ?s) ?s skos:prefLabel ?l }}",
                  "--format", fmt))
    assert "odd \ufffd surrogate" in text and "&#55296;" not in text


def test_json_never_contains_nan_or_infinity(run, odd):
    record = strict_json(ok(run("--graph", odd, "show", "odd-infinite", "--format", "json")))
    assert record["duration_years"] == {"min": None, "max": None}
    plan = strict_json(ok(run("--graph", odd, "requires", "odd-after", "--format", "json")))
    assert plan["total_years"] == {"min": None, "max": None}
    table = ok(run("--graph", odd, "show", "odd-infinite"))
    assert re.search(r"^duration_years +\?$", table, re.MULTILINE)


@pytest.mark.slow
def test_a_graph_result_rdflib_cannot_write_is_one_line(run, tmp_path):
    odd = tmp_path / "quote.ttl"
    odd.write_text('<urn:a> <http://example.org/"b> <urn:c> .\n')
    result = run("--graph", odd, "query", "-e", "CONSTRUCT { <urn:a> ?p ?o } WHERE { <urn:a> ?p ?o }",
                 "--format", "turtle")
    assert result.exit_code == 2, result.exception
    # refused when the answer is read, before any format is tried
    assert result.stderr == ("Error: the answer holds an IRI with a character IRIs cannot contain ('\"'): "
                             "'http://example.org/\"b'\n")


@pytest.mark.slow
def test_sparql_xml_stays_well_formed_with_control_characters(run, odd):
    from xml.etree import ElementTree

    text = ok(run("--graph", odd, "query", "-e", "SELECT ?l WHERE { cg:odd-escape skos:prefLabel ?l }", "--format", "xml"))
    literal = ElementTree.fromstring(text).find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert literal.text == "odd \ufffd]0;owned\ufffd\ufffd[2J \x9b31m \u202eexe.txt\u202c \u2066x\u2069"


def test_a_total_of_one_is_singular(run):
    # ABEM: an emergency medicine graduate's addiction medicine fellowship is 12 months
    result = run("route", "--have", "emergency medicine residency", "US MD student", "addiction medicine specialist")
    assert result.exit_code == 0, result.output
    assert "Total: 1 year, " in result.stdout and "1 years" not in result.stdout
    reached = run("reach", "emergency medicine residency", "--within", "1", "--type", "fellowship")
    assert reached.stdout.startswith("Within 1 further year of Emergency medicine residency")
    plural = run("requires", "internal medicine residency")
    assert plural.stdout.rstrip().endswith("years")
