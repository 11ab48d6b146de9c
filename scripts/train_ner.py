#!/usr/bin/env python3
"""Train kg's learned named-entity recogniser (a CRF) from the labelled corpora.

    python scripts/train_ner.py [--corpora DIR] [--out FILE] [--holdout-tenth]

Reads ANERcorp train, NewsFANE Gold and the Wojood sample from DIR (default
../shared/corpora next to the repository; the corpora are never copied into
kg), maps their labels to PERS/LOC/ORG (kg.extract.ner_corpora) and trains
with fixed parameters (kg.extract.learned_ner.TRAINING_PARAMS): the same
inputs give the same model.  Held out, always: the last tenth of NewsFANE
Gold and Wojood's test file.  With --holdout-tenth the last tenth of ANERcorp
train is held out too (the model bench/ner_corpora.py measures on it).

The shipped model, data/models/ner.crfsuite, is written by the default run.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora",
                    help="folder with anercorp/, newsfane_gold/, wojood_sample/ (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=None,
                    help="model file to write (default: data/models/ner.crfsuite)")
    ap.add_argument("--holdout-tenth", action="store_true",
                    help="leave the last contiguous tenth of ANERcorp train out of training")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from kg.extract.learned_ner import TRAINING_PARAMS, default_model_path, train_model
    from kg.extract.ner_corpora import load_splits

    try:
        splits = load_splits(args.corpora, holdout_tenth=args.holdout_tenth)
    except (FileNotFoundError, ValueError) as exc:
        print(f"train_ner: error: {exc}", file=sys.stderr)
        return 1
    sentences = splits.training()
    out = args.out or default_model_path()
    tokens = sum(len(s.tokens) for s in sentences)
    print(f"training on {len(sentences)} sentences, {tokens} tokens "
          f"(ANERcorp {len(splits.anercorp_train)}, NewsFANE {len(splits.newsfane_train)}, "
          f"Wojood {len(splits.wojood_train)}); params {TRAINING_PARAMS}")
    started = time.perf_counter()
    train_model(sentences, out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
