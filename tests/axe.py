"""axe-core's WCAG 2.2 AA rules run on a page in real headless Chromium.

A current axe-core, which knows the WCAG 2.1 and 2.2 rules, is installed from npm
(`.ci/run` does it: `npm install axe-core` into `.ci/node_modules`, or set AXE_CORE_JS
to an `axe.min.js`) and injected with selenium. Tests that need it are skipped, with
the reason, when it or Chromium's driver is missing.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ROOT = Path(__file__).resolve().parent.parent


def axe_script() -> Path | None:
    configured = os.environ.get("AXE_CORE_JS")
    candidates = [Path(configured)] if configured else []
    candidates.append(ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js")
    return next((p for p in candidates if p.is_file()), None)


def chromedriver() -> str | None:
    return shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)


def skip_without_axe() -> None:
    if axe_script() is None:
        pytest.skip("axe-core is not installed: run `npm install axe-core` in .ci (as .ci/run does)")
    if chromedriver() is None or shutil.which("chromium") is None:
        pytest.skip("chromium and chromedriver are needed to run axe-core in a real browser")


def violations_in(driver, url: str) -> list[dict]:
    """The violations axe-core finds under WCAG 2.2 AA on the page at url, opened in a
    running browser (so a page's own script has run first), each with the rule, its
    help text and the offending elements."""
    skip_without_axe()
    driver.set_script_timeout(60)
    driver.get(url)
    driver.execute_script(axe_script().read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(JSON.stringify({violations: r.violations, passes: r.passes.length})),"
        " e => done(JSON.stringify({error: String(e)})));",
        WCAG_22_AA,
    )
    found = json.loads(result)
    if "error" in found:
        raise AssertionError(f"axe-core did not run: {found['error']}")
    assert found["passes"], "axe-core ran no rules"
    return found["violations"]


def axe_violations(page: Path) -> list[dict]:
    """The violations axe-core finds on a local page under WCAG 2.2 AA."""
    skip_without_axe()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,1600")
    driver = webdriver.Chrome(service=Service(chromedriver()), options=options)
    try:
        return violations_in(driver, page.resolve().as_uri())
    finally:
        driver.quit()


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]} {v['nodes'][0].get('failureSummary', '')}"
        for v in violations
    )
