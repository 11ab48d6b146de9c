#!/usr/bin/env python3
"""Measure kg's mention finder on labelled Arabic newswire (ANERcorp, NewsFANE Gold, Wojood).

    python bench/ner_corpora.py [CORPORA_DIR] [--limit N]

CORPORA_DIR defaults to ../shared/corpora next to the repository (see its README;
the corpora are read, never copied into kg).  Each corpus sentence is rebuilt by
joining its tokens with spaces, gold person/location/organisation spans become
character spans, and kg's mentions (after overlap resolution) are compared to them:

- exact: same start and end (kg drops proclitics such as و and ب, which these
  corpora keep inside the token, so exact scores run low for that reason alone);
- overlap: the spans share a character and the types agree.

Annotation conventions differ from kg's (ANERcorp tags nationality adjectives and
event names differently, NewsFANE splits types finely), so read the figures as a
check of the recogniser's reach on unseen newswire, not as an NER benchmark.
Prints precision, recall and F1 per type and corpus, and the time taken.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: corpus label (after B-/I-) -> kg entity type
ANERCORP = {"PERS": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}
NEWSFANE_PERSON = ("Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist",
                   "Businessperson", "Lawyer", "Engineer", "Police", "Military")
NEWSFANE = {
    **{label: "PERSON" for label in NEWSFANE_PERSON if label not in ("Police", "Military")},
    "Nation": "LOCATION", "Population-Center": "LOCATION", "State-or-Province": "LOCATION",
    "Continent": "LOCATION", "Region-General": "LOCATION", "County-or-District": "LOCATION",
    "Government": "ORGANIZATION", "Police": "ORGANIZATION", "Military": "ORGANIZATION",
    "Non-Governmental": "ORGANIZATION", "Commercial": "ORGANIZATION", "Educational": "ORGANIZATION",
    "Media": "ORGANIZATION", "Sports": "ORGANIZATION", "Religious": "ORGANIZATION",
}
WOJOOD = {"PERS": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "ORG": "ORGANIZATION", "EVENT": "EVENT"}


def read_conll(path: Path, mapping: dict[str, str], column: int = 1) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Sentences as (text, gold spans) from ``token LABEL`` lines."""
    sentences = []
    tokens: list[tuple[str, str]] = []

    def flush() -> None:
        if not tokens:
            return
        text, spans, offset = [], [], 0
        current: list | None = None
        for word, label in tokens:
            start = offset
            offset += len(word) + 1
            text.append(word)
            tag, _, kind = label.partition("-")
            kind = mapping.get(kind)
            if tag == "B" and kind:
                current = [start, start + len(word), kind]
                spans.append(current)
            elif tag == "I" and kind and current and current[2] == kind:
                current[1] = start + len(word)
            else:
                current = None
        sentences.append((" ".join(text), [tuple(s) for s in spans]))
        tokens.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        parts = re.split(r"[\t ]+", line.strip())
        if len(parts) <= column:
            flush()
            continue
        tokens.append((parts[0], parts[column]))
    flush()
    return sentences


def score(sentences, extractor_parts, limit: int) -> dict[str, Counter]:
    from kg.arabic import split_sentences
    from kg.extract.resolve import select_mentions
    from kg.model import Article

    find_mentions = extractor_parts
    counts: dict[str, Counter] = {}
    for n, (text, gold) in enumerate(sentences[:limit]):
        document = split_sentences(Article(id=f"s{n}", text=text))
        found = [(m.span.start, m.span.end, m.type.value) for m in select_mentions(find_mentions(document).mentions)]
        found = [f for f in found if f[2] in ("PERSON", "LOCATION", "ORGANIZATION", "EVENT")]
        for kind in {g[2] for g in gold} | {f[2] for f in found}:
            c = counts.setdefault(kind, Counter())
            g_kind = [g for g in gold if g[2] == kind]
            f_kind = [f for f in found if f[2] == kind]
            c["gold"] += len(g_kind)
            c["found"] += len(f_kind)
            c["exact"] += len(set(g_kind) & set(f_kind))
            c["overlap_found"] += sum(any(f[0] < g[1] and g[0] < f[1] for g in g_kind) for f in f_kind)
            c["overlap_gold"] += sum(any(f[0] < g[1] and g[0] < f[1] for f in f_kind) for g in g_kind)
    return counts


def prf(right_found: int, found: int, right_gold: int, gold: int) -> str:
    p = right_found / found if found else 0.0
    r = right_gold / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpora", nargs="?", default=str(ROOT.parent / "shared" / "corpora"))
    ap.add_argument("--limit", type=int, default=100_000, help="sentences per corpus (default: all)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from kg.extract.gazetteer import load_gazetteer
    from kg.extract.lexicon import load_lexicon
    from kg.extract.rules import MentionFinder

    corpora = Path(args.corpora)
    finder = MentionFinder(load_gazetteer(), load_lexicon())
    sets = [
        ("ANERcorp train", corpora / "anercorp" / "train.txt", ANERCORP, 1),
        ("NewsFANE Gold", corpora / "newsfane_gold" / "NewsFANE_Gold_clean.conll", NEWSFANE, 1),
        ("Wojood sample", corpora / "wojood_sample" / "train.txt", WOJOOD, 1),
    ]
    for name, path, mapping, column in sets:
        if not path.exists():
            print(f"{name}: {path} not found; pass the corpora folder as argument")
            continue
        sentences = read_conll(path, mapping, column)
        started = time.perf_counter()
        counts = score(sentences, finder, args.limit)
        seconds = time.perf_counter() - started
        shown = min(len(sentences), args.limit)
        print(f"{name}: {shown} sentences in {seconds:.1f} s ({shown / seconds:.0f} sentences/s)")
        for kind in ("PERSON", "LOCATION", "ORGANIZATION", "EVENT"):
            c = counts.get(kind)
            if not c or not c["gold"]:
                continue
            print(f"  {kind:<13} gold {c['gold']:>5}  exact   {prf(c['exact'], c['found'], c['exact'], c['gold'])}")
            print(f"  {'':<13} found {c['found']:>4}  overlap {prf(c['overlap_found'], c['found'], c['overlap_gold'], c['gold'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
