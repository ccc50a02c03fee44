"""Benchmarks for the budgets in DESIGN.md. Run: python bench/run.py [--quick]

Prints, for each budget, the measured figure and the budget. Times are medians of
repeated runs on this machine; start-up figures are whole processes, as a user sees them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def bench_commands(app) -> str:
    """facilitate's command names and help, as JSON for bare_typer_app.py."""
    import json

    return json.dumps(
        [[c.name or c.callback.__name__, c.help or c.callback.__doc__ or ""] for c in app.registered_commands]
    )


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def time_process(argv: list[str], runs: int, env: dict | None = None) -> float:
    """Median wall time of a whole command, as a user waits for it."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
        samples.append(time.perf_counter() - start)
    return median_ms(samples)


def bench_help(runs: int) -> None:
    """Start-up against a bare typer app with the same command names. The runs are
    interleaved, so a busy moment on the machine falls on both alike."""
    from facilitate.cli import app

    python = sys.executable
    names = bench_commands(app)
    env = {**os.environ, "BENCH_COMMANDS": names}
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "bare typer app --help": [python, str(HERE / "bare_typer_app.py"), "--help"],
        # The console script, as a facilitator types it.
        "facilitate --help": [str(Path(python).with_name("facilitate")), "--help"],
        "facilitate --version": [str(Path(python).with_name("facilitate")), "--version"],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs * 2):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
            samples[name].append(time.perf_counter() - start)
    medians = {name: median_ms(values) for name, values in samples.items()}
    bare = medians["bare typer app --help"]
    print(f"commands: {len(app.registered_commands)} and the exercises group, with the same help text")
    for name, value in medians.items():
        extra = (
            f"  ({value - bare:+.1f} ms against the bare app; budget +10 ms)" if name.startswith("facilitate") else ""
        )
        print(f"{name:<30} {value:7.1f} ms{extra}")


def _session_with(folder: Path, answers: int):
    from facilitate import store
    from facilitate.exercises import library
    from facilitate.model import Answer, now
    from facilitate.planning import plan_session

    definitions = [library()[e].definition for e in ("measuring", "value", "sharing")]
    session = plan_session(
        f"Bench {answers}", dt.date(2027, 6, 12), definitions, [("c", "community"), ("p", "public sector")], set()
    )
    steps = [s for e in session.exercises for s in e.steps if s.kind == "capture"]
    for i in range(answers):
        step = steps[i % len(steps)]
        step.answers.append(
            Answer(
                id=f"a{len(step.answers) + 1}",
                text=f"Answer {i}: what the room said about funders and trust 🙂",
                group="community" if i % 2 else "public sector",
                tags=["funders"],
                votes=i % 4,
                at=now(),
            )
        )
    path = folder / f"{session.id}.yaml"
    store.save_session(session, path)
    return path


def bench_autosave(runs: int) -> None:
    """The cost of saving one entry (parse, apply, write, fsync, rename), in process,
    and the whole `facilitate add` command, for an empty and a 500-answer session."""
    from facilitate import store
    from facilitate.facilitation import Workshop, save_to

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = {}
        for answers in (0, 500):
            path = _session_with(folder, answers)
            workshop = Workshop(store.load_session(path), save_to(path))
            samples = []
            for i in range(runs * 5):
                start = time.perf_counter()
                workshop.enter("measuring", "today", f"c: a new answer {i}")
                samples.append(time.perf_counter() - start)
            in_process = median_ms(samples)
            loads = []
            for _ in range(runs):
                start = time.perf_counter()
                store.load_session(path)
                loads.append(time.perf_counter() - start)
            print(f"load a {answers:3d}-answer session (parse and validate)  {median_ms(loads):6.1f} ms")
            env = {**os.environ, "FACILITATE_SESSIONS_DIR": str(folder)}
            command = time_process(
                [sys.executable, "-m", "facilitate", "add", path.stem, "measuring", "today", "c: one more"], runs, env
            )
            results[answers] = (in_process, command)
        for answers, (in_process, command) in results.items():
            print(
                f"save one entry, {answers:3d}-answer session  {in_process:6.1f} ms   "
                f"`facilitate add` {command:6.1f} ms"
            )
        extra = results[500][1] - results[0][1]
        print(
            f"save into 500 answers: {results[500][0]:.1f} ms median, fsync included (budget 25 ms); "
            f"`add` costs +{extra:.1f} ms over an empty session"
        )


def bench_exports(runs: int) -> None:
    """Summarise and render a 500-answer session in every format, in process."""
    from facilitate import store
    from facilitate.export import FORMATS, render
    from facilitate.figures.rows import entries
    from facilitate.figures.session import summarise

    with tempfile.TemporaryDirectory() as tmp:
        path = _session_with(Path(tmp), 500)
        session = store.load_session(path)
        render(summarise(session), "html", entries(session))  # load templates and python-docx once
        for fmt in FORMATS:
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                data = render(summarise(session), fmt, entries(session))
                samples.append(time.perf_counter() - start)
            print(f"export 500 answers as {fmt:<5} {median_ms(samples):7.1f} ms  ({len(data) / 1024:.0f} KiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    runs = 5 if args.quick else 15
    print("== start-up")
    bench_help(runs)
    print("== autosave")
    bench_autosave(runs)
    print("== exports")
    bench_exports(runs)


if __name__ == "__main__":
    main()
