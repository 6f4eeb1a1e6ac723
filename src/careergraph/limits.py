"""Limits: how long a SPARQL query or a request to an endpoint may take, and how large a map may be."""

from __future__ import annotations

import math
import threading
from typing import cast

from .errors import BadInputError, QueryTimeoutError

__all__ = ["DEFAULT_TIMEOUT", "MAX_MAP_NODES", "check_timeout", "within"]

DEFAULT_TIMEOUT = 60.0
MAX_MAP_NODES = 3000  # a page much larger than this is slow to lay out in a browser


def check_timeout(seconds) -> float:
    """``seconds`` as a time limit: a finite number above 0."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds <= 0:
        raise BadInputError(f"the timeout must be a finite number of seconds above 0, not {seconds!r}")
    return float(seconds)


class _Abandoned(BaseException):
    """Raised inside a query's thread once its caller has stopped waiting (a BaseException, so
    that no ``except Exception`` on the way turns it into an answer)."""


def within(seconds: float, work):
    """``work()``, or QueryTimeoutError once it has run ``seconds``.

    The work runs in a daemon thread and the caller waits at most ``seconds``. Past that, the thread
    is told to stop (an asynchronous exception, taken at its next Python instruction: rdflib's
    evaluation is Python, so it stops at once; Oxigraph's runs in Rust without the GIL and stops when
    it next returns to Python) and is left behind; being a daemon, it never keeps the process alive.
    A thread rather than a subprocess: the graph is already in this process, and a subprocess would
    have to load it again (or fork, which is not portable) and send every answer back.
    """
    box: dict = {}

    def target():
        try:
            box["value"] = work()
        except _Abandoned:
            # nobody waits for it: let its frames (and Oxigraph's results, which must be dropped
            # on the thread that made them) go here, not in the caller's thread
            return
        except BaseException as exc:  # handed to the caller
            box["error"] = exc

    thread = threading.Thread(target=target, name="careergraph-query", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        import ctypes  # only to stop a query that ran out of time: every command checks a timeout option

        ident = cast(int, thread.ident)  # set once the thread has started
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(_Abandoned))
        raise QueryTimeoutError(f"the query ran past its time limit of {seconds:g} s "
                                "(raise it with --timeout SECONDS or CAREERGRAPH_TIMEOUT)")
    if "error" in box:
        raise box["error"]
    return box["value"]
