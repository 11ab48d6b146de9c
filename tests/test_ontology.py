"""ontology/kg.ttl: parses, declares the 12 relations as specified, and stays in step with vocab.KG."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import BNode, Node

from kg.model import PREDICATES, SYMMETRIC_PREDICATES, EntityType
from kg.rdf import vocab  # SDO and XSD by module: pytest's collection probes module globals and they warn
from kg.rdf.vocab import ENTITY_CLASSES, KG, ONTOLOGY_IRI, OWL, RDF, RDFS, SEM

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "kg.ttl"

P, O, L, E = KG.Person, KG.Organization, KG.Location, KG.Event
#: Domain and range of each relation, as the evaluation README's table gives them.
SPEC: dict[str, tuple[set[URIRef], set[URIRef]]] = {
    "attended": ({P, O, L}, {E}),
    "chaired": ({P}, {E}),
    "heads": ({P}, {O}),
    "memberOf": ({P}, {O}),
    "represents": ({P, O}, {L, O}),
    "metWith": ({P, O}, {P, O}),
    "visited": ({P, O}, {L, O}),
    "cooperatesWith": ({O, L}, {O, L}),
    "organizedBy": ({E}, {O, L}),
    "heldIn": ({E}, {L}),
    "locatedIn": ({L, O}, {L}),
    "partOf": ({O}, {O}),
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def classes_of(graph: Graph, node: Node) -> set[Node]:
    """A class, or the members of an owl:unionOf class expression."""
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        if union is None:
            raise ValueError(f"blank class expression {node} is not an owl:unionOf")
        return set(Collection(graph, union))
    return {node}


def labels(graph: Graph, term: URIRef) -> dict[str, str]:
    return {lit.language: str(lit) for lit in graph.objects(term, RDFS.label) if isinstance(lit, Literal)}


def test_ontology_parses_and_names_itself(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None


def test_declares_exactly_the_model_predicates_as_object_properties(ontology):
    declared = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    assert declared == {KG[p] for p in PREDICATES}
    assert set(SPEC) == set(PREDICATES)


@pytest.mark.parametrize("predicate", PREDICATES)
def test_each_relation_has_labels_comment_domain_and_range_as_specified(ontology, predicate):
    prop = KG[predicate]
    names = labels(ontology, prop)
    assert names.get("ar") and names.get("en"), f"{predicate} needs rdfs:label @ar and @en"
    assert ontology.value(prop, RDFS.comment) is not None

    domains = list(ontology.objects(prop, RDFS.domain))
    ranges = list(ontology.objects(prop, RDFS.range))
    assert len(domains) == 1 and len(ranges) == 1, "one rdfs:domain and one rdfs:range (unionOf for several)"
    expected_domain, expected_range = SPEC[predicate]
    assert classes_of(ontology, domains[0]) == expected_domain
    assert classes_of(ontology, ranges[0]) == expected_range


def test_symmetric_relations_match_the_model(ontology):
    symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
    assert symmetric == {KG[p] for p in SYMMETRIC_PREDICATES}


def test_relations_are_mapped_to_standard_vocabularies(ontology):
    mapped = {
        p for p in PREDICATES
        if any(ontology.objects(KG[p], RDFS.subPropertyOf))
        or any(ontology.objects(KG[p], URIRef("http://www.w3.org/2004/02/skos/core#closeMatch")))
        or any(ontology.objects(KG[p], KG.cameoCode))
    }
    # represents has no standard counterpart; every other relation has one
    assert mapped == set(PREDICATES) - {"represents"}
    assert (KG.heads, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#headOf")) in ontology
    assert (KG.heldIn, RDFS.subPropertyOf, SEM.hasPlace) in ontology
    assert {str(c) for c in ontology.objects(KG.visited, KG.cameoCode)} == {"042"}
    for code in ontology.objects(None, KG.cameoCode):
        assert str(code).isdigit() and len(str(code)) == 3, code


@pytest.mark.parametrize("etype, schema_class", [
    (EntityType.PERSON, vocab.SCHEMA.Person), (EntityType.ORGANIZATION, vocab.SCHEMA.Organization),
    (EntityType.LOCATION, vocab.SCHEMA.Place), (EntityType.EVENT, vocab.SCHEMA.Event),
])
def test_entity_classes_are_labelled_and_subclass_schema_org(ontology, etype, schema_class):
    cls = ENTITY_CLASSES[etype]
    assert (cls, RDF.type, OWL.Class) in ontology
    assert (cls, RDFS.subClassOf, schema_class) in ontology
    names = labels(ontology, cls)
    assert names.get("ar") and names.get("en")


def test_event_is_a_sem_event_and_date_has_no_class(ontology):
    assert (KG.Event, RDFS.subClassOf, SEM.Event) in ontology
    assert EntityType.DATE not in ENTITY_CLASSES


def test_provenance_terms(ontology):
    assert (KG.RelationStatement, RDFS.subClassOf, RDF.Statement) in ontology
    assert (KG.confidence, RDF.type, OWL.DatatypeProperty) in ontology
    assert (KG.confidence, RDFS.range, vocab.XSD.decimal) in ontology
    assert (KG.rule, RDF.type, OWL.DatatypeProperty) in ontology
    assert (KG.sourceFile, RDF.type, OWL.DatatypeProperty) in ontology
    assert (KG.cameoCode, RDF.type, OWL.AnnotationProperty) in ontology
    for term in (KG.RelationStatement, KG.confidence, KG.rule, KG.sourceFile, KG.cameoCode):
        names = labels(ontology, term)
        assert names.get("ar") and names.get("en"), term


def test_vocab_lists_exactly_the_ontology_terms(ontology):
    in_ontology = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KG))}
    assert set(dir(KG)) == in_ontology


def test_misspelt_term_raises():
    with pytest.raises(AttributeError):
        KG.notATerm  # noqa: B018
    with pytest.raises(AttributeError):
        KG["metwith"]
