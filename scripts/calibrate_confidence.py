#!/usr/bin/env python3
"""Measure each relation rule's precision on an annotated set and write data/lexicon/rule_confidence.tsv.

    python scripts/calibrate_confidence.py [EVAL_DIR]      # default ../shared/eval

EVAL_DIR holds dev/*.txt, dev/gold.jsonl and score.py (the project's scorer).  A
rule's confidence is its Laplace-smoothed precision (right + 1) / (fired + 2), so a
rule seen only a few times gets a modest confidence rather than a perfect one.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "data" / "lexicon" / "rule_confidence.tsv"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from kg.extract.pipeline import Extractor
    from kg.ingest import read_articles
    from kg.records import extraction_record

    eval_dir = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "eval"
    spec = importlib.util.spec_from_file_location("score", eval_dir / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = {a["id"]: a for a in score.load_records(str(eval_dir / "dev" / "gold.jsonl"))}
    extractor = Extractor(rules_only=True)  # the rules alone: what their confidence measures
    right: Counter[str] = Counter()
    fired: Counter[str] = Counter()
    for article in read_articles(sorted((eval_dir / "dev").glob("*.txt"))):
        record = extraction_record(extractor(article))
        g = gold.get(article.id)
        if g is None:
            continue
        mapping = score._align(g, record)
        truth = {score._key(r["s"], r["p"], r["o"]) for r in g["relations"]}
        for rel in record["relations"]:
            s, o = mapping.get(rel["subject"]), mapping.get(rel["object"])
            fired[rel["rule"]] += 1
            right[rel["rule"]] += bool(s and o and score._key(s, rel["predicate"], o) in truth)
    lines = ["# Confidence of each relation rule: Laplace-smoothed precision (right + 1) / (fired + 2)",
             "# measured on the dev set by scripts/calibrate_confidence.py. Rules not seen there keep 0.5.",
             "rule\tconfidence\tright\tfired"]
    for rule in sorted(fired):
        lines.append(f"{rule}\t{(right[rule] + 1) / (fired[rule] + 2):.2f}\t{right[rule]}\t{fired[rule]}")
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[2:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
