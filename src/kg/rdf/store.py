"""The on-disk RDF store: one named graph per article in Oxigraph, replaced whole and only when it changed.

``kg build`` writes ``<out>/store/``, a RocksDB directory that ``pyoxigraph.Store``
(and the ``oxigraph`` server behind ``kg serve``) open.

Change detection.  Each article graph carries one bookkeeping triple,
``<graph/ID> schema:sha256 "<hex>"``: the SHA-256 of the graph's other quads in
sorted N-Quads.  The hash covers the article's text *and* what was extracted
from it, so an unchanged article run through an unchanged extractor adds
nothing, while a changed article, or a new extractor, replaces the graph.

Transactions.  ``ingest`` first builds, in memory, one SPARQL Update for the
whole batch (``DROP SILENT GRAPH`` + ``INSERT DATA`` for each new or changed
article, ``DROP GRAPH`` for each pruned one) and then hands it to
``Store.update``, which Oxigraph applies as a single transaction: all of it is
committed, or none.  A crash or an error at any point leaves the store as the
previous build left it.  The terms are written by pyoxigraph's own N-Triples
serialiser, so no name can break out of the update's syntax.

The default graph.  Over a union default graph a triple that eleven articles
state would count eleven times (Oxigraph's union is a multiset, rdflib's a
set), so kg does not query the union: the store's default graph holds the
union itself, every triple of every article graph once, rewritten inside the
same transaction whenever an article graph changes.  A plain ``{ ?s ?p ?o }``
therefore sees each fact once, ``GRAPH ?g`` reaches the article that says it,
and the same query gives the same rows on the store, over HTTP (served
without ``--union-default-graph``) and in rdflib on the exported TriG.

Note: Oxigraph stores every integer type as ``xsd:integer`` (so NIF offsets,
written as ``xsd:nonNegativeInteger``, read back as ``xsd:integer``) and keeps
numbers and dates in canonical form; values and comparisons are unchanged.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.rdf.vocab import KGR, RDF, SCHEMA, XSD, bind_prefixes

__all__ = [
    "StoreError", "IngestReport", "open_store", "ingest", "remove_articles", "article_graphs",
    "graph_hash", "to_ox", "from_ox", "store_to_dataset", "GRAPH_PREFIX", "HASH",
    "REFRESH_DEFAULT_GRAPH", "default_graph_is_current",
]

#: Named graphs of articles are ``GRAPH_PREFIX + <article slug>`` (see kg.rdf.graph).
GRAPH_PREFIX = str(KGR["graph/"])
#: The bookkeeping property holding an article graph's content hash.
HASH = URIRef(str(SCHEMA) + "sha256")
_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


class StoreError(Exception):
    """The store cannot be opened or written; the message says how to fix it."""


@dataclass
class IngestReport:
    """Article ids by what ingestion did to their named graphs."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.removed)

    def __str__(self) -> str:
        return (f"{len(self.added)} added, {len(self.replaced)} replaced, "
                f"{len(self.unchanged)} unchanged, {len(self.removed)} removed")


# ---------------------------------------------------------------- opening

def open_store(path: str | Path, *, read_only: bool = False) -> ox.Store:
    """Open (read-write: create) the Oxigraph store at ``path``, with errors that say what to do."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store; give the store directory (kg build writes <out>/store)")
    if read_only and not (path / "CURRENT").exists():
        raise StoreError(
            f"no store at {path}; run `kg build PATH... --out DIR` to write DIR/store, "
            "or pass --store DIR to name another one"
        )
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreError(
                f"store {path} is open for writing in another process (a running `kg serve`?); "
                "stop that process and try again"
            ) from exc
        raise StoreError(f"cannot open store {path}: {exc}") from exc


# ---------------------------------------------------------------- terms

def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} ({type(term).__name__}); only IRIs, blank nodes and literals")


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """A pyoxigraph term as an rdflib term (``xsd:string`` literals become plain ones, as rdflib writes them)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    raise TypeError(f"cannot convert {term!r} to rdflib")


# ---------------------------------------------------------------- graphs

def _article_id(graph_iri: str) -> str:
    return graph_iri[len(GRAPH_PREFIX):]


def _triple_lines(graph: Graph) -> list[str]:
    """The graph's triples as N-Triples lines (pyoxigraph's escaping), bookkeeping left out."""
    return sorted(
        f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ."
        for s, p, o in graph
        if p != HASH
    )


def graph_hash(graph: Graph) -> str:
    """SHA-256 of the graph's triples in sorted N-Triples, the hash triple left out."""
    return hashlib.sha256("\n".join(_triple_lines(graph)).encode("utf-8")).hexdigest()


def _article_graphs_of(dataset: Dataset) -> Iterator[Graph]:
    for graph in dataset.graphs():
        if graph.identifier == DATASET_DEFAULT_GRAPH_ID or not len(graph):
            continue
        if not str(graph.identifier).startswith(GRAPH_PREFIX):
            raise StoreError(
                f"named graph {graph.identifier} is not an article graph (<{GRAPH_PREFIX}ID>); "
                "build the dataset with kg.rdf.graph.extraction_to_dataset"
            )
        yield graph


def article_graphs(store: ox.Store) -> dict[str, str]:
    """Article id -> content hash of every article graph in ``store``."""
    found = {_article_id(g.value): "" for g in store.named_graphs()
             if isinstance(g, ox.NamedNode) and g.value.startswith(GRAPH_PREFIX)}
    for quad in store.quads_for_pattern(None, to_ox(HASH), None, None):
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and quad.subject == graph and graph.value.startswith(GRAPH_PREFIX):
            found[_article_id(graph.value)] = quad.object.value
    return found


def _replace_graph_update(graph: Graph, digest: str) -> str:
    name = to_ox(graph.identifier)
    lines = _triple_lines(graph)
    lines.append(f"{name} {to_ox(HASH)} {ox.Literal(digest)} .")
    body = "\n".join(lines)
    return f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}"


def _drop_graph_update(article_id: str) -> str:
    return f"DROP SILENT GRAPH {ox.NamedNode(GRAPH_PREFIX + article_id)}"


def ingest(store: ox.Store, dataset: Dataset, *, prune: bool = False) -> IngestReport:
    """Bring ``store`` in line with ``dataset``'s article graphs, in one transaction.

    New articles are added, changed ones replaced whole, unchanged ones left
    alone.  With ``prune``, article graphs that ``dataset`` lacks are removed.
    """
    before = article_graphs(store)
    report = IngestReport()
    operations: list[str] = []
    present: set[str] = set()
    for graph in _article_graphs_of(dataset):
        article_id = _article_id(str(graph.identifier))
        present.add(article_id)
        digest = graph_hash(graph)
        if before.get(article_id) == digest:
            report.unchanged.append(article_id)
            continue
        (report.replaced if article_id in before else report.added).append(article_id)
        operations.append(_replace_graph_update(graph, digest))
    if prune:
        for article_id in sorted(set(before) - present):
            report.removed.append(article_id)
            operations.append(_drop_graph_update(article_id))
    _apply(store, operations)
    return report


def remove_articles(store: ox.Store, article_ids: Iterable[str]) -> list[str]:
    """Remove the graphs of ``article_ids`` (one transaction); raise StoreError naming unknown ids."""
    ids = list(dict.fromkeys(article_ids))
    known = article_graphs(store)
    missing = [i for i in ids if i not in known]
    if missing:
        raise StoreError(
            f"no article {', '.join(map(repr, missing))} in the store; "
            f"it holds {len(known)} article(s): {', '.join(sorted(known)[:10]) or 'none'}"
            + (" ..." if len(known) > 10 else "")
        )
    _apply(store, [_drop_graph_update(i) for i in ids])
    return ids


#: Rewrites the default graph as the set union of the article graphs (see the module docstring).
REFRESH_DEFAULT_GRAPH = "DROP SILENT DEFAULT ;\nINSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def default_graph_is_current(store: ox.Store) -> bool:
    """False when article graphs exist but the default graph is empty (a store written before kg kept
    the union there, or graphs put over HTTP); ``ingest`` then rewrites it."""
    has_articles = next(iter(store.named_graphs()), None) is not None
    has_default = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    return has_default or not has_articles


def _apply(store: ox.Store, operations: list[str]) -> None:
    if not operations:
        if default_graph_is_current(store):
            return
    operations = [*operations, REFRESH_DEFAULT_GRAPH]
    # One update request is one Oxigraph transaction: every change of the batch or none.
    store.update(" ;\n".join(operations))
    store.flush()


# ---------------------------------------------------------------- reading back

def store_to_dataset(store: ox.Store, *, include_hash: bool = True) -> Dataset:
    """Every quad of ``store`` in an rdflib Dataset, prefixes bound (for rdflib serialisers and pySHACL)."""
    dataset = bind_prefixes(Dataset())
    graphs: dict[ox.NamedNode | ox.BlankNode, Graph] = {}
    for quad in store:
        if not include_hash and quad.predicate.value == str(HASH):
            continue
        name = quad.graph_name
        if isinstance(name, ox.DefaultGraph):
            target = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
        else:
            if name not in graphs:
                graphs[name] = dataset.graph(from_ox(name))
            target = graphs[name]
        target.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return dataset
