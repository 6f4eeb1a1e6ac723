import pytest

from careergraph import AmbiguousNodeError, UnknownNodeError
from careergraph.errors import UnknownTypeError

from .conftest import load_mini


@pytest.mark.parametrize("name", [
    "https://w3id.org/careergraph/school",
    "cg:school",
    "school",
    "School",
    "medical school",
    "MEDICAL   School",
])
def test_lookup_by_every_naming_form(mini, name):
    assert mini.node(name).id == "school"


def test_lookup_of_profile_alt_label(mini):
    ref = mini.node("fg")
    assert (ref.id, ref.label, ref.type) == ("graduate", "Foreign graduate", "profile")


def test_unknown_name_suggests_close_matches(mini):
    with pytest.raises(UnknownNodeError) as info:
        mini.node("fellowshp")
    assert info.value.suggestions[0] == "fellowship"
    assert "did you mean: fellowship" in str(info.value)


def test_ambiguous_label_lists_candidates(tmp_path):
    extra = tmp_path / "twin.ttl"
    extra.write_text(
        '@prefix cg: <https://w3id.org/careergraph/> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
        'cg:twin-a a cg:Career ; skos:altLabel "Twin" .\ncg:twin-b a cg:Career ; skos:altLabel "Twin" .\n'
    )
    kg = load_mini(extra)
    with pytest.raises(AmbiguousNodeError) as info:
        kg.node("twin")
    assert info.value.candidates == ["twin-a (twin-a)", "twin-b (twin-b)"]


def test_nodes_by_type_use_the_class_hierarchy(mini):
    assert [r.id for r in mini.nodes(type="residency")] == ["long-residency", "short-residency"]
    training = {r.id for r in mini.nodes(type="training")}
    assert training == {"long-residency", "short-residency", "fellowship"}
    assert "src-test" not in {r.id for r in mini.nodes()}
    with pytest.raises(UnknownTypeError, match="did you mean: residency"):
        mini.nodes(type="residncy")


def test_search_ranks_label_matches_first(mini):
    found = [r.id for r in mini.search("residency")]
    # label starts with the text, then label contains it
    assert found == ["residency-done", "long-residency", "short-residency"]
    assert [r.id for r in mini.search("medical school")] == ["school"]
    assert mini.search("") == []


def test_record_of_a_node(mini):
    record = mini.record("fellowship")
    assert record["duration_years"] == {"min": 2, "max": 3}
    assert [[r["id"] for r in group] for group in record["requires_one_of"]] == [["long-residency", "short-residency"]]
    assert [r["id"] for r in record["required_by"]] == ["specialist"]
    assert record["certified_by"][0]["id"] == "board"
    assert record["sources"] == [{"id": "src-test", "title": "Test source", "url": "https://example.org/test",
                                  "file": None, "quote": "q", "supports": [], "date": None}]


def test_stats_count_nodes_by_type(mini):
    stats = mini.stats()
    assert stats["nodes_by_type"]["residency"] == 2
    assert stats["nodes_by_type"]["source"] == 1
    assert stats["nodes"] == sum(n for k, n in stats["nodes_by_type"].items() if k != "source")


def test_common_names_resolve(kg):
    # Everyday names and abbreviations (graph/data/common-names.ttl and the data files' altLabels).
    names = {"OB/GYN": "obstetrics-gynecology-residency", "OBGYN": "obstetrics-gynecology-residency",
             "ENT": "otolaryngology-residency", "PM&R": "physical-medicine-rehabilitation-residency",
             "EM": "emergency-medicine-residency", "IM": "internal-medicine-residency",
             "FM": "family-medicine-residency", "CCM": "critical-care-medicine-fellowship",
             "heart surgeon": "thoracic-surgeon", "ER doctor": "emergency-physician",
             "family medicine physician": "family-physician", "orthopedic surgeon": "orthopaedic-surgeon",
             "orthopedic surgery residency": "orthopaedic-surgery-residency", "ENT doctor": "otolaryngologist",
             "child psychiatrist": "child-adolescent-psychiatrist", "heart doctor": "cardiologist",
             "GI doctor": "gastroenterologist", "addiction medicine physician": "addiction-medicine-specialist"}
    assert {name: kg.node(name).id for name in names} == names


def test_close_matches_rank_names_sharing_the_most_words_first(kg):
    with pytest.raises(UnknownNodeError) as info:
        kg.node("family medicine doctor")
    assert set(info.value.suggestions[:2]) == {"family-medicine-residency", "family-physician"}
    assert not [s for s in info.value.suggestions if s.startswith("src-")]
