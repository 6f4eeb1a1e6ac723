"""The command line: help, formats, exit codes and one-line errors."""

import csv
import io
import json
import re

import pytest

from careergraph import __version__
from careergraph.cli import cli


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert cli.commands[command].help


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_python_dash_m_runs_the_cli():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "careergraph", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and __version__ in done.stdout


def test_show_json_record(run):
    result = run("show", "cg:md-program", "--format", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert {"id", "iri", "label", "type", "duration_years", "requires", "leads_to", "sources"} <= set(record)
    assert record["id"] == "md-program" and record["type"] == "education"
    assert record["duration_years"] == {"min": 4, "max": 4}
    assert record["iri"] == "https://w3id.org/careergraph/md-program"
    assert all(s["quote"] for s in record["sources"])


def test_show_table_and_csv(run):
    table = run("show", "medical school")
    assert table.exit_code == 0 and "MD program" in table.stdout
    rows = list(csv.reader(io.StringIO(run("show", "medical school", "--format", "csv").stdout)))
    assert rows[0] == ["field", "value"] and ["id", "md-program"] in rows


def test_list_formats_agree(run):
    as_json = json.loads(run("list", "--type", "exam", "--format", "json").stdout)
    as_csv = list(csv.DictReader(io.StringIO(run("list", "--type", "exam", "--format", "csv").stdout)))
    assert [r["id"] for r in as_json] == [r["id"] for r in as_csv]
    assert {"usmle-step-1", "usmle-step-2-ck", "usmle-step-3", "comlex-level-1", "comlex-level-2-ce",
            "comlex-level-3"} <= {r["id"] for r in as_json}
    table = run("list", "--type", "exam").stdout.splitlines()
    assert table[0].split() == ["id", "label", "type"]


def test_search(run):
    result = run("search", "step 2", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["id"] == "usmle-step-2-ck"
    missing = run("search", "zzzz-nothing")
    assert missing.exit_code == 1 and "no node matches" in missing.stderr


def test_unknown_node_exit_2_with_close_matches(run):
    result = run("show", "medcal school")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown node 'medcal school'; did you mean:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


NO_STEP = ("not a step or credential a route can take",)
# ABMS: a primary care physician may be certified in family medicine, internal medicine or pediatrics, so
# which residency was done is not implied by the career and must be named
WHICH_TRAINING = ("Error: Primary care physician can follow different training (",
                  "name the residency or fellowship held (as FROM, or with --have)")


@pytest.mark.parametrize("args, message", [
    (("route", "US MD student", "ABIM"), NO_STEP),
    (("requires", "ABIM"), NO_STEP),
    (("next", "src-abim-critical-care-medicine"), NO_STEP),
    (("reach", "src-abim-critical-care-medicine", "--within", "2"), NO_STEP),
    (("plan", "US MD student", "src-abim-critical-care-medicine", "--start", "2026-08"), NO_STEP),
    (("route", "primary care physician", "cardiologist"), WHICH_TRAINING),
    (("route", "US MD student", "cardiologist", "--have", "primary care physician"), WHICH_TRAINING),
    (("requires", "cardiologist", "--have", "primary care physician"), WHICH_TRAINING),
    (("next", "primary care physician"), WHICH_TRAINING),
    (("reach", "primary care physician", "--within", "3"), WHICH_TRAINING),
    (("plan", "primary care physician", "cardiologist", "--start", "2027-07"), WHICH_TRAINING),
])
def test_what_no_route_can_start_from_or_take_is_one_line_exit_2(run, args, message):
    # message: the parts of the one error line
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert all(part in result.stderr for part in message)


def test_route_from_a_career_the_way_a_practising_physician_names_it(run):
    # ABIM: an internist's next step to cardiology is the 36-month cardiovascular disease fellowship
    result = run("route", "internist", "cardiologist", "--format", "json")
    assert result.exit_code == 0, result.stderr
    route = json.loads(result.stdout)
    assert [(s["id"], s["when"]) for s in route["steps"] if s["years"]] == [
        ("cardiovascular-disease-fellowship", "PGY-4\u2013PGY-6")]
    assert route["total_years"] == {"min": 3, "max": 3}
    table = run("route", "internist", "cardiologist")
    assert table.exit_code == 0 and table.stdout.splitlines()[0] == "Internist \u2192 Cardiologist"
    assert table.stdout.rstrip().endswith("Total: 3 years, 3 steps")
    required = json.loads(run("requires", "cardiologist", "--have", "internist", "--format", "json").stdout)
    assert [s["id"] for s in required["steps"]] == [s["id"] for s in route["steps"]]
    following = {o["id"] for o in json.loads(run("next", "internist", "--format", "json").stdout)}
    assert "cardiovascular-disease-fellowship" in following and "internal-medicine-residency" not in following


def test_a_source_is_no_focus_of_the_map(run, tmp_path):
    out = tmp_path / "map.html"
    result = run("viz", "--focus", "src-abim-critical-care-medicine", "-o", str(out))
    assert result.exit_code == 2 and "is a source, which the map does not draw" in result.stderr
    assert not out.exists()


def test_unknown_type_is_bad_input(run):
    result = run("list", "--type", "fellowshp")
    assert result.exit_code == 2 and "did you mean: fellowship" in result.stderr


def test_bad_format_is_a_usage_error(run):
    assert run("list", "--format", "yaml").exit_code == 2


@pytest.mark.slow
def test_malformed_user_file_exit_2_names_file_and_line(run, tmp_path):
    bad = tmp_path / "mine.ttl"
    bad.write_text("@prefix cg: <https://w3id.org/careergraph/> .\ncg:a cg:b .\n")
    result = run("--graph", bad, "stats")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {bad}:2: bad syntax")
    assert "Traceback" not in result.stderr


def test_stats_json(run):
    stats = json.loads(run("stats", "--format", "json").stdout)
    assert stats["nodes_by_type"]["residency"] >= 28
    assert stats["triples"] > 1000


@pytest.mark.slow
def test_validate_bundled_graph_conforms(run):
    result = run("validate")
    assert result.exit_code == 0, result.stdout
    assert "conforms" in result.stderr


@pytest.mark.slow
def test_validate_broken_user_file_exit_1(run, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix cg: <https://w3id.org/careergraph/> .\n"
                      "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                      'cg:mine a cg:Career ; skos:prefLabel "Mine" ; cg:requires cg:nowhere .\n')
    result = run("validate", broken, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert {(v["focus"], v["path"]) for v in report["violations"]} >= {("cg:mine", "cg:requires"),
                                                                        ("cg:mine", "cg:evidence")}


def test_coverage_of_specialties(run):
    fellowships = json.loads(run("list", "--type", "fellowship", "--format", "json").stdout)
    residencies = json.loads(run("list", "--type", "residency", "--format", "json").stdout)
    assert len(fellowships) >= 100 and len(residencies) >= 28


@pytest.mark.slow
def test_interventional_cardiology_record(run):
    record = json.loads(run("show", "interventional cardiology", "--format", "json").stdout)
    assert record["duration_years"] == {"min": 1, "max": 1}
    assert [r["id"] for r in record["requires"]] == ["cardiovascular-disease-fellowship"]
    assert [r["id"] for r in record["certified_by"]] == ["abim"]
    assert all(s["url"] or s["file"] for s in record["sources"])
    parent = json.loads(run("show", "cardiovascular-disease-fellowship", "--format", "json").stdout)
    options = {r["id"] for group in parent["requires_one_of"] for r in group}
    assert "internal-medicine-residency" in options


@pytest.mark.slow
def test_generate_writes_a_graph_that_conforms_and_routes(run, tmp_path):
    result = run("generate", "--triples", 2000, "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    generated = tmp_path / "generated.nt"
    assert 2000 <= sum(1 for _ in generated.open()) < 2300
    assert run("generate", "--triples", 2000, "-o", tmp_path / "again").exit_code == 0
    assert (tmp_path / "again" / "generated.nt").read_text() == generated.read_text()
    assert run("--graph", tmp_path, "validate").exit_code == 0
    route = json.loads(run("--graph", tmp_path, "route", "medical school", "gen-fellowship-1-0-specialist",
                           "--format", "json").stdout)
    ids = [s["id"] for s in route["steps"]]
    assert ids[0] == "md-program" and "gen-residency-1" in ids and ids[-1] == "gen-fellowship-1-0-specialist"
    assert "state-medical-license" in ids


def test_generate_into_an_unwritable_place_is_a_clear_error(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = run("generate", "--triples", 200, "-o", blocker / "out")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {blocker / 'out'}: cannot write") and "Traceback" not in result.stderr


@pytest.mark.slow
def test_no_result_and_not_conforming_exit_1_with_one_line(run, tmp_path):
    missing = run("search", "zzzz-nothing")
    assert (missing.exit_code, missing.stderr, missing.stdout) == (1, "Error: no node matches 'zzzz-nothing'\n", "")
    unsorted = tmp_path / "unsorted.ttl"
    unsorted.write_text("@prefix cg: <https://w3id.org/careergraph/> .\ncg:b cg:requires cg:a .\ncg:a cg:leadsTo cg:b .\n")
    checked = run("fmt", "--check", unsorted)
    assert checked.exit_code == 1
    assert checked.stderr == f"Error: not in sorted form: {unsorted}\n"
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix cg: <https://w3id.org/careergraph/> .\n"
                      "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                      'cg:mine a cg:Career ; skos:prefLabel "Mine" ; cg:requires cg:nowhere .\n')
    report = run("validate", broken)
    assert report.exit_code == 1 and "focus" in report.stdout
    assert re.search(r"^Error: does not conform: \d+ violations$", report.stderr, re.M)
