"""The bundled graph against the table of ABMS certificates (tests/data/abms_certificates.csv)."""

import csv
from pathlib import Path

import pytest

TABLE = Path(__file__).parent / "data" / "abms_certificates.csv"


def _rows():
    with TABLE.open(newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [(row["certificate"], set(row["boards"].split())) for row in csv.DictReader(lines)]


@pytest.mark.parametrize("certificate, boards", _rows(), ids=[name for name, _ in _rows()])
def test_certificate_is_a_node_by_its_official_name_and_linked_to_every_issuing_board(kg, certificate, boards):
    # Source of each row's boards: the issuing board's page named in the table.
    wanted = certificate.casefold()
    named = [ref for ref in kg.search(certificate, type="certification")
             if wanted in {name.casefold() for name in [ref.label, *kg.record(ref.id)["alt_labels"]]}]
    assert named, f"no certification node is named {certificate!r}"
    linked = {board["id"].upper() for ref in named for board in kg.record(ref.id)["certified_by"]}
    assert boards <= linked, f"{certificate}: boards not linked: {sorted(boards - linked)}"


def test_show_cardiologist_gives_a_dated_sourced_salary(kg):
    # Source: BLS OEWS May 2023 mean annual wage for cardiologists, as reported by Becker's ASC Review.
    # and the May 2022 figure reported by Becker's Hospital Review (from USAFacts).
    salaries = {s["year"]: s for s in kg.record("cardiologist")["salary"]}
    assert {year: (s["min"], s["currency"]) for year, s in salaries.items()} == {
        "2023-05": (423250, "USD"), "2022-05": (421330, "USD")}
    assert "mean annual wage" in salaries["2023-05"]["measure"] and "$423,250" in salaries["2023-05"]["quote"]


def test_every_salary_figure_has_a_source_a_quote_a_period_and_a_checked_date(kg):
    careers = [ref for ref in kg.nodes(type="career") if kg.record(ref.id)["salary"]]
    assert careers
    for ref in careers:
        for salary in kg.record(ref.id)["salary"]:
            assert salary["url"] and salary["source_title"] and salary["quote"], ref.id
            assert salary["year"] and salary["checked"] and salary["currency"] and salary["measure"], ref.id


def test_the_shapes_reject_an_undated_salary(tmp_path):
    from .conftest import load_mini

    path = tmp_path / "salary.ttl"
    path.write_text('@prefix cg: <https://w3id.org/careergraph/> .\n@prefix schema: <https://schema.org/> .\n'
                    'cg:school cg:salary [ a cg:SalaryRange ; schema:minValue 1 ; schema:maxValue 1 ; '
                    'schema:currency "USD" ] .\n')
    messages = {v.message for v in load_mini(path).validate().violations}
    assert "a salary needs dcterms:date (the period it describes)" in messages
    assert "a salary needs cg:dateChecked (an xsd:date)" in messages


def test_a_certificate_open_without_fellowship_says_until_when(kg):
    # Source: ABFM, CAQ in HALM: "Practice-Only Pathway (expires December 31, 2030)".
    record = kg.record("Health Care Administration, Leadership, and Management")
    assert (record["id"], record["practice_pathway_until"]) == (
        "health-care-administration-leadership-management-certification", "2030-12-31")
    assert kg.record("neurocritical care certification")["practice_pathway_until"] is None
