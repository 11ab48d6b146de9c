"""The relation model: decides which candidates (candidates.py) are relations, with a calibrated confidence.

One logistic model per predicate over the candidates' binary features, its score turned
into a probability by a Platt curve fitted on article folds the model did not train on
(scripts/train_relations.py).  The trained weights ship as plain JSON
(data/models/relations.json), so deciding needs no scikit-learn and no pickle.
"""
from __future__ import annotations

import json
import math
from itertools import repeat
from dataclasses import dataclass
from pathlib import Path

from kg.data import data_dir
from kg.extract.candidates import STATED_BY_RULE, Candidate, load_signatures
from kg.model import SYMMETRIC_PREDICATES, Relation, Span

MODEL_FILE = "models/relations.json"


@dataclass(frozen=True)
class PredicateModel:
    """Weights of one predicate's logistic model and its Platt calibration."""

    weights: dict[str, float]
    bias: float
    platt_slope: float
    platt_intercept: float

    def score(self, features) -> float:
        # fsum is exact, so the score does not depend on the order a frozenset of strings iterates in,
        # which changes with each process's hash seed (one job or several must give the same relations)
        return self.bias + math.fsum(map(self.weights.get, features, repeat(0.0)))

    def probability(self, features) -> float:
        z = self.platt_slope * self.score(features) + self.platt_intercept
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def to_json(self) -> dict:
        return {"bias": self.bias, "platt": [self.platt_slope, self.platt_intercept],
                "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: dict) -> "PredicateModel":
        slope, intercept = data["platt"]
        return cls({str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                   float(slope), float(intercept))


@dataclass(frozen=True)
class RelationModel:
    """Per-predicate models and the probability a candidate needs to become a relation."""

    predicates: dict[str, PredicateModel]
    threshold: float = 0.9
    trained_on: str = ""

    @classmethod
    def load(cls, path: Path | None = None) -> "RelationModel":
        path = path or data_dir() / MODEL_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise FileNotFoundError(
                f"{path}: the relation model is missing; rebuild it with `python scripts/train_relations.py`"
            ) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ValueError(f"{path}: not a relation model ({exc}); rebuild it with "
                             "`python scripts/train_relations.py`") from None
        unknown = set(data.get("predicates", {})) - set(load_signatures())
        if unknown:
            raise ValueError(f"{path}: unknown predicates {sorted(unknown)}; retrain with scripts/train_relations.py")
        return cls({p: PredicateModel.from_json(m) for p, m in data["predicates"].items()},
                   float(data.get("threshold", 0.5)), str(data.get("trained_on", "")))

    def save(self, path: Path) -> None:
        data = {"format": "kg-relation-model/1", "trained_on": self.trained_on, "threshold": self.threshold,
                "predicates": {p: m.to_json() for p, m in sorted(self.predicates.items())}}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")

    def probability(self, candidate: Candidate) -> float:
        model = self.predicates.get(candidate.predicate)
        return model.probability(candidate.features) if model else 0.0

    def decide(self, candidates: list[Candidate]) -> tuple[Relation, ...]:
        """The candidates a rule states or the model finds likely (at or above the threshold) as
        relations: one per (subject, predicate, object), either order for a symmetric predicate,
        evidenced by its most probable sentence; the confidence is the model's probability."""
        symmetric = SYMMETRIC_PREDICATES
        best: dict[tuple[str, str, str], tuple[float, Candidate]] = {}
        for cand in candidates:
            p = self.probability(cand)
            if p < self.threshold and STATED_BY_RULE not in cand.features:
                continue
            s, o = cand.subject.id, cand.object.id
            if cand.predicate in symmetric and o < s:
                s, o = o, s
            key = (s, cand.predicate, o)
            if key not in best or p > best[key][0]:
                best[key] = (p, cand)
        relations = []
        for (s, predicate, o), (p, cand) in best.items():
            rules = sorted(f[5:] for f in cand.features if f.startswith("rule="))
            relations.append(Relation(s, predicate, o, round(p, 4), Span(cand.evidence.start, cand.evidence.end),
                                      "model+" + "+".join(rules) if rules else "model"))
        return tuple(sorted(relations, key=lambda r: (r.evidence.start, r.predicate, r.subject, r.object)))
