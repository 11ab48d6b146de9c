"""Export the store: RDF (Turtle, TriG, N-Quads, JSON-LD), networks (GraphML, GEXF) and CSV of triples.

Turtle holds the store's default graph (every article's triples once, see
kg.rdf.store); TriG, N-Quads and JSON-LD hold that default graph and one named
graph per article, so a query gives the same rows on the file as on the store.  JSON-LD uses a context made of kg's prefixes
(``vocab.PREFIXES``) and ``"@language": "ar"``, so Arabic labels read as plain
strings.  GraphML and GEXF hold one node per entity (IRI, Arabic label, English
label, type, number of articles) and one edge per relation (predicate,
highest confidence, number of articles and of statements), every attribute a
scalar as Gephi needs.  CSV lists every quad with the Arabic labels of its
subject and object.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.rdf.store import store_to_dataset
from kg.rdf.vocab import KG, PREFIXES

__all__ = ["FORMATS", "SUFFIXES", "jsonld_context", "store_to_networkx", "export_store"]

FORMATS = ("turtle", "trig", "nquads", "jsonld", "graphml", "gexf", "csv")
SUFFIXES = {"turtle": ".ttl", "trig": ".trig", "nquads": ".nq", "jsonld": ".jsonld",
            "graphml": ".graphml", "gexf": ".gexf", "csv": ".csv"}
_KG = str(KG._NS)
_ENTITY_CLASSES = ("Person", "Organization", "Location", "Event")

_ENTITIES = """
SELECT ?entity (SAMPLE(?class) AS ?type) (SAMPLE(?ar) AS ?label) (SAMPLE(?en) AS ?labelEn)
       (COUNT(DISTINCT ?g) AS ?articles)
WHERE {
  GRAPH ?g {
    ?entity a ?class .
    FILTER (?class IN (kg:Person, kg:Organization, kg:Location, kg:Event))
    OPTIONAL { ?entity rdfs:label ?ar FILTER (LANG(?ar) = "ar") }
    OPTIONAL { ?entity rdfs:label ?en FILTER (LANG(?en) = "en") }
  }
}
GROUP BY ?entity
"""
_RELATIONS = """
SELECT ?s ?p ?o (MAX(?c) AS ?confidence) (COUNT(DISTINCT ?g) AS ?articles) (COUNT(DISTINCT ?st) AS ?statements)
WHERE {
  GRAPH ?g {
    ?s ?p ?o .
    FILTER (STRSTARTS(STR(?p), STR(kg:)) && isIRI(?o))
    OPTIONAL { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:confidence ?c }
  }
}
GROUP BY ?s ?p ?o
"""
_LABELS = """
SELECT ?thing (SAMPLE(?label) AS ?name) WHERE {
  GRAPH ?g { ?thing rdfs:label ?label FILTER (LANG(?label) = "ar") }
} GROUP BY ?thing
"""


def jsonld_context() -> dict[str, str]:
    """kg's prefixes, and Arabic as the default language of strings."""
    return {**PREFIXES, "@language": "ar"}


def _select(store: ox.Store, query: str):
    return store.query(query, prefixes=dict(PREFIXES))


def _local(iri: str) -> str:
    return iri[len(_KG):] if iri.startswith(_KG) else iri


def store_to_networkx(store: ox.Store) -> nx.MultiDiGraph:
    """Entities as nodes (keyed by IRI) and kg: relations as edges (keyed by predicate), scalar attributes."""
    graph = nx.MultiDiGraph()
    for row in _select(store, _ENTITIES):
        iri = row["entity"].value
        graph.add_node(iri, iri=iri, label=row["label"].value if row["label"] else iri,
                       label_en=row["labelEn"].value if row["labelEn"] else "",
                       type=_local(row["type"].value), articles=int(row["articles"].value))
    for row in _select(store, _RELATIONS):
        subject, obj, predicate = row["s"].value, row["o"].value, _local(row["p"].value)
        for end in (subject, obj):
            if end not in graph:  # an end the shapes would reject; keep it visible
                graph.add_node(end, iri=end, label=end, label_en="", type="", articles=0)
        graph.add_edge(subject, obj, key=predicate, predicate=predicate, label=predicate,
                       confidence=float(row["confidence"].value) if row["confidence"] else 0.0,
                       articles=int(row["articles"].value), statements=int(row["statements"].value))
    return graph


def _union_triples(store: ox.Store) -> list[ox.Triple]:
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    return sorted((ox.Triple(q.subject, q.predicate, q.object) for q in quads), key=str)


def _csv(store: ox.Store) -> bytes:
    labels = {row["thing"]: row["name"].value for row in _select(store, _LABELS)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["graph", "subject", "subject_label", "predicate", "object", "object_label"])
    for quad in sorted(store, key=str):
        if isinstance(quad.graph_name, ox.DefaultGraph):
            continue  # the default graph repeats the article graphs' triples
        graph = quad.graph_name.value
        obj = quad.object
        writer.writerow([graph, quad.subject.value, labels.get(quad.subject, ""), quad.predicate.value,
                         obj.value, labels.get(obj, "") if not isinstance(obj, ox.Literal) else ""])
    return out.getvalue().encode("utf-8")


def export_store(store: ox.Store, fmt: str) -> bytes:
    """The whole store in format ``fmt`` (one of ``FORMATS``), as bytes."""
    prefixes = dict(PREFIXES)
    if fmt == "turtle":
        return ox.serialize(_union_triples(store), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    if fmt == "trig":
        return store.dump(format=ox.RdfFormat.TRIG, prefixes=prefixes)
    if fmt == "nquads":
        return store.dump(format=ox.RdfFormat.N_QUADS)
    if fmt == "jsonld":
        return store_to_dataset(store).serialize(format="json-ld", context=jsonld_context(),
                                                 auto_compact=True, encoding="utf-8")
    if fmt in ("graphml", "gexf"):
        graph = store_to_networkx(store)
        buffer = io.BytesIO()
        if fmt == "graphml":
            nx.write_graphml(graph, buffer, encoding="utf-8")
        else:
            # GEXF edge ids must be unique; networkx would use the key (the predicate), which repeats.
            for number, (_, _, data) in enumerate(graph.edges(data=True)):
                data["id"] = f"e{number}"
            nx.write_gexf(graph, buffer, encoding="utf-8")
        return buffer.getvalue()
    if fmt == "csv":
        return _csv(store)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_export(store: ox.Store, fmt: str, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(export_store(store, fmt))
    return path
