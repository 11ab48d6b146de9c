"""Rule-based mention finding over a document: gazetteer names and places here, with
organisation and event chains (chains.py) and persons and posts (persons.py).

``MentionFinder`` reads a ``Document`` and returns the mentions it found plus the
roles that posts state ("وزير الداخلية، فلان،": فلان heads the interior ministry)
and the anaphors ("الاجتماع", "المنظمة", "الوزير") that resolution links back.  The
knowledge (names, titles, head nouns) comes from data files through ``Gazetteer``
and ``Lexicon``; these modules hold only Arabic news syntax.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from kg.arabic import normalize, strip_definite
from kg.extract.chains import ChainFinder
from kg.extract.gazetteer import Gazetteer, GazetteerMatch
from kg.extract.learned_spans import learned_mentions, merge_learned
from kg.extract.lexicon import Lexicon, is_parent_organ
from kg.extract.persons import PersonFinder
from kg.extract.sentence import Recognition, SentenceState, gazetteer_mention, stems
from kg.model import Document, EntityType, Mention


class MentionFinder:
    """Finds mentions in a document with the gazetteer and the lexicon."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, recognizers: Sequence = ()):
        self.gaz = gazetteer
        self.lex = lexicon
        self.find_chains = ChainFinder(gazetteer, lexicon)
        self.find_persons = PersonFinder(gazetteer, lexicon, self.find_chains)
        self.recognizers = tuple(recognizers)

    def __call__(self, document: Document, check: Callable[[], None] | None = None) -> Recognition:
        """The document's mentions; ``check`` (the extractor's time budget) is called every
        hundred sentences and may raise to stop."""
        result = Recognition()
        text = document.article.text
        for index, sentence in enumerate(document.sentences):
            if check is not None and index % 100 == 99:
                check()
            matches = self.gaz.match_sentence(sentence.tokens, index, text)
            state = SentenceState(index, sentence.tokens, text, matches)
            self.find_chains(state, result)
            self._gazetteer_mentions(state, result)
            self.find_persons(state, result)
            self._places(state, result)
        for recognizer in self.recognizers:
            source = getattr(recognizer, "name", type(recognizer).__name__.lower())
            merge_learned(result, learned_mentions(document, recognizer, source, self.lex), document.article.text)
        self.find_persons.join_split_names(document, result)
        self.find_persons.recurring_names(document, result)
        return result

    def _gazetteer_mentions(self, s: SentenceState, out: Recognition) -> None:
        for match in s.gaz_at.values():
            entry = match.entries[0]
            if match.adjective:
                # a country named by its adjective: "ليون الفرنسية", "الوفد المغربي"
                out.mentions.append(gazetteer_mention(match.span, match.text, entry, "adjective", s.index))
                continue
            if entry.type is EntityType.PERSON or self._ordinary_word(s, match):
                continue
            mention = gazetteer_mention(match.span, match.text, entry, "gazetteer", s.index)
            if len(match.entries) > 1:
                mention = replace(mention, candidates=tuple(e.id for e in match.entries[1:]))
            out.mentions.append(mention)
            if entry.type is EntityType.ORGANIZATION:
                parent = self.gaz.parent_inside(s.tokens, match, s.text) if is_parent_organ(match.text) else None
                if parent is not None:  # "الجمعية العامة للأمم المتحدة": the United Nations too
                    out.mentions.append(gazetteer_mention(parent.span, parent.text, parent.entries[0],
                                                          "parent-body", s.index))
                for inner in self.gaz.countries_inside(s.tokens, match, s.text):
                    source = "adjective" if inner.adjective else "gazetteer"
                    out.mentions.append(gazetteer_mention(inner.span, inner.text, inner.entries[0], source, s.index))

    def _ordinary_word(self, s: SentenceState, match: GazetteerMatch) -> bool:
        """A one-word city that is also an everyday word ("أطار" and "إطار", "مسقط رأسه")
        counts only after "مدينة" or "العاصمة"."""
        entry = match.entries[0]
        if match.first != match.last or entry.kind not in ("city", "region"):
            return False
        if not self.lex.is_common_word(strip_definite(normalize(match.text))) and not self.lex.is_common_word(normalize(match.text)):
            return False
        if s.index == 0 and match.first == 0 and self._dateline_after(s, match.last + 1):
            return False  # "مسقط 8 سبتمبر (العمانية) -": the dateline's city
        before = [s.tokens[k].norm for k in range(max(0, match.first - 2), match.first)]
        return not any(stems(w) & {"مدينه", "عاصمه"} for w in before)

    def _dateline_after(self, s: SentenceState, k: int) -> bool:
        """What follows a dateline's city: a dash, a bracketed agency, a day number or a month."""
        if k >= len(s.tokens):
            return False
        tok = s.tokens[k]
        return tok.text in ("-", "–", "—", "(", ":") or tok.text.isdigit() or tok.norm in self.lex.months

    def _places(self, s: SentenceState, out: Recognition) -> None:
        """"مدينة X" / "العاصمة X" where X is not in the gazetteer."""
        for k, tok in enumerate(s.tokens[:-1]):
            readings = stems(tok.norm)
            if not readings & {"مدينه", "عاصمه"}:
                continue
            j = k + 1
            if j in s.gaz_cover or j in s.claimed or k in s.gaz_cover:
                continue  # "تونس العاصمة أشغال ...": the capital word belongs to a known name
            if self.find_persons.name_word(s, j, first=True) and not s.tokens[j].norm.startswith("ال"):
                span = s.span(j, j)
                out.mentions.append(Mention(span, s.surface(span), EntityType.LOCATION, "place-rule", sentence=s.index))
