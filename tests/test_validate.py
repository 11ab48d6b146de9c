"""ontology/shapes.ttl: agrees with the ontology, passes what kg writes, and names each thing a broken graph gets wrong."""
from __future__ import annotations

import gc
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import BNode

from kg.cli import main
from kg.model import PREDICATES
from kg.rdf.graph import article_graph_iri, extraction_to_dataset
from kg.rdf.store import ingest, open_store
from kg.rdf.validate import format_report, load_shapes, shapes_path, validate_dataset
from kg.rdf.vocab import KG, KGR, NIF, OWL, RDF, RDFS, XSD
from rdf_fixtures import amman_extraction, awkward_extraction, sample_extractions

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "kg.ttl"
SALIM = KGR["person/سليم_الحداد"]
NADIA = KGR["person/نادية_القاسمي"]
AMMAN = KGR["loc/amman"]
FORUM = KGR["event/منتدى_عمان_للمياه"]


def classes(graph: Graph, node) -> set:
    if isinstance(node, BNode):
        return set(Collection(graph, graph.value(node, OWL.unionOf)))
    return {node}


def shape_classes(shapes: Graph, node) -> set:
    """The classes a shape (or property shape) demands: sh:class, or the sh:class of each sh:or member."""
    direct = set(shapes.objects(node, SH["class"]))
    members = shapes.value(node, SH["or"])
    if members is not None:
        direct |= {shapes.value(m, SH["class"]) for m in Collection(shapes, members)}
    return direct


@pytest.mark.parametrize("predicate", PREDICATES)
def test_relation_shapes_follow_the_ontologys_domain_and_range(predicate):
    ontology, shapes = Graph().parse(ONTOLOGY), load_shapes()
    prop = KG[predicate]
    (shape,) = shapes.subjects(SH.targetSubjectsOf, prop)
    (prop_shape,) = (p for p in shapes.objects(shape, SH.property) if shapes.value(p, SH.path) == prop)
    assert shape_classes(shapes, shape) == classes(ontology, ontology.value(prop, RDFS.domain))
    assert shape_classes(shapes, prop_shape) == classes(ontology, ontology.value(prop, RDFS.range))


def test_statement_shape_accepts_exactly_the_twelve_predicates():
    shapes = load_shapes()
    members = [m for p in shapes.objects(None, SH["in"]) for m in Collection(shapes, p)]
    assert set(members) == {KG[p] for p in PREDICATES}


def test_what_kg_writes_conforms():
    dataset = extraction_to_dataset(sample_extractions() + [awkward_extraction()])
    assert validate_dataset(dataset) == []
    assert format_report([], 4) == "conforms: 4 graph(s) satisfy ontology/shapes.ttl"


def broken_dataset():
    """The amman graph with one of each mistake the shapes catch."""
    extraction = amman_extraction()
    dataset = extraction_to_dataset([extraction])
    graph = dataset.graph(article_graph_iri(extraction.article))
    statements = sorted(graph.subjects(RDF.type, KG.RelationStatement))
    by_predicate = {graph.value(s, RDF.predicate): s for s in statements}

    graph.remove((SALIM, RDF.type, None))  # an entity without a class
    graph.remove((NADIA, RDFS.label, None))  # an entity without an Arabic label...
    graph.add((NADIA, RDFS.label, Literal("Nadia Qasimi", lang="en")))  # ...an English one is not enough
    graph.add((AMMAN, KG.heldIn, FORUM))  # a relation whose ends have the wrong classes
    graph.set((by_predicate[KG.heads], KG.confidence, Literal(Decimal("1.5"))))  # confidence out of [0, 1]
    graph.remove((by_predicate[KG.metWith], NIF.anchorOf, None))  # no evidence sentence
    attended = by_predicate[KG.attended]
    graph.set((attended, NIF.beginIndex, Literal(500, datatype=XSD.nonNegativeInteger)))  # begin after end
    graph.remove((by_predicate[KG.cooperatesWith], KG.confidence, None))  # no confidence
    graph.remove((FORUM, KG.organizedBy, None))  # a statement whose triple is not asserted
    return dataset, by_predicate


def test_a_broken_graph_gets_one_readable_result_per_mistake():
    dataset, statements = broken_dataset()
    violations = validate_dataset(dataset)
    found = {(v.focus, v.path, v.message.split(": ")[0].split(" (")[0]) for v in violations}

    def short(node) -> str:
        return str(node).replace(str(KGR), "kgr:")

    expected = {
        (short(SALIM), "", "an entity must have a class"),
        (short(SALIM), "", "the subject of kg:attended must be a kg:Person, kg:Organization or kg:Location"),
        (short(SALIM), "", "the subject of kg:heads must be a kg:Person"),
        (short(NADIA), "kg:metWith", "the object of kg:metWith must be a kg:Person or kg:Organization"),
        (short(NADIA), "rdfs:label", "an entity must have an Arabic rdfs:label"),
        (short(AMMAN), "", "the subject of kg:heldIn must be a kg:Event"),
        (short(AMMAN), "kg:heldIn", "the object of kg:heldIn must be a kg:Location"),
        (short(statements[KG.heads]), "kg:confidence", "a relation statement needs one kg:confidence, an xsd:decimal in [0, 1]"),
        (short(statements[KG.cooperatesWith]), "kg:confidence", "a relation statement needs one kg:confidence, an xsd:decimal in [0, 1]"),
        (short(statements[KG.metWith]), "nif:anchorOf",
         "a relation statement needs its evidence sentence"),
        (short(statements[KG.attended]), "nif:beginIndex",
         "a relation statement needs one integer nif:beginIndex >= 0, not after its nif:endIndex"),
        (short(statements[KG.organizedBy]), "", "the statement's triple is not asserted in the same graph"),
    }
    assert found == expected
    assert {v.graph for v in violations} == {"kgr:graph/amman-water-forum"}

    report = format_report(violations, 1)
    assert report.startswith("graph kgr:graph/amman-water-forum:")
    assert report.endswith("violation(s) in 1 of 1 graph(s)")
    assert "(value: 1.5)" in report


def test_validate_command_checks_the_store_and_files(tmp_path):
    store = open_store(tmp_path / "store")
    ingest(store, extraction_to_dataset(sample_extractions()))
    del store
    gc.collect()
    runner = CliRunner()
    good = runner.invoke(main, ["validate", str(tmp_path / "store")])
    assert good.exit_code == 0, good.output
    assert "conforms: 3 graph(s)" in good.stdout

    dataset, _ = broken_dataset()
    broken = tmp_path / "broken.trig"
    dataset.serialize(destination=broken, format="trig")
    bad = runner.invoke(main, ["validate", str(broken)])
    assert bad.exit_code == 1
    assert "graph kgr:graph/amman-water-forum:" in bad.stdout
    assert "an entity must have a class" in bad.stdout

    missing = runner.invoke(main, ["validate", str(tmp_path / "nothing")])
    assert missing.exit_code == 1 and "run `kg build" in missing.stderr


def test_shapes_file_ships_with_kg():
    assert shapes_path().is_file() and len(load_shapes()) > 100
