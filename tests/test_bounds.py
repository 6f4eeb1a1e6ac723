"""Hostile graphs: work stays polynomial and iterative, so answers come back instead of hangs or
RecursionError. The graphs are generated here; the commands run as a user runs them."""

import os
import subprocess
import sys

import pytest

import careergraph
from careergraph.htmlmap import map_data

pytestmark = pytest.mark.slow  # graphs of thousands of nodes, each command in a subprocess

HEAD = """@prefix cg: <https://w3id.org/careergraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
# A hang is a failure: no command here should come near this many seconds.
HANG = 180


def node(name, kind="Exam", extra=""):
    return f'cg:{name} a cg:{kind} ; skos:prefLabel "{name}"@en {extra}.\n'


def wide(count):
    """A career that requires ``count`` exams."""
    needs = ", ".join(f"cg:need-{i}" for i in range(count))
    return HEAD + "".join(node(f"need-{i}") for i in range(count)) + node("top", "Career", f"; cg:requires {needs} ")


def lattice(levels):
    """A career needing one of three exams, each needing one of the next three, ``levels`` deep."""
    def group(level):
        options = ", ".join(f"cg:l{level}-{k}" for k in range(3))
        return f"; cg:requiresOneOf [ a cg:Alternatives ; cg:option {options} ] "

    text = [HEAD, node("top", "Career", group(0))]
    for level in range(levels):
        text += [node(f"l{level}-{k}", "Exam", group(level + 1) if level + 1 < levels else "") for k in range(3)]
    return "".join(text)


def chain(length):
    """Exams each requiring the one before: ``length`` deep."""
    return HEAD + "".join(node(f"c{i}", "Exam", f"; cg:requires cg:c{i - 1} " if i else "") for i in range(length))


def careergraph_cli(*args):
    """Run the command in a new process, as a user does; a hang fails the test."""
    return subprocess.run([sys.executable, "-m", "careergraph", *map(str, args)], capture_output=True, text=True,
                          timeout=HANG, env=os.environ.copy())


def test_requires_of_a_node_with_ten_thousand_requirements(tmp_path):
    path = tmp_path / "wide.ttl"
    path.write_text(wide(10_000))
    result = careergraph_cli("--graph", path, "requires", "top", "--format", "json")
    assert result.returncode == 0, result.stderr
    import json

    steps = [s["id"] for s in json.loads(result.stdout)["steps"]]
    assert len(steps) == 10_001 and steps[-1] == "top" and set(steps[:-1]) == {f"need-{i}" for i in range(10_000)}
    shown = careergraph_cli("--graph", path, "show", "top", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    assert len(json.loads(shown.stdout)["requires"]) == 10_000
    # the map would be too big: refused with the limit named, before drawing anything
    drawn = careergraph_cli("--graph", path, "viz", "--focus", "top", "-o", tmp_path / "map.html")
    assert drawn.returncode == 2
    assert drawn.stderr.strip() == ("Error: the map would have 10001 nodes, more than the limit of 3000: narrow it "
                                    "with --focus NODE --depth N or --type KIND, or raise --max-nodes")
    assert not (tmp_path / "map.html").exists()


def test_requires_through_eighteen_levels_of_one_of_groups(tmp_path):
    path = tmp_path / "lattice.ttl"
    path.write_text(lattice(18))
    result = careergraph_cli("--graph", path, "requires", "top", "--format", "json")
    assert result.returncode == 0, result.stderr
    import json

    steps = json.loads(result.stdout)["steps"]
    # every option costs the same, so the first of each group is taken and the other two named
    assert [s["id"] for s in steps] == [f"l{level}-0" for level in reversed(range(18))] + ["top"]
    assert steps[0]["alternatives"] == ["l17-1", "l17-2"]
    assert steps[-2]["required_by"] == "top" and steps[-2]["alternatives"] == ["l0-1", "l0-2"]


def test_a_cheaper_option_is_chosen_deep_in_the_lattice(tmp_path):
    path = tmp_path / "lattice.ttl"
    # the last option of level 5 is the only one without a minimum length
    years = "".join(f"cg:l5-{k} cg:minYears 2 ; cg:maxYears 2 .\n" for k in range(2))
    path.write_text(lattice(12) + years)
    kg = careergraph.load([path])
    plan = [s.id for s in kg.requires("top").steps]
    assert "l5-2" in plan and "l5-0" not in plan and "l5-1" not in plan
    assert kg.requires("top").total_years == {"min": 0, "max": 0}


def test_a_prerequisite_chain_three_thousand_deep(tmp_path):
    path = tmp_path / "chain.ttl"
    path.write_text(chain(3000))
    kg = careergraph.load([path])
    assert [s.id for s in kg.requires("c2999").steps] == [f"c{i}" for i in range(3000)]
    assert [s.id for s in kg.requires("c2999", have=["c2990"]).steps] == [f"c{i}" for i in range(2991, 3000)]


def test_a_focused_map_stops_when_no_level_adds_a_node(tmp_path):
    path = tmp_path / "chain.ttl"
    path.write_text(chain(30))
    kg = careergraph.load([path], bundled=False)
    levels = []
    facts_about = kg.facts_about

    def counting(*iris):
        levels.append(len(iris))
        return facts_about(*iris)

    kg.facts_about = counting
    data = map_data(kg, focus="c0", depth=100_000_000)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(f"c{i}" for i in range(30))
    # one look-up per level reached (30 nodes in a line), plus one for the chosen nodes
    assert len(levels) <= 32


def test_depth_of_a_hundred_million_from_the_command_line(tmp_path, run):
    result = run("viz", "--focus", "cardiologist", "--depth", 100_000_000, "-o", tmp_path / "map.html")
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr
