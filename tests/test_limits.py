"""Time and size limits, and one-line errors for hostile input to query and the endpoint."""

import http.server
import os
import subprocess
import sys
import threading
import time

import pytest

import careergraph
from careergraph import QueryError
from careergraph.errors import QueryTimeoutError

pytestmark = pytest.mark.slow  # time limits waited out, answers of a mebibyte and more

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HUGE_CONSTRUCT = "CONSTRUCT { ?a ?b ?i } WHERE { ?a ?b ?c . ?g ?h ?i }"


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("text", [CARTESIAN, HUGE_CONSTRUCT])
def test_a_runaway_query_stops_at_the_time_limit(store, text):
    if store == "oxigraph":
        pytest.importorskip("pyoxigraph")
    # in a process of its own, as a user runs it: Oxigraph's evaluation cannot be interrupted, so
    # its thread ends only with the process
    result = subprocess.run([sys.executable, "-m", "careergraph", "--store", store, "--timeout", "1", "query",
                             "-e", text], capture_output=True, text=True, timeout=300, env=os.environ.copy())
    assert result.returncode == 3
    assert result.stderr == ("Error: the query ran past its time limit of 1 s "
                             "(raise it with --timeout SECONDS or CAREERGRAPH_TIMEOUT)\n")


def test_the_time_limit_in_the_library_stops_the_work(kg):
    with pytest.raises(QueryTimeoutError):
        kg.query(CARTESIAN, timeout=0.5)
    for _ in range(50):  # the evaluation thread is told to stop, and does
        if not any(t.name == "careergraph-query" for t in threading.enumerate()):
            break
        time.sleep(0.1)
    assert not any(t.name == "careergraph-query" for t in threading.enumerate())
    assert issubclass(QueryTimeoutError, QueryError)
    # a query within its limit answers as before
    count = kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a cg:Residency }", timeout=30).values()
    assert count == [{"n": str(len(kg.nodes(type="residency")))}]


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "soon"])
def test_a_timeout_that_is_not_a_positive_number_is_a_usage_error(run, value):
    result = run("--timeout", value, "query", "-e", "ASK {}")
    assert result.exit_code == 2
    assert f"Invalid value for '--timeout': '{value}' is not a finite number of seconds above 0" in result.stderr
    assert "Traceback" not in result.output


def test_a_malformed_endpoint_url(run):
    result = run("--endpoint", "http://[::1/sparql", "list")
    assert result.exit_code == 2
    assert result.stderr == "Error: endpoint URL 'http://[::1/sparql' is malformed: Invalid IPv6 URL\n"


@pytest.mark.parametrize("text", ['SELECT ?x WHERE { BIND(IRI("a b") AS ?x) }',
                                  'CONSTRUCT { ?x ?x ?x } WHERE { BIND(IRI("http://a b") AS ?x) }'])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_an_iri_with_a_space_in_an_answer(run, text, fmt):
    if "CONSTRUCT" in text and fmt == "json":
        fmt = "nt"
    result = run("query", "-e", text, "--format", fmt)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: the answer holds an IRI with a character IRIs cannot contain (' '): ")
    assert result.stderr.count("\n") == 1


def test_a_query_file_that_is_not_utf8(run, tmp_path):
    path = tmp_path / "latin.rq"
    path.write_bytes('SELECT * WHERE { ?s ?p "é" }'.encode("latin-1"))
    result = run("query", path)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: the query is not UTF-8 text (byte 0xe9 at position 24)\n"


# ------------------------------------------------------------------ endpoints that misbehave

class _Server(http.server.BaseHTTPRequestHandler):
    """Answers every POST by ``reply(handler)``."""

    protocol_version = "HTTP/1.0"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.reply()

    def log_message(self, *args):
        pass


@pytest.fixture
def server(http_server):
    def start(reply):
        handler = type("Handler", (_Server,), {"reply": reply})
        return f"http://127.0.0.1:{http_server(handler).server_port}/sparql"

    return start


def _headers(handler, length):
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+xml")
    handler.send_header("Content-Length", str(length))
    handler.end_headers()


def trickle(handler):
    """A byte every half second, for at most 20 s."""
    _headers(handler, 40)
    try:
        for byte in b"<sparql xmlns='urn:x'>" + b" " * 18:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.5)
    except OSError:  # the client hung up, as it should
        pass


def huge(handler):
    """Eight MiB of nothing, fast."""
    _headers(handler, 8 << 20)
    try:
        for _ in range(128):
            handler.wfile.write(b" " * (64 << 10))
    except OSError:
        pass


def test_a_trickling_server_is_cut_off_at_the_deadline(run, server):
    url = server(trickle)
    result = run("--timeout", "2", "--endpoint", url, "list")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {url}: no complete answer within 2 s (")
    assert result.stderr.count("\n") == 1


def test_a_trickling_server_cannot_hold_publish(run, server):
    url = server(trickle)
    result = run("--timeout", "2", "publish", "--endpoint", url)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {url}: no complete answer within 2 s (")


def test_an_answer_over_the_size_cap_is_refused(run, server, monkeypatch):
    monkeypatch.setattr("careergraph.stores.sparqlclient.MAX_ANSWER_BYTES", 1 << 20)
    url = server(huge)
    result = run("--endpoint", url, "list")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {url}: the answer is larger than 1 MiB; "
                             "ask for less (a LIMIT, or fewer variables)\n")


def _answer(body):
    def reply(handler):
        _headers(handler, len(body))
        handler.wfile.write(body)
    return reply


RESULTS = "http://www.w3.org/2005/sparql-results#"


@pytest.mark.parametrize("rows", [
    '<result><binding name="s"><uri>urn:a</uri></binding></result>',  # no ?o
    '<result><uri>urn:a</uri></result>',  # a term outside any binding
])
def test_a_malformed_results_document_from_an_endpoint(run, server, rows):
    body = (f'<sparql xmlns="{RESULTS}"><head><variable name="s"/><variable name="o"/></head>'
            f'<results>{rows}</results></sparql>').encode()
    url = server(_answer(body))
    result = run("--endpoint", url, "--no-cache", "list")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {url}: a row of the answer binds no ?")
    assert result.stderr.count("\n") == 1


# ------------------------------------------------------------------ a Virtuoso with its stock settings

@pytest.fixture(scope="module")
def stock_virtuoso(tmp_path_factory):
    """Virtuoso with the stock virtuoso.ini's MaxQueryCostEstimationTime = 400, the bundled graph
    published; yields the endpoint arguments."""
    import shutil

    from careergraph.stores import Endpoint

    from .test_endpoint import GRAPH, SCRIPT, free_port

    if shutil.which("virtuoso-t") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("virtuoso-t is not installed; .ci/run installs virtuoso-opensource-7-bin")
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource-7-bin)")
    env = dict(os.environ, VIRTUOSO_DIR=str(tmp_path_factory.mktemp("stock-virtuoso")), VIRTUOSO_COST_LIMIT="400",
               VIRTUOSO_HTTP_PORT=str(free_port()), VIRTUOSO_SQL_PORT=str(free_port()))
    subprocess.run(["bash", str(SCRIPT), "start"], env=env, check=True, capture_output=True, timeout=120)
    base = f"http://127.0.0.1:{env['VIRTUOSO_HTTP_PORT']}"
    try:
        mp = pytest.MonkeyPatch()
        mp.setenv("CAREERGRAPH_ENDPOINT_USER", "dba")
        mp.setenv("CAREERGRAPH_ENDPOINT_PASSWORD", "dba")
        careergraph.load().publish(Endpoint(f"{base}/sparql-auth", GRAPH), graph_store=f"{base}/sparql-graph-crud-auth")
        mp.undo()
        yield ["--endpoint", f"{base}/sparql", "--endpoint-graph", GRAPH]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop"], env=env, capture_output=True, timeout=60)


def test_bundled_queries_on_a_stock_virtuoso(stock_virtuoso, run):
    """Virtuoso refuses two bundled queries before running them (their estimated cost is over its
    stock limit); the refusal says so in one line, naming the setting. The others run."""
    from careergraph.sparql import bundled_queries

    refused = []
    for name, query in bundled_queries().items():
        params = [f"{p.name}=md-program" for p in query.parameters if p.default is None]
        fmt = "nt" if query.path.read_text().count("CONSTRUCT") else "json"
        result = run(*stock_virtuoso, "query", name, "--format", fmt, *(a for p in params for a in ("--param", p)))
        if result.exit_code == 0:
            continue
        assert result.exit_code == 2, (name, result.output)
        assert result.stderr.count("\n") == 1
        assert "the server refused the query before running it: its estimated execution time" in result.stderr
        assert result.stderr.endswith("on Virtuoso that is MaxQueryCostEstimationTime in the [SPARQL] section of "
                                      "virtuoso.ini (0 turns the estimate off)\n")
        refused.append(name)
    assert refused == ["compute-training-years", "rank-longest-training-paths"]
