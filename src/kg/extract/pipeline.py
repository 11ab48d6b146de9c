"""Run the extraction stages on one article: Article -> Document -> mentions -> entities -> relations.

Every stage costs time linear in the article's length (bench/long_article.py measures it), and an
``ArticleBudget`` bounds what one article may cost: an article over it raises ``ArticleTooCostly``,
an ``InputError``, so a batch reports it in one line and goes on.
"""
from __future__ import annotations

import time
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
from kg.ingest import InputError
from kg.model import Article, Entity, Extraction, Relation


class ArticleTooCostly(InputError):
    """An article over the extractor's budget (too many tokens, or too long to extract)."""


@dataclass(frozen=True)
class ArticleBudget:
    """What one article may cost.

    ``max_tokens``: 250,000 tokens, about 2.7 MB of Arabic news text (10.8 bytes a token),
    above the 2 MB that kg.ingest reads from one file (185,000 tokens, about 20 s to extract
    here: bench/long_article.py), so a file kg reads never meets it; an Article built in code
    (another reader, a notebook) over it is refused before any work.
    ``max_seconds``: wall time, checked between the stages and every hundred sentences of the
    mention stage, so an article stops within about one stage of it; 300 s is fifteen times what
    the largest file takes here.  ``None`` switches a limit off.
    """

    max_tokens: int | None = 250_000
    max_seconds: float | None = 300.0

    def check_tokens(self, article: Article, tokens: int) -> None:
        if self.max_tokens is not None and tokens > self.max_tokens:
            raise ArticleTooCostly(article.source or article.id, (
                f"article {article.id!r} has {tokens:,} tokens, more than the {self.max_tokens:,} "
                "one article may have; split it into one file per article"))

    def deadline(self) -> float | None:
        return None if self.max_seconds is None else time.monotonic() + self.max_seconds

    def check_time(self, article: Article, deadline: float | None, stage: str) -> None:
        if deadline is not None and time.monotonic() > deadline:
            raise ArticleTooCostly(article.source or article.id, (
                f"article {article.id!r} took more than {self.max_seconds:g} s to extract ({stage}); "
                "split it into shorter articles"))


#: the budget an Extractor keeps unless told otherwise
DEFAULT_BUDGET = ArticleBudget()


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
    ``budget`` bounds one article's cost (``ArticleBudget``; ``None`` for no bound): an
    article over it raises ``ArticleTooCostly``, an ``InputError`` naming the article.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None,
                 relation_model: RelationModel | None = None, rules_only: bool = False,
                 recognizers: Iterable | None = None, lemmatizer=None,
                 budget: ArticleBudget | None = DEFAULT_BUDGET):
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
        self.budget = budget or ArticleBudget(max_tokens=None, max_seconds=None)

    def prepare(self, article: Article, with_candidates: bool = True, deadline: float | None = None) -> Prepared:
        """The article up to the relation decision; raises ``ArticleTooCostly`` past the budget."""
        budget = self.budget
        deadline = budget.deadline() if deadline is None else deadline
        document = split_sentences(article)
        budget.check_tokens(article, sum(len(s.tokens) for s in document.sentences))
        recognition = self.find_mentions(document, lambda: budget.check_time(article, deadline, "names"))
        budget.check_time(article, deadline, "names")
        resolution = self.resolve_entities(document, recognition)
        rule_relations = self.find_relations(document, recognition, resolution)
        budget.check_time(article, deadline, "rules")
        candidates = self.find_candidates(document, resolution, rule_relations) if with_candidates else []
        budget.check_time(article, deadline, "relation candidates")
        entities = date_events(document, resolution.entities, self.find_dates)
        return Prepared(article, entities, rule_relations, tuple(candidates))

    def __call__(self, article: Article) -> Extraction:
        deadline = self.budget.deadline()
        prepared = self.prepare(article, with_candidates=self.relation_model is not None, deadline=deadline)
        if self.relation_model is None:
            relations, extractor = prepared.rule_relations, "kg-rules"
        else:
            relations, extractor = self.relation_model.decide(list(prepared.candidates)), "kg-rules+model"
            self.budget.check_time(article, deadline, "relation decision")
        return Extraction(article=article, entities=prepared.entities, relations=relations,
                          extractor=extractor, version=__version__)
