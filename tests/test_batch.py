"""extract_batch: the same results in the same order with one worker or several, articles sent in chunks."""
from __future__ import annotations

import pytest

from build_faults import ONE, THREE, TWO, write_articles
from kg import batch
from kg.batch import ArticleResult, ExtractionCache, ExtractorSpec, extract_batch
from kg.ingest import InputError


@pytest.fixture
def inputs(tmp_path):
    texts = {f"a{n:02d}": text for n, text in enumerate([ONE, TWO, THREE] * 4)}
    folder = write_articles(tmp_path / "articles", texts)
    (folder / "a04.txt").write_bytes(b"")  # bad inputs among the good: each stays in its place
    (folder / "a09.txt").write_bytes(b"\xff\xfe\x00binary")
    return folder


def outcomes(items) -> list:
    return [(type(i).__name__, i.source, i.lines, i.record) if isinstance(i, ArticleResult) else str(i) for i in items]


def test_several_workers_and_small_chunks_keep_the_order_and_the_results(inputs, tmp_path, monkeypatch):
    spec = ExtractorSpec(ner="rules")
    alone = outcomes(extract_batch([inputs], spec, jobs=1, with_record=True))
    assert sum(isinstance(o, str) for o in alone) == 2 and len(alone) == 12
    # every third article already cached: cache hits, errors and chunks of 2 interleave
    cache = ExtractionCache(tmp_path / "cache.sqlite", spec.fingerprint())
    for n, item in enumerate(extract_batch([inputs], spec, jobs=1, with_record=True)):
        if n % 3 == 0 and isinstance(item, ArticleResult):
            article = next(a for a in batch.unique_articles([inputs]) if getattr(a, "id", None) == item.article_id)
            cache.put(article, item)
    monkeypatch.setattr(batch, "_CHUNK", 2)
    monkeypatch.setattr(batch, "_AHEAD_PER_WORKER", 1)
    together = list(extract_batch([inputs], spec, jobs=2, with_record=True, cache=cache))
    assert outcomes(together) == alone
    assert sum(i.cached for i in together if isinstance(i, ArticleResult)) == 3
    assert [i.path.rsplit("/", 1)[-1] for i in together if isinstance(i, InputError)] == ["a04.txt", "a09.txt"]


def test_an_article_that_fails_in_a_worker_comes_back_as_its_one_line_error():
    # a worker sends its errors back pickled; a frozen exception that cannot be rebuilt broke the whole pool
    import pickle

    from kg.extract.pipeline import ArticleTooCostly

    for error in (InputError("a.txt", "not UTF-8"), ArticleTooCostly("b.jsonl:3", "took more than 300 s")):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and str(back) == str(error) and back == error


def test_an_input_error_crosses_a_dask_worker_too():
    # distributed installs tblib's pickling of exceptions, which also sets __cause__ and the traceback
    import pickle

    from tblib import pickling_support

    pickling_support.install()
    error = InputError("a.txt", "not UTF-8")
    back = pickle.loads(pickle.dumps(error))
    assert str(back) == "a.txt: not UTF-8" and back == error


def test_results_go_out_as_they_are_ready_not_after_the_whole_input(inputs, tmp_path, monkeypatch):
    # every article from the cache: nothing goes to the workers, and nothing may pile up either
    spec = ExtractorSpec(ner="rules")
    cache = ExtractionCache(tmp_path / "cache.sqlite", spec.fingerprint())
    articles = [a for a in batch.unique_articles([inputs]) if not isinstance(a, InputError)]
    done = [r for r in extract_batch([inputs], spec, jobs=1) if isinstance(r, ArticleResult)]
    for article, result in zip(articles, done, strict=True):
        cache.put(article, result)
    read = []

    def counted(paths):
        for item in articles:
            read.append(item)
            yield item

    monkeypatch.setattr(batch, "unique_articles", counted)
    monkeypatch.setattr(batch, "_CHUNK", 2)
    results = extract_batch([inputs], spec, jobs=2, cache=cache)
    first = next(results)
    assert first.cached and len(read) == 1
    assert len([first, *results]) == len(articles) == 10


def test_what_the_workers_cache_reads_back_as_the_result_one_job_gives(inputs, tmp_path):
    # the workers compress a result for the cache; the next build must get the same lines and records
    spec = ExtractorSpec(ner="rules")
    alone = outcomes(extract_batch([inputs], spec, jobs=1, with_record=True))
    cache = ExtractionCache(tmp_path / "cache.sqlite", spec.fingerprint())
    first = list(extract_batch([inputs], spec, jobs=2, with_record=True, cache=cache))
    assert not any(getattr(i, "cached", False) for i in first)
    again = list(extract_batch([inputs], spec, jobs=2, with_record=True, cache=cache))
    assert sum(i.cached for i in again if isinstance(i, ArticleResult)) == 10
    assert outcomes(again) == outcomes(first) == alone
    assert [i.graph_record for i in again if isinstance(i, ArticleResult)] == \
        [i.graph_record for i in first if isinstance(i, ArticleResult)]
