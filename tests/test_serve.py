"""``careergraph serve``: the JSON API (answers equal the library's, errors as the CLI's), the SPARQL
1.1 Protocol endpoint (a standard client gets the rows of ``careergraph query``), request limits,
hostile labels, and listening on loopback only unless told otherwise.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from starlette.testclient import TestClient  # noqa: E402

from careergraph.cli import cli  # noqa: E402
from careergraph.serve import is_loopback, listening_socket  # noqa: E402
from careergraph.serve.app import create_app  # noqa: E402

from .conftest import load_mini  # noqa: E402

pytestmark = pytest.mark.slow  # the served app over the whole graph, and servers in subprocesses


@pytest.fixture(scope="module")
def client(kg):
    return TestClient(create_app(kg, query_timeout=5.0, max_rows=50), base_url="http://127.0.0.1")


def _json(path, client, **params):
    answer = client.get(path, params=params)
    return answer.status_code, answer.json()


# ------------------------------------------------------------------ JSON API: answers

def test_route_is_the_librarys_route(client, kg):
    status, body = _json("/api/route", client, **{"from": "US MD student", "to": "cardiologist"})
    assert status == 200
    assert body == json.loads(json.dumps(kg.route("US MD student", "cardiologist").to_dict()))
    # medical school 4 y, internal medicine 3 y, cardiovascular disease 3 y (ACGME programme
    # requirements, cited in graph/data): ten years from the start of medical school
    assert body["total_years"] == {"min": 10, "max": 10}
    assert [s["id"] for s in body["steps"] if s["type"] in ("residency", "fellowship")] == [
        "internal-medicine-residency", "cardiovascular-disease-fellowship"]


def test_route_options_and_alternatives(client, kg):
    answer = client.get("/api/route", params=[("from", "IMG"), ("to", "interventional cardiology"),
                                              ("have", "USMLE Step 1"), ("k", "2")])
    assert answer.status_code == 200
    routes = answer.json()
    expected = kg.routes("IMG", "interventional cardiology", have=["USMLE Step 1"], k=2)
    assert [r["total_years"] for r in routes] == [r.total_years for r in expected]
    assert "usmle-step-1" not in [s["id"] for s in routes[0]["steps"]]


def test_every_operation_answers_the_cli_json(client, kg):
    assert _json("/api/requires", client, target="pediatric cardiology")[1] == json.loads(
        json.dumps(kg.requires("pediatric cardiology").to_dict()))
    assert _json("/api/next", client, name="internal medicine residency")[1] == [
        o.to_dict() for o in kg.next("internal medicine residency")]
    assert _json("/api/node", client, name="cardiologist")[1] == json.loads(json.dumps(kg.record("cardiologist")))
    assert _json("/api/search", client, text="cardio", type="fellowship")[1] == [
        r.to_dict() for r in kg.search("cardio", type="fellowship")]
    assert _json("/api/plan", client, **{"from": "US MD student", "to": "internal medicine residency",
                                          "start": "2026-08"})[1] == json.loads(json.dumps(
        kg.plan("US MD student", "internal medicine residency", "2026-08").to_dict()))
    compared = client.get("/api/compare", params=[("name", "internist"), ("name", "cardiologist")])
    assert compared.json() == json.loads(json.dumps(kg.compare(["internist", "cardiologist"]).to_dict()))
    assert _json("/api/reach", client, **{"from": "emergency medicine residency", "within": "3"})[1] == json.loads(
        json.dumps(kg.reach("emergency medicine residency", 3).to_dict()))


def test_search_limit(client):
    status, body = _json("/api/search", client, text="medicine", limit="3")
    assert status == 200 and len(body) == 3


def test_answers_are_kept_for_the_same_question(kg, monkeypatch):
    import careergraph.serve.app as serve_app

    monkeypatch.setattr(serve_app, "ANSWERS_KEPT", 2)
    app = create_app(kg, warm=False)
    client = TestClient(app, base_url="http://127.0.0.1")
    answers = app.state.service.answers
    first = client.get("/api/next", params={"name": "internist"}).text
    calls = []
    monkeypatch.setattr(kg, "next", lambda name: calls.append(name))
    assert client.get("/api/next", params={"name": "internist"}).text == first and calls == []
    assert client.get("/api/node", params={"name": "nobody at all"}).status_code == 404  # errors are not kept
    client.get("/api/search", params={"text": "cardio"})
    client.get("/api/search", params={"text": "surgery"})
    assert len(answers) == 2 and ("/api/next", (("name", "internist"),)) not in answers


# ------------------------------------------------------------------ JSON API: errors

def test_unknown_name_is_404_with_close_matches(client):
    status, body = _json("/api/route", client, **{"from": "US MD student", "to": "cardiolgist"})
    assert status == 404
    assert body["error"] == "UnknownNodeError" and body["exit_code"] == 2
    assert body["message"].startswith("unknown node 'cardiolgist'; did you mean: cardiologist")
    assert body["suggestions"][0] == "cardiologist"


def test_no_route_is_404(client):
    # (a cardiologist holds medical school: that is a 400, "already held"; nothing leads back from MOC)
    status, body = _json("/api/route", client, **{"from": "continuing certification", "to": "medical school"})
    assert status == 404 and body["error"] == "NoRouteError" and body["exit_code"] == 1


@pytest.mark.parametrize("path, params, message", [
    ("/api/route", {"from": "US MD student"}, "missing parameter 'to'"),
    ("/api/route", {"from": "a", "to": "b", "by": "cost"}, "parameter 'by' must be one of years, steps, not 'cost'"),
    ("/api/route", {"from": "a", "to": "b", "k": "0"}, "parameter 'k' must be between 1 and 10, not '0'"),
    ("/api/route", {"from": "a", "to": "b", "k": "x"}, "parameter 'k' must be a number, not 'x'"),
    ("/api/route", {"from": "a", "to": "b", "color": "red"}, "unknown parameter 'color' for /api/route"),
    ("/api/reach", {"from": "internist", "within": "-1"}, "parameter 'within' must be between 0 and 60, not '-1'"),
    ("/api/reach", {"from": "internist", "within": "nan"}, "parameter 'within' must be between 0 and 60, not 'nan'"),
    ("/api/compare", {"name": "internist"}, "compare needs two or more 'name' parameters"),
    ("/api/plan", {"from": "US MD student", "to": "internist", "start": "2026-13"}, ""),
    ("/api/search", {"text": "x", "type": "wizard"}, "unknown node type 'wizard'"),
    ("/api/node", {"name": "x" * 301}, "parameter 'name' is longer than 300 characters"),
])
def test_bad_parameters_are_400(client, path, params, message):
    status, body = _json(path, client, **params)
    assert status == 400, body
    assert body["exit_code"] == 2 and body["message"].startswith(message)


def test_repeated_parameters_are_bounded(client):
    answer = client.get("/api/route", params=[("from", "a"), ("to", "b")] + [("have", "x")] * 11)
    assert answer.status_code == 400
    assert answer.json()["message"] == "parameter 'have' is given 11 times; at most 10"


def test_only_get(client):
    assert client.post("/api/route", data={"from": "a"}).status_code == 405
    assert client.put("/sparql", content=b"x").status_code == 405


def test_openapi_describes_every_operation(client):
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {"/api/route", "/api/requires", "/api/next", "/api/node", "/api/search",
                                  "/api/plan", "/api/compare", "/api/reach", "/sparql"}
    route = spec["paths"]["/api/route"]["get"]
    assert [p["name"] for p in route["parameters"]] == ["from", "to", "by", "via", "avoid", "have", "k"]
    assert set(route["responses"]) == {"200", "400", "404"}


# ------------------------------------------------------------------ SPARQL protocol

QUERY = "SELECT ?r ?label WHERE { ?r a cg:Residency ; skos:prefLabel ?label } ORDER BY ?label LIMIT 5"


def test_sparql_get_post_and_direct_body_agree(client):
    got = client.get("/sparql", params={"query": QUERY})
    posted = client.post("/sparql", data={"query": QUERY})
    direct = client.post("/sparql", content=QUERY.encode(), headers={"content-type": "application/sparql-query"})
    assert got.status_code == posted.status_code == direct.status_code == 200
    assert got.headers["content-type"] == "application/sparql-results+json"
    assert got.json() == posted.json() == direct.json()
    assert len(got.json()["results"]["bindings"]) == 5


@pytest.mark.parametrize("accept, media, start", [
    ("application/sparql-results+xml", "application/sparql-results+xml", "<?xml"),
    ("text/csv", "text/csv; charset=utf-8", "r,label\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", "?r\t?label\n"),
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv; charset=utf-8", "r,label"),
    ("*/*", "application/sparql-results+json", "{"),
])
def test_sparql_result_formats_by_accept(client, accept, media, start):
    answer = client.get("/sparql", params={"query": QUERY}, headers={"accept": accept})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == media
    assert answer.text.startswith(start)


@pytest.mark.parametrize("accept, media, check", [
    ("text/turtle", "text/turtle; charset=utf-8", lambda t: "cg:internal-medicine-residency" in t),
    ("application/n-triples", "application/n-triples", lambda t: "<https://w3id.org/careergraph/internal-medicine-residency>" in t),
    ("application/ld+json", "application/ld+json", lambda t: isinstance(json.loads(t), (list, dict))),
])
def test_sparql_graph_formats_by_accept(client, accept, media, check):
    query = "CONSTRUCT { ?r a cg:Residency } WHERE { ?r a cg:Residency }"
    answer = client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert answer.status_code == 200 and answer.headers["content-type"] == media
    assert check(answer.text)


def test_sparql_not_acceptable(client):
    answer = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"accept": "text/csv"})
    assert answer.status_code == 406
    assert answer.json()["message"].startswith("no acceptable format for this result")


def test_sparql_errors(client):
    bad = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x a cg:Residency"})
    assert bad.status_code == 400
    assert bad.json()["error"] == "QuerySyntaxError" and (bad.json()["line"], bad.json()["column"]) == (1, 36)
    assert bad.json()["message"].startswith("SPARQL syntax error at line 1, column 36")
    service = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert service.status_code == 400 and "SERVICE clauses make network requests and are refused" in service.json()["message"]
    update = client.post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert update.status_code == 400 and update.json()["message"] == "SPARQL UPDATE is refused: the graph is read-only"
    update_text = client.post("/sparql", data={"query": "DELETE WHERE { ?s ?p ?o }"})
    assert update_text.json()["message"] == "SPARQL UPDATE is refused: the graph is read-only"
    dataset = client.get("/sparql", params={"query": QUERY, "default-graph-uri": "http://example.org/g"})
    assert dataset.status_code == 400 and dataset.json()["message"].startswith("default-graph-uri is refused")
    assert client.get("/sparql").json()["message"] == "missing parameter 'query'"
    wrong_type = client.post("/sparql", content=b"x", headers={"content-type": "text/plain"})
    assert wrong_type.status_code == 400


def test_sparql_text_never_names_a_file(client, tmp_path):
    """A query text that is a path is SPARQL text to parse, never a file to read."""
    secret = tmp_path / "secret.rq"
    secret.write_text("SELECT ?secret WHERE { ?secret ?p ?o }")
    answer = client.get("/sparql", params={"query": str(secret)})
    assert answer.status_code == 400 and answer.json()["error"] == "QuerySyntaxError"
    named = client.get("/sparql", params={"query": "count-specialties-by-board"})
    assert named.status_code == 400


def test_sparql_rows_are_limited(client):
    answer = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"})
    assert answer.status_code == 200
    assert len(answer.json()["results"]["bindings"]) == 50
    assert answer.headers["x-careergraph-rows-limit"] == "50"
    assert "x-careergraph-rows-limit" not in client.get("/sparql", params={"query": QUERY}).headers


def test_sparql_time_limit_is_503(kg):
    slow = TestClient(create_app(kg, query_timeout=0.2, warm=False), base_url="http://127.0.0.1")
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
    answer = slow.get("/sparql", params={"query": query})
    assert answer.status_code == 503
    assert answer.json()["error"] == "QueryTimeoutError" and answer.json()["exit_code"] == 3


def test_bundled_query_with_parameters(client, kg, run):
    answer = client.get("/api/query", params={"name": "fellowships-by-residency", "residency": "pediatrics"},
                        headers={"accept": "text/csv"})
    cli_answer = run("query", "fellowships-by-residency", "--param", "residency=pediatrics", "--format", "csv")
    assert answer.status_code == 200 and cli_answer.exit_code == 0
    assert answer.text.splitlines() == cli_answer.stdout.splitlines()
    queries = client.get("/api/queries").json()
    assert "count-specialties-by-board" in [q["name"] for q in queries]
    assert client.get("/api/query", params={"name": "/etc/passwd"}).status_code == 400


def test_sparql_query_page(client):
    page = client.get("/sparql", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    nonce = page.headers["content-security-policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in page.text


# ------------------------------------------------------------------ limits and hosts

def test_request_body_and_target_limits(client):
    big = client.post("/sparql", content=b"#" * (64 * 1024 + 1), headers={"content-type": "application/sparql-query"})
    assert big.status_code == 413 and big.json()["message"] == "the request body is larger than 65536 bytes"
    long_url = client.get("/api/search", params={"text": "x" * 9000})
    assert long_url.status_code == 414


def test_map_page_over_the_node_limit_is_refused_while_the_api_answers(kg):
    small = TestClient(create_app(kg, max_map_nodes=5), base_url="http://127.0.0.1")
    page = small.get("/")
    assert page.status_code == 400
    assert page.json()["message"].startswith("the map would have ")
    assert "more than the limit of 5" in page.json()["message"] and "--max-map-nodes" in page.json()["message"]
    assert small.get("/api/route", params={"from": "US MD student", "to": "cardiologist"}).status_code == 200


def test_foreign_host_header_is_refused(client):
    """On loopback, a page elsewhere cannot reach the server through a DNS name of its own."""
    refused = client.get("/api/search", params={"text": "cardio"}, headers={"host": "attacker.example:8000"})
    assert refused.status_code == 400
    assert refused.json()["message"] == ("unknown Host 'attacker.example:8000': this server answers "
                                         "127.0.0.1, ::1, localhost only")
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        assert client.get("/api/search", params={"text": "cardio"}, headers={"host": host}).status_code == 200


def test_loopback_only_by_default(run):
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "::", "10.0.0.1")] == [
        True, True, True, False, False, False]
    refused = run("serve", "--host", "0.0.0.0", "--port", "0")
    assert refused.exit_code == 2
    assert "0.0.0.0 is not a loopback address" in refused.stderr and "--allow-remote" in refused.stderr


def test_port_in_use_is_a_clear_error(run):
    taken = listening_socket("127.0.0.1", 0)
    try:
        result = run("serve", "--port", taken.getsockname()[1])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"Error: cannot listen on 127.0.0.1:{taken.getsockname()[1]}:")
    finally:
        taken.close()


def start_server(app):
    """``app`` served by uvicorn in a thread on a free loopback port: (base URL, stop function)."""
    import uvicorn

    sock = listening_socket("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)

    def stop():
        server.should_exit = True
        thread.join(10)
        sock.close()

    return f"http://127.0.0.1:{sock.getsockname()[1]}", stop


@pytest.fixture(scope="module")
def live_server(kg):
    url, stop = start_server(create_app(kg))
    yield url
    stop()


def test_default_listening_address_is_loopback(kg, monkeypatch):
    """`careergraph serve` with no --host binds 127.0.0.1 only: nothing listens on other addresses."""
    import careergraph.serve as serving

    bound = []
    real = serving.listening_socket

    def record(host, port):
        sock = real(host, 0)
        bound.append(sock.getsockname())
        raise SystemExit(0)

    monkeypatch.setattr(serving, "listening_socket", record)
    from click.testing import CliRunner

    CliRunner().invoke(cli, ["serve"])
    assert bound and bound[0][0] == "127.0.0.1"


def test_worker_processes_answer(kg):
    """`serve --workers 2` starts on loopback and both worker processes answer as one server."""
    import subprocess
    import sys
    import urllib.request

    server = subprocess.Popen([sys.executable, "-m", "careergraph", "serve", "--port", "0", "--workers", "2"],
                              stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        assert line.startswith("serving on http://127.0.0.1:") and "with 2 worker processes" in line, line
        base = line.split()[2].rstrip("/")
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/next?name=internist", timeout=10) as answer:
                    assert json.loads(answer.read()) == [o.to_dict() for o in kg.next("internist")]
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(30)


def test_sparqlwrapper_gets_the_rows_of_careergraph_query(live_server, run):
    from SPARQLWrapper import CSV, JSON, SPARQLWrapper

    from careergraph.sparql import bundled_queries

    text = bundled_queries()["count-specialties-by-board"].text
    client = SPARQLWrapper(f"{live_server}/sparql")
    client.setQuery(text)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    expected = json.loads(run("query", "count-specialties-by-board", "--format", "json").stdout)
    assert rows == expected["results"]["bindings"]
    client.setReturnFormat(CSV)
    client.setMethod("POST")
    assert client.query().convert().decode().splitlines() == run("query", "count-specialties-by-board", "--format",
                                                                 "csv").stdout.splitlines()


def test_rdflib_sparqlstore_reads_the_endpoint(live_server, kg):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(f"{live_server}/sparql", returnFormat="json")
    rows = sorted(str(row[0]) for row in store.query(
        "SELECT ?r WHERE { ?r a <https://w3id.org/careergraph/Residency> }"))
    assert rows == sorted(r.iri for r in kg.nodes(type="residency") if kg.compiled().kinds[r.iri] == "residency")


# ------------------------------------------------------------------ hostile labels

EVIL = "<img src=x onerror=alert(1)><script>alert(2)</script>"


@pytest.fixture(scope="module")
def evil_client(tmp_path_factory):
    path = tmp_path_factory.mktemp("evil") / "evil.ttl"
    path.write_text(f"""\
@prefix cg: <https://w3id.org/careergraph/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
cg:evil a cg:Residency ; skos:prefLabel "{EVIL}"@en ; skos:definition "{EVIL}" ; cg:minYears 3 ; cg:maxYears 3 ;
    cg:requires cg:match ; cg:evidence [ dcterms:source cg:src-test ; cg:quote "{EVIL}" ] .
cg:short-residency skos:altLabel "{EVIL} 2"@en .
""")
    return TestClient(create_app(load_mini(path)), base_url="http://127.0.0.1")


def test_hostile_labels_stay_data(evil_client):
    page = evil_client.get("/")
    assert page.status_code == 200
    assert "<img src=x" not in page.text and "<script>alert" not in page.text
    node = evil_client.get("/api/node", params={"name": "evil"})
    assert node.status_code == 200 and node.json()["label"] == EVIL and node.json()["sources"][0]["quote"] == EVIL
    assert node.headers["content-type"] == "application/json"
    error = evil_client.get("/api/node", params={"name": EVIL + "x"})
    assert error.status_code == 404 and error.headers["content-type"] == "application/json"
