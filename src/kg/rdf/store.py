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

from kg.rdf.vocab import KG, KGR, RDF, SCHEMA, XSD, bind_prefixes

__all__ = [
    "StoreError", "IngestReport", "IngestPlan", "ArticleGraph", "open_store", "ingest", "plan_ingest", "commit", "bulk_load", "remove_articles",
    "article_graphs", "store_state", "graph_hash", "lines_digest", "triple_lines", "triple_lines_and_terms", "to_ox", "from_ox", "store_to_dataset", "GRAPH_PREFIX", "HASH",
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
        text = str(exc).lower()
        if "too large" in text or "no space" in text:
            from kg.files import os_failure

            raise StoreError(f"cannot open store {os_failure(exc, path)}") from exc
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


#: rdflib term -> (its pyoxigraph term, its N-Triples form), shared by the articles of a process
#: (classes, predicates and entities repeat from article to article)
_NT_MEMO: dict = {}
_NT_MEMO_SIZE = 200_000


def triple_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """Triples (a Graph, or a set of rdflib triples) as sorted N-Triples lines (pyoxigraph's escaping),
    bookkeeping left out."""
    return triple_lines_and_terms(triples)[0]


def triple_lines_and_terms(triples: Iterable[tuple[Node, Node, Node]]) -> tuple[list[str], list[tuple]]:
    """``triple_lines`` and, in the same order, each line's (subject, predicate, object) as pyoxigraph
    terms (what parsing the lines gives, without parsing them or making ``ox.Triple`` objects, which
    cost more than the rest of this together)."""
    written = _NT_MEMO

    def made(term: Node) -> tuple:
        known = written.get(term)
        if known is None:
            if len(written) >= _NT_MEMO_SIZE:
                written.clear()  # memory stays flat
            term_ox = to_ox(term)
            known = written[term] = (term_ox, str(term_ox))
        return known

    rows = []
    for s, p, o in triples:
        if p == HASH:
            continue
        (s_ox, s_nt), (p_ox, p_nt), (o_ox, o_nt) = made(s), made(p), made(o)
        rows.append((f"{s_nt} {p_nt} {o_nt} .", s_ox, p_ox, o_ox))
    rows.sort(key=lambda row: row[0])
    return [row[0] for row in rows], [row[1:] for row in rows]


#: Where the article was read from: recorded, but not part of what the article says, so not hashed
#: (rebuilding the same folder by another path changes nothing).
_UNHASHED = (f" {ox.NamedNode(str(KG.sourceFile))} ",)


def lines_digest(lines: Iterable[str]) -> str:
    """SHA-256 of an article graph's sorted N-Triples lines, its source path left out."""
    kept = (line for line in lines if not any(marker in line for marker in _UNHASHED))
    return hashlib.sha256("\n".join(kept).encode("utf-8")).hexdigest()


def graph_hash(graph: Graph) -> str:
    """SHA-256 of the graph's triples in sorted N-Triples, the hash triple and the source path left out."""
    return lines_digest(triple_lines(graph))


@dataclass(frozen=True)
class ArticleGraph:
    """One article's named graph as sorted N-Triples lines (no hash triple), and their digest."""

    article_id: str
    lines: tuple[str, ...]
    digest: str

    @classmethod
    def from_graph(cls, graph: Graph) -> "ArticleGraph":
        iri = str(graph.identifier)
        if not iri.startswith(GRAPH_PREFIX):
            raise StoreError(
                f"named graph {iri} is not an article graph (<{GRAPH_PREFIX}ID>); "
                "build the dataset with kg.rdf.graph.extraction_to_dataset"
            )
        lines = tuple(triple_lines(graph))
        return cls(_article_id(iri), lines, lines_digest(lines))

    @property
    def name(self) -> ox.NamedNode:
        return ox.NamedNode(GRAPH_PREFIX + self.article_id)

    def quad_lines(self, *, with_hash: bool = False) -> Iterator[tuple[str, str]]:
        """(N-Quads line in this graph, the N-Triples line it came from) for each triple (and the hash)."""
        name = str(self.name)
        lines = self.lines if not with_hash else (*self.lines, f"{name} {to_ox(HASH)} {ox.Literal(self.digest)} .")
        for line in lines:
            yield f"{line[:-1]}{name} .", line  # "s p o ." -> "s p o <graph> ."


def _article_graphs_of(dataset: Dataset) -> Iterator[ArticleGraph]:
    for graph in dataset.graphs():
        if graph.identifier == DATASET_DEFAULT_GRAPH_ID or not len(graph):
            continue
        yield ArticleGraph.from_graph(graph)


def article_graphs(store: ox.Store) -> dict[str, str]:
    """Article id -> content hash of every article graph in ``store``."""
    found = {_article_id(g.value): "" for g in store.named_graphs()
             if isinstance(g, ox.NamedNode) and g.value.startswith(GRAPH_PREFIX)}
    for quad in store.quads_for_pattern(None, to_ox(HASH), None, None):
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and quad.subject == graph and graph.value.startswith(GRAPH_PREFIX):
            found[_article_id(graph.value)] = quad.object.value
    return found


def store_state(store: ox.Store) -> str:
    """One hash of what the store holds (its article ids and their graphs' hashes): the files of a build
    record it, so a build can tell when they lag behind the store."""
    lines = sorted(f"{article_id} {digest}" for article_id, digest in article_graphs(store).items())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


#: A scratch graph inside one update: the triples whose default-graph copy may have lost its last source.
_SCRATCH = ox.NamedNode(str(KGR["graph-scratch/default-candidates"]))


def _replace_graph_update(graph: ArticleGraph) -> str:
    name = graph.name
    body = "\n".join([*graph.lines, f"{name} {to_ox(HASH)} {ox.Literal(graph.digest)} ."])
    return f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}\n}}\n{body}\n}}"


def _drop_graph_update(article_id: str) -> str:
    return f"DROP SILENT GRAPH {ox.NamedNode(GRAPH_PREFIX + article_id)}"


def _default_candidates_update(article_ids: Iterable[str]) -> str:
    """Copy the triples of the graphs about to change into the scratch graph (see ``_apply``)."""
    values = " ".join(str(ox.NamedNode(GRAPH_PREFIX + i)) for i in article_ids)
    return (f"INSERT {{ GRAPH {_SCRATCH} {{ ?s ?p ?o }} }} "
            f"WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")


#: Drops from the default graph the scratch triples that no article graph states any more.
_PRUNE_DEFAULT = (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {_SCRATCH} {{ ?s ?p ?o }} "
                  f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != {_SCRATCH}) }} }} ;\n"
                  f"DROP SILENT GRAPH {_SCRATCH}")


@dataclass
class IngestPlan:
    """What ``commit`` will do: the report, and the changed graphs (the only ones held in memory)."""

    report: IngestReport
    changed: list[ArticleGraph]
    before: set[str]
    present: set[str]

    def prune(self) -> None:
        """Also remove the store's article graphs that the plan's graphs lack."""
        self.report.removed = sorted(self.before - self.present)


def plan_ingest(store: ox.Store, graphs: Dataset | Iterable[ArticleGraph]) -> IngestPlan:
    """Compare ``graphs`` (a Dataset or ArticleGraphs, read once) with the store's article graphs."""
    items = _article_graphs_of(graphs) if isinstance(graphs, Dataset) else graphs
    before = article_graphs(store)
    plan = IngestPlan(IngestReport(), [], set(before), set())
    for graph in items:
        if graph.article_id in plan.present:
            raise StoreError(f"article graph {graph.article_id!r} given twice; give every article a unique id")
        plan.present.add(graph.article_id)
        if before.get(graph.article_id) == graph.digest:
            plan.report.unchanged.append(graph.article_id)
            continue
        (plan.report.replaced if graph.article_id in before else plan.report.added).append(graph.article_id)
        plan.changed.append(graph)
    return plan


def commit(store: ox.Store, plan: IngestPlan) -> IngestReport:
    """Apply ``plan`` in one transaction."""
    report = plan.report
    _apply(store, plan.changed, [*report.replaced, *report.removed], report.removed)
    return report


def ingest(store: ox.Store, graphs: Dataset | Iterable[ArticleGraph], *, prune: bool = False) -> IngestReport:
    """Bring ``store`` in line with the article graphs of ``graphs`` (a Dataset or ArticleGraphs), in one transaction.

    New articles are added, changed ones replaced whole, unchanged ones left
    alone.  With ``prune``, article graphs that ``graphs`` lacks are removed.
    """
    plan = plan_ingest(store, graphs)
    if prune:
        plan.prune()
    return commit(store, plan)


#: N-Quads lines the bulk loader is given at a time: Oxigraph's loader holds a batch in memory
#: (about 1.1 GB for 1.7 M lines here), so a build loads in chunks and its memory stays flat
BULK_CHUNK_LINES = 400_000


def bulk_load(store: ox.Store, graphs: Iterable[ArticleGraph], spool: str | Path,
              chunk_lines: int = BULK_CHUNK_LINES) -> IngestReport:
    """Load ``graphs`` into an empty ``store`` without a transaction (fast, memory flat): for a store that
    nobody sees yet, which the caller moves into place once this returns.

    The quads are streamed to N-Quads files next to ``spool`` (deleted afterwards), a chunk of
    ``chunk_lines`` lines (whole article graphs) at a time.  Oxigraph's own parser loads each chunk
    in a thread of its own (it lets go of Python's lock) while the next chunk is written, so the
    graphs keep coming (extraction goes on) while the store fills; one chunk loads at a time."""
    if next(iter(store.named_graphs()), None) is not None:
        raise StoreError("bulk_load needs an empty store; use ingest() to update one")
    from concurrent.futures import ThreadPoolExecutor

    report = IngestReport()
    seen: set[str] = set()
    spools = [Path(f"{spool}.{n}") for n in (0, 1)]  # one being written, the other being loaded
    # lenient: the lines are pyoxigraph's own writing of terms it made (and so checked), so the parser
    # need not check every IRI again (5-10 % of the loader's CPU time, measured on 1.8 M quads)
    load = lambda path: store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)  # noqa: E731
    try:
        with ThreadPoolExecutor(1, thread_name_prefix="kg-load") as loader:
            loading = None
            chunk, lines = 0, 0
            fh = spools[0].open("w", encoding="utf-8")
            try:
                for graph in graphs:
                    if graph.article_id in seen:
                        raise StoreError(f"article graph {graph.article_id!r} given twice; give every article a unique id")
                    seen.add(graph.article_id)
                    report.added.append(graph.article_id)
                    for quad, triple in graph.quad_lines(with_hash=True):  # in its graph, and in the default graph
                        fh.write(f"{quad}\n{triple}\n")
                        lines += 2
                    if lines >= chunk_lines:
                        fh.close()
                        if loading is not None:
                            loading.result()  # the other file is loaded: it can take the next chunk
                        loading = loader.submit(load, spools[chunk % 2])
                        chunk, lines = chunk + 1, 0
                        fh = spools[chunk % 2].open("w", encoding="utf-8")
            finally:
                fh.close()
            if loading is not None:
                loading.result()
            if lines:
                load(spools[chunk % 2])
    finally:
        for path in spools:
            path.unlink(missing_ok=True)
    store.flush()
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
    _apply(store, [], ids, ids)
    return ids


#: Rewrites the default graph as the set union of the article graphs (see the module docstring).
REFRESH_DEFAULT_GRAPH = "DROP SILENT DEFAULT ;\nINSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def default_graph_is_current(store: ox.Store) -> bool:
    """False when article graphs exist but the default graph is empty (a store written before kg kept
    the union there, or graphs put over HTTP); ``ingest`` then rewrites it."""
    has_articles = next(iter(store.named_graphs()), None) is not None
    has_default = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    return has_default or not has_articles


def _apply(store: ox.Store, changed: list[ArticleGraph], leaving: list[str], removed: list[str]) -> None:
    """One update request, so one Oxigraph transaction: every change of the batch or none.

    The default graph is kept the set union of the article graphs at the cost of the change only:
    the triples of the graphs being replaced or removed (``leaving``) are noted in a scratch graph,
    the graphs are replaced (their new triples added to the default graph too), and the noted
    triples that no article graph states any more leave the default graph."""
    current = default_graph_is_current(store)
    if not changed and not removed and current:
        return
    operations: list[str] = []
    if leaving and current:
        operations.append(_default_candidates_update(leaving))
    operations += [_drop_graph_update(article_id) for article_id in removed]
    operations += [_replace_graph_update(graph) for graph in changed]
    if not current:
        operations.append(REFRESH_DEFAULT_GRAPH)
    elif leaving:
        operations.append(_PRUNE_DEFAULT)
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
