"""One build: article files -> the store of a build folder -> the files derived from it, with one commit point.

``build(paths, out)`` is what ``kg build``, kg.analysis and the scripts call.

The commit point is the store's transaction.  Nothing is written before it
except the extraction cache; the files (graph.trig, graph.ttl,
extractions.json, graph.html) are derived from the store after it, each
written whole through a temporary file, and ``manifest.json`` is written
last: it records the store state (``kg.rdf.store.store_state``) and the size
of every file.  A build killed at any moment therefore leaves the store old or
new, never mixed; and when it leaves files that lag behind the store, the
manifest says so: the next build (or ``kg repair``) notices, regenerates the
files from the store and says it repaired an interrupted build.

A first build (no store yet) bulk-loads a fresh store in a sibling folder and
moves it into place, so a killed first build leaves no store; later builds
change the store in one transaction that touches only the changed articles.

One build at a time per folder: a lock file (``.kg-build.lock``) refuses a
second build, and the store is opened for writing before anything is read,
so a build while ``kg serve`` holds the store refuses before touching a file.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.batch import ArticleResult, ExtractionCache, ExtractorSpec, extract_batch
from kg.files import OutputError, os_failure, write_atomic, write_atomic_with
from kg.ingest import InputError

__all__ = ["BuildError", "BuildReport", "build", "repair", "outputs_are_current", "hold_while_serving",
           "OUTPUT_FILES"]

#: The files a build derives from its store, in the order they are written (the manifest last).
OUTPUT_FILES = ("graph.trig", "graph.ttl", "extractions.json", "graph.html")
MANIFEST = "manifest.json"
LOCK = ".kg-build.lock"
CACHE = "cache.sqlite"
#: records of the store's article graphs by content hash (kg.rdf.records.RecordMemo)
RECORDS = "records.sqlite"
_NEXT_STORE = ".store-next"
PAGE_TITLE = "kg: Arabic news knowledge graph"


class BuildError(Exception):
    """The build could not start or finish; the message names what and the fix. The store is as it was."""


@dataclass
class BuildReport:
    """What one build did: inputs, store changes, files, and whether it repaired an interrupted build."""

    out: Path
    articles: int = 0
    input_errors: list[InputError] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    prune_skipped: bool = False
    repaired: bool = False
    files_written: bool = False
    cached: int = 0
    store_articles: int = 0
    seconds: float = 0.0
    #: what the files describe, when this build wrote them
    contents: BuildContents | None = None
    warnings: list[str] = field(default_factory=list)

    def store_line(self) -> str:
        return (f"{len(self.added)} added, {len(self.replaced)} replaced, "
                f"{len(self.unchanged)} unchanged, {len(self.removed)} removed")

    def to_json(self) -> dict:
        return {
            "out": str(self.out), "articles_read": self.articles, "from_cache": self.cached,
            "input_errors": [{"path": e.path, "reason": e.reason} for e in self.input_errors],
            "store": {"added": self.added, "replaced": self.replaced, "unchanged": len(self.unchanged),
                      "removed": self.removed, "articles": self.store_articles},
            "prune_skipped": self.prune_skipped, "repaired": self.repaired, "warnings": self.warnings,
            "files": {name: str(self.out / name) for name in (*OUTPUT_FILES, MANIFEST)},
            "files_written": self.files_written, "seconds": round(self.seconds, 3),
        }


# ---------------------------------------------------------------- one build at a time

class _FolderLock:
    """An exclusive lock on the build folder, released when the process ends however it ends."""

    def __init__(self, out: Path):
        self.path = out / LOCK
        self._fh = None

    def __enter__(self) -> "_FolderLock":
        try:
            self._fh = open(self.path, "a+", encoding="utf-8")
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._fh.seek(0)
            holder = self._fh.read().strip() or "another kg process"
            self._fh.close()
            raise BuildError(f"{self.path.parent}: {holder} holds this folder; wait for it to finish "
                             "(or stop it), or give --out another folder") from None
        except OSError as exc:
            raise BuildError(str(os_failure(exc, self.path))) from None
        self._fh.truncate(0)
        self._fh.write(f"another kg build (pid {os.getpid()})")
        self._fh.flush()
        return self

    def __exit__(self, *exc_info) -> None:
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()


def hold_while_serving(store_dir: str | Path) -> None:
    """Take a shared lock on the build folder of ``store_dir`` that survives ``exec`` into the server,
    so a `kg build` of that folder refuses while a read-only `kg serve` shows its store (a read-only
    server would otherwise go on serving the store it opened, not the rebuilt one)."""
    folder = Path(store_dir).parent
    path = folder / LOCK
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        raise BuildError(f"{folder}: a kg build is writing this folder; wait for it to finish") from None
    except OSError as exc:
        raise BuildError(str(os_failure(exc, path))) from None
    os.ftruncate(fd, 0)
    os.write(fd, f"kg serve --read-only (pid {os.getpid()})".encode())
    os.set_inheritable(fd, True)  # kept open, and locked, by the server that replaces this process


# ---------------------------------------------------------------- the manifest

def _read_manifest(out: Path) -> dict | None:
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def outputs_are_current(out: str | Path, state: str) -> bool:
    """True when the manifest of ``out`` says its files derive from store state ``state`` and every file
    is there with the size the manifest gives."""
    out = Path(out)
    manifest = _read_manifest(out)
    if not manifest or manifest.get("store_state") != state:
        return False
    for name in OUTPUT_FILES:
        try:
            if (out / name).stat().st_size != manifest["files"][name]["bytes"]:
                return False
        except (OSError, KeyError, TypeError):
            return False
    return True


@dataclass(frozen=True)
class BuildContents:
    """What the files of a build describe, for its summary: the articles, the relation statements by
    predicate (how often each is stated), and the merged graph's entities by type and distinct
    relations by predicate."""

    articles: int
    statements: Counter
    entities: Counter
    facts: Counter


def _write_outputs(store, out: Path, state: str, title: str = PAGE_TITLE, memo=None) -> BuildContents:
    """graph.trig, graph.ttl, extractions.json, graph.html from ``store``, then the manifest; records of
    graphs that ``memo`` (a kg.rdf.records.RecordMemo) knows are not read from the store.

    Oxigraph writes graph.ttl (the default graph) in a thread of its own (it lets go of Python's
    lock while it reads the store), while this thread streams the records, one article at a time,
    into extractions.json and an outline of the merged graph (``RecordsOutline``: keys, types,
    distinct edges), writes the page, and then dumps the named graphs; graph.trig is graph.ttl
    followed by those (kg.rdf.trig), so the default graph is read from the store once.  The named
    graphs wait until this thread's Python work is done: a dump call per graph would wait behind
    any busy Python thread for the interpreter's lock, which the one Turtle dump does not hold.

    The page draws the outline's most connected part (all of it when small enough), so its graph is
    built from the records that mention that part only, read back from extractions.json: no list of
    every record, and no graph of every sentence, is held."""
    from concurrent.futures import ThreadPoolExecutor

    import pyoxigraph as ox

    from kg import __version__
    from kg.export.html import MAX_NODES, PAGE_ARTICLES, PAGE_EVIDENCE, write_html
    from kg.export.network import RecordsOutline, graph_from_records
    from kg.rdf.records import iter_store_records
    from kg.rdf.trig import join_trig, write_named_graph_blocks
    from kg.rdf.vocab import PREFIXES
    from kg.records import record_list_item

    prefixes = dict(PREFIXES)
    statements: Counter = Counter()
    outline = RecordsOutline()
    spans: list[tuple[int, int]] = []  # where each record lies in extractions.json (bytes)

    def write_records(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            at = 0
            for record in iter_store_records(store, memo):
                item = record_list_item(record, first=not spans).encode("utf-8")
                fh.write(item)
                spans.append((at + 1, len(item) - 1))  # without the "[" or "," that opens the item
                at += len(item)
                outline.add(record)
                statements.update(r["predicate"] for r in record["relations"])
            fh.write(b"\n]" if spans else b"[]")

    def page_graph():
        """The graph the page draws, from the records extractions.json holds."""
        keep = outline.most_connected(MAX_NODES)
        numbers = range(len(spans)) if keep is None else outline.articles_of(keep)
        with open(out / "extractions.json", "rb") as fh:
            def records():
                for number in numbers:
                    begin, size = spans[number]
                    fh.seek(begin)
                    yield json.loads(fh.read(size))

            graph = graph_from_records(records(), keep=None if keep is None else set(keep),
                                       evidence_kept=PAGE_EVIDENCE, articles_kept=PAGE_ARTICLES)
        if keep is not None:
            graph.graph["whole"] = {"nodes": outline.nodes, "edges": outline.edges}
        return graph

    for stale in out.glob(".graph.trig.*.blocks.tmp"):  # left by a killed build (the folder is locked)
        stale.unlink(missing_ok=True)
    blocks = out / f".graph.trig.{os.getpid()}.blocks.tmp"  # the named graphs, until graph.trig is joined
    try:
        with ThreadPoolExecutor(1, thread_name_prefix="kg-dump") as dumps:
            turtle = dumps.submit(write_atomic_with, out / "graph.ttl",
                                  lambda tmp: store.dump(str(tmp), format=ox.RdfFormat.TURTLE,
                                                         from_graph=ox.DefaultGraph(), prefixes=prefixes))
            try:
                write_atomic_with(out / "extractions.json", write_records)
                graph = page_graph()
                # the part is chosen already
                write_atomic_with(out / "graph.html", lambda tmp: write_html(graph, tmp, title=title, max_nodes=None))
                try:
                    header = write_named_graph_blocks(store, blocks, prefixes)
                except OSError as exc:
                    raise os_failure(exc, out / "graph.trig") from None
            finally:
                turtle.result()  # a failed dump raises here, once this thread's files are done
        write_atomic_with(out / "graph.trig", lambda tmp: join_trig(tmp, out / "graph.ttl", blocks, header))
    finally:
        blocks.unlink(missing_ok=True)
    files = {name: {"bytes": (out / name).stat().st_size} for name in OUTPUT_FILES}
    manifest = {"kg": __version__, "store_state": state, "articles": len(spans), "files": files,
                "note": "kg build writes this last; files whose sizes or store state differ lag behind "
                        "the store, and the next kg build (or kg repair) regenerates them"}
    write_atomic(out / MANIFEST, json.dumps(manifest, indent=1))
    return BuildContents(len(spans), statements, outline.types(), outline.facts())


# ---------------------------------------------------------------- the build

def build(paths: Iterable[str | Path], out: str | Path, *, spec: ExtractorSpec = ExtractorSpec(),
          prune: bool = False, jobs: int = 1, use_cache: bool = True, scheduler=None,
          on_error: Callable[[InputError], None] | None = None,
          on_article: Callable[[ArticleResult | InputError], None] | None = None) -> BuildReport:
    """Build the articles under ``paths`` into the folder ``out`` (``out/store`` and the files).

    Bad inputs go to ``on_error`` one by one and the batch goes on; ``on_article`` sees every
    result (for progress).  ``scheduler`` (a Dask scheduler address or a ``distributed.Client``)
    extracts on that cluster's workers (kg.distributed) instead of ``jobs`` local processes; the
    store and the files are the same.  Raises BuildError (store and files as they were) when the build
    cannot start, when no article could be read, or when writing fails."""
    from kg.batch import ModelError
    from kg.distributed import ClusterError

    started = time.monotonic()
    out = Path(out)
    try:
        extractor = spec.load()  # a missing model fails before anything is touched
    except ModelError as exc:
        raise BuildError(str(exc)) from None
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} is a file; give --out a folder to write the store and graph files into")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(str(os_failure(exc, out))) from None
    report = BuildReport(out=out)
    with _FolderLock(out):
        try:
            _build_locked(list(paths), out, spec, extractor, prune, jobs, use_cache and scheduler is None, scheduler,
                          report, on_error, on_article)
        except (ModelError, ClusterError) as exc:
            raise BuildError(str(exc)) from None
        except _AfterCommit:
            raise
        except OutputError as exc:
            raise BuildError(f"{exc}; the store holds the last complete build") from None
        except OSError as exc:
            raise BuildError(f"{os_failure(exc)}; the store holds the last complete build") from None
    report.seconds = time.monotonic() - started
    return report


def _build_locked(paths, out: Path, spec: ExtractorSpec, extractor, prune: bool, jobs: int, use_cache: bool,
                  scheduler, report: BuildReport, on_error, on_article) -> None:
    from kg.rdf.records import RecordMemo
    from kg.rdf.store import StoreError, article_graphs, bulk_load, commit, open_store, plan_ingest, store_state

    store_dir = out / "store"
    shutil.rmtree(out / _NEXT_STORE, ignore_errors=True)  # a first build killed before its store was moved in
    fresh = not (store_dir / "CURRENT").exists()
    if fresh and store_dir.exists() and any(store_dir.iterdir()):
        raise BuildError(f"{store_dir} is not an Oxigraph store; move it away or give --out another folder")
    try:
        store = None if fresh else open_store(store_dir)  # refuses now if `kg serve` holds it
    except StoreError as exc:
        raise BuildError(f"{exc}; nothing was changed") from None
    stale = store is not None and not outputs_are_current(out, store_state(store))
    repaired_note = stale and (out / MANIFEST).exists()

    cache = ExtractionCache(out / CACHE, spec.fingerprint()) if use_cache else None
    memo = RecordMemo(out / RECORDS)  # written for the graphs extracted here, read by _write_outputs

    def results() -> Iterable:
        if scheduler is not None:
            from kg.distributed import extract_on_cluster

            source = extract_on_cluster(paths, spec, scheduler, out / "shards")
        else:
            source = extract_batch(paths, spec, jobs=jobs, cache=cache, extractor=extractor)
        for item in source:
            if on_article:
                on_article(item)
            if isinstance(item, InputError):
                report.input_errors.append(item)
                if on_error:
                    on_error(item)
                continue
            report.articles += 1
            report.cached += item.cached
            if item.graph_record is not None:
                memo.put(item.digest, item.graph_record)
            yield item.graph()

    try:
        if fresh:
            next_dir = out / _NEXT_STORE
            import pyoxigraph as ox

            staged = ox.Store(str(next_dir))
            loaded = bulk_load(staged, results(), out / ".store-next.nq")
            report.added = loaded.added
            if not report.articles:
                del staged
                shutil.rmtree(next_dir, ignore_errors=True)
                raise BuildError("no article could be read; nothing was written")
            del staged
            if store_dir.exists():
                store_dir.rmdir()  # empty (checked above)
            os.replace(next_dir, store_dir)
            store = open_store(store_dir)
        else:
            plan = plan_ingest(store, results())  # reads and extracts every input; nothing written yet
            if not report.articles:
                raise BuildError("no article could be read; nothing was written")
            if prune and report.input_errors:
                report.prune_skipped = True
            elif prune:
                plan.prune()
            done = commit(store, plan)
            report.added, report.replaced = done.added, done.replaced
            report.unchanged, report.removed = done.unchanged, done.removed
    except StoreError as exc:
        raise BuildError(f"{exc}; the store holds the last complete build") from None
    except OSError as exc:  # the store's own files: RocksDB out of space, a size limit
        raise BuildError(f"{os_failure(exc, store_dir)}; the store holds the last complete build") from None
    finally:
        if cache is not None:
            cache.close()
            if cache.failure:
                report.warnings.append(cache.failure)

    state = store_state(store)
    digests = article_graphs(store)
    report.store_articles = len(digests)
    changed = bool(report.added or report.replaced or report.removed)
    try:
        if changed or not outputs_are_current(out, state):
            try:
                report.contents = _write_outputs(store, out, state, memo=memo)
            except (OutputError, OSError) as exc:
                reason = exc if isinstance(exc, OutputError) else os_failure(exc)
                raise _AfterCommit(f"{reason}; the store holds this build but the files lag behind it: "
                                   f"fix that and run `kg repair {out}`") from None
            report.files_written = True
            report.repaired = repaired_note
        memo.keep(digests.values())
    finally:
        memo.close()
    del store


class _AfterCommit(BuildError):
    """Writing the files failed after the store was committed (the next build or kg repair mends them)."""


def repair(out: str | Path) -> bool:
    """Regenerate the files of the build folder ``out`` from its store when they lag behind it
    (an interrupted build); True when something was repaired."""
    from kg.rdf.records import RecordMemo
    from kg.rdf.store import StoreError, open_store, store_state

    out = Path(out)
    with _FolderLock(out):
        try:
            store = open_store(out / "store")
        except StoreError as exc:
            raise BuildError(str(exc)) from None
        state = store_state(store)
        if outputs_are_current(out, state):
            return False
        memo = RecordMemo(out / RECORDS)
        try:
            _write_outputs(store, out, state, memo=memo)
        except OutputError as exc:
            raise BuildError(str(exc)) from None
        finally:
            memo.close()
        return True
