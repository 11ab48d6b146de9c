"""Check kg's RDF against ontology/shapes.ttl with pySHACL, one article graph at a time.

Everything about an article lives in its named graph, so each graph must
satisfy the shapes on its own: a relation whose end is typed only in another
article's graph is reported.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import SH

from kg.rdf.vocab import PREFIXES
from kg.resources import resource_path

__all__ = ["shapes_path", "Violation", "load_shapes", "load_data", "graphs_to_check", "validate_dataset", "format_report"]


def shapes_path() -> Path:
    """ontology/shapes.ttl as kg ships it (``kg.resources``)."""
    return resource_path("ontology", "shapes.ttl")


_RDF_FORMATS = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads", ".ttl": "turtle", ".nt": "nt",
                ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml"}


@dataclass(frozen=True)
class Violation:
    """One SHACL result: where (graph, focus node, path), what (message), and the offending value."""

    graph: str
    focus: str
    path: str
    message: str
    value: str
    severity: str
    shape: str


def load_shapes(path: str | Path | None = None) -> Graph:
    path = shapes_path() if path is None else Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no shapes file {path}; kg ships it as ontology/shapes.ttl")
    return Graph().parse(path, format="turtle")


def load_data(path: str | Path) -> Dataset:
    """An Oxigraph store directory (as ``kg build`` writes) or an RDF file, as an rdflib Dataset."""
    from kg.rdf.store import open_store, store_to_dataset

    path = Path(path)
    if path.is_dir():
        return store_to_dataset(open_store(path, read_only=True))
    if not path.exists():
        raise FileNotFoundError(
            f"no store or RDF file at {path}; run `kg build PATH...` (it writes build/store) or name a "
            ".trig / .nq / .ttl file")
    fmt = _RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"cannot tell the RDF format of {path}; use one of {', '.join(sorted(_RDF_FORMATS))}")
    dataset = Dataset()
    dataset.parse(path, format=fmt)
    return dataset


def graphs_to_check(dataset: Dataset) -> list[Graph]:
    """The non-empty article graphs; the default graph, when named graphs exist, only repeats them
    (kg.rdf.store), so it is checked through its parts."""
    graphs = [g for g in dataset.graphs() if len(g)]
    named = [g for g in graphs if g.identifier != DATASET_DEFAULT_GRAPH_ID]
    return named or graphs


def _short(term: object) -> str:
    text = str(term) if term is not None else ""
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text


def validate_graph(graph: Graph, shapes: Graph, name: str = "") -> list[Violation]:
    """The SHACL results of one graph (empty when it conforms)."""
    from pyshacl import validate

    _, report, _ = validate(graph, shacl_graph=shapes, inference="none", allow_warnings=False)
    violations = []
    for result in report.subjects(SH.resultSeverity, None):
        path = report.value(result, SH.resultPath)
        violations.append(Violation(
            graph=name,
            focus=_short(report.value(result, SH.focusNode)),
            path=_short(path) if isinstance(path, URIRef) else ("" if path is None else "(complex path)"),
            message=str(report.value(result, SH.resultMessage) or ""),
            value=_short(report.value(result, SH.value)),
            severity=_short(report.value(result, SH.resultSeverity)).replace("http://www.w3.org/ns/shacl#", ""),
            shape=_short(report.value(result, SH.sourceShape)),
        ))
    return sorted(violations, key=lambda v: (v.focus, v.path, v.message))


def validate_dataset(dataset: Dataset, shapes: Graph | None = None) -> list[Violation]:
    """The SHACL results of every non-empty graph of ``dataset``, each graph checked on its own."""
    shapes = load_shapes() if shapes is None else shapes
    violations: list[Violation] = []
    for graph in graphs_to_check(dataset):
        name = "" if graph.identifier == DATASET_DEFAULT_GRAPH_ID else _short(graph.identifier)
        violations += validate_graph(graph, shapes, name)
    return violations


def format_report(violations: list[Violation], checked: int) -> str:
    """A readable report: one block per violation, grouped by graph, then a one-line verdict."""
    if not violations:
        return f"conforms: {checked} graph(s) satisfy ontology/shapes.ttl"
    lines: list[str] = []
    current = None
    seen: set[tuple[str, str, str, str, str]] = set()
    for v in sorted(violations, key=lambda v: (v.graph, v.focus, v.path)):
        key = (v.graph, v.focus, v.path, v.message, v.value)
        if key in seen:  # one value can fail two constraints of one shape (datatype and range)
            continue
        seen.add(key)
        if v.graph != current:
            current = v.graph
            lines.append(f"graph {v.graph or '(default graph)'}:")
        lines.append(f"  {v.focus}" + (f"  {v.path}" if v.path else ""))
        shown = v.value and v.value != v.focus
        lines.append(f"    {v.message}" + (f"  (value: {v.value})" if shown else ""))
    graphs = len({v.graph for v in violations})
    lines.append(f"{len(violations)} violation(s) in {graphs} of {checked} graph(s)")
    return "\n".join(lines)
