"""Latin spellings of Arabic names for the English side of the page and the exports (``romanize``).

Undiacritised Arabic writes no short vowels, so a romanisation can only guess
them: letters follow simplified ALA-LC without diacritics
(``data/lexicon/romanisation.tsv``), the article ال becomes ``al-``, a word
starting with two consonants gets an ``a`` between them, and common name words
take their usual spelling (``data/lexicon/romanisation_words.tsv``: محمد ->
Mohammed, عبد الله -> Abdullah).  "عبد اللطيف حموشي" -> "Abd al-Latif Hamushi".
Vowel marks, when the text has them, are read instead of guessed (هُدى -> Huda).
The result is what a researcher would type and recognise, not a scholarly
transliteration; the page's search also matches other Latin spellings by their
consonants (``kg.arabic.sound_key``).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from kg.arabic import normalize
from kg.data import read_tsv

__all__ = ["romanize"]

_VOWEL_LETTERS = frozenset("اأإآوىيع")
_INITIAL_VOWELS = frozenset("اأإآع")


@lru_cache(maxsize=1)
def _letters() -> tuple[dict[str, str], dict[str, str]]:
    initial, anywhere = {}, {}
    for row in read_tsv("lexicon/romanisation.tsv"):
        (initial if row["position"] == "initial" else anywhere)[row["letter"]] = row["latin"]
    return initial, anywhere


@lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    return {normalize(row["word"]): row["latin"] for row in read_tsv("lexicon/romanisation_words.tsv")}


_MARKS = {"\u064e": "a", "\u064f": "u", "\u0650": "i", "\u064b": "an", "\u064c": "un", "\u064d": "in",
          "\u0652": "", "\u0670": "a"}
_SHADDA = "\u0651"


def _letters_of(word: str) -> str:
    if any(c in _MARKS for c in word):
        return _marked_letters_of(word)
    # a shadda alone doubles the Latin of the letter it follows
    doubled = {i - 1 - word[:i].count(_SHADDA) for i, c in enumerate(word) if c == _SHADDA}
    return _bare_letters_of(word.replace(_SHADDA, ""), doubled)


def _marked_letters_of(word: str) -> str:
    """A word written with its vowels: they are read, not guessed."""
    initial, anywhere = _letters()
    out: list[str] = []
    for i, char in enumerate(word):
        if char in _MARKS:
            out.append(_MARKS[char])
        elif char == _SHADDA:
            if out and out[-1]:
                out.append(out[-1][-1])
        elif i == 0 and char in initial:
            out.append(initial[char])
        elif char in anywhere:
            out.append(anywhere[char])
    return "".join(out)


def _bare_letters_of(word: str, doubled: frozenset | set = frozenset()) -> str:
    initial, anywhere = _letters()
    out = []
    for i, char in enumerate(word):
        before = out[-1][-1:] if out else ""
        after = word[i + 1:i + 2]
        if i == 0 and char in initial:
            out.append(initial[char])
        elif char in "وي" and (before in ("a", "i", "u") or after == "ا"):
            # beside a vowel, و and ي are the consonants w and y (or lengthen it: إي -> i)
            out.append("" if (char, before) in (("ي", "i"), ("و", "u")) else {"و": "w", "ي": "y"}[char])
        elif char in anywhere:
            out.append(anywhere[char])
        elif char.isascii():
            out.append(char)
        elif char.isdecimal():  # Arabic-Indic digits: ٢٠٢٤ -> 2024
            out.append(str(unicodedata.decimal(char)))
        if i in doubled and out and out[-1]:
            out[-1] += out[-1][-1]
    # two consonants at the start of a word: the short vowel between them is most often a
    if (len(word) > 2 and _is_arabic_letter(word[0]) and _is_arabic_letter(word[1]) and word[0] not in _INITIAL_VOWELS
            and word[1] not in _VOWEL_LETTERS and out[1:2] != ["'"]):
        out[0] += "a"
    return "".join(out)


def _is_arabic_letter(char: str) -> bool:
    return "\u0621" <= char <= "\u064a" or "\u0671" <= char <= "\u06d3"


def _word(word: str) -> str:
    words = _words()
    key = normalize(word)
    if key in words:
        return words[key]
    for proclitic, latin in (("وال", "wal-"), ("بال", "bil-"), ("لل", "lil-"), ("ال", "al-")):
        if key.startswith(proclitic) and len(key) > len(proclitic) + 1:
            body = words.get(key[len(proclitic):]) or _letters_of(word[len(proclitic):])
            return latin + body[:1].upper() + body[1:]
    latin = _letters_of(word)
    return latin[:1].upper() + latin[1:]


def romanize(name: str) -> str:
    """A Latin spelling of the Arabic ``name`` ("" when it has no Arabic letters)."""
    words = [w for w in name.replace("\u0640", "").split() if w]
    if not any("\u0600" <= c <= "\u06ff" for c in name):
        return ""
    words_table = _words()
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = normalize(" ".join(words[i:i + 2]))
        if i + 1 < len(words) and pair in words_table:
            out.append(words_table[pair])
            i += 2
            continue
        out.append(_word(words[i]))
        i += 1
    return " ".join(out)
