"""Kill `kg build` at random moments and count what it left (issue: store and files old or new, every time).

Each trial copies an old build (or starts a first build), runs `kg build NEW --prune`,
kills it with SIGKILL after a random delay within the time an uninterrupted
rebuild takes, and checks the folder with tests/build_faults.py: the store holds
the old or the new build, and the files agree with it, or are flagged as lagging
and mended by `kg repair`.  Prints one line per trial and the counts.

    .venv/bin/python bench/kill_trials.py [--trials 30] [--seed 7]
"""
from __future__ import annotations

import sys

if sys.path and sys.path[0] and __file__.startswith(sys.path[0]):
    sys.path.pop(0)  # bench/html.py would shadow the standard library's html

import argparse
import random
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from build_faults import make_reference, run_trial  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kg-kill-") as tmp:
        root = Path(tmp)
        reference = make_reference(root / "reference")
        print(f"an uninterrupted rebuild takes {reference.seconds:.2f} s")
        counts: Counter[str] = Counter()
        problems = 0
        for number in range(args.trials):
            first = number % 3 == 2  # a third of the trials interrupt a first build
            delay = rng.uniform(0.05, reference.seconds * 1.05)
            outcome = run_trial(reference, root / f"trial-{number}", delay, first_build=first)
            counts[f"store {outcome.store}, files {outcome.files}"] += 1
            problems += bool(outcome.problem)
            print(f"trial {number:2d} {'first build' if first else 'rebuild    '} killed at {delay:5.2f} s: "
                  f"store {outcome.store}, files {outcome.files}{'  PROBLEM: ' + outcome.problem if outcome.problem else ''}")
    print(f"{args.trials} trials, {problems} with store or files neither old nor new")
    for key, count in sorted(counts.items()):
        print(f"  {count:3d}  {key}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
