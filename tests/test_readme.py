"""Every command the README shows runs on the demo build, succeeds and prints or writes something.

The commands are the README's indented code lines that start with ``kg`` or
``python -m kg``.  Synopsis lines with placeholders (``PATH``, ``NAME|FILE``,
``[--out DIR]`` ...) are not commands and are left out; ``kg serve`` and
``kg push`` need a server and are run by tests/test_server.py.  Each command
runs in a folder holding a fresh demo build in ``build/`` (and ``data/``), as
after ``make demo``.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
_PLACEHOLDER = re.compile(r"\b(?:PATH|FILE|NAME|ID|URL|DIR|F|N|K|HOST|PORT|VALUE|DATASET|IRI|PNG|PAGE)\b"
                          r"|\.\.\.|\[|\|(?![^\"]*\"$)|\s/\s")
_NEEDS_A_SERVER = ("kg serve", "kg push")


def readme_commands() -> list[str]:
    commands, lines = [], README.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if re.match(r"^    (kg |python -m kg )", line):
            text = line.strip()
            while text.endswith("\\") and i + 1 < len(lines):
                i += 1
                text = text[:-1].rstrip() + " " + lines[i].strip()
            command = re.split(r"\s+#\s", text, maxsplit=1)[0].strip()
            if not _PLACEHOLDER.search(command) and not command.startswith(_NEEDS_A_SERVER):
                commands.append(command)
        i += 1
    return commands


def test_the_readme_shows_runnable_commands_for_every_door():
    commands = readme_commands()
    for door in ("kg query", "kg viz", "kg export", "python -m kg"):
        assert any(c.startswith(door) for c in commands), f"README shows no runnable {door} example"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    (folder / "data").symlink_to(ROOT / "data")
    built = subprocess.run([sys.executable, "-m", "kg", "build", "data/articles", "--out", "build"],
                           cwd=folder, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("command", readme_commands())
def test_a_readme_command_runs_on_the_demo_and_gives_something(workdir, command):
    argv = shlex.split(command)
    argv = [sys.executable, "-m", "kg", *argv[1:]] if argv[0] == "kg" else [sys.executable, *argv[1:]]
    before = {p: p.stat().st_mtime_ns for p in (workdir / "build").rglob("*") if p.is_file()}
    result = subprocess.run(argv, cwd=workdir, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, f"{command}\n{result.stderr}"
    after = {p: p.stat().st_mtime_ns for p in (workdir / "build").rglob("*") if p.is_file()}
    wrote = [p for p in after if before.get(p) != after[p]]
    printed = result.stdout.strip()
    assert wrote or printed, f"{command}: printed nothing and wrote nothing"
    if printed.endswith("rows)") or printed.endswith("row)"):
        assert not printed.endswith("(0 rows)"), f"{command}: no rows on the demo build"
    if "--out" in argv:
        out = workdir / argv[argv.index("--out") + 1]
        assert out.exists() and (out.is_dir() or out.stat().st_size > 0), f"{command}: {out} not written"
