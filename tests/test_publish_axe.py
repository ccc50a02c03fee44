"""Every page of a published site in real Chromium, opened from the folder as from a USB
stick (file://), checked by a current axe-core against the WCAG 2.0, 2.1 and 2.2 A and
AA rules: the test fails on any violation."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_publish import SMALL, hold

pytestmark = [
    pytest.mark.timeout(300),
    pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed"),
    pytest.mark.skipif(shutil.which("chromedriver") is None, reason="chromedriver is not installed"),
]

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def axe_script(tmp_path_factory) -> str:
    """axe-core as published on the npm registry today, rather than the older copy a
    Python package bundles, so the WCAG 2.2 rules are known."""
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed, so axe-core cannot be fetched")
    folder = tmp_path_factory.mktemp("axe")
    try:
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(folder), "axe-core"],
            check=True,
            capture_output=True,
            timeout=240,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"axe-core could not be installed from the npm registry ({exc})")
    return (folder / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(driver, script: str, url: str) -> list[tuple[str, str, int]]:
    driver.get(url)
    driver.execute_script(script)
    results = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        f"axe.run(document, {{runOnly: {{type: 'tag', values: {WCAG!r}}}}})"
        ".then(function (r) { done(r); }, function (e) { done({error: String(e)}); });"
    )
    assert "error" not in results, results
    assert results["passes"], "axe ran no rules"
    return [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]]


def test_axe_finds_no_violations_on_any_page_of_a_published_site(cli, sessions, tmp_path, axe_script):
    from test_two_screens import chrome

    hold(sessions, "Strength in Numbers, Leeds", "Leeds", 10, {"community": 12, "public sector": 5, SMALL: 2})
    hold(sessions, "Strength in Numbers, Bristol", "Bristol", 17, {})
    result = cli("publish", "--all", "-o", "site")
    assert result.exit_code == 0, result.stderr
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) == 5
    found = {}
    driver = chrome(1280, 900)
    try:
        for page in pages:
            found[page.name] = axe_violations(driver, axe_script, Path(page).resolve().as_uri())
    finally:
        driver.quit()
    assert all(not violations for violations in found.values()), found
