"""The Oxigraph store gives the same answers as the default in-memory rdflib store.

Every bundled query is compared on both stores in test_queries.py."""

import pytest

import careergraph

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
