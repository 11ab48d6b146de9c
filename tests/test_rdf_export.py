"""kg export: RDF formats round-trip, JSON-LD carries kg's context, networks and CSV keep labels."""
from __future__ import annotations

import csv
import gc
import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.cli import main
from kg.rdf.export import FORMATS, export_store, jsonld_context, store_to_networkx
from kg.rdf.graph import extraction_to_dataset
from kg.rdf.store import ingest, open_store, store_to_dataset
from kg.rdf.vocab import PREFIXES
from rdf_fixtures import AUTHORITY, AWKWARD, SALIM, awkward_extraction, sample_extractions

KGR = "https://w3id.org/kg-arabic/id/"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "store"
    store = open_store(path)
    ingest(store, extraction_to_dataset(sample_extractions() + [awkward_extraction()]))
    del store
    gc.collect()
    return path


@pytest.fixture(scope="module")
def store(store_dir) -> ox.Store:
    return open_store(store_dir, read_only=True)


def named(dataset: Dataset) -> dict:
    return {g.identifier: g for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)}


@pytest.mark.parametrize("fmt, rdflib_format", [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_dataset_formats_round_trip_graph_by_graph(store, fmt, rdflib_format):
    expected = named(store_to_dataset(store))
    parsed = Dataset()
    parsed.parse(data=export_store(store, fmt), format=rdflib_format)
    actual = named(parsed)
    assert set(actual) == set(expected) and len(actual) == 4
    for name, graph in expected.items():
        assert isomorphic(actual[name], graph), name


def test_turtle_round_trips_the_union_of_all_graphs(store):
    union = Graph()
    for quad in store_to_dataset(store).quads((None, None, None, None)):
        union.add(quad[:3])
    parsed = Graph().parse(data=export_store(store, "turtle"), format="turtle")
    assert isomorphic(parsed, union)
    assert b"@prefix kg: <https://w3id.org/kg-arabic/ontology#>" in export_store(store, "turtle")


def test_jsonld_context_is_kgs_prefixes_with_arabic_as_default_language(store):
    document = json.loads(export_store(store, "jsonld"))
    context = document["@context"]
    assert context == jsonld_context()
    assert context["@language"] == "ar"
    assert {k: v for k, v in context.items() if k != "@language"} == dict(PREFIXES)
    text = json.dumps(document, ensure_ascii=False)
    assert f'"skos:prefLabel": "{SALIM}"' in text  # Arabic labels are plain strings


def test_graphml_and_gexf_hold_entities_and_relations_with_scalar_attributes(store):
    graph = store_to_networkx(store)
    salim, authority = KGR + "person/سليم_الحداد", KGR + "org/arab-water-authority"
    assert graph.nodes[salim]["label"] == SALIM and graph.nodes[salim]["type"] == "PERSON"
    assert graph.nodes[authority]["label_en"] == "Arab Water Authority"
    assert graph.nodes[authority]["articles"] == 4
    assert graph.edges[salim, authority, "heads"]["confidence"] == pytest.approx(0.85)

    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        back = reader(io.BytesIO(export_store(store, fmt)))
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
        for _, data in back.nodes(data=True):  # GEXF's viz colour and size are elements, not attributes
            assert all(isinstance(v, (str, int, float, bool)) for k, v in data.items() if k != "viz"), data
        for _, _, data in back.edges(data=True):
            assert all(isinstance(v, (str, int, float, bool)) for k, v in data.items() if k != "viz"), data
        labels = {data.get("label") for _, data in back.nodes(data=True)}
        assert {SALIM, AUTHORITY, AWKWARD} <= labels
        predicates = {data.get("predicate", data.get("label")) for _, _, data in back.edges(data=True)}
        assert {"heads", "attended", "metWith", "cooperatesWith", "heldIn"} <= predicates

    gexf = ET.fromstring(export_store(store, "gexf"))
    ids = [e.get("id") for e in gexf.iter("{http://www.gexf.net/1.2draft}edge")]
    assert len(ids) == len(set(ids)), "Gephi needs unique edge ids"
    graphml = ET.fromstring(export_store(store, "graphml"))
    ids = [e.get("id") for e in graphml.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == len(set(ids)), "GraphML edge ids are XML ids"


def test_network_exports_carry_wikidata_dates_romanised_names_and_gephi_viz(store):
    forum = KGR + "event/منتدى_عمان_للمياه"
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        data = export_store(store, fmt)
        assert b"networkx_key" not in data
        back = reader(io.BytesIO(data))
        node = back.nodes[forum]
        assert (node["start_date"], node["end_date"]) == ("2024-03-10", "2024-03-12")
        assert node["label_en"] and node["label_en_romanized"] in (True, "True")
        assert {d["wikidata"] for _, d in back.nodes(data=True)} - {""}, f"{fmt}: no Wikidata id"
        reported = {(d["first_reported"], d["last_reported"]) for _, _, d in back.edges(data=True)}
        assert ("2024-03-11", "2024-03-11") in reported  # the amman article's date
    viz = "{http://www.gexf.net/1.2draft/viz}"
    gexf = ET.fromstring(export_store(store, "gexf"))
    colours = {(c.get("r"), c.get("g"), c.get("b")) for c in gexf.iter(f"{viz}color")}
    assert len(colours) == 4  # one per entity type
    sizes = {float(s.get("value")) for s in gexf.iter(f"{viz}size")}
    assert len(sizes) > 1  # nodes named in more articles are bigger
    assert list(gexf.iter(f"{viz}thickness"))


def test_tables_give_entities_relations_with_evidence_and_mentions_as_csv_and_parquet(store, tmp_path):
    import pandas as pd

    from kg.rdf.tables import write_tables

    written = write_tables(store, tmp_path / "tables")
    assert sorted(p.name for p in written) == sorted(
        f"{t}.{x}" for t in ("entities", "relations", "mentions") for x in ("csv", "parquet"))
    for name in ("entities", "relations", "mentions"):
        from_csv = pd.read_csv(tmp_path / "tables" / f"{name}.csv", keep_default_na=False)
        from_parquet = pd.read_parquet(tmp_path / "tables" / f"{name}.parquet")
        assert len(from_csv) == len(from_parquet) > 0, name
        assert list(from_csv.columns) == list(from_parquet.columns), name
    entities = pd.read_parquet(tmp_path / "tables" / "entities.parquet").set_index("entity")
    salim = entities.loc[KGR + "person/سليم_الحداد"]
    assert (salim["type"], salim["label_ar"], salim["n_articles"]) == ("PERSON", SALIM, 1)
    relations = pd.read_parquet(tmp_path / "tables" / "relations.parquet")
    heads = relations[(relations["predicate"] == "heads") & (relations["subject_label"] == SALIM)]
    assert heads[["object_label", "article", "confidence"]].values.tolist() == [
        [AUTHORITY, "amman-water-forum", pytest.approx(0.85)]]
    assert heads["sentence"].iloc[0] and heads["article_title"].iloc[0]
    assert relations["begin"].dtype == "int64" and relations["confidence"].dtype == "float64"
    mentions = pd.read_parquet(tmp_path / "tables" / "mentions.parquet")
    assert (mentions["end"] > mentions["begin"]).all() and SALIM in set(mentions["entity_label"])


def test_csv_lists_every_quad_with_labels(store):
    records = list(csv.DictReader(io.StringIO(export_store(store, "csv").decode("utf-8"))))
    # every quad of the article graphs; the default graph only repeats them
    assert len(records) == sum(1 for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
    assert list(records[0]) == ["graph", "subject", "subject_label", "predicate", "object", "object_label",
                                "object_language", "object_datatype"]
    heads = [r for r in records if r["predicate"] == "https://w3id.org/kg-arabic/ontology#heads"
             and r["subject_label"] == SALIM]
    assert [(r["object_label"], r["graph"]) for r in heads] == [(AUTHORITY, KGR + "graph/amman-water-forum")]
    labels = [r for r in records if r["predicate"].endswith("#prefLabel") and r["object"] == SALIM]
    assert labels and all((r["object_language"], r["object_datatype"]) == ("ar", "") for r in labels)
    offsets = [r for r in records if r["predicate"].endswith("#beginIndex")]
    assert offsets[0]["object_datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_export_command_writes_every_format(store_dir, tmp_path):
    runner = CliRunner()
    for fmt in FORMATS:
        out = tmp_path / f"export.{fmt}"
        result = runner.invoke(main, ["export", "--format", fmt, "--store", str(store_dir), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    printed = runner.invoke(main, ["export", "--format", "nquads", "--store", str(store_dir)])
    assert printed.stdout.count("\n") > 100
    missing = runner.invoke(main, ["export", "--format", "trig", "--store", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "run `kg build" in missing.stderr
