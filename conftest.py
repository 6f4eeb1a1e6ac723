"""Fixtures for every test and doctest (tests/ and the examples in src/careergraph)."""

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Compiled-graph cache entries go to a directory of this test run, not the user's."""
    mp = pytest.MonkeyPatch()
    mp.setenv("CAREERGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # the tests choose their endpoint themselves; one set in the environment would redirect every command
    for name in ("CAREERGRAPH_ENDPOINT", "CAREERGRAPH_ENDPOINT_GRAPH", "CAREERGRAPH_ENDPOINT_USER",
                 "CAREERGRAPH_ENDPOINT_PASSWORD", "CAREERGRAPH_GRAPH_STORE", "CAREERGRAPH_TIMEOUT", "NETRC"):
        mp.delenv(name, raising=False)
    yield
    mp.undo()
