"""The compiled cache: hit, miss after an edit, corrupt entries, two processes at once."""

import os
import subprocess
import sys

import pytest

import careergraph
from careergraph import cache

from .conftest import MINI, ONTOLOGY


def files_in(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(MINI.read_text() + f"# {tmp_path}\n")  # content of its own, so a key of its own
    return [ONTOLOGY, mine]


def test_hit_reuses_the_compiled_graph_without_parsing(tmp_path):
    files = files_in(tmp_path)
    first = careergraph.load(files, bundled=False)
    assert first.cache_hit is False
    second = careergraph.load(files, bundled=False)
    assert second.cache_hit is True
    assert "graph" not in second.store.__dict__  # the Turtle was not parsed again
    assert "all_facts" not in second.store.__dict__  # a route needs only the small entry
    assert [s.id for s in second.route("student", "specialist").steps] == \
        [s.id for s in first.route("student", "specialist").steps]
    assert second.record("fellowship") == first.record("fellowship")
    assert "graph" not in second.store.__dict__ and "all_facts" in second.store.__dict__


def test_edit_of_an_input_file_is_a_miss(tmp_path):
    files = files_in(tmp_path)
    careergraph.load(files, bundled=False)
    files[1].write_text(files[1].read_text().replace('"Fellowship"@en', '"Renamed fellowship"@en'))
    again = careergraph.load(files, bundled=False)
    assert again.cache_hit is False
    assert again.node("fellowship").label == "Renamed fellowship"


def test_corrupt_entry_is_ignored_and_rebuilt(tmp_path):
    files = files_in(tmp_path)
    careergraph.load(files, bundled=False)
    entry = cache.entry_paths(cache.cache_key(files))[0]
    blob = bytearray(entry.read_bytes())
    blob[-10] ^= 0xFF
    entry.write_bytes(bytes(blob))
    rebuilt = careergraph.load(files, bundled=False)
    assert rebuilt.cache_hit is False
    assert rebuilt.node("school").id == "school"
    assert cache.read_entry(entry, cache.decode_compiled) is not None
    entry.write_bytes(b"not a cache entry")
    assert careergraph.load(files, bundled=False).cache_hit is False


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERGRAPH_CACHE_DIR", str(tmp_path / "fresh"))
    kg = careergraph.load(files_in(tmp_path), bundled=False, cache=False)
    assert kg.node("school").id == "school"
    assert not (tmp_path / "fresh").exists()


@pytest.mark.slow
def test_two_processes_at_once(tmp_path):
    env = {**os.environ, "CAREERGRAPH_CACHE_DIR": str(tmp_path / "shared")}
    command = [sys.executable, "-m", "careergraph", "route", "medical school", "pediatric cardiology",
               "--format", "json"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert outputs[0][0] == outputs[1][0]
    compiled, facts = ((tmp_path / "shared").glob(f"*.{kind}.json") for kind in ("compiled", "facts"))
    compiled, facts = list(compiled), list(facts)
    assert len(compiled) == len(facts) == 1
    assert cache.read_entry(compiled[0], cache.decode_compiled) is not None
    assert cache.read_entry(facts[0], cache.decode_facts) is not None
    assert not list((tmp_path / "shared").glob(".tmp-*"))
    third = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert third.returncode == 0 and third.stdout == outputs[0][0]


def test_content_hash_memo_follows_size_and_time(tmp_path):
    path = tmp_path / "old.ttl"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n")
    os.utime(path, ns=(10**18, 10**18))  # old enough for its size and time to be trusted
    first = cache.cache_key([path])
    assert cache.cache_key([path]) == first
    path.write_text("<urn:a> <urn:b> <urn:d> .\n")  # same size, new content
    os.utime(path, ns=(10**18 + 5, 10**18 + 5))
    assert cache.cache_key([path]) != first


def test_old_entries_are_pruned_when_a_new_one_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir(mode=0o700)
    stale, legacy, recent, other = (tmp_path / "cache" / name for name in
                                    ("old.compiled.json", "old.pickle", "new.facts.json", "notes.txt"))
    for path in (stale, legacy, recent, other):
        path.write_bytes(b"x")
    long_ago = 10**9  # 2001
    for path in (stale, legacy, other):
        os.utime(path, (long_ago, long_ago))
    careergraph.load(files_in(tmp_path), bundled=False)
    assert not stale.exists() and not legacy.exists()
    assert recent.exists() and other.exists()  # only cache entries, and only old ones
