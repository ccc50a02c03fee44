"""Every page of a published site in real Chromium, opened from the folder as from a USB
stick (file://), checked by a current axe-core against the WCAG 2.0, 2.1 and 2.2 A and
AA rules: the test fails on any violation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import SMALL, hold

pytestmark = [
    pytest.mark.timeout(300),
    pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed"),
    pytest.mark.skipif(shutil.which("chromedriver") is None, reason="chromedriver is not installed"),
]


def test_axe_finds_no_violations_on_any_page_of_a_published_site(cli, sessions, tmp_path):
    from helpers import chrome

    from tests.axe import describe, skip_without_axe, violations_in

    skip_without_axe()

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
            found[page.name] = violations_in(driver, Path(page).resolve().as_uri())
    finally:
        driver.quit()
    assert all(not violations for violations in found.values()), {
        name: describe(violations) for name, violations in found.items() if violations
    }
