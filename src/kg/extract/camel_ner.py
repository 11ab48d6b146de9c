"""Named entities from CAMeLBERT (camel-tools' ``NERecognizer``) as IOB2 labels over kg's tokens.

Optional: it needs the model that `camel_data -i ner-arabert` installs, or the
folder of any BERT token-classification model with camel-tools' labels.  Its
import pulls in torch and transformers (seconds), so it happens in ``load``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from kg.camel_data import CamelDataError, import_camel, install_hint, installed_dataset

#: The camel_data package holding the default model.
PACKAGE = "ner-arabert"
#: The labels ``tag`` returns.
LABELS = ("B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "O")
#: Entity types kept, by the names models use for them; MISC and anything else become O.
_TYPES = {"PERS": "PERS", "PER": "PERS", "LOC": "LOC", "ORG": "ORG"}
_WHAT = "the CAMeLBERT NER model"


def to_iob2(labels: Sequence[str]) -> list[str]:
    """camel-tools' labels -> kg's: MISC (and unknown types) -> O; an I- that does not continue
    an entity of its type starts one (B-)."""
    result: list[str] = []
    previous = "O"
    for label in labels:
        prefix, _, kind = label.partition("-")
        kind = _TYPES.get(kind, "")
        if prefix not in ("B", "I") or not kind:
            label = "O"
        elif prefix == "I" and previous[2:] != kind:
            label = f"B-{kind}"
        else:
            label = f"{prefix}-{kind}"
        result.append(label)
        previous = label
    return result


class CamelBertRecognizer:
    """A BERT NER model through camel-tools: sentences of words -> one IOB2 label per word."""

    name = "camelbert"

    def __init__(self, camel_recognizer, source: str):
        self.camel_recognizer = camel_recognizer
        self.source = source

    @classmethod
    def load(cls, model_path: str | Path | None = None) -> "CamelBertRecognizer":
        """The model in ``model_path`` (a folder written by ``save_pretrained``), or, when None,
        camel-tools' pretrained CAMeLBERT NER model."""
        if model_path is None:
            folder = installed_dataset("NamedEntityRecognition", PACKAGE, _WHAT)
            if not (folder / "config.json").is_file():
                raise CamelDataError(f"{_WHAT} is not installed (no {folder / 'config.json'}); {install_hint(PACKAGE)}")
        else:
            folder = Path(model_path)
            if not (folder / "config.json").is_file():
                raise CamelDataError(f"{folder}: no BERT model there (config.json missing); give the folder of a "
                                     "token-classification model saved with save_pretrained, or leave out "
                                     f"--camel-model to use the one `camel_data -i {PACKAGE}` installs")

        def camel_class():
            from camel_tools.ner import NERecognizer

            return NERecognizer

        NERecognizer = import_camel(camel_class, PACKAGE)
        try:
            recognizer = NERecognizer.pretrained() if model_path is None else NERecognizer(str(folder))
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:  # RuntimeError: torch/safetensors
            first_line = (str(exc).strip().splitlines() or [""])[0]
            raise CamelDataError(f"{folder}: camel-tools could not load this model ({type(exc).__name__}: "
                                 f"{first_line}); reinstall it with `camel_data -i {PACKAGE}` or give another "
                                 "folder") from exc
        labels = set(recognizer.labels_map.values())
        if "O" not in labels:
            raise CamelDataError(f"{folder}: the model's labels {sorted(labels)} have no 'O'; it is not an NER "
                                 "model with camel-tools' labels (B-PERS, I-LOC, ..., O)")
        return cls(recognizer, str(folder))

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """One label of ``LABELS`` per word, IOB2-valid, for each sentence."""
        tokenize = self.camel_recognizer.tokenizer.tokenize
        # camel-tools drops words that give no word piece (e.g. a lone directional mark), which
        # would shift every later label: send only the others, and label those O.
        kept = [[i for i, word in enumerate(words) if tokenize(word)] for words in sentences]
        inputs = [[words[i] for i in keep] for words, keep in zip(sentences, kept)]
        predicted = self.camel_recognizer.predict(inputs) if any(inputs) else [[] for _ in inputs]
        result = []
        for n, (words, keep, labels) in enumerate(zip(sentences, kept, predicted)):
            if len(labels) != len(keep):
                raise RuntimeError(f"camel-tools gave {len(labels)} labels for the {len(keep)} words of sentence "
                                   f"{n} ({' '.join(words)[:80]!r}); please report it")
            full = ["O"] * len(words)
            for i, label in zip(keep, labels):
                full[i] = label
            result.append(to_iob2(full))
        return result
