"""careergraph reaches the network only when asked: a JSON-LD file's remote @context is refused
(unless --allow-remote-context), a local one is read only from the file's directory, FROM and
FROM NAMED are refused on the local stores, and an allowed SERVICE gives up after --timeout.

A "silent" server accepts connections on loopback and never answers: before these rules, each of
these commands hung on it (it hangs up by itself after a while, so that no test can hang forever)."""

import http.server
import json
import socket
import threading
import time

import pytest

pytestmark = pytest.mark.slow  # subprocesses, and a SERVICE that is waited out

SILENT_SECONDS = 20


@pytest.fixture
def silent():
    """A loopback server that accepts connections and never answers; yields (base URL, the
    connections it accepted). It closes every connection after SILENT_SECONDS, and itself at the end."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    accepted, stop = [], threading.Event()

    def serve():
        started = time.monotonic()
        while not stop.is_set() and time.monotonic() - started < SILENT_SECONDS:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue
        for connection in accepted:
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", accepted
    stop.set()
    thread.join()
    listener.close()


def write_jsonld(path, context):
    path.write_text(json.dumps({"@context": context, "@id": "https://w3id.org/careergraph/x",
                                "label": "X"}))
    return path


LOCAL_CONTEXT = {"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"}}


# ------------------------------------------------------------------ JSON-LD contexts

@pytest.mark.parametrize("shape", ["string", "list", "import", "scoped"])
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_remote_context_is_refused_without_a_request(run, silent, tmp_path, shape, store):
    base, accepted = silent
    url = f"{base}/context.jsonld"
    context = {"string": url, "list": [{"x": "urn:x"}, url], "import": {"@import": url},
               "scoped": {"label": {"@id": "http://www.w3.org/2000/01/rdf-schema#label", "@context": url}}}[shape]
    doc = write_jsonld(tmp_path / "doc.jsonld", context)
    result = run("--store", store, "--graph", doc, "stats")
    assert result.exit_code == 2, result.output
    if store == "memory":
        assert result.stderr == (f"Error: {doc}: remote JSON-LD context {url} refused: careergraph does not "
                                 "fetch over the network unless --allow-remote-context is given\n")
    else:
        assert result.stderr.startswith(f"Error: {doc}: a JSON-LD @context or @import names another document: "
                                        "refused") and result.stderr.count("\n") == 1
    assert accepted == []


def test_a_remote_context_is_fetched_when_allowed(run, tmp_path):
    served = []

    class Context(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            served.append(self.path)
            body = json.dumps(LOCAL_CONTEXT).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Context)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        doc = write_jsonld(tmp_path / "doc.jsonld", f"http://127.0.0.1:{httpd.server_port}/context.jsonld")
        result = run("--allow-remote-context", "--no-cache", "--graph", doc, "query", "-e",
                     "SELECT ?l WHERE { cg:x rdfs:label ?l }", "--format", "csv")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["l", "X"]
    assert served == ["/context.jsonld"]


@pytest.mark.parametrize("reference", ["context.jsonld", "sub/context.jsonld", "{dir}/context.jsonld"])
def test_a_context_in_the_file_s_directory_is_read(run, tmp_path, reference):
    (tmp_path / "data" / "sub").mkdir(parents=True)
    for where in (tmp_path / "data", tmp_path / "data" / "sub"):
        (where / "context.jsonld").write_text(json.dumps(LOCAL_CONTEXT))
    reference = reference.format(dir=(tmp_path / "data").as_uri())
    doc = write_jsonld(tmp_path / "data" / "doc.jsonld", reference)
    result = run("--no-cache", "--graph", doc, "query", "-e", "SELECT ?l WHERE { cg:x rdfs:label ?l }",
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["l", "X"]


@pytest.mark.parametrize("reference", ["../context.jsonld", "{outside}"])
def test_a_context_outside_the_file_s_directory_is_refused(run, tmp_path, reference):
    (tmp_path / "data").mkdir()
    outside = tmp_path / "context.jsonld"
    outside.write_text(json.dumps(LOCAL_CONTEXT))
    doc = write_jsonld(tmp_path / "data" / "doc.jsonld", reference.format(outside=outside.as_uri()))
    result = run("--no-cache", "--graph", doc, "stats")
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"Error: {doc}: JSON-LD context {outside.as_uri()} is outside the file's directory "
                             f"{tmp_path / 'data'}: refused\n")


# ------------------------------------------------------------------ SPARQL

@pytest.mark.parametrize("clause", ["FROM", "FROM NAMED"])
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_from_is_refused_on_a_local_store(run, silent, store, clause):
    base, accepted = silent
    graph = f"{base}/graph.ttl"
    result = run("--store", store, "query", "-e", f"SELECT * {clause} <{graph}> WHERE {{ ?s ?p ?o }} LIMIT 1")
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"Error: FROM <{graph}> names a graph outside the loaded data, and careergraph "
                             "fetches no graph; remove the FROM and FROM NAMED clauses\n")
    assert accepted == []


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_an_allowed_service_that_never_answers_times_out(run, silent, store):
    base, accepted = silent
    started = time.monotonic()
    result = run("--timeout", "1", "--store", store, "query", "--allow-service", "-e",
                 f"SELECT * WHERE {{ SERVICE <{base}/sparql> {{ ?s ?p ?o }} }}")
    # the query's time limit and the SERVICE request's timeout are the same --timeout: either ends it
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith("Error: the query ran past its time limit of 1 s")
    assert result.stderr.count("\n") == 1
    assert len(accepted) == 1  # it was asked, once
    assert time.monotonic() - started < SILENT_SECONDS
