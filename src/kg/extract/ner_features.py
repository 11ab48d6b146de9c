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
from dataclasses import dataclass, field
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


#: at most this many token strings keep their features in memory (then the memo starts again): memory stays flat
_MEMO_SIZE = 200_000


@dataclass(frozen=True)
class WordLists:
    """kg's knowledge files, as the feature extractor reads them."""

    gazetteer: Gazetteer
    lexicon: Lexicon
    known_stems: frozenset[str]  # stems that are words of some list: tells a real proclitic from a first letter
    #: token string -> what it says alone (``_Form``): words repeat, so each is read once
    forms: dict = field(default_factory=dict, compare=False, hash=False, repr=False)


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


@dataclass(frozen=True)
class _Form:
    """What one token string says alone, whatever the sentence: the features it gives itself and its
    neighbours (in the order the model was trained with), and its word-list marks."""

    norm: str
    stem: str
    own: tuple[str, ...]  # bias, w=, n=, stem=, ... reading=, shape=
    marks: tuple[str, ...]  # given, particle, function, common
    before: dict[int, tuple[str, ...]]  # offset -> the window features that come before its marks
    after: dict[int, tuple[str, ...]]  # offset -> those after its marks


def _form(token: str, lists: WordLists) -> _Form:
    known = lists.forms.get(token)
    if known is not None:
        return known
    lexicon = lists.lexicon
    norm = normalize(token)
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
    shape = _shape(token)
    own = ["bias", f"w={token}", f"n={norm}", f"stem={stem}", f"clitic={clitic}",
           f"len={_length_bucket(stem)}",
           f"p2={stem[:2]}", f"p3={stem[:3]}", f"s1={stem[-1:]}", f"s2={stem[-2:]}", f"s3={stem[-3:]}",
           f"np2={norm[:2]}", f"ns2={norm[-2:]}"]
    own += [f"reading={s}" for s in stems if s != stem]
    own += [f"shape={s}" for s in shape]
    before = {d: (f"{d}:n={norm}", f"{d}:stem={stem}") for d in (-2, -1, 1, 2)}
    after = {d: (*(f"{d}:shape={s}" for s in shape), f"{d}:s2={stem[-2:]}", f"{d}:clitic={clitic}")
             if abs(d) == 1 else () for d in (-2, -1, 1, 2)}
    form = _Form(norm, stem, tuple(own), tuple(marks), before, after)
    if len(lists.forms) >= _MEMO_SIZE:
        lists.forms.clear()
    lists.forms[token] = form
    return form


def _marks(tokens: list[str], forms: list[_Form], lists: WordLists) -> list[list[str]]:
    """Each token's list memberships in this sentence: its own marks, then the phrases it is part of
    (gazetteer names, titles, organisation and event heads) and whether it follows a title or a given name."""
    lexicon = lists.lexicon
    marks = [list(form.marks) for form in forms]
    # phrase lists match on Token objects; offsets are into the tokens joined by spaces
    text_tokens, offset = [], 0
    for token, form in zip(tokens, forms):
        text_tokens.append(Token(token, Span(offset, offset + len(token)), form.norm))
        offset += len(token) + 1
    phrase_tokens = tuple(text_tokens)
    for match in lists.gazetteer.match_sentence(phrase_tokens, 0, " ".join(tokens)):
        kind = "ADJ" if match.adjective else match.entries[0].type.value if match.entries else "NAME"
        for i in range(match.first, match.last + 1):
            marks[i].append(f"gaz={'B' if i == match.first else 'I'}-{kind}")
        if match.entries and not match.adjective:
            marks[match.first].append(f"gazkind={match.entries[0].kind}")
    for k in range(len(tokens)):
        title = lexicon.title_at(phrase_tokens, k)
        if title is not None:
            kinds = sorted({t.kind for t in title.values})
            for i in range(title.first, title.last + 1):
                marks[i] += [f"title={'B' if i == title.first else 'I'}-{kind}" for kind in kinds]
            if title.last + 1 < len(tokens):
                marks[title.last + 1] += [f"after_title={kind}" for kind in kinds]
        for name, index in (("orghead", lexicon.org_heads), ("eventhead", lexicon.event_heads)):
            head = index.match_at(phrase_tokens, k)
            if head is not None:
                for i in range(head.first, head.last + 1):
                    marks[i].append(f"{name}={'B' if i == head.first else 'I'}")
    for k in range(1, len(tokens)):
        if "given" in marks[k - 1]:
            marks[k].append("after_given")
    return marks


def sentence_features(tokens: list[str], lists: WordLists | None = None) -> list[list[str]]:
    """The crfsuite attributes of each token of one sentence."""
    lists = lists or load_word_lists()
    forms = [_form(token, lists) for token in tokens]
    marks = _marks(tokens, forms, lists)
    n = len(forms)
    features = []
    for i, form in enumerate(forms):
        f = [*form.own, *marks[i]]
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        for d in (-2, -1, 1, 2):
            j = i + d
            if not 0 <= j < n:
                f.append(f"{d}:pad")
                continue
            other = forms[j]
            f += other.before[d]
            f += [f"{d}:{m}" for m in marks[j]]
            f += other.after[d]
        if i > 0:
            f.append(f"-1|0:stem={forms[i - 1].stem}|{form.stem}")
        if i < n - 1:
            f.append(f"0|1:stem={form.stem}|{forms[i + 1].stem}")
        features.append(f)
    return features
