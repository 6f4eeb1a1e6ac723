"""The compiled cache: look-up data and the route projection, reused while no input file changes.

Entries live in the user's cache directory (``CAREERGRAPH_CACHE_DIR`` overrides it), one file per
set of inputs, named by a SHA-256 over the package version and the content of every input file.
An entry is written to a temporary file and renamed into place, so two processes at once never see
a half-written entry; it carries a checksum of its payload and is ignored (then rebuilt) when it does
not match. Reading an entry needs neither rdflib nor the Turtle files.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from .errors import GraphLoadError
from .graph import KnowledgeGraph

_MAGIC = b"careergraph-compiled-1\n"


def cache_dir() -> Path:
    override = os.environ.get("CAREERGRAPH_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("careergraph", appauthor=False))


def cache_key(files) -> str:
    """SHA-256 over the package version, the Python version and each input file's content, in order."""
    from . import __version__

    digest = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}".encode())
    for path in files:
        try:
            content = Path(path).read_bytes()
        except OSError as exc:
            raise GraphLoadError(f"{path}: cannot read: {exc.strerror}") from None
        digest.update(Path(path).suffix.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def entry_path(files) -> Path:
    return cache_dir() / f"{cache_key(files)}.pickle"


def read_entry(path: Path) -> dict | None:
    """The compiled data of an entry, or None when it is missing or corrupt."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + 32
    if not blob.startswith(_MAGIC) or hashlib.sha256(blob[header:]).digest() != blob[len(_MAGIC):header]:
        return None
    try:
        return pickle.loads(blob[header:])
    except Exception:  # a corrupt or foreign pickle is only a cache miss
        return None


def write_entry(path: Path, data: dict) -> None:
    """Write an entry atomically; a cache that cannot be written is only skipped."""
    payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)
    except OSError:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def load(files) -> KnowledgeGraph:
    """The graph of ``files``, from the cache when an entry matches, else compiled and stored."""
    path = entry_path(files)
    data = read_entry(path)
    kg = KnowledgeGraph(files)
    if data is not None:
        kg.__dict__.update(data)
        kg.cache_hit = True
        return kg
    data = kg.compiled()
    write_entry(path, data)
    kg.cache_hit = False
    return kg
