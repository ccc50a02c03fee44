"""Benchmark of `publish`. Run: python bench/publish.py [--sessions N]

Generates N sessions (default 1,000, about 60 answers each; the generator of
bench/catalogue.py) in a temporary folder, then measures in one run the cold catalogue
build (the yardstick: every file parsed once, on every core) and `publish --all` of
the site and the database, as the command people type, and prints the ratio. Each is
the median of --runs runs, taken in turn, so a busy moment of the machine falls on all.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    sys.path.insert(0, str(HERE))
    from catalogue import generate

    import facilitate.catalogue as index
    from facilitate.catalogue import Catalogue

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="facilitate-bench-"))
    try:
        start = time.perf_counter()
        answers = generate(folder / "sessions", args.sessions)
        print(f"generated {args.sessions} sessions, {answers} answers in {time.perf_counter() - start:.1f} s")

        def cold_build() -> float:
            for name in (index.INDEX_NAME, index.DIGESTS_NAME, index.ANSWERS_NAME):
                (folder / "sessions" / name).unlink(missing_ok=True)
            start = time.perf_counter()
            Catalogue(folder / "sessions").refresh()
            return time.perf_counter() - start

        command = str(Path(sys.executable).with_name("facilitate"))  # the console script, as people type it
        env = {**os.environ, "FACILITATE_SESSIONS_DIR": str(folder / "sessions"), "NO_COLOR": "1"}
        out = folder / "out"

        def publish(*options: str) -> float:
            shutil.rmtree(out, ignore_errors=True)
            start = time.perf_counter()
            subprocess.run([command, "publish", "--all", *options], env=env, stdout=subprocess.DEVNULL, check=True)
            return time.perf_counter() - start

        times: dict[str, list[float]] = {"cold": [], "site": [], "both": []}
        for _ in range(args.runs):
            times["cold"].append(cold_build())
            times["site"].append(publish("-o", str(out / "site")))
            times["both"].append(publish("-o", str(out / "site"), "--sqlite", str(out / "library.db")))
        cold, site, both = (statistics.median(times[k]) for k in ("cold", "site", "both"))
        print(f"cold catalogue build, {os.cpu_count()} cores   {cold * 1000:8.0f} ms (yardstick)")
        pages = sum(1 for _ in (out / "site").rglob("*.html"))
        size = (out / "library.db").stat().st_size / 1e6
        print(f"publish --all, site only           {site * 1000:8.0f} ms  = {site / cold:.2f}x the cold build")
        print(
            f"publish --all, site and database   {both * 1000:8.0f} ms  = {both / cold:.2f}x the cold build "
            f"({pages} pages, a {size:.1f} MB database)"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
