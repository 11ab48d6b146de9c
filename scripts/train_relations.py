#!/usr/bin/env python3
"""Train the relation model on annotated articles and report its scores by article folds.

    python scripts/train_relations.py [--eval DIR] [--folds 5] [--out data/models/relations.json] [--no-save]

DIR (default ../shared/eval) holds train/ and dev/, each with <id>.txt and gold.jsonl,
and score.py, the project's scorer.  The script

1. runs kg's mention, resolution and rule stages on every article and collects the
   relation candidates (src/kg/extract/candidates.py), labelled from the gold;
2. scores the model by article folds: each article's relations are decided by a model
   fitted without it (calibration included), and scored with score.py, per predicate,
   for all articles and for train/ and dev/ apart, beside the rules alone;
3. fits the shipped model on all articles and writes it (deterministic: same inputs,
   same file).
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("score", eval_dir / "score.py")
    if spec is None or not (eval_dir / "score.py").is_file():
        raise SystemExit(f"{eval_dir}: no score.py here; pass --eval with the folder holding train/, dev/ and score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def report(title: str, score, gold: dict, records: dict) -> tuple[float, float, float]:
    totals: Counter[str] = Counter()
    by_pred: dict[str, Counter] = defaultdict(Counter)
    for aid, g in sorted(gold.items()):
        res = score.score_article(g, records[aid])
        for k in ("ent_tp", "ent_fp", "ent_fn", "rel_tp", "rel_fp", "rel_fn"):
            totals[k] += res[k]
        for p, c in res["per_predicate"].items():
            by_pred[p].update(c)
    print(f"\n== {title} ({len(gold)} articles)")
    print("predicate        gold   tp   fp     P     R    F1")
    for p, c in sorted(by_pred.items()):
        pp, rr, ff = score.prf(c["tp"], c["fp"], c["gold"] - c["tp"])
        print(f"{p:<16}{c['gold']:>5}{c['tp']:>5}{c['fp']:>5}  {pp:.2f}  {rr:.2f}  {ff:.2f}")
    ep, er, ef = score.prf(totals["ent_tp"], totals["ent_fp"], totals["ent_fn"])
    rp, rr, rf = score.prf(totals["rel_tp"], totals["rel_fp"], totals["rel_fn"])
    print(f"entities   P {ep:.3f}  R {er:.3f}  F1 {ef:.3f}")
    print(f"relations  P {rp:.3f}  R {rr:.3f}  F1 {rf:.3f}")
    return rp, rr, rf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "models" / "relations.json")
    parser.add_argument("--no-save", action="store_true", help="only report the fold scores")
    parser.add_argument("--predictions", type=Path,
                        help="also write the fold predictions (scorer JSON) here, for error analysis")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from kg.extract.pipeline import Extractor
    from kg.extract.relation_training import fit_relation_model, folds, label_candidates
    from kg.ingest import read_articles
    from kg.model import Extraction
    from kg.records import extraction_record

    score = load_scorer(args.eval)
    gold: dict[str, dict] = {}
    split_of: dict[str, str] = {}
    paths: list[Path] = []
    for split in ("train", "dev"):
        folder = args.eval / split
        for g in score.load_records(str(folder / "gold.jsonl")):
            gold[g["id"]] = g
            split_of[g["id"]] = split
        paths += sorted(p for p in folder.glob("*.txt") if p.stem in gold)
    extractor = Extractor(rules_only=True)
    prepared, labelled, rule_records = {}, {}, {}
    for article in read_articles(paths):
        prep = extractor.prepare(article)
        prepared[article.id] = prep
        record = extraction_record(Extraction(article, prep.entities, ()))
        mapping = score._align(gold[article.id], record)
        labelled[article.id] = label_candidates(article.id, prep.candidates, gold[article.id], mapping.get)
        rule_records[article.id] = extraction_record(Extraction(article, prep.entities, prep.rule_relations))
    n_cand = sum(len(a.candidates) for a in labelled.values())
    n_pos = sum(sum(1 for x in a.labels if x) for a in labelled.values())
    print(f"{len(labelled)} articles, {n_cand} candidates, {n_pos} positive")

    fold_of = folds(list(labelled), args.folds)
    fold_records = {}
    for fold in range(args.folds):
        train = [a for aid, a in sorted(labelled.items()) if fold_of[aid] != fold]
        model = fit_relation_model(train)
        for aid in sorted(labelled):
            if fold_of[aid] == fold:
                prep = prepared[aid]
                relations = model.decide(list(prep.candidates))
                fold_records[aid] = extraction_record(Extraction(prep.article, prep.entities, relations))

    if args.predictions:
        import json
        args.predictions.write_text(json.dumps([fold_records[a] for a in sorted(fold_records)],
                                               ensure_ascii=False, indent=1), encoding="utf-8")
    for title, ids in (("all, by article folds", gold), ("train/ only, by article folds",
                                                          [a for a in gold if split_of[a] == "train"]),
                       ("dev/ only, by article folds", [a for a in gold if split_of[a] == "dev"])):
        subset = {a: gold[a] for a in ids}
        report(f"model: {title}", score, subset, fold_records)
        report(f"rules alone: {title.split(',')[0]}", score, subset, rule_records)

    if not args.no_save:
        model = fit_relation_model([labelled[a] for a in sorted(labelled)],
                                   trained_on=f"{args.eval.name}: train/ + dev/, {len(labelled)} articles")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        model.save(args.out)
        size = args.out.stat().st_size
        print(f"\nwrote {args.out} ({size / 1024:.0f} KiB, "
              f"{sum(len(m.weights) for m in model.predicates.values())} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
