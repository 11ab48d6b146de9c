"""Find names the gazetteers know (countries, cities, organisations, agencies) in a document.

Names are matched on normalised tokens; the first token of a name may carry
proclitics (و ف ب ل ك, ال, لل), so "للأنتربول" is a mention of Interpol and
"بالمغرب" one of Morocco.  Overlapping matches resolve longest first.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from kg.arabic import normalize, strip_definite
from kg.data import read_tsv, split_cell
from kg.extract.phrases import PhraseIndex, PhraseMatch, restore_article
from kg.model import Document, EntityType, Span, Token


#: at most this many sentences keep their matches in memory (then the memo starts again)
_SENTENCE_MEMO = 4096


@dataclass(frozen=True)
class GazetteerEntry:
    """One known thing: a row of data/gazetteers/entities.tsv."""

    id: str
    type: EntityType
    kind: str
    name: str
    label_en: str
    wikidata: str
    country: str  # ISO 3166-1 alpha-2, or ""
    parent: str  # id of the parent organisation, or ""
    adjectives: tuple[str, ...] = ()  # nisba forms of a country: المغربي، المغربية ...
    name_heads: frozenset[str] = frozenset()  # first words of its names, normalised, without ال

    @property
    def is_country(self) -> bool:
        return self.kind in ("country", "territory")

    @property
    def feminine_adjective(self) -> str:
        """The definite feminine nisba that names a body of this country: "المغربية" (وزارة الداخلية المغربية)."""
        return next((a for a in self.adjectives if a.startswith("ال") and a.endswith("ية")), "")


@dataclass(frozen=True)
class GazetteerMatch:
    """A gazetteer name found in a sentence: token range and the entries it may mean."""

    sentence: int
    first: int  # index of the first token in the sentence
    last: int  # index of the last token (inclusive)
    span: Span
    text: str  # surface form without proclitics
    entries: tuple[GazetteerEntry, ...]
    adjective: bool  # matched a country adjective (الفرنسية), not a name


class Gazetteer:
    """An index of names and country adjectives, keyed by normalised tokens."""

    def __init__(self, entries: list[GazetteerEntry], names: dict[str, list[str]], adjectives: dict[str, list[str]]):
        self.entries = {entry.id: entry for entry in entries}
        self._names: PhraseIndex[str] = PhraseIndex(
            (form, entry_id) for entry_id, forms in names.items() for form in forms)
        # place names written without the article ("مالي", "مصر") must not match a word
        # that has it ("المالي": financial); bodies may take it ("أنتربول", "الأنتربول")
        self._definite_forms = {(entry_id, normalized_name(form)) for entry_id, forms in names.items()
                                for form in forms if normalize(form).startswith("ال")}
        self._adjectives: PhraseIndex[str] = PhraseIndex(
            (form, entry_id) for entry_id, forms in adjectives.items() for form in forms)
        self.country_by_code = {e.country: e for e in entries if e.is_country and e.country}
        #: a sentence's words -> the phrases match_sentence found in it (see there)
        self._sentences: dict[tuple[str, ...], list[tuple[PhraseMatch, bool]]] = {}

    def entry(self, entry_id: str) -> GazetteerEntry:
        return self.entries[entry_id]

    def lookup(self, name: str) -> tuple[GazetteerEntry, ...]:
        """Entries whose name or variant is exactly ``name`` (after normalisation)."""
        return tuple(self.entries[i] for i in self._names.lookup(name))

    def adjective_country(self, word: str) -> GazetteerEntry | None:
        """The country a nisba adjective such as "الفرنسية" names, if any."""
        ids = self._adjectives.lookup(word)
        return self.entries[ids[0]] if ids else None

    def match_sentence(self, tokens: tuple[Token, ...], sentence: int, text: str) -> list[GazetteerMatch]:
        """All longest non-overlapping matches in one sentence, left to right.  The rules and the learned
        recogniser's features both ask for each sentence, so the phrases found are kept by the sentence's
        words (a bounded memo) and only placed in ``text`` on each call."""
        words = tuple(token.text for token in tokens)
        found = self._sentences.get(words)
        if found is None:
            found = []
            i = 0
            while i < len(tokens):
                best = self._phrase_at(tokens, i)
                if best:
                    found.append(best)
                    i = best[0].last + 1
                else:
                    i += 1
            if len(self._sentences) >= _SENTENCE_MEMO:
                self._sentences.clear()  # memory stays flat
            self._sentences[words] = found
        return [self._placed(tokens, match, adjective, sentence, text) for match, adjective in found]

    def _match_at(self, tokens: tuple[Token, ...], i: int, sentence: int, text: str) -> GazetteerMatch | None:
        best = self._phrase_at(tokens, i)
        return self._placed(tokens, *best, sentence, text) if best else None

    def _phrase_at(self, tokens: tuple[Token, ...], i: int) -> tuple[PhraseMatch, bool] | None:
        """The longest name or country adjective starting at token ``i``, and whether it is an adjective."""
        name = self._names.match_at(tokens, i)
        if name is not None and name.definite:
            first = tokens[i].norm[name.stripped:]
            first = first[2:] if first.startswith("ال") else first[1:]  # "المالي", "بالمغرب"; "للمغرب"
            words = " ".join([first, *(t.norm for t in tokens[i + 1:name.last + 1])])
            kept = tuple(x for x in name.values
                         if self.entries[x].type is not EntityType.LOCATION or (x, words) in self._definite_forms)
            name = replace(name, values=kept) if kept else None
        adjective = self._adjectives.match_at(tokens, i)
        if adjective and (name is None or adjective.last > name.last):
            return adjective, True
        return (name, False) if name is not None else None

    def _placed(self, tokens: tuple[Token, ...], match: PhraseMatch, adjective: bool, sentence: int,
                text: str) -> GazetteerMatch:
        span = Span(tokens[match.first].span.start + match.stripped, tokens[match.last].span.end)
        surface = restore_article(text[span.start:span.end], match.stripped, match.definite)
        return GazetteerMatch(sentence, match.first, match.last, span, surface,
                              tuple(self.entries[x] for x in match.values), adjective)

    def countries_inside(self, tokens: tuple[Token, ...], match: GazetteerMatch, text: str) -> list[GazetteerMatch]:
        """Countries named inside a longer known name, by name or adjective: the Qatar of
        "وزارة الداخلية القطرية", the Jordan of "مديرية الأمن العام الأردني"."""
        found = []
        i = match.first + 1
        while i <= match.last:
            inner = self._match_at(tokens, i, match.sentence, text)
            if inner is not None and inner.last <= match.last and inner.entries[0].is_country:
                found.append(inner)
                i = inner.last + 1
            else:
                i += 1
        return found

    def parent_inside(self, tokens: tuple[Token, ...], match: GazetteerMatch, text: str) -> GazetteerMatch | None:
        """The parent body named inside a known body's name: the United Nations of
        "الجمعية العامة للأمم المتحدة" (its entry's ``parent``), if its name is there."""
        parent = match.entries[0].parent
        if not parent:
            return None
        for i in range(match.first + 1, match.last + 1):
            inner = self._match_at(tokens, i, match.sentence, text)
            if inner is not None and inner.last <= match.last and any(e.id == parent for e in inner.entries):
                return inner
        return None


def _entity_type(value: str, where: str) -> EntityType:
    try:
        return EntityType(value)
    except ValueError:
        raise ValueError(f"{where}: unknown type {value!r}; use PERSON, ORGANIZATION, LOCATION or EVENT") from None


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer built from data/gazetteers/entities.tsv (cached)."""
    entries: list[GazetteerEntry] = []
    names: dict[str, list[str]] = {}
    adjectives: dict[str, list[str]] = {}
    for row in read_tsv("gazetteers/entities.tsv"):
        entry = GazetteerEntry(
            id=row["id"], type=_entity_type(row["type"], f"entities.tsv row {row['id']}"), kind=row["kind"],
            name=row["name"], label_en=row["label_en"], wikidata=row["wikidata"],
            country=row["country"], parent=row["parent"],
            adjectives=tuple(split_cell(row.get("adjectives", ""))),
            name_heads=frozenset(normalized_name(n).split(" ")[0]
                                 for n in [row["name"], *split_cell(row["variants"])] if n.strip()),
        )
        entries.append(entry)
        names[entry.id] = [entry.name, *split_cell(row["variants"])]
        if row.get("adjectives"):
            adjectives[entry.id] = split_cell(row["adjectives"])
    return Gazetteer(entries, names, adjectives)


def gazetteer_mentions(document: Document, gazetteer: Gazetteer) -> list[GazetteerMatch]:
    """Every gazetteer match in the document, sentence by sentence."""
    matches: list[GazetteerMatch] = []
    for index, sentence in enumerate(document.sentences):
        matches.extend(gazetteer.match_sentence(sentence.tokens, index, document.article.text))
    return matches


def normalized_name(text: str) -> str:
    """The matching form of a multi-word name, without a leading article."""
    return " ".join(strip_definite(w) if i == 0 else w for i, w in enumerate(normalize(text).split()))


__all__ = ["Gazetteer", "GazetteerEntry", "GazetteerMatch", "load_gazetteer", "gazetteer_mentions", "normalized_name"]
