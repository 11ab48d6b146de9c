"""A build under faults: killed at several moments, a full disk, a second build, a vanished input.

Every case must end with one line on stderr, the store holding the old or the
new build, and the files agreeing with the store (or flagged and mended by
`kg repair`).  bench/kill_trials.py runs the kill trials at 30 random moments.
"""
from __future__ import annotations

import fcntl
import json
import resource
import shutil
import sys

import pytest

from build_faults import ONE, THREE, TWO, kg, make_reference, run_trial, write_articles


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return make_reference(tmp_path_factory.mktemp("reference"))


@pytest.mark.slow
@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.85, 0.97])
@pytest.mark.parametrize("first_build", [False, True], ids=["rebuild", "first-build"])
def test_a_build_killed_at_any_moment_leaves_store_and_files_old_or_new(reference, tmp_path, fraction, first_build):
    outcome = run_trial(reference, tmp_path / "trial", reference.seconds * fraction, first_build=first_build)
    assert outcome.problem == "", outcome
    assert outcome.store in (("none", "new") if first_build else ("old", "new"))


def test_a_rebuild_says_it_repaired_files_left_behind_by_an_interrupted_build(reference, tmp_path):
    folder = tmp_path / "build"
    shutil.copytree(reference.new_build, folder)
    # as if killed after the store commit, before the manifest: the manifest names the old store state
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["store_state"] = "0" * 64
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / "graph.html").write_text("half a page")
    leftover = folder / ".graph.trig.4242.blocks.tmp"  # graph.trig's named graphs, from the killed build
    leftover.write_text("kgr:graph {")
    result = kg("build", str(reference.new_inputs), "--out", str(folder), "--prune")
    assert result.returncode == 0, result.stderr
    assert "repaired an interrupted build" in result.stderr
    assert not leftover.exists() and not list(folder.glob(".*.tmp"))
    assert (folder / "extractions.json").read_bytes() == (reference.new_build / "extractions.json").read_bytes()
    assert (folder / "graph.html").stat().st_size > 10_000
    again = kg("build", str(reference.new_inputs), "--out", str(folder), "--prune")
    assert "repaired" not in again.stderr and "nothing changed and the files are current" in again.stdout


def test_kg_repair_mends_lagging_files_and_says_when_there_is_nothing_to_do(reference, tmp_path):
    folder = tmp_path / "build"
    shutil.copytree(reference.new_build, folder)
    (folder / "extractions.json").write_text("[]")
    assert "repaired" in kg("repair", str(folder)).stdout
    assert (folder / "extractions.json").read_bytes() == (reference.new_build / "extractions.json").read_bytes()
    assert "nothing to do" in kg("repair", str(folder)).stdout


def test_a_second_build_of_the_same_folder_refuses_before_touching_it(reference, tmp_path):
    folder = tmp_path / "build"
    shutil.copytree(reference.old_build, folder)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    with open(folder / ".kg-build.lock", "a+") as held:  # what a running build holds
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.truncate(0)
        held.write("another kg build (pid 4242)")
        held.flush()
        result = kg("build", str(reference.new_inputs), "--out", str(folder))
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("kg: error: ") and "another kg build (pid 4242)" in line and str(folder) in line
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.name != ".kg-build.lock"} == \
        {k: v for k, v in before.items() if k != ".kg-build.lock"}


def _limit_file_size(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.parametrize("limit", [20_000, 120_000])
def test_a_file_size_limit_is_one_line_naming_the_path_and_nothing_is_lost(reference, tmp_path, limit):
    folder = tmp_path / "build"
    shutil.copytree(reference.old_build, folder)
    result = kg("build", str(reference.new_inputs), "--out", str(folder), "--prune", "--no-cache",
                preexec_fn=_limit_file_size(limit))
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("kg: error: ") and "Traceback" not in result.stderr
    assert "size limit" in line and str(folder) in line
    assert not list(folder.glob(".*.tmp")) and not list(folder.glob("*.tmp"))
    state = reference.state_of(folder)
    assert state in (reference.state_of(reference.old_build), reference.state_of(reference.new_build))
    kg("repair", str(folder))  # without the limit: the files follow the store again
    kept = reference.old_build if state == reference.state_of(reference.old_build) else reference.new_build
    assert (folder / "extractions.json").read_bytes() == (kept / "extractions.json").read_bytes()


def test_a_vanished_or_broken_input_is_one_line_and_blocks_prune(tmp_path):
    articles = write_articles(tmp_path / "articles", {"one": ONE, "two": TWO, "three": THREE})
    out = tmp_path / "out"
    assert kg("build", str(articles), "--out", str(out)).returncode == 0
    (articles / "two.txt").unlink()
    (articles / "two.txt").symlink_to(articles / "gone.txt")  # broken: a vanished target
    result = kg("build", str(articles), "--out", str(out), "--prune")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("kg: error:")]
    assert len(errors) == 1 and "two.txt" in errors[0] and "symbolic link" in errors[0]
    assert "--prune skipped" in result.stderr
    ids = [r["id"] for r in json.loads((out / "extractions.json").read_text())]
    assert ids == ["one", "three", "two"]  # nothing stored was lost


def test_a_missing_file_named_on_the_command_line_is_one_line_and_the_rest_is_built(tmp_path):
    articles = write_articles(tmp_path / "articles", {"one": ONE})
    out = tmp_path / "out"
    result = kg("build", str(articles / "one.txt"), str(articles / "missing.txt"), "--out", str(out))
    assert result.returncode == 1
    [error] = [line for line in result.stderr.splitlines() if line.startswith("kg: error:")]
    assert "missing.txt" in error and "no such file" in error
    assert [r["id"] for r in json.loads((out / "extractions.json").read_text())] == ["one"]


def test_jobs_and_cache_do_not_change_the_build(tmp_path):
    texts = {f"a{n}": text for n, text in enumerate([ONE, TWO, THREE] * 3)}
    articles = write_articles(tmp_path / "articles", texts)
    one = tmp_path / "one-job"
    two = tmp_path / "two-jobs"
    assert kg("build", str(articles), "--out", str(one), "-j", "1", "--no-cache").returncode == 0
    result = kg("build", str(articles), "--out", str(two), "-j", "2", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["store"]["added"] == sorted(texts) and report["from_cache"] == 0
    for name in ("extractions.json", "graph.ttl"):
        assert (one / name).read_bytes() == (two / name).read_bytes()
    rebuilt = json.loads(kg("build", str(articles), "--out", str(two), "-j", "2", "--json").stdout)
    assert rebuilt["from_cache"] == len(texts) and rebuilt["store"]["unchanged"] == len(texts)
    assert rebuilt["files_written"] is False


def test_a_build_while_a_read_only_server_shows_the_store_refuses_in_one_line(reference, tmp_path):
    from served_store import serving

    folder = tmp_path / "build"
    shutil.copytree(reference.old_build, folder)
    before = (folder / "extractions.json").read_bytes()
    with serving(folder / "store", "--read-only"):
        result = kg("build", str(reference.new_inputs), "--out", str(folder))
        assert result.returncode == 1
        [line] = result.stderr.splitlines()
        assert "kg serve --read-only (pid" in line and "holds this folder" in line
    assert (folder / "extractions.json").read_bytes() == before
    assert kg("build", str(reference.new_inputs), "--out", str(folder)).returncode == 0  # stopped: builds again


def test_a_lost_or_damaged_records_memo_costs_only_time(tmp_path):
    articles = write_articles(tmp_path / "articles", {"one": ONE, "two": TWO, "three": THREE})
    out = tmp_path / "out"
    assert kg("build", str(articles), "--out", str(out)).returncode == 0
    written = (out / "extractions.json").read_bytes()
    assert (out / "records.sqlite").stat().st_size > 0
    for damage in (lambda memo: memo.unlink(), lambda memo: memo.write_bytes(b"\xffnot sqlite" * 50)):
        damage(out / "records.sqlite")
        (out / "manifest.json").unlink()
        result = kg("repair", str(out))
        assert result.returncode == 0, result.stderr
        assert (out / "extractions.json").read_bytes() == written
