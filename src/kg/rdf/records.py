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

A record is a function of its graph's content, so it is computed once:
``graph_record`` makes it from the graph's N-Triples lines in the worker that
extracted the article (with the values Oxigraph would give back), and
``RecordMemo`` keeps it by the graph's content hash; reading a graph back from
the store (a scan of its quads, about 3 ms) is left for graphs no build has
seen, such as those loaded from a cluster's shards.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import product
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox

from kg.arabic import has_arabic, normalize

from kg.rdf.graph import article_id_from_graph
from kg.rdf.store import GRAPH_PREFIX
from kg.rdf.vocab import KG, KGR, NIF, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

__all__ = ["store_records", "iter_store_records", "graph_record", "triples_record", "RecordMemo", "entity_key"]

_CLASSES = {str(KG.Person): "PERSON", str(KG.Organization): "ORGANIZATION",
            str(KG.Location): "LOCATION", str(KG.Event): "EVENT"}
_KGR = str(KGR)

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_DERIVED_FROM = str(PROV.wasDerivedFrom)
#: the article's fields in a record, in this order, with the property each is read from
_ARTICLE_FIELDS = (("title", str(SCHEMA.headline)), ("date", str(SCHEMA.datePublished)), ("url", str(SCHEMA.url)))
_PUBLISHER, _NAME = str(SCHEMA.publisher), str(SCHEMA.name)
_MENTIONS = str(SCHEMA.mentions)
_PREF_LABEL, _ALT_LABEL, _LABEL = str(SKOS.prefLabel), str(SKOS.altLabel), str(RDFS.label)
_SAME_AS, _START, _END = str(OWL.sameAs), str(SCHEMA.startDate), str(SCHEMA.endDate)
_STATEMENT = str(KG.RelationStatement)
_STATEMENT_FIELDS = (str(RDF.subject), str(RDF.predicate), str(RDF.object), str(KG.confidence),
                     str(NIF.anchorOf), str(NIF.beginIndex), str(NIF.endIndex))
_RULE = str(KG.rule)
_KG = str(KG._NS)
#: properties whose values a record copies as written, which a store may rewrite in canonical form
_DATES = frozenset({str(SCHEMA.datePublished), _START, _END})
_DATE_NODES = frozenset(ox.NamedNode(iri) for iri in _DATES)
_PLAIN = frozenset({str(XSD.string), str(RDF.langString)})
_AS = ox.NamedNode("urn:kg:literal")


@lru_cache(maxsize=100_000)  # entities recur from article to article
def entity_key(iri: str) -> str:
    """``Entity.key`` from the entity's IRI (the inverse of ``kg.rdf.graph.entity_iri``: an Arabic
    name, written there as newswire writes it, is put back in kg's normal form)."""
    path = iri[len(_KGR):] if iri.startswith(_KGR) else iri
    kind, _, name = path.partition("/")
    name = unquote(name.replace("_", " "))
    return f"{unquote(kind)}:{normalize(name) if has_arabic(name, minimum=1) else name}"


def store_records(store: ox.Store) -> list[dict]:
    """One record per article graph of ``store``, sorted by article id."""
    return list(iter_store_records(store))


def iter_store_records(store: ox.Store, memo: "RecordMemo | None" = None) -> Iterator[dict]:
    """``store_records`` one at a time: memory stays flat, whatever the size of the store.  A graph whose
    content hash ``memo`` knows is not read (the record is the memo's); one it does not know is read
    from the store, and the memo learns it."""
    from kg.rdf.store import article_graphs

    digests = article_graphs(store)  # graph IRI suffix -> content hash
    for suffix in sorted(digests, key=lambda suffix: article_id_from_graph(GRAPH_PREFIX + suffix)):
        graph, digest = GRAPH_PREFIX + suffix, digests[suffix]
        record = memo.get(digest) if memo is not None and digest else None
        if record is None:
            record = _record(graph, (q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))
            if record is not None and memo is not None and digest:
                memo.put(digest, record)
        if record is not None:
            yield record


class RecordMemo:
    """Records of article graphs by the graphs' content hash (``ArticleGraph.digest``), in one SQLite
    file.  Losing it, or a damaged one, costs only time: each record is read from its graph again.
    Records written by other code (another kg, an edited records.py) are forgotten on opening."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self._db = self._open(self.path)
        except sqlite3.DatabaseError:
            try:  # not a memo (a damaged file): start a new one
                self.path.unlink(missing_ok=True)
                self._db = self._open(self.path)
            except (OSError, sqlite3.Error):
                self._db = self._open(":memory:")  # cannot be written there: a memo for this run only

    @staticmethod
    def _open(where) -> sqlite3.Connection:
        db = sqlite3.connect(where)
        db.execute("CREATE TABLE IF NOT EXISTS records (digest TEXT PRIMARY KEY, record BLOB)")
        db.execute("CREATE TABLE IF NOT EXISTS made_by (code TEXT)")
        code = _record_code()
        if db.execute("SELECT code FROM made_by").fetchall() != [(code,)]:
            db.execute("DELETE FROM records")
            db.execute("DELETE FROM made_by")
            db.execute("INSERT INTO made_by VALUES (?)", (code,))
            db.commit()
        return db

    def get(self, digest: str) -> dict | None:
        try:
            row = self._db.execute("SELECT record FROM records WHERE digest = ?", (digest,)).fetchone()
            return json.loads(zlib.decompress(row[0])) if row else None
        except (sqlite3.DatabaseError, zlib.error, ValueError):
            return None

    def put(self, digest: str, record: dict) -> None:
        blob = zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 1)
        try:
            self._db.execute("INSERT OR REPLACE INTO records VALUES (?, ?)", (digest, blob))
        except sqlite3.Error:
            pass  # a full disk: the record is read from its graph next time

    def keep(self, digests: Iterable[str]) -> None:
        """Forget every record but those of ``digests`` (the graphs a store holds)."""
        try:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (digest TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM kept")
            self._db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((d,) for d in digests))
            self._db.execute("DELETE FROM records WHERE digest NOT IN (SELECT digest FROM kept)")
        except sqlite3.Error:
            pass

    def close(self) -> None:
        try:
            self._db.commit()
        except sqlite3.Error:
            pass
        self._db.close()


@lru_cache(maxsize=1)
def _record_code() -> str:
    """What records are made by: kg's version and this module's source."""
    from kg import __version__

    return hashlib.sha256(__version__.encode() + Path(__file__).read_bytes()).hexdigest()


def graph_record(graph_iri: str, lines: Iterable[str]) -> dict | None:
    """The record of an article graph given as N-Triples lines: what ``iter_store_records`` reads back
    once the graph is stored (dates and times as Oxigraph writes them back, in canonical form)."""
    return triples_record(graph_iri, [quad.triple for quad in ox.parse("\n".join(lines),
                                                                        format=ox.RdfFormat.N_TRIPLES)])


def triples_record(graph_iri: str, triples: list) -> dict | None:
    """``graph_record`` of the graph's triples (``ox.Triple``s or (subject, predicate, object) tuples of
    pyoxigraph terms), in the order of its lines (kg.rdf.store.triple_lines_and_terms)."""
    typed = {o for _, p, o in triples if p in _DATE_NODES and isinstance(o, ox.Literal)
             and o.datatype.value not in _PLAIN}
    if typed:
        canonical = _as_stored(typed)
        triples = [(s, p, canonical.get(o, o)) for s, p, o in triples]
    return _record(graph_iri, triples)


def _as_stored(literals: set[ox.Literal]) -> dict[ox.Literal, ox.Literal]:
    """Each literal as a store gives it back (``"2025-01-02T10:00:00+00:00"`` -> ``...Z``)."""
    scratch = ox.Store()
    given = dict(enumerate(literals))
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:kg:literal:{n}"), _AS, literal) for n, literal in given.items())
    return {given[int(q.subject.value.rsplit(":", 1)[1])]: q.object for q in scratch.quads_for_pattern(None, _AS, None)}


def _record(graph: str, triples: Iterable[ox.Triple]) -> dict | None:
    """The record of the article graph ``graph`` from its triples; None when it names no article
    (prov:wasDerivedFrom).  The triples are taken apart here: three SPARQL queries per graph cost
    twice as much as one scan of its quads."""
    about: dict = {}  # subject -> property IRI -> objects, in the order given
    for subject, predicate, obj in triples:
        about.setdefault(subject, {}).setdefault(predicate.value, []).append(obj)
    articles = about.get(ox.NamedNode(graph), {}).get(_DERIVED_FROM)
    if not articles:
        return None
    record: dict = {"id": article_id_from_graph(graph)}
    for article in articles:
        said = about.get(article, {})
        for name, prop in _ARTICLE_FIELDS:
            if said.get(prop):
                record[name] = said[prop][-1].value
        names = [name for publisher in said.get(_PUBLISHER, ()) for name in about.get(publisher, {}).get(_NAME, ())]
        if names:
            record["source"] = names[-1].value

    entities: dict[str, dict] = {}
    for said in about.values():
        for node in said.get(_MENTIONS, ()):
            known = about.get(node, {})
            classes = [c.value for c in known.get(_RDF_TYPE, ()) if c.value in _CLASSES]
            if not classes or node.value in entities:
                continue
            entity = entities[node.value] = {"type": _CLASSES[classes[0]], "label": "", "mentions": [],
                                             "key": entity_key(node.value)}
            for value in known.get(_PREF_LABEL, ()):
                entity["label"] = min(filter(None, [entity["label"], value.value]))
            for value in (*known.get(_ALT_LABEL, ()), *(v for v in known.get(_LABEL, ()) if v.language != "en")):
                if value.value not in entity["mentions"]:
                    entity["mentions"].append(value.value)
            for field, prop in (("label_en", _LABEL), ("wikidata", _SAME_AS), ("date_start", _START),
                                ("date_end", _END)):
                values = [v for v in known.get(prop, ()) if prop != _LABEL or v.language == "en"]
                if values:
                    entity[field] = values[-1].value
            if "wikidata" in entity:
                entity["wikidata"] = entity["wikidata"].rsplit("/", 1)[-1]

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

    rows = []
    for statement, said in about.items():
        if not any(c.value == _STATEMENT for c in said.get(_RDF_TYPE, ())):
            continue
        fields = [said.get(prop, ()) for prop in _STATEMENT_FIELDS]
        rows += [(int(begin.value), statement.value, s, p, o, confidence, sentence, begin, end, rule)
                 for s, p, o, confidence, sentence, begin, end in product(*fields)
                 for rule in said.get(_RULE) or (None,)]
    record["relations"] = []
    for _, _, s, p, o, confidence, sentence, begin, end, rule in sorted(rows, key=lambda row: row[:2]):
        if s.value not in ids or o.value not in ids:
            continue  # an end the article does not describe; the shapes report it
        record["relations"].append({
            "subject": ids[s.value],
            "predicate": p.value[len(_KG):],
            "object": ids[o.value],
            "confidence": float(confidence.value),
            "evidence": sentence.value,
            "evidence_span": [int(begin.value), int(end.value)],
            "rule": rule.value if rule is not None else "",
        })
    return record
