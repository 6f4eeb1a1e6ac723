"""Property-based tests: whatever a user passes or puts in a file, the command line ends with a
documented exit code (0, 1 or 2) and, on failure, one line on stderr; never a traceback.

Examples are derandomized (the same on every run and in CI) and bounded; set
``CAREERGRAPH_HYPOTHESIS_PROFILE=thorough`` to search many more, at random.
"""

from __future__ import annotations

import os
import traceback

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careergraph import stores
from careergraph.cli import cli
from careergraph.sparql import bundled_queries

from .conftest import MINI, ONTOLOGY

pytestmark = pytest.mark.slow  # many generated command lines and files

settings.register_profile("careergraph", max_examples=25, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("CAREERGRAPH_HYPOTHESIS_PROFILE", "careergraph"))


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_clean_exit(result, args):
    """Exit 0, 1 or 2; on failure one error line on stderr; no exception but click's SystemExit.

    A usage error (a malformed ``--param``) is click's: the usage and a hint, then its one error line.
    """
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args!r} raised:\n"
                             + "".join(traceback.format_exception(*result.exc_info)))
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    if result.exit_code != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        if lines and lines[0].startswith("Usage: ") and result.exit_code == 2:
            lines = [line for line in lines[1:] if not line.startswith("Try ")]
        assert len(lines) == 1, (args, result.stderr)
    assert "Traceback" not in result.stderr, (args, result.stderr)


# ------------------------------------------------------------------ damaged graph files

# pieces of Turtle and JSON-LD syntax, escapes and odd numbers, to insert
TOKENS = [b'"', b"'", b"<", b">", b"\\", b"\\u", b"\\uD800", b"\\U0010FFFF", b"@prefix", b"@base", b";", b".",
          b",", b"[", b"]", b"(", b")", b"{", b"}", b"#", b"\n", b"\x00", b"\xff\xfe", b"\xed\xa0\x80", b"_:b0",
          b"^^", b"@en", b"cg:", b"a", b"1e309", b"NaN", b"-0", b'"""', b'"@id"', b'"@context"', b'"@list"',
          b'"@value"', b'"@type"', b"true", b"null", b":"]
# inserted into a literal or after a length: text and numbers that output must render safely
ODD_VALUES = [b"\\uD800", b"\\uDC00x", b"\\u001B[2J", b"\\u202E", b"\\u0085", b"=HYPERLINK(1)", b"+1", b"@x", b"-",
          b"1e309 , ", b'"NaN"^^<http://www.w3.org/2001/XMLSchema#double> , ', b"1" + b"0" * 400 + b" , "]
# where an insertion lands in a literal or a length, so that the file still parses
ANCHORS = (b'"', b"Years ")


def anchors(data: bytes) -> list[int]:
    found = []
    for mark in ANCHORS:
        at = data.find(mark)
        while at != -1:
            found.append(at + len(mark))
            at = data.find(mark, at + 1)
    return found


DAMAGE = ("flip", "truncate", "insert", "delete")


@st.composite
def mutations(draw, base: bytes, kinds=DAMAGE) -> bytes:
    """``base`` after one to four changes of ``kinds``: byte flips, truncations, insertions or
    deletions (damage), or odd values put into literals and lengths (the file still parses)."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(kinds))
        places = anchors(bytes(data)) if kind == "odd value" else []
        at = draw(st.sampled_from(places) if places else st.integers(0, len(data)))
        if kind == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=6))
        elif kind == "odd value":
            data[at:at] = draw(st.sampled_from(ODD_VALUES))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 40))]
    return bytes(data)


def mini_jsonld() -> bytes:
    from rdflib import Graph

    return Graph().parse(MINI).serialize(format="json-ld", indent=1).encode("utf-8")


# what a user does with their file; names are those of the mini graph
GRAPH_COMMANDS = [["stats"], ["list"], ["list", "--format", "json"], ["list", "--format", "csv"],
                  ["show", "school"], ["search", "e", "--format", "csv"], ["route", "student", "specialist"],
                  ["requires", "specialist", "--format", "json"], ["next", "school"]]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("mutations")


@pytest.fixture(scope="module")
def ontology_only():
    """The bundled data left out (only its ontology stays), so that each example parses in milliseconds;
    the user's file goes through the same reading and compiling as always."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stores, "bundled_files", lambda: [ONTOLOGY])
        yield


@given(data=mutations(MINI.read_bytes()))
def test_fmt_of_a_damaged_turtle_file(scratch, data):
    path = scratch / "fmt.ttl"
    path.write_bytes(data)
    result = invoke("fmt", "--check", path)
    assert_clean_exit(result, ["fmt", "--check", path])


@pytest.mark.parametrize("kinds", [DAMAGE, ("odd value",)], ids=["damaged", "odd values"])
@pytest.mark.parametrize("suffix, base", [(".ttl", MINI.read_bytes()), (".jsonld", mini_jsonld())])
def test_commands_on_a_changed_graph_file(scratch, ontology_only, suffix, base, kinds):
    @given(data=mutations(base, kinds), command=st.sampled_from(GRAPH_COMMANDS))
    def check(data, command):
        path = scratch / f"mine{suffix}"
        path.write_bytes(data)
        args = ["--graph", path, *command]
        assert_clean_exit(invoke(*args), args)

    check()


# ------------------------------------------------------------------ names, text and parameters

# names that exist in the bundled graph, so that routes are also searched, not only refused
KNOWN = ["medical school", "US MD student", "IMG", "cardiologist", "interventional cardiology",
         "internal medicine residency", "USMLE Step 1", "cg:md-program", "md-program", "pediatrics",
         "https://w3id.org/careergraph/md-program", "ECFMG certification", "medical license"]
ODD = ["\ud800", "\udcff", "\x00", "\x1b[2J", "\u202e", "\n", "*", "?", "%", "\\", "'", '"', "cg:", "<", ">"]
text = st.lists(st.one_of(st.characters(), st.sampled_from(ODD)), max_size=24).map("".join)
names = st.one_of(st.sampled_from(KNOWN), text, st.sampled_from(KNOWN).map(str.upper))


@given(command=st.sampled_from(["show", "requires", "next"]), name=names,
       fmt=st.sampled_from(["table", "json", "csv"]))
def test_any_name(command, name, fmt):
    args = [command, "--format", fmt, "--", name]
    assert_clean_exit(invoke(*args), args)


@given(source=names, target=names, via=st.lists(names, max_size=1), avoid=st.lists(names, max_size=1),
       have=st.lists(names, max_size=2), by=st.sampled_from(["years", "steps"]), k=st.integers(1, 3))
def test_any_route(source, target, via, avoid, have, by, k):
    options = [f"--via={n}" for n in via] + [f"--avoid={n}" for n in avoid] + [f"--have={n}" for n in have]
    args = ["route", "--by", by, "-k", k, *options, "--", source, target]
    assert_clean_exit(invoke(*args), args)


@given(search=text, kind=st.one_of(st.none(), st.sampled_from(["fellowship", "career", "exam"]), text),
       fmt=st.sampled_from(["table", "json", "csv"]))
def test_any_search_text(search, kind, fmt):
    args = ["search", "--format", fmt, *(["--type", kind] if kind is not None else []), "--", search]
    assert_clean_exit(invoke(*args), args)


QUERIES = sorted(bundled_queries())
PARAMETERS = sorted({p.name for q in bundled_queries().values() for p in q.parameters})


@given(query=st.sampled_from(QUERIES),
       params=st.lists(st.tuples(st.one_of(st.sampled_from(PARAMETERS), text),
                                 st.one_of(names, st.sampled_from(["http://example.org/x", "urn:x", "cg:abim",
                                                                   "http://a b>", "none", "1", "-3", ""]))),
                       max_size=2),
       fmt=st.sampled_from(["table", "json", "csv", "tsv", "xml"]))
def test_any_query_parameters(query, params, fmt):
    # Oxigraph answers a query in a few milliseconds once loaded (rdflib would parse the graph anew each time)
    args = ["--store", "oxigraph", "query", query, "--format", fmt, *[f"--param={k}={v}" for k, v in params]]
    assert_clean_exit(invoke(*args), args)
