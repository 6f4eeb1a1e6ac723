"""The interactive HTML map (``careergraph viz``): file contents, subsets, safety, and the page in a
real headless Chromium.

Expected counts are computed from the graph here, so the tests hold as the bundled data grows.
Browser tests need the Debian ``chromium`` and ``chromium-driver`` packages and ``selenium``; they
are skipped without them, except under ``CI=true``, where a missing browser is a failure.
Set ``CAREERGRAPH_DOCS_SCREENSHOTS=1`` to (re)write ``docs/map.png`` and ``docs/route.png``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import careergraph
from careergraph.cli import cli
from careergraph.errors import BadInputError
from careergraph.htmlmap import export_html, map_data
from careergraph.namespaces import CG

pytestmark = pytest.mark.slow  # maps of the whole graph (the browser tests also need Chromium)

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)

EVIL_LABEL = "<img src=x onerror=alert(1)>"
EVIL_TTL = """\
@prefix cg: <https://w3id.org/careergraph/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

cg:evil a cg:Career ; skos:prefLabel "<img src=x onerror=alert(1)>"@en ;
    skos:definition "</script><script>window.__xss = 1</script>" ;
    cg:evidence [ dcterms:source cg:src-seed-000 ; cg:quote "q" ] .
cg:evil-two a cg:Career ; skos:prefLabel "</script><img src=y onerror=\\"window.__xss=2\\">"@en ;
    cg:leadsTo cg:evil ;
    cg:evidence [ dcterms:source cg:src-seed-000 ; cg:quote "<b onmouseover=alert(3)>q</b>" ] .
"""


# ------------------------------------------------------------------ expectations from the graph

def expected_nodes(kg) -> set[str]:
    return {iri for iri, kind in kg.compiled().kinds.items() if kind != "source"}


def expected_edges(kg, nodes) -> set[tuple]:
    """Drawn edges, computed from the triples independently of careergraph.htmlmap."""
    g = kg.graph
    edges = set()
    for s, o in g.subject_objects(CG.leadsTo):
        edges.add((s, o, "leadsTo"))
    for s, o in g.subject_objects(CG.requires):
        edges.add((o, s, "requires"))
    for s, group in g.subject_objects(CG.requiresOneOf):
        for o in g.objects(group, CG.option):
            edges.add((o, s, "oneOf"))
    for prop in (CG.awards, CG.holds):
        for s, o in g.subject_objects(prop):
            edges.add((s, o, "awards"))
    for s, o in g.subject_objects(CG.certifiedBy):
        edges.add((s, o, "certifiedBy"))
    for s, o in g.subject_objects(CG.subspecialtyOf):
        edges.add((s, o, "subspecialtyOf"))
    edges = {(str(u), str(v), kind) for u, v, kind in edges}
    return {e for e in edges if e[0] in nodes and e[1] in nodes and e[0] != e[1]}


def neighbourhood(kg, start, depth) -> set[str]:
    every = expected_nodes(kg)
    adjacent: dict = {}
    for u, v, _ in expected_edges(kg, every):
        adjacent.setdefault(u, set()).add(v)
        adjacent.setdefault(v, set()).add(u)
    seen, frontier = {start}, {start}
    for _ in range(depth):
        frontier = {n for f in frontier for n in adjacent.get(f, ())} - seen
        seen |= frontier
    return seen


def busiest_node(kg) -> str:
    """A node with neighbours (the one with most, ties by IRI), so focus tests mean something."""
    every = expected_nodes(kg)
    degree: dict = {}
    for u, v, _ in expected_edges(kg, every):
        degree[u] = degree.get(u, 0) + 1
        degree[v] = degree.get(v, 0) + 1
    return sorted(degree, key=lambda n: (-degree[n], str(n)))[0]


def some_route(kg):
    """The longest working route from a starting profile, or None while the data cannot route."""
    best = None
    for start in sorted(i for i, k in kg.compiled().kinds.items() if k == "profile"):
        for goal in sorted(i for i, k in kg.compiled().kinds.items() if k == "career"):
            try:
                found = kg.route(str(start), str(goal))
            except careergraph.CareerGraphError:
                continue
            if best is None or len(found.steps) > len(best.steps):
                best = found
    return best


@pytest.fixture(scope="module")
def kg():
    return careergraph.load()


@pytest.fixture(scope="module")
def evil_kg(tmp_path_factory):
    path = tmp_path_factory.mktemp("evil") / "evil.ttl"
    path.write_text(EVIL_TTL, encoding="utf-8")
    return careergraph.load([path])


@pytest.fixture(scope="module")
def route(kg):
    found = some_route(kg)
    if found is None:
        pytest.skip("no route works on the bundled graph yet")
    return found


def script_elements(page: str) -> list:
    """The type attribute of each <script> element, as an HTML parser sees them."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "script":
                found.append(dict(attrs).get("type"))

    Parser().feed(page)
    return found


# ------------------------------------------------------------------ unit tests (no browser)

def test_whole_map_is_written_offline(kg, tmp_path):
    out = tmp_path / "map.html"
    summary = export_html(kg, out)
    assert summary.path == out and out.is_file()
    nodes = expected_nodes(kg)
    assert summary.nodes == len(nodes)
    assert summary.edges == len(expected_edges(kg, nodes))
    text = out.read_text(encoding="utf-8")
    assert not REMOTE.search(text), REMOTE.search(text).group(0)
    assert "<script src" not in text and "<link href=\"http" not in text and "bootstrap" not in text.lower()
    assert "vis.Network" in text and ".vis-network" in text  # vis-network JS and CSS are inlined
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # no temporary file left


def test_malicious_label_is_escaped(evil_kg, tmp_path):
    out = tmp_path / "evil.html"
    export_html(evil_kg, out)
    text = out.read_text(encoding="utf-8")
    assert "<img" not in text and "<script>window" not in text and "<b onmouseover" not in text
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in text
    # Exactly the page's own scripts: none was opened or closed by the data.
    assert script_elements(text) == ["application/json", None, None]
    assert text.count("</script>") == 3


def test_odd_labels_keep_the_page_valid(tmp_path):
    # a lone surrogate in a title made the write fail; control and bidi characters stay data
    odd = tmp_path / "odd.ttl"
    odd.write_text('@prefix cg: <https://w3id.org/careergraph/> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                   'cg:odd a cg:Exam ; skos:prefLabel "odd \\uD800 \\u001B[2J \\u202Eexe" ; cg:minYears 1e309 .\n')
    out = tmp_path / "odd.html"
    export_html(careergraph.load([odd]), out, focus="cg:odd", depth=0)
    text = out.read_text(encoding="utf-8")
    assert "<title>careergraph: around odd \ufffd \x1b[2J \u202eexe</title>" in text
    assert script_elements(text) == ["application/json", None, None]
    data = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', text, re.DOTALL).group(1)
    node = json.loads(data, parse_constant=lambda name: pytest.fail(f"{name} in the page data"))["nodes"][0]
    assert node["label"] == "odd \ud800 \x1b[2J \u202eexe" and node["years"] == "? y"


def test_too_many_nodes_leaves_no_file(kg, tmp_path):
    out = tmp_path / "big.html"
    with pytest.raises(BadInputError, match="--focus"):
        export_html(kg, out, max_nodes=1)
    assert list(tmp_path.iterdir()) == []


def test_replaces_existing_file_atomically(kg, tmp_path):
    out = tmp_path / "map.html"
    out.write_text("old")
    export_html(kg, out, types=("board",))
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_unwritable_directory_leaves_nothing(kg, tmp_path):
    with pytest.raises(careergraph.CareerGraphError, match="cannot write"):
        export_html(kg, tmp_path / "missing" / "map.html", types=("board",))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_focus_subset(kg, tmp_path, depth):
    start = busiest_node(kg)
    summary = export_html(kg, tmp_path / "focus.html", focus=str(start), depth=depth)
    expected = neighbourhood(kg, start, depth)
    assert summary.nodes == len(expected)
    assert summary.edges == len(expected_edges(kg, expected))


@pytest.mark.parametrize("kinds", [("fellowship",), ("training",), ("career", "board")])
def test_type_subset(kg, tmp_path, kinds):
    expected = {i for i in expected_nodes(kg) if any(kg.is_kind(i, k) for k in kinds)}
    if not expected:
        pytest.skip(f"no {kinds} nodes in the graph yet")
    summary = export_html(kg, tmp_path / "types.html", types=kinds)
    assert summary.nodes == len(expected)
    assert summary.edges == len(expected_edges(kg, expected))


def test_unknown_type_and_layout(kg, tmp_path):
    with pytest.raises(BadInputError, match="unknown node type"):
        export_html(kg, tmp_path / "x.html", types=("fellowshp",))
    with pytest.raises(BadInputError, match="unknown layout"):
        export_html(kg, tmp_path / "x.html", layout="circle")
    assert list(tmp_path.iterdir()) == []


def test_route_is_embedded(kg, route, tmp_path):
    summary = export_html(kg, tmp_path / "route.html", route=route)
    assert summary.nodes == len(expected_nodes(kg))
    text = (tmp_path / "route.html").read_text(encoding="utf-8")
    assert '"route":{"from":' in text and '"type":"route"' in text


def page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', text, re.DOTALL).group(1))


def test_reach_is_drawn(kg, tmp_path):
    found = kg.reach("emergency medicine residency", 3)
    summary = export_html(kg, tmp_path / "reach.html", reach=found)
    data = page_data(tmp_path / "reach.html")
    on_the_way = {s.id for item in found.items for s in item.route.steps}
    reachable = {item.node["id"] for item in found.items}
    assert {n["id"] for n in data["nodes"]} == {"emergency-medicine-residency"} | on_the_way | reachable
    assert summary.nodes == len(data["nodes"])
    assert [i["id"] for i in data["reach"]["items"]] == [item.node["id"] for item in found.items]
    # every way out starts at the residency: each route's first step is joined to it
    route_edges = {(e["from"], e["to"]) for e in data["edges"] if e["type"] == "route"}
    assert {("emergency-medicine-residency", item.route.steps[0].id) for item in found.items} <= route_edges
    with pytest.raises(BadInputError, match="a route or a reach result, not both"):
        export_html(kg, tmp_path / "both.html", reach=found, route=kg.route("US MD student", "internist"))


def test_cli_reach(kg, tmp_path):
    out = tmp_path / "reach.html"
    result = invoke("viz", "--reach", "emergency medicine residency", "--within", "3", "--type", "fellowship",
                    "-o", str(out))
    assert result.exit_code == 0, result.output
    data = page_data(out)
    expected = kg.reach("emergency medicine residency", 3, type="fellowship")
    assert [i["id"] for i in data["reach"]["items"]] == [item.node["id"] for item in expected.items]
    assert {i["kind"] for i in data["reach"]["items"]} == {"fellowship"}
    assert data["reach"]["within"] == "3 y"
    for args, message in ((("--reach", "internist"), "--reach FROM and --within YEARS go together"),
                          (("--reach", "internist", "--within", "1", "--route", "a", "b"), "either --route or --reach"),
                          (("--reach", "internist", "--within", "1", "--type", "career", "--type", "fellowship"),
                           "--reach keeps one --type")):
        refused = invoke("viz", *args, "-o", str(tmp_path / "no.html"))
        assert refused.exit_code == 2 and message in refused.stderr
        assert not (tmp_path / "no.html").exists()


# ------------------------------------------------------------------ CLI

def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_cli_writes_map(kg, tmp_path):
    out = tmp_path / "m.html"
    result = invoke("viz", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.is_file()
    assert f"{len(expected_nodes(kg))} nodes" in result.stderr and str(out) in result.stderr
    assert result.stdout == ""


def test_cli_default_names(kg, route, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert invoke("viz", "--type", "board").exit_code == 0
    result = invoke("viz", "--route", route.source["id"], route.target["id"], "--by", route.by)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["careergraph-route.html", "careergraph.html"]


def test_cli_max_nodes(tmp_path):
    out = tmp_path / "m.html"
    result = invoke("viz", "-o", str(out), "--max-nodes", "2")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: the map would have") and "--type" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_errors(tmp_path):
    result = invoke("viz", "-o", str(tmp_path / "m.html"), "--focus", "no such node at all")
    assert result.exit_code == 2 and "unknown node" in result.stderr
    result = invoke("viz", "-o", str(tmp_path / "m.html"), "--layout", "circle")
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_cli_open_without_browser(tmp_path, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or False)
    out = tmp_path / "m.html"
    result = invoke("viz", "-o", str(out), "--type", "board", "--open")
    assert result.exit_code == 0
    assert opened == [out.resolve().as_uri()]
    assert "no web browser available" in result.stderr


def test_cli_help():
    result = invoke("viz", "--help")
    assert result.exit_code == 0
    for option in ("--focus", "--depth", "--type", "--route", "--via", "--have", "--max-nodes", "--layout", "--open"):
        assert option in result.stdout


# ------------------------------------------------------------------ in a real browser

def _browser_available() -> str | None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(p)]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    return ", ".join(missing) or None


@contextlib.contextmanager
def chromium(*, loopback: bool = False):
    """Headless Chromium that reaches no network: every request goes to a dead proxy, loopback too
    unless ``loopback`` (a local server under test). Skipped without the browser (failed under CI=true)."""
    missing = _browser_available()
    if missing:
        message = f"browser tests need {missing} (apt-get install chromium chromium-driver; pip install selenium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="careergraph-chromium-")
    options = Options()
    options.binary_location = CHROMIUM  # never let selenium-manager fetch a browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--proxy-server=127.0.0.1:9", *(() if loopback else ("--proxy-bypass-list=<-loopback>",)),
                "--window-size=1400,900", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


def open_page(driver, path: Path, timeout: float = 60) -> float:
    """Load ``path`` and wait until the map is drawn (and settled); the seconds it took."""
    start = time.monotonic()
    driver.get(path.resolve().as_uri())
    while time.monotonic() - start < timeout:
        if driver.execute_script("return !!(window.cgMap && window.cgMap.ready)"):
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"{path.name} was not ready after {timeout} s; console: {driver.get_log('browser')}")


def console_errors(driver) -> list:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def drawn(driver) -> tuple[int, int]:
    return tuple(driver.execute_script(
        "return [network.body.data.nodes.length, network.body.data.edges.length]"))


def remote_requests(driver) -> list:
    return driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('file:') && !n.startsWith('data:'))")


def test_browser_whole_map(kg, browser, tmp_path):
    out = tmp_path / "map.html"
    summary = export_html(kg, out)
    open_page(browser, out)
    assert drawn(browser) == (summary.nodes, summary.edges)
    assert summary.nodes == len(expected_nodes(kg))
    assert console_errors(browser) == []
    assert remote_requests(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "viz-map.png"))


def test_browser_subset_and_physics(kg, browser, tmp_path):
    out = tmp_path / "fellowships.html"
    summary = export_html(kg, out, types=("fellowship",), layout="physics")
    open_page(browser, out)
    assert drawn(browser) == (summary.nodes, summary.edges)
    assert summary.nodes == sum(1 for i in expected_nodes(kg) if kg.is_kind(i, "fellowship"))
    # physics ran to stabilisation, then was switched off
    assert browser.execute_script("return network.physics.options.enabled") is False
    assert console_errors(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "viz-fellowships-physics.png"))


def test_browser_route(kg, route, browser, tmp_path):
    out = tmp_path / "route.html"
    summary = export_html(kg, out, route=route)
    open_page(browser, out)
    ids = [s.id for s in route.steps]
    ids = ids if route.source["id"] in ids else [route.source["id"], *ids]
    pairs = {(a, b) for a, b in zip(ids, ids[1:]) if a != b}
    nodes, edges = drawn(browser)
    assert (nodes, edges) == (summary.nodes, summary.edges + len(pairs))
    route_edges = browser.execute_script(
        "return cgMap.edges.get({filter: e => e.kind === 'route'}).map(e => [e.from, e.to])")
    assert {tuple(e) for e in route_edges} == pairs
    highlighted = browser.execute_script(
        "return cgMap.data.nodes.filter(n => n.onRoute).map(n => n.id).sort()")
    assert highlighted == sorted(set(ids))
    steps = browser.execute_script(
        "return Array.from(document.querySelectorAll('#route-steps li')).map(li => li.textContent)")
    assert len(steps) == len(route.steps)
    assert all(s.label in text for s, text in zip(route.steps, steps))
    total = route.total_years
    assert "total:" in browser.find_element("id", "panel").text
    assert str(total["min"]) in browser.find_element("id", "panel").text
    assert console_errors(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "viz-route.png"))


def test_browser_route_timeline(kg, route, browser, tmp_path):
    out = tmp_path / "route.html"
    export_html(kg, out, route=route)
    open_page(browser, out)
    bars = browser.execute_script(
        "return Array.from(document.querySelectorAll('#route-timeline .gantt-bar'))"
        ".map(b => [parseFloat(b.style.left), parseFloat(b.style.width)])")
    assert len(bars) == len(route.steps)
    span = max(s.end_years["min"] for s in route.steps)
    for step, (left, width) in zip(route.steps, bars):  # each bar sits at its step's years
        # the page writes percentages to four decimals
        assert left == pytest.approx(100 * step.start_years["min"] / span, abs=1e-3)
        assert width == pytest.approx(max(100 * (step.end_years["min"] - step.start_years["min"]) / span, 1), abs=1e-3)
    assert console_errors(browser) == []


def visible_ids(driver) -> set[str]:
    return set(driver.execute_script("return cgMap.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))


def test_overview_groups(kg):
    data = map_data(kg)
    groups = {n["id"]: n.get("group") for n in data["nodes"]}
    # interventional cardiology is a subspecialty of internal medicine (ABIM certifies it; the graph
    # says so with cg:subspecialtyOf): it folds into internal medicine, through cardiology
    assert groups["interventional-cardiology-fellowship"] == "internal-medicine-residency"
    assert groups["cardiologist"] == "internal-medicine-residency"
    assert groups["pediatric-cardiology-fellowship"] == "pediatrics-residency"
    assert all(groups[n["id"]] is None for n in data["nodes"] if n["kind"] in ("residency", "profile", "exam"))
    assert data["overview"] == {"hiddenKinds": ["board", "credential"]}
    assert map_data(kg, focus="cardiologist")["overview"] is None


def test_browser_overview_unfolds_and_filters(kg, browser, tmp_path):
    out = tmp_path / "map.html"
    export_html(kg, out)
    open_page(browser, out)
    data = map_data(kg)
    overview = {n["id"] for n in data["nodes"] if "group" not in n and n["kind"] not in ("board", "credential")}
    assert visible_ids(browser) == overview
    members = {n["id"] for n in data["nodes"] if n.get("group") == "internal-medicine-residency"}
    browser.execute_script("network.body.emitter.emit('click', {nodes: ['internal-medicine-residency'], edges: []})")
    assert visible_ids(browser) == overview | members
    assert browser.find_element("css selector", "#panel h2").text == "Internal medicine residency"
    # selecting a folded node unfolds its residency
    browser.execute_script("cgMap.select('pediatric-cardiology-fellowship')")
    assert "pediatric-cardiology-fellowship" in visible_ids(browser)
    browser.find_element("css selector", "#view-controls input[data-kind='career']").click()
    assert not any(data_kind == "career" for data_kind in browser.execute_script(
        "return cgMap.nodes.get({filter: n => !n.hidden}).map(n => cgMap.data.nodes.find(d => d.id === n.id).kind)"))
    browser.find_element("id", "view-full").click()
    every = {n["id"] for n in data["nodes"] if n["kind"] not in ("board", "credential", "career")}
    assert visible_ids(browser) == every
    assert console_errors(browser) == []


def test_browser_search_selects_and_focuses(kg, browser, tmp_path):
    from selenium.webdriver.common.keys import Keys

    out = tmp_path / "map.html"
    export_html(kg, out)
    open_page(browser, out)
    target = busiest_node(kg)
    label = kg.label(target)
    needle = label[1:-1].upper() if len(label) > 3 else label.upper()  # a substring, in another case
    before = browser.execute_script("return network.getViewPosition()")
    box = browser.find_element("id", "search")
    box.send_keys(needle)
    options = browser.execute_script(
        "return Array.from(document.querySelectorAll('#matches li')).map(li => li.textContent)")
    assert options and all(needle.casefold() in o.casefold() for o in options)
    box.send_keys(Keys.ENTER)
    selected = browser.execute_script("return network.getSelectedNodes()")
    assert len(selected) == 1
    chosen = kg.node(selected[0])
    assert needle.casefold() in chosen.label.casefold()
    assert browser.find_element("css selector", "#panel h2").text == chosen.label
    deadline = time.monotonic() + 10  # the focus is animated: wait until the view is centred on the node
    while True:
        view, node = browser.execute_script(
            "return [network.getViewPosition(), network.getPosition(arguments[0])]", selected[0])
        centred = abs(view["x"] - node["x"]) < 1 and abs(view["y"] - node["y"]) < 1
        if centred or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert centred, (view, node)
    assert (view["x"], view["y"]) != (before["x"], before["y"]) or (node["x"], node["y"]) == (before["x"], before["y"])
    assert console_errors(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "viz-search.png"))


def test_browser_malicious_label_runs_nothing(evil_kg, browser, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.keys import Keys

    out = tmp_path / "evil.html"
    summary = export_html(evil_kg, out)
    open_page(browser, out)
    assert drawn(browser)[0] == summary.nodes
    # open everything that shows text: search results, the panel, the tooltip
    box = browser.find_element("id", "search")
    box.send_keys("onerror")
    matches = browser.execute_script(
        "return Array.from(document.querySelectorAll('#matches li')).map(li => li.textContent)")
    assert any(EVIL_LABEL in m for m in matches)
    box.send_keys(Keys.ENTER)
    browser.execute_script("cgMap.select('evil')")
    assert browser.find_element("css selector", "#panel h2").text == EVIL_LABEL
    tooltip = browser.execute_script(
        "var t = cgMap.nodes.get('evil').title; return [t instanceof HTMLElement, t.textContent]")
    assert tooltip[0] is True and EVIL_LABEL in tooltip[1]
    browser.execute_script("cgMap.select('evil-two')")
    time.sleep(0.5)
    assert browser.execute_script("return document.querySelectorAll('#app img, #app b[onmouseover]').length") == 0
    assert browser.execute_script("return window.__xss === undefined")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert console_errors(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "viz-xss.png"))


def test_browser_2000_nodes_open_and_pan(browser, tmp_path):
    """A synthetic 2,000-node map opens quickly and redraws a pan within a frame budget."""
    lines = ["@prefix cg: <https://w3id.org/careergraph/> .",
             "@prefix skos: <http://www.w3.org/2004/02/skos/core#> ."]
    for i in range(2000):
        kind = ("Career", "Fellowship", "Exam", "Credential")[i % 4]
        links = f" ; cg:leadsTo cg:n{(i * 7 + 1) % 2000}" if i % 4 != 3 else ""
        needs = f" ; cg:requires cg:n{i // 3}" if i % 5 == 0 and i // 3 != i else ""
        lines.append(f'cg:n{i} a cg:{kind} ; skos:prefLabel "Synthetic node {i}"@en ; cg:minYears {i % 3}{links}{needs} .')
    path = tmp_path / "big.ttl"
    path.write_text("\n".join(lines), encoding="utf-8")
    big = careergraph.load([path], bundled=False)
    out = tmp_path / "big.html"
    summary = export_html(big, out)
    assert summary.nodes == 2000
    seconds = open_page(browser, out)
    assert seconds < 20
    assert drawn(browser) == (summary.nodes, summary.edges)
    # time a few pans: from moveTo to the next finished redraw
    frames = browser.execute_async_script("""
        var done = arguments[arguments.length - 1], times = [], i = 0;
        function pan() {
          var t0 = performance.now();
          network.once("afterDrawing", function () {
            times.push(performance.now() - t0);
            if (++i < 5) setTimeout(pan, 20); else done(times);
          });
          var p = network.getViewPosition();
          network.moveTo({position: {x: p.x + 200, y: p.y + 50}});
        }
        pan();
    """)
    assert len(frames) == 5 and sorted(frames)[2] < 500, frames
    assert console_errors(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "viz-2000.png"))


_POSTERISE = """
var done = arguments[arguments.length - 1], step = 255 / (arguments[1] - 1), img = new Image();
img.onload = function () {
  var canvas = document.createElement("canvas");
  canvas.width = img.width; canvas.height = img.height;
  var context = canvas.getContext("2d");
  context.drawImage(img, 0, 0);
  var pixels = context.getImageData(0, 0, canvas.width, canvas.height), p = pixels.data;
  for (var i = 0; i < p.length; i += 4) {
    for (var k = 0; k < 3; k++) p[i + k] = Math.round(Math.round(p[i + k] / step) * step);
    p[i + 3] = 255;
  }
  context.putImageData(pixels, 0, 0);
  done(canvas.toDataURL("image/png").split(",")[1]);
};
img.src = "data:image/png;base64," + arguments[0];
"""


def save_small_screenshot(driver, path: Path, limit: int = 500_000) -> int:
    """Save a screenshot below ``limit`` bytes: if needed, fewer colour levels (in the browser) so it compresses."""
    import base64

    shot = driver.get_screenshot_as_base64()
    data = base64.b64decode(shot)
    for levels in (8, 6, 4):
        if len(data) < limit:
            break
        data = base64.b64decode(driver.execute_async_script(_POSTERISE, shot, levels))
    path.write_bytes(data)
    return len(data)


@pytest.mark.skipif(os.environ.get("CAREERGRAPH_DOCS_SCREENSHOTS") != "1",
                    reason="set CAREERGRAPH_DOCS_SCREENSHOTS=1 to rewrite docs/map.png and docs/route.png")
def test_readme_screenshots(kg, browser, tmp_path):
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    export_html(kg, tmp_path / "map.html")
    open_page(browser, tmp_path / "map.html")
    save_small_screenshot(browser, docs / "map.png")
    try:
        found = kg.route("US MD student", "cardiologist")
    except careergraph.CareerGraphError:
        found = some_route(kg)
    if found is None:
        pytest.skip("no route works on the bundled graph yet")
    export_html(kg, tmp_path / "route.html", route=found)
    open_page(browser, tmp_path / "route.html")
    ids = [found.source["id"], *(s.id for s in found.steps)]
    browser.execute_script("network.fit({nodes: arguments[0], animation: false})", ids)
    time.sleep(0.3)
    save_small_screenshot(browser, docs / "route.png")
    for name in ("map.png", "route.png"):
        assert (docs / name).stat().st_size < 500_000
