"""Tidy tables of the store for analysis: entities, relations with their evidence, mentions (CSV and Parquet).

``kg export --format tables --out DIR`` writes ``entities``, ``relations`` and
``mentions`` as ``.csv`` (UTF-8, one header line) and ``.parquet`` (typed
columns: integers, floats, dates as ISO text):

- ``entities``: one row per entity: ``entity`` (IRI), ``type``, ``label_ar``,
  ``label_en`` (a romanisation for persons and events without one, flagged in
  ``label_en_romanized``), ``alt_labels`` (" | "-joined), ``wikidata`` (QID),
  ``start_date``, ``end_date``, ``n_articles``, ``n_mentions``, ``articles``.
- ``relations``: one row per statement, i.e. per sentence that states a fact:
  ``subject``, ``subject_label``, ``predicate``, ``object``, ``object_label``,
  ``confidence``, ``rule``, ``article``, ``article_title``, ``article_date``,
  ``article_url``, ``sentence``, ``begin``, ``end`` (character offsets).
- ``mentions``: one row per mention: ``article``, ``entity``, ``entity_label``,
  ``type``, ``text`` (as written), ``begin``, ``end``.

Labels are the entity's Arabic ``skos:prefLabel`` (the smallest when articles
spell it differently), so every row names its entity the same way.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pyoxigraph as ox

from kg.rdf.vocab import KG, KGR, PREFIXES
from kg.romanize import romanize

__all__ = ["TABLES", "store_tables", "write_tables"]

TABLES = ("entities", "relations", "mentions")
_KG = str(KG._NS)
_ARTICLE = str(KGR["article/"])

_ENTITIES = """
SELECT ?entity ?class (MIN(STR(?ar)) AS ?label_ar) (MIN(STR(?en)) AS ?label_en)
       (GROUP_CONCAT(DISTINCT STR(?alt); separator=" | ") AS ?alt_labels) (SAMPLE(?same) AS ?wikidata)
       (MIN(?start) AS ?start_date) (MAX(?end) AS ?end_date)
WHERE {
  VALUES ?class { kg:Person kg:Organization kg:Location kg:Event }
  ?entity a ?class .
  OPTIONAL { ?entity skos:prefLabel ?ar }
  OPTIONAL { ?entity rdfs:label ?en FILTER (LANG(?en) = "en") }
  OPTIONAL { ?entity skos:altLabel ?alt }
  OPTIONAL { ?entity owl:sameAs ?same }
  OPTIONAL { ?entity schema:startDate ?start }
  OPTIONAL { ?entity schema:endDate ?end }
}
GROUP BY ?entity ?class
"""
_COUNTS = """
SELECT ?entity (COUNT(DISTINCT ?article) AS ?n_articles) (COUNT(DISTINCT ?mention) AS ?n_mentions)
       (GROUP_CONCAT(DISTINCT STR(?article); separator=" ") AS ?articles)
WHERE { GRAPH ?g { ?article schema:mentions ?entity . OPTIONAL { ?mention itsrdf:taIdentRef ?entity } } }
GROUP BY ?entity
"""
_RELATIONS = """
SELECT ?subject ?predicate ?object ?confidence ?rule ?article ?article_title ?article_date ?article_url
       ?sentence ?begin ?end
WHERE {
  GRAPH ?g {
    ?statement a kg:RelationStatement ; rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object ;
        kg:confidence ?confidence ; prov:wasDerivedFrom ?article ; nif:anchorOf ?sentence ;
        nif:beginIndex ?begin ; nif:endIndex ?end .
    OPTIONAL { ?statement kg:rule ?rule }
    OPTIONAL { ?article schema:headline ?article_title }
    OPTIONAL { ?article schema:datePublished ?article_date }
    OPTIONAL { ?article schema:url ?article_url }
  }
}
"""
_MENTIONS = """
SELECT ?article ?entity ?text ?begin ?end
WHERE {
  GRAPH ?g {
    ?mention itsrdf:taIdentRef ?entity ; nif:referenceContext ?article ; nif:anchorOf ?text ;
        nif:beginIndex ?begin ; nif:endIndex ?end .
  }
}
"""


def _value(term):
    if term is None:
        return None
    return term.value


def _frame(store: ox.Store, query: str) -> pd.DataFrame:
    results = store.query(query, prefixes=dict(PREFIXES))
    columns = [v.value for v in results.variables]
    return pd.DataFrame([[_value(s[c]) for c in columns] for s in results], columns=columns)


def _article_id(iri: str | None) -> str:
    iri = iri or ""
    return unquote(iri[len(_ARTICLE):].replace("_", " ")) if iri.startswith(_ARTICLE) else iri


def store_tables(store: ox.Store) -> dict[str, pd.DataFrame]:
    """The three tables of ``store`` as DataFrames (see the module docstring)."""
    entities = _frame(store, _ENTITIES)
    entities["type"] = entities.pop("class").str.rsplit("#", n=1).str[-1].str.upper()
    entities["wikidata"] = entities["wikidata"].str.rsplit("/", n=1).str[-1]
    romanized = entities["label_en"].isna() & entities["type"].isin(["PERSON", "EVENT"])
    entities.loc[romanized, "label_en"] = entities.loc[romanized, "label_ar"].map(romanize)
    entities["label_en_romanized"] = romanized
    counts = _frame(store, _COUNTS)
    counts["articles"] = counts["articles"].map(lambda s: " | ".join(sorted(_article_id(a) for a in s.split())))
    entities = entities.merge(counts, on="entity", how="left")
    entities[["n_articles", "n_mentions"]] = entities[["n_articles", "n_mentions"]].fillna(0).astype("int64")
    entities = entities[["entity", "type", "label_ar", "label_en", "label_en_romanized", "alt_labels", "wikidata",
                         "start_date", "end_date", "n_articles", "n_mentions", "articles"]]
    entities = entities.sort_values(["type", "label_ar", "entity"], ignore_index=True)
    labels = dict(zip(entities["entity"], entities["label_ar"]))
    types = dict(zip(entities["entity"], entities["type"]))

    relations = _frame(store, _RELATIONS)
    relations["predicate"] = relations["predicate"].str.removeprefix(_KG)
    relations["article"] = relations["article"].map(_article_id)
    relations["confidence"] = relations["confidence"].astype("float64")
    relations[["begin", "end"]] = relations[["begin", "end"]].astype("int64")
    relations.insert(1, "subject_label", relations["subject"].map(labels))
    relations.insert(4, "object_label", relations["object"].map(labels))
    relations = relations.sort_values(["article", "begin", "predicate", "subject", "object"], ignore_index=True)

    mentions = _frame(store, _MENTIONS)
    mentions["article"] = mentions["article"].map(_article_id)
    mentions[["begin", "end"]] = mentions[["begin", "end"]].astype("int64")
    mentions.insert(2, "entity_label", mentions["entity"].map(labels))
    mentions.insert(3, "type", mentions["entity"].map(types))
    mentions = mentions.sort_values(["article", "begin", "entity"], ignore_index=True)
    return {"entities": entities, "relations": relations, "mentions": mentions}


def write_tables(store: ox.Store, out_dir: str | Path) -> list[Path]:
    """Write each table as ``<name>.csv`` and ``<name>.parquet`` into ``out_dir``; the paths written."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} is a file; give --out a folder for the tables")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in store_tables(store).items():
        frame.to_csv(out / f"{name}.csv", index=False, encoding="utf-8")
        frame.to_parquet(out / f"{name}.parquet", index=False)
        written += [out / f"{name}.csv", out / f"{name}.parquet"]
    return written
