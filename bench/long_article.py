"""Extraction time against article length: is one article's cost linear in its length?

Builds long Arabic articles from the bundled ones (data/articles/): their texts one after
the other, again and again, with the given names of each copy drawn afresh from
data/gazetteers/given_names.tsv (a fixed seed), so that a long article names many
different people, as a real long one does, rather than the same few again.  It times
the extraction (the shipped extractor, budget off) of

- an article of about ``--size`` MB (default 1) and one of twice that, and prints the
  ratio of their times: linear cost gives about 2 (the target is at most 2.2);
- a single line of about 363 KB: the same text with its newlines made spaces;
- the same line without full stops either, which only the sentence-length cap splits.

    .venv/bin/python bench/long_article.py [--size 1.0] [--no-single-line]

No assertion: it prints figures.
"""
from __future__ import annotations

import sys

# Run as a script, this folder comes first on sys.path, and bench/html.py would shadow the standard library's html.
if sys.path and sys.path[0] and __file__.startswith(sys.path[0]):
    sys.path.pop(0)

import argparse
import random
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"[\u0621-\u064a]+")


def bundled_texts() -> list[str]:
    from kg.ingest import InputError, read_articles

    paths = sorted(p for p in (ROOT / "data" / "articles").iterdir() if p.suffix in (".txt", ".jsonl", ".html"))
    return [a.text for a in read_articles(paths) if not isinstance(a, InputError)]


def given_names() -> list[str]:
    lines = (ROOT / "data" / "gazetteers" / "given_names.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return [row[0] for row in rows[1:] if row and _WORD.fullmatch(row[0])]


def long_text(size_bytes: int, seed: int = 0) -> str:
    """Bundled article texts, one after the other, until ``size_bytes`` of UTF-8; each copy's given
    names replaced by others drawn with ``seed``."""
    from kg.arabic import normalize

    rng = random.Random(seed)
    names = given_names()
    known = {normalize(n) for n in names}
    texts = bundled_texts()
    parts: list[str] = []
    size = 0
    while size < size_bytes:
        for text in texts:
            copy = _WORD.sub(lambda m: rng.choice(names) if normalize(m.group()) in known else m.group(), text)
            parts.append(copy)
            size += len(copy.encode("utf-8")) + 2
            if size >= size_bytes:
                break
    return "\n\n".join(parts)


def time_extraction(extractor, article_id: str, text: str) -> tuple[float, int, int]:
    from kg.model import Article

    start = time.perf_counter()
    extraction = extractor(Article(id=article_id, text=text))
    return time.perf_counter() - start, len(extraction.entities), len(extraction.relations)


def report(name: str, text: str, seconds: float, entities: int, relations: int) -> None:
    size = len(text.encode("utf-8"))
    print(f"{name:<32} {size / 1e6:6.2f} MB {len(text.split()):>8,} words  {seconds:7.1f} s "
          f"({1e6 * seconds / size:5.1f} s/MB)  {entities:,} entities, {relations:,} relations", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=float, default=1.0, help="MB of the shorter article (default 1)")
    parser.add_argument("--no-single-line", action="store_true", help="leave the single-line cases out")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from kg.extract.pipeline import Extractor
    from kg.model import Article

    extractor = Extractor(budget=None)
    extractor(Article(id="warm-up", text=bundled_texts()[0]))  # lazy loads and caches
    one = long_text(int(args.size * 1e6))
    two = long_text(int(2 * args.size * 1e6))
    t1 = time_extraction(extractor, "long-1", one)
    report(f"{args.size:g} MB article", one, *t1)
    t2 = time_extraction(extractor, "long-2", two)
    report(f"{2 * args.size:g} MB article", two, *t2)
    print(f"time ratio for twice the length: {t2[0] / t1[0]:.2f} (target <= 2.2)")
    if not args.no_single_line:
        line = long_text(363_000).replace("\n", " ")
        report("363 KB on one line", line, *time_extraction(extractor, "one-line", line))
        bare = re.sub(r"[.!?؟…]", " ", line)
        report("363 KB on one line, no stops", bare, *time_extraction(extractor, "no-stops", bare))
    return 0


if __name__ == "__main__":
    sys.exit(main())
