"""Extraction speed: articles per second for the whole extraction (`kg extract`'s work) on a batch.

The batch is the bundled articles of data/articles/ repeated (each copy its own id)
until it holds ``--articles`` articles (default 480), so the figure is reproducible on
any checkout.  It times, after one warm-up article, reading nothing from disk:

- the rules alone (no learned names, no relation model), for comparison;
- the rules with the CRF's names (data/models/ner.crfsuite);
- the extractor as shipped (CRF names, relation candidates and the relation model);

and prints articles/s and ms/article for each.  No assertion: it prints figures.

    .venv/bin/python bench/extract.py [--articles 480] [--no-learned]
"""
from __future__ import annotations

import sys

# Run as a script, this folder comes first on sys.path, and bench/html.py would shadow the standard library's html.
if sys.path and sys.path[0] and __file__.startswith(sys.path[0]):
    sys.path.pop(0)

import argparse
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def batch(size: int):
    from kg.ingest import read_articles

    paths = sorted(p for p in (ROOT / "data" / "articles").iterdir() if p.suffix in (".txt", ".jsonl", ".html"))
    articles = list(read_articles(paths))
    return [replace(articles[n % len(articles)], id=f"{articles[n % len(articles)].id}-{n}") for n in range(size)]


def measure(name: str, extractor, articles) -> None:
    extractor(articles[0])  # warm-up: lazy loads and caches
    start = time.perf_counter()
    relations = 0
    for article in articles:
        relations += len(extractor(article).relations)
    seconds = time.perf_counter() - start
    print(f"{name:<28} {len(articles) / seconds:8.1f} articles/s  {1000 * seconds / len(articles):7.1f} ms/article"
          f"  ({len(articles)} articles, {relations} relations, {seconds:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=480)
    parser.add_argument("--no-learned", action="store_true", help="leave the learned recogniser out")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from kg.extract.pipeline import Extractor

    articles = batch(args.articles)
    words = sum(len(a.text.split()) for a in articles)
    print(f"batch: {len(articles)} articles, {words} words ({words / len(articles):.0f} a article)")
    measure("rules alone", Extractor(rules_only=True, recognizers=()), articles)
    if args.no_learned:
        measure("rules + relation model", Extractor(recognizers=()), articles)
    else:
        measure("rules + learned names", Extractor(rules_only=True), articles)
        measure("shipped (+ relation model)", Extractor(), articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
