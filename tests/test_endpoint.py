"""careergraph against a real SPARQL server: Virtuoso Open Source on loopback.

The Virtuoso tests are skipped when virtuoso-t is not installed, except in CI (CI=true), where
.ci/run installs it and a missing server is a failure. The error tests need no server.
"""

import http.server
import json
import os
import shutil
import socket
import subprocess
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal
from rdflib.compare import to_isomorphic

import careergraph
from careergraph.errors import EndpointError
from careergraph.stores import Endpoint
from careergraph.htmlmap import map_data
from careergraph.sparql import bundled_queries

pytestmark = pytest.mark.slow  # a Virtuoso server and HTTP servers on loopback

SCRIPT = Path(__file__).parent.parent / "scripts" / "virtuoso.sh"
GRAPH = "https://w3id.org/careergraph/graph"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A throw-away Virtuoso on loopback; yields its base URL."""
    if shutil.which("virtuoso-t") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("virtuoso-t is not installed; .ci/run installs virtuoso-opensource-7-bin")
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource-7-bin)")
    env = dict(os.environ, VIRTUOSO_DIR=str(tmp_path_factory.mktemp("virtuoso")),
               VIRTUOSO_HTTP_PORT=str(free_port()), VIRTUOSO_SQL_PORT=str(free_port()))
    subprocess.run(["bash", str(SCRIPT), "start"], env=env, check=True, capture_output=True, timeout=120)
    yield f"http://127.0.0.1:{env['VIRTUOSO_HTTP_PORT']}"
    subprocess.run(["bash", str(SCRIPT), "stop"], env=env, capture_output=True, timeout=60)


@pytest.fixture
def dba(monkeypatch):
    monkeypatch.setenv("CAREERGRAPH_ENDPOINT_USER", "dba")
    monkeypatch.setenv("CAREERGRAPH_ENDPOINT_PASSWORD", "dba")


@pytest.fixture(scope="session")
def published(virtuoso):
    """The bundled graph published to Virtuoso through the Graph Store Protocol; yields the endpoint args."""
    with pytest.MonkeyPatch.context() as mp:  # undone even when publishing fails
        mp.setenv("CAREERGRAPH_ENDPOINT_USER", "dba")
        mp.setenv("CAREERGRAPH_ENDPOINT_PASSWORD", "dba")
        careergraph.load().publish(Endpoint(f"{virtuoso}/sparql-auth", GRAPH),
                                   graph_store=f"{virtuoso}/sparql-graph-crud-auth")
    # reading needs no credentials: the public /sparql endpoint
    yield ["--endpoint", f"{virtuoso}/sparql", "--endpoint-graph", GRAPH]


@pytest.fixture(scope="session")
def remote(published):
    # the bundled queries' answers are compared, not timed: the heaviest (transitive paths) may take
    # Virtuoso past the default minute on a loaded machine
    return careergraph.load(endpoint=Endpoint(published[1], GRAPH, timeout=300))


# Runs before the publishing tests below load more copies of the graph into the same server: with them,
# Virtuoso 7.2 can run out of its transitive-path memory on find-careers-without-residency.
@pytest.mark.parametrize("name", bundled_queries())
def test_every_bundled_query_matches_the_local_store(remote, kg, name):
    params = PARAMS.get(name, {})
    assert comparable(remote.query(name, **params)) == comparable(kg.query(name, **params))


# ------------------------------------------------------------------ publishing

def test_publish_twice_leaves_the_same_count(virtuoso, dba, run, kg):
    args = ["publish", "--endpoint", f"{virtuoso}/sparql-auth", "--endpoint-graph", "urn:test:twice",
            "--graph-store", f"{virtuoso}/sparql-graph-crud-auth", "--format", "json"]
    first = run(*args)
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["triples"] == len(kg.graph) == summary["after"]
    assert summary["before"] == 0 and summary["protocol"] == "graph-store"
    assert f"published {len(kg.graph):,} of {len(kg.graph):,} triples" in first.stderr  # progress
    second = json.loads(run(*args).stdout)
    assert second["before"] == second["after"] == summary["after"]


def test_publish_by_sparql_update_matches_the_graph_store(virtuoso, dba, run, kg):
    args = ["publish", "--endpoint", f"{virtuoso}/sparql-auth", "--endpoint-graph", "urn:test:update",
            "--batch", "1000", "--format", "json"]
    summary = json.loads(run(*args).stdout)
    assert summary["protocol"] == "update"
    assert summary["after"] == len(kg.graph)
    again = json.loads(run(*args, "--replace").stdout)
    assert again["before"] == again["after"] == len(kg.graph)


def test_publish_replace_and_cache_invalidation(virtuoso, dba, run, tmp_path):
    """A changed graph on the server is seen at once: the cached compiled graph is not reused."""
    endpoint = ["--endpoint", f"{virtuoso}/sparql-auth", "--endpoint-graph", "urn:test:changing"]
    assert run("publish", *endpoint, "--replace").exit_code == 0
    assert run(*endpoint, "show", "md-program").exit_code == 0
    assert run(*endpoint, "show", "gap-year").exit_code == 2
    extra = tmp_path / "extra.ttl"
    extra.write_text('@prefix cg: <https://w3id.org/careergraph/> .\n'
                     '@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                     'cg:gap-year a cg:Stage ; skos:prefLabel "Gap year"@en ; cg:minYears 1 ; '
                     'cg:requires cg:md-degree .\n')
    assert run("--graph", extra, "publish", *endpoint, "--replace").exit_code == 0
    shown = run(*endpoint, "show", "gap year", "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["requires"][0]["id"] == "md-degree"


def test_publish_needs_an_endpoint(run):
    result = run("publish")
    assert result.exit_code == 2
    assert "publish needs --endpoint" in result.stderr


# ------------------------------------------------------------------ same answers as the local store

@pytest.mark.parametrize("command", [
    ["route", "medical school", "interventional cardiologist"],
    ["route", "international medical graduate", "interventional cardiologist", "-k", "3"],
    ["route", "us-do-student", "family physician", "--by", "steps"],
    ["requires", "interventional cardiology"],
    ["requires", "pediatric cardiology fellowship", "--have", "md-degree"],
    ["next", "internal medicine residency"],
    ["show", "interventional cardiology"],
    ["show", "cg:ecfmg-certification"],
    ["show", "physician executive"],
    ["show", "internal medicine residency"],  # an option of "one of" groups: required by through them
    ["show", "pediatric orthopaedics fellowship"],
    ["search", "cardio"],
    ["search", "informatics", "--type", "fellowship"],
    ["list", "--type", "fellowship"],
])
def test_commands_match_the_local_store(published, run, command):
    local = run(*command, "--format", "json")
    remote = run(*published, *command, "--format", "json")
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.stdout) == json.loads(local.stdout)


def test_stats_match_the_local_store(published, run):
    local = json.loads(run("stats", "--format", "json").stdout)
    remote = json.loads(run(*published, "stats", "--format", "json").stdout)
    for counts in (local, remote):
        counts.pop("files")
    assert remote == local


def test_unknown_node_on_the_endpoint(published, run):
    result = run(*published, "show", "interventional cardiolgy")
    assert result.exit_code == 2
    assert "did you mean: interventional-cardiology-fellowship" in result.stderr


PARAMS = {"construct-node-record": {"node": "interventional cardiology"},
          "show-node-sources": {"node": "interventional cardiology"}}


def comparable(result):
    """The answer in a form that ignores what SPARQL leaves open: row order, the order of
    GROUP_CONCAT lists, and the lexical form of numbers and booleans (Virtuoso writes 3.0 as 3
    and false as 0)."""
    if result.type == "ASK":
        return result.boolean
    if result.type != "SELECT":
        numbers = Graph()
        for s, p, o in result.graph:
            numeric = isinstance(o, Literal) and isinstance(o.toPython(), (int, float, Decimal))
            numbers.add((s, p, Literal(float(o.toPython())) if numeric else o))
        return to_isomorphic(numbers)  # blank node names differ

    def value(term):
        if term is None:
            return None
        python = term.toPython() if hasattr(term, "toPython") else term
        if isinstance(python, (bool, int, float, Decimal)):
            return Decimal(str(int(python) if isinstance(python, bool) else python))
        text = str(term)
        return "; ".join(sorted(text.split("; "))) if "; " in text else text

    return Counter(tuple(sorted((k, value(v)) for k, v in row.items())) for row in result.rows)


def test_query_with_a_parameter_and_ask(published, run):
    rows = json.loads(run(*published, "query", "fellowships-by-residency", "-p", "residency=pediatrics",
                          "--format", "json").stdout)
    assert "Pediatric cardiology fellowship" in {row["label"]["value"] for row in rows["results"]["bindings"]}
    asked = run(*published, "query", "-e", "ASK { cg:md-program a cg:Education }")
    assert asked.exit_code == 0 and asked.stdout.strip() == "yes"


def test_sparql_syntax_error_from_the_server(published, run):
    result = run(*published, "query", "-e", "SELECT ?x WHERE { ?x ?y }")
    assert result.exit_code == 2
    assert "syntax error" in result.stderr.lower() and "Traceback" not in result.output


def test_wrong_password_is_refused_and_never_printed(virtuoso, run, monkeypatch):
    monkeypatch.setenv("CAREERGRAPH_ENDPOINT_USER", "dba")
    monkeypatch.setenv("CAREERGRAPH_ENDPOINT_PASSWORD", "not-the-password-42")
    result = run("--endpoint", f"{virtuoso}/sparql-auth", "show", "md-program")
    assert result.exit_code == 2
    assert "HTTP 401" in result.stderr and f"{virtuoso}/sparql-auth" in result.stderr
    assert "not-the-password-42" not in result.output


def test_credentials_from_a_netrc_file(virtuoso, run, monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login dba password dba\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    result = run("--endpoint", f"{virtuoso}/sparql-auth", "--endpoint-graph", GRAPH, "show", "md-program")
    assert result.exit_code == 0, result.output


# ------------------------------------------------------------------ errors without a server

def test_stopped_server_gives_a_clear_error(run):
    url = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there
    result = run("--endpoint", url, "route", "medical school", "internist")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {url}: cannot connect")
    assert "Traceback" not in result.output


class _Reply(http.server.BaseHTTPRequestHandler):
    status, body, delay = 500, b"boom: the store is on fire", 0.0

    def do_POST(self):
        time.sleep(self.delay)
        self.send_response(self.status)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_server(http_server):
    """A local HTTP server answering every request with ``_Reply``'s status, body and delay."""
    def start(**reply):
        return f"http://127.0.0.1:{http_server(type('Handler', (_Reply,), reply)).server_port}/sparql"

    return start


def test_server_error_names_url_and_status(run, fake_server):
    url = fake_server(status=500)
    result = run("--endpoint", url, "list")
    assert result.exit_code == 2
    assert f"{url}: HTTP 500" in result.stderr and "on fire" in result.stderr


def test_answer_that_is_not_sparql_results(run, fake_server):
    url = fake_server(status=200, body=b"<html>a login page</html>")
    result = run("--endpoint", url, "list")
    assert result.exit_code == 2
    assert "not SPARQL XML results" in result.stderr


def test_slow_server_times_out(run, fake_server):
    url = fake_server(status=200, delay=3.0)
    started = time.monotonic()
    result = run("--timeout", "0.5", "--endpoint", url, "list")
    assert result.exit_code == 2
    assert f"{url}: no answer within 0.5 s" in result.stderr
    assert time.monotonic() - started < 3.0


@pytest.mark.parametrize("args, message", [
    (["--endpoint", "ftp://example.org/sparql", "list"], "must be http:// or https://"),
    (["--endpoint", "http://dba:secret@127.0.0.1:1/sparql", "list"], "must not carry credentials"),
    (["--endpoint", "http://127.0.0.1:1/sparql", "--endpoint-graph", "not an iri", "list"], "absolute IRI"),
    (["--endpoint", "http://127.0.0.1:1/sparql", "--graph", "x.ttl", "list"], "publish them to it first"),
])
def test_bad_endpoint_arguments(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "secret" not in result.output


def test_endpoint_error_is_bad_input():
    assert issubclass(EndpointError, careergraph.BadInputError)


def test_viz_and_validate_on_the_endpoint(published, run, kg, tmp_path):
    local, remote = tmp_path / "local.html", tmp_path / "remote.html"
    assert run("viz", "--focus", "internal medicine residency", "-o", local).exit_code == 0
    drawn = run(*published, "viz", "--focus", "internal medicine residency", "-o", remote)
    assert drawn.exit_code == 0, drawn.output
    assert remote.read_bytes() == local.read_bytes()
    checked = run(*published, "validate")
    assert checked.exit_code == 0 and f"conforms: {len(kg.graph)} triples" in checked.stderr


def test_focused_map_reads_only_the_neighbourhood(published, kg):
    fresh = careergraph.load(endpoint=Endpoint(published[1], GRAPH))
    remote_map = map_data(fresh, focus="internal medicine residency")
    assert "whole_graph" not in fresh.store.__dict__  # the whole graph was not fetched
    assert remote_map == map_data(kg, focus="internal medicine residency")


def test_long_answers_are_read_in_pages(published, monkeypatch, kg):
    import careergraph.stores.endpoint

    monkeypatch.setattr(careergraph.stores.endpoint, "PAGE_ROWS", 500)
    remote = Endpoint(published[1], GRAPH)
    types = list(remote.triples([str(RDF.type)]))
    assert len(types) == len(set(types)) == len(set(kg.graph.triples((None, RDF.type, None)))) > 500
    assert ({s for s, _, _ in types if not s.startswith("_:")}
            == {str(s) for s in kg.graph.subjects(RDF.type) if not isinstance(s, BNode)})


def test_publish_says_all_was_sent_when_the_check_fails(virtuoso, dba, kg, monkeypatch):
    endpoint = Endpoint(f"{virtuoso}/sparql-auth", "urn:test:check")
    real_number = endpoint.number

    def number(text):
        if "?published" in text:
            raise EndpointError(f"{virtuoso}/sparql-auth: no answer within 60 s")
        return real_number(text)

    monkeypatch.setattr(endpoint, "number", number)
    with pytest.raises(EndpointError, match=f"all {len(kg.graph)} triples were sent, but the count"):
        kg.publish(endpoint, graph_store=f"{virtuoso}/sparql-graph-crud-auth")


def test_a_generated_graph_gives_the_local_answers(virtuoso, dba, tmp_path):
    """10^5 generated triples: long answers (paged at a small page size), and lists of a few hundred
    names per board in the heavy query, which Virtuoso can only sort with a top-k pass."""
    from careergraph.generate import generate

    generate(100_000, tmp_path / "big")
    local = careergraph.load([tmp_path / "big"], store="oxigraph")
    graph = "urn:test:generated"
    local.publish(Endpoint(f"{virtuoso}/sparql-auth", graph), graph_store=f"{virtuoso}/sparql-graph-crud-auth")
    remote = careergraph.load(endpoint=Endpoint(f"{virtuoso}/sparql", graph))
    heavy = remote.query("count-specialties-by-board")
    assert max(len(str(row["list"])) for row in heavy.values()) > 10_000
    assert comparable(heavy) == comparable(local.query("count-specialties-by-board"))
    assert ([s.id for s in remote.route("medical school", "gen-fellowship-3-1-specialist").steps]
            == [s.id for s in local.route("medical school", "gen-fellowship-3-1-specialist").steps])
