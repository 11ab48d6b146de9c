"""The `kg` command: a thin layer over the library (ingest, extract, RDF, HTML)."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import click

from kg import __version__
from kg.ingest import InputError, read_articles
from kg.model import Article, Extraction


def _read_and_extract(paths: tuple[str, ...]) -> tuple[list[Extraction], list[InputError]]:
    """Extract every readable article; bad inputs are reported on stderr, one line each."""
    from kg.extract.pipeline import Extractor

    extractor = Extractor()
    extractions: list[Extraction] = []
    errors: list[InputError] = []
    seen: dict[str, str] = {}
    for item in read_articles(paths):
        if isinstance(item, InputError):
            errors.append(item)
            click.echo(f"kg: error: {item}", err=True)
            continue
        article: Article = item
        if article.id in seen:
            err = InputError(article.source, f"article id {article.id!r} already used by {seen[article.id]}; rename one")
            errors.append(err)
            click.echo(f"kg: error: {err}", err=True)
            continue
        seen[article.id] = article.source
        try:
            extractions.append(extractor(article))
        except Exception as exc:  # one article's failure must not stop the batch
            err = InputError(article.source, f"extraction failed ({type(exc).__name__}: {exc}); please report it")
            errors.append(err)
            click.echo(f"kg: error: {err}", err=True)
    return extractions, errors


def _write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file so a crash never leaves a half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def records_json(extractions: list[Extraction]) -> str:
    from kg.records import extraction_record

    return json.dumps([extraction_record(e) for e in extractions], ensure_ascii=False, indent=1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: Arabic news articles into a knowledge graph.

    Reads .txt, .jsonl and .html articles, finds persons, organisations,
    places and events and the relations between them, and writes RDF (TriG,
    Turtle), the extraction JSON and an interactive HTML graph.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="Output format (json: the scorer's format, one object per article).")
def extract(paths: tuple[str, ...], fmt: str) -> None:
    """Print the entities and relations of the articles in PATHS (files or folders) as JSON."""
    extractions, errors = _read_and_extract(paths)
    click.echo(records_json(extractions))
    if errors:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="build", show_default=True,
              help="Folder for graph.trig, graph.ttl, extractions.json and graph.html.")
def build(paths: tuple[str, ...], out_dir: str) -> None:
    """Build the knowledge graph of the articles in PATHS (files or folders) into --out.

    Bad inputs are reported one line each on stderr; the others are built,
    and the exit code is 1 when some input failed.
    """
    from kg.export.html import write_html
    from kg.export.network import extractions_to_graph
    from kg.rdf.graph import extraction_to_dataset, union_graph

    extractions, errors = _read_and_extract(paths)
    out = Path(out_dir)
    if not extractions:
        click.echo("kg: no article could be read; nothing was written", err=True)
        sys.exit(1)
    dataset = extraction_to_dataset(extractions)
    _write_atomic(out / "graph.trig", dataset.serialize(format="trig"))
    _write_atomic(out / "graph.ttl", union_graph(dataset).serialize(format="turtle"))
    _write_atomic(out / "extractions.json", records_json(extractions))
    graph = extractions_to_graph(extractions)
    html_path = write_html(graph, out / "graph.html", title="kg: Arabic news knowledge graph")
    click.echo(summary(extractions, out, html_path))
    if errors:
        click.echo(f"kg: {len(errors)} input(s) failed; see the lines above", err=True)
        sys.exit(1)


def summary(extractions: list[Extraction], out: Path, html_path: Path) -> str:
    """A short report: articles, entities by type, relations by predicate, output files."""
    types: Counter[str] = Counter()
    predicates: Counter[str] = Counter()
    keys: set[str] = set()
    for ext in extractions:
        for ent in ext.entities:
            if ent.key not in keys:
                keys.add(ent.key)
                types[ent.type.value] += 1
        predicates.update(rel.predicate for rel in ext.relations)
    lines = [f"articles: {len(extractions)}", f"entities: {len(keys)} (distinct across articles)"]
    lines += [f"  {t:<14}{n:>5}" for t, n in types.most_common()]
    lines.append(f"relations: {sum(predicates.values())}")
    lines += [f"  {p:<14}{n:>5}" for p, n in predicates.most_common()]
    lines.append("files:")
    for name in ("graph.trig", "graph.ttl", "extractions.json"):
        lines.append(f"  {out / name}")
    lines.append(f"  {html_path}")
    return "\n".join(lines)
