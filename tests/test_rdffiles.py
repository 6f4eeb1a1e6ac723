import pytest

import careergraph
from careergraph import GraphLoadError, rdffiles

from .conftest import ONTOLOGY


def test_bundled_files_exclude_shapes():
    names = [p.name for p in rdffiles.bundled_files()]
    assert "ontology.ttl" in names
    assert "shapes.ttl" not in names
    assert any(p.parent.name == "data" for p in rdffiles.bundled_files())


@pytest.mark.slow
def test_turtle_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix cg: <https://w3id.org/careergraph/> .\n\ncg:a cg:b cg:c .\ncg:x cg:y "open .\n')
    with pytest.raises(GraphLoadError) as info:
        careergraph.load([bad])
    assert str(info.value).startswith(f"{bad}:4: bad syntax")


def test_ntriples_error_names_line(tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n")
    with pytest.raises(GraphLoadError, match=r"bad\.nt:2: "):
        careergraph.load([bad], bundled=False)


def test_json_ld_error_names_line(tmp_path):
    bad = tmp_path / "bad.jsonld"
    bad.write_text('{"@id":\n')
    with pytest.raises(GraphLoadError, match=r"bad\.jsonld:2: bad JSON"):
        careergraph.load([bad], bundled=False)


def test_missing_path_and_unknown_extension(tmp_path):
    with pytest.raises(GraphLoadError, match="no such file or directory"):
        careergraph.load([tmp_path / "nope.ttl"])
    odd = tmp_path / "data.xyz"
    odd.write_text("")
    with pytest.raises(GraphLoadError, match="unknown graph file type '.xyz'"):
        careergraph.load([odd])


@pytest.mark.parametrize("suffix, text", [
    (".nt", "<https://w3id.org/careergraph/x> <http://www.w3.org/2004/02/skos/core#prefLabel> \"X\" .\n"),
    (".jsonld", '{"@id": "https://w3id.org/careergraph/x", "http://www.w3.org/2004/02/skos/core#prefLabel": "X"}'),
    (".trig", "<urn:g> { <https://w3id.org/careergraph/x> <http://www.w3.org/2004/02/skos/core#prefLabel> \"X\" . }"),
])
def test_every_format_loads(tmp_path, suffix, text):
    path = tmp_path / f"extra{suffix}"
    path.write_text(text)
    kg = careergraph.load([ONTOLOGY, path], bundled=False)
    assert len(kg.graph) > 0
    assert ("https://w3id.org/careergraph/x", "X") in {(str(s), str(o)) for s, _, o in kg.graph}


def test_directory_is_read_recursively(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.ttl").write_text("<urn:a> <urn:b> <urn:c> .")
    (tmp_path / "notes.txt").write_text("ignored")
    kg = careergraph.load([tmp_path], bundled=False)
    assert len(kg.graph) == 1


@pytest.mark.slow
def test_bundled_data_is_in_sorted_form():
    from careergraph.rdffiles import format_file

    unsorted = [p.name for p in rdffiles.bundled_files() if p.parent.name == "data" and format_file(p, check=True)]
    assert unsorted == [], "run: careergraph fmt graph/data"


def test_fmt_is_stable_whatever_the_input_order(tmp_path, run):
    head = "@prefix cg: <https://w3id.org/careergraph/> .\n"
    lines = ["cg:b cg:requires cg:a .", 'cg:a cg:evidence [ cg:quote "2" ], [ cg:quote "1" ] .', "cg:c cg:leadsTo cg:b ."]
    one, two = tmp_path / "one.ttl", tmp_path / "two.ttl"
    one.write_text(head + "\n".join(lines) + "\n")
    two.write_text(head + "\n".join(reversed(lines)) + "\n")
    first = run("fmt", one, two)
    assert first.exit_code == 0 and "reformatted" in first.stderr
    assert one.read_text() == two.read_text()
    text = one.read_text()
    assert run("fmt", "--check", one).exit_code == 0
    assert one.read_text() == text
    assert run("fmt", "--check", tmp_path / "nope.nt").exit_code == 2


def test_fmt_of_a_file_rdflib_reads_but_cannot_write_is_one_line(tmp_path, run):
    # rdflib accepts an IRI with a '"' in it, then refuses to serialise it
    # (with a blank node the IRI is refused while rdflib canonicalises the graph, before it writes)
    for text in ('<urn:a> <http://example.org/"b> <urn:c> .\n', '<h{tps://a> <urn:b> [ <urn:c> 1 ] .\n'):
        path = tmp_path / "odd.ttl"
        path.write_text(text)
        result = run("fmt", path)
        assert result.exit_code == 2, result.exception
        assert result.stderr.startswith(f"Error: {path}: cannot be written back as Turtle: ")
        assert len(result.stderr.strip().splitlines()) == 1
        assert path.read_text() == text
