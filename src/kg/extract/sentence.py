"""The working state the mention finders share for one sentence, and what they report."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.arabic import proclitic_readings
from kg.extract.gazetteer import GazetteerEntry, GazetteerMatch
from kg.extract.spans import SpanSet
from kg.model import Mention, Span, Token

PUNCT = re.compile(r"^[^\w]+$", re.UNICODE)
DIGITS = re.compile(r"^[0-9٠-٩]+$")
ARABIC_WORD = re.compile(r"^[\u0621-\u064a\u0640\u064b-\u0652\u0670]+$")
OPENERS = {"(", "«", '"', "“", "„", "'"}
#: a hyphen and the dashes that set off an aside ("الوزير - الذي وصل أمس - قال")
DASHES = frozenset({"-", "–", "—"})
TANWEEN = re.compile("[\u064b-\u064d]")


@dataclass(frozen=True)
class Role:
    """A post that links a person to a body: ``relation`` is heads, memberOf or represents."""

    person: Span
    body: Span
    relation: str
    sentence: int
    post: str


@dataclass(frozen=True)
class Anaphor:
    """A word that refers back: an event head alone ("الاجتماع"), "المنظمة", "البلدين" ..."""

    span: Span
    text: str
    sentence: int
    kind: str  # event | organization | person | pair
    head: str  # normalised head word without ال


@dataclass(frozen=True)
class OpenPost:
    """A post whose holder the rules did not find ("وزير الخارجية التونسي" + an unknown name):
    a learned person span starting right after ``end`` holds it."""

    end: int  # character offset where the post (and its body) ends
    bodies: tuple[Span, ...]
    relation: str
    sentence: int
    post: str


@dataclass
class Recognition:
    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    anaphors: list[Anaphor] = field(default_factory=list)
    open_posts: list[OpenPost] = field(default_factory=list)
    #: structural links seen inside names: (subject span, predicate, object span, sentence, rule)
    links: list[tuple[Span, str, Span, int, str]] = field(default_factory=list)
    _mention_spans: SpanSet | None = field(default=None, init=False, repr=False, compare=False)

    def has_mention_at(self, span: Span) -> bool:
        """True when a mention with exactly ``span`` was found (in time independent of how many were)."""
        if self._mention_spans is None or not self._mention_spans.reads(self.mentions):
            self._mention_spans = SpanSet(self.mentions)
        return span in self._mention_spans


class SentenceState:
    """Working state for one sentence: tokens, gazetteer matches, claimed tokens."""

    def __init__(self, index: int, tokens: tuple[Token, ...], text: str, gazetteer_matches: list[GazetteerMatch]):
        self.index = index
        self.tokens = tokens
        self.text = text
        self.gaz_at: dict[int, GazetteerMatch] = {m.first: m for m in gazetteer_matches}
        self.gaz_cover: dict[int, GazetteerMatch] = {}
        for m in gazetteer_matches:
            for k in range(m.first, m.last + 1):
                self.gaz_cover[k] = m
        self.claimed: set[int] = set()  # tokens inside an org/event chain or a person name
        self.chains: list[tuple[int, int, Span]] = []  # organisation chains: first, last token, span

    def span(self, first: int, last: int, stripped: int = 0) -> Span:
        return Span(self.tokens[first].span.start + stripped, self.tokens[last].span.end)

    def surface(self, span: Span) -> str:
        return self.text[span.start:span.end]


def is_punct(tok: Token) -> bool:
    return bool(PUNCT.match(tok.text))


def gazetteer_mention(span: Span, text: str, entry: GazetteerEntry, source: str, sentence: int) -> Mention:
    """A mention of a gazetteer entry, carrying its id, canonical name and links."""
    return Mention(span, text, entry.type, source, key=entry.id, canonical=entry.name,
                   label_en=entry.label_en, wikidata=entry.wikidata, sentence=sentence)


def is_counterpart_word(norm: str) -> bool:
    """"نظيره", "بنظيرتها", "ونظرائه": a counterpart, said with or without proclitics."""
    return any(stem.startswith("نظير") for stem in stems(norm))


@lru_cache(maxsize=131072)
def stems(norm: str) -> frozenset[str]:
    """The word's possible stems without proclitics and article: "بنظيره" -> {"بنظيره", "نظيره"},
    "والمدينة" -> {..., "مدينه"}.  Rules compare these instead of stripping letters by hand."""
    return frozenset(stem for _, stem, _ in proclitic_readings(norm))
