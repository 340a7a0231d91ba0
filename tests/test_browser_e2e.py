"""End to end in Neo4j Browser: an analyst's path from the sample to an audit's rows.

Headless Chromium (Debian's ``chromium`` + ``chromium-driver``, driven by selenium)
opens the Browser that the local Neo4j serves, connects with the password through the
connect form, applies ``browser/kg.grass`` with ``:style <url>``, runs an audit query
file (header comments and all, as a favourite holds it) and reads the rows of the result
table, which must equal the rows of the same query through the Python API. Screenshots
go to ``out/`` (gitignored): ``browser-audit.png`` (the table) and ``browser-graph.png``
(a township drawn with the style sheet).

Nothing is installed here: without chromium, chromedriver or selenium the test fails
and says what to install.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import STORES

from kg import api
from kg.audit.queries import list_queries
from kg.resources import resource_dir
from kg.stores import Neo4jStore

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "out"
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KG_CHROMEDRIVER", "/usr/bin/chromedriver")
WAIT = 60

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif("neo4j" not in STORES, reason="Neo4j is not among KG_TEST_STORES"),
    pytest.mark.timeout(300),
]


def _need(path: str, what: str) -> None:
    if not (Path(path).is_file() or shutil.which(path)):
        pytest.fail(f"{what} not found at {path}: apt-get install -y chromium chromium-driver fonts-noto-cjk")


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    _need(CHROMIUM, "chromium")
    _need(CHROMEDRIVER, "chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is not installed: pip install 'selenium>=4.20'")
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1500,1100",
        f"--user-data-dir={profile}",
    ):
        opts.add_argument(arg)
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    d.set_page_load_timeout(WAIT)
    try:
        yield d
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)


class _CorsHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "GET")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def style_url() -> Iterator[str]:
    """browser/kg.grass served over HTTP on localhost (Browser's default remote-content allow-list)."""
    directory = str(REPO / "browser")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _CorsHandler(*a, directory=directory))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}/kg.grass"
    server.shutdown()


def _connection() -> tuple[str, str, str]:
    bolt = urllib.parse.urlsplit(os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    http_uri = os.environ.get("NEO4J_HTTP_URI", "http://127.0.0.1:7474").rstrip("/")
    host = f"{bolt.hostname}:{bolt.port or 7687}"
    return http_uri, host, os.environ["NEO4J_PASSWORD"]


def _cell(text: str) -> Any:
    """A table cell as Browser shows it: JSON-like, but strings keep their inner quotes unescaped."""
    try:
        return json.loads(text)
    except ValueError:
        if len(text) >= 2 and text[0] == text[-1] == '"':
            return text[1:-1]
        return text


def _wait(d: Any, cond: Any, what: str, timeout: float = WAIT) -> Any:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(d, timeout, poll_frequency=0.25).until(cond)
    except TimeoutException:
        OUT.mkdir(exist_ok=True)
        d.save_screenshot(str(OUT / "browser-failure.png"))
        pytest.fail(f"Neo4j Browser: timed out waiting for {what} (screenshot: out/browser-failure.png)")


def _frames(d: Any) -> list[Any]:
    from selenium.webdriver.common.by import By

    return d.find_elements(By.CSS_SELECTOR, "[data-testid=frame]")


def test_an_audit_favourite_in_neo4j_browser(driver: Any, style_url: str, request: pytest.FixtureRequest) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    # the sample in the local Neo4j, and the audit's rows through the Python API
    store: Neo4jStore = request.getfixturevalue("_neo4j")
    store.clear()
    api.load(store, resource_dir("sample"))
    # audits that need no runner-supplied parameters run as they are in Browser
    audits = [q for q in list_queries(kind="audit") if not q.header.params]
    assert audits, "no audit queries in queries/"
    results = {q.id: store.run(q.cypher) for q in audits}
    # the favourite to run: the audit with the most findings on the sample (ties: by id)
    query = max(audits, key=lambda q: (len(results[q.id].rows), [-ord(c) for c in q.id]))
    expected = results[query.id]
    assert expected.rows, "no audit finds anything in the sample"
    text = query.path.read_text(encoding="utf-8").strip()

    base, host, password = _connection()
    d = driver
    t0 = time.monotonic()
    d.get(f"{base}/browser/?dbms=neo4j://neo4j@{host}&cmd=edit&arg={urllib.parse.quote(text)}")
    pw = _wait(
        d, lambda d: (d.find_elements(By.CSS_SELECTOR, "[data-testid=password]") or [None])[0], "the connect form"
    )
    user = d.find_element(By.CSS_SELECTOR, "[data-testid=username]")
    assert user.get_attribute("value") == "neo4j"
    # Enter submits the connect form, as a user would; a click on the button can land on the
    # form's label while its layout settles (ElementClickInterceptedException, Chromium 156)
    pw.send_keys(password + Keys.ENTER)
    _wait(
        d,
        lambda d: (
            not d.find_elements(By.CSS_SELECTOR, "[data-testid=password]")
            and any("You are connected as user" in f.text for f in _frames(d))
        ),
        "the connection",
    )

    def editor_text() -> str:
        return d.find_element(By.CSS_SELECTOR, "[data-testid=activeEditor] .monaco-editor").text.replace("\xa0", " ")

    def run(command: str | None) -> Any:
        """Run what is in the editor (or first type a one-line command) and return its frame."""
        n = len(_frames(d))
        if command is not None:
            area = d.find_element(By.CSS_SELECTOR, "[data-testid=activeEditor] textarea")
            area.send_keys(command)
            area.send_keys(Keys.ENTER)
        else:
            d.find_element(By.CSS_SELECTOR, "[data-testid=editor-Run]").click()
        _wait(d, lambda d: len(_frames(d)) > n, f"a result frame for {command or query.id}")
        frame = _frames(d)[0]
        _wait(
            d,
            lambda d: (
                frame.find_elements(By.CSS_SELECTOR, "[data-testid=frameStatusbar], [role=table], pre, svg")
                or "ERROR" in frame.text
            ),
            f"the result of {command or query.id}",
        )
        return frame

    # the audit file sits in the editor as the URL put it there; run it
    assert query.header.title_zh in editor_text() or query.cypher.split("\n")[0][:30] in editor_text()
    frame = run(None)
    table = _wait(d, lambda d: frame.find_elements(By.CSS_SELECTOR, "[role=table]"), "the result table")[0]
    headers = [
        h.get_attribute("textContent").strip() for h in table.find_elements(By.CSS_SELECTOR, "[role=columnheader]")
    ]
    assert headers == expected.columns
    rows = []
    for row in table.find_elements(By.CSS_SELECTOR, "[role=row]"):
        cells = row.find_elements(By.CSS_SELECTOR, "[role=cell]")
        if cells:
            rows.append([_cell(c.get_attribute("textContent").strip()) for c in cells])
    OUT.mkdir(exist_ok=True)
    d.execute_script("arguments[0].scrollIntoView(true);", frame)
    d.save_screenshot(str(OUT / "browser-audit.png"))
    assert rows == expected.rows, f"{query.id}: Browser shows {len(rows)} rows, the Python API {len(expected.rows)}"
    assert f"{len(expected.rows)} record" in frame.find_element(By.CSS_SELECTOR, "[data-testid=frameStatusbar]").text

    # the style sheet, loaded by URL, then a township drawn with it
    style_frame = run(f":style {style_url}")
    _wait(
        d,
        lambda d: "node.Duty" in _frames(d)[0].text or "node.Duty" in style_frame.text or "rror" in _frames(d)[0].text,
        "the style sheet",
    )
    shown = _frames(d)[0].text
    assert "node.Duty" in shown and "{name}" in shown, f":style did not load {style_url}: {shown[:300]}"
    township = expected.rows[0][0] or "ds-hb"
    d.find_element(By.CSS_SELECTOR, "[data-testid=activeEditor] textarea").send_keys(
        f"MATCH p = (:Area {{id: '{township}'}})<-[:GOVERNS|SERVES]-(:Body)-[:HOLDS_DUTY]->(:Duty) RETURN p LIMIT 40"
    )
    graph = run(None)
    _wait(d, lambda d: graph.find_elements(By.CSS_SELECTOR, "svg g.node, svg .node"), "the graph drawing")
    time.sleep(2)  # let the force layout settle before the picture
    d.save_screenshot(str(OUT / "browser-graph.png"))
    colours = {
        c.get_attribute("fill").lower()
        for c in graph.find_elements(By.CSS_SELECTOR, "svg g.node circle.b-outline, svg g.node circle")
        if c.get_attribute("fill")
    }
    assert "#68bdf6" in colours and "#6dce9e" in colours and "#ffd86e" in colours, colours  # Area, Body, Duty
    print(f"\n[browser] {query.id}: {len(rows)} rows equal to the Python API's; {time.monotonic() - t0:.1f}s")
