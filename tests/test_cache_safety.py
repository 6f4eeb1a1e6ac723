"""The compiled cache holds data, never code: planted entries are not run, entries of the wrong
shape are rebuilt, a directory others can write is refused, and one that cannot be used (read-only,
or a file in its place) only means nothing is cached."""

import contextlib
import hashlib
import json
import os
import pickle
import shutil
import subprocess
from pathlib import Path

import pytest

import careergraph
from careergraph import cache

from .test_cache import files_in

pytestmark = pytest.mark.slow  # each case runs careergraph in a subprocess


class _Planted:
    """Unpickling this creates ``marker``: what a planted pickle could do, harmlessly."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return Path.touch, (Path(self.marker),)


def plant(path: Path, payload: bytes) -> None:
    """Write ``payload`` as an entry with a valid header and checksum, as anyone able to write the
    cache directory could."""
    path.write_bytes(cache._MAGIC + hashlib.sha256(payload).digest() + payload)


def test_a_planted_pickle_is_not_run_and_the_entry_is_rebuilt(tmp_path):
    files = files_in(tmp_path)
    compiled, facts = cache.entry_paths(cache.cache_key(files))
    compiled.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    marker = tmp_path / "ran"
    for entry in (compiled, facts):
        plant(entry, pickle.dumps(_Planted(marker)))
    kg = careergraph.load(files, bundled=False)
    assert [s.id for s in kg.route("student", "specialist").steps][-1] == "specialist"
    assert kg.record("fellowship")["label"] == "Fellowship"
    assert kg.cache_hit is False
    assert not marker.exists()
    # both entries were rewritten as data that reads back
    assert cache.read_entry(compiled, cache.decode_compiled).labels
    assert cache.read_entry(facts, cache.decode_facts).triples > 0


def test_an_entry_nested_too_deep_to_read_is_rebuilt(tmp_path):
    files = files_in(tmp_path)
    careergraph.load(files, bundled=False)
    entry = cache.entry_paths(cache.cache_key(files))[0]
    plant(entry, b"[" * 100_000 + b"]" * 100_000)
    again = careergraph.load(files, bundled=False)
    assert [s.id for s in again.route("student", "specialist").steps][-1] == "specialist"
    assert again.cache_hit is False


def _entry_json(path: Path):
    return json.loads(path.read_bytes()[len(cache._MAGIC) + 32:])


def _first(mapping: dict):
    return next(iter(mapping))


# Each breaks one part of a valid entry's JSON in place.
COMPILED_DAMAGE = {
    "missing key": lambda e: e.pop("labels"),
    "list for a mapping": lambda e: e.update(kinds=list(e["kinds"])),
    "mapping for a list": lambda e: e.update(name_index=dict(enumerate(e["name_index"]))),
    "object for a string": lambda e: e["kinds"].update({_first(e["kinds"]): {"kind": "fellowship"}}),
    "string for years": lambda e: e["projection"]["years"].update({_first(e["projection"]["years"]): "3"}),
    "list for a successor map": lambda e: e["projection"]["succ"].update(
        {_first(e["projection"]["succ"]): ["specialist"]}),
    "short node info": lambda e: e["projection"]["info"].update({_first(e["projection"]["info"]): ["x", "y"]}),
    "number among ids": lambda e: e["projection"]["one_of"].update({"specialist": [["school", 1]]}),
    "projection not an object": lambda e: e.update(projection=[1, 2, 3]),
}
FACTS_DAMAGE = {
    "missing key": lambda e: e.pop("subjects"),
    "literal of numbers": lambda e: e["terms"].append([1, None, None]),
    "literal as subject": lambda e: (e["terms"].append(["x", None, None]),
                                     e["subjects"][0].__setitem__(0, len(e["terms"]) - 1)),
    "term number out of range": lambda e: e["subjects"][0][2].append(10**6),
    "mapping for the subjects": lambda e: e.update(subjects={"a": 1}),
    "string for an object list": lambda e: e["subjects"][0].__setitem__(2, "x"),
}


@pytest.mark.parametrize("damage", COMPILED_DAMAGE, ids=list(COMPILED_DAMAGE))
def test_a_compiled_entry_of_the_wrong_shape_is_rebuilt(tmp_path, damage):
    files = files_in(tmp_path)
    careergraph.load(files, bundled=False)
    entry = cache.entry_paths(cache.cache_key(files))[0]
    plain = _entry_json(entry)
    COMPILED_DAMAGE[damage](plain)
    plant(entry, json.dumps(plain).encode())
    again = careergraph.load(files, bundled=False)
    assert [s.id for s in again.route("student", "specialist").steps][-1] == "specialist"
    assert again.cache_hit is False
    assert cache.read_entry(entry, cache.decode_compiled) is not None


@pytest.mark.parametrize("damage", FACTS_DAMAGE, ids=list(FACTS_DAMAGE))
def test_a_facts_entry_of_the_wrong_shape_is_rebuilt(tmp_path, damage):
    files = files_in(tmp_path)
    expected = careergraph.load(files, bundled=False).record("fellowship")
    entry = cache.entry_paths(cache.cache_key(files))[1]
    plain = _entry_json(entry)
    FACTS_DAMAGE[damage](plain)
    plant(entry, json.dumps(plain).encode())
    assert careergraph.load(files, bundled=False).record("fellowship") == expected
    assert cache.read_entry(entry, cache.decode_facts) is not None


def test_content_hashes_of_the_wrong_shape_are_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir(mode=0o700)
    path = tmp_path / "old.ttl"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n")
    (tmp_path / "cache" / "content-hashes.json").write_text(json.dumps({str(path.resolve()): 3}))
    assert cache.content_key([path]) == cache.content_key([path])


# ------------------------------------------------------------------ the directory

def route_in(run, *options):
    return run(*options, "route", "medical school", "interventional cardiologist", "--format", "json")


@pytest.fixture
def cache_at(monkeypatch, tmp_path):
    """Points the cache at ``tmp_path/name`` (not made); returns its path."""

    def point(name="cache"):
        path = tmp_path / name
        monkeypatch.setenv("CAREERGRAPH_CACHE_DIR", str(path))
        return path

    return point


def test_a_cache_directory_others_can_write_is_refused(run, cache_at):
    directory = cache_at()
    assert route_in(run).exit_code == 0
    directory.chmod(0o770)
    refused = route_in(run)
    assert refused.exit_code == 2
    assert refused.stderr == (f"Error: cache directory {directory} is writable by group or others: refused "
                              f"(chmod go-w {directory}, or pass --no-cache)\n")
    assert refused.stdout == ""
    directory.chmod(0o707)
    assert route_in(run).exit_code == 2
    for store in ("memory", "oxigraph"):  # --no-cache leaves the directory alone
        fresh = route_in(run, "--no-cache", "--store", store)
        assert fresh.exit_code == 0 and json.loads(fresh.stdout)["to"]["id"] == "interventional-cardiologist"
    assert not [path for path in directory.iterdir() if path.name.startswith("oxigraph-")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a directory away")
def test_a_cache_directory_of_another_user_is_refused(run, cache_at):
    directory = cache_at()
    directory.mkdir(mode=0o700)
    os.chown(directory, 65534, 65534)
    refused = route_in(run)
    assert refused.exit_code == 2 and "belongs to another user: refused" in refused.stderr
    assert route_in(run, "--no-cache").exit_code == 0


def test_the_cache_directory_is_made_private(run, cache_at):
    directory = cache_at("made/cache")
    old = os.umask(0o002)  # a common default: group-writable files
    try:
        assert route_in(run).exit_code == 0
    finally:
        os.umask(old)
    assert directory.stat().st_mode & 0o777 == 0o700


@contextlib.contextmanager
def read_only(directory: Path):
    """``directory`` made read-only: by its mode, or for root (whom modes do not stop) immutable."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(directory)]).returncode:
            pytest.skip("running as root without chattr +i: a read-only directory cannot be made")
        undo = ["chattr", "-i", str(directory)]
    else:
        directory.chmod(0o500)
        undo = ["chmod", "700", str(directory)]
    try:
        with pytest.raises(OSError):
            (directory / "probe").write_text("x")
        yield
    finally:
        subprocess.run(undo, check=True)


COMMANDS = [
    ("route", "medical school", "interventional cardiologist"),
    ("show", "cardiologist"),
    ("stats",),
    ("query", "-e", "ASK { cg:md-program a cg:Education }"),
]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("filled", [False, True], ids=["empty", "with entries"])
def test_a_read_only_cache_directory_still_answers(run, cache_at, store, filled):
    directory = cache_at()
    directory.mkdir(mode=0o700)
    if filled:
        for command in COMMANDS:
            assert run("--store", store, *command).exit_code == 0
    expected = [run("--no-cache", *command).stdout for command in COMMANDS]
    with read_only(directory):
        for command, answer in zip(COMMANDS, expected):
            result = run("--store", store, *command)
            assert (result.exit_code, result.stderr) == (0, ""), command
            assert result.stdout == answer


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_file_in_place_of_the_cache_directory_means_no_cache(run, cache_at, store):
    path = cache_at()
    path.write_text("not a directory")
    expected = [run("--no-cache", *command).stdout for command in COMMANDS]
    for command, answer in zip(COMMANDS, expected):
        result = run("--store", store, *command)
        assert (result.exit_code, result.stderr) == (0, ""), command
        assert result.stdout == answer
    assert path.read_text() == "not a directory"


def test_an_entry_reads_back_as_the_data_it_was_written_from():
    # every part of the compiled data must survive the JSON form: a part the encoder leaves out
    # would make cached answers differ from fresh ones (routes without their timeline)
    import json

    import careergraph
    from careergraph import cache

    data = careergraph.load(cache=False).compiled()
    assert cache.decode_compiled(json.loads(json.dumps(cache.encode_compiled(data)))) == data
