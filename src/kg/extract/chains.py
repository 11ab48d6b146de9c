"""Organisation and event names: a head noun with its genitive chain ("وزارة الداخلية المصرية",
"الاجتماع الثامن للأنتربول لرؤساء الأمن والشرطة"), the anaphors a bare head makes ("المنظمة",
"الاجتماع"), and the links a name states (organizedBy, partOf)."""
from __future__ import annotations

import re
from dataclasses import replace

from kg.arabic import strip_definite
from kg.data import read_tsv
from kg.extract.gazetteer import Gazetteer, GazetteerEntry, GazetteerMatch
from kg.extract.lexicon import DIGIT_ORDINAL, EventKind, Lexicon
from kg.extract.phrases import PhraseIndex, restore_article
from kg.extract.sentence import (ARABIC_WORD, DASHES, DIGITS, OPENERS, TANWEEN, Anaphor, Recognition, SentenceState,
                                 gazetteer_mention, is_punct, stems)
from kg.model import EntityType, Mention, Span

_MAX_CHAIN = 16
#: a year that closes an event's name: "أولمبياد باريس 2024"
_YEAR = re.compile(r"^(?:19|20|١٩|٢٠)[0-9٠-٩]{2}$")
_BRACKETS = {"(", "["}
#: event kinds that a body's name after the head delimits: "اجتماع اللجنة المشتركة"
_MEETING_KINDS = {"meeting", "session"}
#: event kinds whose head only frames another event after ل: "الجلسة الافتتاحية للمناظرة ..."
_FRAMING_KINDS = {"session", "ceremony"}
#: heads that also mean the act of chairing when an event follows: "رئاسة الاجتماعات"
_CHAIRING = {"رياسه"}  # normalised: رئاسة
#: participles whose object follows ب inside a name: "المتعلقة بالألغام", "المعني بالمخدرات"
_PARTICIPLES_WITH_BI = {"المتعلقه", "المتعلق", "المعني", "المعنيه", "الخاصه", "الخاص", "المكلفه", "المكلف",
                        "المختصه", "المختص"}
#: verbal nouns of purpose whose object follows من inside a name: "للوقاية من", "للحد من"
_PURPOSE_NOUNS = {"وقايه", "حد", "تخفيف", "تقليل", "حمايه"}
#: dual heads (normalised, without ال) and the singular that names each of the two bodies
_DUAL_HEADS = {"وزارتا": "وزارة", "وزارتي": "وزارة", "هيئتا": "هيئة", "هيئتي": "هيئة",
               "مديريتا": "مديرية", "مديريتي": "مديرية"}
#: nouns a place name follows inside a body's name: "لمدينة طنجة", "بمحافظة ظفار"
_PLACE_NOUNS = {"مدينه", "عاصمه", "محافظه", "ولايه", "جهه", "اقليم", "منطقه", "بلديه"}
_CLOSERS = {")", "]", "»", '"', "”", "'"}
#: an event kind the lexicon does not describe: only ordinals, numbers and bodies delimit it
_PLAIN_KIND = EventKind("", False, False)
#: words that introduce an event's topic or motto
_TOPIC_WORDS = {"حول", "بعنوان", "تحت", "بشان"}


class ChainFinder:
    """Finds organisation and event chains in one sentence."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon):
        self.gaz = gazetteer
        self.lex = lexicon
        self._place_words = frozenset(strip_definite(w) for w in lexicon.event_place_words)
        #: heads of bodies and places often named after a person: "جامعة محمد الخامس"
        self._eponym_heads: PhraseIndex[str] = PhraseIndex(
            (r["phrase"], r["example"]) for r in read_tsv("gazetteers/eponym_heads.tsv"))

    def __call__(self, s: SentenceState, out: Recognition) -> None:
        self._dual_bodies(s, out)
        self._bodies_and_events(s, out)
        self._facilities(s, out)

    def _bodies_and_events(self, s: SentenceState, out: Recognition) -> None:
        i = 0
        while i < len(s.tokens):
            gaz = s.gaz_at.get(i)
            if gaz and not gaz.adjective and gaz.entries[0].type is EntityType.ORGANIZATION:
                i = gaz.last + 1  # a known organisation: the gazetteer names it
                continue
            head = self.lex.event_heads.match_at(s.tokens, i)
            kind = EntityType.EVENT
            if head is None:
                head = self.lex.org_heads.match_at(s.tokens, i)
                kind = EntityType.ORGANIZATION
            if head is None or (i in s.gaz_cover and s.gaz_cover[i].first != i) or self._is_adjective_use(s, head):
                i += 1
                continue
            chairing = kind is EntityType.ORGANIZATION and bool(stems(s.tokens[head.first].norm) & _CHAIRING)
            if chairing and (s.tokens[head.first].norm.startswith("بر") or head.last + 1 < len(s.tokens)
                             and self.lex.event_heads.match_at(s.tokens, head.last + 1)):
                i += 1  # "تسلم رئاسة الاجتماعات", "برئاسة وزيري الخارجية": chairing, not a body
                continue
            if (kind is EntityType.EVENT and head.values[0] in _FRAMING_KINDS and head.last + 1 < len(s.tokens)
                    and s.tokens[head.last + 1].norm.startswith("ل")
                    and self.lex.event_heads.match_at(s.tokens, head.last + 1) is not None):
                i = head.last + 1  # "الجلسة الافتتاحية للندوة الإقليمية الثالثة": the event is the one framed
                continue
            if kind is EntityType.EVENT:
                head = self._coordinated_heads(s, head)  # "معرض ومؤتمر الشرق الأوسط للطاقة"
            last = self.extend_chain(s, head.last + 1, in_event=kind is EntityType.EVENT)
            if kind is EntityType.ORGANIZATION and last == head.last:
                last = self._eponym_end(s, head) or last  # "معهد سعود الفلاني الدبلوماسي"
            gaz_after = s.gaz_at.get(head.last + 1)
            if (kind is EntityType.ORGANIZATION and gaz_after is not None and gaz_after.last == last
                    and not gaz_after.adjective and gaz_after.entries[0].type is EntityType.ORGANIZATION
                    and not s.tokens[head.last + 1].norm.startswith("ل")):
                # "وكالة اليوروبول", "منظمة الأنتربول": the known body itself, head included (not
                # "الأمانة العامة لجامعة الدول العربية": a genitive names a part of it)
                span = s.span(head.first, last, head.stripped)
                out.mentions.append(gazetteer_mention(span, s.surface(span), gaz_after.entries[0], "chain", s.index))
                s.claimed.update(range(head.first, last + 1))
                s.chains.append((head.first, last, span))
                i = last + 1
                continue
            if self._bare_definite_head(s, head):
                last = head.last  # "المنظمة لمواجهة ...", "المنظمة والإرهاب": the body said before
            if kind is EntityType.EVENT:
                last = self._event_name_end(s, head, last)
                if not self._is_delimited_event(s, head, last):
                    self._event_anaphor(s, head, out)
                    i = head.last + 1
                    continue
            elif last == head.last and not (head.definite and head.last > head.first):
                self._org_anaphor(s, head, out)
                i = head.last + 1
                continue
            elif last > head.last and all(self.lex.ordinal(t.norm) for t in s.tokens[head.last + 1:last + 1]):
                i = last + 1  # "المركز الثاني", "المجموعة الأولى": a rank or a group, not a body
                continue
            known, last = self._bracketed_alias(s, last, kind)
            span = s.span(head.first, last, head.stripped)
            surface = self._head_surface(s, span, head)
            if known is not None:
                out.mentions.append(gazetteer_mention(span, surface, known, "chain", s.index))
            else:
                out.mentions.append(Mention(span, surface, kind, "chain", sentence=s.index,
                                            implied_name=self._quoted_name(s, head.last + 1, last)))
            s.claimed.update(range(head.first, last + 1))
            if kind is EntityType.ORGANIZATION:
                s.chains.append((head.first, last, span))
            self._chain_links(s, span, head.last + 1, last, kind, out)
            i = last + 1

    def _facilities(self, s: SentenceState, out: Recognition) -> None:
        """Named places opened by a facility head (data/gazetteers/place_heads.tsv): "مطار الملك خالد
        الدولي", "قاعدة ثمريت الجوية", "قصر بعبدا", 'نادي الضباط «فلان»'."""
        i = 0
        while i < len(s.tokens):
            head = self.lex.place_heads.match_at(s.tokens, i)
            if head is None or i in s.claimed or i in s.gaz_cover:
                i += 1
                continue
            j = head.last + 1
            title = self.lex.title_at(s.tokens, j, clitics=False) if j < len(s.tokens) else None
            if title is not None and title.values[0].kind == "honorific":
                j = title.last + 1  # "مطار الملك خالد الدولي", "قاعدة الأمير سلطان الجوية"
            eponym = self._eponym_end(s, head) if j == head.last + 1 else None
            if eponym is not None:
                last = eponym  # "قاعدة سالم الفلاني الجوية": named after a person
            else:
                while j < len(s.tokens) and j - head.last <= 4 and self._proper_word(s, j):
                    j += 1  # "قصر بعبدا", "مطار معيتيقة الدولي"
                last = self.extend_chain(s, j, in_event=True)
                last = max(last, j - 1)
            k = last + 1
            if k < len(s.tokens) and s.tokens[k].text in OPENERS:  # 'نادي الضباط «حسن بسوما»'
                close = next((c for c in range(k + 2, min(k + 6, len(s.tokens))) if s.tokens[c].text in _CLOSERS), None)
                last = close if close is not None else last
            words = range(head.first + 1, last + 1)
            named = any(k in s.gaz_cover or (ARABIC_WORD.match(s.tokens[k].text)
                        and not self.lex.is_common_word(strip_definite(s.tokens[k].norm))
                        and not self.lex.is_common_word(s.tokens[k].norm)
                        and not self.lex.is_function_word(s.tokens[k].norm)) for k in words)
            if last <= head.last or not named or any(k in s.claimed for k in words):
                i = head.last + 1
                continue
            span = s.span(head.first, last, head.stripped)
            out.mentions.append(Mention(span, self._head_surface(s, span, head), EntityType.LOCATION, "chain",
                                        sentence=s.index))
            s.claimed.update(range(head.first, last + 1))
            i = last + 1

    def _eponym_end(self, s: SentenceState, head) -> int | None:
        """The last token of a name made of an indefinite head (data/gazetteers/eponym_heads.tsv),
        a person's name and the chain after it: "جامعة محمد الخامس", "مركز خالد الفلاني
        للدراسات"; ``None`` when no given name follows the head.  A given name that is also
        a word of time ("صباح") opens the name only before a word that is no ordinary word."""
        j = head.last + 1
        if head.definite or head.last != head.first or j + 1 >= len(s.tokens):
            return None
        match = self._eponym_heads.match_at(s.tokens, head.first)
        if match is None or match.last != head.last:
            return None
        tok, after = s.tokens[j], s.tokens[j + 1]
        if not ARABIC_WORD.match(tok.text) or self.lex.title_at(s.tokens, j) is not None:
            return None
        if not (tok.norm in self.lex.given_names or tok.norm.startswith("عبد") and len(tok.norm) > 4):
            return None
        if not ARABIC_WORD.match(after.text) or after.norm in self.lex.months or any(
                self.lex.is_function_word(w) or self.lex.is_common_word(w) for w in (after.norm, strip_definite(after.norm))):
            return None  # "مركز سالم اليوم", "قاعدة صباح الأحد": not a name
        k = j + 1
        while k < len(s.tokens) and k - j <= 3 and (s.tokens[k - 1].norm in self.lex.particles
                                                   or self._proper_word(s, k) or self._definite_name_part(s, k)):
            k += 1  # "مركز خالد بن سالم", "معهد عمر كمال", "قاعدة سالم الأحمد"
        last = k - 1
        while last + 1 < len(s.tokens):
            k = last + 1
            gaz = s.gaz_at.get(k)
            if gaz is None and s.tokens[k].norm.startswith("ال") and _looks_adjective(s.tokens[k].norm) \
                    and self.lex.title_at(s.tokens, k) is None:
                last = k  # "قاعدة سالم الأحمد البحرية": the place's adjective after the person's name
                continue
            end = self.extend_chain(s, k)
            if end < k:
                break
            last = end
            if s.gaz_at.get(end) is not None or (gaz is not None and gaz.adjective):
                break  # "معهد سالم الفلاني الدبلوماسي الكويتي": the country closes the name
        return last

    def _definite_name_part(self, s: SentenceState, k: int) -> bool:
        """A family name with the article made of a given name: "الأحمد", "الناصر"."""
        norm = s.tokens[k].norm
        return (norm.startswith("ال") and strip_definite(norm) in self.lex.given_names and k not in s.gaz_cover
                and self.lex.title_at(s.tokens, k) is None)

    def _proper_word(self, s: SentenceState, k: int) -> bool:
        """A word that can only be (part of) a name: Arabic, not an ordinary, function or title word."""
        tok = s.tokens[k]
        return (ARABIC_WORD.match(tok.text) is not None and not tok.norm.startswith("ال") and k not in s.gaz_cover
                and not self.lex.is_common_word(tok.norm) and not self.lex.is_function_word(tok.norm)
                and self.lex.title_at(s.tokens, k) is None and not TANWEEN.search(tok.text))

    def _dual_bodies(self, s: SentenceState, out: Recognition) -> None:
        """"وزارتا الخارجية الصومالية والمصرية": a dual head, one field and two country adjectives
        name two bodies, "وزارة الخارجية الصومالية" and "وزارة الخارجية المصرية"."""
        for k, tok in enumerate(s.tokens[:-3]):
            singular = next((_DUAL_HEADS[w] for w in stems(tok.norm) if w in _DUAL_HEADS), None)
            field = s.tokens[k + 1]
            if singular is None or not field.norm.startswith("ال") or k + 1 in s.gaz_cover:
                continue
            first, second = s.gaz_at.get(k + 2), s.gaz_at.get(k + 3)
            if s.tokens[k + 2].norm == "في" and k + 4 < len(s.tokens):
                # "وزارتي الداخلية في ليبيا وتونس": the two countries by name after في
                first, second = s.gaz_at.get(k + 3), s.gaz_at.get(k + 4)
                if (first and second and not first.adjective and not second.adjective
                        and first.entries[0].is_country and second.entries[0].is_country
                        and first.last == k + 3 and s.tokens[k + 4].norm.startswith("و")):
                    # the second body is said by its country's word, و included (the country is nested in it)
                    for country, span in ((first, s.span(k, k + 3)), (second, s.span(k + 4, second.last))):
                        adjective = country.entries[0].feminine_adjective
                        name = f"{singular} {field.text} {adjective}" if adjective else f"{singular} {field.text}"
                        out.mentions.append(Mention(span, s.surface(span), EntityType.ORGANIZATION, "chain",
                                                    canonical=name, sentence=s.index,
                                                    country=country.entries[0].country))
                    s.claimed.update(range(k, second.last + 1))
                continue
            if not (first and second and first.adjective and second.adjective and first.last == k + 2
                    and s.tokens[k + 3].norm.startswith("و")):
                continue
            for adjective, span in ((first, s.span(k, k + 2)), (second, second.span)):
                name = f"{singular} {field.text} {adjective.text}"
                out.mentions.append(Mention(span, s.surface(span), EntityType.ORGANIZATION, "chain",
                                            canonical=name, sentence=s.index))
            s.claimed.update(range(k, second.last + 1))

    def extend_chain(self, s: SentenceState, j: int, coordinated: bool = False, in_event: bool = False) -> int:
        """Index of the last token of the genitive chain that starts at ``j`` (``j - 1`` if none).

        With ``coordinated``, "و" + a construct noun continues the chain: the fields of
        a post ("للأمن الوطني ومراقبة التراب الوطني")."""
        last = j - 1
        while j < len(s.tokens) and j - last <= 1 and j - (last if last >= 0 else 0) < _MAX_CHAIN:
            tok = s.tokens[j]
            if is_punct(tok) or DIGITS.match(tok.text):
                if tok.text in DASHES and self._dashed_adjective_pair(s, last, j):
                    last = j + 1  # "القمة الأفريقية – الأوروبية": two adjectives joined by a dash
                    j += 2
                    continue
                if DIGITS.match(tok.text) and j == last + 1 and self._is_head_before(s, j):
                    last = j
                    j += 1
                    continue
                if DIGITS.match(tok.text) and j == last + 1 and len(tok.text) <= 3 and last >= 0 \
                        and not self._counted_noun_after(s, j):
                    last = j  # "تمرين أمن الخليج العربي 4": a number closes the name
                break
            gaz = s.gaz_at.get(j)
            if gaz is not None and self._gaz_joins_chain(s, gaz, in_event):
                last = gaz.last
                if gaz.adjective:
                    pair = self._paired_adjective(s, gaz.last + 1)
                    if pair is None:
                        break  # "وزارة الداخلية المصرية": the country closes the name
                    # "القمة العربية – الروسية الأولى", "اللجنة المصرية السودانية المشتركة": two
                    # countries' adjectives name a joint body or event; an ordinal or adjective may follow
                    last = pair.last
                    k = pair.last + 1
                    while k < len(s.tokens) and (self.lex.ordinal(s.tokens[k].norm) is not None
                                                 or s.tokens[k].norm.startswith("ال")
                                                 and _looks_adjective(s.tokens[k].norm)
                                                 and k not in s.gaz_cover):
                        last = k
                        k += 1
                    break
                j = gaz.last + 1
                if j < len(s.tokens) and s.tokens[j].norm.startswith("و") and gaz.entries[0].type is EntityType.ORGANIZATION:
                    break  # "الأمانة العامة لجامعة الدول العربية | والدول الأعضاء": a known body ends the name
                continue
            if (tok.norm.startswith("بال") and last == j - 1 and j > 0
                    and s.tokens[j - 1].norm in _PARTICIPLES_WITH_BI):
                last = j  # "للأعمال المتعلقة بالألغام", "المعني بالمخدرات"
                j += 1
                continue
            if tok.norm == "من" and self._purpose_before(s, j) and j + 1 < len(s.tokens) \
                    and self._joins_chain(s, j + 1, in_event, after_purpose=True):
                last = j + 1  # "المركز العربي للوقاية من الكوارث", "للحد من المخاطر"
                j += 2
                continue
            if not self._joins_chain(s, j, in_event) and not (coordinated and self._coordinated_field(s, j)):
                break
            last = j
            j += 1
        return last

    def _coordinated_heads(self, s: SentenceState, head):
        """"معرض ومؤتمر ...": an event head, و and a second, indefinite head share one name."""
        k = head.last + 1
        if head.definite or k >= len(s.tokens) or not s.tokens[k].norm.startswith("و"):
            return head
        second = self.lex.event_heads.match_at(s.tokens, k)
        if second is None or second.definite or second.stripped != 1 or second.last + 1 >= len(s.tokens):
            return head
        return replace(head, last=second.last)

    def _dashed_adjective_pair(self, s: SentenceState, last: int, j: int) -> bool:
        """A dash at ``j`` between two definite nisba adjectives, the first closing the chain so far."""
        if last != j - 1 or last < 0 or j + 1 >= len(s.tokens):
            return False
        before, after = s.tokens[last].norm, s.tokens[j + 1].norm
        return (before.startswith("ال") and _looks_adjective(before) and after.startswith("ال")
                and _looks_adjective(after) and not self.lex.is_function_word(after))

    def _paired_adjective(self, s: SentenceState, k: int) -> GazetteerMatch | None:
        """A second country adjective right after one, or after a dash: "العربية – الروسية"."""
        if k < len(s.tokens) and s.tokens[k].text in DASHES:
            k += 1
        gaz = s.gaz_at.get(k)
        if gaz is None or not gaz.adjective or s.tokens[k].norm.startswith("و"):
            return None
        return gaz

    def _counted_noun_after(self, s: SentenceState, j: int) -> bool:
        """"الاجتماع ... 14 دولة": a number followed by a noun counts that noun; it is no part of a name."""
        k = j + 1
        if k >= len(s.tokens) or is_punct(s.tokens[k]) or not ARABIC_WORD.match(s.tokens[k].text):
            return False
        norm = s.tokens[k].norm
        return not (self.lex.is_function_word(norm) or norm in self.lex.months or norm.startswith("و"))

    def _purpose_before(self, s: SentenceState, j: int) -> bool:
        """The word before ``j`` is a verbal noun of purpose that takes من: "للوقاية", "للحد"."""
        return j > 0 and bool(stems(s.tokens[j - 1].norm) & _PURPOSE_NOUNS) and s.tokens[j - 1].norm.startswith("ل")

    def _coordinated_field(self, s: SentenceState, j: int) -> bool:
        norm = s.tokens[j].norm
        return (norm.startswith("و") and len(norm) > 3 and j + 1 < len(s.tokens)
                and s.tokens[j + 1].norm.startswith("ال") and not self.lex.is_function_word(norm[1:]))

    def _bracketed_alias(self, s: SentenceState, last: int, kind: EntityType) -> tuple[GazetteerEntry | None, int]:
        """"وكالة ... للتعاون بين قوات إنفاذ القانون (EUROPOL)": a long name, then within a few
        words a known body in brackets or quotes, is that body; the name runs up to the bracket."""
        if kind is not EntityType.ORGANIZATION:
            return None, last
        for k in range(last + 1, min(last + 8, len(s.tokens))):
            tok = s.tokens[k]
            if tok.text in OPENERS or tok.text.endswith(tuple(OPENERS)):
                gaz = s.gaz_at.get(k + 1)
                if gaz and not gaz.adjective and gaz.entries[0].type is EntityType.ORGANIZATION:
                    return gaz.entries[0], k - 1
                return None, last
            if is_punct(tok) or self.lex.is_function_word(tok.norm) and tok.norm != "بين":
                return None, last
        return None, last

    def _bare_definite_head(self, s: SentenceState, head) -> bool:
        """A definite one-word head names a new body only with an adjective after it
        ("المنظمة الدولية", "الشرطة الإسبانية"); "المنظمة لمواجهة ..." or
        "اللجنة الخطوات ..." refer back to a body already named."""
        if not head.definite or head.first != head.last:
            return False
        k = head.last + 1
        if k >= len(s.tokens):
            return True
        nxt = s.tokens[k].norm
        if not nxt.startswith("ال") or self.lex.is_function_word(nxt):
            return True
        gaz = s.gaz_at.get(k)
        if gaz is not None and gaz.adjective or self.lex.ordinal(nxt) is not None:
            return False
        return not _looks_adjective(nxt)

    def _is_adjective_use(self, s: SentenceState, head) -> bool:
        """"الجريمة المنظمة": a definite participle-like head ("المنظمة", "المتحدة") right after a
        definite noun is that noun's adjective, not a new body."""
        if not head.definite or head.stripped or head.first == 0:
            return False
        if not strip_definite(s.tokens[head.first].norm).startswith("م"):
            return False
        prev = s.tokens[head.first - 1]
        return (prev.norm.startswith("ال") and ARABIC_WORD.match(prev.text) is not None
                and head.first - 1 not in s.gaz_cover and not self.lex.is_function_word(prev.norm)
                and self.lex.title_at(s.tokens, head.first - 1) is None)  # "افتتح الوزير المؤتمر"

    def _is_head_before(self, s: SentenceState, j: int) -> bool:
        prev = s.tokens[j - 1]
        return bool(self.lex.event_heads.lookup(prev.text) or self.lex.org_heads.lookup(prev.text))

    def _gaz_joins_chain(self, s: SentenceState, gaz: GazetteerMatch, in_event: bool = False) -> bool:
        first = s.tokens[gaz.first]
        norm = first.norm
        if self.lex.is_function_word(norm):
            return False
        if gaz.adjective:
            return True  # "الشرطة الإسبانية", "وزارة الداخلية المصرية"
        if in_event and gaz.span.start == first.span.start and gaz.entries[0].type is EntityType.LOCATION:
            return True  # "أولمبياد باريس", "منتدى بيروت": the ب is the name's, not a preposition
        if (gaz.entries[0].type is EntityType.ORGANIZATION and gaz.span.start == first.span.start
                and not norm.startswith(("ب", "و", "ف", "في"))):
            return True  # "جهاز خفر السواحل الليبي": a head in construct with a known body
        if (gaz.first > 0 and gaz.span.start == first.span.start and gaz.entries[0].type is EntityType.LOCATION
                and stems(s.tokens[gaz.first - 1].norm) & _PLACE_NOUNS):
            return True  # "الجماعة الحضرية لمدينة طنجة": the place a noun of places names
        if (gaz.first > 0 and gaz.span.start == first.span.start and gaz.entries[0].type is EntityType.LOCATION
                and not s.tokens[gaz.first - 1].norm.startswith(("ال", "وال"))
                and self.lex.org_heads.match_at(s.tokens, gaz.first - 1) is not None):
            return True  # "شرطة أربيل", "لشرطة دبي": an indefinite head in construct with a place
        if norm.startswith(("ب", "وب", "في")) and not norm.startswith("بر"):
            return gaz.span.start == first.span.start and not norm.startswith("ب")
        return norm.startswith(("ال", "لل", "ل", "وال"))

    def _joins_chain(self, s: SentenceState, j: int, in_event: bool = False, after_purpose: bool = False) -> bool:
        tok = s.tokens[j]
        norm = tok.norm
        if after_purpose:  # the object of "للحد من": a noun, definite or not
            return bool(ARABIC_WORD.match(tok.text)) and not self.lex.is_function_word(norm) \
                and self.lex.title_at(s.tokens, j) is None
        if DIGIT_ORDINAL.match(norm):
            return True  # "الدورة الـ93"
        if not ARABIC_WORD.match(tok.text) or self.lex.is_function_word(norm):
            return False
        if self.lex.title_at(s.tokens, j) and not (norm.startswith("ل") and not norm.startswith("ال")):
            return False  # "وزير الداخلية اللواء ...", "والرئيس الفخري": a person's title, not the name
        if norm.startswith("وال") or norm.startswith("ول"):
            # "مركز القيادة والتنسيق": coordination inside a name, unless a new body starts
            rest = norm[1:]
            starts_event = self.lex.event_heads.match_at(s.tokens, j)
            starts_body = self.lex.org_heads.match_at(s.tokens, j) or starts_event
            # in an event's name a definite body continues it ("لرؤساء الأمن والشرطة"); a new event does not
            if starts_body and not (in_event and starts_body.definite and not starts_event):
                return False
            return rest.startswith("ال") or rest.startswith("ل")
        if norm.startswith("ال") and j > 0 and s.tokens[j - 1].norm.startswith(("ال", "لل")) and (
                self.lex.org_heads.match_at(s.tokens, j, clitics=False)
                or self.lex.event_heads.match_at(s.tokens, j, clitics=False)):
            return False  # "وزارة الداخلية | الدورة التدريبية": a definite name, then a new one
        if norm.startswith("ال") or norm.startswith("لل"):
            return not self.lex.is_function_word(strip_definite(norm))
        if norm.startswith("ل") and len(norm) > 3:
            return True  # "لمكافحة", "لرؤساء"
        if norm in ("عشر", "عشره") and j > 0 and self.lex.ordinal(s.tokens[j - 1].norm):
            return True  # "الحادي عشر"
        # an indefinite construct noun ("وزراء", "مكافحة") joins when a definite word follows
        # an indefinite construct noun ("وزراء", "مكافحة") joins when a definite word follows,
        # and only after an indefinite word: once a chain is definite, an indefinite noun
        # starts a new phrase ("المكتب الأممي ممثلته ...", "وزير الداخلية عبد الوافي ...")
        prev = s.tokens[j - 1].norm if j > 0 else ""
        if prev.startswith(("ال", "لل", "وال")):
            return False
        clitic_free = norm[:1] not in ("ب", "و", "ف", "ك") or self.lex.is_common_word(norm)  # "وزراء": و of the root
        # a nisba-looking word ("خارجية") is a noun when more construct nouns follow it
        if j + 1 < len(s.tokens) and clitic_free and (not _looks_adjective(norm) or self._plain_noun(s, j + 1)):
            if self._looks_like_name_start(s, j):
                return False
            # "مجلس وزراء صحة دول الجامعة العربية": construct nouns in a row, then a definite word or a known name
            k = j + 1
            while k < len(s.tokens) and k - j <= 3 and self._plain_noun(s, k):
                k += 1
            if k >= len(s.tokens):
                return False
            gaz = s.gaz_at.get(k)
            return (s.tokens[k].norm.startswith(("ال", "لل"))
                    or gaz is not None and not gaz.adjective and gaz.span.start == s.tokens[k].span.start)
        return False

    def _plain_noun(self, s: SentenceState, k: int) -> bool:
        """An indefinite noun that may stand inside a construct chain ("وزراء", "خارجية", "دول")."""
        tok = s.tokens[k]
        norm = tok.norm
        return (ARABIC_WORD.match(tok.text) is not None and not norm.startswith(("ال", "ل", "و", "ب"))
                and not self.lex.is_function_word(norm) and k not in s.gaz_cover
                and self.lex.title_at(s.tokens, k) is None and not self._looks_like_name_start(s, k)
                and not TANWEEN.search(tok.text))

    def _looks_like_name_start(self, s: SentenceState, j: int) -> bool:
        norm = s.tokens[j].norm
        return norm in self.lex.given_names or norm in self.lex.particles or norm.startswith("عبد")

    def _event_name_end(self, s: SentenceState, head, last: int) -> int:
        """The last token of an event's name past its chain: a year ("أولمبياد باريس 2024") or,
        for kinds named that way, a short name in quotes or brackets ("تمرين «درع الصحراء»")."""
        k = last + 1
        if k < len(s.tokens) and _YEAR.match(s.tokens[k].text) and self._kind(head).by_place:
            return k
        if k < len(s.tokens) and self._kind(head).by_quoted_name and s.tokens[k].text in OPENERS | _BRACKETS:
            for close in range(k + 1, min(k + 7, len(s.tokens))):
                text = s.tokens[close].text
                if text in _CLOSERS and close > k + 1:
                    return close
                if is_punct(s.tokens[close]) and text not in _CLOSERS:
                    break
        if k < len(s.tokens) and self._kind(head).by_bare_name:
            return self._bare_name_end(s, k, last)
        return last

    def _bare_name_end(self, s: SentenceState, k: int, last: int) -> int:
        """"التمرين العسكري المشترك | نسور السلام 3": a word without the article that starts no
        other phrase, then the word it governs or a number (bracketed or not), closed by
        punctuation, a preposition or the end; ``last`` when no such name follows."""
        tokens = s.tokens
        first = tokens[k]
        if (not ARABIC_WORD.match(first.text) or first.norm.startswith(("ال", "و", "ب", "ل", "ف"))
                or self.lex.is_function_word(first.norm) or TANWEEN.search(first.text) or k in s.gaz_cover
                or self.lex.title_at(tokens, k) is not None or first.norm in self.lex.cue_words
                or self.lex.event_heads.match_at(tokens, k) or self.lex.org_heads.match_at(tokens, k)):
            return last
        end = k + 1
        if end < len(tokens) and DIGITS.match(tokens[end].text):
            pass  # "وفاق 2"
        elif end + 2 < len(tokens) and tokens[end].text in _BRACKETS and DIGITS.match(tokens[end + 1].text) \
                and tokens[end + 2].text in _CLOSERS:
            end += 2  # "وفاق (2)"
        elif end < len(tokens) and tokens[end].norm.startswith("ال") and not self.lex.is_function_word(tokens[end].norm) \
                and ARABIC_WORD.match(tokens[end].text):
            if end + 1 < len(tokens) and DIGITS.match(tokens[end + 1].text):
                end += 1  # "نسور السلام 3"
        else:
            return last
        after = end + 1
        if after < len(tokens) and not (is_punct(tokens[after]) or self.lex.is_function_word(tokens[after].norm)
                                        or tokens[after].norm.startswith(("ب", "و"))):
            return last
        return end

    def _quoted_name(self, s: SentenceState, first: int, last: int) -> str:
        """The name in quotes that ends an event's name: "درع الصحراء" of "تمرين «درع الصحراء»"."""
        if last <= first or s.tokens[last].text not in _CLOSERS:
            return ""
        opener = next((k for k in range(last - 1, first - 1, -1) if s.tokens[k].text in OPENERS | _BRACKETS), None)
        if opener is None or opener + 1 > last - 1:
            return ""
        return s.surface(Span(s.tokens[opener + 1].span.start, s.tokens[last - 1].span.end))

    def _kind(self, head) -> EventKind:
        return self.lex.event_kinds.get(head.values[0], _PLAIN_KIND)

    def _is_delimited_event(self, s: SentenceState, head, last: int) -> bool:
        first = head.last + 1
        kind = self._kind(head)
        kind = kind if kind.kind else EventKind(head.values[0], False, False)
        if kind.by_place and self._names_a_place(s, head.first, last):
            return True  # "القمة العربية", "منتدى الدوحة", "بطولة العالم للسباحة 2030"
        if kind.by_quoted_name and last > first and s.tokens[last].text in _CLOSERS:
            return True
        if last < first:
            return False
        if kind.by_bare_name and self._bare_name_end(s, first, first - 1) == last:
            return True  # "تمرين صقور الصحراء": the chain after the head is the name
        words = s.tokens[first:last + 1]
        has_ordinal = any((self.lex.ordinal(w.norm) or 0) > 0 or DIGITS.match(w.text) for w in words)
        qualifier = any(self.lex.ordinal(w.norm) == 0 for w in words)
        names_body = any(k in s.gaz_at and s.gaz_at[k].entries[0].type is EntityType.ORGANIZATION
                         for k in range(first, last + 1))
        # "اجتماع اللجنة المشتركة", "اجتماعات مجلس إدارة المعهد": a meeting of a body a head noun names
        of_a_body = (kind.kind in _MEETING_KINDS and first <= last
                     and self.lex.org_heads.match_at(s.tokens, first) is not None and last - first >= 1)
        if of_a_body:
            return True
        # "للأمن", or an indefinite head in construct with a definite noun: "منتدى الجمارك الدولي"
        genitive = any(w.norm.startswith("ل") for w in words) or (
            not head.definite and words[0].norm.startswith("ال") and self.lex.ordinal(words[0].norm) is None)
        # "الندوة الإقليمية حول الهجرة", "المؤتمر الدولي تحت شعار ...": a topic or motto delimits it
        topic = last + 1 < len(s.tokens) and s.tokens[last + 1].norm in _TOPIC_WORDS
        return has_ordinal or (qualifier and (genitive or topic)) or (names_body and last - first >= 1)

    def _names_a_place(self, s: SentenceState, first: int, last: int) -> bool:
        for k in range(first, last + 1):
            gaz = s.gaz_at.get(k)
            if gaz is not None and (gaz.adjective or gaz.entries[0].type is EntityType.LOCATION):
                return True
            tok = s.tokens[k]
            if stems(tok.norm) & self._place_words or _YEAR.match(tok.text):
                return True
        return False

    def _head_surface(self, s: SentenceState, span: Span, head) -> str:
        """The head's text without proclitics; "للجمعية" reads "الجمعية"."""
        return restore_article(s.surface(span), head.stripped, head.definite)

    def _event_anaphor(self, s: SentenceState, head, out: Recognition) -> None:
        if not head.definite:
            return
        span = s.span(head.first, head.last, head.stripped)
        out.anaphors.append(Anaphor(span, self._head_surface(s, span, head), s.index, "event",
                                    _head_stem(s.tokens[head.last].norm, head.stripped if head.first == head.last else 0)))

    def _org_anaphor(self, s: SentenceState, head, out: Recognition) -> None:
        if not head.definite or head.first != head.last:
            return
        span = s.span(head.first, head.last, head.stripped)
        out.anaphors.append(Anaphor(span, self._head_surface(s, span, head), s.index, "organization",
                                    _head_stem(s.tokens[head.first].norm, head.stripped)))

    def _chain_links(self, s: SentenceState, span: Span, first: int, last: int, kind: EntityType,
                     out: Recognition) -> None:
        """Links stated inside a name: "الاجتماع الثامن للأنتربول" (organizedBy), "مركز ... للأنتربول",
        "لجنة ... التابعة للاتحاد الإفريقي" (partOf)."""
        if kind is EntityType.EVENT and self._body_of_event(s, span, first, last, out):
            return
        for k in range(first, last + 1):
            gaz = s.gaz_at.get(k)
            if gaz is None or gaz.adjective:
                continue
            entry = gaz.entries[0]
            if entry.type is not EntityType.ORGANIZATION:
                continue
            norm = s.tokens[k].norm
            genitive = norm.startswith("ل") or (k > first and s.tokens[k - 1].norm in ("التابعه", "التابع"))
            direct = k == first
            if kind is EntityType.EVENT and (genitive or direct):
                out.links.append((span, "organizedBy", gaz.span, s.index, "event-genitive"))
                return
            if kind is EntityType.ORGANIZATION and (genitive or direct):
                out.links.append((span, "partOf", gaz.span, s.index, "org-genitive"))
                return


    def _body_of_event(self, s: SentenceState, span: Span, first: int, last: int, out: Recognition) -> bool:
        """"اجتماعات اللجنة العليا المشتركة", "الدورة الخامسة لمجلس وزراء الصحة العرب": an event
        of a body no list knows, named by an organisation head right after the event's head or
        after ل; the body becomes a mention of its own, the event organizedBy it.  True when found."""
        for k in range(first, last + 1):
            if k in s.gaz_at and not s.gaz_at[k].adjective:
                return False  # a known body: the links below name it
            head = self.lex.org_heads.match_at(s.tokens, k)
            if head is None:
                continue
            norm = s.tokens[k].norm
            if not (k == first and head.stripped == 0 or head.stripped == 1 and norm.startswith("ل")):
                continue
            if head.last >= last and not head.definite:
                return False  # "اجتماع لجنة": a bare head names no body
            body = s.span(k, last, head.stripped)
            text = restore_article(s.surface(body), head.stripped, norm.startswith("لل"))
            if not out.has_mention_at(body):
                out.mentions.append(Mention(body, text, EntityType.ORGANIZATION, "nested-body", sentence=s.index))
            out.links.append((span, "organizedBy", body, s.index, "event-of-body"))
            known = len(out.links)
            self._chain_links(s, body, head.last + 1, last, EntityType.ORGANIZATION, out)
            for outer, predicate, inner, index, _ in out.links[known:]:
                if outer == body and predicate == "partOf":
                    # "الاجتماع الدوري لفريق العمل ... التابع لمنظمة الصحة العالمية": the parent organises it too
                    out.links.append((span, "organizedBy", inner, index, "event-of-body-parent"))
            return True
        return False


_ADJECTIVES = {"العامه", "العام", "العليا", "الاعلي", "المشتركه", "المشترك", "الدائمه", "الدائم", "الكبري",
               "الاول", "الاولي", "المركزيه", "الخاصه", "المتحده", "المستقله",
               "مشترك", "مشتركه", "دائم", "دائمه", "خاص", "خاصه", "جديد", "جديده", "كبير", "كبيره"}


def _looks_adjective(norm: str) -> bool:
    """Nisba adjectives (الدولية، الوطني، الأمنية) and a few common others."""
    return norm.endswith(("ي", "يه")) or norm in _ADJECTIVES


def _head_stem(norm: str, stripped: int) -> str:
    """"والمنظمه" read with one proclitic stripped -> "منظمه"."""
    word = norm[stripped:]
    if word.startswith("ل") and norm[stripped - 1:stripped] == "ل":
        word = "ا" + word  # لل: the alef of ال was elided
    return strip_definite(word)
