"""Fuzzing the whole flow: N hostile cases (tests/fuzz_cases.py) through ingest, extraction, RDF,
the scorer's JSON and the store, and the counts: cases, articles, exceptions, invariant
violations, and input errors by reason.  The target is 0 exceptions and 0 violations.

    .venv/bin/python bench/fuzz.py [N] [--seed 0] [--show 3]

Case k is drawn from random.Random(seed * 1_000_003 + k), so a failing case can be run alone
with ``--first k N=1``.  The exit code is 1 when anything but input errors came out.
"""
from __future__ import annotations

import sys

# Run as a script, this folder comes first on sys.path, and bench/html.py would shadow the standard library's html.
if sys.path and sys.path[0] and __file__.startswith(sys.path[0]):
    sys.path.pop(0)

import argparse
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000, help="cases to run (default 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--first", type=int, default=0, help="number of the first case")
    parser.add_argument("--show", type=int, default=3, help="exceptions and violations to print in full")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "tests"))
    from fuzz_cases import check_case, make_case

    from kg.extract.pipeline import Extractor

    extractor = Extractor()
    start = time.perf_counter()
    articles, errors = 0, Counter()
    exceptions: list[tuple[int, str]] = []
    violations: list[tuple[int, str]] = []
    for k in range(args.first, args.first + args.n):
        case = make_case(random.Random(args.seed * 1_000_003 + k))
        with tempfile.TemporaryDirectory() as folder:
            outcome = check_case(case, Path(folder), extractor)
        articles += outcome.articles
        errors.update(outcome.input_errors)
        exceptions.extend((k, e) for e in outcome.exceptions)
        violations.extend((k, v) for v in outcome.violations)
    seconds = time.perf_counter() - start
    print(f"cases: {args.n}  articles extracted: {articles}  input errors: {sum(errors.values())}  "
          f"exceptions: {len(exceptions)}  invariant violations: {len(violations)}  ({seconds:.0f} s)")
    print("input errors by reason:")
    for reason, count in errors.most_common():
        print(f"  {count:6}  {reason}")
    for what, found in (("exception", exceptions), ("violation", violations)):
        kinds = Counter(text.strip().splitlines()[-1][:120] for _, text in found)
        for kind, count in kinds.most_common():
            print(f"{what} x{count}: {kind}")
        for k, text in found[:args.show]:
            print(f"--- {what} in case {k}:\n{text}")
    return 1 if exceptions or violations else 0


if __name__ == "__main__":
    sys.exit(main())
