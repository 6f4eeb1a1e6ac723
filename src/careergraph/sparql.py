"""The bundled SPARQL queries (``queries/*.rq``) and running SPARQL safely on the graph.

Each bundled query opens with a comment header::

    # title: Fellowships and their prerequisite residencies
    # description: ...
    # param: ?residency iri = cg:internal-medicine-residency -- the residency to start from
    # columns: ?fellowship ?label ?years

Parameters are bound as RDF terms through rdflib's ``initBindings``, never pasted into the text.
The graph is read-only: SPARQL UPDATE is refused, and so is SERVICE unless explicitly allowed (then
each of its requests has a timeout). A local store never fetches a graph: FROM and FROM NAMED are
refused there (an endpoint resolves them among its own graphs).
"""

from __future__ import annotations

import contextlib
import itertools
import re
import socket
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from . import rdffiles
from .errors import CareerGraphError, QueryError, QuerySyntaxError, QueryTimeoutError
from .limits import DEFAULT_TIMEOUT, check_timeout, within
from .namespaces import PREFIXES

__all__ = ["PARAM_TYPES", "bind_parameters", "bundled_queries", "BundledQuery", "Parameter", "prepare",
           "QueryResult", "read_header", "read_query_file", "resolve_query", "run_query"]

PARAM_TYPES = ("iri", "string", "integer", "decimal")
_PARAM = re.compile(r"^\?(?P<name>\w+)\s+(?P<type>\w+)(?:\s*=\s*(?P<default>\S+))?\s*(?:--\s*(?P<text>.*))?$")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None
    description: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class BundledQuery:
    name: str
    path: Path
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]

    @property
    def text(self) -> str:
        return read_query_file(self.path)

    def to_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "description": self.description,
                "parameters": [p.to_dict() for p in self.parameters], "columns": list(self.columns)}


def read_query_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: the query is not UTF-8 text (byte {exc.object[exc.start]:#04x} "
                         f"at position {exc.start})") from None
    except OSError as exc:
        raise QueryError(f"{path}: cannot read the query: {exc.strerror}") from None


def read_header(path: Path) -> BundledQuery:
    """Parse the comment header of a ``.rq`` file."""
    fields: dict[str, list[str]] = {}
    for line in read_query_file(path).splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        if value:
            fields.setdefault(key.strip().lower(), []).append(value.strip())
    parameters = []
    for spec in fields.get("param", []):
        match = _PARAM.match(spec)
        if not match or match["type"] not in PARAM_TYPES:
            raise QueryError(f"{path}: bad parameter line {spec!r} (expected '?name TYPE [= default] -- text')")
        parameters.append(Parameter(match["name"], match["type"], match["default"], match["text"] or ""))
    return BundledQuery(
        name=path.stem,
        path=path,
        title=" ".join(fields.get("title", [path.stem])),
        description=" ".join(fields.get("description", [])),
        parameters=tuple(parameters),
        columns=tuple(c.lstrip("?") for c in " ".join(fields.get("columns", [])).split()),
    )


def bundled_queries() -> dict[str, BundledQuery]:
    """The bundled queries by name (file stem), sorted."""
    folder = rdffiles.bundled_dir("queries")
    return {p.stem: read_header(p) for p in sorted(folder.glob("*.rq"))}


@dataclass
class QueryResult:
    """The result of a query: ``type`` is SELECT, ASK, CONSTRUCT or DESCRIBE."""

    type: str
    vars: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # variable -> rdflib term (or None)
    boolean: bool | None = None
    graph: object = None  # rdflib.Graph for CONSTRUCT / DESCRIBE
    raw: object = None  # the rdflib Result, for the W3C result serialisers
    truncated: bool = False  # rows were left out (past a row limit)

    def values(self) -> list[dict]:
        """Rows with plain string values (IRIs in full, literals by their lexical form)."""
        return [{k: (str(v) if v is not None else None) for k, v in row.items()} for row in self.rows]


def resolve_query(name_or_text: str) -> tuple[str, BundledQuery | None]:
    """The query text and its header, from a bundled name, a ``.rq`` file path, or SPARQL text."""
    queries = bundled_queries()
    if name_or_text in queries:
        query = queries[name_or_text]
        return query.text, query
    path = Path(name_or_text)
    if path.suffix == ".rq" or (len(name_or_text) < 256 and "\n" not in name_or_text and path.is_file()):
        if not path.is_file():
            raise QueryError(f"{name_or_text}: no such query file")
        return read_query_file(path), read_header(path)
    if re.fullmatch(r"[\w-]+", name_or_text.strip()):
        raise QueryError(f"unknown query {name_or_text!r}; bundled queries: {', '.join(queries)}")
    return name_or_text, None


def prepare(text: str):
    """Parse ``text`` as a SPARQL query; UPDATE and syntax errors become QueryError."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return prepareQuery(text, initNs=PREFIXES)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            snippet = exc.line.strip()[:60]
            raise QuerySyntaxError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: "
                                   f"{exc.msg} near {snippet!r}", exc.lineno, exc.col) from None
        raise QueryError("SPARQL UPDATE is refused: the graph is read-only") from None
    except Exception as exc:  # rdflib raises plain exceptions for unknown prefixes and the like
        raise QueryError(f"SPARQL error: {exc}") from None


def _uses_service(query) -> bool:
    from rdflib.plugins.sparql.algebra import traverse

    found = []
    traverse(query.algebra, visitPre=lambda node: found.append(getattr(node, "name", None)))
    return "ServiceGraphPattern" in found


@contextlib.contextmanager
def _socket_timeout(seconds: float):
    """Every socket opened meanwhile (rdflib's SERVICE requests, which set none) times out after
    ``seconds``."""
    before = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(before)


def bind_parameters(kg, header: BundledQuery | None, text: str, params: dict) -> dict:
    """RDF terms for ``params``, checked against the header's declared parameters and defaults."""
    declared = {p.name: p for p in header.parameters} if header else {}
    bindings = {}
    for name, value in params.items():
        if header is None:
            if not re.search(rf"[?$]{re.escape(name)}\b", text):
                raise QueryError(f"unknown parameter {name!r}: the query has no variable ?{name}")
            bindings[name] = _term(kg, "string" if not _looks_like_iri(value) else "iri", value, name)
        elif name not in declared:
            known = ", ".join(declared) or "none"
            raise QueryError(f"unknown parameter {name!r} for query {header.name!r} (parameters: {known})")
        else:
            bindings[name] = _term(kg, declared[name].type, value, name)
    for name, parameter in declared.items():
        if name in bindings:
            continue
        if parameter.default is None:
            assert header is not None  # only a header declares parameters
            raise QueryError(f"missing parameter {name!r} for query {header.name!r}: pass --param {name}=VALUE")
        if parameter.default != "none":
            bindings[name] = _term(kg, parameter.type, parameter.default, name)
    return bindings


def _looks_like_iri(value: str) -> bool:
    return value.startswith(("http://", "https://", "urn:")) or re.fullmatch(r"[a-z]+:[\w.-]+", value) is not None


def _term(kg, type_: str, value: str, name: str):
    if type_ == "iri":
        if value.startswith(("http://", "https://", "urn:")):
            return URIRef(value)
        return URIRef(kg.resolve(value))
    if type_ == "integer":
        try:
            return Literal(int(value))
        except ValueError:
            raise QueryError(f"parameter {name!r} must be an integer, not {value!r}") from None
    if type_ == "decimal":
        try:
            float(value)
        except ValueError:
            raise QueryError(f"parameter {name!r} must be a number, not {value!r}") from None
        return Literal(value, datatype=XSD.decimal)
    return Literal(value)


def run_query(kg, name_or_text: str, params: dict | None = None, *, allow_service: bool = False,
              timeout: float = DEFAULT_TIMEOUT) -> QueryResult:
    """Run a bundled query (by name), a ``.rq`` file, or SPARQL text on ``kg``, within ``timeout`` seconds.

    With ``allow_service``, each request a SERVICE clause makes gives up after ``timeout`` seconds
    without an answer.

    Raises
    ------
    QueryError
        Unknown query, syntax error (with line and column), UPDATE, SERVICE without
        ``allow_service`` (or without an answer in time), FROM or FROM NAMED on a local store, or an
        unknown, missing or malformed parameter.
    QueryTimeoutError
        The evaluation ran past ``timeout`` seconds.
    """
    text, header = resolve_query(name_or_text)
    return run_text(kg, text, header, params, allow_service=allow_service, timeout=timeout)


def run_text(kg, text: str, header: BundledQuery | None = None, params: dict | None = None, *,
             allow_service: bool = False, timeout: float = DEFAULT_TIMEOUT, max_rows: int | None = None) -> QueryResult:
    """Run the SPARQL ``text`` (never a file or bundled name: text from a network client names no
    file to read) on ``kg``; ``header`` declares the parameters of a bundled query. With
    ``max_rows``, a SELECT stops after that many rows and one more (``truncated`` says whether
    there were more). Raises as :func:`run_query`."""
    timeout = check_timeout(timeout)
    query = prepare(text)
    service = _uses_service(query)
    if service and not allow_service:
        raise QueryError("SERVICE clauses make network requests and are refused; pass --allow-service to run them")
    kg.store.check_dataset(query)
    bindings = bind_parameters(kg, header, text, params or {})
    kg.store.prepare(service=service)  # loading the files is not part of the query's time
    return within(timeout, lambda: _evaluate(kg, text, query, bindings, service, timeout, max_rows))


# Characters an IRI cannot hold (RFC 3987), which no output format can write as an IRI.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _evaluate(kg, text, query, bindings, service: bool, timeout: float, max_rows: int | None = None) -> QueryResult:
    try:
        with _socket_timeout(timeout) if service else contextlib.nullcontext():
            result = kg.store.query(text, query, bindings, service=service)
            kind = result.type
            if kind == "SELECT":
                names = [str(v) for v in result.vars]
                read = result if max_rows is None else itertools.islice(result, max_rows + 1)
                rows = [{n: row[n] for n in names} for row in read]  # rdflib evaluates as rows are read
                truncated = max_rows is not None and len(rows) > max_rows
                rows = rows[:max_rows] if truncated else rows
                _check_iris(term for row in rows for term in row.values())
                return QueryResult(kind, names, rows, raw=result, truncated=truncated)
            if kind == "ASK":
                return QueryResult(kind, boolean=bool(result.askAnswer), raw=result)
            _check_iris(term for triple in result.graph for term in triple)
            return QueryResult(kind, graph=result.graph, raw=result)
    except CareerGraphError:
        raise
    except OSError as exc:  # TimeoutError is one; urllib wraps a SERVICE request's errors in URLError, another
        reason = getattr(exc, "reason", exc)
        if service and isinstance(reason, TimeoutError):
            raise QueryTimeoutError(f"the query ran past its time limit of {timeout:g} s: a SERVICE request "
                                    "got no answer (raise it with --timeout SECONDS or CAREERGRAPH_TIMEOUT)") from None
        raise QueryError(f"SPARQL evaluation failed: {reason}".splitlines()[0]) from None
    except Exception as exc:  # evaluation errors from rdflib
        if "CompValue" in str(exc):  # rdflib met a part of SPARQL its algebra does not cover; it names the parse tree
            raise QueryError("SPARQL evaluation failed: the in-memory store (rdflib) cannot evaluate part of this "
                             "query (for example EXISTS outside a FILTER); try --store oxigraph") from None
        raise QueryError(f"SPARQL evaluation failed: {exc}".splitlines()[0]) from None


def _check_iris(terms) -> None:
    """Refuse an answer holding an IRI that is not one (e.g. made by IRI("a b"), or read from a
    file that wrote it), which the result formats cannot write."""
    for term in terms:
        if isinstance(term, URIRef) and (found := _NOT_IN_IRI.search(term)):
            bad = found.group()
            raise QueryError(f"the answer holds an IRI with a character IRIs cannot contain "
                             f"({bad!r}): {str(term)[:80]!r}")
