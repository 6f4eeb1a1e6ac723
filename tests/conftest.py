import http.server
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import careergraph
from careergraph import rdffiles
from careergraph.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.ttl"
ONTOLOGY = rdffiles.bundled_dir("graph") / "ontology.ttl"


# A test that uses one of these fixtures needs the outside program it starts: it gets the marker,
# and is slow (pytest -m "not slow" is the inner loop).
MARKER_OF_FIXTURE = {"browser": "browser", "virtuoso": "virtuoso"}


def pytest_collection_modifyitems(items):
    for item in items:
        for fixture, marker in MARKER_OF_FIXTURE.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
                item.add_marker("slow")


def load_mini(*extra):
    return careergraph.load([ONTOLOGY, MINI, *extra], bundled=False)


@pytest.fixture(scope="session")
def mini():
    return load_mini()


@pytest.fixture(scope="session")
def kg():
    return careergraph.load()


@pytest.fixture
def run():
    """Invoke the CLI; returns click's Result (stdout and stderr kept apart)."""

    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args])

    return invoke


@pytest.fixture
def http_server():
    """Starts local HTTP servers on loopback, one per call with the given handler class; returns the
    server (its port is ``server.server_port``). All are shut down after the test."""
    running = []

    def start(handler):
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        running.append(httpd)
        return httpd

    yield start
    for httpd in running:
        httpd.shutdown()
        httpd.server_close()
