"""The SPARQL 1.1 Protocol transport under the endpoint store: HTTP requests, their limits and
credentials, and reading SPARQL XML results.

Credentials come from ``CAREERGRAPH_ENDPOINT_USER`` and ``CAREERGRAPH_ENDPOINT_PASSWORD``, or from
the netrc file (``NETRC`` or ``~/.netrc``) entry of the server's host; the server's challenge picks
Digest or Basic. They are never taken from the command line nor printed, and never sent to another
origin (scheme, host and port): a redirect there is refused.
"""

from __future__ import annotations

import netrc
import os
import re
import time
from urllib.parse import urlsplit

from ..errors import BadInputError, EndpointError, QueryError
from ..limits import DEFAULT_TIMEOUT, check_timeout
from ..sparqltext import with_prefixes
from ..vocab import PREFIXES

__all__ = ["MAX_ANSWER_BYTES", "SparqlConnection", "check_graph_iri", "check_url", "credentials", "origin",
           "sparql_xml_rows"]

# Virtuoso's refusal of a query whose estimated cost is over MaxQueryCostEstimationTime.
_COST_REFUSAL = re.compile(r"estimated execution time (\d+) \(sec\) exceeds the limit of (\d+) \(sec\)")
# The largest answer read from a server: a bigger one is refused rather than exhausting memory.
MAX_ANSWER_BYTES = 1 << 30
# Rows asked for per request when reading triples; a server that caps results is paged.


def credentials(url: str):
    """(user, password) for ``url`` from the environment or the netrc file, else None."""
    user = os.environ.get("CAREERGRAPH_ENDPOINT_USER")
    if user:
        return user, os.environ.get("CAREERGRAPH_ENDPOINT_PASSWORD", "")
    path = os.environ.get("NETRC") or os.path.expanduser("~/.netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as exc:
        raise BadInputError(f"{path}: cannot read the netrc file: {exc}".splitlines()[0]) from None
    return (entry[0], entry[2] or "") if entry else None


def origin(url: str) -> tuple[str, str, int | None]:
    """The scheme, host and port of ``url``: the server that credentials for ``url`` belong to."""
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(parts.scheme)


def _same_origin_session(carries_credentials):
    """A requests session that never takes credentials to another origin.

    On a redirect to another origin requests drops the Authorization header, but an auth handler's
    hooks would still answer the new server's challenge with the credentials, and requests would
    look the new host up in netrc itself. So such a redirect is refused when the request carries
    credentials (``carries_credentials(url)``), and otherwise followed without any."""
    import requests

    class SameOriginSession(requests.Session):
        def rebuild_auth(self, prepared_request, response):
            source, target = response.request.url, prepared_request.url
            if origin(source) == origin(target):
                return  # the same server: the request keeps its own credentials
            if carries_credentials(source):
                raise EndpointError(f"{source}: redirected to {target}, another server; refused, so that "
                                    "the credentials are not sent there")
            prepared_request.headers.pop("Authorization", None)

    return SameOriginSession()


def _challenge_auth(user: str, password: str):
    """requests auth that answers the server's challenge with Digest or Basic, as it asks."""
    from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

    class ChallengeAuth(AuthBase):
        def __init__(self):
            self.digest = HTTPDigestAuth(user, password)
            self.basic = HTTPBasicAuth(user, password)
            self.use_basic = False

        def __call__(self, request):
            if self.use_basic:
                return self.basic(request)
            request = self.digest(request)  # answers a Digest challenge by itself
            request.register_hook("response", self._basic_if_asked)
            return request

        def _basic_if_asked(self, response, **kwargs):
            asked = response.headers.get("www-authenticate", "").lower()
            if response.status_code != 401 or not asked.startswith("basic") or self.use_basic:
                return response
            self.use_basic = True
            response.content  # drain, so that the connection can be reused
            response.close()
            retry = self.basic(response.request.copy())
            again = response.connection.send(retry, **kwargs)
            again.history.append(response)
            again.request = retry
            return again

    return ChallengeAuth()



class SparqlConnection:
    """The SPARQL 1.1 server at ``url``, read within ``graph`` (a named graph IRI) when given.

    Parameters
    ----------
    url : str
        The SPARQL query (and update) URL, e.g. ``http://127.0.0.1:8890/sparql-auth``.
    graph : str, optional
        The named graph that holds the career graph (sent as ``default-graph-uri``).
    timeout : float
        Seconds within which the server must connect and send its whole answer, for every request.
    """

    def __init__(self, url: str, graph: str | None = None, *, timeout: float = DEFAULT_TIMEOUT):
        self.url = check_url(url, "endpoint")
        self.graph = check_graph_iri(graph) if graph else None
        self.timeout = check_timeout(timeout)
        self._session = None
        self._auth: dict[tuple, object] = {}  # by origin: the credentials' auth handler, or None

    @property
    def session(self):
        if self._session is None:
            self._session = _same_origin_session(lambda url: self.auth(url) is not None)
        return self._session

    def auth(self, url: str):
        """The requests auth handler with the credentials for ``url``'s server, or None; one per
        origin, as a netrc file names credentials per host (a graph store elsewhere gets its own)."""
        key = origin(url)
        if key not in self._auth:
            found = credentials(url)
            self._auth[key] = _challenge_auth(*found) if found else None
        return self._auth[key]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r}, graph={self.graph!r})"

    def request(self, method: str, url: str, **options):
        """Send one HTTP request and read its whole answer within the timeout (a deadline for the
        request, not only for each read) and :data:`MAX_ANSWER_BYTES`; any failure becomes an
        EndpointError naming the URL."""
        import requests
        from urllib3.exceptions import HTTPError, ProtocolError, ReadTimeoutError

        deadline = time.monotonic() + self.timeout
        try:
            response = self.session.request(method, url, timeout=self.timeout, stream=True, auth=self.auth(url),
                                            **options)
            try:
                response._content = self._body(response, url, deadline)
            finally:
                response.close()
        except (requests.Timeout, ReadTimeoutError):
            raise EndpointError(f"{url}: no answer within {self.timeout:g} s") from None
        except requests.ConnectionError as exc:
            raise EndpointError(f"{url}: cannot connect ({_reason(exc)}); is the server running?") from None
        except ProtocolError as exc:  # the answer broke off
            raise EndpointError(f"{url}: the answer broke off ({_reason(exc)})") from None
        except (requests.RequestException, HTTPError) as exc:
            raise EndpointError(f"{url}: request failed: {_reason(exc)}") from None
        if response.status_code >= 400:
            detail = " ".join(response.text.split())[:200]
            estimate = _COST_REFUSAL.search(detail)
            if estimate:
                raise QueryError(
                    f"{url}: the server refused the query before running it: its estimated execution time "
                    f"({estimate[1]} s) exceeds the server's limit ({estimate[2]} s); on Virtuoso that is "
                    "MaxQueryCostEstimationTime in the [SPARQL] section of virtuoso.ini (0 turns the estimate off)")
            kind = QueryError if response.status_code == 400 and "query" in options.get("data", {}) else EndpointError
            raise kind(f"{url}: HTTP {response.status_code} {response.reason}" + (f": {detail}" if detail else ""))
        return response

    def _body(self, response, url: str, deadline: float) -> bytes:
        """The body of ``response``, read as it arrives, so that a server sending it slowly is cut
        off at the deadline and a huge one at the size cap."""
        chunks: list[bytes] = []
        size = 0
        while True:
            # read1 returns what has arrived (at most a chunk) instead of waiting for a full chunk
            chunk = response.raw.read1(1 << 16, decode_content=True)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise EndpointError(f"{url}: the answer is larger than {MAX_ANSWER_BYTES >> 20} MiB; "
                                    "ask for less (a LIMIT, or fewer variables)")
            if time.monotonic() > deadline:
                raise EndpointError(f"{url}: no complete answer within {self.timeout:g} s "
                                    f"({size:,} bytes had arrived)")
            chunks.append(chunk)

    def _post_query(self, text: str, accept: str):
        data = {"query": with_prefixes(text, PREFIXES)}
        if self.graph:
            data["default-graph-uri"] = self.graph
        return self.request("POST", self.url, data=data, headers={"Accept": accept})

    def select(self, text: str, required=()) -> tuple[list[str], list[dict]]:
        """Variables and rows (variable -> term in SPARQL JSON's form) of a SELECT query; every row
        must bind the ``required`` variables.

        Asked for as SPARQL XML results, which carry the same terms as JSON and which servers write
        faster (Virtuoso 7: three times faster for large answers)."""
        response = self._post_query(text, "application/sparql-results+xml")
        try:
            names, rows = sparql_xml_rows(response.content)
        except ValueError:
            raise EndpointError(f"{self.url}: the answer is not SPARQL XML results "
                                f"(content type {response.headers.get('content-type')!r})") from None
        for row in rows:
            missing = [name for name in required if name not in row]
            if missing:
                raise EndpointError(f"{self.url}: a row of the answer binds no ?{missing[0]}, "
                                    "which the query always binds")
        return names, rows

    def number(self, text: str) -> int:
        """The single number a counting SELECT query returns."""
        names, rows = self.select(text)
        try:
            return int(float(rows[0][names[0]]["value"])) if rows and names[0] in rows[0] else 0
        except (ValueError, KeyError):
            raise EndpointError(f"{self.url}: expected a number from {text!r}") from None

    def update(self, text: str) -> None:
        """Run a SPARQL UPDATE."""
        self.request("POST", self.url, data={"update": with_prefixes(text, PREFIXES)})


def check_url(url: str, what: str) -> str:
    try:
        parts = urlsplit(url)
        parts.port  # raises on a port that is not a number
    except ValueError as exc:
        raise BadInputError(f"{what} URL {url!r} is malformed: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInputError(f"{what} URL must be http:// or https://, not {url!r}")
    if parts.username or parts.password:
        raise BadInputError(f"{what} URL must not carry credentials; set CAREERGRAPH_ENDPOINT_USER and "
                            "CAREERGRAPH_ENDPOINT_PASSWORD or use a netrc file")
    return url


def check_graph_iri(iri: str) -> str:
    if not urlsplit(iri).scheme or any(c in iri for c in ' <>"{}|^`\\'):
        raise BadInputError(f"the endpoint graph must be an absolute IRI, not {iri!r}")
    return iri


def _reason(exc) -> str:
    """The innermost cause of a requests error, in one line."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    text = str(exc.args[-1] if getattr(exc, "args", None) else exc)
    return text.split(": ", 1)[-1].splitlines()[0] if text else type(exc).__name__



_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
_XML_LANG = "http://www.w3.org/XML/1998/namespace lang"


def sparql_xml_rows(content: bytes) -> tuple[list[str], list[dict]]:
    """The variables and rows of a SPARQL Query Results XML document, each term as in SPARQL JSON
    ({"type": "uri" | "literal" | "bnode", "value": ..., "datatype": ..., "xml:lang": ...}).
    Raises ValueError when ``content`` is not such a document."""
    from xml.parsers import expat

    names: list[str] = []
    rows: list[dict] = []
    row: dict = {}
    root_seen = False
    variable = term = None  # the binding being read, and its term (text gathered in pieces)
    pieces: list[str] = []

    def start(tag, attrs):
        nonlocal root_seen, row, variable, term, pieces
        namespace, _, local = tag.rpartition(" ")
        if not root_seen:
            if (namespace, local) != (_RESULTS_NS, "sparql"):
                raise ValueError("not SPARQL results")
            root_seen = True
        elif local == "variable":
            names.append(attrs["name"])
        elif local == "result":
            row = {}
            rows.append(row)
        elif local == "binding":
            variable = attrs["name"]
        elif local in ("uri", "literal", "bnode"):
            term, pieces = {"type": local}, []
            if "datatype" in attrs:
                term["datatype"] = attrs["datatype"]
            if _XML_LANG in attrs:
                term["xml:lang"] = attrs[_XML_LANG]

    def end(tag):
        nonlocal term
        if term is not None and tag.rpartition(" ")[2] in ("uri", "literal", "bnode"):
            term["value"] = "".join(pieces)
            row[variable] = term
            term = None

    def text(piece):
        if term is not None:
            pieces.append(piece)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    try:
        parser.Parse(content, True)
    except (expat.ExpatError, KeyError) as exc:
        raise ValueError(str(exc)) from None
    if not root_seen:
        raise ValueError("empty answer")
    return names, rows

