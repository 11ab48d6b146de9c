"""Synthetic corpora for the scale benchmarks: the bundled articles, copied with varied names so the graph grows.

Copy ``n`` of the bundled articles (data/articles) gets the id ``<id>-<n>`` and
its given names (the words of data/gazetteers/given_names.tsv found in it)
swapped for others, chosen from ``n``, so persons differ from copy to copy and
the graph grows with the corpus.  The corpus is written as one JSON Lines file
(streamed: memory stays flat whatever the size) and is the same for the same
``n`` on any checkout.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from kg.data import read_tsv
from kg.ingest import read_articles

ROOT = Path(__file__).resolve().parents[1]


def _seed_articles():
    paths = sorted(p for p in (ROOT / "data" / "articles").iterdir() if p.suffix in (".txt", ".jsonl", ".html"))
    return [a for a in read_articles(paths) if not isinstance(a, Exception)]


def write_corpus(path: Path, size: int) -> Path:
    """Write ``size`` articles to the JSON Lines file ``path``; return it."""
    names = sorted({row["name"] for row in read_tsv("gazetteers/given_names.tsv") if len(row["name"]) > 2})
    pattern = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w])")
    seeds = _seed_articles()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for n in range(size):
            seed = seeds[n % len(seeds)]
            shift = n // len(seeds)

            def swap(match: re.Match, shift=shift) -> str:
                index = names.index(match.group(1)) if match.group(1) in names else 0
                return names[(index + 7 * shift) % len(names)] if shift else match.group(1)

            record = {"id": f"{seed.id}-{n}", "text": pattern.sub(swap, seed.text), "title": pattern.sub(swap, seed.title),
                      "date": seed.date, "url": seed.url, "source": seed.publisher}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
