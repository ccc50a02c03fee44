"""How facilitate scales with a large session. Run: python bench/large.py

Prints the wall time of whole commands, as a user waits for them: importing CSVs of
5,000, 10,000 and 20,000 rows, then, on a session holding 20,000 answers, `add` of one
line and of ten lines (and so the cost of each further line), `show` and `summary`.
Budgets: the 20,000-row import in a few seconds; `add` under a second a line; `show`
and `summary` under five seconds. One answer in fifty holds something plain YAML
cannot (a `#`, quotes, a colon, a line break, an emoji), as real answers do. Each
`add` is timed three times: the best is printed, and the slowest beside it.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def facilitate(folder: Path, *args: str) -> float:
    env = {**os.environ, "FACILITATE_SESSIONS_DIR": str(folder / "sessions"), "NO_COLOR": "1"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "facilitate", *args], env=env, check=True, stdout=subprocess.DEVNULL, cwd=folder
    )
    return time.perf_counter() - start


# Some of what rooms say needs more than plain YAML: a `#` (which once made every
# load scan the whole file for comments), quotes, a colon, two lines, an emoji.
AWKWARD = [
    "we count # of people through the door",
    'the "impact" word again',
    "funders: they never read it",
    "first line\nsecond line",
    "stories 🎉 not spreadsheets",
]


def write_csv(path: Path, rows: int) -> None:
    words = "trust money time people council evidence outcomes volunteers funders stories".split()
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["group", "text"])
        for number in range(rows):
            said = " ".join(random.choice(words) for _ in range(8))
            if number % 50 == 0:
                said = AWKWARD[(number // 50) % len(AWKWARD)]
            writer.writerow([random.choice("cp"), f"{said} ({number})"])


def main() -> None:
    random.seed(7)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        print("import (one session per file, saved once):")
        for rows in (5_000, 10_000, 20_000):
            sheet = folder / f"rows-{rows}.csv"
            write_csv(sheet, rows)
            facilitate(folder, "new", f"Import {rows}", "--date", "2027-06-12")
            seconds = facilitate(folder, "import", f"2027-06-12-import-{rows}", "measuring", "today", str(sheet))
            print(f"  {rows:>6} rows  {seconds:6.2f} s")
        big = "2027-06-12-import-20000"
        size = (folder / "sessions" / f"{big}.yaml").stat().st_size
        print(f"a session of 20,000 answers ({size / 1e6:.1f} MB):")
        ones = sorted(facilitate(folder, "add", big, "measuring", "today", "c: one more") for _ in range(3))
        tens = sorted(
            facilitate(folder, "add", big, "measuring", "today", *(f"c: line {n}" for n in range(10))) for _ in range(3)
        )
        one, ten = ones[0], tens[0]
        print(f"  add, 1 line     {one:6.2f} s  (slowest of three {ones[-1]:.2f} s)")
        print(f"  add, 10 lines   {ten:6.2f} s  ({(ten - one) / 9:.2f} s each further line; slowest {tens[-1]:.2f} s)")
        print(f"  show            {facilitate(folder, 'show', big):6.2f} s")
        print(f"  summary         {facilitate(folder, 'summary', big):6.2f} s")


if __name__ == "__main__":
    main()
