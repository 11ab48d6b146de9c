"""Run the extraction stages on one article: Article -> Document -> mentions -> entities -> relations."""
from __future__ import annotations

from collections.abc import Iterable

from kg import __version__
from kg.arabic import split_sentences
from kg.extract.dates import DateFinder, date_events
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.relations import RelationFinder
from kg.extract.resolve import EntityResolver
from kg.extract.rules import MentionFinder
from kg.model import Article, Extraction


class Extractor:
    """Article -> Extraction with the bundled gazetteers and rules.  Build once, call per article."""

    def __init__(self, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None,
                 recognizers: Iterable = ()):
        self.gazetteer = gazetteer or load_gazetteer()
        self.lexicon = lexicon or load_lexicon()
        #: learned recognisers for the mention stage: ``tag(sentences of words) -> IOB2 labels``
        self.recognizers = tuple(recognizers)
        self.find_mentions = MentionFinder(self.gazetteer, self.lexicon)
        self.resolve_entities = EntityResolver(self.gazetteer)
        self.find_relations = RelationFinder(self.gazetteer, self.lexicon)
        self.find_dates = DateFinder(self.lexicon.months)

    def __call__(self, article: Article) -> Extraction:
        document = split_sentences(article)
        recognition = self.find_mentions(document)
        resolution = self.resolve_entities(document, recognition)
        relations = self.find_relations(document, recognition, resolution)
        entities = date_events(document, resolution.entities, self.find_dates)
        return Extraction(article=article, entities=entities, relations=relations,
                          extractor="kg-rules", version=__version__)
