#!/usr/bin/env python3
"""Measure kg's learned named-entity recogniser on held-out labelled Arabic newswire.

    python bench/ner_corpora.py [--corpora DIR] [--holdout-model FILE] [--rules] [--limit N]

Exact-span precision, recall and F1 per type (PERS, LOC, ORG) and micro-averaged,
with conlleval's semantics (a span counts only with the same first token, last
token and type; an I- label that continues nothing starts a span), on parts
the model did not train on:

(a) the last contiguous tenth of ANERcorp train, tagged by a model trained
    without it (``scripts/train_ner.py --holdout-tenth``): the bench trains it
    into a temporary file (a few minutes) unless --holdout-model gives one;
(b) the last tenth of NewsFANE Gold and Wojood's test file, which the shipped
    model (data/models/ner.crfsuite) never trained on.

Labels are mapped to ANERcorp's set as kg.extract.ner_corpora says (MISC,
nationality groups, facilities ... are O).  --rules also runs the older
measure of the rule-based mention finder (overlap and exact character spans
over all of each corpus; its conventions differ from the corpora's).
CORPORA_DIR defaults to ../shared/corpora next to the repository; the corpora
are read, never copied into kg.  Prints figures and timings; asserts nothing.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- the learned recogniser, exact spans

def span_counts(gold: list[tuple[str, ...]], predicted: list[list[str]]) -> dict[str, Counter]:
    """True positives, false positives and false negatives per type over exact spans."""
    from kg.extract.ner_corpora import TYPES, spans

    counts = {kind: Counter() for kind in TYPES}
    for gold_labels, predicted_labels in zip(gold, predicted, strict=True):
        gold_spans, found_spans = set(spans(gold_labels)), set(spans(predicted_labels))
        for kind, c in counts.items():
            g = {s for s in gold_spans if s[2] == kind}
            f = {s for s in found_spans if s[2] == kind}
            c["tp"] += len(g & f)
            c["fp"] += len(f - g)
            c["fn"] += len(g - f)
    return counts


def _prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def report_learned(name: str, recognizer, sentences) -> None:
    started = time.perf_counter()
    predicted = recognizer.tag([list(s.tokens) for s in sentences])
    seconds = time.perf_counter() - started
    tokens = sum(len(s.tokens) for s in sentences)
    counts = span_counts([s.labels for s in sentences], predicted)
    print(f"{name}: {len(sentences)} sentences, {tokens} tokens, tagged in {seconds:.1f} s "
          f"({tokens / seconds:,.0f} tokens/s)")
    for kind, c in [*counts.items(), ("micro", sum(counts.values(), Counter()))]:
        p, r, f = _prf(c)
        gold = c["tp"] + c["fn"]
        print(f"  {kind:<5} gold {gold:>5}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}")


def bench_learned(corpora: Path, holdout_model: Path | None) -> None:
    from kg.extract.learned_ner import LearnedRecognizer, train_model
    from kg.extract.ner_corpora import load_splits

    shipped = LearnedRecognizer.load()
    splits = load_splits(corpora, holdout_tenth=True)
    with tempfile.TemporaryDirectory() as tmp:
        if holdout_model is None:
            holdout_model = Path(tmp) / "ner-holdout-tenth.crfsuite"
            started = time.perf_counter()
            train_model(splits.training(), holdout_model)
            print(f"trained the model without ANERcorp's last tenth in {time.perf_counter() - started:.0f} s")
        report_learned("(a) ANERcorp train, last tenth (model trained without it)",
                       LearnedRecognizer.load(holdout_model), splits.anercorp_holdout)
    report_learned("(b) NewsFANE Gold, last tenth (shipped model)", shipped, splits.newsfane_heldout)
    report_learned("(b) Wojood sample, test.txt (shipped model)", shipped, splits.wojood_heldout)
    bench_speed(shipped)


def bench_speed(recognizer, articles_wanted: int = 480) -> None:
    """Time a batch like a real build: the bundled articles, split by kg.arabic, repeated to 480 articles."""
    from kg.arabic import split_sentences
    from kg.ingest import read_articles
    from kg.model import Article

    # .txt and .jsonl only: trafilatura (for .html) imports the stdlib's html, which bench/html.py shadows here
    files = sorted(p for p in (ROOT / "data" / "articles").iterdir() if p.suffix in (".txt", ".jsonl"))
    documents = [split_sentences(a) for a in read_articles(files) if isinstance(a, Article)]
    per_article = [[[t.text for t in sentence.tokens] for sentence in d.sentences] for d in documents]
    batch = [sentences for k in range(articles_wanted) for sentences in [per_article[k % len(per_article)]]]
    sentences = [s for article in batch for s in article]
    tokens = sum(len(s) for s in sentences)
    from kg.extract.learned_ner import LearnedRecognizer

    started = time.perf_counter()
    LearnedRecognizer.load(recognizer.path)
    load = time.perf_counter() - started
    started = time.perf_counter()
    recognizer.tag(sentences)
    seconds = time.perf_counter() - started
    print(f"speed: {articles_wanted} articles ({len(per_article)} bundled ones repeated), {len(sentences)} sentences, "
          f"{tokens} tokens tagged in {seconds:.1f} s ({tokens / seconds:,.0f} tokens/s); loading the model "
          f"took {load:.3f} s")


# ---------------------------------------------------------------- the rule-based mention finder (--rules)

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


def read_character_spans(path: Path, mapping: dict[str, str], column: int = 1) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Sentences as (text, gold character spans) from ``token LABEL`` lines."""
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


def score_rules(sentences, find_mentions, limit: int) -> dict[str, Counter]:
    from kg.arabic import split_sentences
    from kg.extract.resolve import select_mentions
    from kg.model import Article

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


def bench_rules(corpora: Path, limit: int) -> None:
    from kg.extract.gazetteer import load_gazetteer
    from kg.extract.lexicon import load_lexicon
    from kg.extract.rules import MentionFinder

    finder = MentionFinder(load_gazetteer(), load_lexicon())
    sets = [
        ("ANERcorp train", corpora / "anercorp" / "train.txt", ANERCORP, 1),
        ("NewsFANE Gold", corpora / "newsfane_gold" / "NewsFANE_Gold_clean.conll", NEWSFANE, 1),
        ("Wojood sample", corpora / "wojood_sample" / "train.txt", WOJOOD, 1),
    ]
    print("rule-based mention finder (kg.extract.rules), character spans:")
    for name, path, mapping, column in sets:
        if not path.exists():
            print(f"{name}: {path} not found; pass the corpora folder with --corpora")
            continue
        sentences = read_character_spans(path, mapping, column)
        started = time.perf_counter()
        counts = score_rules(sentences, finder, limit)
        seconds = time.perf_counter() - started
        shown = min(len(sentences), limit)
        print(f"{name}: {shown} sentences in {seconds:.1f} s ({shown / seconds:.0f} sentences/s)")
        for kind in ("PERSON", "LOCATION", "ORGANIZATION", "EVENT"):
            c = counts.get(kind)
            if not c or not c["gold"]:
                continue
            print(f"  {kind:<13} gold {c['gold']:>5}  exact   {prf(c['exact'], c['found'], c['exact'], c['gold'])}")
            print(f"  {'':<13} found {c['found']:>4}  overlap {prf(c['overlap_found'], c['found'], c['overlap_gold'], c['gold'])}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora",
                    help="folder with anercorp/, newsfane_gold/, wojood_sample/ (default: %(default)s)")
    ap.add_argument("--holdout-model", type=Path, default=None,
                    help="a model trained by `scripts/train_ner.py --holdout-tenth` (default: train one now)")
    ap.add_argument("--rules", action="store_true", help="also measure the rule-based mention finder")
    ap.add_argument("--limit", type=int, default=100_000, help="sentences per corpus for --rules (default: all)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    try:
        bench_learned(args.corpora, args.holdout_model)
    except FileNotFoundError as exc:
        print(f"ner_corpora: error: {exc}", file=sys.stderr)
        return 1
    if args.rules:
        bench_rules(args.corpora, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
