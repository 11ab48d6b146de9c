"""The word lists the rules read: titles and posts, head nouns, given names, ordinals, function words."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.arabic import normalize, normalize_light, strip_definite
from kg.data import data_dir, read_tsv
from kg.extract.phrases import PhraseIndex


@dataclass(frozen=True)
class Title:
    """A word or phrase said of a person: an honorific, a rank or a post."""

    phrase: str
    kind: str  # honorific | rank | post
    relation: str  # heads | memberOf | represents | "" (what the post says about the body named after it)
    label_en: str


@dataclass(frozen=True)
class EventKind:
    """What delimits the name of an event of one kind (data/lexicon/event_kinds.tsv)."""

    kind: str
    by_place: bool  # a country or region adjective, a place or a year: "القمة العربية"
    by_quoted_name: bool  # a quoted name after the head: "تمرين «درع الصحراء»"
    by_bare_name: bool = False  # an unquoted name after the head: "التمرين المشترك نسور السلام 3"


#: "الـ93", "للـ24": a number written as an ordinal with the article
DIGIT_ORDINAL = re.compile(r"^(?:و?ال|و?لل|و?ل)ـ*([0-9٠-٩]+)$")


@dataclass(frozen=True)
class Lexicon:
    titles: PhraseIndex[Title]
    org_heads: PhraseIndex[str]  # head noun -> kind
    event_heads: PhraseIndex[str]
    place_heads: PhraseIndex[str]  # facilities: مطار، قاعدة، قصر ...
    post_bodies: PhraseIndex[str]  # post -> the body it implies (وزير -> وزارة)
    given_names: frozenset[str]  # normalised
    particles: frozenset[str]  # normalised name particles: بن، آل، أبو ...
    name_internal_titles: frozenset[str]  # normalised honorifics that may stand inside a name: الحاج
    function_words: frozenset[str]  # normalised, also without ال
    function_words_light: frozenset[str]  # light-normalised (على and علي differ)
    common_words: frozenset[str]  # normalised ordinary words that are never part of a person name
    ordinals: dict[str, int]  # normalised, without ال -> value (0: a qualifier such as السنوي)
    months: dict[str, int]  # normalised month name -> 1..12
    event_kinds: dict[str, EventKind]  # event head kind -> what delimits its names
    event_place_words: frozenset[str]  # normalised: "العربيه", "العالم"
    direction_words: frozenset[str]  # normalised compass words and pairs: "جنوب", "شمال شرق"
    cue_words: frozenset[str]  # normalised words of lexicon/triggers.tsv: never part of a name ("ممثلا")
    post_qualifiers: frozenset[str] = frozenset()  # normalised: how a post is held ("المكلف", "بالنيابة")
    seat_words: dict[str, str] = None  # normalised word of a body's seat -> before | after ("مقر", "مقرها")

    def is_function_word(self, norm: str) -> bool:
        return norm in self.function_words

    def is_function_word_in_name(self, text: str) -> bool:
        """Function word test for names: "على" ends a name, "علي" does not."""
        return normalize_light(text) in self.function_words_light

    def is_common_word(self, norm: str) -> bool:
        return norm in self.common_words and norm not in self.given_names

    def title_at(self, tokens, k: int, clitics: bool = True, qualifiers: bool = False):
        """A title starting at token ``k``; a rank written with ال in the list ("الرائد")
        is a title only with its article: "رائد" alone is a given name.  Rank qualifiers
        ("ركن", "شرطة") count only with ``qualifiers``, inside a run of titles."""
        match = self.titles.match_at(tokens, k, clitics)
        if match is None:
            return None
        kept = tuple(t for t in match.values if (qualifiers or t.kind != "qualifier")
                     and (match.definite or t.kind == "post" or not normalize(t.phrase).startswith("ال")))
        if kept != match.values:
            return replace(match, values=kept) if kept else None
        return match

    def ordinal(self, norm: str) -> int | None:
        """The value of an ordinal word ("الثامن" 8, "الـ93" 93); 0 for a qualifier ("السنوي")."""
        digits = DIGIT_ORDINAL.match(norm)
        if digits:
            return int(digits.group(1).translate(_ARABIC_INDIC))
        return self.ordinals.get(strip_definite(norm))


_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _words(relative: str) -> list[str]:
    path = data_dir() / relative
    with path.open(encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """All word lists from data/ (cached)."""
    titles: PhraseIndex[Title] = PhraseIndex()
    for row in read_tsv("gazetteers/titles.tsv"):
        titles.add(row["phrase"], Title(row["phrase"], row["kind"], row["relation"], row["label_en"]))
    org_heads: PhraseIndex[str] = PhraseIndex((r["phrase"], r["kind"]) for r in read_tsv("gazetteers/org_heads.tsv"))
    event_heads: PhraseIndex[str] = PhraseIndex((r["phrase"], r["kind"]) for r in read_tsv("gazetteers/event_heads.tsv"))
    place_heads: PhraseIndex[str] = PhraseIndex((r["phrase"], r["kind"]) for r in read_tsv("gazetteers/place_heads.tsv"))
    post_bodies: PhraseIndex[str] = PhraseIndex((r["post"], r["body"]) for r in read_tsv("lexicon/post_bodies.tsv"))
    raw_function_words = _words("lexicon/function_words.txt")
    function_words = {normalize(w) for w in raw_function_words}
    function_words |= {strip_definite(w) for w in function_words if w.startswith("ال")}
    return Lexicon(
        titles=titles,
        org_heads=org_heads,
        event_heads=event_heads,
        place_heads=place_heads,
        post_bodies=post_bodies,
        given_names=frozenset(normalize(r["name"]) for r in read_tsv("gazetteers/given_names.tsv")),
        particles=frozenset(normalize(r["particle"]) for r in read_tsv("gazetteers/family_name_particles.tsv")),
        name_internal_titles=frozenset(normalize(r["word"]) for r in read_tsv("gazetteers/name_internal_titles.tsv")),
        function_words=frozenset(function_words),
        function_words_light=frozenset(normalize_light(w) for w in raw_function_words),
        common_words=frozenset(_words("lexicon/common_words.txt")),
        ordinals={strip_definite(normalize(r["word"])): int(r["value"]) for r in read_tsv("lexicon/ordinals.tsv")},
        months={normalize(r["name"]): int(r["month"]) for r in read_tsv("gazetteers/months.tsv")},
        event_kinds={r["kind"]: EventKind(r["kind"], r["place"] == "yes", r["quoted"] == "yes",
                                         r["named"] == "yes")
                     for r in read_tsv("lexicon/event_kinds.tsv")},
        event_place_words=frozenset(normalize(w) for w in _words("lexicon/event_place_words.txt")),
        direction_words=frozenset(" ".join(normalize(w) for w in line.split())
                                  for line in _words("lexicon/direction_words.txt")),
        cue_words=frozenset(normalize(r["word"]) for r in read_tsv("lexicon/triggers.tsv")),
        post_qualifiers=frozenset(normalize(r["word"]) for r in read_tsv("lexicon/post_qualifiers.tsv")),
        seat_words={normalize(r["word"]): r["position"] for r in read_tsv("lexicon/seat_words.tsv")},
    )


@lru_cache(maxsize=1)
def _parent_organs() -> tuple[str, ...]:
    return tuple(normalize(row["organ"]) for row in read_tsv("lexicon/parent_organs.tsv"))


def is_parent_organ(name: str) -> bool:
    """An organ whose sessions are its body's events, by its name (data/lexicon/parent_organs.tsv):
    "الجمعية العامة للأمم المتحدة"."""
    norm = normalize(name)
    return any(norm.startswith(organ + " ") for organ in _parent_organs())
