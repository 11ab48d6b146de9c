"""Load kg's RDF (files or the store) and run SPARQL into pandas DataFrames."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.rdf.vocab import ENTITY_CLASSES, KG, KGR, PREFIXES

_RDF_FORMATS = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads", ".ttl": "turtle", ".nt": "nt",
                ".jsonld": "json-ld", ".rdf": "xml"}
TYPE_OF_CLASS = {str(cls): etype.value for etype, cls in ENTITY_CLASSES.items()}
KG_NS = str(KG._NS)
_ARTICLE = str(KGR["article/"])
_GRAPH = str(KGR["graph/"])
_ATTENDANCE = ("attended", "chaired")


# ---------------------------------------------------------------- loading

def load_dataset(path: str | Path) -> Dataset:
    """The RDF at ``path``: a .trig / .nq / .ttl / .nt / .jsonld file, or a store folder (``build/store``).

    The store is opened read-only, so a running ``kg build`` or ``kg serve`` is
    not disturbed.  The dataset's default graph is the union of its graphs
    (rdflib's union is a set: a triple several articles state counts once, as
    on the store's own default graph), so SPARQL without ``GRAPH`` sees every
    article and gives the rows ``kg query`` gives.
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
    from kg.batch import extract_batch
    from kg.ingest import InputError
    from kg.rdf.store import GRAPH_PREFIX, from_ox
    from kg.rdf.vocab import bind_prefixes

    dataset = bind_prefixes(Dataset())
    for item in extract_batch(list(paths)):
        if isinstance(item, InputError):
            raise ValueError(str(item))
        graph = dataset.graph(URIRef(GRAPH_PREFIX + item.article_id))
        for triple in ox.parse("\n".join(item.lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    return _union(dataset)


def _union(dataset: Dataset) -> Dataset:
    """``dataset`` with the union of its graphs as default graph (a view on the same store)."""
    if dataset.default_union:
        return dataset
    return Dataset(store=dataset.store, default_union=True)


def as_rdf(data) -> Graph:
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


def _rdflib_resolver(rdf):
    from kg.query import ENTITY_NAMES, entity_names, resolver

    def rows():
        for row in rdf.query(ENTITY_NAMES):
            name = row["name"]
            yield (str(row["entity"]), str(row["class"]), None if name is None else str(name),
                   "" if name is None else (name.language or ""), row["preferred"] is not None)

    return resolver(lambda: entity_names(rows()))


def _binding_terms(query, bindings: Mapping[str, object], data=None) -> dict[str, Node]:
    """rdflib terms for ``bindings``: strings typed as the query's header declares, other values as given.

    An ``entity`` parameter takes a name, found in ``data`` by kg's name matcher.
    """
    from kg.query import SparqlQuery, bind_params, store_resolver
    from kg.rdf.store import from_ox

    resolve = None
    if data is not None:
        resolve = store_resolver(data) if isinstance(data, ox.Store) else _rdflib_resolver(as_rdf(data))

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
            terms[name] = from_ox(bind_params(single, {name: value}, resolve=resolve)[name])
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
    string is typed as the query header declares (``entity``: part of a name in
    any spelling, found as ``kg query`` finds it, or an IRI; ``iri``:
    ``kg:attended`` or a full IRI ...); pass an rdflib term for any
    other type.  kg's prefixes (``kg:``, ``schema:``, ``skos:`` ...) are
    predeclared.  Cells: IRIs as strings, numbers as numbers, other literals as text.
    """
    from kg.query import load_query

    sparql = load_query(query)
    if not isinstance(data, (ox.Store, Graph)):
        data = as_rdf(data)
    terms = _binding_terms(sparql, bindings, data)
    if isinstance(data, ox.Store):
        from kg.query import run_query
        from kg.rdf.store import from_ox, to_ox

        results = run_query(data, sparql, {name: to_ox(term) for name, term in terms.items()})
        if not isinstance(results, ox.QuerySolutions):
            raise ValueError(f"query {sparql.name or '<text>'} is not a SELECT query; sparql_frame runs SELECT")
        columns = [v.value for v in results.variables]
        rows = [[_python(None if s[c] is None else from_ox(s[c])) for c in columns] for s in results]
        return pd.DataFrame(rows, columns=columns)
    results = as_rdf(data).query(sparql.text, initNs=dict(PREFIXES), initBindings=terms)
    if results.type != "SELECT":
        raise ValueError(f"query {sparql.name or '<text>'} is a {results.type} query; sparql_frame runs SELECT")
    columns = [str(v) for v in results.vars]
    return pd.DataFrame([[_python(row[c]) for c in columns] for row in results], columns=columns)


def iter_quads(rdf: Graph) -> Iterator[tuple[Node, Node, Node, Node | None]]:
    if isinstance(rdf, Dataset):
        yield from rdf.quads((None, None, None, None))
    else:
        for s, p, o in rdf:
            yield s, p, o, None


def article_id_of(iri: Node | None) -> str | None:
    text = str(iri or "")
    for prefix in (_ARTICLE, _GRAPH):
        if text.startswith(prefix):
            return unquote(text[len(prefix):])
    return None


