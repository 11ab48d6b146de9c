"""The features the learned recogniser sees for each token of a sentence (crfsuite attribute strings).

Beyond the word: its normal form, its stem after proclitics (و ف ب ل ك ال لل,
read with ``kg.arabic.proclitic_readings``), prefixes and suffixes, its shape
(digits, Latin, punctuation, quotes), kg's word lists (gazetteer names by
type, given names, titles, organisation and event head nouns, common and
function words), whether it follows a title or a given name, its place in the
sentence, and the same for the two words either side.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.arabic import normalize, proclitic_readings, strip_definite
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.model import Span, Token

_DIGITS = re.compile(r"^[0-9\u0660-\u0669\u06f0-\u06f9.,٫٬/:%-]+$")
_HAS_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_QUOTES = frozenset("\"'«»“”‘’„")


@dataclass(frozen=True)
class WordLists:
    """kg's knowledge files, as the feature extractor reads them."""

    gazetteer: Gazetteer
    lexicon: Lexicon
    known_stems: frozenset[str]  # stems that are words of some list: tells a real proclitic from a first letter


@lru_cache(maxsize=1)
def load_word_lists() -> WordLists:
    gazetteer, lexicon = load_gazetteer(), load_lexicon()
    heads = {head for entry in gazetteer.entries.values() for head in entry.name_heads}
    known = frozenset(lexicon.given_names | lexicon.common_words | lexicon.function_words | heads)
    return WordLists(gazetteer, lexicon, known)


def _shape(word: str) -> list[str]:
    shape = []
    if _DIGITS.match(word) and _HAS_DIGIT.search(word):
        shape.append("digits")
    elif _HAS_DIGIT.search(word):
        shape.append("has_digit")
    if _LATIN.search(word):
        shape.append("latin")
    if not _ARABIC.search(word) and not _LATIN.search(word) and not _HAS_DIGIT.search(word):
        shape.append("punct")
    if any(c in _QUOTES for c in word):
        shape.append("quote")
    return shape


def _length_bucket(norm: str) -> str:
    n = len(norm)
    return str(n) if n <= 3 else "4-5" if n <= 5 else "6-8" if n <= 8 else "9+"


@dataclass
class _Word:
    """What one token contributes, to itself and to its neighbours' windows."""

    norm: str
    stem: str
    clitic: str  # the proclitic letters before the stem ("" / "و" / "ب" / "وال" ...)
    stems: tuple[str, ...]
    shape: list[str]
    marks: list[str]  # list memberships: gaz=B-LOCATION, title=I-post, given, orghead ...


def _words(tokens: list[str], lists: WordLists) -> list[_Word]:
    lexicon = lists.lexicon
    norms = [normalize(t) for t in tokens]
    words = []
    for token, norm in zip(tokens, norms):
        readings = proclitic_readings(norm) if norm else []
        stems = tuple(dict.fromkeys(stem for _, stem, _ in readings)) or (norm,)
        chosen = next((r for r in readings if r[1] in lists.known_stems), None)
        if chosen is None:
            chosen = (len(norm) - len(strip_definite(norm)), strip_definite(norm), False)
        stripped, stem, _ = chosen
        clitic = norm[:len(norm) - len(stem)] if norm.endswith(stem) else norm[:stripped]
        marks = []
        if any(s in lexicon.given_names for s in stems):
            marks.append("given")
        if norm in lexicon.particles:
            marks.append("particle")
        if norm in lexicon.function_words:
            marks.append("function")
        elif lexicon.is_common_word(norm) or lexicon.is_common_word(stem):
            marks.append("common")
        words.append(_Word(norm, stem, clitic, stems, _shape(token), marks))
    # phrase lists match on Token objects; offsets are into the tokens joined by spaces
    text_tokens, offset = [], 0
    for token, norm in zip(tokens, norms):
        text_tokens.append(Token(token, Span(offset, offset + len(token)), norm))
        offset += len(token) + 1
    phrase_tokens = tuple(text_tokens)
    for match in lists.gazetteer.match_sentence(phrase_tokens, 0, " ".join(tokens)):
        kind = "ADJ" if match.adjective else match.entries[0].type.value if match.entries else "NAME"
        for i in range(match.first, match.last + 1):
            words[i].marks.append(f"gaz={'B' if i == match.first else 'I'}-{kind}")
        if match.entries and not match.adjective:
            words[match.first].marks.append(f"gazkind={match.entries[0].kind}")
    for k in range(len(tokens)):
        title = lexicon.title_at(phrase_tokens, k)
        if title is not None:
            kinds = sorted({t.kind for t in title.values})
            for i in range(title.first, title.last + 1):
                words[i].marks += [f"title={'B' if i == title.first else 'I'}-{kind}" for kind in kinds]
            if title.last + 1 < len(tokens):
                words[title.last + 1].marks += [f"after_title={kind}" for kind in kinds]
        for name, index in (("orghead", lexicon.org_heads), ("eventhead", lexicon.event_heads)):
            head = index.match_at(phrase_tokens, k)
            if head is not None:
                for i in range(head.first, head.last + 1):
                    words[i].marks.append(f"{name}={'B' if i == head.first else 'I'}")
    for k in range(1, len(tokens)):
        if "given" in words[k - 1].marks:
            words[k].marks.append("after_given")
    return words


def sentence_features(tokens: list[str], lists: WordLists | None = None) -> list[list[str]]:
    """The crfsuite attributes of each token of one sentence."""
    lists = lists or load_word_lists()
    words = _words(tokens, lists)
    n = len(words)
    features = []
    for i, (token, word) in enumerate(zip(tokens, words)):
        norm, stem = word.norm, word.stem
        f = ["bias", f"w={token}", f"n={norm}", f"stem={stem}", f"clitic={word.clitic}",
             f"len={_length_bucket(stem)}",
             f"p2={stem[:2]}", f"p3={stem[:3]}", f"s1={stem[-1:]}", f"s2={stem[-2:]}", f"s3={stem[-3:]}",
             f"np2={norm[:2]}", f"ns2={norm[-2:]}"]
        f += [f"reading={s}" for s in word.stems if s != stem]
        f += [f"shape={s}" for s in word.shape]
        f += word.marks
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        for d in (-2, -1, 1, 2):
            j = i + d
            if not 0 <= j < n:
                f.append(f"{d}:pad")
                continue
            other = words[j]
            f += [f"{d}:n={other.norm}", f"{d}:stem={other.stem}"]
            f += [f"{d}:{m}" for m in other.marks]
            if abs(d) == 1:
                f += [f"{d}:shape={s}" for s in other.shape]
                f += [f"{d}:s2={other.stem[-2:]}", f"{d}:clitic={other.clitic}"]
        if i > 0:
            f.append(f"-1|0:stem={words[i - 1].stem}|{stem}")
        if i < n - 1:
            f.append(f"0|1:stem={stem}|{words[i + 1].stem}")
        features.append(f)
    return features
