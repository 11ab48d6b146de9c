"""Match multi-word phrases on normalised tokens, letting the first word carry proclitics."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Iterable, TypeVar

from kg.arabic import proclitic_readings, strip_definite, tokenize
from kg.model import Token

V = TypeVar("V")
#: a word that starts with these letters does not carry the article, whatever its normal form
_HAMZA_ALEF_LAM = ("أل", "إل", "آل")
#: at most this many first words keep their readings memoised in each index
_MEMO_SIZE = 100_000


@dataclass(frozen=True)
class PhraseMatch(Generic[V]):
    first: int  # token index of the first word
    last: int  # token index of the last word (inclusive)
    stripped: int  # characters of proclitics before the phrase in the first token
    definite: bool  # the first word carried the article (ال or لل)
    values: tuple[V, ...]


class PhraseIndex(Generic[V]):
    """Phrases keyed by their normalised words; the first word is stored without ال,
    so "الأنتربول", "أنتربول", "للأنتربول" and "بالأنتربول" all find one entry."""

    def __init__(self, phrases: Iterable[tuple[str, V]] = ()):
        self._grouped: dict[tuple[str, ...], list[V]] = {}
        self._index: dict[str, list[tuple[tuple[str, ...], list[V]]]] = {}
        self._listed_with_al: set[tuple[str, ...]] = set()  # keys of phrases whose first word starts ال/أل
        #: with clitics or without: normalised first word -> its readings whose stem starts some phrase,
        #: each with the phrases it starts; most words start none, so most lookups end at this memo
        self._starts: dict[bool, dict[str, tuple]] = {True: {}, False: {}}
        for phrase, value in phrases:
            self.add(phrase, value)

    def add(self, phrase: str, value: V) -> None:
        words = tuple(t.norm for t in tokenize(phrase))
        if not words:
            return
        key = (strip_definite(words[0]), *words[1:])
        self._starts = {True: {}, False: {}}
        if words[0] != key[0]:
            self._listed_with_al.add(key)
        values = self._grouped.get(key)
        if values is None:
            values = self._grouped[key] = []
            bucket = self._index.setdefault(key[0], [])
            bucket.append((key[1:], values))
            bucket.sort(key=lambda item: -len(item[0]))
        if value not in values:
            values.append(value)

    def __contains__(self, phrase: str) -> bool:
        return bool(self.lookup(phrase))

    def lookup(self, phrase: str) -> tuple[V, ...]:
        """Values of exactly this phrase (no proclitics)."""
        words = tuple(t.norm for t in tokenize(phrase))
        if not words:
            return ()
        return tuple(self._grouped.get((strip_definite(words[0]), *words[1:]), ()))

    def match_at(self, tokens: tuple[Token, ...] | list[Token], i: int, clitics: bool = True) -> PhraseMatch[V] | None:
        """The longest phrase starting at token ``i``; with ``clitics`` the first
        word may carry و ف ب ل ك (and ال / لل)."""
        starts = self._starts[clitics].get(tokens[i].norm)
        if starts is None:
            starts = self._readings_that_start(tokens[i].norm, clitics)
        best: PhraseMatch[V] | None = None
        for stripped, stem, definite, bucket in starts:
            for rest, values in bucket:
                end = i + 1 + len(rest)
                if end > len(tokens) or (best is not None and end - 1 <= best.last):
                    continue
                if all(tokens[i + 1 + k].norm == word for k, word in enumerate(rest)):
                    # "ألعاب", "ألمانيا": a hamza on the alef says it is no article, though the
                    # normalised word starts like one; so "ألباريس" is no "باريس" with ال
                    hamza = definite and tokens[i].text[stripped:].startswith(_HAMZA_ALEF_LAM)
                    if hamza and (stem, *rest) not in self._listed_with_al:
                        continue
                    definite = definite and not hamza
                    best = PhraseMatch(i, end - 1, stripped, definite, tuple(values))
                    break
        return best

    def _readings_that_start(self, norm: str, clitics: bool) -> tuple:
        readings = proclitic_readings(norm) if clitics else [(0, strip_definite(norm), norm != strip_definite(norm))]
        starts = tuple((stripped, stem, definite, self._index[stem])
                       for stripped, stem, definite in readings if stem in self._index)
        memo = self._starts[clitics]
        if len(memo) >= _MEMO_SIZE:
            memo.clear()  # memory stays flat on any corpus
        memo[norm] = starts
        return starts


def restore_article(surface: str, stripped: int, definite: bool) -> str:
    """The name as written without its proclitics: after "لل" the alef of ال was elided,
    so the span "لأنتربول" of "للأنتربول" reads "الأنتربول"."""
    if stripped and definite and not surface.startswith("ال") and surface.startswith("ل"):
        return "ال" + surface[1:]
    return surface
