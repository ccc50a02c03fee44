"""The projector's web page in real Chromium: axe-core finds no accessibility
violations on any kind of step, and the page is drawn at 1280×720 and 1920×1080.
Set FACILITATE_SHOTS to a folder to keep the screenshots for a person to look at."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path

import patience
import pytest
from conftest import new_session
from helpers import chrome

from facilitate import store
from facilitate.facilitation import Workshop, save_to

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed"),
]

# A step of each kind, with what the room said in it.
STEPS = [
    ("measuring", "importance", ["c: 4 5 3 3", "p: 2 3", "5x3"]),
    (
        "measuring",
        "today",
        [
            "c: How many people come through the door each week",
            "p: KPIs in the contract: referrals, waiting times, completions",
            "c: Stories from families, when we have time to write them up",
            "Outputs against the grant plan",
            "p: A secret only the facilitator should see",
            "/private 5",
            "c: Whether the young people we work with feel more confident after a term with us",
            "p: Cost per person supported",
            "/note The council officer looked uncomfortable",
        ],
    ),
    ("measuring", "for-whom", ["1: funders 3", "2: commissioners"]),
    ("measuring", "if-nobody-asked", ["c: how confident people feel", "p: whether trust grows"]),
    ("measuring", "priorities", ["1 1 2 1"]),
    (
        "value",
        "words",
        ["p: impact = savings against our targets", "c: impact = lasting change", "outcome = what changed"],
    ),
    ("sharing", "share-with", ["1x9", "c: 3 3 7"]),
    ("sharing", "next", ["share our outcomes page; Priya; end of March", "ask about shared measures; Tom"]),
]


@pytest.fixture
def page_server(sessions):
    from facilitate.ui.web import make_server

    session, path = new_session(sessions)
    w = Workshop(store.load_session(path), save_to(path))
    for exercise, step, lines in STEPS:
        w.start_step(exercise, step)
        for line in lines:
            w.enter(exercise, step, line)
    server = make_server(path, 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield w, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_axe_finds_no_violations_on_the_live_projector_page_at_any_step(page_server):
    """Each step's page as the browser shows it, once its script has fitted the cards."""
    from tests.axe import describe, skip_without_axe, violations_in

    skip_without_axe()
    w, url = page_server
    driver = chrome(1280, 720)
    try:
        found = {}
        for exercise, step, _ in STEPS:
            w.start_step(exercise, step)
            found[step] = violations_in(driver, url)
        assert all(not violations for violations in found.values()), {
            step: describe(violations) for step, violations in found.items() if violations
        }
    finally:
        driver.quit()


@pytest.mark.parametrize("size", ["1280,720", "1920,1080"])
def test_the_page_is_drawn_at_projector_sizes(page_server, tmp_path, size):
    w, url = page_server
    w.start_step("measuring", "today")
    folder = Path(os.environ.get("FACILITATE_SHOTS") or tmp_path)
    shot = folder / f"present-{size.replace(',', 'x')}.png"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--window-size={size}",
            f"--screenshot={shot}",
            url,
        ],
        capture_output=True,
        timeout=90,
    )
    assert shot.exists() and shot.stat().st_size > 20_000, "chromium drew nothing"


def test_the_projector_page_passes_wcag_22_aa_at_every_step(page_server, tmp_path):
    """The same pages under the current axe-core's WCAG 2.2 AA rules (tests/axe.py):
    each as the server first sends it, complete without its script."""
    import urllib.request

    from tests.axe import axe_violations, skip_without_axe

    skip_without_axe()
    w, url = page_server
    for exercise, step, _ in STEPS:
        w.start_step(exercise, step)
        page = tmp_path / f"{exercise}-{step}.html"
        with urllib.request.urlopen(url, timeout=5) as response:
            page.write_bytes(response.read())
        assert axe_violations(page) == [], f"{exercise}/{step}"


@pytest.mark.skipif(shutil.which("chromedriver") is None, reason="chromedriver is not installed")
def test_many_answers_fit_the_projector_and_say_how_many_more(page_server):
    w, url = page_server
    for n in range(30):
        w.enter("measuring", "today", f"c: Answer {n + 1} of a long morning, said with feeling")
    w.start_step("measuring", "today")
    for width, height in ((1280, 720), (1920, 1080)):
        driver = chrome(width, height)
        try:
            driver.get(url)
            # Laid out once the page's script has counted what did not fit.
            patience.until(
                lambda d=driver: [e.text for e in d.find_elements("id", "more") if e.text],
                "the count of answers left out",
            )
            overflow = driver.execute_script("return document.documentElement.scrollHeight - window.innerHeight")
            more = driver.find_element("id", "more").text
            visible = driver.execute_script("return document.querySelectorAll('.cards > .card:not([hidden])').length")
            newest = driver.find_element("css selector", ".cards > .card").text
        finally:
            driver.quit()
        assert overflow <= 0, (width, height, overflow, visible, more)
        assert more.startswith("+ ") and more.endswith(" more not shown for space")
        assert visible + int(more.split()[1]) == 36  # 6 answers before, 30 now; 1 private is not a card
        assert "Answer 30 of a long morning" in newest
