"""How kg scales: extract and build synthetic corpora of growing size; print time, articles/s and peak RSS.

For each size (default 1,000 and 10,000; add 100000 with --sizes) a corpus is
written by bench/corpus.py (the bundled articles with varied names, so the graph
grows), then these run as separate processes, each timed with its peak resident
memory (the largest of the process and its workers, from wait4):

- ``kg extract CORPUS -j N``           (the scorer's JSON to /dev/null)
- ``kg build CORPUS --out DIR -j N``   (first build: store bulk-loaded, files derived)
- the same build again                  (unchanged: every article from the cache)
- the build after one article changed  (only its graph replaced)

    .venv/bin/python bench/scale.py [--sizes 1000 10000 100000] [--jobs N] [--keep DIR] [--steps extract first ...]

No assertion: it prints figures.  Articles/s per core divides by the jobs used.
"""
from __future__ import annotations

import sys

if sys.path and sys.path[0] and __file__.startswith(sys.path[0]):
    sys.path.pop(0)  # bench/html.py would shadow the standard library's html

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "bench"))  # last: bench/html.py must not shadow html

from corpus import write_corpus  # noqa: E402


def timed(args: list[str], stdout=subprocess.DEVNULL) -> tuple[float, float, int]:
    """Run ``args``; (seconds, peak RSS in MB of it and its children, exit code)."""
    started = time.monotonic()
    child = subprocess.Popen(args, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.stderr.write(child.stderr.read().decode("utf-8", "replace")[-2000:])
    return seconds, usage.ru_maxrss / 1024, child.returncode


def change_one_article(corpus: Path) -> None:
    lines = corpus.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[len(lines) // 2])
    record["text"] += " وأكد الوزير أهمية التعاون بين البلدين."
    lines[len(lines) // 2] = json.dumps(record, ensure_ascii=False)
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")


#: the steps, by the name --steps gives them
STEPS = {"extract": "extract", "first": "build (first)", "unchanged": "build (unchanged)",
         "changed": "build (one changed)"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--keep", type=Path, default=None, help="Keep corpora and builds in this folder.")
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS),
                        help="Run only these steps (a step after 'first' needs 'first' run before it).")
    args = parser.parse_args(argv)
    kg = [sys.executable, "-m", "kg"]
    root = args.keep or Path(tempfile.mkdtemp(prefix="kg-scale-"))
    print(f"{args.jobs} job(s) on {os.cpu_count()} core(s); corpora and builds in {root}")
    print(f"{'articles':>9} {'step':<22} {'seconds':>9} {'art/s':>8} {'art/s/core':>10} {'peak MB':>8}")
    try:
        for size in args.sizes:
            corpus = write_corpus(root / f"corpus-{size}" / "corpus.jsonl", size)
            out = root / f"build-{size}"
            shutil.rmtree(out, ignore_errors=True)
            steps = [
                ("extract", [*kg, "extract", str(corpus), "-j", str(args.jobs)]),
                ("build (first)", [*kg, "build", str(corpus), "--out", str(out), "-j", str(args.jobs)]),
                ("build (unchanged)", [*kg, "build", str(corpus), "--out", str(out), "-j", str(args.jobs)]),
                ("build (one changed)", [*kg, "build", str(corpus), "--out", str(out), "-j", str(args.jobs)]),
            ]
            chosen = {STEPS[step] for step in args.steps}
            for name, command in steps:
                if name not in chosen:
                    continue
                if name == "build (one changed)":
                    change_one_article(corpus)
                seconds, peak, code = timed(command)
                rate = size / seconds
                print(f"{size:>9} {name:<22} {seconds:>9.1f} {rate:>8.1f} {rate / args.jobs:>10.1f} {peak:>8.0f}"
                      + ("" if code == 0 else f"  (exit {code})"), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
