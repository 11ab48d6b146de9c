"""The knowledge graph for notebooks: RDF to networkx graphs and pandas DataFrames, and a few analyses.

A thin layer: rdflib loads and queries the RDF, networkx does every graph
algorithm, pandas holds the tables.  Nodes are keyed by entity IRI (a string),
the same value SPARQL returns, so graph metrics and query results join on it.

    dataset = load_dataset("build/graph.trig")        # or .ttl, .nq, or the store folder build/store
    graph = entity_graph(dataset)                     # MultiDiGraph: entities, relations with evidence
    centrality(coattendance_graph(graph)).head()      # who sits between the groups that meet
    sparql_frame(dataset, "evidence", subject="نادية القاسمي")   # a canned query, bound safely
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import pandas as pd
import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.model import SYMMETRIC_PREDICATES, Extraction
from kg.rdf.vocab import ENTITY_CLASSES, KG, KGR, NIF, OWL, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, WD

__all__ = [
    "load_dataset", "build_dataset", "sparql_frame", "entity_graph", "nodes_frame", "edges_frame",
    "match_entities", "find_entity", "coattendance_graph", "meeting_graph", "cooperation_graph",
    "actor_event_graph", "centrality", "communities", "ego", "shortest_path_with_evidence",
    "evidence_table", "timeline", "ARABIC_FONTS", "arabic_font", "plot_text",
]

_RDF_FORMATS = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads", ".ttl": "turtle", ".nt": "nt",
                ".jsonld": "json-ld", ".rdf": "xml"}
_TYPES = {str(cls): etype.value for etype, cls in ENTITY_CLASSES.items()}
_KG = str(KG._NS)
_ARTICLE = str(KGR["article/"])
_GRAPH = str(KGR["graph/"])
_ATTENDANCE = ("attended", "chaired")


# ---------------------------------------------------------------- loading

def load_dataset(path: str | Path) -> Dataset:
    """The RDF at ``path``: a .trig / .nq / .ttl / .nt / .jsonld file, or a store folder (``build/store``).

    The store is opened read-only, so a running ``kg build`` or ``kg serve`` is
    not disturbed.  The dataset's default graph is the union of its named
    graphs, so SPARQL without ``GRAPH`` sees every article.
    """
    path = Path(path)
    if path.is_dir():
        from kg.rdf.store import open_store, store_to_dataset

        dataset = store_to_dataset(open_store(path, read_only=True), include_hash=False)
        return _union(dataset)
    if not path.is_file():
        raise FileNotFoundError(f"no RDF file or store at {path}; run `kg build PATH... --out DIR` "
                                "and give DIR/graph.trig or DIR/store")
    fmt = _RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"cannot tell the RDF format of {path}; give a file ending in "
                         f"{', '.join(sorted(_RDF_FORMATS))}, or a store folder")
    dataset = Dataset(default_union=True)
    dataset.parse(path, format=fmt)
    return dataset


def build_dataset(paths: Iterable[str | Path]) -> Dataset:
    """Read and extract the articles in ``paths`` (files or folders) into a dataset, in memory.

    The same steps as ``kg build`` without writing anything; an unreadable
    input raises ValueError naming it.
    """
    from kg.extract.pipeline import Extractor
    from kg.ingest import InputError, read_articles
    from kg.rdf.graph import extraction_to_dataset

    extractor = Extractor()
    extractions: list[Extraction] = []
    for item in read_articles(list(paths)):
        if isinstance(item, InputError):
            raise ValueError(str(item))
        extractions.append(extractor(item))
    return _union(extraction_to_dataset(extractions))


def _union(dataset: Dataset) -> Dataset:
    """``dataset`` with the union of its graphs as default graph (a view on the same store)."""
    if dataset.default_union:
        return dataset
    return Dataset(store=dataset.store, default_union=True)


def _rdf(data) -> Graph:
    """An rdflib graph or dataset from what the caller has: either, a pyoxigraph Store, or a path."""
    if isinstance(data, Dataset):
        return _union(data)
    if isinstance(data, Graph):
        return data
    if isinstance(data, (str, Path)):
        return load_dataset(data)
    if isinstance(data, ox.Store):
        from kg.rdf.store import store_to_dataset

        return _union(store_to_dataset(data, include_hash=False))
    raise TypeError(f"expected an rdflib Graph or Dataset, a pyoxigraph Store or a path, "
                    f"not {type(data).__name__}; load RDF with kg.analysis.load_dataset(path)")


# ---------------------------------------------------------------- SPARQL

def _python(term: Node | None):
    """A result term as a plain value: IRIs as strings, numbers as numbers, other literals as text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (bool, int, float)):
            return value
        if isinstance(value, Decimal):
            return float(value)
        return str(term)
    return str(term)


def _binding_terms(query, bindings: Mapping[str, object]) -> dict[str, Node]:
    """rdflib terms for ``bindings``: strings typed as the query's header declares, other values as given."""
    from kg.query import SparqlQuery, bind_params
    from kg.rdf.store import from_ox

    terms: dict[str, Node] = {}
    for name, value in bindings.items():
        if isinstance(value, Node):
            terms[name] = value
        elif isinstance(value, str):
            param = query.param(name)
            if param is None and query.params:
                raise ValueError(f"query {query.name or '<text>'} has no parameter {name!r}; its parameters "
                                 f"are {', '.join(p.name for p in query.params)}")
            # one parameter at a time, so a term passed as an rdflib Node still counts as given
            single = SparqlQuery(text="", name=query.name, params=(param,) if param else ())
            terms[name] = from_ox(bind_params(single, {name: value})[name])
        else:
            terms[name] = Literal(value)
    missing = [p.name for p in query.params if not p.optional and p.name not in terms]
    if missing:
        raise ValueError(f"query {query.name or '<text>'} needs {', '.join(f'{m}=...' for m in missing)}")
    return terms


def sparql_frame(data, query: str, **bindings) -> pd.DataFrame:
    """The results of a SELECT query as a DataFrame, one column per variable.

    ``data`` is an rdflib Dataset or Graph (a Dataset is queried through the
    union of its graphs; ``GRAPH ?g`` still reaches each article), a pyoxigraph
    Store, or a path for ``load_dataset``.  ``query`` is a canned query's name
    (``queries/*.rq``), a ``.rq`` file or SPARQL text.  ``bindings`` bind
    variables without ever pasting text into the query: rdflib gets them as
    ``initBindings``, a pyoxigraph Store as a VALUES block of escaped terms.  A
    string is typed as the query header declares (``ar``: an Arabic label,
    ``iri``: ``kg:attended`` or a full IRI ...); pass an rdflib term for any
    other type.  kg's prefixes (``kg:``, ``schema:``, ``skos:`` ...) are
    predeclared.  Cells: IRIs as strings, numbers as numbers, other literals as text.
    """
    from kg.query import load_query

    sparql = load_query(query)
    terms = _binding_terms(sparql, bindings)
    if isinstance(data, ox.Store):
        from kg.query import run_query
        from kg.rdf.store import from_ox, to_ox

        results = run_query(data, sparql, {name: to_ox(term) for name, term in terms.items()})
        if not isinstance(results, ox.QuerySolutions):
            raise ValueError(f"query {sparql.name or '<text>'} is not a SELECT query; sparql_frame runs SELECT")
        columns = [v.value for v in results.variables]
        rows = [[_python(None if s[c] is None else from_ox(s[c])) for c in columns] for s in results]
        return pd.DataFrame(rows, columns=columns)
    results = _rdf(data).query(sparql.text, initNs=dict(PREFIXES), initBindings=terms)
    if results.type != "SELECT":
        raise ValueError(f"query {sparql.name or '<text>'} is a {results.type} query; sparql_frame runs SELECT")
    columns = [str(v) for v in results.vars]
    return pd.DataFrame([[_python(row[c]) for c in columns] for row in results], columns=columns)


# ---------------------------------------------------------------- the entity graph

def _quads(rdf: Graph) -> Iterator[tuple[Node, Node, Node, Node | None]]:
    if isinstance(rdf, Dataset):
        yield from rdf.quads((None, None, None, None))
    else:
        for s, p, o in rdf:
            yield s, p, o, None


def _article_id(iri: Node | None) -> str | None:
    text = str(iri or "")
    for prefix in (_ARTICLE, _GRAPH):
        if text.startswith(prefix):
            return unquote(text[len(prefix):])
    return None


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
    rdf = _rdf(data)
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

    for s, p, o, g in _quads(rdf):
        subject = str(s)
        if p == RDF.type and str(o) in _TYPES:
            types[subject] = _TYPES[str(o)]
        elif p == RDF.type and o == SCHEMA.NewsArticle:
            articles.setdefault(_article_id(s) or subject, {"title": "", "date": "", "url": ""})
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
            mentioned[str(o)].add(_article_id(s) or subject)
        elif p in (SCHEMA.headline, SCHEMA.datePublished, SCHEMA.url):
            field = {SCHEMA.headline: "title", SCHEMA.datePublished: "date", SCHEMA.url: "url"}[p]
            articles.setdefault(_article_id(s) or subject, {"title": "", "date": "", "url": ""})[field] = str(o)
        if p in statement_props:
            statements[s][statement_props[p]] = o
        if str(p).startswith(_KG) and isinstance(o, URIRef) and p not in (KG.rule, KG.confidence):
            article = _article_id(g)
            asserted[(subject, str(p)[len(_KG):], str(o))].update([article] if article else [])

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
        if not {"s", "p", "o"} <= set(statement) or not str(statement["p"]).startswith(_KG):
            continue
        data = edge(str(statement["s"]), str(statement["p"])[len(_KG):], str(statement["o"]))
        article = _article_id(statement.get("article")) or ""
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
    view = nx.ego_graph(graph, center, radius=radius, undirected=True).copy()
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


# ---------------------------------------------------------------- time

# One row per event, place, article; pandas aggregates (rdflib's GROUP_CONCAT fails on unbound values).
_TIMELINE = """
PREFIX kg: <https://w3id.org/kg-arabic/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?event ?label_ar ?label_en (STR(?start) AS ?start_date) (STR(?end) AS ?end_date)
       (STR(?published) AS ?reported) ?place ?article
WHERE {
  ?event a kg:Event .
  OPTIONAL { ?event schema:startDate ?start }
  OPTIONAL { ?event schema:endDate ?end }
  OPTIONAL { ?event skos:prefLabel ?label_ar }
  OPTIONAL { ?event rdfs:label ?label_en FILTER (LANG(?label_en) = "en") }
  OPTIONAL { ?event kg:heldIn ?where . ?where skos:prefLabel ?place }
  OPTIONAL { ?article schema:mentions ?event OPTIONAL { ?article schema:datePublished ?published } }
}
"""


def timeline(data, reported: bool = True) -> pd.DataFrame:
    """Events by date, earliest first.

    An event's date is its ``schema:startDate`` (and ``endDate``); with
    ``reported``, an event without one is dated by the earliest publication
    date of the articles that mention it (``date_source`` says which).
    Events with neither are left out.  Columns: event (IRI), label_ar,
    label_en, date (pandas timestamp; a month or year reads as its first day),
    date_source ("event" or "reported"), start_date, end_date, reported (the
    ISO text kg wrote), places (where it was held, `` · ``-joined), n_articles.
    """
    rows = sparql_frame(data, _TIMELINE).fillna("")
    rows = rows.astype(str)

    def first(values: pd.Series) -> str:
        return min(set(values) - {""}, default="")

    def last(values: pd.Series) -> str:
        return max(set(values) - {""}, default="")

    def joined(values: pd.Series) -> str:
        return " · ".join(sorted(set(values) - {""}))

    frame = rows.groupby("event", as_index=False).agg(
        label_ar=("label_ar", first), label_en=("label_en", last), start_date=("start_date", first),
        end_date=("end_date", last), reported=("reported", first), places=("place", joined),
        n_articles=("article", lambda v: len(set(v) - {""})),
    )
    if not reported:
        frame["reported"] = ""
    frame["date_source"] = ["event" if start else "reported" if seen else ""
                            for start, seen in zip(frame["start_date"], frame["reported"])]
    frame = frame[frame["date_source"] != ""].copy()
    text = frame["start_date"].where(frame["date_source"] == "event", frame["reported"])
    frame["date"] = pd.to_datetime(text, format="ISO8601", errors="coerce")
    frame = frame.sort_values(["date", "label_ar"], ignore_index=True)
    return frame[["event", "label_ar", "label_en", "date", "date_source", "start_date", "end_date", "reported",
                  "places", "n_articles"]]


# ---------------------------------------------------------------- plotting Arabic

#: Arabic fonts to plot with, best first (Debian: fonts-noto-core).
ARABIC_FONTS = ("Noto Naskh Arabic", "Noto Sans Arabic", "Noto Kufi Arabic")


def arabic_font() -> str | None:
    """The first of ``ARABIC_FONTS`` that matplotlib's font manager knows, or None.

    Set it with ``plt.rcParams["font.family"] = [font, "DejaVu Sans"]`` (the
    second font covers Latin and digits).
    """
    from matplotlib import font_manager

    known = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in ARABIC_FONTS if name in known), None)


def _matplotlib_shapes_text() -> bool:
    """Matplotlib 3.11 and later lay text out with libraqm, which joins Arabic letters and orders RTL runs."""
    import matplotlib

    major, minor = (int(part) for part in matplotlib.__version__.split(".")[:2])
    return (major, minor) >= (3, 11)


def plot_text(text: str) -> str:
    """``text`` ready for a matplotlib label: Arabic letters joined, right-to-left in visual order.

    Matplotlib before 3.11 draws characters one by one, left to right, so the
    text is shaped with arabic-reshaper and reordered with python-bidi; from
    3.11 on matplotlib does both itself (with libraqm), and doing them twice
    would reverse the text, so it is returned unchanged.
    """
    if _matplotlib_shapes_text():
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text))
