"""The store's article graphs read back as extraction records (kg.records' JSON), for every output of a build.

``kg build`` writes extractions.json, graph.html and its summary from these
records, so that the files, the page and ``kg query`` always describe the same
articles: every article the store holds, not only those of the last run.

Each article graph is self-contained (kg.rdf.graph), so its record comes from it
alone: the article's title, date and URL; each entity it mentions with the
type, labels, surface forms, Wikidata id and dates that article gives; each
``kg:RelationStatement`` with its sentence, offsets, rule and confidence.
Entity ids (``e1``, ``e2`` ...) are numbered per article in IRI order; keys
are read back from the IRIs (``kgr:org/interpol`` -> ``org:interpol``).
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import unquote

import pyoxigraph as ox

from kg.arabic import has_arabic, normalize

from kg.rdf.graph import article_id_from_graph
from kg.rdf.store import GRAPH_PREFIX
from kg.rdf.vocab import KG, KGR, PREFIXES

__all__ = ["store_records", "entity_key"]

_CLASSES = {str(KG.Person): "PERSON", str(KG.Organization): "ORGANIZATION",
            str(KG.Location): "LOCATION", str(KG.Event): "EVENT"}
_KGR = str(KGR)

_ARTICLES = """
SELECT ?title ?date ?url ?publisher WHERE {
  GRAPH THE_GRAPH {
    THE_GRAPH prov:wasDerivedFrom ?article .
    OPTIONAL { ?article schema:headline ?title }
    OPTIONAL { ?article schema:datePublished ?date }
    OPTIONAL { ?article schema:url ?url }
    OPTIONAL { ?article schema:publisher/schema:name ?publisher }
  }
}
"""
_ENTITIES = """
SELECT ?entity ?class ?property ?value WHERE {
  GRAPH THE_GRAPH {
    ?article schema:mentions ?entity .
    ?entity a ?class .
    VALUES ?property { skos:prefLabel skos:altLabel rdfs:label owl:sameAs schema:startDate schema:endDate }
    OPTIONAL { ?entity ?property ?value }
  }
}
"""
_RELATIONS = """
SELECT ?statement ?s ?p ?o ?confidence ?rule ?sentence ?begin ?end WHERE {
  GRAPH THE_GRAPH {
    ?statement a kg:RelationStatement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
        kg:confidence ?confidence ; nif:anchorOf ?sentence ; nif:beginIndex ?begin ; nif:endIndex ?end .
    OPTIONAL { ?statement kg:rule ?rule }
  }
}
"""


@lru_cache(maxsize=100_000)  # entities recur from article to article
def entity_key(iri: str) -> str:
    """``Entity.key`` from the entity's IRI (the inverse of ``kg.rdf.graph.entity_iri``: an Arabic
    name, written there as newswire writes it, is put back in kg's normal form)."""
    path = iri[len(_KGR):] if iri.startswith(_KGR) else iri
    kind, _, name = path.partition("/")
    name = unquote(name.replace("_", " "))
    return f"{unquote(kind)}:{normalize(name) if has_arabic(name, minimum=1) else name}"


def _select(store: ox.Store, query: str, graph: str):
    """The rows of ``query`` over the article graph ``graph``: Oxigraph reads a graph named in the query
    by its index, where a variable bound to it (VALUES) would scan the whole store."""
    return store.query(query.replace("THE_GRAPH", f"<{graph}>"), prefixes=dict(PREFIXES))


def store_records(store: ox.Store) -> list[dict]:
    """One record per article graph of ``store``, sorted by article id."""
    return list(iter_store_records(store))


def iter_store_records(store: ox.Store) -> Iterator[dict]:
    """``store_records`` one at a time, each read from its own graph: memory stays flat, whatever the
    size of the store."""
    graphs = sorted((g.value for g in store.named_graphs()
                     if isinstance(g, ox.NamedNode) and g.value.startswith(GRAPH_PREFIX)),
                    key=article_id_from_graph)
    for graph in graphs:
        record = _record(store, graph)
        if record is not None:
            yield record


def _record(store: ox.Store, graph: str) -> dict | None:
    """The record of the article graph ``graph``; None when it names no article (prov:wasDerivedFrom)."""
    record: dict | None = None
    for row in _select(store, _ARTICLES, graph):
        record = record or {"id": article_id_from_graph(graph)}
        for name, var in (("title", "title"), ("date", "date"), ("url", "url"), ("source", "publisher")):
            if row[var] is not None:
                record[name] = row[var].value
    if record is None:
        return None

    entities: dict[str, dict] = {}
    for row in _select(store, _ENTITIES, graph):
        iri = row["entity"].value
        if row["class"].value not in _CLASSES:
            continue
        entity = entities.setdefault(iri, {"type": _CLASSES[row["class"].value], "label": "",
                                           "mentions": [], "key": entity_key(iri)})
        value, prop = row["value"], row["property"].value
        if value is None:
            continue
        if prop.endswith("prefLabel"):
            entity["label"] = min(filter(None, [entity["label"], value.value]))
        elif prop.endswith("altLabel") or (prop.endswith("#label") and value.language != "en"):
            if value.value not in entity["mentions"]:
                entity["mentions"].append(value.value)
        elif prop.endswith("#label"):
            entity["label_en"] = value.value
        elif prop.endswith("sameAs"):
            entity["wikidata"] = value.value.rsplit("/", 1)[-1]
        elif prop.endswith("startDate"):
            entity["date_start"] = value.value
        elif prop.endswith("endDate"):
            entity["date_end"] = value.value

    ids: dict[str, str] = {}
    record["entities"] = []
    for number, iri in enumerate(sorted(entities), 1):
        entity = entities[iri]
        ids[iri] = f"e{number}"
        forms = [entity["label"], *sorted(m for m in entity["mentions"] if m != entity["label"])]
        entity["mentions"] = [f for f in dict.fromkeys(forms) if f]
        if "date_start" in entity:
            entity.setdefault("date_end", "")
        record["entities"].append({"id": f"e{number}", **entity})

    record["relations"] = []
    for row in sorted(_select(store, _RELATIONS, graph), key=lambda r: (int(r["begin"].value), r["statement"].value)):
        subject, obj = row["s"].value, row["o"].value
        if subject not in ids or obj not in ids:
            continue  # an end the article does not describe; the shapes report it
        record["relations"].append({
            "subject": ids[subject],
            "predicate": row["p"].value[len(str(KG._NS)):],
            "object": ids[obj],
            "confidence": float(row["confidence"].value),
            "evidence": row["sentence"].value,
            "evidence_span": [int(row["begin"].value), int(row["end"].value)],
            "rule": row["rule"].value if row["rule"] is not None else "",
        })
    return record
