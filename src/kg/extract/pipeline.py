"""Run the extraction stages on one article: Article -> Document -> mentions -> entities -> relations."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg import __version__
from kg.arabic import split_sentences
from kg.extract.candidates import Candidate, CandidateFinder
from kg.extract.dates import DateFinder, date_events
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.learned_ner import LearnedRecognizer
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.relation_model import RelationModel
from kg.extract.relations import RelationFinder, load_triggers
from kg.extract.resolve import EntityResolver
from kg.extract.rules import MentionFinder
from kg.model import Article, Entity, Extraction, Relation


@dataclass(frozen=True)
class Prepared:
    """An article up to the relation decision: its entities, the rules' relations and the candidates."""

    article: Article
    entities: tuple[Entity, ...]
    rule_relations: tuple[Relation, ...]
    candidates: tuple[Candidate, ...]


class Extractor:
    """Article -> Extraction with the bundled gazetteers, rules and relation model.  Build once, call per article.

    ``relation_model`` decides the relations among the candidates; by default the one in
    data/models/relations.json.  ``rules_only=True`` keeps the hand-written rules' relations
    as they are (what kg did before the model, and what the model learns from).
    ``recognizers`` are learned name recognisers (``tag(sentences of words) -> IOB2 labels``)
    whose spans the mention stage merges with the gazetteer's and the rules'; by default the
    CRF of data/models/ner.crfsuite, ``()`` for none.  ``lemmatizer`` (kg.morphology, when
    camel-tools' morphology database is installed) lets cue words match by their lemma.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None,
                 relation_model: RelationModel | None = None, rules_only: bool = False,
                 recognizers: Iterable | None = None, lemmatizer=None):
        self.gazetteer = gazetteer or load_gazetteer()
        self.lexicon = lexicon or load_lexicon()
        #: learned recognisers for the mention stage: ``tag(sentences of words) -> IOB2 labels``;
        #: by default the CRF shipped in data/models/ner.crfsuite
        self.recognizers = (LearnedRecognizer.load(),) if recognizers is None else tuple(recognizers)
        self.find_mentions = MentionFinder(self.gazetteer, self.lexicon, self.recognizers)
        self.resolve_entities = EntityResolver(self.gazetteer)
        self.find_relations = RelationFinder(self.gazetteer, self.lexicon, lemmatizer)
        self.find_candidates = CandidateFinder(self.gazetteer, self.lexicon, load_triggers(), lemmatizer)
        self.find_dates = DateFinder(self.lexicon.months)
        self.rules_only = rules_only
        self.relation_model = None if rules_only else (relation_model or RelationModel.load())

    def prepare(self, article: Article, with_candidates: bool = True) -> Prepared:
        document = split_sentences(article)
        recognition = self.find_mentions(document)
        resolution = self.resolve_entities(document, recognition)
        rule_relations = self.find_relations(document, recognition, resolution)
        candidates = self.find_candidates(document, resolution, rule_relations) if with_candidates else []
        entities = date_events(document, resolution.entities, self.find_dates)
        return Prepared(article, entities, rule_relations, tuple(candidates))

    def __call__(self, article: Article) -> Extraction:
        prepared = self.prepare(article, with_candidates=self.relation_model is not None)
        if self.relation_model is None:
            relations, extractor = prepared.rule_relations, "kg-rules"
        else:
            relations, extractor = self.relation_model.decide(list(prepared.candidates)), "kg-rules+model"
        return Extraction(article=article, entities=prepared.entities, relations=relations,
                          extractor=extractor, version=__version__)
