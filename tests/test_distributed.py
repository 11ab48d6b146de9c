"""kg build on a Dask cluster: a LocalCluster of two worker processes gives the local build's store and files."""
from __future__ import annotations

import json

import pytest

from build_faults import ONE, THREE, TWO, write_articles

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local, distributed.Client(local) as client:
        yield client


def _quads(store_dir):
    from kg.rdf.store import open_store

    store = open_store(store_dir, read_only=True)
    try:
        return {str(q) for q in store}
    finally:
        del store


@pytest.mark.slow
def test_a_build_on_two_dask_workers_gives_the_quads_and_files_of_a_local_build(cluster, tmp_path):
    from kg.build import build
    from kg.distributed import CHUNK

    texts = {f"n{n:02d}": text for n, text in enumerate([ONE, TWO, THREE] * 4)}
    articles = write_articles(tmp_path / "articles", texts)
    (articles / "zz-empty.txt").write_bytes(b"")  # a bad input, reported in its place
    local, remote = tmp_path / "local", tmp_path / "dask"
    errors = {"local": [], "dask": []}
    build([articles], local, jobs=1, on_error=errors["local"].append)
    import kg.distributed

    kg.distributed.CHUNK = 5  # several chunks over the two workers
    try:
        report = build([articles], remote, scheduler=cluster, on_error=errors["dask"].append)
    finally:
        kg.distributed.CHUNK = CHUNK
    assert report.added == sorted(texts)
    assert [str(e) for e in errors["dask"]] == [str(e) for e in errors["local"]] and len(errors["dask"]) == 1
    assert _quads(remote / "store") == _quads(local / "store")
    for name in ("extractions.json", "graph.ttl", "manifest.json"):
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name
    assert not list((remote / "shards").iterdir())  # shards are loaded, then removed
    assert [r["id"] for r in json.loads((remote / "extractions.json").read_text())] == sorted(texts)


def test_an_unreachable_scheduler_is_one_line_and_nothing_is_written(tmp_path):
    from build_faults import kg

    articles = write_articles(tmp_path / "articles", {"one": ONE})
    result = kg("build", str(articles), "--out", str(tmp_path / "out"), "--engine", "dask",
                "--scheduler", "tcp://127.0.0.1:9")
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("kg: error: ") and "Dask scheduler at tcp://127.0.0.1:9" in line
    assert not (tmp_path / "out" / "store").exists()
