"""A remote SPARQL 1.1 server as careergraph's store (``--endpoint URL``), and publishing to one.

Reads go through the SPARQL 1.1 Protocol: look-up and routes fetch only the triples of the
predicates they need (then cached locally, see :mod:`careergraph.cache`), ``show`` fetches one
node's neighbourhood, and ``query`` runs in the server. ``publish`` writes through the SPARQL 1.1
Graph Store HTTP Protocol, or SPARQL UPDATE where no graph store URL is given.

Blank nodes are published as Skolem IRIs under ``https://w3id.org/careergraph/.well-known/genid/``
named by a hash of their content and place, so publishing the same data twice writes the same
triples; reading turns them back into blank nodes, so answers match the local stores.

Credentials come from ``CAREERGRAPH_ENDPOINT_USER`` and ``CAREERGRAPH_ENDPOINT_PASSWORD``, or from
the netrc file (``NETRC`` or ``~/.netrc``) entry of the server's host; the server's challenge picks
Digest or Basic. They are never taken from the command line nor printed, and never sent to another
origin (scheme, host and port): a redirect there is refused.
"""

from __future__ import annotations

import hashlib
import json
import netrc
import os
import re
import time
from urllib.parse import urlsplit

from .errors import BadInputError, QueryError
from .facts import Lit
from .limits import DEFAULT_TIMEOUT, check_timeout
from .sparqltext import neighbourhood_query, query_form, substitute, with_prefixes
from .vocab import CG, PREFIXES

__all__ = ["BATCH", "MAX_ANSWER_BYTES", "PAGE_ROWS", "SKOLEM", "check_graph_iri", "check_url", "credentials",
           "Endpoint", "EndpointError", "facts_term", "ntriples", "origin", "publish", "rdflib_term",
           "skolemized", "sparql_xml_rows"]

SKOLEM = CG + ".well-known/genid/"
# Virtuoso's refusal of a query whose estimated cost is over MaxQueryCostEstimationTime.
_COST_REFUSAL = re.compile(r"estimated execution time (\d+) \(sec\) exceeds the limit of (\d+) \(sec\)")
# The largest answer read from a server: a bigger one is refused rather than exhausting memory.
MAX_ANSWER_BYTES = 1 << 30
# Rows asked for per request when reading triples; a server that caps results is paged.
PAGE_ROWS = 1_000_000
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class EndpointError(BadInputError):
    """The SPARQL server cannot be reached, refuses, or answers with an error."""


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


class Endpoint:
    """A SPARQL 1.1 server at ``url``, read within ``graph`` (a named graph IRI) when given.

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
        return f"Endpoint({self.url!r}, graph={self.graph!r})"

    # ------------------------------------------------------------ HTTP

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

    # ------------------------------------------------------------ reading for careergraph

    def triples(self, predicates=None):
        """The triples (in Facts form) with one of ``predicates`` (all, if None), one simple query
        a predicate, each read in pages if the server caps its answers."""
        if predicates is None:
            for row in self._all_rows("?s ?p ?o", ("s", "p", "o")):
                yield facts_term(row["s"]), facts_term(row["p"]), facts_term(row["o"])
            return
        for predicate in predicates:
            for row in self._all_rows(f"?s <{predicate}> ?o", ("s", "o")):
                yield facts_term(row["s"]), predicate, facts_term(row["o"])

    def _all_rows(self, pattern: str, names) -> list[dict]:
        rows = self.select(f"SELECT * WHERE {{ {pattern} }} LIMIT {PAGE_ROWS}", names)[1]
        expected = self.number(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        if len(rows) < expected:
            # more than a page, or the server capped the answer: page through it in a fixed order,
            # in pages as large as it allows
            size, rows, offset = len(rows), [], 0
            order = " ".join(f"?{name}" for name in names)
            while offset < expected:
                page = self.select(f"SELECT * WHERE {{ {pattern} }} ORDER BY {order} LIMIT {size} OFFSET {offset}",
                                   names)[1]
                if not page:
                    break
                rows.extend(page)
                offset += len(page)
        return rows

    def neighbourhood(self, iris):
        """The triples of :func:`~careergraph.sparqltext.neighbourhood_query` for ``iris``."""
        for row in self.select(neighbourhood_query(iris), ("s", "p", "o"))[1]:
            yield facts_term(row["s"]), facts_term(row["p"]), facts_term(row["o"])

    def objects_containing(self, predicate: str, word: str):
        """(subject, object) pairs of ``predicate`` whose text contains ``word`` (case-insensitively)."""
        escaped = word.lower().replace("\\", "\\\\").replace('"', '\\"')
        text = (f'SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o FILTER(CONTAINS(LCASE(STR(?o)), "{escaped}")) }}')
        for row in self.select(text, ("s", "o"))[1]:
            yield facts_term(row["s"]), facts_term(row["o"])

    def count(self, predicate: str | None = None) -> int:
        """The number of triples (with ``predicate``, if given)."""
        p = f"<{predicate}>" if predicate else "?p"
        return self.number(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s {p} ?o }}")

    def fingerprint(self) -> str:
        """A digest of the server's data that changes when the data does: the number of triples,
        the total length of the literals and the sum of the numbers. Edits that keep all three are
        not seen; ``--no-cache`` reads afresh."""
        names, rows = self.select(
            "SELECT (COUNT(*) AS ?n) (SUM(IF(isLiteral(?o), STRLEN(STR(?o)), 0)) AS ?chars) "
            "(SUM(IF(isNumeric(?o), ?o, 0)) AS ?sum) WHERE { ?s ?p ?o }")
        parts = [self.url, self.graph or ""] + [rows[0].get(n, {}).get("value", "") if rows else "" for n in names]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def query(self, text: str, bindings: dict):
        """Run ``text`` with ``bindings`` (rdflib terms) in the server; returns an rdflib Result."""
        from io import BytesIO

        from rdflib import Graph
        from rdflib.query import Result
        from rdflib.term import Variable

        form = query_form(text)
        text = substitute(text, bindings)
        if form in ("CONSTRUCT", "DESCRIBE"):
            response = self._post_query(text, "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5")
            result = Result(form)
            result.graph = Graph()
            kind = response.headers.get("content-type", "").split(";")[0].strip()
            rdf_format = {"application/rdf+xml": "xml", "text/turtle": "turtle"}.get(kind, "nt")
            try:
                parsed = Graph().parse(BytesIO(response.content), format=rdf_format)
            except Exception as exc:  # rdflib's parsers raise several kinds
                raise EndpointError(f"{self.url}: cannot read the {kind or 'RDF'} answer: {exc}".splitlines()[0]) from None
            for triple in parsed:
                result.graph.add(tuple(_deskolemized(t) for t in triple))
            return result
        if form == "ASK":
            response = self._post_query(text, "application/sparql-results+json")
            result = Result("ASK")
            try:
                answer = json.loads(response.content)
                # Virtuoso 7 answers ASK with one row of a variable __ASK_RETVAL holding 0 or 1
                result.askAnswer = (bool(answer["boolean"]) if "boolean" in answer
                                    else answer["results"]["bindings"][0]["__ASK_RETVAL"]["value"] == "1")
            except (ValueError, KeyError, TypeError, IndexError):
                raise EndpointError(f"{self.url}: the answer to an ASK query is not SPARQL JSON results") from None
            return result
        names, rows = self.select(text)
        result = Result("SELECT")
        result.vars = [Variable(n) for n in names]
        result.bindings = [{Variable(n): rdflib_term(facts_term(row[n])) for n in names if n in row} for row in rows]
        return result

    # ------------------------------------------------------------ writing

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


def _deskolemized(term):
    """An rdflib term, with a Skolem IRI turned back into its blank node."""
    from rdflib import BNode, URIRef

    return BNode(term[len(SKOLEM):]) if isinstance(term, URIRef) and term.startswith(SKOLEM) else term


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


def facts_term(term: dict):
    """The Facts form of a SPARQL JSON term; Skolem IRIs become blank nodes again."""
    kind = term["type"]
    value = term["value"]
    if kind == "uri":
        return "_:" + value[len(SKOLEM):] if value.startswith(SKOLEM) else value
    if kind == "bnode":
        return "_:" + value
    datatype = term.get("datatype")
    return Lit(value, term.get("xml:lang") or None,
               None if datatype in (None, _XSD_STRING, _LANG_STRING) else datatype)


def rdflib_term(term):
    """The rdflib term of a Facts term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, Lit):
        return Literal(term.value, lang=term.lang, datatype=URIRef(term.datatype) if term.datatype else None)
    return BNode(term[2:]) if term.startswith("_:") else URIRef(term)


# ------------------------------------------------------------ publishing

def skolemized(graph):
    """The triples of an rdflib ``graph`` with each blank node replaced by a stable Skolem IRI.

    A blank node's name is a hash of its own triples and of the triples that point at it, refined
    twice through neighbouring blank nodes, so the same data always gets the same names."""
    from rdflib import BNode, URIRef

    def text(term, names):
        return names[term] if isinstance(term, BNode) else term.n3()

    triples = list(graph)  # iterating an rdflib graph is slow: once only
    bnodes = {t for triple in triples for t in (triple[0], triple[2]) if isinstance(t, BNode)}
    names = {b: "_" for b in bnodes}
    outgoing = {b: [] for b in bnodes}
    incoming = {b: [] for b in bnodes}
    for s, p, o in triples:
        if s in outgoing:
            outgoing[s].append((p, o))
        if o in incoming:
            incoming[o].append((s, p))
    for _ in range(3):
        names = {
            b: hashlib.sha256("\n".join(
                sorted(f"> {p.n3()} {text(o, names)}" for p, o in outgoing[b])
                + sorted(f"< {text(s, names)} {p.n3()}" for s, p in incoming[b])).encode()).hexdigest()[:32]
            for b in bnodes
        }
    iris = {b: URIRef(SKOLEM + names[b]) for b in bnodes}
    for s, p, o in triples:
        yield iris.get(s, s), p, iris.get(o, o)


def ntriples(triples) -> str:
    return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples)


# Triples per request: SPARQL UPDATE text is parsed whole by the server (Virtuoso's parser gives up
# at a few thousand triples), a Graph Store request body is streamed.
BATCH = {"graph-store": 20_000, "update": 1_000}


def publish(endpoint: Endpoint, graph, *, graph_store: str | None = None, replace: bool = False,
            batch: int | None = None, progress=None) -> dict:
    """Load the rdflib ``graph`` into ``endpoint`` (its ``graph``, else the server's default graph).

    Through the Graph Store Protocol at ``graph_store`` when given, else SPARQL UPDATE, in batches
    of ``batch`` triples (default: :data:`BATCH`); ``replace`` empties the target graph first. ``progress(done, total)`` is
    called after each batch. Returns the counts; raises EndpointError when the server's count
    afterwards lacks any of the triples.
    """
    if graph_store:
        check_url(graph_store, "graph store")
    triples = list(skolemized(graph))
    protocol = "graph-store" if graph_store else "update"
    batch = batch or BATCH[protocol]
    target = f"graph={endpoint.graph}" if endpoint.graph else "default"
    store_url = f"{graph_store}{'&' if '?' in graph_store else '?'}{target}" if graph_store else None
    before = endpoint.count()
    started = time.perf_counter()
    if replace and before:
        if store_url:
            endpoint.request("DELETE", store_url, headers={"Accept": "*/*"})
        else:
            endpoint.update(f"CLEAR SILENT GRAPH <{endpoint.graph}>" if endpoint.graph else "CLEAR SILENT DEFAULT")
    for start in range(0, len(triples), batch):
        chunk = ntriples(triples[start:start + batch])
        if store_url:
            endpoint.request("POST", store_url, data=chunk.encode("utf-8"),
                             headers={"Content-Type": "application/n-triples"})
        else:
            inner = f"GRAPH <{endpoint.graph}> {{ {chunk} }}" if endpoint.graph else chunk
            endpoint.update(f"INSERT DATA {{ {inner} }}")
        if progress:
            progress(min(start + batch, len(triples)), len(triples))
    try:
        # worded apart from the count before, so that a server compiles it afresh for the new data
        after = endpoint.number(f"SELECT (COUNT(*) AS ?published) WHERE {{ GRAPH <{endpoint.graph}> {{ ?s ?p ?o }} }}"
                                if endpoint.graph else "SELECT (COUNT(*) AS ?published) WHERE { ?s ?p ?o }")
    except EndpointError as exc:
        raise EndpointError(f"all {len(triples)} triples were sent, but the count that checks them failed: {exc} "
                            "(see `careergraph stats` on the endpoint later)") from None
    floor = len(triples) if replace else max(before, len(triples))
    if after < floor:
        raise EndpointError(f"{endpoint.url}: after publishing the server holds {after} triples, "
                            f"fewer than the {floor} expected")
    return {"endpoint": endpoint.url, "graph": endpoint.graph, "protocol": protocol,
            "triples": len(triples), "before": before, "after": after,
            "seconds": round(time.perf_counter() - started, 3)}

