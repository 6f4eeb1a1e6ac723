"""Route finding on the small hand-made graph of tests/fixtures/mini.ttl."""

import networkx as nx
import pytest

from careergraph import BadInputError, NoRouteError, PrerequisiteCycleError

from .conftest import load_mini


def ids(route):
    return [s.id for s in route.steps]


def added(route):
    return [s.id for s in route.steps if s.added_for_prerequisite]


def test_projection_has_stated_and_implied_edges(mini):
    g = mini.to_networkx()
    assert isinstance(g, nx.DiGraph)
    assert g.edges["school", "exam-a"]["derived"] is False
    assert g.edges["match", "short-residency"]["derived"] is True
    # the degree requirement implies no shortcut from School straight to a residency,
    # since School already leads to the Match the residency also needs
    assert not g.has_edge("school", "short-residency")
    assert g.nodes["degree"]["kind"] == "credential"  # a waypoint, never a step
    assert g.has_edge("school", "degree") and g.has_edge("degree", "writer")
    assert g.nodes["long-residency"]["min_years"] == 5
    assert mini.to_networkx() is g


def test_route_is_prerequisite_complete(mini):
    route = mini.route("student", "specialist")
    # listed in the order met: exam B needs only exam A and this licence only exam B (the mini graph
    # gives them no timing), so both come as soon as they can, before the residency
    assert ids(route) == ["school", "exam-a", "match", "exam-b", "licence", "short-residency", "fellowship",
                          "specialist"]
    assert added(route) == ["exam-b", "licence"]
    exam_b = route.steps[3]
    assert exam_b.required_by == "licence" and exam_b.alternatives == ("Exam C",)
    assert route.total_years == {"min": 9, "max": 10}


def test_foreign_graduate_goes_through_certification(mini):
    route = mini.route("FG", "specialist")
    assert "certify" in added(route)
    assert ids(route).index("certify") < ids(route).index("short-residency")
    assert route.total_years == {"min": 5, "max": 6}


def test_k_best_routes_are_distinct_and_ordered(mini):
    routes = mini.routes("student", "specialist", k=3)
    assert [r.total_years["min"] for r in routes] == [9, 11]  # only two distinct routes exist
    assert "long-residency" in ids(routes[1])


def test_avoid_and_via(mini):
    assert "long-residency" in ids(mini.route("student", "specialist", avoid=["short residency"]))
    assert "long-residency" in ids(mini.route("student", "specialist", via=["long residency"]))


def test_have_starts_from_what_is_held(mini):
    route = mini.route("student", "specialist", have=["school", "exam a"])
    assert set(ids(route)) == {"match", "short-residency", "fellowship", "exam-b", "licence", "specialist"}
    assert route.total_years == {"min": 5, "max": 6}


def test_by_steps_prefers_fewer_steps(mini):
    assert ids(mini.route("school", "writer", by="steps")) == ["school", "writer"]


def test_no_route_names_the_avoided_prerequisite(mini):
    with pytest.raises(NoRouteError, match="Licence requires Exam B, which is avoided"):
        mini.route("student", "specialist", avoid=["exam-b"])
    with pytest.raises(NoRouteError, match="Exam C requires Never awarded, which nothing in the graph awards"):
        mini.route("student", "specialist", avoid=["exam-b"])


def test_no_route_when_nothing_leads_there(mini):
    with pytest.raises(NoRouteError, match="nothing in the graph leads to Island"):
        mini.route("student", "island")


def test_same_node_and_bad_endpoints(mini):
    with pytest.raises(BadInputError, match="FROM and TO are the same node"):
        mini.route("school", "school")
    with pytest.raises(BadInputError, match="is a credential, not a step"):
        mini.route("school", "degree")


def test_requires_lists_a_followable_plan(mini):
    plan = mini.requires("specialist")
    order = [s.id for s in plan.steps]
    assert order[-1] == "specialist"
    for before, after in [("match", "short-residency"), ("school", "short-residency"),
                          ("short-residency", "fellowship"), ("exam-a", "exam-b"), ("exam-b", "licence")]:
        assert order.index(before) < order.index(after)
    residency = plan.steps[order.index("short-residency")]
    assert residency.alternatives == ("Long residency",)
    assert plan.total_years == {"min": 9, "max": 10}


def test_next_lists_stated_then_implied_options(mini):
    options = [(o.id, o.relation) for o in mini.next("exam a")]
    assert options == [("match", "leadsTo"), ("exam-b", "requirement"), ("certify", "requirement")]
    assert [o.id for o in mini.next("degree")] == ["writer", "long-residency", "short-residency"]


CYCLE = """@prefix cg: <https://w3id.org/careergraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
cg:loop-a a cg:Exam ; skos:prefLabel "Loop A" ; cg:requires cg:loop-b ; cg:leadsTo cg:loop-b .
cg:loop-b a cg:Exam ; skos:prefLabel "Loop B" ; cg:requires cg:loop-a ; cg:leadsTo cg:loop-a .
cg:school cg:leadsTo cg:loop-a .
"""


def test_prerequisite_cycle_is_reported(tmp_path):
    path = tmp_path / "cycle.ttl"
    path.write_text(CYCLE)
    kg = load_mini(path)
    with pytest.raises(PrerequisiteCycleError, match="prerequisite cycle: Loop A -> Loop B -> Loop A"):
        kg.route("school", "loop b")
    with pytest.raises(PrerequisiteCycleError):
        kg.requires("loop a")
