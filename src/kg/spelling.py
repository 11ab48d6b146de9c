"""Normalised words written back the way Arabic newswire writes them, for readable IRIs.

An entity's key is its name in kg's matching normal form (``kg.arabic.normalize``: hamza
seats, alef forms, alef maqsura and teh marbuta unified), so that every spelling of a name
finds the same entity.  An IRI made of that form reads as a misspelling ("روساء",
"الداخليه").  ``written_form`` spells each word with data/lexicon/spellings.tsv (derived
from labelled newswire and kg's own data by scripts/derive_spellings.py); a word the list
lacks keeps its proclitics and has its stem looked up (bare, or with the article ال), and an unknown feminine nisba
ending (-يه) is written -ية.  The result is a function of the key and the shipped list
alone, so IRIs stay the same from one build to the next, and ``normalize`` of it gives the
key back.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from camel_tools.utils.dediac import dediac_ar

from kg.arabic import normalize, proclitic_readings
from kg.data import read_tsv

_TATWEEL = "\u0640"
#: A word this long or longer ending in -يه (normal form) is a feminine nisba or noun in -ية.
_NISBA_MIN_LETTERS = 5


def plain_letters(text: str) -> str:
    """The text as written, without diacritics or tatweel (NFC)."""
    return unicodedata.normalize("NFC", dediac_ar(text).replace(_TATWEEL, ""))


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    table = {}
    for row in read_tsv("lexicon/spellings.tsv"):
        normalized, written = row["normalized"], row["written"]
        if normalize(written) != normalized:
            raise ValueError(
                f"data/lexicon/spellings.tsv: {written!r} does not normalise to {normalized!r}; "
                "re-run scripts/derive_spellings.py"
            )
        table[normalized] = written
    return table


@lru_cache(maxsize=65536)
def written_word(word: str, guess_nisba: bool = True) -> str:
    """One normalised word as usually written: "روساء" -> "رؤساء", "للداخليه" -> "للداخلية".

    ``guess_nisba=False`` leaves an unlisted -يه alone (a person's name may end so)."""
    table = _spellings()
    if word in table:
        return table[word]
    readings = proclitic_readings(word)
    for _, stem, _ in readings[1:]:
        if stem in table:
            return word[:len(word) - len(stem)] + table[stem]
    # the list may hold only the definite word: "والاربعين" and "اربعين" from "الاربعين"
    for _, stem, _ in readings:
        definite = table.get("ال" + stem, "")
        if definite.startswith("ال"):
            return word[:len(word) - len(stem)] + definite[2:]
    if guess_nisba and len(word) >= _NISBA_MIN_LETTERS and word.endswith("يه"):
        return word[:-1] + "ة"
    return word


def written_form(name: str, person: bool = False) -> str:
    """A normalised name (words separated by spaces) as usually written, word by word."""
    return " ".join(written_word(word, guess_nisba=not person) for word in name.split(" "))


__all__ = ["plain_letters", "written_word", "written_form"]
