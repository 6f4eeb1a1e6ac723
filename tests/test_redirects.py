"""Credentials stay with their server: a redirect to another origin (scheme, host and port) is
refused when the request carries credentials, for reads and for publishing, whether they come from
the environment or a netrc file and whether the other server asks for Basic or Digest.

Two local servers on different ports of 127.0.0.1 are two origins (a netrc entry names the host
only, so it would match both: the case where requests itself would hand the entry on)."""

import base64
import http.server

import pytest

from careergraph.errors import EndpointError
from careergraph.stores import Endpoint

ASK = ["query", "-e", "ASK { ?s ?p ?o }"]
COUNT_ZERO = (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
              b'<head><variable name="n"/></head><results><result><binding name="n">'
              b'<literal datatype="http://www.w3.org/2001/XMLSchema#integer">0</literal>'
              b'</binding></result></results></sparql>')
CHALLENGES = {
    "Basic": 'Basic realm="elsewhere"',
    "Digest": 'Digest realm="elsewhere", nonce="0123456789abcdef", qop="auth", algorithm=MD5',
}
PASSWORD = "secret-password-42"


class _Handler(http.server.BaseHTTPRequestHandler):
    """Records each request; redirects the paths in ``redirects`` to ``target`` with ``status``,
    asks for credentials with ``challenge`` (unless they match ``expected``), else answers a
    SPARQL result (a yes to ASK, a count of 0 to anything else)."""

    redirects: dict = {}
    status = 307
    target = ""
    challenge = ""
    expected = None
    seen: list

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.seen.append((self.command, self.path, self.headers.get("Authorization")))
        if self.path.split("?")[0] in self.redirects:
            self.send_response(self.status)
            self.send_header("Location", self.target + self.redirects[self.path.split("?")[0]])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.challenge and self.headers.get("Authorization") != self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", self.challenge)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        json_asked = "json" in self.headers.get("Accept", "")
        body = b'{"head": {}, "boolean": true}' if json_asked else COUNT_ZERO
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json" if json_asked
                         else "application/sparql-results+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def server(http_server):
    """Starts local HTTP servers with ``_Handler``'s settings; returns (base URL, requests seen)."""
    def start(**settings):
        seen = []
        httpd = http_server(type("Handler", (_Handler,), {**settings, "seen": seen}))
        return f"http://127.0.0.1:{httpd.server_port}", seen

    return start


@pytest.fixture(params=["environment", "netrc"])
def credentials(request, monkeypatch, tmp_path):
    if request.param == "environment":
        monkeypatch.setenv("CAREERGRAPH_ENDPOINT_USER", "user")
        monkeypatch.setenv("CAREERGRAPH_ENDPOINT_PASSWORD", PASSWORD)
    else:
        netrc = tmp_path / "netrc"
        netrc.write_text(f"machine 127.0.0.1 login user password {PASSWORD}\n")
        netrc.chmod(0o600)
        monkeypatch.setenv("NETRC", str(netrc))
    return request.param


def assert_refused(result, source, elsewhere, seen):
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"Error: {source}: redirected to {elsewhere}, another server; refused, so that "
                             "the credentials are not sent there\n")
    assert PASSWORD not in result.output
    assert all(authorization is None for *_, authorization in seen), seen


@pytest.mark.parametrize("status", [302, 307])
@pytest.mark.parametrize("challenge", CHALLENGES)
def test_a_read_redirected_elsewhere_is_refused(run, server, credentials, status, challenge):
    elsewhere, seen = server(challenge=CHALLENGES[challenge])
    endpoint, _ = server(redirects={"/sparql": "/sparql"}, status=status, target=elsewhere)
    result = run("--endpoint", f"{endpoint}/sparql", *ASK)
    assert_refused(result, f"{endpoint}/sparql", f"{elsewhere}/sparql", seen)


@pytest.mark.slow
@pytest.mark.parametrize("challenge", CHALLENGES)
def test_publishing_redirected_elsewhere_is_refused(run, server, credentials, challenge, tmp_path):
    elsewhere, seen = server(challenge=CHALLENGES[challenge])
    endpoint, _ = server(redirects={"/store": "/store"}, target=elsewhere)
    data = tmp_path / "one.ttl"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n")
    result = run("--graph", data, "publish", "--endpoint", f"{endpoint}/sparql", "--endpoint-graph", "urn:g",
                 "--graph-store", f"{endpoint}/store")
    assert_refused(result, f"{endpoint}/store?graph=urn:g", f"{elsewhere}/store", seen)


def test_the_library_refuses_too(server, credentials):
    elsewhere, seen = server(challenge=CHALLENGES["Digest"])
    endpoint, _ = server(redirects={"/sparql": "/sparql"}, target=elsewhere)
    with pytest.raises(EndpointError, match="another server; refused"):
        Endpoint(f"{endpoint}/sparql").count()
    assert all(authorization is None for *_, authorization in seen)


def test_a_redirect_within_the_server_keeps_the_credentials(run, server, credentials):
    token = "Basic " + base64.b64encode(f"user:{PASSWORD}".encode()).decode()
    # an old path redirected (by a relative Location) to the SPARQL URL of the same server
    endpoint, seen = server(redirects={"/old": "/sparql"}, challenge=CHALLENGES["Basic"], expected=token)
    result = run("--endpoint", f"{endpoint}/old", *ASK)
    assert result.exit_code == 0 and result.stdout.strip() == "yes", result.output
    assert seen[-1][:2] == ("POST", "/sparql") and seen[-1][2] == token


def test_without_credentials_a_redirect_elsewhere_is_followed_without_any(run, server, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"  # an entry for another host only: nothing for the endpoint
    netrc.write_text(f"machine example.org login user password {PASSWORD}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    elsewhere, seen = server()
    endpoint, _ = server(redirects={"/sparql": "/sparql"}, target=elsewhere)
    result = run("--endpoint", f"{endpoint}/sparql", *ASK)
    assert result.exit_code == 0 and result.stdout.strip() == "yes", result.output
    assert seen and all(authorization is None for *_, authorization in seen)
