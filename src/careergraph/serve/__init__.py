"""``careergraph serve``: the map with a route planner, a JSON API and a SPARQL 1.1 endpoint over
HTTP, on Starlette and uvicorn (``pip install 'careergraph[serve]'``).

It listens on loopback unless told otherwise (``allow_remote``): the graph is public data, but
nothing here is built to face the internet (no authentication, no rate limits).
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket

from ..errors import BadInputError
from ..limits import MAX_MAP_NODES

__all__ = ["OPTIONS_VARIABLE", "app_from_environment", "is_loopback", "listening_socket", "serve"]

# How the worker processes of `--workers N` learn the options: they load the graph themselves.
OPTIONS_VARIABLE = "CAREERGRAPH_SERVE_OPTIONS"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or ``localhost``.

    >>> [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "192.168.1.2", "example.org")]
    [True, True, True, False, False, False]
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` (0: any free port), or BadInputError naming the reason."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise BadInputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise BadInputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def _imports():
    try:
        import starlette  # noqa: F401
        import uvicorn
    except ImportError:
        raise BadInputError("careergraph serve needs its extra: pip install 'careergraph[serve]'") from None
    return uvicorn


def app_from_environment():
    """The application of a worker process, from the options in ``CAREERGRAPH_SERVE_OPTIONS``."""
    from ..graph import load
    from .app import create_app

    options = json.loads(os.environ[OPTIONS_VARIABLE])
    kg = load(options["paths"], cache=options["cache"], store=options["store"], endpoint_graph=options["endpoint_graph"],
              timeout=options["timeout"], remote_contexts=options["remote_contexts"])
    return create_app(kg, query_timeout=options["query_timeout"], max_rows=options["max_rows"],
                      max_map_nodes=options["max_map_nodes"], allowed_hosts=options["allowed_hosts"])


def serve(load_options: dict, load_graph, *, host: str = "127.0.0.1", port: int = 8000, allow_remote: bool = False,
          workers: int = 1, query_timeout: float = 10.0, max_rows: int = 10_000, max_map_nodes: int = MAX_MAP_NODES,
          announce=print) -> None:
    """Serve the graph until interrupted.

    ``load_options`` are :func:`careergraph.load`'s keyword arguments (``paths``, ``cache``,
    ``store``, ``endpoint_graph``, ``timeout``, ``remote_contexts``), for worker processes; ``load_graph()`` loads the graph in this process. A host that
    is not loopback is refused unless ``allow_remote``. ``announce`` is told the address. The map page is
    refused (the rest still answers) when the graph has more than ``max_map_nodes`` nodes.
    """
    uvicorn = _imports()
    if not is_loopback(host) and not allow_remote:
        raise BadInputError(f"{host} is not a loopback address: the server would answer the network; "
                            "pass --allow-remote to do so (it has no authentication)")
    if workers < 1:
        raise BadInputError(f"workers must be 1 or more, not {workers}")
    kg = load_graph()  # a bad graph fails here, before anything listens (and warms the cache for workers)
    allowed_hosts = ["*"] if not is_loopback(host) else ["127.0.0.1", "localhost", "::1"]
    sock = listening_socket(host, port)
    bound = sock.getsockname()
    address = f"http://{f'[{bound[0]}]' if ':' in bound[0] else bound[0]}:{bound[1]}/"
    config_options = {"log_level": "warning", "access_log": False, "timeout_graceful_shutdown": 5,
                      "proxy_headers": False, "server_header": False}
    if workers == 1:
        from .app import create_app

        app = create_app(kg, query_timeout=query_timeout, max_rows=max_rows, max_map_nodes=max_map_nodes,
                         allowed_hosts=allowed_hosts)
        announce(f"serving on {address} (Ctrl-C to stop)")
        uvicorn.Server(uvicorn.Config(app, **config_options)).run(sockets=[sock])
        return
    os.environ[OPTIONS_VARIABLE] = json.dumps({**load_options, "query_timeout": query_timeout, "max_rows": max_rows,
                                              "max_map_nodes": max_map_nodes, "allowed_hosts": allowed_hosts})
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config("careergraph.serve:app_from_environment", factory=True, workers=workers, **config_options)
    announce(f"serving on {address} with {workers} worker processes (Ctrl-C to stop)")
    # uvicorn's supervisor made its own server in 0.30; before, it was given the server's run
    import inspect

    given = {"target": uvicorn.Server(config).run} if "target" in inspect.signature(Multiprocess).parameters else {}
    Multiprocess(config, sockets=[sock], **given).run()
