"""Fit the relation model (relation_model.py) on candidates labelled from annotated articles.

Labels come from gold annotations in the scorer's format (../shared/eval/README.md):
a candidate is positive when both its ends name gold entities that the gold holds the
relation between (either order for a symmetric one); candidates whose gold relation is
marked optional are left out.  Each predicate gets an L2 logistic model (scikit-learn);
its Platt calibration is fitted on scores of article folds the model did not train on.
Deterministic: articles are folded by their sorted order, the solver has no randomness.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kg.extract.candidates import Candidate, load_signatures
from kg.extract.relation_model import PredicateModel, RelationModel
from kg.model import SYMMETRIC_PREDICATES

#: how strongly the weights are pulled to zero (scikit-learn's C: smaller is stronger)
REGULARISATION_C = 0.5
#: the probability a candidate no rule states needs to become a relation: measured by article
#: folds (scripts/train_relations.py), the model's additions below it were wrong as often as right
ADD_THRESHOLD = 0.9
#: features seen in fewer training candidates are dropped
MIN_FEATURE_COUNT = 2


@dataclass(frozen=True)
class LabelledArticle:
    """One annotated article's candidates and, per candidate, whether the gold holds it
    (``None``: the gold marks it optional, so it neither teaches nor counts)."""

    article_id: str
    candidates: tuple[Candidate, ...]
    labels: tuple[bool | None, ...]


def label_candidates(article_id: str, candidates: Sequence[Candidate], gold: dict,
                     align: Callable[[str], str | None]) -> LabelledArticle:
    """Label an article's candidates with its gold record; ``align`` maps an entity id to a gold id."""
    symmetric = SYMMETRIC_PREDICATES

    def key(s: str, p: str, o: str) -> tuple[str, str, str]:
        return (o, p, s) if p in symmetric and o < s else (s, p, o)

    truth = {key(r["s"], r["p"], r["o"]): bool(r.get("optional")) for r in gold.get("relations", [])}
    labels: list[bool | None] = []
    for cand in candidates:
        s, o = align(cand.subject.id), align(cand.object.id)
        k = key(s, cand.predicate, o) if s and o else None
        if k in truth:
            labels.append(None if truth[k] else True)
        else:
            labels.append(False)
    return LabelledArticle(article_id, tuple(candidates), tuple(labels))


def folds(article_ids: Sequence[str], k: int) -> dict[str, int]:
    """Article id -> fold number, by sorted id, round robin: the same folds on every run."""
    return {aid: n % k for n, aid in enumerate(sorted(article_ids))}


def _rows(articles: Sequence[LabelledArticle], predicate: str):
    rows, ys, groups = [], [], []
    for art in articles:
        for cand, label in zip(art.candidates, art.labels):
            if cand.predicate == predicate and label is not None:
                rows.append(cand.features)
                ys.append(int(label))
                groups.append(art.article_id)
    return rows, ys, groups


def _fit_logistic(rows, ys):
    """(weights, bias) of an L2 logistic model; a constant model when one class is missing."""
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for row in rows:
        for f in row:
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, c in counts.items() if c >= MIN_FEATURE_COUNT)
    positives = sum(ys)
    if positives == 0 or positives == len(ys) or not vocab:
        rate = (positives + 0.5) / (len(ys) + 1.0)
        return {}, math.log(rate / (1 - rate))
    from scipy.sparse import csr_matrix

    index = {f: i for i, f in enumerate(vocab)}
    data, indices, indptr = [], [], [0]
    for row in rows:
        cols = sorted(index[f] for f in row if f in index)
        indices.extend(cols)
        data.extend([1.0] * len(cols))
        indptr.append(len(indices))
    X = csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))
    # liblinear shuffles with a random state: fixed, so the same candidates give the same file
    model = LogisticRegression(C=REGULARISATION_C, solver="liblinear", max_iter=1000, random_state=0)
    model.fit(X, ys)
    weights = {f: round(float(w), 8) for f, w in zip(vocab, model.coef_[0]) if abs(w) >= 1e-4}
    return weights, round(float(model.intercept_[0]), 8)


def _platt(scores: list[float], ys: list[int]) -> tuple[float, float]:
    """Slope and intercept mapping a model score to a probability, fitted on held-out scores."""
    from sklearn.linear_model import LogisticRegression

    if len(set(ys)) < 2:
        return 1.0, 0.0
    model = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    model.fit([[s] for s in scores], ys)
    return round(float(model.coef_[0][0]), 6), round(float(model.intercept_[0]), 6)


def fit_relation_model(articles: Sequence[LabelledArticle], calibration_folds: int = 4,
                       threshold: float = ADD_THRESHOLD, trained_on: str = "") -> RelationModel:
    """Fit every predicate's model on all ``articles``; calibrate each on out-of-fold scores."""
    fold_of = folds([a.article_id for a in articles], calibration_folds)
    predicates: dict[str, PredicateModel] = {}
    for predicate in sorted(load_signatures()):
        rows, ys, groups = _rows(articles, predicate)
        if not rows:
            continue
        weights, bias = _fit_logistic(rows, ys)
        held_scores: list[float] = []
        held_ys: list[int] = []
        for fold in range(calibration_folds):
            train = [i for i, g in enumerate(groups) if fold_of[g] != fold]
            test = [i for i, g in enumerate(groups) if fold_of[g] == fold]
            if not train or not test:
                continue
            w, b = _fit_logistic([rows[i] for i in train], [ys[i] for i in train])
            fold_model = PredicateModel(w, b, 1.0, 0.0)
            held_scores.extend(fold_model.score(rows[i]) for i in test)
            held_ys.extend(ys[i] for i in test)
        slope, intercept = _platt(held_scores, held_ys)
        predicates[predicate] = PredicateModel(weights, bias, slope, intercept)
    return RelationModel(predicates, threshold, trained_on)
