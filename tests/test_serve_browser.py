"""``careergraph serve`` in real headless Chromium: the planner flow (type two names, get the route,
see it highlighted, follow the link), node panels, hostile labels, and a phone's viewport.

Needs Debian's ``chromium`` and ``chromium-driver`` and ``selenium`` (skipped without them, as in
test_viz.py, whose browser fixture this uses).
"""

from __future__ import annotations

import time

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from careergraph.serve.app import create_app  # noqa: E402

from .conftest import load_mini  # noqa: E402
from .test_serve import start_server  # noqa: E402
from .test_viz import chromium, console_errors  # noqa: E402

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}
DESKTOP = {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False}


@pytest.fixture(scope="module")
def browser():
    with chromium(loopback=True) as driver:
        yield driver


@pytest.fixture(scope="module")
def site(kg):
    url, stop = start_server(create_app(kg))
    yield url
    stop()


def wait_for(driver, script: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {script!r}; console: {driver.get_log('browser')}")


def open_map(driver, url: str) -> None:
    driver.get(url)
    wait_for(driver, "return !!(window.cgMap && window.cgMap.ready)", 60)


def highlighted(driver) -> set[str]:
    return set(driver.execute_script("return cgMap.data.nodes.filter(n => n.onRoute).map(n => n.id)"))


def route_ids(kg, source, target) -> set[str]:
    found = kg.route(source, target)
    return {found.source["id"], *(s.id for s in found.steps)}


def ask_route(driver, source: str, target: str) -> None:
    from selenium.webdriver.common.by import By

    for field, text in (("pl-from", source), ("pl-to", target)):
        box = driver.find_element(By.ID, field)
        box.clear()
        box.send_keys(text)
    driver.execute_script("document.body.removeAttribute('data-route')")
    driver.find_element(By.ID, "pl-go").click()
    wait_for(driver, "return document.body.getAttribute('data-route')")


def test_planner_flow(kg, browser, site):
    from selenium.webdriver.common.by import By

    open_map(browser, site + "/")
    browser.find_element(By.ID, "pl-to").send_keys("cardiolo")
    # autocomplete offers labels from the server's search
    assert "Cardiologist" in wait_for(
        browser, "return Array.from(document.querySelectorAll('#pl-names option')).map(o => o.value)")
    ask_route(browser, "US MD student", "cardiologist")
    expected = route_ids(kg, "US MD student", "cardiologist")
    assert highlighted(browser) == expected
    assert browser.execute_script("return cgMap.edges.get({filter: e => e.kind === 'route'}).length") == len(expected) - 1
    steps = browser.execute_script("return Array.from(document.querySelectorAll('#route-steps li')).map(li => li.textContent)")
    assert steps[0].startswith("MD program \u2014 4 y")  # medical school: four years (AAMC; graph/data)
    assert any("Internal medicine residency \u2014 3 y" in s and "PGY-1" in s for s in steps)
    assert "total: 10 y" in browser.find_element(By.ID, "panel").text
    # the question is in the URL; the link opens the same answer in a new page
    assert browser.current_url.endswith("?from=US+MD+student&to=cardiologist")
    link = browser.find_element(By.ID, "pl-link").get_attribute("href")
    browser.get("about:blank")
    open_map(browser, link)
    wait_for(browser, "return document.body.getAttribute('data-route')")
    assert highlighted(browser) == expected
    assert browser.find_element(By.ID, "pl-to").get_attribute("value") == "cardiologist"
    assert not console_errors(browser)


def test_planner_options_and_errors(kg, browser, site):
    from selenium.webdriver.common.by import By

    open_map(browser, site + "/?from=IMG&to=internist&have=USMLE+Step+1&k=2")
    wait_for(browser, "return document.body.getAttribute('data-route')")
    have = kg.route("IMG", "internist", have=["USMLE Step 1"])
    assert highlighted(browser) == {have.source["id"], *(s.id for s in have.steps)}
    assert "usmle-step-1" not in highlighted(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#pl-alternatives button.alternative")) == 2
    box = browser.find_element(By.ID, "pl-to")
    box.clear()
    box.send_keys("cardiolgist")
    browser.find_element(By.ID, "pl-go").click()
    message = wait_for(browser, "return document.getElementById('pl-error').textContent")
    assert message.startswith("unknown node 'cardiolgist'; did you mean: cardiologist")
    browser.find_element(By.CSS_SELECTOR, "#pl-error button.suggestion").click()
    wait_for(browser, "return document.body.getAttribute('data-route')")
    assert "cardiologist" in highlighted(browser)
    # the browser logs the 404 of the unknown name, and nothing else
    assert [e["message"].split(" - ")[0].rsplit("/", 1)[1] for e in console_errors(browser)] == [
        "route?from=IMG&to=cardiolgist&have=USMLE+Step+1&k=2"]


def test_node_panel_shows_sources_and_quotes(kg, browser, site):
    open_map(browser, site + "/")
    browser.execute_script("cgMap.select('internal-medicine-residency')")
    wait_for(browser, "return document.querySelector('#panel .sources')")
    record = kg.record("internal-medicine-residency")
    text = browser.execute_script("return document.getElementById('panel').textContent")
    assert record["label"] in text
    for source in record["sources"]:
        assert source["quote"] in text
    for ref in record["leads_to"]:
        assert ref["label"] in text


EVIL = "<img src=x onerror=window.pwned=1>"


def test_hostile_labels_run_nothing(browser, tmp_path):
    path = tmp_path / "evil.ttl"
    path.write_text(f"""\
@prefix cg: <https://w3id.org/careergraph/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
cg:evil a cg:Career ; skos:prefLabel "{EVIL}"@en ; skos:definition "</script><script>window.pwned = 2</script>" ;
    cg:requires cg:degree ; cg:evidence [ dcterms:source cg:src-test ; cg:quote "{EVIL}" ] .
""")
    url, stop = start_server(create_app(load_mini(path)))
    try:
        open_map(browser, url + "/?from=Student&to=evil")
        wait_for(browser, "return document.body.getAttribute('data-route')")
        browser.execute_script("cgMap.select('evil')")
        wait_for(browser, "return document.querySelector('#panel .sources')")
        text = browser.execute_script("return document.getElementById('panel').textContent")
        assert EVIL in text  # shown as text
        assert browser.execute_script("return window.pwned === undefined && !document.querySelector('#panel img')")
    finally:
        stop()


def test_phone_viewport(kg, browser, site):
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        open_map(browser, site + "/")
        box = lambda element: browser.execute_script(  # noqa: E731
            f"var r = document.getElementById('{element}').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]")
        # a full-width map, with the panel as a sheet over its lower part
        assert box("map") == [0, 0, 390, 844]
        side = box("side")
        assert side[2] == 390 and side[1] > 844 / 2
        # readable: no text smaller than 12 CSS pixels in the sheet
        assert browser.execute_script(
            "return Math.min(...Array.from(document.querySelectorAll('#side *')).filter(e => e.offsetParent)"
            ".map(e => parseFloat(getComputedStyle(e).fontSize)))") >= 12
        ask_route(browser, "US MD student", "cardiologist")
        assert highlighted(browser) == route_ids(kg, "US MD student", "cardiologist")
        assert box("side")[1] < side[1]  # the answer opens the sheet
        browser.find_element(By.ID, "sheet-handle").click()
        assert box("side")[1] > 844 / 2  # the handle closes it again
        assert not console_errors(browser)
    finally:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", DESKTOP)
