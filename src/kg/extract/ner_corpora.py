"""The labelled Arabic NER corpora in ANERcorp's label set, and the fixed splits the learned recogniser uses.

Three corpora (see ``../shared/corpora/README.md``; they are read, never copied
into kg) are mapped to IOB2 labels over PERS, LOC and ORG:

- ANERcorp: MISC becomes O;
- NewsFANE Gold: its 45 fine ACE-like types are grouped (politicians, athletes,
  police officers ... -> PERS; nations, cities, regions, continents, seas -> LOC;
  government, media, companies, clubs ... -> ORG); groups of people (العرب),
  facilities, vehicles, weapons and works become O, as ANERcorp leaves them;
- Wojood: PERS -> PERS, GPE and LOC -> LOC, ORG -> ORG, the rest O; its nested
  layers are flattened by keeping the longest mapped span, left to right.

Splits are contiguous and fixed, so training and benchmark agree on what was
held out: the last tenth of ANERcorp train (``--holdout-tenth``), the tenth
before it (a development slice for choosing parameters), the last tenth of
NewsFANE Gold, and Wojood's own test file.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.conll import read_conll

LABELS = ("B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "O")
TYPES = ("PERS", "LOC", "ORG")

ANERCORP_TYPES = {"PERS": "PERS", "LOC": "LOC", "ORG": "ORG"}
NEWSFANE_TYPES = {
    **dict.fromkeys(("Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist",
                     "Businessperson", "Lawyer", "Engineer", "Police"), "PERS"),
    **dict.fromkeys(("Nation", "Population-Center", "State-or-Province", "County-or-District", "GPE-Cluster",
                     "Continent", "Water-Body", "Land-Region-Natural"), "LOC"),
    **dict.fromkeys(("Government", "Non-Governmental", "Media", "Commercial", "Educational", "Sports",
                     "Medical-Science", "Entertainment", "Religious_ORG"), "ORG"),
}
WOJOOD_TYPES = {"PERS": "PERS", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}
_WOJOOD_SEPARATOR = "$#$"  # a document separator line in the public sample


@dataclass(frozen=True)
class LabelledSentence:
    tokens: tuple[str, ...]
    labels: tuple[str, ...]


def spans(labels: list[str] | tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Entity spans ``(first, last_exclusive, type)`` of an IOB label sequence, with conlleval's
    reading: an I- that does not continue a chunk of its type starts a new one."""
    found: list[tuple[int, int, str]] = []
    start, kind = None, None
    for i, label in enumerate([*labels, "O"]):
        tag, _, label_kind = label.partition("-")
        if tag == "I" and kind == label_kind:
            continue
        if kind is not None:
            found.append((start, i, kind))
            start, kind = None, None
        if tag in ("B", "I") and label_kind:
            start, kind = i, label_kind
    return found


def labels_from_spans(length: int, entity_spans: list[tuple[int, int, str]]) -> tuple[str, ...]:
    """IOB2 labels for non-overlapping spans."""
    labels = ["O"] * length
    for first, last, kind in entity_spans:
        labels[first] = f"B-{kind}"
        for i in range(first + 1, last):
            labels[i] = f"I-{kind}"
    return tuple(labels)


def _mapped(rows: list[list[str]], types: dict[str, str]) -> LabelledSentence:
    tokens = [row[0] for row in rows]
    corpus_labels = [row[1] if len(row) > 1 else "O" for row in rows]
    kept = [(a, b, types[k]) for a, b, k in spans(corpus_labels) if k in types]
    return LabelledSentence(tuple(tokens), labels_from_spans(len(tokens), kept))


def read_anercorp(path: Path) -> list[LabelledSentence]:
    return [_mapped(rows, ANERCORP_TYPES) for rows in read_conll(path)]


def read_newsfane(path: Path) -> list[LabelledSentence]:
    return [_mapped(rows, NEWSFANE_TYPES) for rows in read_conll(path)]


def read_wojood(path: Path) -> list[LabelledSentence]:
    sentences = []
    for rows in read_conll(path):
        rows = [row for row in rows if row[0] != _WOJOOD_SEPARATOR]
        if not rows:
            continue
        # one label column per nesting layer, not aligned across tokens: read each type on its own
        candidates = []
        for corpus_type, kind in WOJOOD_TYPES.items():
            layer = []
            for row in rows:
                tags = {label.partition("-")[0] for label in row[1:] if label.partition("-")[2] == corpus_type}
                layer.append(f"B-{corpus_type}" if "B" in tags else f"I-{corpus_type}" if "I" in tags else "O")
            candidates += [(a, b, kind) for a, b, _ in spans(layer)]
        taken = [False] * len(rows)
        kept = []
        for a, b, kind in sorted(candidates, key=lambda s: (-(s[1] - s[0]), s[0])):
            if not any(taken[a:b]):
                kept.append((a, b, kind))
                taken[a:b] = [True] * (b - a)
        sentences.append(LabelledSentence(tuple(row[0] for row in rows),
                                          labels_from_spans(len(rows), sorted(kept))))
    return sentences


def tenth(sentences: list, index: int) -> tuple[list, list]:
    """(the other nine tenths, the ``index``-th contiguous tenth), index 0..9."""
    if not 0 <= index <= 9:
        raise ValueError(f"tenth index {index} is not in 0..9")
    n = len(sentences)
    start, end = n * index // 10, n * (index + 1) // 10
    return sentences[:start] + sentences[end:], sentences[start:end]


HOLDOUT_TENTH = 9  # the last tenth of ANERcorp train: the evaluation figure
DEV_TENTH = 8  # the tenth before it: for choosing features and regularisation


@dataclass(frozen=True)
class CorpusSplits:
    """Training and held-out sentences of the three corpora."""

    anercorp_train: list[LabelledSentence]
    anercorp_holdout: list[LabelledSentence]  # empty unless the tenth is held out
    newsfane_train: list[LabelledSentence]
    newsfane_heldout: list[LabelledSentence]
    wojood_train: list[LabelledSentence]
    wojood_heldout: list[LabelledSentence]

    def training(self) -> list[LabelledSentence]:
        return self.anercorp_train + self.newsfane_train + self.wojood_train


def corpus_files(corpora: Path) -> dict[str, Path]:
    return {
        "anercorp": corpora / "anercorp" / "train.txt",
        "newsfane": corpora / "newsfane_gold" / "NewsFANE_Gold_clean.conll",
        "wojood_train": corpora / "wojood_sample" / "train.txt",
        "wojood_val": corpora / "wojood_sample" / "val.txt",
        "wojood_test": corpora / "wojood_sample" / "test.txt",
    }


def load_splits(corpora: Path, holdout_tenth: bool = False, dev_tenth: bool = False) -> CorpusSplits:
    """The fixed splits; ``holdout_tenth`` keeps ANERcorp's last tenth out of training,
    ``dev_tenth`` also the tenth before it (which then is ``anercorp_holdout``)."""
    files = corpus_files(corpora)
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"corpus files not found: {', '.join(missing)}; pass the corpora folder "
                                "(the one with anercorp/, newsfane_gold/, wojood_sample/) with --corpora")
    anercorp = read_anercorp(files["anercorp"])
    holdout: list[LabelledSentence] = []
    if holdout_tenth or dev_tenth:
        anercorp, holdout = tenth(anercorp, HOLDOUT_TENTH)
    if dev_tenth:
        n = len(anercorp) + len(holdout)
        start, end = n * DEV_TENTH // 10, n * (DEV_TENTH + 1) // 10
        anercorp, holdout = anercorp[:start], anercorp[start:end]
    newsfane_train, newsfane_heldout = tenth(read_newsfane(files["newsfane"]), 9)
    return CorpusSplits(
        anercorp_train=anercorp, anercorp_holdout=holdout,
        newsfane_train=newsfane_train, newsfane_heldout=newsfane_heldout,
        wojood_train=read_wojood(files["wojood_train"]) + read_wojood(files["wojood_val"]),
        wojood_heldout=read_wojood(files["wojood_test"]),
    )
