"""The frozen data model that flows through kg's stages; nothing else lives here.

Every span is a pair of character offsets into ``Article.text`` (the original
text as read from the file), never a copy that could drift from it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class EntityType(str, Enum):
    """The four scored entity types, plus DATE which is kept but not scored."""

    PERSON = "PERSON"
    ORGANIZATION = "ORGANIZATION"
    LOCATION = "LOCATION"
    EVENT = "EVENT"
    DATE = "DATE"


#: The project's relation predicates (see ontology/kg.ttl for labels and mappings).
PREDICATES: tuple[str, ...] = (
    "attended", "chaired", "heads", "memberOf", "represents", "metWith",
    "visited", "cooperatesWith", "organizedBy", "heldIn", "locatedIn", "partOf",
)
SYMMETRIC_PREDICATES: frozenset[str] = frozenset({"metWith", "cooperatesWith"})


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` into an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end}): start must be >= 0 and <= end")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Article:
    """One news article as read from a file.

    ``text`` is the original text; ``removed`` lists the spans judged to be
    page furniture (share prompts, "read also", English boilerplate). They stay
    in ``text`` so that every offset points into the original, and the text
    layer blanks them out before extraction.
    """

    id: str
    text: str
    source: str = ""  # the file it was read from
    title: str = ""
    date: str = ""  # ISO 8601 date (YYYY-MM-DD) when known
    url: str = ""
    publisher: str = ""  # the newspaper or agency, when the input names it
    removed: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Token:
    """A word or punctuation token: ``text`` is ``article.text[span]``."""

    text: str
    span: Span
    norm: str  # normalised for matching, proclitics kept


@dataclass(frozen=True)
class Sentence:
    span: Span
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class Document:
    """An article split into sentences and tokens (all offsets into article.text)."""

    article: Article
    sentences: tuple[Sentence, ...]

    def text_of(self, span: Span) -> str:
        return self.article.text[span.start:span.end]


@dataclass(frozen=True)
class Mention:
    """A span of text that names something.

    ``key`` identifies the real-world thing when a gazetteer or rule knows it
    (a gazetteer id such as ``org:interpol``); mentions with the same key are
    one entity.  ``source`` says which recogniser found it.
    """

    span: Span
    text: str
    type: EntityType
    source: str
    key: str = ""
    canonical: str = ""  # preferred Arabic name when the source knows one
    label_en: str = ""
    wikidata: str = ""
    sentence: int = -1  # index of the sentence holding the mention
    country: str = ""  # ISO code of the country the text gives a body ("وزير الداخلية السعودي")
    candidates: tuple[str, ...] = ()  # other gazetteer ids a shared name may mean ("عمان": Oman, Amman)
    implied_name: str = ""  # another name the text gives it: a body as a post says it ("وزارة الداخلية والبلديات"),
    # an event's quoted name ("درع الصحراء")


@dataclass(frozen=True)
class Entity:
    """One real-world thing named in an article, with all its mentions."""

    id: str  # article-local id, e.g. "e3"
    type: EntityType
    label: str  # canonical Arabic name
    mentions: tuple[Mention, ...]
    key: str  # cross-article identity: gazetteer id or normalised name + type
    label_en: str = ""
    wikidata: str = ""
    date_start: str = ""  # xsd:date for events, when known
    date_end: str = ""
    aliases: tuple[str, ...] = ()  # other names the text implies: a post's body as said, without its country

    @property
    def surface_forms(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for m in self.mentions:
            seen.setdefault(m.text, None)
        return tuple(seen)


@dataclass(frozen=True)
class Relation:
    """A typed link between two entities of one article, with its evidence."""

    subject: str  # Entity.id
    predicate: str
    object: str  # Entity.id
    confidence: float
    evidence: Span  # the sentence that states it
    rule: str  # name of the rule that produced it

    def __post_init__(self) -> None:
        if self.predicate not in PREDICATES:
            raise ValueError(f"unknown predicate {self.predicate!r}; use one of {', '.join(PREDICATES)}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} must lie in [0, 1]")


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    extractor: str = "kg"
    version: str = ""
    warnings: tuple[str, ...] = field(default=())

    def entity(self, entity_id: str) -> Entity:
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        raise KeyError(f"no entity {entity_id!r} in extraction of article {self.article.id!r}")

    def evidence_text(self, relation: Relation) -> str:
        return self.article.text[relation.evidence.start:relation.evidence.end]
