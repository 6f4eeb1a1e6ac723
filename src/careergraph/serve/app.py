"""The web application: the map with its route planner, the JSON API, the SPARQL endpoint.

Everything is read-only and answered from one loaded :class:`~careergraph.graph.KnowledgeGraph`.
Starlette runs the answers in a thread pool; the library's answers are computed one at a time
(a route takes milliseconds, and the graph's lazily built parts are not made for concurrent
building), and SPARQL queries one at a time apart from them, so a long query does not hold up
routes. Errors are JSON with the command line's message, the error's class and its exit code.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import threading
from collections import OrderedDict
from importlib.resources import files

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from .. import __version__, output
from ..errors import (AmbiguousNodeError, BadInputError, CareerGraphError, NoRouteError, QuerySyntaxError,
                      QueryTimeoutError, UnknownNodeError)
from ..limits import MAX_MAP_NODES
from . import api, protocol

__all__ = ["ANSWERS_KEPT", "DEFAULT_MAX_ROWS", "DEFAULT_QUERY_TIMEOUT", "LOOPBACK_NAMES", "MAX_BODY",
           "MAX_TARGET", "NONCE", "create_app", "error_response", "KnownHosts", "SecurityHeaders", "Service",
           "SizeLimit", "status_of"]

MAX_BODY = 64 * 1024  # bytes of a request body (a SPARQL query)
MAX_TARGET = 8 * 1024  # bytes of a request's path and query string
DEFAULT_MAX_ROWS = 10_000
DEFAULT_QUERY_TIMEOUT = 10.0
ANSWERS_KEPT = 1024  # JSON answers kept for questions asked again
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
NONCE = "@@CSP-NONCE@@"  # replaced in each answer by a fresh nonce


def status_of(exc: CareerGraphError) -> int:
    """The HTTP status of an error: 404 for what is not there, 503 past a time limit, 400 for bad input."""
    if isinstance(exc, QueryTimeoutError):
        return 503
    if isinstance(exc, protocol.NotAcceptableError):
        return 406
    if isinstance(exc, (UnknownNodeError, NoRouteError)) or exc.exit_code == 1:
        return 404
    return 400


def error_response(exc: CareerGraphError) -> JSONResponse:
    body = {"error": type(exc).__name__, "message": str(exc), "exit_code": exc.exit_code}
    if isinstance(exc, UnknownNodeError):
        body["suggestions"] = exc.suggestions
    if isinstance(exc, AmbiguousNodeError):
        body["candidates"] = exc.candidates
    if isinstance(exc, QuerySyntaxError):
        body["line"], body["column"] = exc.line, exc.column
    return JSONResponse(body, status_code=status_of(exc))


def _asset(name: str) -> str:
    return (files(__package__) / "assets" / name).read_text(encoding="utf-8")


class SizeLimit:
    """Refuses a request whose target or body is larger than the limits (414, 413), before any work."""

    def __init__(self, app, max_body: int = MAX_BODY, max_target: int = MAX_TARGET):
        self.app, self.max_body, self.max_target = app, max_body, max_target

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if target > self.max_target:
            return await _refuse(send, 414, f"the request's path and query are longer than {self.max_target} bytes; "
                                            "POST a long SPARQL query")
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            return await _refuse(send, 413, f"the request body is larger than {self.max_body} bytes")
        received = 0
        refused = False

        async def limited():
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            if not refused:
                await send(message)

        await self.app(scope, limited, guarded_send)
        if refused:
            await _refuse(send, 413, f"the request body is larger than {self.max_body} bytes")


async def _refuse(send, status: int, message: str) -> None:
    body = json.dumps({"error": "BadInputError", "message": message, "exit_code": 2}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class KnownHosts:
    """Refuses (400) a request whose Host header, without its port, is not one of ``hosts``
    (``"*"``: any)."""

    def __init__(self, app, hosts):
        self.app = app
        self.hosts = {h.strip("[]").lower() for h in hosts}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or "*" in self.hosts:
            return await self.app(scope, receive, send)
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
        name = host[1:host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
        if name not in self.hosts:
            return await _refuse(send, 400, f"unknown Host {host[:100]!r}: this server answers "
                                            f"{', '.join(sorted(self.hosts))} only")
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Headers on every answer: pages run only their own scripts (a fresh nonce each time), are
    never framed, and no answer is sniffed as another type."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                nonce = scope.get("state", {}).get("nonce", "")
                policy = ("default-src 'none'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                          f"script-src 'nonce-{nonce}'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
                headers += [(b"content-security-policy", policy.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class Service:
    """The answers of the application, over one graph."""

    def __init__(self, kg, *, query_timeout: float = DEFAULT_QUERY_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
                 max_map_nodes: int = MAX_MAP_NODES):
        self.kg = kg
        self.max_map_nodes = max_map_nodes
        self.query_timeout = query_timeout
        self.max_rows = max_rows
        self.library_lock = threading.Lock()
        self.query_lock = threading.Lock()
        self._map_page: str | None = None
        self.answers: OrderedDict = OrderedDict()  # question -> JSON text, written under library_lock
        self.description = json.dumps(api.openapi(__version__))

    def warm(self) -> None:
        """Build what answers need before the first request (look-up data, projection, store)."""
        self.kg.compiled()
        self.kg.store.prepare()

    async def call(self, lock, work):
        def locked():
            with lock:
                return work()

        return await run_in_threadpool(locked)

    # ---------------------------------------------------------------- JSON API

    def operation(self, op: api.Operation):
        async def endpoint(request: Request):
            try:
                arguments = op.arguments(request.query_params)
                key = (op.path, tuple(sorted(arguments.items())))
                text = self.answers.get(key)
                if text is None:
                    text = await self.call(self.library_lock, lambda: self.answer(op, arguments, key))
                else:
                    with contextlib.suppress(KeyError):  # forgotten meanwhile by another answer
                        self.answers.move_to_end(key)
            except CareerGraphError as exc:
                return error_response(exc)
            return Response(text, media_type="application/json")

        return endpoint

    def answer(self, op: api.Operation, arguments: dict, key) -> str:
        """The JSON text of an answer, kept for the same question again (the graph does not change
        while serving; the least recently asked are forgotten first)."""
        # output.json_text: the command line's JSON (no NaN, unpaired surrogates replaced)
        text = output.json_text(op.answer(self.kg, arguments))
        self.answers[key] = text
        while len(self.answers) > ANSWERS_KEPT:
            self.answers.popitem(last=False)
        return text

    async def openapi(self, request: Request):
        return Response(self.description, media_type="application/json")

    # ---------------------------------------------------------------- SPARQL

    async def sparql(self, request: Request):
        body = await request.body() if request.method == "POST" else b""
        wants_page = (request.method == "GET" and not request.query_params
                      and "text/html" in request.headers.get("accept", ""))
        if wants_page:
            return self.page(request, _asset("sparql.html"))
        try:
            text = protocol.query_text(request.method, request.headers.get("content-type", ""),
                                       request.query_params, body)
            from ..sparql import run_text

            result = await self.call(self.query_lock, lambda: run_text(self.kg, text, timeout=self.query_timeout,
                                                                              max_rows=self.max_rows))
            return self.result_response(result, request.headers.get("accept"))
        except CareerGraphError as exc:
            return error_response(exc)

    def result_response(self, result, accept) -> Response:
        body, media, cut = protocol.render(result, accept, self.max_rows)
        headers = {"x-careergraph-rows-limit": str(self.max_rows)} if cut else {}
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        return Response(body, media_type=media + charset, headers=headers)

    async def bundled_query(self, request: Request):
        """A bundled query by name, its parameters bound as `careergraph query NAME --param` binds them."""
        from ..sparql import bundled_queries

        try:
            params = {k: request.query_params.getlist(k) for k in request.query_params.keys()}
            names = params.pop("name", [])
            queries = bundled_queries()
            if len(names) != 1 or names[0] not in queries:
                raise BadInputError(f"give one 'name' of a bundled query: {', '.join(queries)}")
            if any(len(values) != 1 for values in params.values()):
                raise BadInputError("give each query parameter once")
            bound = {k: v[0] for k, v in params.items() if v[0].strip()}
            result = await self.call(self.query_lock, lambda: self.kg.query(names[0], timeout=self.query_timeout,
                                                                            **bound))
            return self.result_response(result, request.headers.get("accept"))
        except CareerGraphError as exc:
            return error_response(exc)

    async def bundled_list(self, request: Request):
        from ..sparql import bundled_queries

        return JSONResponse([{**q.to_dict(), "text": q.text} for q in bundled_queries().values()])

    # ---------------------------------------------------------------- pages

    def page(self, request: Request, text: str) -> HTMLResponse:
        """``text`` with a fresh nonce on its scripts, the only scripts the answer's policy lets run."""
        nonce = secrets.token_urlsafe(16)
        request.scope.setdefault("state", {})["nonce"] = nonce
        return HTMLResponse(text.replace(NONCE, nonce))

    def map_page(self) -> str:
        """The whole map with the planner, rendered once (the graph does not change while serving)."""
        if self._map_page is None:
            from ..htmlmap.data import map_data
            from ..htmlmap.page import render_page

            with self.library_lock:
                if self._map_page is None:
                    data = map_data(self.kg, max_nodes=self.max_map_nodes, too_large_advice=(
                        "raise careergraph serve --max-map-nodes; the planner's API and /sparql still answer"))
                    self._map_page = render_page(data, "careergraph", panel=_asset("planner.html"),
                                                 script=_asset("planner.js"), script_attributes=f' nonce="{NONCE}"')
        return self._map_page

    async def index(self, request: Request):
        try:
            text = await run_in_threadpool(self.map_page)
        except CareerGraphError as exc:
            return error_response(exc)
        return self.page(request, text)


def create_app(kg, *, query_timeout: float = DEFAULT_QUERY_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
               max_map_nodes: int = MAX_MAP_NODES, allowed_hosts=LOOPBACK_NAMES, warm: bool = True) -> Starlette:
    """The ASGI application serving ``kg``.

    ``allowed_hosts`` are the Host header values answered (others get 400): on loopback, only
    loopback names, so a web page elsewhere cannot reach the server through a DNS name of its own
    (DNS rebinding).
    """
    service = Service(kg, query_timeout=query_timeout, max_rows=max_rows, max_map_nodes=max_map_nodes)
    if warm:
        service.warm()
    routes = [Route("/", service.index, methods=["GET"]),
              Route("/openapi.json", service.openapi, methods=["GET"]),
              Route("/sparql", service.sparql, methods=["GET", "POST"]),
              Route("/api/query", service.bundled_query, methods=["GET"]),
              Route("/api/queries", service.bundled_list, methods=["GET"])]
    routes += [Route(op.path, service.operation(op), methods=["GET"]) for op in api.OPERATIONS]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders), Middleware(SizeLimit),
                                               Middleware(KnownHosts, hosts=allowed_hosts)])
    app.state.service = service
    return app
