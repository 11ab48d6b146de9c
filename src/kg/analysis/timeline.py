"""Events in time: start and end dates from the RDF, as a DataFrame."""
from __future__ import annotations

import pandas as pd

from kg.analysis.data import sparql_frame

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


