"""One answer everywhere: the same SPARQL gives the same rows on the store, over HTTP and on the TriG in rdflib.

The store's default graph holds every article's triples once (kg.rdf.store), so
a triple that several articles state counts once wherever it is asked, while
``GRAPH ?g`` still counts the articles.
"""
from __future__ import annotations

import gc
import json
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Literal, URIRef

from kg.cli import main
from kg.query import canned_queries, run_query, store_resolver, with_values, bind_params
from kg.rdf.graph import extraction_to_dataset
from kg.rdf.store import ingest, open_store
from kg.rdf.vocab import PREFIXES
from rdf_fixtures import sample_extractions
from served_store import serving

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
_PROLOGUE = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())

AGGREGATES = {
    "persons": "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Person }",
    "entities by class": "SELECT ?class (COUNT(?e) AS ?n) WHERE { ?e a ?class } GROUP BY ?class",
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "relations by predicate": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER (STRSTARTS(STR(?p), STR(kg:))"
                              " && isIRI(?o)) } GROUP BY ?p",
    "event dates": "SELECT ?e ?d WHERE { ?e a kg:Event ; schema:startDate ?d }",
    "statements per article": "SELECT ?g (COUNT(?st) AS ?n) WHERE { GRAPH ?g { ?st a kg:RelationStatement } } "
                              "GROUP BY ?g",
    "articles per entity": "SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a schema:mentions ?e } } "
                           "GROUP BY ?e",
    "labels": "SELECT ?e ?l WHERE { ?e skos:prefLabel ?l }",
}


def _cell(term) -> tuple:
    """A term as (kind, value, language, datatype), the same whichever engine answered."""
    if term is None:
        return ()
    if isinstance(term, (ox.NamedNode, URIRef)):
        return ("iri", str(term.value if isinstance(term, ox.NamedNode) else term))
    if isinstance(term, (ox.BlankNode, BNode)):
        return ("bnode",)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language or "", "" if term.language else term.datatype.value)
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else ("" if term.language else
                                                              "http://www.w3.org/2001/XMLSchema#string")
        return ("literal", str(term), term.language or "", datatype)
    if isinstance(term, dict):  # SPARQL JSON results
        if term["type"] == "uri":
            return ("iri", term["value"])
        if term["type"] == "bnode":
            return ("bnode",)
        lang = term.get("xml:lang", "")
        return ("literal", term["value"], lang,
                "" if lang else term.get("datatype", "http://www.w3.org/2001/XMLSchema#string"))
    raise TypeError(term)


def store_rows(store: ox.Store, text: str) -> Counter:
    results = run_query(store, text)
    names = [v.value for v in results.variables]
    return Counter(tuple(_cell(s[n]) for n in names) for s in results)


def rdflib_rows(dataset: Dataset, text: str) -> Counter:
    results = dataset.query(_PROLOGUE + text)
    names = [str(v) for v in results.vars]
    return Counter(tuple(_cell(row[n]) for n in names) for row in results)


def http_rows(base: str, text: str) -> Counter:
    url = f"{base}/query?{urllib.parse.urlencode({'query': _PROLOGUE + text})}"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
    names = answer["head"]["vars"]
    return Counter(tuple(_cell(b.get(n)) for n in names) for b in answer["results"]["bindings"])


def _queries(store: ox.Store) -> dict[str, str]:
    """Every canned query (with a bound entity where it takes one) and the aggregates, as SPARQL text."""
    resolve = store_resolver(store)
    queries = dict(AGGREGATES)
    canned = canned_queries()
    for name, query in canned.items():
        queries[name] = query.text
    examples = {"evidence": {"subject": "حموشي"}, "attendance": {"attendee": "الأنتربول"},
                "heads": {"organization": "الأنتربول"}}
    for name, params in examples.items():
        queries[f"{name} {params}"] = with_values(canned[name].text, bind_params(canned[name], params, resolve))
    return queries


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    """Each query's rows on the demo store, over HTTP, and in rdflib on the exported TriG and graph.trig."""
    out = tmp_path_factory.mktemp("one-answer")
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(ARTICLES), "--out", str(out)])
    assert built.exit_code == 0, built.output
    exported = runner.invoke(main, ["export", "--format", "trig", "--store", str(out / "store"),
                                    "--out", str(out / "export.trig")])
    assert exported.exit_code == 0, exported.output

    store = open_store(out / "store", read_only=True)
    queries = _queries(store)
    on_store = {name: store_rows(store, text) for name, text in queries.items()}
    del store
    gc.collect()

    files = {}
    for name in ("export.trig", "graph.trig"):
        dataset = Dataset()
        dataset.parse(out / name, format="trig")
        files[name] = {q: rdflib_rows(dataset, text) for q, text in queries.items()}
    turtle = Dataset()
    turtle.parse(out / "graph.ttl", format="turtle")

    with serving(out / "store", "--read-only") as base:
        over_http = {name: http_rows(base, text) for name, text in queries.items()}
    return queries, on_store, over_http, files, {q: rdflib_rows(turtle, AGGREGATES[q]) for q in AGGREGATES}


def test_every_canned_and_aggregate_query_gives_the_same_rows_on_the_store_over_http_and_on_trig(answers):
    queries, on_store, over_http, files, _ = answers
    for name in queries:
        assert on_store[name], f"{name}: no rows on the demo store"
        assert over_http[name] == on_store[name], f"{name}: HTTP differs from the store"
        for file, rows in files.items():
            assert rows[name] == on_store[name], f"{name}: rdflib on {file} differs from the store"


def test_graph_ttl_counts_what_the_store_counts(answers):
    _, on_store, _, _, on_turtle = answers
    for name in ("persons", "entities by class", "relations by predicate", "event dates", "labels"):
        assert on_turtle[name] == on_store[name], name


def test_a_triple_stated_by_several_articles_counts_once(tmp_path):
    """The hand-built articles name نادية القاسمي in three articles: one person, three articles."""
    store = open_store(tmp_path / "store")
    ingest(store, extraction_to_dataset(sample_extractions()))
    [(count,)] = store_rows(store, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Person }")
    assert count[1] == "3"
    [(_, articles)] = store_rows(store, "SELECT ?p (COUNT(DISTINCT ?g) AS ?n) WHERE { "
                                        "?p skos:prefLabel 'نادية القاسمي'@ar . GRAPH ?g { ?a schema:mentions ?p } }"
                                        " GROUP BY ?p")
    assert articles[1] == "3"
    described = run_query(store, "DESCRIBE <https://w3id.org/kg-arabic/id/person/نادية_القاسمي>")
    triples = [str(t) for t in described]
    assert triples and len(triples) == len(set(triples))


def _default_is_the_union(store: ox.Store) -> bool:
    named = {(q.subject, q.predicate, q.object) for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    default = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    return named == default


def test_the_default_graph_follows_every_change_of_the_article_graphs(tmp_path):
    from kg.rdf.store import remove_articles

    store = open_store(tmp_path / "store")
    extractions = sample_extractions()
    ingest(store, extraction_to_dataset(extractions))
    assert _default_is_the_union(store)
    remove_articles(store, [extractions[0].article.id])
    assert _default_is_the_union(store)
    ingest(store, extraction_to_dataset(extractions[1:]), prune=True)  # nothing changes: nothing rewritten
    assert _default_is_the_union(store)
    # a store written before kg kept the union (or graphs put over HTTP): the next ingest writes it
    store.update("DROP DEFAULT")
    ingest(store, extraction_to_dataset(extractions[1:]))
    assert _default_is_the_union(store)
    remove_articles(store, [e.article.id for e in extractions[1:]])
    assert len(store) == 0
