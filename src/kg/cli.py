"""The `kg` command: a thin layer over the library (ingest, extract, RDF, HTML)."""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from kg import __version__
from kg.batch import ExtractorSpec
from kg.ingest import InputError


def _report_error(err: InputError) -> None:
    click.echo(f"kg: error: {err}", err=True)


class _Progress:
    """Articles done, articles/s and an ETA on stderr (tqdm), only when stderr is a terminal."""

    def __init__(self, total: int, what: str):
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit=" articles", desc=what, disable=None, file=sys.stderr,
                        leave=False, dynamic_ncols=True)

    def __call__(self, item) -> None:
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def _jobs_option(command):
    return click.option(
        "--jobs", "-j", type=click.IntRange(0, None), default=0, metavar="N",
        help="Worker processes for extraction (0, the default: one per core). Results are the same for any N.")(command)


def _ner_options(command):
    """--ner, --camel-model and --morphology, shared by `kg extract` and `kg build`."""
    command = click.option(
        "--morphology", default="none", metavar="none|builtin|DB", show_default=True,
        help="Match cue words also by their lemma with camel-tools' morphological analyser: the "
             "installed calima-msa database (builtin: `camel_data -i morphology-db-msa-r13`) or a "
             "camel-tools .db file.")(command)
    command = click.option(
        "--camel-model", type=click.Path(file_okay=False), default=None, metavar="PATH",
        help="With --ner camelbert: a BERT token-classification model folder (save_pretrained) to use "
             "instead of the one `camel_data -i ner-arabert` installs.")(command)
    return click.option(
        "--ner", type=click.Choice(["crf", "rules", "camelbert"]), default="crf", show_default=True,
        help="Learned names beside the rules and gazetteers: kg's CRF (data/models/ner.crfsuite), none "
             "(rules), or camel-tools' CAMeLBERT NER model (needs `camel_data -i ner-arabert`, torch "
             "and a few seconds to load).")(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="kg")
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
@_ner_options
@_jobs_option
def extract(paths: tuple[str, ...], fmt: str, ner: str, camel_model: str | None, morphology: str,
            jobs: int) -> None:
    """Print the entities and relations of the articles in PATHS (files or folders) as JSON.

    Articles are streamed: each record is printed as soon as it is extracted,
    in input order, so memory stays flat however many articles there are."""
    from kg.batch import ArticleResult, ModelError, extract_batch
    from kg.records import record_list_item

    spec = ExtractorSpec(ner=ner, camel_model=camel_model, morphology=morphology)
    from kg.batch import count_inputs

    articles = count_inputs(paths)
    progress = _Progress(articles, "extract")
    failed = 0
    first = True
    out = sys.stdout
    try:
        for item in extract_batch(paths, spec, jobs=_jobs(jobs, articles), with_record=True,
                                  with_graph=False):
            progress(item)
            if isinstance(item, ArticleResult):
                out.write(record_list_item(item.record, first))
                first = False
            else:
                failed += 1
                _report_error(item)
    except ModelError as exc:
        _fail(str(exc))
    finally:
        progress.close()
    out.write("[]\n" if first else "\n]\n")
    if failed:
        sys.exit(1)


def _jobs(jobs: int, articles: int) -> int:
    """--jobs, 0 meaning one per core; one process when there are too few articles to share."""
    from kg.batch import default_jobs

    wanted = jobs or default_jobs()
    if wanted > 1 and articles < 4 * wanted:
        return 1
    return wanted


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="build", show_default=True,
              help="Folder for the store, graph.trig, graph.ttl, extractions.json, graph.html and manifest.json.")
@click.option("--prune", is_flag=True,
              help="Also remove from DIR/store the graphs of articles not in PATHS (skipped when an input fails).")
@click.option("--no-cache", is_flag=True, help="Extract every article again, even unchanged ones (DIR/cache.sqlite).")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report (JSON) instead of the summary.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where extraction runs: local worker processes (--jobs), or a Dask cluster's workers.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="With --engine dask: the scheduler's address (tcp://HOST:8786); the workers must reach "
                   "DIR/shards. Without it, a local Dask cluster of --jobs workers is started.")
@_ner_options
@_jobs_option
def build(paths: tuple[str, ...], out_dir: str, prune: bool, no_cache: bool, as_json: bool, engine: str,
          scheduler: str | None, ner: str, camel_model: str | None, morphology: str, jobs: int) -> None:
    """Build the knowledge graph of the articles in PATHS (files or folders) into --out.

    Brings the RDF store DIR/store up to date (new articles added, changed
    ones replaced, unchanged ones left alone; one transaction), then derives
    graph.trig, graph.ttl, extractions.json and graph.html from it, and
    manifest.json last.  A build killed at any moment leaves the store old or
    new; files left behind it are regenerated by the next build (or `kg
    repair`), which says so.  Bad inputs are reported one line each on stderr;
    the others are built, and the exit code is 1 when some input failed.
    Unchanged articles are not extracted again (DIR/cache.sqlite).
    """
    from kg.build import BuildError, build as run_build

    spec = ExtractorSpec(ner=ner, camel_model=camel_model, morphology=morphology)
    if scheduler and engine != "dask":
        _fail("--scheduler is for --engine dask; add --engine dask")
    cluster = None
    if engine == "dask" and not scheduler:
        cluster = _local_dask_cluster(jobs)
    from kg.batch import count_inputs

    articles = count_inputs(paths)
    progress = _Progress(articles, "build")
    try:
        report = run_build(paths, out_dir, spec=spec, prune=prune, jobs=_jobs(jobs, articles),
                           use_cache=not no_cache, scheduler=scheduler or (cluster.client if cluster else None),
                           on_error=_report_error, on_article=progress)
    except BuildError as exc:
        progress.close()
        _fail(str(exc))
    finally:
        if cluster is not None:
            cluster.close()
    progress.close()
    if report.prune_skipped:
        click.echo(f"kg: --prune skipped: {len(report.input_errors)} input(s) failed, and their articles' graphs "
                   "would have been removed; fix the inputs, or remove articles with `kg remove ID`", err=True)
    for warning in report.warnings:
        click.echo(f"kg: warning: {warning}", err=True)
    if report.repaired:
        click.echo(f"kg: repaired an interrupted build: the files of {report.out} lagged behind its store "
                   "and were regenerated from it", err=True)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(f"store: {report.out / 'store'} ({report.store_line()})")
        click.echo(f"extracted: {report.articles - report.cached} article(s), {report.cached} unchanged ones "
                   f"from the cache, in {report.seconds:.1f} s")
        click.echo(build_summary(report))
    if report.input_errors:
        click.echo(f"kg: {len(report.input_errors)} input(s) failed; see the lines above", err=True)
        sys.exit(1)


def _local_dask_cluster(jobs: int):
    """A dask.distributed LocalCluster of --jobs worker processes, and a client on it."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        _fail("--engine dask needs dask.distributed: pip install 'dask[distributed]'")
    from kg.batch import default_jobs

    cluster = LocalCluster(n_workers=jobs or default_jobs(), threads_per_worker=1, processes=True,
                           dashboard_address=None)
    client = Client(cluster)
    return _ClusterClient(client, cluster)


class _ClusterClient:
    """A Client that closes its LocalCluster with it."""

    def __init__(self, client, cluster):
        self.client, self.cluster = client, cluster

    def close(self) -> None:
        self.client.close()
        self.cluster.close()


@main.command()
@click.argument("out_dir", required=False, default="build", type=click.Path(file_okay=False))
def repair(out_dir: str) -> None:
    """Regenerate the files of the build folder OUT_DIR (default build) from its store, if they lag behind it.

    After a build was killed between its store commit and its last file,
    graph.trig, graph.ttl, extractions.json, graph.html and manifest.json are
    rewritten from OUT_DIR/store (the next `kg build` does this by itself)."""
    from kg.build import BuildError, repair as run_repair

    try:
        repaired = run_repair(out_dir)
    except BuildError as exc:
        _fail(str(exc))
    click.echo(f"{out_dir}: " + ("repaired: the files were regenerated from the store" if repaired
                                else "the files agree with the store; nothing to do"))


def build_summary(report) -> str:
    """The summary of a build: from what its files describe when it wrote them, else from the manifest."""
    out = report.out
    if report.contents is None:
        return (f"articles: {report.store_articles} in the store; nothing changed and the files are current:\n"
                + "\n".join(f"  {out / name}" for name in ("graph.trig", "graph.ttl", "extractions.json",
                                                          "graph.html")))
    contents = report.contents
    return summary(contents.articles, contents.statements, contents.entities, contents.facts, out,
                   out / "graph.html")


def summary(articles: int, statements: Counter, entities: Counter, facts: Counter, out: Path,
            html_path: Path) -> str:
    """A short report of what the store (and so every file) holds: articles, entities by type,
    relations by predicate (``facts``: distinct relations, ``statements``: how often each is
    stated), output files."""
    lines = [f"articles: {articles}", f"entities: {sum(entities.values())} (distinct across articles)"]
    lines += [f"  {t:<14}{n:>5}" for t, n in entities.most_common()]
    lines.append(f"relations: {sum(facts.values())} distinct (the page's edges), stated "
                 f"{sum(statements.values())} times across articles")
    lines.append(f"  {'':<14}{'facts':>5}{'said':>6}")
    lines += [f"  {p:<14}{facts[p]:>5}{statements[p]:>6}" for p, _ in facts.most_common()]
    lines.append("files:")
    for name in ("graph.trig", "graph.ttl", "extractions.json"):
        lines.append(f"  {out / name}")
    lines.append(f"  {html_path}")
    return "\n".join(lines)


# ---------------------------------------------------------------- RDF store, SPARQL, exports

_STORE_OPTION = click.option(
    "--store", "store_dir", type=click.Path(file_okay=False), default="build/store", show_default=True,
    help="The RDF store (an Oxigraph directory) that `kg build` writes to <out>/store.")


def _fail(message: str) -> None:
    click.echo(f"kg: error: {message}", err=True)
    sys.exit(1)


def _open_store(store_dir: str, *, read_only: bool = True):
    from kg.rdf.store import StoreError, open_store

    try:
        return open_store(store_dir, read_only=read_only)
    except StoreError as exc:
        _fail(str(exc))


@main.command()
@click.argument("source", required=False)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable); values are typed terms, never pasted into the query.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="A terminal table, or a SPARQL 1.1 results format.")
@click.option("--list", "list_queries", is_flag=True, help="List the canned queries and their parameters.")
@click.option("--prefixes", "show_prefixes", is_flag=True,
              help="Print kg's prefixes as PREFIX lines, to start a query sent over HTTP (kg serve) with.")
@_STORE_OPTION
def query(source: str | None, params: tuple[str, ...], fmt: str, list_queries: bool, show_prefixes: bool,
          store_dir: str) -> None:
    """Run a SPARQL query over the store: SOURCE is a canned query name, a .rq file or the query text.

    The default graph holds every article's triples once; GRAPH ?g reaches
    each article's own graph.  Canned queries (kg query --list) live in
    queries/*.rq; parameters are bound with --param NAME=VALUE.  An entity
    parameter takes part of a name in any spelling (Arabic or Latin) or an
    IRI; a name that fits several entities is an error listing them, e.g.

        kg query evidence --param subject=حموشي --param predicate=kg:metWith
    """
    from kg.query import (
        QueryError, bind_params, canned_queries, format_results, load_query, run_query, store_resolver,
    )

    if show_prefixes:
        from kg.rdf.vocab import PREFIXES

        for prefix, namespace in PREFIXES.items():
            click.echo(f"PREFIX {prefix}: <{namespace}>")
        return
    if list_queries:
        for name, canned in canned_queries().items():
            click.echo(f"{name}: {canned.description}")
            for p in canned.params:
                click.echo(f"    --param {p.name}=...  ({p.type}{', optional' if p.optional else ''}) {p.help}")
        return
    if not source:
        _fail("give a query: a canned query name (kg query --list), a .rq file or SPARQL text")
    try:
        sparql = load_query(source)
        store = _open_store(store_dir)
        bindings = bind_params(sparql, params, resolve=store_resolver(store))
        click.echo(format_results(run_query(store, sparql, bindings), fmt).rstrip("\n"))
    except QueryError as exc:
        _fail(str(exc))


@main.command()
@click.argument("path", required=False, default="build/store", type=click.Path())
def validate(path: str) -> None:
    """Check the store (or an RDF file) against ontology/shapes.ttl; exit 1 on violations.

    PATH is a store directory (default build/store, as `kg build` writes it)
    or a .trig / .nq / .ttl / .jsonld file.  Each article graph is checked on
    its own; the report names the graph, the node, the property and the fix.
    """
    from kg.rdf.store import StoreError
    from kg.rdf.validate import format_report, graphs_to_check, load_data, validate_dataset

    try:
        dataset = load_data(path)
    except (StoreError, FileNotFoundError, ValueError) as exc:
        _fail(str(exc))
    checked = len(graphs_to_check(dataset))
    violations = validate_dataset(dataset)
    click.echo(format_report(violations, checked))
    if violations:
        sys.exit(1)


@main.command()
@click.option("--format", "fmt", required=True,
              type=click.Choice(["turtle", "trig", "nquads", "jsonld", "graphml", "gexf", "csv", "tables"]),
              help="turtle: the default graph (every triple once); trig, nquads, jsonld: it and one named graph "
                   "per article; graphml, gexf: entity network; csv: every quad with labels; tables: "
                   "entities, relations and mentions as CSV and Parquet.")
@click.option("--out", "out_file", type=click.Path(), default=None,
              help="File to write (default: standard output); for tables a folder (default: build/tables).")
@_STORE_OPTION
def export(fmt: str, out_file: str | None, store_dir: str) -> None:
    """Export the store as RDF (Turtle, TriG, N-Quads, JSON-LD), a network (GraphML, GEXF), CSV or tables.

    JSON-LD uses kg's prefixes and "@language": "ar" as its context; GraphML
    and GEXF (for Gephi) hold entities as nodes and relations as edges, with
    labels, types, Wikidata ids, dates and predicates as attributes (GEXF with
    colours and sizes).  tables writes entities, relations (one row per
    sentence, with confidence and article) and mentions, each as .csv and
    .parquet, into --out.
    """
    from kg.files import OutputError, write_atomic
    from kg.rdf.export import export_store

    store = _open_store(store_dir)
    if fmt == "tables":
        from kg.rdf.tables import write_tables

        try:
            written = write_tables(store, out_file or "build/tables")
        except NotADirectoryError as exc:
            _fail(str(exc))
        for path in written:
            click.echo(f"wrote {path}", err=True)
        return
    data = export_store(store, fmt)
    if out_file:
        try:
            write_atomic(out_file, data)
        except OutputError as exc:
            _fail(str(exc))
        click.echo(f"wrote {out_file}", err=True)
    else:
        click.echo(data.decode("utf-8"), nl=False)


@main.command()
@click.argument("ids", nargs=-1, required=True)
@_STORE_OPTION
def remove(ids: tuple[str, ...], store_dir: str) -> None:
    """Remove the graphs of the articles IDS (file names without extension) from the store, in one transaction."""
    from kg.rdf.store import StoreError, remove_articles

    try:
        removed = remove_articles(_open_store(store_dir, read_only=False), ids)
    except StoreError as exc:
        _fail(str(exc))
    click.echo(f"removed {len(removed)} article graph(s): {', '.join(removed)}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--read-only", is_flag=True, help="Refuse updates and Graph Store writes.")
@_STORE_OPTION
def serve(host: str, port: int, read_only: bool, store_dir: str) -> None:
    """Serve the store as a SPARQL 1.1 endpoint (the Oxigraph server) until stopped with Ctrl-C.

    Queries: http://HOST:PORT/query (GET or POST); updates: /update; Graph
    Store Protocol: /store?graph=IRI (what `kg push` talks to).  The store is
    locked while served: stop the server before `kg build`.
    """
    from kg.rdf.server import ServerError, serve as serve_store

    store = Path(store_dir)
    if read_only and not (store / "CURRENT").exists():
        _fail(f"no store at {store}; run `kg build PATH...` first, or pass --store DIR")
    if not store.exists():
        click.echo(f"kg: {store} does not exist; serving a new, empty store there", err=True)
    click.echo(f"serving {store} at http://{host}:{port}/ (a query page in the browser; query: /query, "
               f"update: /update, graph store: /store); Ctrl-C stops it")
    click.echo("the server does not know kg's prefixes: start queries with the lines of `kg query --prefixes`")
    if read_only:
        from kg.build import BuildError, hold_while_serving

        try:
            hold_while_serving(store)
        except BuildError as exc:
            _fail(str(exc))
    try:
        serve_store(store, host, port, read_only=read_only)
    except (ServerError, OSError) as exc:
        _fail(str(exc))


@main.command()
@click.option("--endpoint", required=True,
              help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (kg serve) or "
                   "http://HOST:3030/DATASET/data (Fuseki).")
@click.option("--article", "articles", multiple=True, metavar="ID", help="Push only this article (repeatable).")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds to wait for each answer.")
@_STORE_OPTION
def push(endpoint: str, articles: tuple[str, ...], timeout: float, store_dir: str) -> None:
    """Send each article's named graph to a SPARQL Graph Store endpoint (HTTP PUT, replacing it there)."""
    from kg.rdf.server import ServerError, push as push_graphs

    try:
        results = push_graphs(_open_store(store_dir), endpoint, articles=articles, timeout=timeout)
    except ServerError as exc:
        _fail(str(exc))
    for result in results:
        click.echo(f"{result.article}: {result.triples} triples -> HTTP {result.status}")
    articles_pushed = sum(1 for r in results if r.graph)
    click.echo(f"pushed {articles_pushed} graph(s) and the default graph to {endpoint}")


# ---------------------------------------------------------------- the learned recogniser on CoNLL

@main.command()
@click.option("--conll", "conll_file", required=True, type=click.Path(),
              help="A CoNLL file: the token in the first column (tab or space separated, other columns "
                   "ignored), a blank line between sentences.")
@click.option("--model", "model_file", type=click.Path(dir_okay=False), default=None,
              help="A model written by scripts/train_ner.py (default: data/models/ner.crfsuite).")
def ner(conll_file: str, model_file: str | None) -> None:
    """Label each token of a CoNLL file with the learned recogniser, as a standard NER corpus would.

    Prints `token<TAB>label` lines to stdout in the input's order, a blank
    line between sentences; labels are ANERcorp's, in IOB2: B-PERS I-PERS
    B-LOC I-LOC B-ORG I-ORG O (no MISC; a country adjective such as
    "الفرنسية" is not a name).  A missing, empty or non-UTF-8 file gives one
    line on stderr and exit code 1.

    \b
    kg ner --conll sentences.conll > labelled.tsv
    """
    from kg.conll import ConllError, tag_conll
    from kg.extract.learned_ner import LearnedRecognizer, ModelMissingError

    try:
        sentences_out = tag_conll(conll_file, LearnedRecognizer.load(Path(model_file) if model_file else None))
    except (ConllError, ModelMissingError, ValueError) as exc:
        _fail(str(exc))
    click.echo(sentences_out, nl=False)


# ---------------------------------------------------------------- focused graph pages

@main.command()
@click.argument("path", required=False, default="build/extractions.json", type=click.Path(dir_okay=False))
@click.option("--out", "out_file", type=click.Path(dir_okay=False), default="build/view.html", show_default=True,
              help="The HTML page to write.")
@click.option("--focus", metavar="NAME",
              help="Only the entities within --depth links of NAME (Arabic or English; diacritics, alef "
                   "variants and ال are ignored).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, None), help="Links from --focus.")
@click.option("--article", metavar="ID", help="Only the entities and relations of article ID.")
@click.option("--min-articles", default=1, show_default=True, type=click.IntRange(1, None), metavar="K",
              help="Hide entities named in fewer than K articles.")
@click.option("--title", default=None, help="Page title (default: what the view shows).")
def viz(path: str, out_file: str, focus: str | None, depth: int, article: str | None, min_articles: int,
        title: str | None) -> None:
    """Write an interactive graph page from PATH, the extraction JSON of `kg build` (default build/extractions.json).

    \b
    kg viz --out build/hammouchi.html --focus "الحموشي" --depth 2
    kg viz --article ma-interpol-marrakech-general-assembly --out build/article.html
    kg viz --min-articles 2 --out build/core.html
    """
    from kg.export.html import write_html
    from kg.export.network import read_graph_json
    from kg.export.views import ViewError, display_name, focused_view

    try:
        graph = read_graph_json(path)
        view = focused_view(graph, focus=focus, depth=depth, article=article, min_articles=min_articles)
    except (OSError, ViewError, ValueError) as exc:
        _fail(str(exc))
    parts = [f"{display_name(view, view.graph['focus'])} · عمق {depth}" if focus else "",
             f"المقال {article}" if article else "", f"≥ {min_articles} مقالات" if min_articles > 1 else ""]
    page = write_html(view, Path(out_file), title=title or " · ".join(["kg", *filter(None, parts)]))
    click.echo(f"{page}: {view.number_of_nodes()} entities, {view.number_of_edges()} relations "
               f"(of {graph.number_of_nodes()} and {graph.number_of_edges()})")
