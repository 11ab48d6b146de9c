"""Rule-based mention finding: gazetteer names, organisation and event chains, persons, posts.

One call, ``find_mentions``, reads a ``Document`` and returns the mentions it
found plus the roles that posts state ("وزير الداخلية، فلان،": فلان heads the
interior ministry) and the anaphors ("الاجتماع", "المنظمة", "البلدين") that
resolution links back.  The knowledge (names, titles, head nouns) comes from
data files through ``Gazetteer`` and ``Lexicon``; this module holds only Arabic
news syntax.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kg.arabic import normalize, proclitic_readings, strip_definite
from kg.extract.gazetteer import Gazetteer, GazetteerEntry, GazetteerMatch
from kg.extract.lexicon import Lexicon
from kg.model import Document, EntityType, Mention, Span, Token

_PUNCT = re.compile(r"^[^\w]+$", re.UNICODE)
_DIGITS = re.compile(r"^[0-9٠-٩]+$")
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a\u0640\u064b-\u0652\u0670]+$")
_OPENERS = {"(", "«", '"', "“", "„", "'"}
_TANWEEN = re.compile("[\u064b-\u064d]")
_MAX_CHAIN = 16
_MAX_NAME = 7
#: adjectives that may stand between a post and the body it names ("المدير الجديد لإدارة ...")
_POST_ADJECTIVES = {"العام", "العامه", "الجديد", "الجديده", "التنفيذي", "التنفيذيه", "السابق", "السابقه",
                    "المساعد", "الاول", "الاقليمي", "الاقليميه", "الوطني", "الوطنيه"}
_NAME_LINKS = {"دي", "دو", "دا", "فان", "فون", "لا", "ديل", "دوس", "ال"}


@dataclass(frozen=True)
class Role:
    """A post that links a person to a body: ``relation`` is heads, memberOf or represents."""

    person: Span
    body: Span
    relation: str
    sentence: int
    post: str


@dataclass(frozen=True)
class Anaphor:
    """A word that refers back: an event head alone ("الاجتماع"), "المنظمة", "البلدين" ..."""

    span: Span
    text: str
    sentence: int
    kind: str  # event | organization | person | pair
    head: str  # normalised head word without ال


@dataclass
class Recognition:
    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    anaphors: list[Anaphor] = field(default_factory=list)
    #: structural links seen inside names: (subject span, predicate, object span, sentence, rule)
    links: list[tuple[Span, str, Span, int, str]] = field(default_factory=list)


class _Sentence:
    """Working state for one sentence: tokens, gazetteer matches, claimed tokens."""

    def __init__(self, index: int, tokens: tuple[Token, ...], text: str, gazetteer_matches: list[GazetteerMatch]):
        self.index = index
        self.tokens = tokens
        self.text = text
        self.gaz_at: dict[int, GazetteerMatch] = {m.first: m for m in gazetteer_matches}
        self.gaz_cover: dict[int, GazetteerMatch] = {}
        for m in gazetteer_matches:
            for k in range(m.first, m.last + 1):
                self.gaz_cover[k] = m
        self.claimed: set[int] = set()  # tokens inside an org/event chain or a person name
        self.chains: list[tuple[int, int, Span]] = []  # organisation chains: first, last token, span

    def span(self, first: int, last: int, stripped: int = 0) -> Span:
        return Span(self.tokens[first].span.start + stripped, self.tokens[last].span.end)

    def surface(self, span: Span) -> str:
        return self.text[span.start:span.end]


def _is_punct(tok: Token) -> bool:
    return bool(_PUNCT.match(tok.text))


class MentionFinder:
    """Finds mentions in a document with the gazetteer and the lexicon."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon):
        self.gaz = gazetteer
        self.lex = lexicon

    def __call__(self, document: Document) -> Recognition:
        result = Recognition()
        text = document.article.text
        for index, sentence in enumerate(document.sentences):
            matches = self.gaz.match_sentence(sentence.tokens, index, text)
            state = _Sentence(index, sentence.tokens, text, matches)
            self._chains(state, result)
            self._gazetteer_mentions(state, result)
            self._persons(state, result)
            self._counterparts(state, result)
            self._given_names(state, result)
            self._places(state, result)
        self._recurring_names(document, result)
        return result

    def _title_at(self, tokens, k: int, clitics: bool = True):
        """A title starting at token ``k``; a rank written with ال in the list ("الرائد")
        is a title only with its article: "رائد" alone is a given name."""
        match = self.lex.titles.match_at(tokens, k, clitics)
        if match is None or match.definite:
            return match
        kept = tuple(t for t in match.values if t.kind == "post" or not normalize(t.phrase).startswith("ال"))
        return replace(match, values=kept) if kept else None

    # ---- gazetteer -----------------------------------------------------------------
    def _gazetteer_mentions(self, s: _Sentence, out: Recognition) -> None:
        for match in s.gaz_at.values():
            entry = match.entries[0]
            if match.adjective:
                # a country named by its adjective: "ليون الفرنسية", "الوفد المغربي"
                out.mentions.append(_mention(match.span, match.text, entry, "adjective", s.index))
                continue
            if entry.type is EntityType.PERSON or self._ordinary_word(s, match):
                continue
            mention = _mention(match.span, match.text, entry, "gazetteer", s.index)
            if len(match.entries) > 1:
                mention = replace(mention, candidates=tuple(e.id for e in match.entries[1:]))
            out.mentions.append(mention)

    def _ordinary_word(self, s: _Sentence, match: GazetteerMatch) -> bool:
        """A one-word city that is also an everyday word ("أطار" and "إطار", "مسقط رأسه")
        counts only after "مدينة" or "العاصمة"."""
        entry = match.entries[0]
        if match.first != match.last or entry.kind not in ("city", "region"):
            return False
        if not self.lex.is_common_word(strip_definite(normalize(match.text))) and not self.lex.is_common_word(normalize(match.text)):
            return False
        before = [s.tokens[k].norm for k in range(max(0, match.first - 2), match.first)]
        return not any({stem for _, stem, _ in proclitic_readings(w)} & {"مدينه", "عاصمه"} for w in before)

    # ---- organisation and event chains ---------------------------------------------
    def _chains(self, s: _Sentence, out: Recognition) -> None:
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
            last = self._extend_chain(s, head.last + 1, in_event=kind is EntityType.EVENT)
            gaz_after = s.gaz_at.get(head.last + 1)
            if (kind is EntityType.ORGANIZATION and gaz_after is not None and gaz_after.last == last
                    and not gaz_after.adjective and gaz_after.entries[0].type is EntityType.ORGANIZATION):
                # "وكالة اليوروبول", "منظمة الأنتربول": the known body itself, head included
                span = s.span(head.first, last, head.stripped)
                out.mentions.append(_mention(span, s.surface(span), gaz_after.entries[0], "chain", s.index))
                s.claimed.update(range(head.first, last + 1))
                s.chains.append((head.first, last, span))
                i = last + 1
                continue
            if self._bare_definite_head(s, head):
                last = head.last  # "المنظمة لمواجهة ...", "المنظمة والإرهاب": the body said before
            if kind is EntityType.EVENT:
                if not self._is_delimited_event(s, head.last + 1, last):
                    self._event_anaphor(s, head, out)
                    i = head.last + 1
                    continue
            elif last == head.last:
                self._org_anaphor(s, head, out)
                i = head.last + 1
                continue
            elif all(self.lex.ordinal(t.norm) for t in s.tokens[head.last + 1:last + 1]):
                i = last + 1  # "المركز الثاني", "المجموعة الأولى": a rank or a group, not a body
                continue
            known, last = self._bracketed_alias(s, last, kind)
            span = s.span(head.first, last, head.stripped)
            surface = self._head_surface(s, span, head)
            if known is not None:
                out.mentions.append(_mention(span, surface, known, "chain", s.index))
            else:
                out.mentions.append(Mention(span, surface, kind, "chain", sentence=s.index))
            s.claimed.update(range(head.first, last + 1))
            if kind is EntityType.ORGANIZATION:
                s.chains.append((head.first, last, span))
            self._chain_links(s, span, head.last + 1, last, kind, out)
            i = last + 1

    def _extend_chain(self, s: _Sentence, j: int, coordinated: bool = False, in_event: bool = False) -> int:
        """Index of the last token of the genitive chain that starts at ``j`` (``j - 1`` if none).

        With ``coordinated``, "و" + a construct noun continues the chain: the fields of
        a post ("للأمن الوطني ومراقبة التراب الوطني")."""
        last = j - 1
        while j < len(s.tokens) and j - last <= 1 and j - (last if last >= 0 else 0) < _MAX_CHAIN:
            tok = s.tokens[j]
            if _is_punct(tok) or _DIGITS.match(tok.text):
                if _DIGITS.match(tok.text) and j == last + 1 and self._is_head_before(s, j):
                    last = j
                    j += 1
                    continue
                break
            gaz = s.gaz_at.get(j)
            if gaz is not None and self._gaz_joins_chain(s, gaz):
                last = gaz.last
                if gaz.adjective:
                    break  # "وزارة الداخلية المصرية": the country closes the name
                j = gaz.last + 1
                continue
            if not self._joins_chain(s, j, in_event) and not (coordinated and self._coordinated_field(s, j)):
                break
            last = j
            j += 1
        return last

    def _coordinated_field(self, s: _Sentence, j: int) -> bool:
        norm = s.tokens[j].norm
        return (norm.startswith("و") and len(norm) > 3 and j + 1 < len(s.tokens)
                and s.tokens[j + 1].norm.startswith("ال") and not self.lex.is_function_word(norm[1:]))

    def _bracketed_alias(self, s: _Sentence, last: int, kind: EntityType) -> tuple[GazetteerEntry | None, int]:
        """"وكالة ... للتعاون بين قوات إنفاذ القانون (EUROPOL)": a long name, then within a few
        words a known body in brackets or quotes, is that body; the name runs up to the bracket."""
        if kind is not EntityType.ORGANIZATION:
            return None, last
        for k in range(last + 1, min(last + 8, len(s.tokens))):
            tok = s.tokens[k]
            if tok.text in _OPENERS or tok.text.endswith(tuple(_OPENERS)):
                gaz = s.gaz_at.get(k + 1)
                if gaz and not gaz.adjective and gaz.entries[0].type is EntityType.ORGANIZATION:
                    return gaz.entries[0], k - 1
                return None, last
            if _is_punct(tok) or self.lex.is_function_word(tok.norm) and tok.norm != "بين":
                return None, last
        return None, last

    def _bare_definite_head(self, s: _Sentence, head) -> bool:
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

    def _is_adjective_use(self, s: _Sentence, head) -> bool:
        """"الجريمة المنظمة": a definite head right after a definite noun is its adjective."""
        if not head.definite or head.stripped or head.first == 0:
            return False
        prev = s.tokens[head.first - 1]
        return (prev.norm.startswith("ال") and _ARABIC_WORD.match(prev.text) is not None
                and head.first - 1 not in s.gaz_cover and not self.lex.is_function_word(prev.norm))

    def _is_head_before(self, s: _Sentence, j: int) -> bool:
        prev = s.tokens[j - 1]
        return bool(self.lex.event_heads.lookup(prev.text) or self.lex.org_heads.lookup(prev.text))

    def _gaz_joins_chain(self, s: _Sentence, gaz: GazetteerMatch) -> bool:
        first = s.tokens[gaz.first]
        norm = first.norm
        if self.lex.is_function_word(norm):
            return False
        if gaz.adjective:
            return True  # "الشرطة الإسبانية", "وزارة الداخلية المصرية"
        if norm.startswith(("ب", "وب", "في")) and not norm.startswith("بر"):
            return gaz.span.start == first.span.start and not norm.startswith("ب")
        return norm.startswith(("ال", "لل", "ل", "وال"))

    def _joins_chain(self, s: _Sentence, j: int, in_event: bool = False) -> bool:
        tok = s.tokens[j]
        norm = tok.norm
        if not _ARABIC_WORD.match(tok.text) or self.lex.is_function_word(norm):
            return False
        if self._title_at(s.tokens, j) and not (norm.startswith("ل") and not norm.startswith("ال")):
            return False  # "وزير الداخلية اللواء ...", "والرئيس الفخري": a person's title, not the name
        if norm.startswith("وال") or norm.startswith("ول"):
            # "مركز القيادة والتنسيق": coordination inside a name, unless a new body starts
            rest = norm[1:]
            starts_body = self.lex.org_heads.match_at(s.tokens, j) or self.lex.event_heads.match_at(s.tokens, j)
            if starts_body and not (in_event and rest.startswith("ال")):
                return False
            return rest.startswith("ال") or rest.startswith("ل")
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
        if j + 1 < len(s.tokens) and norm[:1] not in ("ب", "و", "ف", "ك") and not _looks_adjective(norm):
            nxt = s.tokens[j + 1].norm
            return nxt.startswith(("ال", "لل")) and not self._looks_like_name_start(s, j)
        return False

    def _looks_like_name_start(self, s: _Sentence, j: int) -> bool:
        norm = s.tokens[j].norm
        return norm in self.lex.given_names or norm in self.lex.particles or norm.startswith("عبد")

    def _is_delimited_event(self, s: _Sentence, first: int, last: int) -> bool:
        if last < first:
            return False
        words = s.tokens[first:last + 1]
        has_ordinal = any((self.lex.ordinal(w.norm) or 0) > 0 or _DIGITS.match(w.text) for w in words)
        qualifier = any(self.lex.ordinal(w.norm) == 0 for w in words)
        names_body = any(k in s.gaz_at and s.gaz_at[k].entries[0].type is EntityType.ORGANIZATION
                         for k in range(first, last + 1))
        genitive = any(w.norm.startswith("ل") for w in words)
        return has_ordinal or (qualifier and genitive) or (names_body and last - first >= 1)

    def _head_surface(self, s: _Sentence, span: Span, head) -> str:
        """The head's text without proclitics; "للجمعية" reads "الجمعية"."""
        surface = s.surface(span)
        if head.stripped and head.definite and not surface.startswith("ال"):
            surface = "ال" + surface[1:]
        return surface

    def _event_anaphor(self, s: _Sentence, head, out: Recognition) -> None:
        if not head.definite:
            return
        span = s.span(head.first, head.last, head.stripped)
        out.anaphors.append(Anaphor(span, self._head_surface(s, span, head), s.index, "event",
                                    _head_stem(s.tokens[head.last].norm, head.stripped if head.first == head.last else 0)))

    def _org_anaphor(self, s: _Sentence, head, out: Recognition) -> None:
        if not head.definite or head.first != head.last:
            return
        span = s.span(head.first, head.last, head.stripped)
        out.anaphors.append(Anaphor(span, self._head_surface(s, span, head), s.index, "organization",
                                    _head_stem(s.tokens[head.first].norm, head.stripped)))

    def _chain_links(self, s: _Sentence, span: Span, first: int, last: int, kind: EntityType,
                     out: Recognition) -> None:
        """Links stated inside a name: "الاجتماع الثامن للأنتربول" (organizedBy), "مركز ... للأنتربول",
        "لجنة ... التابعة للاتحاد الإفريقي" (partOf)."""
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

    # ---- persons -------------------------------------------------------------------
    def _persons(self, s: _Sentence, out: Recognition) -> None:
        i = 0
        while i < len(s.tokens):
            title = self._title_at(s.tokens, i)
            if title is None or i in s.claimed:
                i += 1
                continue
            # a run of titles: "صاحب السمو الملكي الأمير", "معالي الشيخ", "اللواء الدكتور"
            first_title = title
            titles = [title]
            j = title.last + 1
            while j < len(s.tokens):
                nxt = self._title_at(s.tokens, j, clitics=False)
                if nxt is None or nxt.values[0].kind == "post":
                    break
                if not s.tokens[j].norm.startswith("ال") and nxt.values[0].kind != "honorific":
                    break  # "اللواء رائد الخطيب": a rank without its article is a given name
                titles.append(nxt)
                j = nxt.last + 1
            kinds = {t.values[0].kind for t in titles}
            if kinds <= {"honorific", "rank"}:
                end = self._name_forward(s, j)
                if end >= j:
                    self._add_person(s, j, end, "title", out)
                    self._post_after_name(s, j, end, out)
                    i = end + 1
                    continue
                i = j
                continue
            # a post: "وزير الداخلية", "المدير العام للأمن الوطني", "الأمين العام لـ..."
            i = self._post(s, first_title, out)

    def _post(self, s: _Sentence, title, out: Recognition) -> int:
        post: str = title.values[0].phrase
        relation = title.values[0].relation or "memberOf"
        j = title.last + 1
        while j < len(s.tokens) and s.tokens[j].norm in _POST_ADJECTIVES and j - title.last <= 2:
            j += 1
        bodies, after = self._post_bodies(s, title, j, out)
        end_of_post = self._skip_bracketed(s, max(after - 1, title.last))
        # "فلان، وزير الداخلية،": the name before the post holds it; else "وزير الداخلية، فلان،"
        person = self._name_before(s, title.first)
        k = end_of_post + 1
        if person is None and k < len(s.tokens) and s.tokens[k].text in ("،", ","):
            end = self._name_forward(s, k + 1)
            if end >= k + 1 and (end + 1 >= len(s.tokens) or _is_punct(s.tokens[end + 1])
                                 or self.lex.is_function_word(s.tokens[end + 1].norm)):
                person = (k + 1, end)
        elif person is None and k < len(s.tokens):
            start = k
            while start < len(s.tokens):  # ranks and honorifics before the name
                t = self._title_at(s.tokens, start, clitics=False)
                if t is None or t.values[0].kind == "post":
                    break
                start = t.last + 1
            if start < len(s.tokens) and (start > k or self._name_start_known(s, start)):
                end = self._name_forward(s, start)
                if end >= start:
                    person = (start, end)
        if person is not None:
            pspan = self._add_person(s, person[0], person[1], "post", out)
            for body in bodies:
                out.roles.append(Role(pspan, body, relation, s.index, post))
        elif not bodies and title.definite:
            # "وأكد الوزير ...", "أشاد المدير العام ...": the holder of that post, named before
            span = s.span(title.first, title.last, title.stripped)
            out.anaphors.append(Anaphor(span, s.surface(span), s.index, "person", post_key(post)))
        return max(end_of_post + 1, (person[1] + 1) if person and person[0] > title.first else 0, title.last + 1)

    def _skip_bracketed(self, s: _Sentence, last: int) -> int:
        """Past a short name in quotes or brackets after a body: 'للمنظمة الدولية للشرطة الجنائية "الأنتربول"'."""
        k = last + 1
        if k < len(s.tokens) and (s.tokens[k].text in _OPENERS or s.tokens[k].text.endswith(tuple(_OPENERS))):
            for close in range(k + 1, min(k + 6, len(s.tokens))):
                if _is_punct(s.tokens[close]):
                    return close if close > k + 1 and s.tokens[close].text not in ("،", ",", ".") else last
        return last

    def _counterparts(self, s: _Sentence, out: Recognition) -> None:
        """"نظيره الإسباني فرانسيسكو باردو": the name after "نظيره" and an optional country adjective."""
        for k, tok in enumerate(s.tokens):
            if not strip_definite(tok.norm.lstrip("و")).startswith("نظير"):
                continue
            j = k + 1
            gaz = s.gaz_at.get(j)
            if gaz is not None and gaz.adjective:
                j = gaz.last + 1
            while j < len(s.tokens) and self._title_at(s.tokens, j, clitics=False) is not None:
                j = self._title_at(s.tokens, j, clitics=False).last + 1
            if j < len(s.tokens) and j not in s.claimed:
                end = self._name_forward(s, j)
                if end >= j:
                    self._add_person(s, j, end, "title", out)

    def _given_names(self, s: _Sentence, out: Recognition) -> None:
        """A known given name followed by one or more name words is a person even without a
        title: "ومحمد الصالح", "أحمد بن يوسف"."""
        k = 0
        while k < len(s.tokens):
            if k in s.claimed or k in s.gaz_cover:
                k += 1
                continue
            norm = s.tokens[k].norm
            given = norm in self.lex.given_names or (
                norm[:1] == "و" and norm[1:] in self.lex.given_names and len(norm) > 3)
            if not given or self.lex.is_common_word(norm) or norm.startswith("ال"):
                k += 1
                continue
            end = self._name_forward(s, k)
            if end > k and not any(t in s.claimed for t in range(k, end + 1)):
                self._add_person(s, k, end, "given-name", out)
                k = end + 1
            else:
                k += 1

    def _post_bodies(self, s: _Sentence, title, j: int, out: Recognition) -> tuple[list[Span], int]:
        """The bodies a post names and the index after them."""
        if j >= len(s.tokens):
            return [], j
        chain = self._chain_mention_at(s, j)
        if chain is not None:
            return [chain[0]], chain[1] + 1
        gaz = s.gaz_at.get(j)
        if gaz and not gaz.adjective and gaz.entries[0].type in (EntityType.ORGANIZATION, EntityType.LOCATION):
            return [gaz.span], gaz.last + 1
        derived = self.lex.post_bodies.lookup(title.values[0].phrase)
        if not derived:
            # "مفوض الهجرة والشؤون الداخلية بالاتحاد الأوروبي": a field, then the body after ب
            last = self._extend_chain(s, j, coordinated=True)
            k = last + 1
            gaz = s.gaz_at.get(k)
            if (last >= j and gaz and not gaz.adjective and gaz.entries[0].type is EntityType.ORGANIZATION
                    and s.tokens[k].norm.startswith("ب")):
                return [gaz.span], gaz.last + 1
            return [], j
        # "وزير الداخلية", "المدير العام للأمن الوطني ومراقبة التراب الوطني"
        last = self._extend_chain(s, j, coordinated=True)
        if last < j:
            return [], j
        fields: list[tuple[int, int]] = []
        start = j
        for k in range(j, last + 1):
            norm = s.tokens[k].norm
            if k > start and norm.startswith("و") and not norm.startswith("وال") and not norm.startswith("ول"):
                fields.append((start, k - 1))
                start = k
        country = ""
        adjective = s.gaz_at.get(last)
        if adjective is None:
            for k in range(j, last + 1):
                if k in s.gaz_at and s.gaz_at[k].adjective and s.gaz_at[k].last == last:
                    adjective = s.gaz_at[k]
        if adjective is not None and adjective.adjective and adjective.first > start:
            country = adjective.entries[0].country  # "وزير الداخلية السعودي"
            last = adjective.first - 1
        else:
            country = (self._qualifying_country(s, last + 1)  # "وزير الداخلية بدولة قطر"
                       or self._delegation_country(s, title.first))  # "ترأس الوفد المصري وزير الداخلية"
        fields.append((start, last))
        spans = []
        for first, final in fields:
            norm = s.tokens[first].norm
            stripped = 1 if norm.startswith("لل") else _leading_clitics(norm)
            span = s.span(first, final, stripped)
            field_text = s.surface(span)
            if norm.startswith("لل"):
                field_text = "ال" + field_text[1:]  # "للأمن الوطني" names "الأمن الوطني"
            out.mentions.append(Mention(span, field_text, EntityType.ORGANIZATION, "post-body",
                                        canonical=_body_name(derived[0], field_text), sentence=s.index,
                                        country=country))
            spans.append(span)
        return spans, (adjective.last + 1 if adjective is not None and adjective.adjective
                       and adjective.first > start else last + 1)

    def _qualifying_country(self, s: _Sentence, k: int) -> str:
        """"بدولة قطر", "في المملكة المغربية" right after a post's field names its country."""
        if k < len(s.tokens) and s.tokens[k].norm == "في":
            k += 1
        gaz = s.gaz_at.get(k)
        if gaz is None or gaz.adjective or not gaz.entries[0].is_country:
            return ""
        if s.tokens[k - 1].norm == "في" or s.tokens[k].norm.startswith("ب"):
            return gaz.entries[0].country
        return ""

    def _delegation_country(self, s: _Sentence, post_first: int) -> str:
        """The country of a delegation named just before a post: "وفد المملكة المغربية وزير ..."."""
        for k in range(max(0, post_first - 5), post_first):
            if strip_definite(s.tokens[k].norm.lstrip("و")) not in ("وفد",):
                continue
            for g in range(k + 1, post_first):
                gaz = s.gaz_at.get(g)
                if gaz is not None and gaz.entries[0].is_country:
                    return gaz.entries[0].country
        return ""

    def _chain_mention_at(self, s: _Sentence, j: int) -> tuple[Span, int] | None:
        """The organisation chain found at token ``j`` ("لوكالة ...") or holding it
        ("وكيل وزارة الداخلية": the post ends inside "وزارة الداخلية")."""
        for first, last, span in s.chains:
            if first <= j <= last or first == j - 1:
                return span, last
        return None

    def _post_after_name(self, s: _Sentence, first: int, last: int, out: Recognition) -> None:
        """"فلان، وزير الداخلية" or "فلان الأمين العام لـ...": a post right after a found name."""
        k = last + 1
        if k < len(s.tokens) and s.tokens[k].text in ("،", ","):
            k += 1
        if k >= len(s.tokens):
            return
        title = self._title_at(s.tokens, k)
        if title is None or title.values[0].kind != "post":
            return
        j = title.last + 1
        while j < len(s.tokens) and s.tokens[j].norm in _POST_ADJECTIVES and j - title.last <= 2:
            j += 1
        bodies, _ = self._post_bodies(s, title, j, out)
        pspan = s.span(first, last, _leading_clitics_name(s.tokens[first], self.lex))
        relation = title.values[0].relation or "memberOf"
        for body in bodies:
            out.roles.append(Role(pspan, body, relation, s.index, title.values[0].phrase))

    def _name_start_known(self, s: _Sentence, j: int) -> bool:
        tok = s.tokens[j]
        for stripped, stem, definite in proclitic_readings(tok.norm)[:1]:
            if stem in self.lex.given_names or tok.norm in self.lex.given_names:
                return True
        return tok.norm in self.lex.particles or tok.norm.startswith("عبد")

    def _name_word(self, s: _Sentence, j: int, first: bool) -> bool:
        tok = s.tokens[j]
        norm = tok.norm
        if not _ARABIC_WORD.match(tok.text) or len(norm) < 2 and norm not in _NAME_LINKS:
            return False
        if _TANWEEN.search(tok.text):
            return False  # "إيمانًا": an indefinite accusative, never a name
        if self.lex.is_function_word_in_name(tok.text) or norm in self.lex.months:
            return False
        if self.lex.is_common_word(norm) or self.lex.ordinal(norm) is not None:
            return False
        if self._title_at(s.tokens, j, clitics=False):
            return False
        if self.lex.org_heads.match_at(s.tokens, j, clitics=False) or self.lex.event_heads.match_at(s.tokens, j, clitics=False):
            return False
        gaz = s.gaz_cover.get(j)
        if gaz is not None and not (norm in self.lex.given_names):
            return False
        if first and norm.startswith("ال") and norm not in self.lex.given_names:
            return False
        if norm.startswith(("لل", "بال", "وال")):
            return False
        if not first and norm[:1] in ("ب", "ل", "ك", "ف") and len(norm) > 3:
            stem = norm[1:]
            if self.lex.is_common_word(stem) or self.lex.titles.lookup(stem) or self.lex.is_function_word(stem):
                return False
        return True

    def _after_particle(self, s: _Sentence, j: int) -> bool:
        """After بن / آل / أبو any Arabic word is part of the name ("آل ثاني", "بن علي")."""
        tok = s.tokens[j]
        return bool(_ARABIC_WORD.match(tok.text)) and not self.lex.is_function_word_in_name(tok.text)

    def _name_forward(self, s: _Sentence, j: int) -> int:
        """Index of the last token of the name that starts at ``j`` (``j - 1`` if none)."""
        last = j - 1
        k = j
        while k < len(s.tokens) and k - j < _MAX_NAME:
            norm = s.tokens[k].norm
            if k > j and (norm in self.lex.particles or norm in _NAME_LINKS):
                # a particle needs a name after it: "بن سعود", "آل ثاني", "دي بول"
                if k + 1 < len(s.tokens) and self._after_particle(s, k + 1):
                    last = k + 1
                    k += 2
                    continue
                break
            if not self._name_word(s, k, first=k == j) and not self._family_name_after_given(s, j, k):
                break
            last = k
            k += 1
        return last

    def _family_name_after_given(self, s: _Sentence, j: int, k: int) -> bool:
        """"يوسف الحربي": after a lone given name, an al- word is the family name even
        when it is also an ordinary adjective."""
        norm = s.tokens[k].norm
        if k != j + 1 or s.tokens[j].norm not in self.lex.given_names or not norm.startswith("ال"):
            return False
        if k in s.gaz_cover or self.lex.is_function_word(norm) or norm in self.lex.months:
            return False
        if self._title_at(s.tokens, k, clitics=False) or self.lex.ordinal(norm) is not None:
            return False
        return not (self.lex.org_heads.match_at(s.tokens, k, clitics=False)
                    or self.lex.event_heads.match_at(s.tokens, k, clitics=False))

    def _name_before(self, s: _Sentence, post_first: int) -> tuple[int, int] | None:
        """"فلان، المدير ..." : the name just before a post (a comma between them)."""
        k = post_first - 1
        if k >= 0 and s.tokens[k].text in ("،", ","):
            k -= 1
        else:
            return None
        last = k
        first = k + 1
        while k >= 0 and last - k < _MAX_NAME and self._name_word(s, k, first=False):
            first = k
            k -= 1
        if first > last:
            return None
        if s.tokens[first].norm.startswith("ال") and s.tokens[first].norm not in self.lex.given_names:
            return None
        if k >= 0 and not (_is_punct(s.tokens[k]) or self.lex.is_function_word(s.tokens[k].norm)
                           or self._title_at(s.tokens, k)):
            # the name must start a phrase: after punctuation, a verb or particle, or a title
            return None
        return first, last

    def _add_person(self, s: _Sentence, first: int, last: int, source: str, out: Recognition) -> Span:
        span = s.span(first, last, _leading_clitics_name(s.tokens[first], self.lex))
        s.claimed.update(range(first, last + 1))
        if not any(m.span == span for m in out.mentions):
            out.mentions.append(Mention(span, s.surface(span), EntityType.PERSON, source, sentence=s.index))
        return span

    # ---- places --------------------------------------------------------------------
    def _places(self, s: _Sentence, out: Recognition) -> None:
        """"مدينة X" / "العاصمة X" where X is not in the gazetteer."""
        for k, tok in enumerate(s.tokens[:-1]):
            readings = {stem for _, stem, _ in proclitic_readings(tok.norm)}
            if not readings & {"مدينه", "عاصمه"}:
                continue
            j = k + 1
            if j in s.gaz_cover or j in s.claimed:
                continue
            if self._name_word(s, j, first=True) and not s.tokens[j].norm.startswith("ال"):
                span = s.span(j, j)
                out.mentions.append(Mention(span, s.surface(span), EntityType.LOCATION, "place-rule", sentence=s.index))

    # ---- names said again ----------------------------------------------------------
    def _recurring_names(self, document: Document, out: Recognition) -> None:
        """Family names said again alone ("حموشي") become mentions of the same person."""
        persons = [m for m in out.mentions if m.type is EntityType.PERSON]
        taken = [m.span for m in out.mentions]
        short_forms: dict[str, None] = {}
        for m in persons:
            words = m.text.split()
            if len(words) >= 2 and words[-1] not in self.lex.particles:
                short_forms[words[-1]] = None
        if not short_forms:
            return
        wanted = {normalize(w): w for w in short_forms}
        for index, sentence in enumerate(document.sentences):
            for tok in sentence.tokens:
                for stripped, stem, _ in proclitic_readings(tok.norm)[:2]:
                    if tok.norm in wanted or (stripped and stem in wanted and not tok.norm.startswith("ال")):
                        span = Span(tok.span.start + (0 if tok.norm in wanted else stripped), tok.span.end)
                        if not any(t.overlaps(span) for t in taken):
                            out.mentions.append(Mention(span, document.text_of(span), EntityType.PERSON,
                                                        "recurring-name", sentence=index))
                            taken.append(span)
                        break


_ADJECTIVES = {"العامه", "العام", "العليا", "الاعلي", "المشتركه", "المشترك", "الدائمه", "الدائم", "الكبري",
               "الاول", "الاولي", "المركزيه", "الخاصه", "المتحده", "المستقله",
               "مشترك", "مشتركه", "دائم", "دائمه", "خاص", "خاصه", "جديد", "جديده", "كبير", "كبيره"}


def _looks_adjective(norm: str) -> bool:
    """Nisba adjectives (الدولية، الوطني، الأمنية) and a few common others."""
    return norm.endswith(("ي", "يه")) or norm in _ADJECTIVES


def post_key(post: str) -> str:
    """The comparable form of a post: "الوزير" and "وزير" -> "وزير"."""
    return " ".join(strip_definite(w) for w in normalize(post).split())


def _head_stem(norm: str, stripped: int) -> str:
    """"والمنظمه" read with one proclitic stripped -> "منظمه"."""
    word = norm[stripped:]
    if word.startswith("ل") and norm[stripped - 1:stripped] == "ل":
        word = "ا" + word  # لل: the alef of ال was elided
    return strip_definite(word)


def _body_name(body: str, field_text: str) -> str:
    """The body a post implies: ("وزارة", "الداخلية") -> "وزارة الداخلية";
    ("المديرية العامة", "الأمن الوطني") -> "المديرية العامة للأمن الوطني"."""
    if body.endswith(("العامة", "العامه")):
        if field_text.startswith("ال"):
            return f"{body} لل{field_text[2:]}"
        return f"{body} ل{field_text}"
    return f"{body} {field_text}"


def _leading_clitics(norm: str) -> int:
    """Characters of و/ب/ل/ف/ك before a body field ("للأمن" -> 1: the span starts at the ل of ال)."""
    if norm.startswith("لل"):
        return 1
    count = 0
    while count < 2 and norm[count:count + 1] in ("و", "ب", "ل", "ف", "ك") and len(norm) - count > 3:
        if norm[count:].startswith("ال"):
            break
        count += 1
    return count


def _leading_clitics_name(tok: Token, lex: Lexicon) -> int:
    """A name's first word may carry و ("وكاثرين") or ب/ل: strip them unless the word is a known name."""
    norm = tok.norm
    if norm in lex.given_names or len(norm) <= 3:
        return 0
    if norm[0] in ("و", "ب", "ل") and (norm[1:] in lex.given_names or norm[0] == "و"):
        return 1
    return 0


def _mention(span: Span, text: str, entry: GazetteerEntry, source: str, sentence: int) -> Mention:
    return Mention(span, text, entry.type, source, key=entry.id, canonical=entry.name,
                   label_en=entry.label_en, wikidata=entry.wikidata, sentence=sentence)
