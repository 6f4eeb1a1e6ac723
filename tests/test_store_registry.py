"""Choosing a store: one option names it (``--store memory|oxigraph|URL``, ``--endpoint URL`` the
same), the registry imports a backend only when it is chosen, and files are never silently dropped."""

import subprocess
import sys

import pytest

from careergraph.errors import UnknownStoreError
from careergraph.stores import open_store

from .conftest import MINI


def test_an_unknown_store_is_a_usage_error(run):
    result = run("--store", "sqlite", "list")
    assert result.exit_code == 2
    assert "'sqlite' is not a store: use memory, oxigraph, or a SPARQL endpoint's http(s) URL" in result.stderr


def test_an_unknown_store_name_in_the_library():
    with pytest.raises(UnknownStoreError, match="unknown store 'sqlite'"):
        open_store("sqlite")


def test_store_and_endpoint_exclude_each_other(run):
    result = run("--store", "oxigraph", "--endpoint", "http://127.0.0.1:9/sparql", "list")
    assert result.exit_code == 2
    assert "--store oxigraph and --endpoint exclude each other" in result.stderr


@pytest.mark.parametrize("option", ["--store", "--endpoint"])
def test_validate_refuses_files_for_an_endpoint(run, option):
    # the files are refused before any request: nothing listens on port 9
    result = run(option, "http://127.0.0.1:9/sparql", "validate", str(MINI))
    assert result.exit_code == 2
    assert result.stderr == "Error: graph files are not read from an endpoint; publish them to it first\n"


def test_the_default_store_imports_no_backend_library():
    code = ("import sys, careergraph.stores as s; s.open_store('memory'); "
            "print(sorted(m for m in ('pyoxigraph', 'requests') if m in sys.modules))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
