"""SPARQL over the store: canned queries (queries/*.rq), safely bound parameters, result formats.

A query file starts with a comment header: its first paragraph says what the
query answers, and each ``# param NAME (TYPE[, optional]): help`` line declares
a parameter.

Parameters are never pasted into the query as text.  Each value becomes an RDF
term of its declared type (``ar``: an Arabic-tagged literal, like the labels
kg writes; ``string``: ``xsd:string``; ``iri``: an IRI, prefixed names such as
``kg:attended`` allowed; ``date``: ``xsd:date``; ``integer``), built and
escaped by pyoxigraph (an invalid IRI is refused), and goes into a SPARQL
``VALUES`` block:

- a canned query carries its own, ``VALUES (?a ?b) { (UNDEF UNDEF) }``, where
  its parameters start (standard SPARQL that runs as-is, every parameter
  free); kg fills that one row with the terms, an optional parameter left out
  staying ``UNDEF``;
- any other query gets a trailing ``VALUES`` clause, which SPARQL joins after
  the WHERE clause (and after GROUP BY): use the variables in triple patterns
  or as group keys, not in FILTERs.

So a name holding ``"``, ``>``, ``}`` or ``#`` is only ever a value.  Oxigraph
uses a bound VALUES block to start its joins, which keeps selective queries fast.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.vocab import PREFIXES
from kg.resources import resource_dir

__all__ = [
    "queries_dir", "FORMATS", "Param", "SparqlQuery", "QueryError", "canned_queries", "load_query",
    "parse_query", "bind_params", "with_values", "run_query", "format_results", "compact",
    "ENTITY_NAMES", "entity_names", "resolver", "store_resolver",
]


def queries_dir() -> Path:
    """The canned queries shipped with kg (queries/, found by ``kg.resources``)."""
    return resource_dir("queries")


#: Output formats of ``format_results``: a terminal table, or a SPARQL 1.1 results format.
FORMATS = ("table", "csv", "tsv", "json")
_RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON,
}
_PARAM_LINE = re.compile(r"^#\s*param\s+(\w+)\s*(?:\(([^)]*)\))?\s*:?\s*(.*)$")
_PARAM_TYPES = ("ar", "string", "iri", "date", "integer", "entity")
_VALUES_BLOCK = re.compile(r"VALUES\s*\(((?:\s*\?\w+)+)\s*\)\s*\{\s*\(((?:\s*UNDEF)+)\s*\)\s*\}", re.IGNORECASE)
_XSD = "http://www.w3.org/2001/XMLSchema#"


class QueryError(ValueError):
    """A query, its parameters or its store is wrong; the message says how to fix it."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    optional: bool = False
    help: str = ""


@dataclass(frozen=True)
class SparqlQuery:
    text: str
    name: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_query(text: str, name: str = "") -> SparqlQuery:
    """Read the comment header of ``text``: description (first paragraph) and ``# param`` lines."""
    description: list[str] = []
    params: list[Param] = []
    in_description = True
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        match = _PARAM_LINE.match(stripped)
        if match:
            pname, spec, help_text = match.groups()
            parts = [p.strip() for p in (spec or "").split(",") if p.strip()]
            ptype = next((p for p in parts if p != "optional"), "string")
            if ptype not in _PARAM_TYPES:
                raise QueryError(f"query {name or '<text>'}: parameter {pname!r} has unknown type {ptype!r}; "
                                 f"use one of {', '.join(_PARAM_TYPES)}")
            params.append(Param(pname, ptype, "optional" in parts, help_text.strip()))
            in_description = False
            continue
        body = stripped.lstrip("#").strip()
        if in_description:
            if body:
                description.append(body)
            elif description:
                in_description = False
    return SparqlQuery(text=text, name=name, description=" ".join(description), params=tuple(params))


def canned_queries(directory: Path | None = None) -> dict[str, SparqlQuery]:
    """Name (file stem) -> query, for every ``*.rq`` in ``directory`` (default: ``queries_dir()``)."""
    directory = queries_dir() if directory is None else directory
    return {path.stem: parse_query(path.read_text(encoding="utf-8"), path.stem)
            for path in sorted(Path(directory).glob("*.rq"))}


def load_query(source: str, directory: Path | None = None) -> SparqlQuery:
    """A query from a ``.rq`` file path, a canned query name, or SPARQL text itself."""
    directory = queries_dir() if directory is None else Path(directory)
    path = Path(source)
    if source.endswith((".rq", ".sparql")) or (len(source) < 255 and "\n" not in source and path.is_file()):
        if not path.is_file():
            raise QueryError(f"no query file {source}; give a path to a .rq file, a canned query name "
                             f"({', '.join(canned_queries(directory))}) or the SPARQL text")
        return parse_query(path.read_text(encoding="utf-8"), path.stem)
    canned = canned_queries(directory) if directory.is_dir() else {}
    if source in canned:
        return canned[source]
    if re.fullmatch(r"[\w-]+", source):
        raise QueryError(f"no canned query {source!r}; use one of {', '.join(canned) or '(none found)'}, "
                         "a .rq file or the SPARQL text")
    return parse_query(source)


def _expand_iri(value: str) -> str:
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return value


def _term(param: Param, value: str) -> ox.NamedNode | ox.Literal:
    try:
        if param.type == "ar":
            return ox.Literal(value, language="ar")
        if param.type == "iri":
            return ox.NamedNode(_expand_iri(value))
        if param.type == "date":
            if not re.fullmatch(r"-?\d{4}-\d{2}-\d{2}", value):
                raise ValueError("not YYYY-MM-DD")
            return ox.Literal(value, datatype=ox.NamedNode(_XSD + "date"))
        if param.type == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
        return ox.Literal(value)
    except ValueError as exc:
        raise QueryError(f"parameter {param.name}={value!r} is not a valid {param.type} ({exc}); "
                         + {"iri": "write a full IRI or a prefixed name such as kg:attended",
                            "date": "write it as YYYY-MM-DD",
                            "integer": "write a whole number"}.get(param.type, "check the value")) from exc


#: Names an entity parameter: the IRI of the one entity a name designates (QueryError otherwise).
Resolver = Callable[[str], str]

ENTITY_NAMES = """
PREFIX kg: <https://w3id.org/kg-arabic/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?class ?name ?preferred WHERE {
  VALUES ?class { kg:Person kg:Organization kg:Location kg:Event }
  ?entity a ?class .
  OPTIONAL {
    { ?entity skos:prefLabel ?name BIND (true AS ?preferred) }
    UNION { ?entity skos:altLabel|rdfs:label ?name }
  }
}
"""


def entity_names(rows: Iterable[tuple[str, str, str | None, str, bool]]):
    """Entities as networkx nodes (IRI) with ``label``, ``label_en`` and ``names``, the shape that
    ``kg.export.views.match_nodes`` (kg's one name matcher) reads.

    ``rows`` are ``(iri, class IRI, name or None, language, preferred)``: the answers of
    ``ENTITY_NAMES`` (``store_resolver`` and ``kg.analysis`` run it on a store or an rdflib graph).
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for iri, cls, name, language, preferred in rows:
        if iri not in graph:
            graph.add_node(iri, type=cls.rsplit("#", 1)[-1].upper(), label="", label_en="", names=[])
        data = graph.nodes[iri]
        if name is None:
            continue
        if language == "en":
            data["label_en"] = min(filter(None, [data["label_en"], name]))
        else:
            data["names"].append(name)
            if preferred:
                data["label"] = min(filter(None, [data["label"], name]))
    return graph


def _store_name_rows(store: ox.Store):
    for row in store.query(ENTITY_NAMES):
        name = row["name"]
        yield (row["entity"].value, row["class"].value, None if name is None else name.value,
               "" if name is None else (name.language or ""), row["preferred"] is not None)


def resolver(names) -> Resolver:
    """A resolver over ``names`` (``entity_names``, or a callable making them when first needed):
    part of a name, spelling variants, Latin transliteration, a prefixed name (``kgr:org/interpol``)
    or a full IRI."""
    from kg.export.views import ViewError, find_node

    cache = []

    def resolve(value: str) -> str:
        iri = _expand_iri(value)
        if iri != value or value.startswith("<") or "://" in value:
            return iri
        if not cache:
            cache.append(names() if callable(names) else names)
        try:
            return find_node(cache[0], value)
        except ViewError as exc:
            raise QueryError(f"{exc}; or give the entity's IRI (the first column of `kg query top-entities`)") \
                from exc

    return resolve


def store_resolver(store: ox.Store) -> Resolver:
    """``resolver`` over the entities of ``store``."""
    return resolver(lambda: entity_names(_store_name_rows(store)))


def bind_params(query: SparqlQuery, pairs: Iterable[str] | Mapping[str, str],
                resolve: Resolver | None = None) -> dict[str, ox.NamedNode | ox.Literal]:
    """``name=value`` pairs (or a mapping) -> typed terms for ``run_query``; checks names and required ones.

    An ``entity`` parameter's value is a name that ``resolve`` (``store_resolver``) turns into the
    one entity it designates; without a resolver it must be an IRI or a prefixed name.
    """
    items = list(pairs.items()) if isinstance(pairs, Mapping) else [_split_pair(p) for p in pairs]
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    declared = {p.name for p in query.params}
    for name, value in items:
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name (letters, digits, _)")
        param = query.param(name)
        if param is None:
            if query.params:
                raise QueryError(f"query {query.name or '<text>'} has no parameter {name!r}; "
                                 f"its parameters are {', '.join(sorted(declared))}")
            param = Param(name)  # an ad-hoc query: values are xsd:string literals
        if param.type == "entity":
            bound[name] = _term(Param(name, "iri"), resolve(value) if resolve else value)
        else:
            bound[name] = _term(param, value)
    missing = [p.name for p in query.params if not p.optional and p.name not in bound]
    if missing:
        raise QueryError(f"query {query.name or '<text>'} needs "
                         + ", ".join(f"--param {m}=VALUE" for m in missing))
    return bound


def with_values(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """``text`` with ``bindings`` in a VALUES block: its own ``(UNDEF ...)`` row filled, or a trailing one.

    Every term is written by pyoxigraph (N-Triples syntax, escaped), never as raw text.
    """
    if not bindings:
        return text
    block = _VALUES_BLOCK.search(text)
    if block and all(f"?{name}" in block.group(1).split() for name in bindings):
        names = [v.lstrip("?") for v in block.group(1).split()]
        row = " ".join(str(bindings[n]) if n in bindings else "UNDEF" for n in names)
        variables = " ".join(f"?{n}" for n in names)
        return f"{text[:block.start()]}VALUES ({variables}) {{ ({row}) }}{text[block.end():]}"
    names = list(bindings)
    variables = " ".join(f"?{n}" for n in names)
    row = " ".join(str(bindings[n]) for n in names)
    # the newline ends a comment that may close the query
    return f"{text.rstrip()}\nVALUES ({variables}) {{ ({row}) }}\n"


def _split_pair(pair: str) -> tuple[str, str]:
    name, sep, value = pair.partition("=")
    if not sep or not re.fullmatch(r"\w+", name):
        raise QueryError(f"parameter {pair!r} is not NAME=VALUE; write e.g. --param subject=حموشي")
    return name, value


def run_query(store: ox.Store, query: SparqlQuery | str,
              bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None):
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query.

    The default graph is the store's own, which holds every article graph's
    triples once (kg.rdf.store); ``GRAPH ?g`` reaches each article's graph.
    """
    text = query.text if isinstance(query, SparqlQuery) else query
    try:
        return store.query(with_values(text, bindings or {}),
                           prefixes=dict(PREFIXES))
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}; kg query runs SELECT, ASK, CONSTRUCT or DESCRIBE "
                         "(updates go through kg build / kg remove)") from exc


# SPARQL 1.1's PN_LOCAL without escapes: what may follow "prefix:" in a query as typed.
_PN_CHAR = ("A-Za-z0-9_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D"
            "\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
            "\U00010000-\U000EFFFF")
_PN_LOCAL = re.compile(rf"(?:[{_PN_CHAR}:]|%[0-9A-Fa-f]{{2}})(?:(?:[{_PN_CHAR}.:-]|%[0-9A-Fa-f]{{2}})*"
                       rf"(?:[{_PN_CHAR}:-]|%[0-9A-Fa-f]{{2}}))?")


def compact(term) -> str:
    """A short, readable form of a term that can be pasted back into a query: a prefixed name
    (``kgorg:interpol``) when its local part is one SPARQL accepts as typed, else ``<IRI>``;
    literal values as text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = ""
        for prefix, namespace in PREFIXES.items():
            local = term.value[len(namespace):]
            if term.value.startswith(namespace) and local and _PN_LOCAL.fullmatch(local) \
                    and (not best or len(local) < len(best.split(":", 1)[1])):
                best = f"{prefix}:{local}"
        return best or f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) == "Cf" else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(variables: list[str], rows: list[list[str]]) -> str:
    widths = [max([_width(v)] + [_width(r[i]) for r in rows]) for i, v in enumerate(variables)]

    def line(cells: list[str]) -> str:
        return " | ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [line(variables), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def format_results(results, fmt: str = "table") -> str:
    """Results of ``run_query`` as text: a table, or SPARQL 1.1 CSV / TSV / JSON (graphs: N-Triples)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if isinstance(results, ox.QueryBoolean):
        if fmt == "table":
            return "yes" if bool(results) else "no"
        return results.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")
    if isinstance(results, ox.QueryTriples):
        return results.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    if fmt != "table":
        return results.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")
    variables = [v.value for v in results.variables]
    rows = [[compact(solution[v]) for v in variables] for solution in results]
    return _table(variables, rows)
