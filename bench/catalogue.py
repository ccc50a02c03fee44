"""Benchmark of the catalogue over many sessions. Run: python bench/catalogue.py [--sessions N]

Generates N sessions (default 1,000, about 60 answers each) in a temporary folder,
then measures in one run: parsing every file with libyaml (the baseline), a cold
catalogue build, and `list`, `search` and `summary --all` with a warm catalogue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLACES = ["Birmingham", "London", "Leeds", "Bristol", "Cardiff", "Glasgow", "Belfast", "Newcastle"]
WORDS = (
    "trust funders council volunteers families outcomes stories data forms time money young people "
    "belonging confidence health jobs park safety partners reporting evidence impact value"
).split()


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))).capitalize()


def generate(folder: Path, count: int, seed: int = 7) -> int:
    from facilitate import store
    from facilitate.exercises import library
    from facilitate.model import Action, Answer, ChoiceResponse, Meaning, ScaleResponse, Term, now
    from facilitate.planning import plan_session

    rng = random.Random(seed)
    definitions = [library()[e].definition for e in ("measuring", "value", "sharing")]
    groups = [("c", "community"), ("p", "public sector"), ("f", "funders")]
    total = 0
    stamp = now()
    for n in range(count):
        place = PLACES[n % len(PLACES)]
        date = dt.date(2025, 1, 1) + dt.timedelta(days=n)
        session = plan_session(f"Workshop {n} in {place}", date, definitions, groups, set(), location=place)
        session.status = "finished"
        for exercise in session.exercises:
            d = exercise.definition
            for step_def in d.steps:
                record = exercise.step(step_def.id)
                record.status = "done"
                group = lambda: rng.choice(["community", "public sector", "funders", None])  # noqa: E731
                if step_def.kind == "capture":
                    for i in range(rng.randint(10, 14)):
                        record.answers.append(
                            Answer(
                                id=f"a{i + 1}",
                                text=_text(rng),
                                group=group(),
                                at=stamp,
                                votes=rng.randint(0, 4),
                                private=rng.random() < 0.03,
                            )
                        )
                        total += 1
                elif step_def.kind == "scale":
                    record.responses = [ScaleResponse(value=rng.randint(1, 5), group=group()) for _ in range(15)]
                elif step_def.kind == "choice":
                    record.responses = [
                        ChoiceResponse(choice=rng.choice(step_def.options).name, group=group()) for _ in range(20)
                    ]
                elif step_def.kind == "tag":
                    for answer in exercise.step(step_def.of).answers:
                        answer.tags = rng.sample([o.name for o in step_def.options], rng.randint(0, 2))
                elif step_def.kind == "glossary":
                    record.terms = [
                        Term(term=t, meanings=[Meaning(group=group(), meaning=_text(rng)) for _ in range(2)])
                        for t in rng.sample(step_def.suggestions, 3)
                    ]
                elif step_def.kind == "actions":
                    record.actions = [Action(action=_text(rng), owner="Sam", due="March") for _ in range(3)]
            exercise.started = exercise.finished = stamp
        store.save_session(session, folder / f"{session.id}.yaml")
    return total


def _median_process_ms(argv: list[str], runs: int, env: dict) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    import yaml

    from facilitate.catalogue import INDEX_NAME, Catalogue

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="facilitate-bench-"))
    try:
        start = time.perf_counter()
        answers = generate(folder, args.sessions)
        print(f"generated {args.sessions} sessions, {answers} answers in {time.perf_counter() - start:.1f} s")

        files = sorted(folder.glob("*.yaml"))
        start = time.perf_counter()
        for path in files:
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        parse = time.perf_counter() - start
        print(f"parse every file with libyaml      {parse * 1000:8.0f} ms (baseline)")

        import facilitate.catalogue as index

        def cold_build() -> float:
            for name in (INDEX_NAME, index.DIGESTS_NAME, index.ANSWERS_NAME):
                (folder / name).unlink(missing_ok=True)
            start = time.perf_counter()
            Catalogue(folder).refresh()
            return time.perf_counter() - start

        parallel_from = index.PARALLEL_FROM
        index.PARALLEL_FROM = 10**9
        single = cold_build()
        index.PARALLEL_FROM = parallel_from
        cold = cold_build()
        print(f"cold catalogue build, one process  {single * 1000:8.0f} ms  = {single / parse:.2f}x the parse")
        print(
            f"cold catalogue build, {os.cpu_count()} cores      {cold * 1000:8.0f} ms  = {cold / parse:.2f}x the parse "
            "(budget 1.4x)"
        )

        env = {**os.environ, "FACILITATE_SESSIONS_DIR": str(folder), "NO_COLOR": "1"}
        python = sys.executable
        from run import bench_commands

        from facilitate.cli import app

        names = bench_commands(app)
        bare = _median_process_ms(
            [python, str(HERE / "bare_typer_app.py"), "--help"], args.runs, {**env, "BENCH_COMMANDS": names}
        )
        command = str(Path(python).with_name("facilitate"))  # the console script, as people type it
        listing = _median_process_ms([command, "list"], args.runs, env)
        search = _median_process_ms([command, "search", "trust", "council"], args.runs, env)
        summary = _median_process_ms([command, "summary", "--all"], args.runs, env)
        print(f"bare typer app --help              {bare:8.0f} ms")
        print(
            f"list, warm catalogue               {listing:8.0f} ms  = {listing / bare:.2f}x bare typer (budget 300 ms)"
        )
        print(f"search, warm catalogue             {search:8.0f} ms  (budget 1000 ms)")
        print(f"summary --all, warm catalogue      {summary:8.0f} ms  (budget 1000 ms)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
