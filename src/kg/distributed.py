"""Extraction past one machine: article chunks mapped over a Dask cluster's workers, graphs back as N-Quads shards.

``extract_on_cluster`` reads the inputs on the client (bad inputs become
InputErrors there, as in kg.batch), cuts the articles into chunks and maps
``extract_chunk`` over them with ``dask.distributed``.  Each worker loads the
Extractor once (from the picklable ExtractorSpec), extracts its chunk and
writes the chunk's article graphs to one N-Quads shard in ``shard_dir``
(a folder every worker and the client can reach: a shared disk, or the local
one for a LocalCluster); it sends back only each article's id, digest and line
count.  The client reads the shards back in input order as ArticleGraphs, so
kg.build loads them exactly as it loads a local extraction: the same store and
the same files as a local build, whatever the number of workers.

Dask (not Ray): kg's work is a plain map over independent chunks with small
results, which ``Client.map`` does on any dask.distributed scheduler (a
LocalCluster, SSH, Kubernetes, HPC job queues via dask-jobqueue) with no
actor model or object store to run.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.batch import ArticleResult, ExtractorSpec, extract_one, unique_articles
from kg.ingest import InputError
from kg.model import Article

__all__ = ["extract_on_cluster", "extract_chunk", "read_shard", "ClusterError"]

#: Articles per task: big enough to amortise the task overhead, small enough to spread over workers.
CHUNK = 64
_WORKER_EXTRACTORS: dict[ExtractorSpec, object] = {}


class ClusterError(Exception):
    """The Dask cluster cannot be reached or used; the message says what to check."""


def extract_chunk(spec: ExtractorSpec, articles: list[Article], shard: str) -> list[tuple]:
    """On a worker: extract ``articles`` and write their graphs to the N-Quads file ``shard``.

    Returns, per article, ``("ok", id, source, digest, lines)`` or ``("error", path, reason)``."""
    extractor = _WORKER_EXTRACTORS.get(spec)
    if extractor is None:
        extractor = _WORKER_EXTRACTORS[spec] = spec.load()
    summary: list[tuple] = []
    tmp = Path(shard + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for article in articles:
            result = extract_one(extractor, article, False)
            if isinstance(result, InputError):
                summary.append(("error", result.path, result.reason))
                continue
            for quad, _ in result.graph().quad_lines():
                fh.write(f"{quad}\n")
            summary.append(("ok", result.article_id, result.source, result.digest, len(result.lines)))
    tmp.replace(shard)
    return summary


def read_shard(shard: Path, summary: list[tuple]) -> Iterator[ArticleResult | InputError]:
    """The results ``extract_chunk`` wrote to ``shard``, in its order."""
    with shard.open(encoding="utf-8") as fh:
        for entry in summary:
            if entry[0] == "error":
                yield InputError(entry[1], entry[2])
                continue
            _, article_id, source, digest, count = entry
            suffix_length = len(f"<{_graph_iri(article_id)}> .")
            lines = tuple(fh.readline()[:-1][:-suffix_length] + "." for _ in range(count))
            yield ArticleResult(article_id, source, lines, digest)


def _graph_iri(article_id: str) -> str:
    from kg.rdf.store import GRAPH_PREFIX

    return GRAPH_PREFIX + article_id


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_on_cluster(paths: Iterable[str | Path], spec: ExtractorSpec, scheduler: str, shard_dir: str | Path,
                       *, chunk: int | None = None) -> Iterator[ArticleResult | InputError]:
    """Every article under ``paths`` extracted on the Dask cluster at ``scheduler`` (an address such as
    tcp://10.0.0.5:8786, or a ``distributed.Client``/LocalCluster object), in input order."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--engine dask needs dask.distributed: pip install 'dask[distributed]'") from None
    spec.load()  # a missing model fails here, not on every worker
    shard_dir = Path(shard_dir)
    shard_dir.mkdir(parents=True, exist_ok=True)
    try:
        client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); check the address "
                           "(dask scheduler prints it) and that this machine can connect to it") from None
    owned = client is not scheduler
    window = 4 * max(1, len(client.scheduler_info().get("workers", {})))
    try:
        pending: deque = deque()  # (inputs of the chunk, shard, future), in input order
        for number, group in enumerate(_chunks(unique_articles(paths), chunk or CHUNK)):
            articles = [a for a in group if isinstance(a, Article)]
            shard = shard_dir / f"part-{number:06d}.nq"
            future = client.submit(extract_chunk, spec, articles, str(shard), pure=False) if articles else None
            pending.append((group, shard, future))
            while len(pending) > window:  # bounded: memory stays flat however many articles
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    finally:
        if owned:
            client.close()


def _collect(group: list, shard: Path, future) -> Iterator[ArticleResult | InputError]:
    results = read_shard(shard, future.result()) if future is not None else iter(())
    for item in group:  # the input order: an error where the bad input was
        yield item if not isinstance(item, Article) else next(results)
    shard.unlink(missing_ok=True)
