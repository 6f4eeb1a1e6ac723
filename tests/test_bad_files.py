"""Malformed graph files: one line naming the file (and the line), on both stores and in validate
and fmt; a byte order mark is skipped."""

import pytest

PREFIX = "@prefix cg: <https://w3id.org/careergraph/> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
STORES = ["memory", "oxigraph"]


def store_args(store):
    if store == "oxigraph":
        pytest.importorskip("pyoxigraph")
    return ["--no-cache", "--store", store]


@pytest.mark.parametrize("ending, why", [
    ('cg:a cg:b "unterminated', "Quote expected in string"),
    ('cg:a cg:b "\\', "the file ends in the middle of a statement"),
])
@pytest.mark.slow
def test_a_truncated_turtle_file_names_file_and_line(run, tmp_path, ending, why):
    path = tmp_path / "cut.ttl"
    path.write_text(PREFIX + "\n" + ending)
    for command in (["stats"], ["validate", path], ["fmt", path]):
        args = ["--graph", path, *command] if command == ["stats"] else command
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert result.stderr == f"Error: {path}:4: bad syntax: {why}\n"


@pytest.mark.slow
@pytest.mark.parametrize("store", STORES)
def test_json_ld_nested_fifty_thousand_deep(run, tmp_path, store):
    path = tmp_path / "deep.jsonld"
    path.write_text('{"@id": "urn:x", "urn:p": ' + '{"urn:p": ' * 50_000 + "1" + "}" * 50_001)
    result = run(*store_args(store), "--graph", path, "stats")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}:1: JSON nested more than 500 levels deep\n"


@pytest.mark.slow
def test_a_bad_unicode_escape_in_n_triples(run, tmp_path):
    path = tmp_path / "escape.nt"
    path.write_text('<urn:a> <urn:b> "fine \\\\uZZZZ \\u00e9" .\n<urn:a> <urn:b> "\\uZZZZ" .\n')
    result = run("--no-cache", "--graph", path, "stats")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}:2: bad escape sequence \\uZZZZ\n"
    for command in (["validate", path], ["--store", "memory", "--graph", path, "query", "-e", "ASK {}"]):
        assert run(*command).exit_code == 2


def test_the_escapes_n_triples_allows_are_read(kg_of):
    path = kg_of("ok.nt", '<urn:a> <urn:b> "back\\\\uZZZZ \\u00e9 \\U0001F600 \\t" .\n')
    assert path.query("SELECT ?o WHERE { <urn:a> <urn:b> ?o }").values() == [{"o": "back\\uZZZZ é \U0001F600 \t"}]


@pytest.mark.slow
@pytest.mark.parametrize("store", STORES)
def test_a_byte_order_mark_is_skipped(run, tmp_path, store):
    path = tmp_path / "windows.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + (PREFIX + 'cg:md-program skos:altLabel "Windows med school"@en .\n').encode())
    result = run(*store_args(store), "--graph", path, "show", "Windows med school", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"id": "md-program"' in result.stdout
    assert run("validate", path).exit_code == 0
    assert run("fmt", "--check", path).exit_code == 1  # the sorted form drops the mark


def test_an_empty_graph_path_is_refused(run, tmp_path, monkeypatch):
    (tmp_path / "stray.ttl").write_text("not turtle at all")
    monkeypatch.chdir(tmp_path)  # an empty path would have read every graph file here
    result = run("--graph", "", "stats")
    assert result.exit_code == 2
    assert result.stderr == "Error: a graph path is empty: name a file or a directory\n"


@pytest.fixture
def kg_of(tmp_path):
    import careergraph

    def load(name, text):
        path = tmp_path / name
        path.write_text(text)
        return careergraph.load([path], bundled=False, cache=False)

    return load
