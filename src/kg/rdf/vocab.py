"""Namespaces kg writes RDF with, and the one function that binds their prefixes.

``KG`` lists exactly the terms of ``ontology/kg.ttl``; a misspelt term raises
``AttributeError`` instead of silently minting a new IRI.
"""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Graph, Namespace, URIRef
from rdflib.namespace import ORG, DefinedNamespace

from kg.model import EntityType

__all__ = [
    "KG", "KGR", "SCHEMA", "ORG", "SEM", "PROV", "DCTERMS", "SKOS", "OWL", "RDF", "RDFS",
    "XSD", "NIF", "ITSRDF", "WD", "ENTITY_CLASSES", "ONTOLOGY_IRI", "PREFIXES", "bind_prefixes",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/kg-arabic/ontology")


class KG(DefinedNamespace):
    """kg's own terms (ontology/kg.ttl): the entity classes, the 12 relations, provenance terms."""

    _fail = True
    _NS = Namespace("https://w3id.org/kg-arabic/ontology#")

    # classes
    Person: URIRef
    Organization: URIRef
    Location: URIRef
    Event: URIRef
    RelationStatement: URIRef
    # relations (kg.model.PREDICATES)
    attended: URIRef
    chaired: URIRef
    heads: URIRef
    memberOf: URIRef
    represents: URIRef
    metWith: URIRef
    visited: URIRef
    cooperatesWith: URIRef
    organizedBy: URIRef
    heldIn: URIRef
    locatedIn: URIRef
    partOf: URIRef
    # provenance and mappings
    confidence: URIRef
    rule: URIRef
    sourceFile: URIRef
    cameoCode: URIRef


#: Base of every resource kg mints: entities, articles, graphs, statements.
KGR = Namespace("https://w3id.org/kg-arabic/id/")
SCHEMA = SDO
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
WD = Namespace("http://www.wikidata.org/entity/")

#: Prefix -> namespace, in the order they are bound.
PREFIXES: Mapping[str, str] = MappingProxyType({
    "kg": str(KG._NS),
    "kgr": str(KGR),
    # one prefix per kind of IRI kg mints, so that printed names are SPARQL prefixed names
    # ("kgr:org/interpol" is not one: "/" may not appear in a prefixed name's local part)
    "kgperson": str(KGR) + "person/",
    "kgorg": str(KGR) + "org/",
    "kgorganization": str(KGR) + "organization/",
    "kgloc": str(KGR) + "loc/",
    "kglocation": str(KGR) + "location/",
    "kgevent": str(KGR) + "event/",
    "kgarticle": str(KGR) + "article/",
    "schema": str(SCHEMA),
    "org": str(ORG),
    "sem": str(SEM),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "wd": str(WD),
})

#: Entity type -> class. DATE has no class: dates are kept as literals, not nodes.
ENTITY_CLASSES: Mapping[EntityType, URIRef] = MappingProxyType({
    EntityType.PERSON: KG.Person,
    EntityType.ORGANIZATION: KG.Organization,
    EntityType.LOCATION: KG.Location,
    EntityType.EVENT: KG.Event,
})


def bind_prefixes(graph: Graph) -> Graph:
    """Bind kg's standard prefixes on ``graph`` (a Graph or Dataset) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(namespace), override=True, replace=True)
    return graph
