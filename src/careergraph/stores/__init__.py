"""Where the triples live and SPARQL runs: one interface (:class:`Store`), one module per backend.

- ``memory``: :class:`~careergraph.stores.memory.MemoryStore`, the files parsed by rdflib;
- ``oxigraph``: :class:`~careergraph.stores.oxigraph.OxigraphStore`, the files bulk-loaded into Oxigraph;
- ``endpoint``: :class:`~careergraph.stores.endpoint.Endpoint`, a SPARQL 1.1 server's data (chosen
  by the server's URL).

A backend is registered by name and imported only when chosen, so that choosing the default store
imports neither pyoxigraph nor requests. :func:`open_store` turns the user's choice (a name, or a
server's URL) into a store.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..errors import BadInputError, UnknownStoreError
from ..store import bundled_files, graph_files
from .base import Store

__all__ = ["BACKENDS", "FILE_BACKENDS", "Endpoint", "Store", "is_url", "open_store", "store_class"]

# name -> (module, class): imported on first use
BACKENDS = {
    "memory": ("careergraph.stores.memory", "MemoryStore"),
    "oxigraph": ("careergraph.stores.oxigraph", "OxigraphStore"),
    "endpoint": ("careergraph.stores.endpoint", "Endpoint"),
}
# The backends that hold graph files (the endpoint holds a server's data instead).
FILE_BACKENDS = ("memory", "oxigraph")


def _unknown(name: str) -> UnknownStoreError:
    return UnknownStoreError(f"unknown store {name!r}: use one of {', '.join(FILE_BACKENDS)}, or a SPARQL "
                            "endpoint's http(s) URL")


def store_class(name: str) -> Callable[..., Store]:
    """The store class registered as ``name``."""
    if name not in BACKENDS:
        raise _unknown(name)
    module, attribute = BACKENDS[name]
    return getattr(import_module(module), attribute)


def is_url(choice: str) -> bool:
    """Whether a store choice names a SPARQL server by a URL (the endpoint then checks that it is
    http or https)."""
    return "://" in choice


def open_store(choice, paths=(), *, bundled: bool = True, cached: bool = False, remote_contexts: bool = False,
               endpoint_graph: str | None = None, timeout: float | None = None) -> Store:
    """The store ``choice`` names: a :class:`Store` as it is, ``"memory"`` or ``"oxigraph"`` holding
    the bundled graph (unless not ``bundled``) and the files of ``paths``, or a SPARQL endpoint by its
    URL (within the named graph ``endpoint_graph``).

    Raises
    ------
    UnknownStoreError
        ``choice`` names no store.
    BadInputError
        Graph files are given with an endpoint (publish them to it first).
    GraphLoadError
        A path is missing or of an unknown type.
    """
    if not isinstance(choice, Store) and not is_url(choice):
        if choice not in FILE_BACKENDS:
            raise _unknown(choice)
        files = (bundled_files() if bundled else []) + graph_files(paths)
        return store_class(choice)(files, cached=cached, remote_contexts=remote_contexts)
    if paths:
        raise BadInputError("graph files are not read from an endpoint; publish them to it first")
    if isinstance(choice, Store):
        return choice
    options = {} if timeout is None else {"timeout": timeout}
    return store_class("endpoint")(choice, endpoint_graph, **options)


def __getattr__(name: str):
    if name == "Endpoint":  # the documented way to name a server, imported only when asked for
        return store_class("endpoint")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
