"""The on-disk store: incremental, idempotent ingestion per article graph; prune and remove; atomic writes."""
from __future__ import annotations

import dataclasses
import gc
import random
import subprocess
import sys
import textwrap
import time

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal, URIRef

from kg.cli import main
from kg.rdf import store as store_module
from kg.rdf.graph import article_graph_iri, extraction_to_dataset
from kg.rdf.store import (
    GRAPH_PREFIX, StoreError, article_graphs, graph_hash, ingest, open_store, remove_articles,
    store_to_dataset,
)
from rdf_fixtures import amman_extraction, brief_extraction, sample_extractions, tunis_extraction

IDS = ["amman-water-forum", "tunis-irrigation-conference", "water-brief"]


def quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store}


def graph_quads(store: ox.Store, article_id: str) -> set[str]:
    return {str(q) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_PREFIX + article_id))}


def test_ingest_adds_each_article_once_and_a_second_run_adds_nothing(tmp_path):
    store = open_store(tmp_path / "store")
    dataset = extraction_to_dataset(sample_extractions())

    first = ingest(store, dataset)
    assert sorted(first.added) == IDS and not (first.replaced or first.unchanged or first.removed)
    before = quads(store)

    second = ingest(store, extraction_to_dataset(sample_extractions()))
    assert sorted(second.unchanged) == IDS and not second.changed
    assert quads(store) == before
    assert str(second) == "0 added, 0 replaced, 3 unchanged, 0 removed"


def test_every_article_graph_carries_the_hash_of_its_content(tmp_path):
    store = open_store(tmp_path / "store")
    dataset = extraction_to_dataset(sample_extractions())
    ingest(store, dataset)
    hashes = article_graphs(store)
    assert sorted(hashes) == IDS
    for extraction in sample_extractions():
        graph = dataset.graph(article_graph_iri(extraction.article))
        assert hashes[extraction.article.id] == graph_hash(graph)
    # the rest of the graph is what kg.rdf.graph wrote, the hash triple aside
    back = store_to_dataset(store, include_hash=False)
    for extraction in sample_extractions():
        iri = article_graph_iri(extraction.article)
        assert len(back.graph(iri)) == len(dataset.graph(iri))


def test_a_changed_article_replaces_its_graph_and_leaves_the_others(tmp_path):
    store = open_store(tmp_path / "store")
    ingest(store, extraction_to_dataset(sample_extractions()))
    tunis_before = graph_quads(store, "tunis-irrigation-conference")

    amman = amman_extraction()
    changed = dataclasses.replace(amman, article=dataclasses.replace(amman.article, title="عنوان جديد"),
                                  relations=amman.relations[:2])
    report = ingest(store, extraction_to_dataset([changed, tunis_extraction(), brief_extraction()]))
    assert report.replaced == ["amman-water-forum"]
    assert sorted(report.unchanged) == ["tunis-irrigation-conference", "water-brief"]

    amman_now = store_to_dataset(store).graph(URIRef(GRAPH_PREFIX + "amman-water-forum"))
    titles = {str(o) for o in amman_now.objects(None, URIRef("https://schema.org/headline"))}
    assert titles == {"عنوان جديد"}  # the old title is gone, not added to
    statements = set(amman_now.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                        URIRef("https://w3id.org/kg-arabic/ontology#RelationStatement")))
    assert len(statements) == 2
    assert graph_quads(store, "tunis-irrigation-conference") == tunis_before


def test_prune_removes_articles_no_longer_present_and_remove_drops_one(tmp_path):
    store = open_store(tmp_path / "store")
    ingest(store, extraction_to_dataset(sample_extractions()))

    kept = ingest(store, extraction_to_dataset([amman_extraction(), tunis_extraction()]))
    assert not kept.removed and "water-brief" in article_graphs(store)  # no prune: kept

    pruned = ingest(store, extraction_to_dataset([amman_extraction(), tunis_extraction()]), prune=True)
    assert pruned.removed == ["water-brief"]
    assert sorted(article_graphs(store)) == IDS[:2]
    assert not graph_quads(store, "water-brief")

    assert remove_articles(store, ["amman-water-forum"]) == ["amman-water-forum"]
    assert sorted(article_graphs(store)) == ["tunis-irrigation-conference"]
    with pytest.raises(StoreError, match="no article 'nope' in the store"):
        remove_articles(store, ["nope"])


def test_a_failure_while_preparing_the_batch_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    store = open_store(tmp_path / "store")
    ingest(store, extraction_to_dataset([amman_extraction()]))
    before = quads(store)

    real = store_module._replace_graph_update
    calls = []

    def failing(graph):
        calls.append(graph.article_id)
        if len(calls) == 2:
            raise RuntimeError("simulated crash while preparing the second graph")
        return real(graph)

    monkeypatch.setattr(store_module, "_replace_graph_update", failing)
    amman = amman_extraction()
    changed = dataclasses.replace(amman, relations=amman.relations[:1])
    with pytest.raises(RuntimeError, match="simulated crash"):
        ingest(store, extraction_to_dataset([changed, tunis_extraction()]))
    assert quads(store) == before  # neither the changed amman graph nor tunis was written


CRASH_CHILD = textwrap.dedent("""
    import sys
    from rdflib import Dataset, Literal, URIRef
    from kg.rdf.store import GRAPH_PREFIX, ingest, open_store

    def version(tag):
        dataset = Dataset()
        for article in ("a1", "a2"):
            graph = dataset.graph(URIRef(GRAPH_PREFIX + article))
            for n in range(8000):
                graph.add((URIRef(f"https://example.org/{article}/{n}"), URIRef("https://example.org/p"),
                           Literal(f"{tag} {n}")))
        return dataset

    store = open_store(sys.argv[1])
    versions = [version("old"), version("new")]
    ingest(store, versions[0])
    print("ready", flush=True)
    turn = 1
    while True:
        ingest(store, versions[turn % 2])
        turn += 1
""")


def test_a_process_killed_mid_write_leaves_each_graph_whole(tmp_path):
    """kill -9 during replacements: every graph is then entirely the old or entirely the new version."""
    script = tmp_path / "child.py"
    script.write_text(CRASH_CHILD, encoding="utf-8")
    rng = random.Random(4)
    for attempt in range(3):
        path = tmp_path / f"store{attempt}"
        child = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.1, 1.0))
        finally:
            child.kill()
            child.wait(timeout=30)
        store = open_store(path)
        versions = set()
        for article in ("a1", "a2"):
            values = {q.object.value.split()[0] for q in store.quads_for_pattern(
                None, ox.NamedNode("https://example.org/p"), None, ox.NamedNode(GRAPH_PREFIX + article))}
            assert values in ({"old"}, {"new"}), f"graph {article} is a mix after a crash: {values}"
            assert len(graph_quads(store, article)) == 8001  # 8000 triples and the hash
            versions |= values
        # both graphs were replaced in the same transaction: they agree
        assert len(versions) == 1
        del store
        gc.collect()


def test_store_errors_say_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="run `kg build"):
        open_store(tmp_path / "missing", read_only=True)
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        open_store(tmp_path / "file")
    held = open_store(tmp_path / "held")
    with pytest.raises(StoreError, match="stop that process"):
        open_store(tmp_path / "held")
    del held
    with pytest.raises(StoreError, match="not an article graph"):
        other = Dataset()
        other.graph(URIRef("https://example.org/g")).add(
            (URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal("x")))
        ingest(open_store(tmp_path / "other"), other)


# ---------------------------------------------------------------- through the CLI

ARTICLE_ONE = "عمان - استقبل وزير الداخلية الأردني أمس في عمان وفدا من الأنتربول لبحث التعاون الأمني."
ARTICLE_TWO = "الرباط - حضر المدير العام للأمن الوطني لقاء إقليميا انعقد في الرباط بمشاركة ممثلين عن أفريبول."


def test_build_writes_the_store_incrementally_and_prunes_on_request(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "one.txt").write_text(ARTICLE_ONE, encoding="utf-8")
    (articles / "two.txt").write_text(ARTICLE_TWO, encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()

    first = runner.invoke(main, ["build", str(articles), "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert f"store: {out / 'store'} (2 added, 0 replaced, 0 unchanged, 0 removed)" in first.stdout
    again = runner.invoke(main, ["build", str(articles), "--out", str(out)])
    assert "(0 added, 0 replaced, 2 unchanged, 0 removed)" in again.stdout

    (articles / "two.txt").unlink()
    kept = runner.invoke(main, ["build", str(articles), "--out", str(out)])
    assert "(0 added, 0 replaced, 1 unchanged, 0 removed)" in kept.stdout
    pruned = runner.invoke(main, ["build", str(articles), "--out", str(out), "--prune"])
    assert "(0 added, 0 replaced, 1 unchanged, 1 removed)" in pruned.stdout

    valid = runner.invoke(main, ["validate", str(out / "store")])
    assert valid.exit_code == 0, valid.output
    assert "conforms: 1 graph(s)" in valid.stdout

    removed = runner.invoke(main, ["remove", "one", "--store", str(out / "store")])
    assert removed.exit_code == 0 and "removed 1 article graph(s): one" in removed.stdout
    unknown = runner.invoke(main, ["remove", "one", "--store", str(out / "store")])
    assert unknown.exit_code == 1 and "no article 'one'" in unknown.stderr


def test_prune_is_skipped_when_an_input_fails(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "one.txt").write_text(ARTICLE_ONE, encoding="utf-8")
    (articles / "two.txt").write_text(ARTICLE_TWO, encoding="utf-8")
    out = tmp_path / "out"
    CliRunner().invoke(main, ["build", str(articles), "--out", str(out)])
    (articles / "two.txt").write_bytes(b"")  # now unreadable: its graph must survive a --prune
    result = CliRunner().invoke(main, ["build", str(articles), "--out", str(out), "--prune"])
    assert result.exit_code == 1
    assert "--prune skipped" in result.stderr
    assert sorted(article_graphs(open_store(out / "store", read_only=True))) == ["one", "two"]


def test_a_bulk_load_in_chunks_holds_the_same_quads_as_an_ingest(tmp_path):
    ingested = open_store(tmp_path / "ingested")
    ingest(ingested, extraction_to_dataset(sample_extractions()))
    graphs = list(store_module._article_graphs_of(extraction_to_dataset(sample_extractions())))
    # a chunk after every article graph (each loads in the loader's thread while the next is written);
    # one chunk for all
    for chunk_lines in (10, 10**9):
        loaded = ox.Store(str(tmp_path / f"loaded-{chunk_lines}"))
        report = store_module.bulk_load(loaded, graphs, tmp_path / "spool.nq", chunk_lines=chunk_lines)
        assert sorted(report.added) == IDS
        assert quads(loaded) == quads(ingested)
        assert article_graphs(loaded) == article_graphs(ingested)
        assert not list(tmp_path.glob("spool.nq*"))  # the chunk files are gone


def test_a_bulk_load_that_fails_midway_waits_for_its_loader_and_leaves_no_chunk_file(tmp_path):
    graphs = list(store_module._article_graphs_of(extraction_to_dataset(sample_extractions())))
    loaded = ox.Store(str(tmp_path / "loaded"))
    with pytest.raises(StoreError, match="given twice"):
        store_module.bulk_load(loaded, [*graphs, graphs[0]], tmp_path / "spool.nq", chunk_lines=10)
    assert not list(tmp_path.glob("spool.nq*"))
    # the chunks loaded before the failure are whole: every graph loaded so far, nothing torn
    assert sorted(article_graphs(loaded)) == IDS
