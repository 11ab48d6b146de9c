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
    assert graph.nodes[salim]["label"] == SALIM and graph.nodes[salim]["type"] == "Person"
    assert graph.nodes[authority]["label_en"] == "Arab Water Authority"
    assert graph.nodes[authority]["articles"] == 4
    assert graph.edges[salim, authority, "heads"]["confidence"] == pytest.approx(0.85)

    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        back = reader(io.BytesIO(export_store(store, fmt)))
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
        for _, data in back.nodes(data=True):
            assert all(isinstance(v, (str, int, float, bool)) for v in data.values()), data
        for _, _, data in back.edges(data=True):
            assert all(isinstance(v, (str, int, float, bool)) for v in data.values()), data
        labels = {data.get("label") for _, data in back.nodes(data=True)}
        assert {SALIM, AUTHORITY, AWKWARD} <= labels
        predicates = {data.get("predicate", data.get("label")) for _, _, data in back.edges(data=True)}
        assert {"heads", "attended", "metWith", "cooperatesWith", "heldIn"} <= predicates

    gexf = ET.fromstring(export_store(store, "gexf"))
    ids = [e.get("id") for e in gexf.iter("{http://www.gexf.net/1.2draft}edge")]
    assert len(ids) == len(set(ids)), "Gephi needs unique edge ids"


def test_csv_lists_every_quad_with_labels(store):
    records = list(csv.DictReader(io.StringIO(export_store(store, "csv").decode("utf-8"))))
    # every quad of the article graphs; the default graph only repeats them
    assert len(records) == sum(1 for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
    assert list(records[0]) == ["graph", "subject", "subject_label", "predicate", "object", "object_label"]
    heads = [r for r in records if r["predicate"] == "https://w3id.org/kg-arabic/ontology#heads"
             and r["subject_label"] == SALIM]
    assert [(r["object_label"], r["graph"]) for r in heads] == [(AUTHORITY, KGR + "graph/amman-water-forum")]


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
