"""Relation candidates: every pair of entities named in one sentence whose types a relation
allows, described by the features the relation model scores.

A candidate is an ordered pair (subject, object) in one sentence, for one predicate.  Its
features say what lies around and between the two names: the cue words of
data/lexicon/triggers.tsv (by kind), the general words between them (only words of kg's
closed word lists, so the model learns constructions, never the names of the articles it
was trained on), distance, order, intervening names and punctuation, the recognisers that
found each end, and which hand-written rules (relations.py) state the same link.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.arabic import lookup_forms
from kg.data import read_tsv, split_cell
from kg.extract.gazetteer import Gazetteer
from kg.extract.lexicon import Lexicon
from kg.extract.relations import occurrences_by_sentence, sentence_cues
from kg.extract.resolve import Resolution

#: the feature a candidate carries when a hand-written rule (relations.py) states it
STATED_BY_RULE = "rule_any"
from kg.model import SYMMETRIC_PREDICATES, Document, Entity, EntityType, Relation, Sentence, Span

#: a word counts as "near" a name within this many tokens
_WINDOW = 4
#: between-words are listed one by one up to this many tokens apart
_MAX_BETWEEN_WORDS = 12
_COMMAS = {"،", ",", "؛", ";"}


@dataclass(frozen=True)
class Signature:
    predicate: str
    subjects: frozenset[EntityType]
    objects: frozenset[EntityType]
    symmetric: bool


@lru_cache(maxsize=1)
def load_signatures() -> dict[str, Signature]:
    """Predicate -> the entity types it joins, from data/lexicon/predicate_signatures.tsv."""
    out = {}
    for row in read_tsv("lexicon/predicate_signatures.tsv"):
        if (row["symmetric"] == "yes") != (row["predicate"] in SYMMETRIC_PREDICATES):
            raise ValueError(f"predicate_signatures.tsv: {row['predicate']} is symmetric in kg.model.SYMMETRIC_PREDICATES "
                             "exactly when its 'symmetric' column says yes; make the two agree")
        out[row["predicate"]] = Signature(
            row["predicate"],
            frozenset(EntityType(t) for t in split_cell(row["subject"])),
            frozenset(EntityType(t) for t in split_cell(row["object"])),
            row["symmetric"] == "yes",
        )
    return out


@dataclass(frozen=True)
class Candidate:
    """One (subject, predicate, object) the model decides, with the sentence that would be its evidence."""

    subject: Entity
    predicate: str
    object: Entity
    sentence: int
    evidence: Span
    features: frozenset[str]


_BUCKETS = ("0", "1", "2", "3-4", "3-4", "5-7", "5-7", "5-7", "8-12", "8-12", "8-12", "8-12", "8-12")


def _bucket(n: int) -> str:
    """0, 1, 2, 3-4, 5-7, 8-12, 13+"""
    return _BUCKETS[n] if n < len(_BUCKETS) else "13+"


class _SentenceContext:
    """What every pair of one sentence reads: its tokens and occurrences, each token's word and cue,
    the cues by position and the commas before each token."""

    def __init__(self, sentence: Sentence, items, words: list[str], cues: list[str]):
        self.tokens = sentence.tokens
        self.items = items
        self.words = words
        self.cues = cues
        self.cue_at = [(k, kind) for k, kind in enumerate(cues) if kind]
        self.first_entity = items[0].entity.id if items else ""
        self.commas_before = [0]
        for token in self.tokens:
            self.commas_before.append(self.commas_before[-1] + (token.text in _COMMAS))


class CandidateFinder:
    """Article -> relation candidates with features.  Build once, call per article."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, triggers: dict[str, str], lemmatizer=None):
        self.gaz = gazetteer
        self.lex = lexicon
        self.triggers = triggers
        self.signatures = load_signatures()
        #: (subject type, object type) -> the predicates that join them, in the signatures' order
        self._predicates_for = {}
        for predicate, sig in self.signatures.items():
            for subject_type in sig.subjects:
                for object_type in sig.objects:
                    self._predicates_for.setdefault((subject_type, object_type), []).append(predicate)
        self.lemmatizer = lemmatizer
        self.vocabulary = lexicon.common_words | lexicon.function_words | frozenset(triggers)
        self._words: dict[str, str] = {}  # normalised word -> its feature form (a cache: words repeat)

    def __call__(self, document: Document, resolution: Resolution,
                 rule_relations: tuple[Relation, ...]) -> list[Candidate]:
        by_id = {e.id: e for e in resolution.entities}
        rules: dict[tuple[str, str, int], dict[str, list[str]]] = {}
        sentence_at = {s.span.start: i for i, s in enumerate(document.sentences)}
        for rel in rule_relations:
            index = sentence_at.get(rel.evidence.start, -1)
            for s, o in ((rel.subject, rel.object), (rel.object, rel.subject)):
                if s == rel.subject or rel.predicate in SYMMETRIC_PREDICATES:
                    rules.setdefault((s, o, index), {}).setdefault(rel.predicate, []).append(rel.rule)
        occurrences = occurrences_by_sentence(document, resolution)
        out: list[Candidate] = []
        seen: set[tuple[str, str, str, int]] = set()
        no_rules: dict[str, list[str]] = {}
        for index, sentence in enumerate(document.sentences):
            items = occurrences.get(index, [])
            if len(items) < 2:
                continue
            context = _SentenceContext(sentence, items, [self._word(t.norm) for t in sentence.tokens],
                                       sentence_cues(sentence.tokens, items, self.triggers, self.lemmatizer))
            for a in items:
                for b in items:
                    predicates = self._predicates_for.get((a.entity.type, b.entity.type))
                    if not predicates or a.entity.id == b.entity.id:
                        continue
                    pair_rules = rules.get((a.entity.id, b.entity.id, index), no_rules)
                    base = None
                    for predicate in predicates:
                        key = (a.entity.id, predicate, b.entity.id, index)
                        if key in seen:
                            continue
                        seen.add(key)
                        if base is None:
                            base = frozenset(self._pair_features(context, a, b))  # shared by the predicates
                        feats = base | self._rule_features(pair_rules, predicate) if pair_rules else base
                        out.append(Candidate(a.entity, predicate, b.entity, index, sentence.span, feats))
        # links the rules draw across sentences (a subject carried over, "البلدين")
        for rel in rule_relations:
            index = sentence_at.get(rel.evidence.start, -1)
            subject, obj = by_id.get(rel.subject), by_id.get(rel.object)
            if subject is None or obj is None or (rel.subject, rel.predicate, rel.object, index) in seen:
                continue
            if rel.predicate in SYMMETRIC_PREDICATES and (rel.object, rel.predicate, rel.subject, index) in seen:
                continue
            seen.add((rel.subject, rel.predicate, rel.object, index))
            feats = {f"types={subject.type.value}>{obj.type.value}", "cross-sentence"}
            feats |= self._rule_features(rules.get((rel.subject, rel.object, index), {}), rel.predicate)
            out.append(Candidate(subject, rel.predicate, obj, index, rel.evidence, frozenset(feats)))
        return out

    # ---- features ------------------------------------------------------------------
    def _pair_features(self, context: "_SentenceContext", a, b) -> list[str]:
        tokens, items, words, cues = context.tokens, context.items, context.words, context.cues
        types = f"{a.entity.type.value}>{b.entity.type.value}"
        feats = [f"types={types}", f"src_s={a.source}", f"src_o={b.source}"]
        nested = a.span.contains(b.span) or b.span.contains(a.span)
        if nested:
            feats.append("nested=" + ("s-in-o" if b.span.contains(a.span) else "o-in-s"))
            left, right = (a, b) if a.first <= b.first else (b, a)
            lo, hi = min(a.first, b.first), max(a.last, b.last)
            inner_lo, inner_hi = lo, lo - 1
        else:
            left, right = (a, b) if a.first < b.first else (b, a)
            lo, hi = left.first, right.last
            inner_lo, inner_hi = left.last + 1, right.first - 1
        subject_first = a is left
        feats.append("order=" + ("s<o" if subject_first else "o<s"))
        gap = max(0, inner_hi - inner_lo + 1)
        feats.append("gap=" + _bucket(gap))
        a_id, b_id = a.entity.id, b.entity.id
        between_entities = [o for o in items if o.first >= inner_lo and o.last <= inner_hi
                            and o.entity.id != a_id and o.entity.id != b_id]
        feats.append("ents_between=" + _bucket(len(between_entities)))
        for o in between_entities[:3]:
            feats.append("ent_between=" + o.entity.type.value)
        commas = context.commas_before[inner_hi + 1] - context.commas_before[inner_lo] if gap else 0
        feats.append("commas=" + _bucket(commas))
        if 0 <= right.first < len(tokens) and tokens[right.first].norm.startswith("و") and gap <= 1:
            feats.append("second_after_and")
        if gap:
            listed = gap <= _MAX_BETWEEN_WORDS
            for k in range(inner_lo, inner_hi + 1):
                if cues[k]:
                    feats.append("cue_between=" + cues[k])
                if listed and words[k]:
                    feats.append("w_between=" + words[k])
        if gap <= 2:
            feats.append("between_seq=" + "_".join(words[k] or "X" for k in range(inner_lo, inner_hi + 1)))
        cue_at = context.cue_at
        feats += [f"cue_before={kind}" for k, kind in cue_at if lo - _WINDOW <= k < lo]
        feats += [f"cue_after={kind}" for k, kind in cue_at if hi < k < hi + 1 + _WINDOW]
        feats += [f"cue_left_any={kind}" for k, kind in cue_at if k < lo]
        first_word = words[lo - 1] if lo > 0 else "<s>"
        feats.append("w_before_first=" + (first_word or "X"))
        feats.append("w_after_last=" + ((words[hi + 1] or "X") if hi + 1 < len(tokens) else "</s>"))
        feats.append("s_word0=" + (words[a.first] or "X"))
        feats.append("o_word0=" + (words[b.first] or "X"))
        if a_id == context.first_entity:
            feats.append("s_first_in_sentence")
        if b_id == context.first_entity:
            feats.append("o_first_in_sentence")
        for role, o in (("s", a), ("o", b)):
            entry = self.gaz.entries.get(o.entity.key)
            if entry is not None:
                feats.append(f"{role}_kind={entry.kind}")
        feats.append(f"pair_order={types}:{'s<o' if subject_first else 'o<s'}")
        return feats

    @staticmethod
    def _rule_features(pair_rules: dict[str, list[str]], predicate: str) -> set[str]:
        feats = set()
        for other, names in pair_rules.items():
            if other == predicate:
                feats |= {f"rule={name}" for name in names}
                feats.add(STATED_BY_RULE)
            else:
                feats.add(f"rule_other={other}")
        return feats

    def _word(self, norm: str) -> str:
        """The word as a feature: itself or its stem without proclitics when kg's word lists know it."""
        known = self._words.get(norm)
        if known is None:
            known = next((form for form in lookup_forms(norm) if form in self.vocabulary), "")
            self._words[norm] = known
        return known

