"""The learned named-entity recogniser: a CRF (crfsuite) over tokens, trained on labelled Arabic newswire.

It labels PERS, LOC and ORG in IOB2, as ANERcorp does (no MISC); a span that is
only a country adjective ("الفرنسية") is not a name there, so it is never
labelled here either.  The model file is trained by ``scripts/train_ner.py``
and shipped in ``data/models/ner.crfsuite`` (see that folder's README).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from kg.data import data_dir
from kg.extract.ner_corpora import LABELS, LabelledSentence, spans

MODEL_FILE = "models/ner.crfsuite"

#: crfsuite training parameters (L-BFGS; deterministic), chosen on the ANERcorp development tenth
TRAINING_PARAMS = {
    "c1": 0.3,
    "c2": 0.05,
    "max_iterations": 200,
    "feature.minfreq": 2,
    "feature.possible_transitions": True,
}


def default_model_path() -> Path:
    return data_dir() / MODEL_FILE


class ModelMissingError(FileNotFoundError):
    """The trained model file is not there."""


class LearnedRecognizer:
    """Tags tokenised sentences with PERS / LOC / ORG in IOB2."""

    def __init__(self, tagger, path: Path):
        self._tagger = tagger
        self.path = path

    @classmethod
    def load(cls, path: Path | None = None) -> "LearnedRecognizer":
        """Open the model (default data/models/ner.crfsuite)."""
        import pycrfsuite

        path = Path(path) if path is not None else default_model_path()
        if not path.is_file():
            raise ModelMissingError(
                f"NER model {path} not found; train it with `python scripts/train_ner.py` "
                f"(reads the corpora in ../shared/corpora), or pass the path of a trained model")
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(path))
        except (OSError, ValueError) as exc:
            raise ValueError(f"NER model {path} cannot be opened ({exc}); retrain it with "
                             "`python scripts/train_ner.py`") from None
        return cls(tagger, path)

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """One IOB2 label per token, sentences and tokens in the order given."""
        return [[label for label, _ in sentence] for sentence in self.tag_with_marginals(sentences)]

    def tag_with_marginals(self, sentences: Iterable[list[str]]) -> list[list[tuple[str, float]]]:
        """Each token's label and the CRF's marginal probability of the label it chose for the token."""
        from kg.extract.ner_features import load_word_lists, sentence_features

        lists = load_word_lists()
        tagged = []
        for tokens in sentences:
            tokens = list(tokens)
            if not tokens:
                tagged.append([])
                continue
            features = sentence_features(tokens, lists)
            self._tagger.set(features)
            raw = self._tagger.tag()
            probabilities = [self._tagger.marginal(label, i) for i, label in enumerate(raw)]
            labels = without_adjective_spans(repair_iob2(raw), features)
            # a repaired B- keeps the marginal of the I- the CRF chose; a dropped adjective gets P(O)
            tagged.append([(label, self._tagger.marginal("O", i) if label == "O" != raw[i] else probabilities[i])
                           for i, label in enumerate(labels)])
        return tagged


def repair_iob2(labels: list[str]) -> list[str]:
    """IOB2: an I- that does not continue a span of its type starts one (B-)."""
    fixed = []
    for label in labels:
        if label.startswith("I-") and (not fixed or fixed[-1][2:] != label[2:]):
            label = "B-" + label[2:]
        fixed.append(label)
    return fixed


def without_adjective_spans(labels: list[str], features: list[list[str]]) -> list[str]:
    """Drop place and organisation spans that are exactly a country adjective of the gazetteer
    ("الفرنسية", "والمصري"); a person's name that looks like one ("كينيون") stays."""
    labels = list(labels)
    for first, last, kind in spans(labels):
        if kind == "PERS":
            continue
        marks = [set(f) for f in features[first:last]]
        whole = ("gaz=B-ADJ" in marks[0] and all("gaz=I-ADJ" in m for m in marks[1:])
                 and (last == len(features) or "gaz=I-ADJ" not in features[last]))
        if whole:
            labels[first:last] = ["O"] * (last - first)
    return labels


def train_model(sentences: list[LabelledSentence], out: Path, params: dict | None = None) -> Path:
    """Train the CRF on labelled sentences (in the order given) and write it to ``out``."""
    import pycrfsuite

    from kg.extract.ner_features import load_word_lists, sentence_features

    unknown = {label for s in sentences for label in s.labels} - set(LABELS)
    if unknown:
        raise ValueError(f"labels {sorted(unknown)} are not in {LABELS}; map the corpus first")
    lists = load_word_lists()
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for sentence in sentences:
        trainer.append(sentence_features(list(sentence.tokens), lists), list(sentence.labels))
    trainer.set_params({**TRAINING_PARAMS, **(params or {})})
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    trainer.train(str(partial))
    os.replace(partial, out)
    return out
