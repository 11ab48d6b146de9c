"""Records of article graphs: made from a graph's lines, read back from a store, and kept by content hash."""
from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox

from kg.rdf import store as store_module
from kg.rdf.graph import extraction_to_dataset
from kg.rdf.records import RecordMemo, graph_record, iter_store_records
from kg.rdf.store import GRAPH_PREFIX, ingest, open_store

from rdf_fixtures import amman_extraction, sample_extractions


def extractions():
    amman = amman_extraction()
    # a time with an offset, which a store writes back in canonical form ("...Z")
    timed = replace(amman, article=replace(amman.article, id="amman-timed", date="2024-03-11T09:30:00+00:00"))
    return [*sample_extractions(), timed]


def stored(tmp_path):
    dataset = extraction_to_dataset(extractions())
    store = open_store(tmp_path / "store")
    ingest(store, dataset)
    return store, list(store_module._article_graphs_of(dataset))


def test_a_record_made_from_a_graphs_lines_is_the_record_the_store_gives_back(tmp_path):
    store, graphs = stored(tmp_path)
    from_store = {r["id"]: r for r in iter_store_records(store)}
    assert sorted(from_store) == sorted(g.article_id for g in graphs)
    for graph in graphs:
        assert graph_record(GRAPH_PREFIX + graph.article_id, graph.lines) == from_store[graph.article_id]
    assert from_store["amman-timed"]["date"] == "2024-03-11T09:30:00Z"
    assert from_store["amman-water-forum"]["date"] == "2024-03-11"
    relations = from_store["amman-water-forum"]["relations"]
    assert len(relations) == 7 and {r["predicate"] for r in relations} >= {"heldIn", "attended", "metWith"}


def test_a_worker_makes_the_lines_and_record_the_store_gives_back_without_parsing_its_lines(tmp_path):
    from kg.batch import _result

    store, graphs = stored(tmp_path)
    from_store = {r["id"]: r for r in iter_store_records(store)}
    lines = {g.article_id: g.lines for g in graphs}
    for extraction in extractions():
        result = _result(extraction, with_record=False)
        assert result.lines == lines[result.article_id]
        assert result.graph_record == from_store[result.article_id]


def test_a_memo_that_knows_a_graph_is_read_instead_of_the_graph_and_learns_the_others(tmp_path):
    store, graphs = stored(tmp_path)
    memo = RecordMemo(tmp_path / "records.sqlite")
    known = graphs[0]
    memo.put(known.digest, {"id": known.article_id, "entities": [], "relations": [], "title": "from the memo"})
    records = {r["id"]: r for r in iter_store_records(store, memo)}
    assert records[known.article_id]["title"] == "from the memo"
    assert all(records[g.article_id].get("title") != "from the memo" for g in graphs[1:])
    for graph in graphs[1:]:  # learnt while reading
        assert memo.get(graph.digest) == records[graph.article_id]
    memo.keep([graphs[1].digest])
    assert memo.get(graphs[1].digest) is not None
    assert memo.get(known.digest) is None and memo.get(graphs[2].digest) is None
    memo.close()


def test_a_damaged_memo_is_started_again(tmp_path):
    path = tmp_path / "records.sqlite"
    path.write_bytes(b"\x00not a database\xff" * 100)
    memo = RecordMemo(path)
    assert memo.get("0" * 64) is None
    memo.put("0" * 64, {"id": "x"})
    memo.close()
    assert RecordMemo(path).get("0" * 64) == {"id": "x"}


def test_records_made_by_other_code_are_forgotten(tmp_path, monkeypatch):
    from kg.rdf import records

    path = tmp_path / "records.sqlite"
    memo = RecordMemo(path)
    memo.put("1" * 64, {"id": "old"})
    memo.close()
    assert RecordMemo(path).get("1" * 64) == {"id": "old"}
    monkeypatch.setattr(records, "_record_code", lambda: "another kg")
    assert RecordMemo(path).get("1" * 64) is None
