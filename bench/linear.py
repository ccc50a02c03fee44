"""Whether reading a session costs in proportion to what it holds. Run: python bench/linear.py

Two shapes a room can produce: one very long answer (a pasted document; a million
characters is the most `import` takes in a cell) and very many answers. Prints, for
`show` and `summary` of a session holding one answer of 1, 2 and 4 MB, and for a Word
report of 2,000, 4,000 and 8,000 answers, the wall time of the whole command and the
processor time it used (the machine may be shared: the processor time is the steadier
figure), then each figure over the first of its row, which stays near the size ratio
(1, 2, 4) when the work is linear and grows as its square (1, 4, 16) when it is not.
Budgets: a 1 MB answer through `show` and through `summary` under a second; 8,000
answers to Word under five seconds.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def run(folder: Path, *args: str) -> tuple[float, float]:
    """The wall time and the processor time of one whole command."""
    env = {**os.environ, "FACILITATE_SESSIONS_DIR": str(folder / "sessions"), "NO_COLOR": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "facilitate", *args], env=env, check=True, stdout=subprocess.DEVNULL, cwd=folder
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def session_with(folder: Path, title: str, lines: list[str]) -> str:
    import datetime as dt

    from facilitate import store
    from facilitate.exercises import library
    from facilitate.facilitation import Workshop
    from facilitate.planning import plan_session

    definitions = [library()[e].definition for e in ("measuring", "value", "sharing")]
    groups = [("c", "community"), ("p", "public sector")]
    session = plan_session(title, dt.date(2027, 7, 10), definitions, groups, set(), location="Leeds")
    workshop = Workshop(session, lambda _: None)
    for line in lines:
        workshop.enter("measuring", "today", line)
    store.save_session(session, folder / "sessions" / f"{session.id}.yaml")
    return session.id


def row(label: str, sizes: list[int], measure) -> None:
    figures = [measure(size) for size in sizes]
    walls = " ".join(f"{w:6.2f}" for w, _ in figures)
    cpus = " ".join(f"{c:6.2f}" for _, c in figures)
    ratio = " ".join(f"{c / figures[0][1]:5.1f}" for _, c in figures)
    print(f"{label:<26} wall {walls}   cpu {cpus}   cpu ratio {ratio}")


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (folder / "sessions").mkdir()
        words = "what the room said about measuring its work, "
        long_ids = {
            mb: session_with(folder, f"Long {mb}", ["c: " + words * (mb * 1_000_000 // len(words))]) for mb in (1, 2, 4)
        }
        print("One long answer (1, 2 and 4 MB), seconds:")
        for command in ("show", "summary"):
            row(f"  {command}", [1, 2, 4], lambda mb, c=command: run(folder, c, long_ids[mb]))
        many_ids = {
            n: session_with(folder, f"Many {n}", [f"{'cp'[i % 2]}: answer {i} {words}" for i in range(n)])
            for n in (2000, 4000, 8000)
        }
        print("Many answers (2,000, 4,000 and 8,000), seconds:")
        row(
            "  export --format docx",
            [2000, 4000, 8000],
            lambda n: run(folder, "export", many_ids[n], "--format", "docx", "-o", f"many-{n}.docx", "--force"),
        )
        row("  show", [2000, 4000, 8000], lambda n: run(folder, "show", many_ids[n]))
        row("  summary", [2000, 4000, 8000], lambda n: run(folder, "summary", many_ids[n]))


if __name__ == "__main__":
    main()
