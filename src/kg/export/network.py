"""Merge per-article extractions into one networkx graph, and write it as GraphML.

Nodes are keyed by ``Entity.key`` so that the same real-world thing named in
two articles becomes one node; edges are keyed by predicate, one per
(subject key, predicate, object key), and keep every sentence that supports them.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from kg.model import SYMMETRIC_PREDICATES, Entity, Extraction

#: Node and edge attributes holding lists, which GraphML cannot store as such.
_JOINED = ("names", "articles")


def extractions_to_graph(extractions: Iterable[Extraction]) -> nx.MultiDiGraph:
    """One graph over all articles: entities by key, relations with their evidence.

    Node attributes: type, label, label_en, wikidata, names (all surface forms,
    sorted), articles (sorted ids).  Edge attributes (edge key = predicate):
    predicate, confidence (the highest), articles (sorted ids) and evidence, a
    list of dicts with article, title, date, sentence and confidence.
    Symmetric predicates (metWith, cooperatesWith) are stored once per pair,
    with the smaller key as subject.
    """
    graph = nx.MultiDiGraph()
    for extraction in extractions:
        article = extraction.article
        for entity in extraction.entities:
            _add_entity(graph, entity, article.id)
        for relation in extraction.relations:
            subject = extraction.entity(relation.subject).key
            obj = extraction.entity(relation.object).key
            if relation.predicate in SYMMETRIC_PREDICATES and obj < subject:
                subject, obj = obj, subject
            evidence = {
                "article": article.id,
                "title": article.title,
                "date": article.date,
                "sentence": extraction.evidence_text(relation),
                "confidence": relation.confidence,
            }
            if graph.has_edge(subject, obj, key=relation.predicate):
                data = graph.edges[subject, obj, relation.predicate]
                data["confidence"] = max(data["confidence"], relation.confidence)
                data["articles"].add(article.id)
                _add_evidence(data["evidence"], evidence)
            else:
                graph.add_edge(
                    subject, obj, key=relation.predicate,
                    predicate=relation.predicate, confidence=relation.confidence,
                    articles={article.id}, evidence=[evidence],
                )
    for _, data in graph.nodes(data=True):
        data["names"] = sorted(data["names"])
        data["articles"] = sorted(data["articles"])
    for _, _, data in graph.edges(data=True):
        data["articles"] = sorted(data["articles"])
        data["evidence"].sort(key=lambda ev: (ev["article"], -ev["confidence"]))
    return graph


def _add_entity(graph: nx.MultiDiGraph, entity: Entity, article_id: str) -> None:
    if not entity.key:
        raise ValueError(
            f"entity {entity.id} ({entity.label!r}) of article {article_id!r} has no key; "
            "resolve entities before building the graph so that every entity has one"
        )
    if entity.key not in graph:
        graph.add_node(
            entity.key, type=entity.type.value, label=entity.label,
            label_en=entity.label_en, wikidata=entity.wikidata,
            names=set(), articles=set(),
        )
    data = graph.nodes[entity.key]
    # The first article that knows a label, English name or QID supplies it.
    for attr in ("label", "label_en", "wikidata"):
        if not data[attr]:
            data[attr] = getattr(entity, attr)
    data["names"].update(entity.surface_forms)
    if entity.label:
        data["names"].add(entity.label)
    data["articles"].add(article_id)


def _add_evidence(evidence: list[dict], new: dict) -> None:
    """Append ``new`` unless the same sentence of the same article is already there."""
    for old in evidence:
        if old["article"] == new["article"] and old["sentence"] == new["sentence"]:
            old["confidence"] = max(old["confidence"], new["confidence"])
            return
    evidence.append(new)


def write_graphml(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph`` as GraphML; lists become " | "-joined strings, evidence JSON."""
    path = Path(path)
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **_scalars(data))
    for subject, obj, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(subject, obj, key=key, **_scalars(data))
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(flat, path, encoding="utf-8")
    return path


def _scalars(data: dict) -> dict:
    out = {}
    for name, value in data.items():
        if name in _JOINED:
            out[name] = " | ".join(value)
        elif isinstance(value, (list, dict, set, tuple)):
            out[name] = json.dumps(value, ensure_ascii=False)
        elif value is None:
            out[name] = ""
        else:
            out[name] = value
    return out
