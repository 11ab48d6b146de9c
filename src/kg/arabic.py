"""The Arabic text layer: cleaning, matching normal form, tokens with offsets, sentences, proclitics.

Built on camel-tools' bundled parts (no data download): ``arclean`` and
``dediac_ar`` for cleaning, ``normalize_*_ar`` for orthographic variants and
``simple_word_tokenize`` for tokens.  Every token keeps its character offsets
into the original article text.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterator

from camel_tools.tokenizers.word import simple_word_tokenize
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

from kg.model import Article, Document, Sentence, Span, Token

_TATWEEL = "\u0640"
_HAMZA_SEATS = str.maketrans({"ؤ": "و", "ئ": "ي", "ٱ": "ا"})
_SPACES = re.compile(r"\s+")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
#: Sentence-final punctuation (Latin and Arabic); a newline also ends a sentence.
_SENTENCE_END = frozenset(".!?؟…")
#: A sentence longer than this many tokens is cut (after its last comma in the second half of the
#: window, else at the limit).  The longest sentence in the annotated articles has 122 tokens; a line
#: of hundreds of kilobytes with no full stop would otherwise make one sentence, and the relation
#: candidates of a sentence cost its entity pairs times its length.
MAX_SENTENCE_TOKENS = 200
_SOFT_BREAKS = frozenset("،,؛;")
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Matching normal form: no diacritics or tatweel; alef, alef maqsura,
    teh marbuta and hamza seats unified; single spaces; Latin lower-cased.

    >>> normalize("الإنتربول") == normalize("الأنتربول")
    True
    """
    text = dediac_ar(text).replace(_TATWEEL, "")
    text = normalize_alef_ar(text)
    text = normalize_alef_maksura_ar(text)
    text = normalize_teh_marbuta_ar(text)
    text = text.translate(_HAMZA_SEATS)
    return _SPACES.sub(" ", text).strip().lower()


@lru_cache(maxsize=65536)
def normalize_light(text: str) -> str:
    """Like ``normalize`` but keeping alef maqsura and teh marbuta apart, so that
    the preposition "على" and the name "علي" stay different words."""
    text = normalize_alef_ar(dediac_ar(text).replace(_TATWEEL, ""))
    return _SPACES.sub(" ", text).strip().lower()


_ARABIC_SOUNDS = str.maketrans({
    "ب": "b", "ت": "t", "ث": "t", "ط": "t", "ج": "j", "ح": "h", "ه": "h", "خ": "k", "ق": "k", "ك": "k",
    "د": "d", "ذ": "d", "ض": "d", "ظ": "d", "ر": "r", "ز": "z", "س": "s", "ص": "s", "ش": "s", "غ": "j",
    "ف": "f", "ل": "l", "م": "m", "ن": "n", "پ": "b", "ڤ": "f", "گ": "j",
})
_LATIN_DIGRAPHS = (("sch", "s"), ("sh", "s"), ("ch", "s"), ("kh", "k"), ("gh", "g"), ("th", "t"), ("dh", "d"),
                   ("ph", "f"), ("dj", "j"), ("ck", "k"))
_LATIN_SOUNDS = str.maketrans({"c": "k", "q": "k", "x": "k", "p": "b", "v": "f", "g": "j"})
_NOT_A_SOUND = re.compile(r"[^bdfhjklmnrstzg ]")


def sound_key(text: str) -> str:
    """A consonant skeleton shared by an Arabic name and its Latin spelling, for search:
    "عبد اللطيف حموشي" -> "bd ltf hms", "Hammouchi" -> "hms".  Final h (teh marbuta) is dropped.  Vowels, و، ي، ع and
    hamza are dropped (Latin spelling writes them too differently to compare), ال is
    dropped, and doubled letters count once."""
    words = []
    for word in dediac_ar(text).lower().split():
        if _ARABIC_LETTER.search(word):
            word = normalize(word)
            if word.startswith("ال") and len(word) > 3:
                word = word[2:]
            word = word.translate(_ARABIC_SOUNDS)
        else:
            word = unicodedata.normalize("NFKD", word)
            word = re.sub(r"^(al|el)[-‐]", "", word)
            word = re.sub(r"^abd[aeiou]l(?=[a-z]{3})", "abd", word)  # "Abdelkrim": the article of عبد الكريم
            for pair, sound in _LATIN_DIGRAPHS:
                word = word.replace(pair, sound)
            word = re.sub(r"c(?=[eiy])", "s", word)
            word = word.translate(_LATIN_SOUNDS)
        word = re.sub(r"(.)\1+", r"\1", _NOT_A_SOUND.sub("", word))
        if len(word) > 1 and word.endswith("h"):
            word = word[:-1]  # teh marbuta, or a Latin final h: "خليفة" / "Khalifa(h)"
        if word:
            words.append(word)
    return " ".join(words)


def has_arabic(text: str, minimum: int = 20) -> bool:
    """True when the text holds at least ``minimum`` Arabic letters."""
    count = 0
    for _ in _ARABIC_LETTER.finditer(text):
        count += 1
        if count >= minimum:
            return True
    return False


@lru_cache(maxsize=65536)
def _word_pieces(word: str) -> tuple[str, ...]:
    """camel-tools' tokens of one whitespace-free word (it splits on whitespace first, so the tokens
    of a text are those of its words in turn): words repeat, so each is tokenised once."""
    return tuple(simple_word_tokenize(word))


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text`` with spans shifted by ``offset``.

    ``simple_word_tokenize`` returns substrings of its input, so each token is
    found again in order, which gives its exact character offsets.
    """
    tokens: list[Token] = []
    cursor = 0
    for word in text.split():
        start = text.find(word, cursor)
        cursor = start + len(word)
        inside = 0
        for piece in _word_pieces(word):
            at = word.find(piece, inside)
            if at < 0:  # defensive: the tokenizer changed a character
                continue
            inside = at + len(piece)
            tokens.append(Token(piece, Span(offset + start + at, offset + start + inside), normalize(piece)))
    return tokens


def visible_text(article: Article) -> str:
    """The article text with removed spans (page furniture) blanked by spaces,
    so offsets into it are offsets into the original."""
    if not article.removed:
        return article.text
    chars = list(article.text)
    for span in article.removed:
        for i in range(span.start, span.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _is_sentence_end(tokens: list[Token], i: int, text: str) -> bool:
    tok = tokens[i]
    if tok.text not in _SENTENCE_END and not all(c in _SENTENCE_END for c in tok.text):
        return False
    if tok.text == ".":
        # 3.5 or 2.1.3: a dot glued between digits is not a sentence end
        prev_end, next_start = tok.span.start, tok.span.end
        before = text[prev_end - 1] if prev_end > 0 else " "
        after = text[next_start] if next_start < len(text) else " "
        if before.isdigit() and after.isdigit():
            return False
        if before.isascii() and before.isalnum() and after.isascii() and (after.islower() or after.isdigit()):
            return False  # "www.example.com", "v2.1": a dot glued inside a Latin word
        # single-letter abbreviations such as "د." before a name
        if (i > 0 and len(tokens[i - 1].text) == 1 and tokens[i - 1].text.isalpha()
                and tokens[i - 1].span.end == tok.span.start):
            return False  # not after a closing quote or bracket: «...». ends the sentence
    return True


def split_sentences(article: Article) -> Document:
    """Split an article into sentences of tokens; offsets point into ``article.text``."""
    text = visible_text(article)
    sentences: list[Sentence] = []
    for line in _lines(text):
        line_start, line_end = line
        tokens = tokenize(text[line_start:line_end], line_start)
        current: list[Token] = []
        closing = False  # just after a sentence end: closing quotes and brackets still belong to it
        for i, tok in enumerate(tokens):
            if closing and not _closes(tok, tokens[i - 1]):
                sentences.append(_sentence(current))
                current = []
            if len(current) >= MAX_SENTENCE_TOKENS:
                cut = _cut_point(current)
                sentences.append(_sentence(current[:cut]))
                current = current[cut:]
            current.append(tok)
            closing = closing and _closes(tok, tokens[i - 1]) or _is_sentence_end(tokens, i, text)
        if current:
            sentences.append(_sentence(current))
    return Document(article=article, sentences=tuple(sentences))


def _cut_point(tokens: list[Token]) -> int:
    """Where to cut an over-long sentence: after its last comma in the second half, else at the end."""
    for k in range(len(tokens) - 1, len(tokens) // 2, -1):
        if tokens[k].text in _SOFT_BREAKS:
            return k + 1
    return len(tokens)


#: marks that close a quotation or a bracket: '."' and '.)' end the sentence after them
_CLOSERS = frozenset(')]»”’')
_STRAIGHT_QUOTES = frozenset('"\'')


def _closes(tok: Token, previous: Token) -> bool:
    """A closing mark right after a sentence end: ')', '»', or a straight quote glued to it."""
    return tok.text in _CLOSERS or (tok.text in _STRAIGHT_QUOTES and tok.span.start == previous.span.end)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in re.finditer(r"\n", text):
        if text[start:match.start()].strip():
            yield start, match.start()
        start = match.end()
    if text[start:].strip():
        yield start, len(text)


def _sentence(tokens: list[Token]) -> Sentence:
    return Sentence(Span(tokens[0].span.start, tokens[-1].span.end), tuple(tokens))


def strip_definite(norm: str) -> str:
    """The word without its article ال (normalised input)."""
    if norm.startswith("ال") and len(norm) > 3:
        return norm[2:]
    return norm


@lru_cache(maxsize=131072)
@lru_cache(maxsize=131072)
def lookup_forms(norm: str) -> tuple[str, ...]:
    """The forms to look a normalised word up by in a word list, most literal first: the word,
    then each proclitic reading as written with its article and without ("وللتعاون" ->
    "للتعاون"…, "التعاون", "تعاون")."""
    forms = dict.fromkeys([norm])
    for _, stem, definite in proclitic_readings(norm):
        forms.setdefault(("ال" + stem) if definite else stem)
        forms.setdefault(stem)
    return tuple(forms)


@lru_cache(maxsize=131072)
def proclitic_readings(norm: str) -> tuple[tuple[int, str, bool], ...]:
    """Ways to read a normalised word as proclitics + stem.

    Returns ``(chars_stripped, stem, definite)`` triples, the plain word first.
    ``stem`` never keeps the article ال; ``definite`` says whether the word had
    it (``لل`` counts: "للانتربول" is ل + الانتربول).  The stem keeps at least
    two letters so that short words are not eaten by the rules.
    """
    readings: list[tuple[int, str, bool]] = []

    def add(stripped: int, rest: str) -> None:
        if rest.startswith("ال") and len(rest) > 3:
            readings.append((stripped, rest[2:], True))
        elif len(rest) >= 2:
            readings.append((stripped, rest, False))

    add(0, norm)
    bases = [(0, norm)]
    if norm[:1] in _CONJUNCTIONS and len(norm) > 3:
        bases.append((1, norm[1:]))
        add(1, norm[1:])
    for stripped, word in bases:
        if word.startswith("لل") and len(word) > 3:
            readings.append((stripped + 1, word[2:], True))
        elif word[:1] in _PREPOSITIONS and len(word) > 3:
            add(stripped + 1, word[1:])
    # keep order, drop duplicates
    seen: set[tuple[int, str, bool]] = set()
    unique = []
    for r in readings:
        if r not in seen:
            seen.add(r)
            unique.append(r)
    return tuple(unique)
