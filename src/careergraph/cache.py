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
import json
import os
import pickle
import sys
import tempfile
import time
from functools import cached_property
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


def cache_key(files, source_key: str | None = None) -> str:
    """SHA-256 over the package's code, the Python version and each input file's content, in order
    (or ``source_key``, the fingerprint of an endpoint's data).

    The code is part of the key because it decides what is compiled: an entry written by another
    version of careergraph is never read."""
    source_key = source_key if source_key is not None else content_key(files)
    digest = hashlib.sha256(f"{sys.version_info[:2]}|{source_key}".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
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
        return json.loads(_content_hashes_path().read_text())
    except (OSError, ValueError):
        return {}


def _write_content_hashes(known: dict) -> None:
    write_entry_bytes(_content_hashes_path(), json.dumps(known).encode())


def entry_paths(key: str) -> tuple[Path, Path]:
    """The cache entries of ``key`` (see :func:`cache_key`): look-up and route data, and the facts."""
    return cache_dir() / f"{key}.pickle", cache_dir() / f"{key}.facts.pickle"


def read_entry(path: Path):
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


def write_entry(path: Path, data) -> None:
    """Write an entry atomically; a cache that cannot be written is only skipped."""
    payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    write_entry_bytes(path, _MAGIC + hashlib.sha256(payload).digest() + payload)


def write_entry_bytes(path: Path, blob: bytes) -> None:
    """Write ``blob`` to ``path`` through a temporary file and a rename, ignoring OS errors."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
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
        if not (entry.name.endswith(".pickle") or entry.name.startswith("oxigraph-")):
            continue
        try:
            stat = entry.stat()
            if now - max(stat.st_mtime, stat.st_atime) > MAX_AGE_SECONDS:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        except OSError:
            continue


def _from_compiled(name):
    """A property that takes ``name`` from the compiled entry (computing and storing it on a miss)."""

    def get(self):
        return self.compiled_data[name]

    return cached_property(get)


class CachedGraph(KnowledgeGraph):
    """A graph backed by the cache: its compiled entry is read when look-up or routes first need it,
    and its facts entry when ``show`` or ``search`` do. A command that needs neither (a SPARQL query
    on Oxigraph) reads nothing."""

    @cached_property
    def _entries(self) -> tuple[Path, Path]:
        # an endpoint's key is a query to the server: asked only when an entry is needed
        source_key = self.endpoint.fingerprint() if self.endpoint is not None else None
        return entry_paths(cache_key(self.files, source_key))

    @property
    def compiled_entry(self) -> Path:
        return self._entries[0]

    @property
    def facts_entry(self) -> Path:
        return self._entries[1]

    @cached_property
    def compiled_data(self) -> dict:
        data = read_entry(self.compiled_entry)
        self._hit = data is not None
        if data is None:
            plain = self.uncached()
            data = plain.compiled()
            write_entry(self.compiled_entry, data)
            prune()
            for parsed in ("graph", "oxigraph", "facts", "core_facts"):  # reuse what compiling read
                if parsed in plain.__dict__:
                    self.__dict__.setdefault(parsed, plain.__dict__[parsed])
            if "facts" in plain.__dict__ and not self.facts_entry.exists():
                write_entry(self.facts_entry, plain.facts)
        return data

    @property
    def cache_hit(self) -> bool:
        """Whether the compiled entry was read from the cache (rather than compiled now)."""
        self.compiled_data
        return self._hit

    def _read_cached_facts(self):
        return read_entry(self.facts_entry)

    @cached_property
    def facts(self):
        facts = super().facts
        if not self.facts_entry.exists():
            write_entry(self.facts_entry, facts)
        return facts


for _name in KnowledgeGraph.COMPILED:
    setattr(CachedGraph, _name, _from_compiled(_name))
    getattr(CachedGraph, _name).__set_name__(CachedGraph, _name)


def load(files, store: str = "memory", endpoint=None) -> KnowledgeGraph:
    """The graph of ``files`` (or of ``endpoint``), backed by the cache (see :class:`CachedGraph`).

    Without an entry the files are compiled now, so that a malformed file is reported at once.
    """
    kg = CachedGraph(files, store=store, endpoint=endpoint)
    if endpoint is None and not kg.compiled_entry.exists():
        kg.compiled_data
    return kg
