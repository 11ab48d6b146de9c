"""The entity graph as networkx, its projections (co-attendance, cooperation, meetings, actor-event)
and the analyses researchers run on them (centrality, communities, ego networks, paths with evidence)."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

import networkx as nx
import pandas as pd
from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.analysis.data import KG_NS, TYPE_OF_CLASS, article_id_of, as_rdf, iter_quads
from kg.export.views import induced_subgraph
from kg.model import SYMMETRIC_PREDICATES
from kg.rdf.vocab import KG, NIF, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, WD

_ATTENDANCE = ("attended", "chaired")


# ---------------------------------------------------------------- the entity graph

def _most_common(counter: Counter) -> str:
    # most frequent first, then alphabetical, so the choice does not depend on parse order
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0] if counter else ""


def entity_graph(data) -> nx.MultiDiGraph:
    """Entities as nodes (keyed by IRI), kg's relations as edges (keyed by predicate), with evidence.

    Node attributes: ``type`` (PERSON, ORGANIZATION, LOCATION, EVENT), ``label_ar``
    (also as ``label``), ``label_en``, ``wikidata`` (a Q-id), ``names`` (every
    spelling), ``articles`` and ``n_articles`` (articles that mention it),
    ``start_date`` / ``end_date`` for events.  Edge attributes: ``predicate``,
    ``articles`` (sorted ids), ``confidence`` (the highest) and ``evidence``, a
    list of dicts (article, title, date, sentence, begin, end, confidence, rule)
    read from the ``kg:RelationStatement`` nodes.  Symmetric relations
    (metWith, cooperatesWith) are stored once per pair, smaller IRI first.
    ``graph.graph["articles"]`` maps article ids to their title, date and url.
    """
    rdf = as_rdf(data)
    types: dict[str, str] = {}
    labels: dict[str, dict[str, Counter]] = defaultdict(lambda: {"ar": Counter(), "en": Counter()})
    names: dict[str, set[str]] = defaultdict(set)
    extra: dict[str, dict[str, str]] = defaultdict(dict)
    mentioned: dict[str, set[str]] = defaultdict(set)
    articles: dict[str, dict[str, str]] = {}
    asserted: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    statements: dict[Node, dict[str, Node]] = defaultdict(dict)
    statement_props = {RDF.subject: "s", RDF.predicate: "p", RDF.object: "o", KG.confidence: "confidence",
                       KG.rule: "rule", PROV.wasDerivedFrom: "article", NIF.anchorOf: "sentence",
                       NIF.beginIndex: "begin", NIF.endIndex: "end"}

    for s, p, o, g in iter_quads(rdf):
        subject = str(s)
        if p == RDF.type and str(o) in TYPE_OF_CLASS:
            types[subject] = TYPE_OF_CLASS[str(o)]
        elif p == RDF.type and o == SCHEMA.NewsArticle:
            articles.setdefault(article_id_of(s) or subject, {"title": "", "date": "", "url": ""})
        elif p in (SKOS.prefLabel, RDFS.label) and isinstance(o, Literal) and o.language in ("ar", "en"):
            # prefLabel is the canonical Arabic name; rdfs:label@ar repeats it, @en is the English one
            if o.language == "en" or p == SKOS.prefLabel:
                labels[subject][o.language][str(o)] += 1
            names[subject].add(str(o))
        elif p == SKOS.altLabel:
            names[subject].add(str(o))
        elif p == OWL.sameAs and str(o).startswith(str(WD)):
            extra[subject]["wikidata"] = str(o)[len(str(WD)):]
        elif p == SCHEMA.startDate:  # articles may disagree: keep the earliest start, the latest end
            extra[subject]["start_date"] = min(extra[subject].get("start_date", str(o)), str(o))
        elif p == SCHEMA.endDate:
            extra[subject]["end_date"] = max(extra[subject].get("end_date", str(o)), str(o))
        elif p == SCHEMA.mentions:
            mentioned[str(o)].add(article_id_of(s) or subject)
        elif p in (SCHEMA.headline, SCHEMA.datePublished, SCHEMA.url):
            field = {SCHEMA.headline: "title", SCHEMA.datePublished: "date", SCHEMA.url: "url"}[p]
            articles.setdefault(article_id_of(s) or subject, {"title": "", "date": "", "url": ""})[field] = str(o)
        if p in statement_props:
            statements[s][statement_props[p]] = o
        if str(p).startswith(KG_NS) and isinstance(o, URIRef) and p not in (KG.rule, KG.confidence):
            article = article_id_of(g)
            asserted[(subject, str(p)[len(KG_NS):], str(o))].update([article] if article else [])

    graph = nx.MultiDiGraph(articles=articles)
    for node in sorted(set(types) | {end for s, _, o in asserted for end in (s, o)}):
        ar, en = labels[node]["ar"], labels[node]["en"]
        label_ar = _most_common(ar) or node
        graph.add_node(node, type=types.get(node, ""), label_ar=label_ar, label=label_ar,
                       label_en=_most_common(en), wikidata=extra[node].get("wikidata", ""),
                       names=sorted(names[node]), articles=sorted(mentioned[node]),
                       n_articles=len(mentioned[node]),
                       **{k: v for k, v in extra[node].items() if k != "wikidata"})

    def edge(subject: str, predicate: str, obj: str) -> dict:
        if predicate in SYMMETRIC_PREDICATES and obj < subject:
            subject, obj = obj, subject
        if not graph.has_edge(subject, obj, key=predicate):
            graph.add_edge(subject, obj, key=predicate, predicate=predicate, articles=set(),
                           confidence=0.0, evidence=[])
        return graph.edges[subject, obj, predicate]

    for (subject, predicate, obj), found_in in asserted.items():
        edge(subject, predicate, obj)["articles"].update(found_in)
    for statement in statements.values():
        if not {"s", "p", "o"} <= set(statement) or not str(statement["p"]).startswith(KG_NS):
            continue
        data = edge(str(statement["s"]), str(statement["p"])[len(KG_NS):], str(statement["o"]))
        article = article_id_of(statement.get("article")) or ""
        meta = articles.get(article, {})
        confidence = float(statement["confidence"]) if "confidence" in statement else 0.0
        data["evidence"].append({
            "article": article, "title": meta.get("title", ""), "date": meta.get("date", ""),
            "sentence": str(statement.get("sentence", "")),
            "begin": int(statement["begin"]) if "begin" in statement else None,
            "end": int(statement["end"]) if "end" in statement else None,
            "confidence": confidence, "rule": str(statement.get("rule", "")),
        })
        data["confidence"] = max(data["confidence"], confidence)
        if article:
            data["articles"].add(article)
    for _, _, data in graph.edges(data=True):
        data["articles"] = sorted(data["articles"])
        data["evidence"].sort(key=lambda ev: (ev["article"], -ev["confidence"], ev["begin"] or 0))
    return graph


def nodes_frame(graph: nx.Graph) -> pd.DataFrame:
    """One row per node: ``node`` and its scalar attributes (lists left out)."""
    rows = [{"node": node, **{k: v for k, v in data.items() if not isinstance(v, (list, set, dict))}}
            for node, data in graph.nodes(data=True)]
    return pd.DataFrame(rows)


def edges_frame(graph: nx.Graph) -> pd.DataFrame:
    """One row per edge: source, target and their Arabic labels, predicate, confidence, number of articles."""
    rows = []
    for source, target, data in graph.edges(data=True):
        rows.append({
            "source": source, "source_label": _label(graph, source),
            "predicate": data.get("predicate", ""),
            "target": target, "target_label": _label(graph, target),
            "confidence": data.get("confidence"), "n_articles": len(data.get("articles", ())),
            "weight": data.get("weight", 1),
        })
    return pd.DataFrame(rows, columns=["source", "source_label", "predicate", "target", "target_label",
                                       "confidence", "n_articles", "weight"])


def _label(graph: nx.Graph, node) -> str:
    data = graph.nodes[node] if node in graph else {}
    return data.get("label_ar") or data.get("label") or str(node)


# ---------------------------------------------------------------- names

def match_entities(graph: nx.Graph, name: str) -> list:
    """The nodes whose Arabic or English names best match ``name``.

    Matching ignores diacritics, tatweel, alef/hamza, teh marbuta and alef
    maqsura variants (``kg.arabic.normalize``), case and the article ال, and
    part of a name is enough: the same matching as the graph page's search box.
    """
    from kg.export.views import match_nodes

    return match_nodes(graph, name)


def find_entity(graph: nx.Graph, name: str):
    """The one node ``name`` designates: a node id as is, else the one name match.

    Raises ValueError (``kg.export.views.ViewError``) listing the close names
    when nothing or several things match.
    """
    if name in graph:
        return name
    from kg.export.views import find_node

    return find_node(graph, name)


# ---------------------------------------------------------------- projections

def _copy_nodes(target: nx.Graph, graph: nx.Graph, nodes: Iterable) -> None:
    for node in nodes:
        target.add_node(node, **graph.nodes[node])


def actor_event_graph(graph: nx.MultiDiGraph, predicates: Iterable[str] = _ATTENDANCE,
                      actor_types: Iterable[str] | None = None) -> nx.Graph:
    """Bipartite graph of actors and the events they attended or chaired.

    Node attribute ``bipartite`` is 0 for actors, 1 for events; edges keep the
    ``predicates``, ``articles`` and ``evidence`` of the relations they merge.
    ``actor_types`` (e.g. ``("PERSON",)``) keeps only those actors.
    """
    predicates, wanted = set(predicates), set(actor_types) if actor_types else None
    bipartite = nx.Graph()
    for actor, event, data in graph.edges(data=True):
        if data.get("predicate") not in predicates or graph.nodes[event].get("type") != "EVENT":
            continue
        if wanted is not None and graph.nodes[actor].get("type") not in wanted:
            continue
        for node, side in ((actor, 0), (event, 1)):
            bipartite.add_node(node, **graph.nodes[node], bipartite=side)
        if not bipartite.has_edge(actor, event):
            bipartite.add_edge(actor, event, predicates=[], articles=[], evidence=[])
        merged = bipartite.edges[actor, event]
        merged["predicates"] = sorted({*merged["predicates"], data["predicate"]})
        merged["articles"] = sorted({*merged["articles"], *data.get("articles", ())})
        merged["evidence"] = merged["evidence"] + list(data.get("evidence", ()))
    for _, _, data in bipartite.edges(data=True):
        data["predicate"] = "/".join(data["predicates"])
    return bipartite


def coattendance_graph(graph: nx.MultiDiGraph, actor_types: Iterable[str] = ("PERSON",)) -> nx.Graph:
    """Actors (persons by default) linked when they attended the same events.

    Edge ``weight`` is the number of events both attended, ``events`` lists them.
    """
    bipartite = actor_event_graph(graph, actor_types=actor_types)
    actors = [n for n, side in bipartite.nodes(data="bipartite") if side == 0]
    projected = nx.bipartite.weighted_projected_graph(bipartite, actors)
    for a, b, data in projected.edges(data=True):
        data["events"] = sorted(set(bipartite[a]) & set(bipartite[b]))
        data["predicate"] = "coattended"
    return projected


def _relation_graph(graph: nx.MultiDiGraph, predicate: str, types: set[str] | None) -> nx.Graph:
    """Undirected graph of one relation; weight = number of articles that state it."""
    out = nx.Graph()
    for a, b, data in graph.edges(data=True):
        if data.get("predicate") != predicate or a == b:
            continue
        if types is not None and not {graph.nodes[a].get("type"), graph.nodes[b].get("type")} <= types:
            continue
        _copy_nodes(out, graph, (a, b))
        out.add_edge(a, b, predicate=predicate, weight=max(1, len(data.get("articles", ()))),
                     articles=list(data.get("articles", ())), confidence=data.get("confidence"),
                     evidence=list(data.get("evidence", ())))
    return out


def cooperation_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Organisations and countries linked by ``cooperatesWith``; weight = number of articles."""
    return _relation_graph(graph, "cooperatesWith", {"ORGANIZATION", "LOCATION"})


def meeting_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Persons and organisations linked by ``metWith``; weight = number of articles."""
    return _relation_graph(graph, "metWith", {"PERSON", "ORGANIZATION"})


# ---------------------------------------------------------------- analytics

def _simple(graph: nx.Graph) -> nx.Graph:
    """Undirected, one edge per pair; parallel edges add their weights (1 each when unweighted)."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for a, b, data in graph.edges(data=True):
        if a == b:
            continue
        weight = data.get("weight", 1)
        if simple.has_edge(a, b):
            simple.edges[a, b]["weight"] += weight
        else:
            simple.add_edge(a, b, weight=weight)
    return simple


def centrality(graph: nx.Graph) -> pd.DataFrame:
    """Degree and betweenness of every node, most between first (edge directions ignored).

    Columns: node, label_ar, label_en, type, degree (distinct neighbours),
    strength (sum of edge weights), degree_centrality, betweenness (normalised,
    unweighted: every link counts as one step).
    """
    simple = _simple(graph)
    degree = nx.degree_centrality(simple) if len(simple) > 1 else {n: 0.0 for n in simple}
    betweenness = nx.betweenness_centrality(simple)
    rows = [{
        "node": node, "label_ar": _label(simple, node), "label_en": data.get("label_en", ""),
        "type": data.get("type", ""), "degree": simple.degree(node),
        "strength": simple.degree(node, weight="weight"),
        "degree_centrality": degree[node], "betweenness": betweenness[node],
    } for node, data in simple.nodes(data=True)]
    columns = ["node", "label_ar", "label_en", "type", "degree", "strength", "degree_centrality", "betweenness"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["betweenness", "degree", "label_ar"], ascending=[False, False, True],
                             ignore_index=True)


def communities(graph: nx.Graph, seed: int = 0, resolution: float = 1.0) -> list[set]:
    """Louvain communities (networkx, fixed ``seed``: the same split every run), largest first."""
    simple = _simple(graph)
    found = nx.community.louvain_communities(simple, weight="weight", resolution=resolution, seed=seed)
    return sorted(found, key=lambda group: (-len(group), min(map(str, group))))


def ego(graph: nx.Graph, node, radius: int = 1) -> nx.Graph:
    """The subgraph within ``radius`` links of ``node`` (an id or a name; directions ignored)."""
    if radius < 0:
        raise ValueError(f"radius {radius} must be 0 or more")
    center = find_entity(graph, node)
    view = induced_subgraph(graph, nx.ego_graph(graph, center, radius=radius, undirected=True))
    view.graph["center"] = center
    return view


def _edges_between(graph: nx.Graph, a, b) -> Iterator[tuple]:
    """Every edge joining ``a`` and ``b`` in either direction, as (source, target, data)."""
    pairs = [(a, b), (b, a)] if graph.is_directed() else [(a, b)]
    for source, target in pairs:
        found = graph.get_edge_data(source, target)
        if not found:
            continue
        for data in (found.values() if graph.is_multigraph() else [found]):
            yield source, target, data


def shortest_path_with_evidence(graph: nx.Graph, a, b) -> pd.DataFrame:
    """The shortest chain of relations from ``a`` to ``b`` (ids or names), one row per hop.

    Each hop shows the relation in its stated direction (source, predicate,
    target) and its best-supported evidence: sentence, article, confidence.
    Raises ValueError when no chain links them.
    """
    start, end = find_entity(graph, a), find_entity(graph, b)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    try:
        path = nx.shortest_path(undirected, start, end)
    except nx.NetworkXNoPath:
        raise ValueError(f"no chain of relations links {_label(graph, start)!r} and {_label(graph, end)!r}") from None
    rows = []
    for step, (u, v) in enumerate(zip(path, path[1:]), 1):
        candidates = []
        for source, target, data in _edges_between(graph, u, v):
            for ev in data.get("evidence") or [{}]:
                candidates.append((ev.get("confidence", data.get("confidence")) or 0.0, source, target, data, ev))
        confidence, source, target, data, ev = max(candidates, key=lambda c: c[0])
        rows.append({
            "step": step, "source": source, "source_label": _label(graph, source),
            "predicate": data.get("predicate", ""), "target": target, "target_label": _label(graph, target),
            "sentence": ev.get("sentence", ""), "article": ev.get("article", ""), "confidence": confidence,
        })
    return pd.DataFrame(rows, columns=["step", "source", "source_label", "predicate", "target",
                                       "target_label", "sentence", "article", "confidence"])


def evidence_table(graph: nx.Graph, node) -> pd.DataFrame:
    """Every sentence behind every relation of ``node`` (an id or a name), one row per sentence."""
    center = find_entity(graph, node)
    rows = []
    neighbours = set(graph.successors(center)) | set(graph.predecessors(center)) if graph.is_directed() \
        else set(graph[center])
    for other in sorted(neighbours, key=str):
        for source, target, data in _edges_between(graph, center, other):
            for ev in data.get("evidence", ()):
                rows.append({
                    "source_label": _label(graph, source), "predicate": data.get("predicate", ""),
                    "target_label": _label(graph, target), "sentence": ev.get("sentence", ""),
                    "article": ev.get("article", ""), "date": ev.get("date", ""),
                    "confidence": ev.get("confidence"),
                })
    frame = pd.DataFrame(rows, columns=["source_label", "predicate", "target_label", "sentence", "article",
                                        "date", "confidence"])
    return frame.sort_values(["predicate", "target_label", "article"], ignore_index=True)


