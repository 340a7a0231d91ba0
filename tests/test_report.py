"""`kg report`: the offline HTML report, opened in headless Chromium on every store.

Chromium and chromedriver come from Debian (``chromium``, ``chromium-driver``), driven by
selenium as in tests/test_browser_e2e.py. The page must render with no console error,
make no network request, and show the counts ``kg audit`` finds. A screenshot is saved
in the test's tmp dir (and in ``out/report.png``, gitignored).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.audit import list_rules, run_audit
from kg.cli import cli
from kg.ingest.load import load_dataset
from kg.model import POWERS
from kg.stores import Store

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"
OUT = REPO / "out"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

pytestmark = pytest.mark.timeout(300)


class Obj:
    def __init__(self, store: Store) -> None:
        self._store = store

    def store(self) -> Store:
        return self._store


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromedriver")):
        if not Path(path).is_file():
            pytest.fail(f"{what} not found at {path}: apt-get install -y chromium chromium-driver fonts-noto-cjk")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1300,1800",
        f"--user-data-dir={profile}",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        yield d
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def report(store: Store, tmp_path: Path) -> tuple[Store, Path]:
    load_dataset(store, SAMPLE)
    out = tmp_path / "report.html"
    res = CliRunner().invoke(cli, ["report", str(out)], obj=Obj(store))
    assert res.exit_code == 0, res.output
    return store, out


def test_report_is_self_contained(report: tuple[Store, Path]) -> None:
    _, out = report
    text = out.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    # no reference to anything outside the file (the SVG namespace is a name, not a request)
    urls = set(re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s\"'<>]*", text)) - {"http://www.w3.org/2000/svg"}
    assert not {u for u in urls if not u.startswith("http://www.w3.org/2000/svg")}, urls
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=", text)
    # Chinese first: the document's language and its first heading
    assert '<html lang="zh-Hans" class="lang-zh">' in text


def test_report_in_chromium(report: tuple[Store, Path], driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    store, out = report
    findings = run_audit(store)
    d = driver
    d.get_log("browser")  # drop earlier entries
    d.get(out.as_uri())
    d.find_element(By.ID, "overview")

    def count(key: str) -> int:
        return int(d.find_element(By.CSS_SELECTOR, f'[data-count="{key}"]').text)

    assert count("total") == len(findings) > 0
    for sev, n in Counter(f.severity for f in findings).items():
        assert count(sev) == n
    per_rule = Counter(f.rule_id for f in findings)
    for rule in list_rules():
        assert count(f"rule:{rule.id}") == per_rule.get(rule.id, 0), rule.id
    per_township = Counter(f.township_id for f in findings if f.township_id)
    townships = store.run("MATCH (t:Area {level: 'township'}) RETURN t.id").rows
    assert count("townships") == len(townships)
    for (tid,) in townships:
        assert count(f"township:{tid}") == per_township.get(tid, 0), tid
    assert len(d.find_elements(By.CSS_SELECTOR, "li.finding")) == len(findings)
    # the matrix: one row per township, one column per power
    assert len(d.find_elements(By.CSS_SELECTOR, "#matrix tbody tr")) == len(townships)
    assert len(d.find_elements(By.CSS_SELECTOR, "#matrix thead th")) == len(POWERS) + 1
    # charts are drawn (inline SVG with bars)
    bars = d.find_elements(By.CSS_SELECTOR, "svg.chart rect")
    assert len(bars) >= len({f.severity for f in findings}) * 2  # bars and legend in each chart
    # Chinese shown, English hidden; the button switches
    heading = d.find_element(By.CSS_SELECTOR, "#overview h2")
    assert heading.text == "总览"
    d.find_element(By.ID, "lang").click()
    assert heading.text == "Overview"
    assert d.execute_script("return document.documentElement.lang") == "en"
    d.find_element(By.ID, "lang").click()
    assert heading.text == "总览"
    # no request left the page, and nothing went wrong in it
    assert d.execute_script("return performance.getEntriesByType('resource').length") == 0
    errors = [e for e in d.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == [], errors
    d.save_screenshot(str(tmp_path / "report.png"))
    OUT.mkdir(exist_ok=True)
    shutil.copy(tmp_path / "report.png", OUT / "report.png")
