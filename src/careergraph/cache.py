"""The compiled cache: look-up data and the route projection, reused while no input file changes.

Entries live in the user's cache directory (``CAREERGRAPH_CACHE_DIR`` overrides it), one file per
set of inputs, named by a SHA-256 over the package version and the content of every input file.
An entry is written to a temporary file and renamed into place, so two processes at once never see
a half-written entry; it carries a checksum of its payload and is ignored (then rebuilt) when it does
not match. Reading an entry needs neither rdflib nor the Turtle files.

An entry holds data, never code: JSON, written and read by one encoder and one decoder per shape
(look-up data and projection, facts), and every value is checked to have its shape before use, so an
entry of the wrong shape is a miss like a corrupt one. The directory itself must be the user's own
and writable by no one else (see :func:`usable_cache_dir`): whoever can write it decides what
careergraph answers.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
import sys
import tempfile
import time
from pathlib import Path

from .compiled import Compiled, compile_graph
from .entryformat import decode_compiled, decode_facts, encode_compiled, encode_facts
from .errors import BadInputError, GraphLoadError
from .stores.base import CACHE_DIRECTORY_PREFIX, Store

__all__ = ["CacheDirError", "cache_dir", "cache_key", "compiled_for", "content_key", "decode_compiled",
           "decode_facts", "encode_compiled", "encode_facts", "entry_paths", "facts_entry", "has_compiled", "prune", "read_entry",
           "usable_cache_dir", "write_entry", "write_entry_bytes"]

# Version 2: JSON with a shape check (version 1 was a pickle, which can run code when read).
_MAGIC = b"careergraph-compiled-2\n"
# Entry file names end with these; ``.pickle`` entries of version 1 are only pruned.
_SUFFIXES = (".compiled.json", ".facts.json", ".pickle")


class CacheDirError(BadInputError):
    """The cache directory may be written by someone else, so its entries cannot be trusted."""


def cache_dir() -> Path:
    override = os.environ.get("CAREERGRAPH_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("careergraph", appauthor=False))


def usable_cache_dir() -> Path | None:
    """The cache directory (made, private to the user, when missing), or None when there can be
    none (a file is in the way, or it cannot be made): then nothing is cached.

    Raises
    ------
    CacheDirError
        The directory is writable by group or others, or is not the user's own: anyone who can
        write it could plant entries.
    """
    path = cache_dir()
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = path.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(found.st_mode):
        return None
    if hasattr(os, "getuid") and found.st_uid != os.getuid():
        raise CacheDirError(f"cache directory {path} belongs to another user: refused "
                            "(set CAREERGRAPH_CACHE_DIR to a directory of your own, or pass --no-cache)")
    if found.st_mode & 0o022:
        raise CacheDirError(f"cache directory {path} is writable by group or others: refused "
                            f"(chmod go-w {path}, or pass --no-cache)")
    return path


def cache_key(files, source_key: str | None = None) -> str:
    """SHA-256 over the package's code, the Python version and each input file's content, in order
    (or ``source_key``, the fingerprint of an endpoint's data).

    The code is part of the key because it decides what is compiled: an entry written by another
    version of careergraph is never read."""
    source_key = source_key if source_key is not None else content_key(files)
    return hashlib.sha256(f"{sys.version_info[:2]}|{source_key}|{_code_key()}".encode()).hexdigest()


@functools.cache
def _code_key() -> str:
    """SHA-256 over the package's modules (read once a process)."""
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def content_key(files) -> str:
    """SHA-256 over the content of each input file (and its type), in order."""
    digest = hashlib.sha256()
    known = _read_content_hashes()
    changed = False
    for path in files:
        path = Path(path).resolve()
        try:
            stat = path.stat()
            stamp = [stat.st_size, stat.st_mtime_ns]
            entry = known.get(str(path))
            if entry and entry[:2] == stamp:
                content_hash = entry[2]
            else:
                content_hash = hashlib.sha256(path.read_bytes()).hexdigest()
                # like git, trust a file's size and time only once it is older than the clock's grain
                if time.time_ns() - stat.st_mtime_ns > 2 * 10**9:
                    known[str(path)] = [*stamp, content_hash]
                    changed = True
        except OSError as exc:
            raise GraphLoadError(f"{path}: cannot read: {exc.strerror}") from None
        digest.update(path.suffix.encode() + b"\0" + content_hash.encode())
    if changed:
        _write_content_hashes(known)
    return digest.hexdigest()


def _content_hashes_path() -> Path:
    return cache_dir() / "content-hashes.json"


def _read_content_hashes() -> dict:
    """Content hashes of large input files by path, with the size and time they were taken at."""
    try:
        known = json.loads(_content_hashes_path().read_text())
    except (OSError, ValueError):
        return {}
    fine = type(known) is dict and all(
        type(v) is list and len(v) == 3 and type(v[0]) is int and type(v[1]) is int and type(v[2]) is str
        for v in known.values())
    return known if fine else {}


def _write_content_hashes(known: dict) -> None:
    write_entry_bytes(_content_hashes_path(), json.dumps(known).encode())


def entry_paths(key: str) -> tuple[Path, Path]:
    """The cache entries of ``key`` (see :func:`cache_key`): look-up and route data, and the facts."""
    return cache_dir() / f"{key}.compiled.json", cache_dir() / f"{key}.facts.json"


def facts_entry(fingerprint: str) -> Path:
    """The facts entry of the triples whose store has ``fingerprint``."""
    return entry_paths(cache_key((), fingerprint))[1]


def read_entry(path: Path, decode):
    """The data of an entry, decoded by ``decode`` (:func:`decode_compiled` or :func:`decode_facts`),
    or None when it is missing, corrupt or of the wrong shape."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + 32
    if not blob.startswith(_MAGIC) or hashlib.sha256(blob[header:]).digest() != blob[len(_MAGIC):header]:
        return None
    try:
        return decode(json.loads(blob[header:]))
    except (ValueError, LookupError, TypeError, RecursionError):  # not JSON, or not the shape decode expects
        return None


def write_entry(path: Path, plain) -> None:
    """Write an entry (the JSON-ready ``plain`` of :func:`encode_compiled` or :func:`encode_facts`)
    atomically; a cache that cannot be written is only skipped."""
    # ASCII with escapes: a label may hold a lone surrogate, which UTF-8 cannot encode
    payload = json.dumps(plain, separators=(",", ":")).encode()
    write_entry_bytes(path, _MAGIC + hashlib.sha256(payload).digest() + payload)


def write_entry_bytes(path: Path, blob: bytes) -> None:
    """Write ``blob`` to ``path`` through a temporary file and a rename, ignoring OS errors."""
    temporary = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        os.replace(temporary, path)
    except OSError:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


# Entries not used for this long are removed when a new one is written.
MAX_AGE_SECONDS = 30 * 24 * 3600


def prune(now: float | None = None) -> None:
    """Remove cache entries (and Oxigraph stores) not modified or read for :data:`MAX_AGE_SECONDS`."""
    import shutil

    now = time.time() if now is None else now
    try:
        entries = list(cache_dir().iterdir())
    except OSError:
        return
    for entry in entries:
        if not (entry.name.endswith(_SUFFIXES) or entry.name.startswith(CACHE_DIRECTORY_PREFIX)):
            continue
        try:
            stat = entry.stat()
            if now - max(stat.st_mtime, stat.st_atime) > MAX_AGE_SECONDS:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        except OSError:
            continue


def compiled_for(store: Store) -> tuple[Compiled, bool]:
    """The compiled data of ``store`` and whether it was read from the cache: read from its entry,
    else compiled now and written there (then old entries are pruned)."""
    entry = entry_paths(cache_key((), store.fingerprint()))[0]
    data = read_entry(entry, decode_compiled)
    if data is not None:
        return data, True
    data = compile_graph(store)
    write_entry(entry, encode_compiled(data))
    prune()
    return data, False


def has_compiled(store: Store) -> bool:
    """Whether the compiled entry of ``store`` exists (it may still be unreadable)."""
    return entry_paths(cache_key((), store.fingerprint()))[0].exists()
