"""Merge per-article extractions into one networkx graph, and write it as GraphML.

Nodes are keyed by ``Entity.key`` so that the same real-world thing named in
two articles becomes one node; edges are keyed by predicate, one per
(subject key, predicate, object key), and keep every sentence that supports them.
The graph is built either from ``Extraction`` objects or from the records
that ``kg build`` writes to ``extractions.json`` (``kg.records``).
"""
from __future__ import annotations

import json
import sys
from array import array
from collections import Counter
from collections.abc import Collection, Iterable
from pathlib import Path

import networkx as nx

from kg.model import PREDICATES, SYMMETRIC_PREDICATES, EntityType, Extraction

#: Node and edge attributes holding lists, which GraphML cannot store as such.
_JOINED = ("names", "articles")


class _GraphBuilder:
    """Accumulates articles into one MultiDiGraph; both front doors feed it, one article at a time.

    ``evidence_kept`` (for a page) keeps at most that many evidence entries an edge, the first in
    the order ``finish`` sorts them, and counts them all in the edge's ``evidence_count``; likewise
    ``articles_kept`` for the articles of each node and edge (``articles_count``): an edge that
    thousands of articles state then costs no more memory than one that twenty state."""

    def __init__(self, evidence_kept: int | None = None, articles_kept: int | None = None) -> None:
        self.graph = nx.MultiDiGraph(articles={})
        self._kept = evidence_kept
        self._articles_kept = articles_kept
        self._last_article: dict = {}  # node key or edge -> the last article counted for it
        self._naming: set[str] = set()  # the articles that name some node
        #: (subject, object, predicate, sentence) -> that edge's evidence entry in the article being added,
        #: so that a sentence stated twice is found at once (entries of two articles never coincide)
        self._evidence: dict[tuple, dict] = {}
        self._article = None

    def add_article(self, article_id: str, title: str = "", date: str = "", url: str = "") -> None:
        self.graph.graph["articles"][article_id] = {"title": title, "date": date, "url": url}

    def add_entity(self, article_id: str, key: str, type_: str, label: str, names: Iterable[str],
                   label_en: str = "", wikidata: str = "") -> None:
        graph = self.graph
        if key not in graph:
            graph.add_node(key, type=type_, label=label, label_en=label_en, wikidata=wikidata,
                           names=set(), articles=set())
        data = graph.nodes[key]
        # The first article that knows a label, English name or QID supplies it.
        for attr, value in (("label", label), ("label_en", label_en), ("wikidata", wikidata)):
            if not data[attr]:
                data[attr] = value
        data["names"].update(names)
        if label:
            data["names"].add(label)
        self._name_article(key, data, article_id)
        self._naming.add(article_id)

    def _name_article(self, item, data: dict, article_id: str) -> None:
        """``article_id`` names the node or edge ``item``: with ``articles_kept``, only the first that many
        articles (by id) are kept, and all are counted in ``articles_count``."""
        data["articles"].add(article_id)
        if self._articles_kept is None:
            return
        if self._last_article.get(item) != article_id:
            self._last_article[item] = article_id
            data["articles_count"] = data.get("articles_count", 0) + 1
        if len(data["articles"]) > 2 * self._articles_kept:
            data["articles"] = set(sorted(data["articles"])[:self._articles_kept])

    def add_relation(self, article_id: str, subject: str, predicate: str, obj: str,
                     confidence: float, sentence: str) -> None:
        graph = self.graph
        if predicate in SYMMETRIC_PREDICATES and obj < subject:
            subject, obj = obj, subject
        if article_id != self._article:
            self._article, self._evidence = article_id, {}
        said = (subject, obj, predicate, sentence)
        old = self._evidence.get(said)
        if old is not None:  # the same sentence of the same article: one entry, its best confidence
            old["confidence"] = max(old["confidence"], confidence)
            data = graph.edges[subject, obj, predicate]
            data["confidence"] = max(data["confidence"], confidence)
            return
        meta = graph.graph["articles"].get(article_id, {})
        evidence = self._evidence[said] = {
            "article": article_id,
            "title": meta.get("title", ""),
            "date": meta.get("date", ""),
            "sentence": sentence,
            "confidence": confidence,
        }
        if graph.has_edge(subject, obj, key=predicate):
            data = graph.edges[subject, obj, predicate]
            data["confidence"] = max(data["confidence"], confidence)
            data["evidence"].append(evidence)
        else:
            graph.add_edge(subject, obj, key=predicate, predicate=predicate, confidence=confidence,
                           articles=set(), evidence=[evidence])
            data = graph.edges[subject, obj, predicate]
        self._name_article((subject, obj, predicate), data, article_id)
        if self._kept is not None:
            data["evidence_count"] = data.get("evidence_count", 0) + 1
            if len(data["evidence"]) > 2 * self._kept:
                data["evidence"] = _first_evidence(data["evidence"], self._kept)

    def finish(self) -> nx.MultiDiGraph:
        self._evidence, self._article, self._last_article = {}, None, {}
        listed = slice(self._articles_kept)
        if self._articles_kept is not None:  # the nodes list some of them: the page counts them all
            self.graph.graph["articles_named"] = len(self._naming)
        self._naming = set()
        for _, data in self.graph.nodes(data=True):
            data["names"] = sorted(data["names"])
            data["articles"] = sorted(data["articles"])[listed]
        for _, _, data in self.graph.edges(data=True):
            data["articles"] = sorted(data["articles"])[listed]
            data["evidence"].sort(key=_evidence_order)
            if self._kept is not None:
                del data["evidence"][self._kept:]
        return self.graph


def _evidence_order(evidence: dict) -> tuple:
    return evidence["article"], -evidence["confidence"]


def _first_evidence(evidence: list[dict], kept: int) -> list[dict]:
    """The entries of ``evidence`` whose article is among those of its first ``kept`` in order: every entry
    that can still end up among the first ``kept`` (a later sentence of a kept article keeps its
    confidence up to date, and every article left out has ``kept`` entries before it)."""
    evidence.sort(key=_evidence_order)
    last = evidence[kept - 1]["article"]
    return [ev for ev in evidence if ev["article"] <= last]


def extractions_to_graph(extractions: Iterable[Extraction]) -> nx.MultiDiGraph:
    """One graph over all articles: entities by key, relations with their evidence.

    Node attributes: type, label, label_en, wikidata, names (all surface forms,
    sorted), articles (sorted ids).  Edge attributes (edge key = predicate):
    predicate, confidence (the highest), articles (sorted ids) and evidence, a
    list of dicts with article, title, date, sentence and confidence.
    Symmetric predicates (metWith, cooperatesWith) are stored once per pair,
    with the smaller key as subject.  ``graph.graph["articles"]`` maps each
    article id to its title, date and url.
    """
    builder = _GraphBuilder()
    for extraction in extractions:
        article = extraction.article
        builder.add_article(article.id, article.title, article.date, article.url)
        for entity in extraction.entities:
            if not entity.key:
                raise ValueError(
                    f"entity {entity.id} ({entity.label!r}) of article {article.id!r} has no key; "
                    "resolve entities before building the graph so that every entity has one"
                )
            builder.add_entity(article.id, entity.key, entity.type.value, entity.label,
                               entity.surface_forms, entity.label_en, entity.wikidata)
        for relation in extraction.relations:
            builder.add_relation(
                article.id, extraction.entity(relation.subject).key, relation.predicate,
                extraction.entity(relation.object).key, relation.confidence,
                extraction.evidence_text(relation),
            )
    return builder.finish()


def record_entity_key(entity: dict) -> str:
    """The node key of a record's entity: its ``key``, else its type and label (older records)."""
    label = entity.get("label") or next(iter(entity.get("mentions", [])), "")
    return entity.get("key") or f"{entity['type'].lower()}:{label}"


def graph_from_records(records: Iterable[dict], keep: Collection[str] | None = None,
                       evidence_kept: int | None = None, articles_kept: int | None = None) -> nx.MultiDiGraph:
    """The same graph as ``extractions_to_graph``, from the JSON records of ``kg build``.

    A record is ``kg.records.extraction_record``'s object: ``id``, ``entities``
    (id, type, label, mentions, key, optional label_en and wikidata) and
    ``relations`` (subject, predicate, object, confidence, evidence).  Optional
    ``title``, ``date`` and ``url`` describe the article.  With ``keep`` (node
    keys) the graph holds only those nodes and the relations between them: the
    subgraph of the whole graph on ``keep``, nodes and edges in the same order.
    With ``evidence_kept`` each edge keeps its first that many evidence entries
    and counts them all in ``evidence_count``, and with ``articles_kept`` each
    node and edge lists its first that many articles and counts them all in
    ``articles_count``, the graph in ``articles_named`` (what a page needs).
    Raises ValueError naming the article and field when a record is malformed.
    """
    builder = _GraphBuilder(evidence_kept, articles_kept)
    types = {t.value for t in EntityType}
    for number, record in enumerate(records, 1):
        if not isinstance(record, dict) or not record.get("id"):
            raise ValueError(f"record {number} is not an object with an 'id'; "
                             "give the extractions.json written by `kg build`")
        article_id = sys.intern(str(record["id"]))  # one string however many nodes and edges name it
        where = f"article {article_id!r}"
        builder.add_article(article_id, record.get("title", ""), record.get("date", ""), record.get("url", ""))
        keys: dict[str, str] = {}
        for ent in record.get("entities", []):
            if not isinstance(ent, dict) or ent.get("type") not in types or not ent.get("id"):
                raise ValueError(f"{where}: entity {ent!r} needs an 'id' and a 'type' among {', '.join(sorted(types))}")
            label = ent.get("label") or next(iter(ent.get("mentions", [])), "")
            key = keys[ent["id"]] = record_entity_key(ent)
            if keep is None or key in keep:
                builder.add_entity(article_id, key, ent["type"], label, ent.get("mentions", []),
                                   ent.get("label_en", ""), ent.get("wikidata", ""))
        for rel in record.get("relations", []):
            ends = (rel.get("subject"), rel.get("object")) if isinstance(rel, dict) else (None, None)
            if not all(end in keys for end in ends):
                raise ValueError(f"{where}: relation {rel!r} names an entity id the record does not define")
            if rel.get("predicate") not in PREDICATES:
                raise ValueError(f"{where}: unknown predicate {rel.get('predicate')!r}; "
                                 f"use one of {', '.join(PREDICATES)}")
            if keep is None or (keys[ends[0]] in keep and keys[ends[1]] in keep):
                builder.add_relation(article_id, keys[ends[0]], rel["predicate"], keys[ends[1]],
                                     float(rel.get("confidence", 0.0)), rel.get("evidence", ""))
    return builder.finish()


class RecordsOutline:
    """The shape of the graph that records make, without names or evidence: each node's type and
    articles, and the distinct edges.

    Enough to count the graph (``types``, ``facts``) and to choose the part a page draws
    (``most_connected``), in memory that grows with the entities and facts, not with the
    sentences that state them: a build of any size outlines its records as it writes them,
    then builds the full graph of the chosen part only (``graph_from_records(..., keep=...)``),
    reading again just the records that mention it (``articles_of``).  Records are taken as
    ``kg build`` writes them (``graph_from_records`` checks them).
    """

    def __init__(self) -> None:
        self.records = 0
        self._nodes: dict[str, int] = {}  # key -> number, in the order the graph adds them
        self._keys: list[str] = []
        self._types: list[str] = []
        self._articles: list[array] = []  # node number -> numbers of the records naming it
        self._edges: dict[tuple[int, int, str], None] = {}  # in the order first stated

    def add(self, record: dict) -> None:
        """Outline the next record (records are numbered 0, 1, ... in the order they are added)."""
        number = self.records
        self.records += 1
        ends: dict[str, int] = {}
        for ent in record.get("entities", []):
            key = record_entity_key(ent)
            node = self._nodes.get(key)
            if node is None:
                node = self._nodes[key] = len(self._keys)
                self._keys.append(key)
                self._types.append(ent["type"])
                self._articles.append(array("I"))
            named = self._articles[node]
            if not named or named[-1] != number:
                named.append(number)
            ends[ent["id"]] = node
        for rel in record.get("relations", []):
            subject, obj, predicate = ends[rel["subject"]], ends[rel["object"]], rel["predicate"]
            if predicate in SYMMETRIC_PREDICATES and self._keys[obj] < self._keys[subject]:
                subject, obj = obj, subject
            self._edges.setdefault((subject, obj, predicate))

    @property
    def nodes(self) -> int:
        return len(self._keys)

    @property
    def edges(self) -> int:
        return len(self._edges)

    def types(self) -> Counter:
        """Nodes by entity type (the type of the first record naming each)."""
        return Counter(self._types)

    def facts(self) -> Counter:
        """Distinct edges by predicate, counted in the order the graph lists its edges (by subject,
        then object, each in the order first met), so that ties come out as from the graph."""
        pairs: dict[tuple[int, int], int] = {}
        for subject, obj, _ in self._edges:
            pairs.setdefault((subject, obj), len(pairs))
        listed = sorted(self._edges, key=lambda edge: (edge[0], pairs[edge[:2]]))
        return Counter(predicate for _, _, predicate in listed)

    def most_connected(self, max_nodes: int) -> list[str] | None:
        """The keys ``kg.export.views.most_connected_view`` keeps of the whole graph at ``max_nodes``;
        None when the whole graph fits."""
        from kg.export.views import densest_nodes

        if self.nodes <= max_nodes:
            return None
        simple = nx.Graph()
        simple.add_nodes_from(self._keys)
        simple.add_edges_from((self._keys[s], self._keys[o]) for s, o, _ in self._edges if s != o)
        return densest_nodes(simple, {key: len(self._articles[n]) for key, n in self._nodes.items()}, max_nodes)

    def articles_of(self, keys: Iterable[str]) -> list[int]:
        """The numbers of the records that name any of ``keys``, in order."""
        numbers: set[int] = set()
        for key in keys:
            numbers.update(self._articles[self._nodes[key]])
        return sorted(numbers)


def read_graph_json(path: str | Path) -> nx.MultiDiGraph:
    """The graph of the extraction JSON at ``path`` (what ``kg build`` writes to extractions.json).

    Raises FileNotFoundError or ValueError with a message naming the file and how to fix it.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file; run `kg build PATH...` first, or give the "
                                "extractions.json it wrote")
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not UTF-8 JSON ({exc}); give the extractions.json written by `kg build`") from None
    if not isinstance(records, list):
        raise ValueError(f"{path}: expected a JSON list of article records, as `kg build` writes")
    try:
        return graph_from_records(records)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


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
