"""Kill a `kg build` at a chosen moment and check what it left: shared by tests/test_build_faults.py and
bench/kill_trials.py.

A trial starts from a copy of an "old" build folder (or none: a first build), runs
`kg build NEW --out TRIAL --prune` in a child process, kills it with SIGKILL after
``delay`` seconds and then checks the folder: the store must hold exactly the old
or the new build; the files must either agree with the store (manifest current,
extractions.json and graph.trig equal to a reference build of that state) or be
flagged by the manifest as lagging, and then `kg repair` must make them agree.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ONE = ("عمان - استقبل وزير الداخلية الأردني أمس في عمان وفدا من الأنتربول برئاسة مدير إدارة العمليات، "
       "وبحث الجانبان سبل تعزيز التعاون الأمني.")
TWO = ("تونس - شارك وزير الداخلية التونسي في الدورة الحادية والأربعين لمجلس وزراء الداخلية العرب "
       "التي عقدت في مدينة تونس بمشاركة ممثلين عن الأنتربول وجامعة الدول العربية.")
THREE = ("الرباط - التقى وزير الخارجية المغربي نظيره الإسباني في الرباط، وبحث معه تعزيز التعاون "
         "بين البلدين في مجال الهجرة ومكافحة الجريمة المنظمة.")
ONE_CHANGED = ONE + " وحضر اللقاء سفير المملكة الأردنية في المغرب."


def kg(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, check=False, **kwargs)


def write_articles(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


@dataclass
class Reference:
    """The old and new inputs, and the build folders they give when nothing interrupts them."""

    old_inputs: Path
    new_inputs: Path
    old_build: Path
    new_build: Path
    seconds: float  # how long an uninterrupted rebuild from old to new takes

    def state_of(self, build: Path) -> str | None:
        from kg.rdf.store import open_store, store_state

        if not (build / "store" / "CURRENT").exists():
            return None
        store = open_store(build / "store", read_only=True)
        try:
            return store_state(store)
        finally:
            del store


def make_reference(root: Path) -> Reference:
    """Build the old and the new reference folders (and time a rebuild from old to new)."""
    old_inputs = write_articles(root / "old", {"one": ONE, "two": TWO})
    new_inputs = write_articles(root / "new", {"one": ONE_CHANGED, "three": THREE})
    old_build = root / "old-build"
    done = kg("build", str(old_inputs), "--out", str(old_build), "-j", "1")
    assert done.returncode == 0, done.stderr
    new_build = root / "new-build"
    shutil.copytree(old_build, new_build)
    started = time.monotonic()
    done = kg("build", str(new_inputs), "--out", str(new_build), "--prune", "-j", "1")
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    return Reference(old_inputs, new_inputs, old_build, new_build, seconds)


@dataclass
class Outcome:
    store: str           # "old", "new" or "none" (a first build killed before its store was in place)
    files: str           # "agree" (as left) or "repaired" (lagging, flagged, mended by kg repair)
    problem: str = ""    # empty when every check held


def _files_agree(build: Path, reference_build: Path | None) -> str:
    """'' when the build folder's files are those of ``reference_build`` (None: no build at all)."""
    if reference_build is None:
        present = [n for n in ("graph.trig", "extractions.json", "graph.html", "manifest.json") if (build / n).exists()]
        return f"files {present} without a store" if present else ""
    for name in ("extractions.json", "manifest.json"):
        mine, theirs = build / name, reference_build / name
        if not mine.exists():
            return f"{name} missing"
        if name == "manifest.json":
            a, b = json.loads(mine.read_text()), json.loads(theirs.read_text())
            if a["store_state"] != b["store_state"] or a["files"] != b["files"]:
                return "manifest differs from the reference build's"
        elif mine.read_bytes() != theirs.read_bytes():
            return f"{name} differs from the reference build's"
    from rdflib import Dataset

    mine, theirs = Dataset(), Dataset()
    mine.parse(build / "graph.trig", format="trig")
    theirs.parse(reference_build / "graph.trig", format="trig")
    if set(mine.quads()) != set(theirs.quads()):
        return "graph.trig differs from the reference build's"
    return ""


def run_trial(reference: Reference, folder: Path, delay: float, *, first_build: bool) -> Outcome:
    """One kill trial in ``folder`` (created here); the outcome says what was left and what failed."""
    from kg.build import outputs_are_current

    if first_build:
        folder.mkdir(parents=True)
    else:
        shutil.copytree(reference.old_build, folder)
    child = subprocess.Popen([sys.executable, "-m", "kg", "build", str(reference.new_inputs), "--out", str(folder),
                              "--prune", "-j", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if child.poll() is None:
        os.kill(child.pid, signal.SIGKILL)
    child.wait()

    state = reference.state_of(folder)
    old_state = None if first_build else reference.state_of(reference.old_build)
    new_state = reference.state_of(reference.new_build)
    if state == new_state:
        which, reference_build = "new", reference.new_build
    elif state == old_state:
        which, reference_build = ("none", None) if first_build else ("old", reference.old_build)
    else:
        return Outcome("mixed", "", f"store state {state} is neither the old nor the new build")

    if reference_build is None or outputs_are_current(folder, state):
        problem = _files_agree(folder, reference_build)
        return Outcome(which, "agree", problem and f"files said current but {problem}")
    repaired = kg("repair", str(folder))
    if repaired.returncode != 0:
        return Outcome(which, "repaired", f"kg repair failed: {repaired.stderr.strip()}")
    problem = _files_agree(folder, reference_build)
    return Outcome(which, "repaired", problem and f"after kg repair, {problem}")
