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


def cache_key(files) -> str:
    """SHA-256 over the package's code, the Python version and each input file's content, in order.

    The code is part of the key because it decides what is compiled: an entry written by another
    version of careergraph is never read."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    for path in files:
        try:
            content = Path(path).read_bytes()
        except OSError as exc:
            raise GraphLoadError(f"{path}: cannot read: {exc.strerror}") from None
        digest.update(Path(path).suffix.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def entry_paths(files) -> tuple[Path, Path]:
    """The cache entries of ``files``: look-up and route data, and the facts."""
    key = cache_key(files)
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


class CachedGraph(KnowledgeGraph):
    """A graph whose look-up and route data came from the cache; its facts are read on demand."""

    def __init__(self, files, compiled: dict, facts_entry: Path, store: str):
        super().__init__(files, store=store)
        self.__dict__.update(compiled)
        self.facts_entry = facts_entry

    def _read_cached_facts(self):
        return read_entry(self.facts_entry)

    @cached_property
    def facts(self):
        facts = super().facts
        if not self.facts_entry.exists():
            write_entry(self.facts_entry, facts)
        return facts


def load(files, store: str = "memory") -> KnowledgeGraph:
    """The graph of ``files``, from the cache when an entry matches, else compiled and stored.

    A route needs only the small entry; ``show``, ``search`` and the like also read the facts entry.
    """
    compiled_entry, facts_entry = entry_paths(files)
    compiled = read_entry(compiled_entry)
    if compiled is not None:
        kg = CachedGraph(files, compiled, facts_entry, store)
        kg.cache_hit = True
        return kg
    kg = KnowledgeGraph(files, store=store)
    write_entry(compiled_entry, kg.compiled())
    if "facts" in kg.__dict__:  # with Oxigraph they are read when first needed, then cached
        write_entry(facts_entry, kg.facts)
    kg.cache_hit = False
    return kg
