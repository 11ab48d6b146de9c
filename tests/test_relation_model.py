"""The relation stage's model: candidates from entity pairs, decisions, calibrated confidence, training."""
import json

import pytest

from kg.extract.candidates import STATED_BY_RULE, Candidate, load_signatures
from kg.extract.pipeline import Extractor
from kg.extract.relation_model import PredicateModel, RelationModel
from kg.extract.relation_training import fit_relation_model, label_candidates
from kg.model import Article, Entity, EntityType, Span


def _entity(eid, type_, label):
    return Entity(id=eid, type=type_, label=label, mentions=(), key=f"{type_.value.lower()}:{label}")


PERSON = _entity("e1", EntityType.PERSON, "سمير داود")
EVENT = _entity("e2", EntityType.EVENT, "المؤتمر الثالث للمياه")
OTHER = _entity("e3", EntityType.PERSON, "كمال العربي")


def _candidate(features, subject=PERSON, predicate="attended", obj=EVENT, start=0):
    return Candidate(subject, predicate, obj, 0, Span(start, start + 10), frozenset(features))


def test_every_predicate_has_a_signature_with_an_example():
    signatures = load_signatures()
    assert sorted(signatures) == sorted(["attended", "chaired", "heads", "memberOf", "represents", "metWith",
                                          "visited", "cooperatesWith", "organizedBy", "heldIn", "locatedIn",
                                          "partOf"])
    assert signatures["metWith"].symmetric and not signatures["heads"].symmetric
    assert EntityType.EVENT in signatures["attended"].objects


def test_candidates_pair_the_entities_of_a_sentence_by_the_types_a_relation_allows():
    extractor = Extractor()
    prepared = extractor.prepare(Article(id="c1", text="شارك وزير الصحة الأردني سمير داود في المؤتمر الإقليمي "
                                                        "الثالث للمياه الذي عقد في مدينة إربد."))
    by_pair = {(c.subject.label, c.predicate, c.object.label) for c in prepared.candidates}
    attended = {(s, o) for s, p, o in by_pair if p == "attended"}
    assert any(s == "سمير داود" and o.startswith("المؤتمر الإقليمي الثالث") for s, o in attended)
    # a person never sits in a city, and an event never heads anything
    assert not any(p == "locatedIn" and s == "سمير داود" for s, p, o in by_pair)
    assert not any(p == "heads" and s.startswith("المؤتمر") for s, p, o in by_pair)
    # features are words of kg's own lists, never the names themselves
    features = set().union(*(c.features for c in prepared.candidates))
    assert not any("داود" in f for f in features)
    assert "cue_before=attend_verb" in features


def test_decide_keeps_what_a_rule_states_and_what_the_model_finds_likely():
    model = RelationModel({"attended": PredicateModel({"cue_between=attend_list": 3.0}, -2.0, 1.0, 0.0),
                           "metWith": PredicateModel({}, -5.0, 1.0, 0.0)}, threshold=0.5)
    likely = _candidate({"cue_between=attend_list"})
    unlikely = _candidate({"types=PERSON>PERSON"}, obj=OTHER, predicate="metWith")
    stated = _candidate({STATED_BY_RULE, "rule=meet-verb"}, obj=OTHER, predicate="metWith")
    relations = model.decide([likely, unlikely])
    assert [(r.subject, r.predicate, r.object) for r in relations] == [("e1", "attended", "e2")]
    assert relations[0].confidence == pytest.approx(1 / (1 + 2.718281828 ** -1.0), abs=1e-3)
    relations = model.decide([unlikely, stated])
    assert [(r.predicate, r.rule) for r in relations] == [("metWith", "model+meet-verb")]
    assert relations[0].confidence < 0.5  # the rule keeps it; the confidence stays the model's


def test_a_symmetric_relation_is_decided_once_with_its_most_probable_sentence():
    model = RelationModel({"metWith": PredicateModel({"w_between=مع": 2.0}, 0.0, 1.0, 0.0)}, threshold=0.5)
    one = _candidate({"w_between=مع"}, obj=OTHER, predicate="metWith", start=0)
    other = _candidate({}, subject=OTHER, obj=PERSON, predicate="metWith", start=50)
    relations = model.decide([other, one])
    assert len(relations) == 1 and relations[0].evidence.start == 0


def test_training_learns_a_cue_and_is_deterministic(tmp_path):
    articles = []
    for n in range(8):
        cands = [_candidate({"cue_between=attend_list", f"noise={n % 3}"}),
                 _candidate({"types=PERSON>EVENT", f"noise={n % 2}"}, subject=OTHER)]
        gold = {"relations": [{"s": "G1", "p": "attended", "o": "G2"}]}
        align = {"e1": "G1", "e2": "G2", "e3": "G3"}.get
        articles.append(label_candidates(f"a{n}", cands, gold, align))
    assert articles[0].labels == (True, False)
    model = fit_relation_model(articles, calibration_folds=4, threshold=0.5)
    cue = model.predicates["attended"].probability({"cue_between=attend_list"})
    bare = model.predicates["attended"].probability({"types=PERSON>EVENT"})
    assert cue > 0.5 > bare
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    model.save(first)
    fit_relation_model(articles, calibration_folds=4, threshold=0.5).save(second)
    assert first.read_bytes() == second.read_bytes()
    assert RelationModel.load(first).predicates["attended"].weights == model.predicates["attended"].weights


def test_optional_gold_relations_neither_teach_nor_count():
    gold = {"relations": [{"s": "G1", "p": "attended", "o": "G2", "optional": True}]}
    labelled = label_candidates("a", [_candidate({"x"})], gold, {"e1": "G1", "e2": "G2"}.get)
    assert labelled.labels == (None,)


def test_a_missing_or_broken_model_file_says_how_to_rebuild_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="train_relations.py"):
        RelationModel.load(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json"):
        RelationModel.load(bad)
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps({"predicates": {"likes": {"bias": 0, "platt": [1, 0], "weights": {}}}}))
    with pytest.raises(ValueError, match="likes"):
        RelationModel.load(unknown)


def test_the_shipped_model_loads_and_covers_every_predicate():
    model = RelationModel.load()
    assert set(model.predicates) == set(load_signatures())
    assert 0.0 < model.threshold < 1.0


def test_a_score_does_not_depend_on_the_order_features_come_in():
    # a frozenset of strings iterates in an order set by the process's hash seed: one job or several
    # must give the same confidence
    from itertools import permutations

    from kg.extract.relation_model import PredicateModel

    model = PredicateModel({"a": 0.1, "b": 0.2, "c": 0.3, "d": 1e-17, "e": -0.6}, bias=0.05,
                           platt_slope=1.3, platt_intercept=-0.2)
    scores = {model.score(order) for order in permutations("abcde")}
    assert len(scores) == 1
    assert abs(scores.pop() - 0.05) < 1e-12
