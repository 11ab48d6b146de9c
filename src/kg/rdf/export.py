"""Export the store: RDF (Turtle, TriG, N-Quads, JSON-LD), networks (GraphML, GEXF) and CSV of triples.

Turtle holds the store's default graph (every article's triples once, see
kg.rdf.store); TriG, N-Quads and JSON-LD hold that default graph and one named
graph per article, so a query gives the same rows on the file as on the store.  JSON-LD uses a context made of kg's prefixes
(``vocab.PREFIXES``) and ``"@language": "ar"``, so Arabic labels read as plain
strings.  GraphML and GEXF hold one node per entity (IRI, Arabic label, English
label or romanisation, type, Wikidata id, start and end dates, number of
articles) and one edge per relation (predicate, highest confidence, number of
articles and of statements), every attribute a scalar as Gephi needs; GEXF
adds Gephi's viz colour (by type), size (by articles) and edge thickness.
CSV lists every quad of the article graphs with the Arabic labels of its
subject and object and the language or datatype of literal objects.
``tables`` (kg.rdf.tables) are the tidy entity, relation and mention tables.
"""
from __future__ import annotations

import csv
import io
from xml.etree import ElementTree
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
SELECT ?entity (SAMPLE(?class) AS ?type) (MIN(STR(?ar)) AS ?label) (MIN(STR(?en)) AS ?labelEn)
       (SAMPLE(?same) AS ?wikidata) (MIN(?start) AS ?startDate) (MAX(?end) AS ?endDate)
       (COUNT(DISTINCT ?g) AS ?articles)
WHERE {
  ?entity a ?class .
  FILTER (?class IN (kg:Person, kg:Organization, kg:Location, kg:Event))
  GRAPH ?g { ?article schema:mentions ?entity }
  OPTIONAL { ?entity skos:prefLabel ?ar }
  OPTIONAL { ?entity rdfs:label ?en FILTER (LANG(?en) = "en") }
  OPTIONAL { ?entity owl:sameAs ?same }
  OPTIONAL { ?entity schema:startDate ?start }
  OPTIONAL { ?entity schema:endDate ?end }
}
GROUP BY ?entity
"""
_RELATIONS = """
SELECT ?s ?p ?o (MAX(?c) AS ?confidence) (COUNT(DISTINCT ?g) AS ?articles) (COUNT(DISTINCT ?st) AS ?statements)
       (MIN(STR(?published)) AS ?firstReported) (MAX(STR(?published)) AS ?lastReported)
WHERE {
  GRAPH ?g {
    ?s ?p ?o .
    FILTER (STRSTARTS(STR(?p), STR(kg:)) && isIRI(?o))
    OPTIONAL { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:confidence ?c }
    OPTIONAL { ?g prov:wasDerivedFrom ?article . ?article schema:datePublished ?published }
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
    """Entities as nodes (keyed by IRI) and kg: relations as edges (keyed by predicate), scalar attributes.

    Nodes: ``iri``, ``label`` (Arabic), ``label_en`` (a romanisation for persons and events without an
    English name, flagged by ``label_en_romanized``), ``type``, ``wikidata`` (QID), ``start_date``,
    ``end_date``, ``articles``.  Edges: ``predicate``, ``label``, ``confidence`` (the highest),
    ``articles``, ``statements``, ``first_reported`` and ``last_reported`` (the articles' dates).  Missing values are empty strings, as Gephi expects one type a column.
    """
    from kg.romanize import romanize

    graph = nx.MultiDiGraph()
    for row in _select(store, _ENTITIES):
        iri = row["entity"].value
        type_ = _local(row["type"].value).upper()
        label = row["label"].value if row["label"] else iri
        label_en = row["labelEn"].value if row["labelEn"] else ""
        romanized = not label_en and type_ in ("PERSON", "EVENT")
        graph.add_node(iri, iri=iri, label=label, label_en=label_en or (romanize(label) if romanized else ""),
                       label_en_romanized=romanized, type=type_,
                       wikidata=row["wikidata"].value.rsplit("/", 1)[-1] if row["wikidata"] else "",
                       start_date=row["startDate"].value if row["startDate"] else "",
                       end_date=row["endDate"].value if row["endDate"] else "",
                       articles=int(row["articles"].value))
    for row in _select(store, _RELATIONS):
        subject, obj, predicate = row["s"].value, row["o"].value, _local(row["p"].value)
        for end in (subject, obj):
            if end not in graph:  # an end the shapes would reject; keep it visible
                graph.add_node(end, iri=end, label=end, label_en="", label_en_romanized=False, type="",
                               wikidata="", start_date="", end_date="", articles=0)
        graph.add_edge(subject, obj, key=predicate, predicate=predicate, label=predicate,
                       confidence=float(row["confidence"].value) if row["confidence"] else 0.0,
                       articles=int(row["articles"].value), statements=int(row["statements"].value),
                       first_reported=row["firstReported"].value if row["firstReported"] else "",
                       last_reported=row["lastReported"].value if row["lastReported"] else "")
    return graph


def _gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 with Gephi's viz colours (by type) and sizes (by articles), without networkx's edge key."""
    from kg.export.html import TYPE_STYLES, edge_width, node_size

    viz = graph.copy()
    for _, data in viz.nodes(data=True):
        fill = TYPE_STYLES.get(data.get("type", ""), {}).get("fill", "#bab0ac").lstrip("#")
        data["viz"] = {"color": {"r": int(fill[0:2], 16), "g": int(fill[2:4], 16), "b": int(fill[4:6], 16), "a": 1.0},
                       "size": node_size(data.get("articles", 0))}
    # GEXF edge ids must be unique; networkx would use the key (the predicate), which repeats.
    for number, (_, _, data) in enumerate(viz.edges(data=True)):
        data["id"] = f"e{number}"
        data["viz"] = {"thickness": edge_width(data.get("articles", 0))}
    buffer = io.BytesIO()
    nx.write_gexf(viz, buffer, encoding="utf-8", version="1.2draft")
    # networkx writes each multigraph edge key as a "networkx_key" attribute: the predicate says it already
    tree = ElementTree.ElementTree(ElementTree.fromstring(buffer.getvalue()))
    ns = {"g": "http://www.gexf.net/1.2draft"}
    ElementTree.register_namespace("", ns["g"])
    ElementTree.register_namespace("viz", "http://www.gexf.net/1.2draft/viz")
    ElementTree.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = tree.getroot()
    keys = set()
    for attributes in root.iter(f"{{{ns['g']}}}attributes"):
        for attribute in list(attributes):
            if attribute.get("title") == "networkx_key":
                keys.add(attribute.get("id"))
                attributes.remove(attribute)
    for values in root.iter(f"{{{ns['g']}}}attvalues"):
        for value in list(values):
            if value.get("for") in keys:
                values.remove(value)
    out = io.BytesIO()
    tree.write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue()


def _union_triples(store: ox.Store) -> list[ox.Triple]:
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    return sorted((ox.Triple(q.subject, q.predicate, q.object) for q in quads), key=str)


def _csv(store: ox.Store) -> bytes:
    labels = {row["thing"]: row["name"].value for row in _select(store, _LABELS)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["graph", "subject", "subject_label", "predicate", "object", "object_label",
                     "object_language", "object_datatype"])
    for quad in sorted(store, key=str):
        if isinstance(quad.graph_name, ox.DefaultGraph):
            continue  # the default graph repeats the article graphs' triples
        graph = quad.graph_name.value
        obj = quad.object
        literal = isinstance(obj, ox.Literal)
        writer.writerow([graph, quad.subject.value, labels.get(quad.subject, ""), quad.predicate.value,
                         obj.value, labels.get(obj, "") if not literal else "",
                         (obj.language or "") if literal else "",
                         obj.datatype.value if literal and not obj.language else ""])
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
        if fmt == "gexf":
            return _gexf(graph)
        # GraphML edge ids are XML ids: unique, not the predicate networkx would use
        for number, (_, _, data) in enumerate(graph.edges(data=True)):
            data["edge_id"] = f"e{number}"
        nx.write_graphml(graph, buffer, encoding="utf-8", edge_id_from_attribute="edge_id")
        return buffer.getvalue()
    if fmt == "csv":
        return _csv(store)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_export(store: ox.Store, fmt: str, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(export_store(store, fmt))
    return path
