"""The Oxigraph store gives the same answers as the default in-memory rdflib store.

Every bundled query is compared on both stores in test_queries.py."""

import json
import os
import subprocess
import sys

import pytest

import careergraph

pytestmark = pytest.mark.slow  # an Oxigraph store is built for each graph

pytest.importorskip("pyoxigraph")

@pytest.fixture(scope="module")
def stores():
    return careergraph.load(store="memory"), careergraph.load(store="oxigraph")


def test_parameter_binding_works_on_oxigraph(stores):
    _, oxigraph = stores
    rows = oxigraph.query("fellowships-by-residency", residency="pediatrics").values()
    assert any(r["fellowship"].endswith("pediatric-cardiology-fellowship") for r in rows)
    assert all("residency" not in r for r in rows)  # the parameter is not an extra column


def test_routes_are_the_same_on_both_stores(stores):
    memory, oxigraph = stores
    for source, target in [("medical school", "interventional cardiologist"), ("IMG", "pediatric cardiology")]:
        assert [s.id for s in memory.route(source, target).steps] == \
            [s.id for s in oxigraph.route(source, target).steps]


def test_oxigraph_cli(run):
    result = run("--store", "oxigraph", "query", "-e", "ASK { cg:md-program a cg:Education }")
    assert result.exit_code == 0 and result.stdout.strip() == "yes"


def test_first_oxigraph_load_leaves_a_whole_store(tmp_path):
    """The store is bulk-loaded in a background thread while the route is answered from the parsed
    files; the process still leaves the finished store behind, which the next one queries."""
    env = {**os.environ, "CAREERGRAPH_CACHE_DIR": str(tmp_path)}
    cli = [sys.executable, "-m", "careergraph", "--store", "oxigraph"]
    route = subprocess.run([*cli, "route", "medical school", "interventional cardiologist", "--format", "json"],
                           env=env, capture_output=True, text=True)
    assert route.returncode == 0, route.stderr
    steps = [step["id"] for step in json.loads(route.stdout)["steps"]]
    assert steps == [s.id for s in careergraph.load().route("medical school", "interventional cardiologist").steps]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("oxigraph-")] != []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]
    asked = subprocess.run([*cli, "query", "-e", "ASK { cg:interventional-cardiology-fellowship a cg:Fellowship }"],
                           env=env, capture_output=True, text=True)
    assert asked.returncode == 0 and asked.stdout.strip() == "yes"


def test_malformed_file_on_oxigraph_is_one_line(run, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix cg: <https://w3id.org/careergraph/> .\ncg:a cg:b \"unterminated .\n")
    result = run("--store", "oxigraph", "--graph", bad, "route", "medical school", "cardiologist")
    assert result.exit_code == 2
    assert str(bad) in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_records_read_from_oxigraph_piecemeal_match(stores):
    memory, _ = stores
    oxigraph = careergraph.load(store="oxigraph")  # facts not read whole: neighbourhood queries
    for name in ("interventional cardiology", "internal medicine residency", "physician executive",
                 "ecfmg certification"):
        assert oxigraph.record(name) == memory.record(name)
    assert "graph" not in oxigraph.store.__dict__  # nothing was read whole


def test_search_and_stats_are_answered_by_oxigraph_itself(tmp_path, monkeypatch, stores):
    memory, _ = stores
    monkeypatch.setenv("CAREERGRAPH_CACHE_DIR", str(tmp_path))
    oxigraph = careergraph.load(store="oxigraph")
    assert oxigraph.stats() == memory.stats()
    for text in ("cardio", "board certification", "pediatric"):
        assert oxigraph.search(text) == memory.search(text)
    assert "graph" not in oxigraph.store.__dict__  # the files were not parsed whole to answer
