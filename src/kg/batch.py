"""Read and extract a batch of article files, with one error policy, a cache and parallel workers.

``extract_batch`` is what ``kg extract``, ``kg build``, kg.analysis and the
scripts share: every readable article comes out as an ``ArticleResult`` (its
named graph as N-Triples lines, and its scorer record when asked), every bad
input as one ``InputError``, in the order of the inputs, whatever the number of
workers.  Results are the same with one worker or many, with the cache or
without: a worker runs the same Extractor on the same article.

The cache (``ExtractionCache``, an SQLite file) maps an article's content and
the extractor's fingerprint (kg's code, its data files and the options) to the
result, so an unchanged article skips the whole pipeline on the next build; any
change of code, data or options misses it.
"""
from __future__ import annotations

import concurrent.futures as futures
import hashlib
import json
import multiprocessing
import os
import sqlite3
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from kg.ingest import InputError, find_article_files, read_articles
from kg.model import Article

__all__ = ["ExtractorSpec", "ModelError", "ArticleResult", "ExtractionCache", "extract_batch", "count_inputs"]

#: Articles a worker extracts per task: one task per article spends about a fifth of a core on sending
#: articles and results between processes (measured with 2 workers); a chunk shares that cost.
_CHUNK = 16
#: Chunks handed to the workers ahead of the one being collected, per worker (bounds memory).
_AHEAD_PER_WORKER = 3


class ModelError(Exception):
    """A model the options ask for is missing or unreadable; the message says how to get it."""


@dataclass(frozen=True)
class ExtractorSpec:
    """Which Extractor to run, as plain values a worker process can rebuild it from."""

    ner: str = "crf"
    camel_model: str | None = None
    morphology: str = "none"
    rules_only: bool = False

    def load(self):
        """The Extractor these options describe; ModelError when a model is missing."""
        from kg.extract import pipeline

        return pipeline.Extractor(recognizers=self._recognizers(), lemmatizer=self._lemmatizer(),
                                  rules_only=self.rules_only)

    def _recognizers(self) -> tuple:
        if self.ner not in ("crf", "rules", "camelbert"):
            raise ModelError(f"unknown recogniser {self.ner!r}; use crf, rules or camelbert")
        if self.ner != "camelbert":
            if self.camel_model:
                raise ModelError("--camel-model is used only by the CAMeLBERT recogniser; add --ner camelbert")
            if self.ner == "rules":
                return ()
            from kg.extract.learned_ner import LearnedRecognizer, ModelMissingError

            try:
                return (LearnedRecognizer.load(),)
            except (ModelMissingError, ValueError) as exc:
                raise ModelError(str(exc)) from None
        from kg.camel_data import CamelDataError
        from kg.extract.camel_ner import CamelBertRecognizer

        try:
            return (CamelBertRecognizer.load(self.camel_model),)
        except CamelDataError as exc:
            raise ModelError(str(exc)) from None

    def _lemmatizer(self):
        if self.morphology == "none":
            return None
        from kg.camel_data import CamelDataError
        from kg.morphology import MorphologyLemmatizer

        try:
            return MorphologyLemmatizer.load(None if self.morphology == "builtin" else self.morphology)
        except (CamelDataError, FileNotFoundError, ValueError) as exc:
            raise ModelError(str(exc)) from None

    def fingerprint(self) -> str:
        """A hash of everything the results depend on: these options, kg's code and its data files."""
        digest = hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode())
        digest.update(_code_and_data_digest().encode())
        for extra in (self.camel_model, None if self.morphology in ("none", "builtin") else self.morphology):
            if extra:
                digest.update(_tree_digest(Path(extra)).encode())
        return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_and_data_digest() -> str:
    import kg
    from kg import __version__
    from kg.data import data_dir

    data = data_dir()
    digest = hashlib.sha256(__version__.encode())
    digest.update(_tree_digest(Path(kg.__file__).parent, suffixes=(".py",)).encode())
    digest.update(_tree_digest(data, skip=(data / "articles",)).encode())
    return digest.hexdigest()


def _tree_digest(root: Path, suffixes: tuple[str, ...] = (), skip: tuple[Path, ...] = ()) -> str:
    digest = hashlib.sha256()
    paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for path in paths:
        if any(path.is_relative_to(s) for s in skip) or (suffixes and path.suffix not in suffixes):
            continue
        digest.update(str(path.relative_to(root) if path != root else path.name).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class ArticleResult:
    """One extracted article: its named graph (sorted N-Triples lines and their digest) and scorer record."""

    article_id: str
    source: str
    lines: tuple[str, ...]
    digest: str
    record: dict | None = None
    cached: bool = False
    #: the graph's record as the store gives it back (kg.rdf.records.graph_record), when known
    graph_record: dict | None = None
    #: the result as ExtractionCache stores it (cache_value), made by the worker that extracted it so
    #: that the process which writes the cache spends no time on it; empty when not made yet
    cache_blob: bytes = field(default=b"", compare=False, repr=False)

    def graph(self):
        """The article's graph for kg.rdf.store.ingest."""
        from kg.rdf.store import ArticleGraph

        return ArticleGraph(self.article_id, self.lines, self.digest)


def _result(extraction, with_record: bool, with_graph: bool = True) -> ArticleResult:
    """The result of one extraction; without ``with_graph`` it carries no graph lines (``kg extract`` prints
    only records, and describing the article in RDF is a quarter of its work)."""
    from kg.rdf.graph import article_graph_iri, article_triples
    from kg.rdf.records import triples_record
    from kg.rdf.store import GRAPH_PREFIX, lines_digest, triple_lines_and_terms
    from kg.records import extraction_record

    graph_iri = str(article_graph_iri(extraction.article))
    lines, triples = triple_lines_and_terms(article_triples(extraction)) if with_graph else ((), ())
    return ArticleResult(graph_iri[len(GRAPH_PREFIX):], extraction.article.source, tuple(lines),
                         lines_digest(lines) if with_graph else "",
                         extraction_record(extraction) if with_record else None,
                         graph_record=triples_record(graph_iri, triples) if with_graph else None)


# ---------------------------------------------------------------- the cache

class ExtractionCache:
    """Results by article content and extractor fingerprint, in one SQLite file (written by one process)."""

    def __init__(self, path: str | Path, fingerprint: str):
        self.path = Path(path)
        self.fingerprint = fingerprint
        self.hits = 0
        #: why the cache stopped taking results, if it did (the build goes on without it)
        self.failure = ""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB)")
        except sqlite3.DatabaseError as exc:
            from kg.files import OutputError

            raise OutputError(f"{self.path}: not a usable cache ({exc}); delete it, kg rebuilds it") from None

    def key(self, article: Article) -> str:
        fields = [self.fingerprint, article.id, article.text, article.title, article.date, article.url,
                  article.publisher, article.source]
        return hashlib.sha256("\x1f".join(fields).encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, article: Article, with_record: bool) -> ArticleResult | None:
        try:
            row = self._db.execute("SELECT value FROM results WHERE key = ?", (self.key(article),)).fetchone()
        except sqlite3.DatabaseError:
            return None  # a damaged cache only costs the extraction
        if row is None:
            return None
        value = json.loads(zlib.decompress(row[0]))
        if with_record and value["record"] is None:
            return None
        self.hits += 1
        return ArticleResult(article.id, article.source, tuple(value["lines"]), value["digest"],
                             value["record"] if with_record else None, cached=True,
                             graph_record=value.get("graph_record"))

    def put(self, article: Article, result: ArticleResult) -> None:
        """Remember ``result``; a cache that cannot be written (a full disk) is given up, not fatal."""
        if self.failure:
            return
        try:
            self._db.execute("INSERT OR REPLACE INTO results VALUES (?, ?)",
                             (self.key(article), result.cache_blob or cache_value(result)))
        except sqlite3.Error as exc:
            self.failure = f"{self.path}: the extraction cache could not be written ({exc}); results were not cached"

    def close(self) -> None:
        try:
            self._db.commit()
        except sqlite3.Error as exc:
            self.failure = self.failure or f"{self.path}: the extraction cache could not be written ({exc})"
        self._db.close()


def cache_value(result: ArticleResult) -> bytes:
    """``result`` as ExtractionCache keeps it: its lines, digest and records as compressed JSON."""
    value = {"lines": result.lines, "digest": result.digest, "record": result.record,
             "graph_record": result.graph_record}
    return zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"), 1)


# ---------------------------------------------------------------- workers

_WORKER_EXTRACTOR = None


def _start_worker(spec: ExtractorSpec) -> None:
    global _WORKER_EXTRACTOR
    _WORKER_EXTRACTOR = spec.load()


def extract_one(extractor, article: Article, with_record: bool, with_graph: bool = True) -> ArticleResult | InputError:
    """``extractor`` on ``article``; any failure is an InputError naming the article's file."""
    try:
        return _result(extractor(article), with_record, with_graph)
    except InputError as err:
        return err
    except Exception as exc:  # one article's failure must not stop the batch
        return InputError(article.source, f"extraction failed ({type(exc).__name__}: {exc}); please report it")


def _run_in_worker(articles: list[Article], with_record: bool, with_graph: bool = True,
                   for_cache: bool = False) -> list[ArticleResult | InputError]:
    results = [extract_one(_WORKER_EXTRACTOR, article, with_record, with_graph) for article in articles]
    if for_cache:  # compressing a result costs about a millisecond, which the collecting process is spared
        results = [replace(r, cache_blob=cache_value(r)) if isinstance(r, ArticleResult) else r for r in results]
    return results


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many articles ``paths`` hold, roughly: one per file, one per non-empty line of a .jsonl file."""
    count = 0
    for item in find_article_files(paths):
        if isinstance(item, InputError):
            count += 1
        elif item.suffix.lower() == ".jsonl":
            try:
                with item.open("rb") as fh:
                    count += sum(1 for line in fh if line.strip())
            except OSError:
                count += 1
        else:
            count += 1
    return count


def unique_articles(paths: Iterable[str | Path]) -> Iterator[Article | InputError]:
    """The articles under ``paths``; a second article with an id already seen is an InputError."""
    seen: dict[str, str] = {}
    for item in read_articles(paths):
        if isinstance(item, Article):
            if item.id in seen:
                item = InputError(item.source, f"article id {item.id!r} already used by {seen[item.id]}; rename one")
            else:
                seen[item.id] = item.source
        yield item


def extract_batch(paths: Iterable[str | Path], spec: ExtractorSpec = ExtractorSpec(), *, jobs: int = 1,
                  cache: ExtractionCache | None = None, with_record: bool = False,
                  extractor=None, with_graph: bool = True) -> Iterator[ArticleResult | InputError]:
    """Every article under ``paths`` as an ArticleResult, every bad input as an InputError, in input order.

    ``jobs`` > 1 runs the extraction in that many worker processes (each loads ``spec`` once);
    ``extractor`` is ``spec`` already loaded (used with one process; with several, it means the models
    were found).  Without ``with_graph`` results carry records only, no graph lines, and no cache is used.
    Raises ModelError before reading anything when a model ``spec`` names is missing."""
    if not with_graph and cache is not None:
        raise ValueError("extract_batch: a cache keeps graph lines; pass with_graph=True with a cache")
    items = unique_articles(paths)
    if jobs <= 1:
        extractor = extractor or spec.load()
        for item in items:
            if isinstance(item, InputError):
                yield item
                continue
            hit = cache.get(item, with_record) if cache else None
            result = hit or extract_one(extractor, item, with_record, with_graph)
            if cache and hit is None and isinstance(result, ArticleResult):
                cache.put(item, result)
            yield result
        return
    if extractor is None:
        spec.load()  # a missing model fails here, once, not in every worker
    context = multiprocessing.get_context("forkserver")
    with futures.ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                                     initargs=(spec,)) as pool:
        chunks = _Chunks(pool, with_record, with_graph, for_cache=cache is not None)
        pending: deque = deque()  # (item, its result, or its chunk and place in it), in input order
        for item in items:
            hit = cache.get(item, with_record) if isinstance(item, Article) and cache is not None else None
            pending.append((item, hit or (chunks.add(item) if isinstance(item, Article) else item)))
            # what is ready (a cache hit, a bad input) goes out at once; a result waits for its chunk,
            # with a bounded number of chunks, and of articles, ahead of it
            while pending and (not isinstance(pending[0][1], tuple) or chunks.submitted > jobs * _AHEAD_PER_WORKER
                               or len(pending) > jobs * _AHEAD_PER_WORKER * _CHUNK):
                yield _collect(pending.popleft(), chunks, cache)
        while pending:
            yield _collect(pending.popleft(), chunks, cache)


class _Chunks:
    """Articles sent to the workers ``_CHUNK`` at a time; ``submitted`` counts the chunks not yet collected."""

    def __init__(self, pool: futures.Executor, with_record: bool, with_graph: bool, for_cache: bool):
        self._pool, self._options = pool, (with_record, with_graph, for_cache)
        self._filling: list[Article] = []
        self._futures: dict[int, futures.Future] = {}
        self._number = 0  # of the chunk being filled
        self.submitted = 0

    def add(self, article: Article) -> tuple[int, int]:
        """Queue ``article``; its (chunk, place) for ``result``."""
        self._filling.append(article)
        place = (self._number, len(self._filling) - 1)
        if len(self._filling) == _CHUNK:
            self._submit()
        return place

    def result(self, place: tuple[int, int]) -> ArticleResult | InputError:
        number, index = place
        if number == self._number:
            self._submit()  # collecting from the chunk being filled: send it as it is
        future = self._futures[number]
        results = future.result()
        if index == len(results) - 1:
            del self._futures[number]
            self.submitted -= 1
        return results[index]

    def _submit(self) -> None:
        self._futures[self._number] = self._pool.submit(_run_in_worker, self._filling, *self._options)
        self._filling, self._number = [], self._number + 1
        self.submitted += 1


def _collect(entry, chunks: _Chunks, cache: ExtractionCache | None) -> ArticleResult | InputError:
    item, outcome = entry
    if isinstance(outcome, tuple):
        outcome = chunks.result(outcome)
        if cache is not None and isinstance(outcome, ArticleResult):
            cache.put(item, outcome)
    return outcome


def default_jobs() -> int:
    """The machine's cores (what ``--jobs`` defaults to)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
