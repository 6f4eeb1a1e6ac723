"""The compiled cache: look-up data and the route projection, reused while no input file changes.

Entries live in the user's cache directory (``CAREERGRAPH_CACHE_DIR`` overrides it), one file per
set of inputs, named by a SHA-256 over the package version and the content of every input file.
An entry is written to a temporary file and renamed into place, so two processes at once never see
a half-written entry; it carries a checksum of its payload and is ignored (then rebuilt) when it does
not match. Reading an entry needs neither rdflib nor the Turtle files.

An entry holds data, never code: JSON, written and read by one encoder and one decoder per shape
(look-up data, projection, facts), and every value is checked to have its shape before use, so an
entry of the wrong shape is a miss like a corrupt one. The directory itself must be the user's own
and writable by no one else (see :func:`usable_cache_dir`): whoever can write it decides what
careergraph answers.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import tempfile
import time
from dataclasses import fields
from functools import cached_property
from itertools import chain
from pathlib import Path

from .errors import BadInputError, GraphLoadError
from .facts import Facts, Lit
from .graph import KnowledgeGraph
from .projection import Projection

__all__ = ["MAX_AGE_SECONDS", "cache_dir", "cache_key", "CachedGraph", "CacheDirError", "content_key",
           "decode_compiled", "decode_facts", "encode_compiled", "encode_facts", "entry_paths", "load",
           "prune", "read_entry", "usable_cache_dir", "write_entry", "write_entry_bytes"]

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


# ------------------------------------------------------------ entry formats

class _WrongShape(ValueError):
    """A decoded value is not of the shape its entry stores."""


# The checks below use map, set and chain, which loop in C: checking every value of a large entry
# costs a few milliseconds, not tens.

def _only(types: set, values) -> None:
    if not set(map(type, values)) <= types:
        raise _WrongShape


def _mapping(value) -> dict:
    _only({dict}, [value])  # JSON object keys are always strings
    return value


def _list(value) -> list:
    _only({list}, [value])
    return value


def _strings(value) -> list[str]:
    _only({str}, _list(value))
    return value


def _tuples(value, types: set, length: int | None = None) -> dict[str, tuple]:
    """A mapping of lists of ``types`` (of ``length`` each, if given), the lists made tuples."""
    lists = _mapping(value).values()
    _only({list}, lists)
    _only(types, chain.from_iterable(lists))
    if length is not None and not set(map(len, lists)) <= {length}:
        raise _WrongShape
    return dict(zip(value, map(tuple, lists)))


def encode_compiled(data: dict) -> dict:
    """The JSON form of :meth:`KnowledgeGraph.compiled` data: tuples and sets become lists, and
    the labels are listed in the order of ``kinds`` (the same nodes)."""
    projection = data["projection"]
    return {
        "kinds": data["kinds"],
        "kind_ancestors": {kind: sorted(kinds) for kind, kinds in data["kind_ancestors"].items()},
        "labels": [data["labels"][node] for node in data["kinds"]],
        "_name_index": data["_name_index"],
        "projection": {field.name: getattr(projection, field.name) for field in fields(projection)},
        "calendar": data["calendar"],
        "profiles": data["profiles"],
    }


def decode_compiled(plain) -> dict:
    """The compiled data of :func:`encode_compiled`'s form; raises ValueError (or LookupError,
    TypeError) when any part of ``plain`` is not of its shape."""
    plain = _mapping(plain)
    kinds = _mapping(plain["kinds"])
    _only({str}, kinds.values())
    labels = _strings(plain["labels"])
    tiers = _list(plain["_name_index"])
    stored = _mapping(plain["projection"])
    succ = _mapping(stored["succ"])
    _only({dict}, succ.values())
    _only({bool}, chain.from_iterable(successors.values() for successors in succ.values()))
    one_of = _tuples(stored["one_of"], {list})
    _only({list}, chain.from_iterable(one_of.values()))
    _only({str}, chain.from_iterable(chain.from_iterable(one_of.values())))
    if len(labels) != len(kinds):
        raise _WrongShape
    projection = Projection(
        succ=succ,
        years=_tuples(stored["years"], {int, float}, 2),
        requires=_tuples(stored["requires"], {str}),
        one_of={node: tuple(map(tuple, groups)) for node, groups in one_of.items()},
        awards=_tuples(stored["awards"], {str}),
        awarded_by=_tuples(stored["awarded_by"], {str}),
        info=_tuples(stored["info"], {str}, 3),
        timing=_timing(stored["timing"]),
        typical=_tuples(stored["typical"], {str}),
    )
    return {
        "kinds": kinds,
        "kind_ancestors": {kind: frozenset(members) for kind, members in _tuples(plain["kind_ancestors"], {str}).items()},
        "labels": dict(zip(kinds, labels)),
        "_name_index": [_tuples(tier, {str}) for tier in tiers],
        "projection": projection,
        "calendar": _calendar(plain["calendar"]),
        "profiles": _profiles(plain["profiles"]),
    }


def _timing(value) -> dict:
    """Projection timings: step id -> (anchors, from year, to year, label)."""
    timing = {}
    for node, entry in _mapping(value).items():
        anchors, low, high, label = _list(entry)
        _only({int, float}, [low, high])
        _only({str}, [label])
        timing[node] = (tuple(_strings(anchors)), low, high, label)
    return timing


# a calendar event: label, month, day, end month, end day, year offset, end year offset, anchor, marks start
_EVENT_TYPES: tuple[set[type], ...] = ({str}, {int}, {int, type(None)}, {int, type(None)}, {int, type(None)}, {int},
                {int, type(None)}, {str}, {bool})
# what a salary figure holds (see KnowledgeGraph.salaries): numbers or text, each possibly missing
_SALARY_TYPES = {int, float, str, type(None)}


def _calendar(value) -> dict:
    """The compiled calendar (see :func:`careergraph.planning.read_calendar`), events as tuples."""
    calendar = {}
    for node, entry in _mapping(value).items():
        events = _list(_mapping(entry)["events"])
        _only({list}, events)
        for event in events:
            if len(event) != len(_EVENT_TYPES) or not all(type(v) in t for v, t in zip(event, _EVENT_TYPES)):
                raise _WrongShape
        calendar[node] = {"events": [tuple(event) for event in events], "sources": _strings(entry["sources"])}
    return calendar


def _profiles(value) -> dict:
    """The compiled comparison fields (see :func:`careergraph.compare.read_profiles`)."""
    for entry in _mapping(value).values():
        _strings(_mapping(entry)["boards"])
        _strings(entry["care_type"])
        _only({str, type(None)}, [entry["career_category"]])
        salaries = _list(entry["salary"])
        _only({dict}, salaries)
        _only(_SALARY_TYPES, chain.from_iterable(s.values() for s in salaries))
    return value


def encode_facts(facts: Facts) -> dict:
    """The JSON form of ``facts``: each distinct term once (an IRI or blank node as a string, a
    literal as ``[value, lang, datatype]``), and per subject ``[subject, predicate, [objects],
    predicate, [objects], ...]`` by term number; the reverse indexes are rebuilt when read."""
    numbers: dict = {}

    def number(term) -> int:
        found = numbers.get(term)
        if found is None:
            found = numbers[term] = len(numbers)
        return found

    subjects = []
    for subject, predicates in facts.by_subject.items():
        entry: list = [number(subject)]
        for predicate, objects in predicates.items():
            entry += (number(predicate), [number(o) for o in objects])
        subjects.append(entry)
    terms = [term if type(term) is str else list(term) for term in numbers]
    return {"terms": terms, "subjects": subjects}


def decode_facts(plain) -> Facts:
    """The Facts of :func:`encode_facts`'s form; raises ValueError (or LookupError, TypeError)
    when any part of ``plain`` is not of its shape."""
    plain = _mapping(plain)
    terms = _list(plain["terms"])
    literals = [t for t in terms if type(t) is not str]
    _only({list}, literals)
    _only({str, type(None)}, chain.from_iterable(literals))
    if not set(map(len, literals)) <= {3} or not set(map(type, (t[0] for t in literals))) <= {str}:
        raise _WrongShape
    terms = [t if type(t) is str else Lit(*t) for t in terms]
    facts = Facts()
    by_subject, reverse = facts.by_subject, facts.reverse
    # Term numbers are checked by indexing: anything but an int (or a list of them where objects
    # are listed) raises TypeError or IndexError, a miss; a negative one still names a term.
    for entry in _list(plain["subjects"]):
        subject = terms[entry[0]]
        predicates = by_subject[subject] = {}
        for at in range(1, len(entry), 2):
            predicate = terms[entry[at]]
            objects = predicates[predicate] = [terms[o] for o in entry[at + 1]]
            if predicate in reverse:
                index = reverse[predicate]
                for o in objects:
                    index.setdefault(o, []).append(subject)
    # subjects and predicates are never literals
    _only({str}, by_subject)
    _only({str}, chain.from_iterable(by_subject.values()))
    facts.triples = sum(map(len, chain.from_iterable(p.values() for p in by_subject.values())))
    return facts


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
        if not (entry.name.endswith(_SUFFIXES) or entry.name.startswith("oxigraph-")):
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
        data = read_entry(self.compiled_entry, decode_compiled)
        self._hit = data is not None
        if data is None:
            plain = self.uncached()
            if self.store == "oxigraph":
                plain.oxigraph = self.oxigraph  # compiled from the store kept on disk
            data = plain.compiled()
            write_entry(self.compiled_entry, encode_compiled(data))
            prune()
            for parsed in ("graph", "oxigraph", "facts", "core_facts"):  # reuse what compiling read
                if parsed in plain.__dict__:
                    self.__dict__.setdefault(parsed, plain.__dict__[parsed])
            if "facts" in plain.__dict__:  # written even over an entry that exists: it may be unreadable
                write_entry(self.facts_entry, encode_facts(plain.facts))
        return data

    @property
    def cache_hit(self) -> bool:
        """Whether the compiled entry was read from the cache (rather than compiled now)."""
        self.compiled_data
        return self._hit

    @cached_property
    def oxigraph(self):
        """The Oxigraph store of the files, kept in the cache directory (see :mod:`careergraph.oxistore`)."""
        from .oxistore import OxigraphStore

        return OxigraphStore(self.files, usable_cache_dir())

    def _read_cached_facts(self):
        cached = read_entry(self.facts_entry, decode_facts)
        self._facts_hit = cached is not None
        return cached

    @cached_property
    def facts(self):
        self._facts_hit = False
        facts = super().facts
        if not self._facts_hit:
            write_entry(self.facts_entry, encode_facts(facts))
        return facts


for _name in KnowledgeGraph.COMPILED:
    setattr(CachedGraph, _name, _from_compiled(_name))
    getattr(CachedGraph, _name).__set_name__(CachedGraph, _name)


def load(files, store: str = "memory", endpoint=None, remote_contexts: bool = False) -> KnowledgeGraph:
    """The graph of ``files`` (or of ``endpoint``), backed by the cache (see :class:`CachedGraph`).

    Without an entry the files are compiled now, so that a malformed file is reported at once.
    Without a usable cache directory (see :func:`usable_cache_dir`) nothing is cached.
    """
    if usable_cache_dir() is None:
        return KnowledgeGraph(files, store=store, endpoint=endpoint, remote_contexts=remote_contexts)
    kg = CachedGraph(files, store=store, endpoint=endpoint, remote_contexts=remote_contexts)
    if endpoint is None and not kg.compiled_entry.exists():
        kg.compiled_data
    return kg
