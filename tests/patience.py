"""Waiting in tests for what is expected (a screen, a file, a page), never for a fixed time.

Each test gets one generous ceiling, set as it starts (see `conftest.py`): every wait in
it ends as soon as what it waits for is there, and fails with what was seen instead
only once the test's ceiling has passed. A loaded machine makes a test slower, never
wrong. The ceiling is the test's own pytest timeout less a margin, so a wait that fails
says what it saw before pytest-timeout would stop the test without a word.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# Used before a test has set its own (a helper called at import time, say).
DEFAULT = 120.0
# Left for the test to report its failure once a wait gives up.
MARGIN = 10.0

_deadline: float | None = None


def begin(test_timeout: float | None) -> None:
    """Start the ceiling of the test about to run."""
    global _deadline
    limit = test_timeout if test_timeout and test_timeout > 0 else DEFAULT
    _deadline = time.monotonic() + max(limit - MARGIN, limit / 2)


def left() -> float:
    """Seconds until the running test's ceiling (at least one, so a last look is taken)."""
    if _deadline is None:
        return DEFAULT
    return max(1.0, _deadline - time.monotonic())


def until(check: Callable[[], T], what: str, seen: Callable[[], str] = lambda: "") -> T:
    """Call `check` until it returns something true, and return that; past the test's
    ceiling, fail naming `what` was awaited and showing `seen()`."""
    give_up = time.monotonic() + left()
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > give_up:
            raise AssertionError(f"{what} never happened:\n{seen()}")
        time.sleep(0.05)
