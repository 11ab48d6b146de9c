"""Persons: names after honorifics and ranks, in apposition with posts (in both orders),
after "نظيره", from known given names, and family names said again; the roles posts state
("وزير الداخلية، فلان،": فلان heads the interior ministry) and the anaphors a post alone makes."""
from __future__ import annotations

import re
from dataclasses import replace

from kg.arabic import normalize, proclitic_readings, strip_definite
from kg.extract.chains import ChainFinder
from kg.extract.gazetteer import Gazetteer, GazetteerEntry, GazetteerMatch
from kg.extract.lexicon import Lexicon
from kg.extract.phrases import restore_article
from kg.extract.sentence import (ARABIC_WORD, OPENERS, TANWEEN, Anaphor, OpenPost, Recognition, Role, SentenceState,
                                 gazetteer_mention, is_punct, is_counterpart_word, stems)
from kg.extract.spans import SpanIndex
from kg.model import Document, EntityType, Mention, Span, Token

_MAX_NAME = 7
#: adjectives that may stand between a post and the body it names ("المدير الجديد لإدارة ...")
_POST_ADJECTIVES = {"العام", "العامه", "الجديد", "الجديده", "التنفيذي", "التنفيذيه", "السابق", "السابقه",
                    "المساعد", "الاول", "الاقليمي", "الاقليميه", "الوطني", "الوطنيه"}
_NAME_LINKS = {"دي", "دو", "دا", "فان", "فون", "لا", "ديل", "دوس", "ال"}


#: marks written between a title and the name: "السيدة/ فلانة", 'السيد "فلان"'
_AFTER_TITLE = {"/", "“", '"', "«", "'", "„"}
#: the host country said as a common noun after "لدى": "سفير المكسيك لدى البلاد"
#: "منصب": the post named after it is held by the person named before it
_POST_WORDS = {"منصب", "منصبي"}
_HOLDING_VERBS = {"يشغل", "شغل", "تشغل", "شغلت", "يتولي", "تولي", "تتولي", "تولت"}
#: "المكلف بـ": the remit of an envoy, said after the post
_COMMISSIONED = {"المكلف", "المكلفه", "مكلف", "مكلفه"}
#: a state named by its form of government before its name: "سفير جمهورية البرتغال"
_STATE_WORDS = {"جمهوريه", "مملكه", "دوله", "سلطنه", "اماره", "الجمهوريه", "المملكه", "الدوله", "السلطنه", "الاماره"}
_HOST_WORDS = {"البلاد", "المملكه", "الدوله", "السلطنه", "الامارات"}
#: the English head of a monarch's title (titles.tsv label_en): his name may end with a regnal number
_MONARCHS = {"King", "Sultan", "Emir", "Pope", "Queen"}
#: a pronoun suffix on a noun ("نائبها", "وفدهم"): such a word is never a name
_PRONOUN_SUFFIX = re.compile(r"(?:هما|هم|هن|ها|ه)$")
#: what sets a post off from the name it belongs to: "وزير الصحة، فلان" / "فلان - وزير الصحة -"
_APPOSITION = {"،", ",", "؛", ";", "-", "–", "—"}


#: a post's body found whole in the gazetteer has at most this many words after its head
_MAX_KNOWN_BODY = 12


class PersonFinder:
    """Finds persons and the roles their posts state in one sentence."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, chains: ChainFinder):
        self.gaz = gazetteer
        self.lex = lexicon
        self.chains = chains

    def __call__(self, s: SentenceState, out: Recognition) -> None:
        self._titled(s, out)
        self._counterparts(s, out)
        self._given_names(s, out)

    def _titled(self, s: SentenceState, out: Recognition) -> None:
        """Names after honorifics and ranks, and the persons of posts."""
        i = 0
        while i < len(s.tokens):
            title = self.lex.title_at(s.tokens, i)
            if title is None or i in s.claimed:
                i += 1
                continue
            # a run of titles: "صاحب السمو الملكي الأمير", "معالي الشيخ", "اللواء الدكتور"
            first_title = title
            titles = [title]
            j = title.last + 1
            while j < len(s.tokens):
                nxt = self.lex.title_at(s.tokens, j, clitics=False, qualifiers=True)
                if nxt is None or nxt.values[0].kind == "post":
                    break
                if not s.tokens[j].norm.startswith("ال") and nxt.values[0].kind not in ("honorific", "qualifier"):
                    break  # "اللواء رائد الخطيب": a rank without its article is a given name
                titles.append(nxt)
                j = nxt.last + 1
            while j < len(s.tokens) and s.tokens[j].text in _AFTER_TITLE:
                j += 1  # "السيدة/ فلانة", 'السيد "فلان"'
            kinds = {t.values[0].kind for t in titles}
            if kinds <= {"honorific", "rank", "qualifier"}:
                end = self._name_forward(s, j)
                if end <= j and self._family_name_after_honorific(s, j):
                    end = j + 1  # "الشيخ ناصر الفهد": an al- family name that is also a word
                if end >= j and end - j <= 1 and self._regnal_number(s, end + 1) \
                        and any(t.values[0].label_en.split()[-1] in _MONARCHS for t in titles):
                    end += 1  # "الملك عبد الله الثاني", "السلطان قابوس الأول"
                if end >= j:
                    self._add_person(s, j, end, "title", out)
                    self._post_after_name(s, j, end, out)
                    i = end + 1
                    continue
                i = j
                continue
            # a post: "وزير الداخلية", "المدير العام للأمن الوطني", "الأمين العام لـ..."
            i = self._post(s, first_title, out)

    def _post(self, s: SentenceState, title, out: Recognition) -> int:
        post: str = title.values[0].phrase
        relation = title.values[0].relation or "memberOf"
        j = title.last + 1
        while j < len(s.tokens) and s.tokens[j].norm in _POST_ADJECTIVES and j - title.last <= 2:
            j += 1
        bodies, after = self._post_bodies(s, title, j, out)
        end_of_post = self._skip_place(s, self._skip_bracketed(s, max(after - 1, title.last)))
        # "فلان، وزير الداخلية،": the name before the post holds it; else "وزير الداخلية، فلان،"
        person = self._name_before(s, title.first) or self._holder_of_named_post(s, title.first)
        k = end_of_post + 1
        if person is None and k < len(s.tokens) and s.tokens[k].text in _APPOSITION:
            # "وزير الصحة، فلان،", "مدير الدفاع المدني، العميد الدكتور فلان", "- وزير الصحة -"
            start = self._past_titles(s, k + 1)
            end = self._name_forward(s, start)
            if end >= start and (start > k + 1 or end + 1 >= len(s.tokens) or is_punct(s.tokens[end + 1])
                                 or self.lex.is_function_word(s.tokens[end + 1].norm)):
                person = (start, end)
        elif person is None and k < len(s.tokens):
            while k < len(s.tokens) - 1 and s.tokens[k].norm in _POST_ADJECTIVES:
                k += 1  # "سفير المكسيك الجديد فلان"
            start = self._past_titles(s, k)  # ranks and honorifics before the name
            if start < len(s.tokens) and (start > k or self._name_start_known(s, start)):
                end = self._name_forward(s, start)
                if end >= start:
                    person = (start, end)
        if person is None and bodies and k < len(s.tokens) and s.tokens[k].norm.startswith("و"):
            second = self.lex.title_at(s.tokens, k)
            if second is not None and second.values[0].kind == "post":
                # "نائب رئيس الوزراء ووزير العدل فلان": the holder of the second post holds both
                known = len(out.roles)
                end = self._post(s, second, out)
                holder = next((r.person for r in out.roles[known:]), None)
                if holder is not None:
                    out.roles.extend(Role(holder, body, relation, s.index, post) for body in bodies)
                    return end
                del out.roles[known:]
        if person is not None:
            pspan = self._add_person(s, person[0], person[1], "post", out)
            for body in bodies:
                out.roles.append(Role(pspan, body, relation, s.index, post))
            if not bodies and person[0] > title.last:
                self._post_after_name(s, person[0], person[1], out)  # "السفير فلان سفير مصر بالخرطوم"
        elif not bodies and title.definite:
            # "وأكد الوزير ...", "أشاد المدير العام ...": the holder of that post, named before
            span = s.span(title.first, title.last, title.stripped)
            out.anaphors.append(Anaphor(span, s.surface(span), s.index, "person", post_key(post)))
        elif bodies:
            # the holder's name would start after the post's adjectives and the titles before a name
            # ("سفير المكسيك الجديد كارلوس ...", "وزير الدفاع الفريق أول فلان"): a learned person there holds it
            held = end_of_post + 1
            while held < len(s.tokens) and s.tokens[held].norm in _POST_ADJECTIVES:
                held += 1
            held = self._past_titles(s, held)
            out.open_posts.append(OpenPost(s.tokens[held - 1].span.end, tuple(bodies), relation, s.index, post))
        return max(end_of_post + 1, (person[1] + 1) if person and person[0] > title.first else 0, title.last + 1)

    def _family_name_after_honorific(self, s: SentenceState, j: int) -> bool:
        """After an honorific and a lone given name, an al- word is the family name even when it is
        also an ordinary word: "الشيخ ناصر الفهد"."""
        if j + 1 >= len(s.tokens) or s.tokens[j].norm not in self.lex.given_names:
            return False
        nxt = s.tokens[j + 1].norm
        return (nxt.startswith("ال") and j + 1 not in s.gaz_cover and not self.lex.is_function_word(nxt)
                and self.lex.title_at(s.tokens, j + 1) is None and self.lex.ordinal(nxt) is None
                and not self.lex.org_heads.match_at(s.tokens, j + 1) and not self.lex.event_heads.match_at(s.tokens, j + 1))

    def _regnal_number(self, s: SentenceState, k: int) -> bool:
        """"السادس", "الثاني" after a king's or sultan's name: part of the name."""
        return (k < len(s.tokens) and s.tokens[k].norm.startswith("ال")
                and 0 < (self.lex.ordinal(s.tokens[k].norm) or 0) <= 20)

    def _past_titles(self, s: SentenceState, k: int) -> int:
        """The index after the honorifics, ranks and marks that open a name at ``k``."""
        while k < len(s.tokens):
            if s.tokens[k].text in _AFTER_TITLE:
                k += 1
                continue
            t = self.lex.title_at(s.tokens, k, clitics=False, qualifiers=True)
            if t is not None and t.values[0].kind == "post" and t.first == t.last and t.definite \
                    and t.values[0].relation in ("represents", "memberOf") and t.last + 1 < len(s.tokens) \
                    and self._name_start_known(s, t.last + 1):
                k = t.last + 1  # "...، السفير فلان", "رئيس المجلس المستشار فلان": a rank said as a title
                continue
            if t is None or t.values[0].kind == "post":
                break
            k = t.last + 1
        return k

    def _skip_place(self, s: SentenceState, last: int) -> int:
        """Past "في الأردن" / "لدى المغرب" after a post's body: "سفير الاتحاد الأوروبي في الأردن فلان"."""
        k = last + 1
        while k < len(s.tokens) and s.tokens[k].norm in _POST_ADJECTIVES:
            k += 1  # "سفير المكسيك الجديد لدى البلاد"
        if k + 1 < len(s.tokens) and s.tokens[k].norm in _COMMISSIONED and s.tokens[k + 1].norm.startswith("ب"):
            k += 2  # "المبعوث الخاص ... المكلف بالشرق الأوسط وإفريقيا"
            while k < len(s.tokens) and s.tokens[k].norm.startswith("و") and not is_punct(s.tokens[k]) \
                    and self.lex.title_at(s.tokens, k) is None:
                k += 1
            last = k - 1
        if k + 1 < len(s.tokens) and s.tokens[k].norm in ("في", "لدي"):
            gaz = s.gaz_at.get(k + 1)
            if gaz is not None and not gaz.adjective and gaz.entries[0].type is EntityType.LOCATION:
                return gaz.last
            if s.tokens[k].norm == "في" and gaz is not None and not gaz.adjective \
                    and gaz.entries[0].type is EntityType.ORGANIZATION:
                return gaz.last  # "رئيسة اللجنة الاقتصادية في الاتحاد الأفريقي فلانة": the body it is part of
            if s.tokens[k].norm == "لدي" and s.tokens[k + 1].norm in _HOST_WORDS:
                return k + 1  # "لدى البلاد", "لدى المملكة"
            if s.tokens[k].norm == "لدي" and gaz is not None and not gaz.adjective:
                return gaz.last  # "المندوب الدائم ... لدى الأمم المتحدة"
            if s.tokens[k].norm == "لدي" and s.tokens[k + 1].norm.startswith("ال") \
                    and not self.lex.is_function_word(s.tokens[k + 1].norm):
                return k + 1  # "لدى المنظمة"
        gaz = s.gaz_at.get(k)
        if (gaz is not None and not gaz.adjective and gaz.entries[0].type is EntityType.LOCATION
                and s.tokens[k].norm.startswith("ب") and gaz.span.start > s.tokens[k].span.start):
            return gaz.last  # "السفير السعودي بصنعاء فلان"
        country = self._country_after_li(s, k)
        if country is not None:
            return country.last  # "وزير الشؤون الخارجية ... للجمهورية التونسية، فلان"
        return last

    def _skip_bracketed(self, s: SentenceState, last: int) -> int:
        """Past a short name in quotes or brackets after a body: 'للمنظمة الدولية للشرطة الجنائية "الأنتربول"'."""
        k = last + 1
        if k < len(s.tokens) and (s.tokens[k].text in OPENERS or s.tokens[k].text.endswith(tuple(OPENERS))):
            for close in range(k + 1, min(k + 6, len(s.tokens))):
                if is_punct(s.tokens[close]):
                    return close if close > k + 1 and s.tokens[close].text not in ("،", ",", ".") else last
        return last

    def _counterparts(self, s: SentenceState, out: Recognition) -> None:
        """"نظيره الإسباني فرانسيسكو باردو": the name after "نظيره" and an optional country adjective."""
        for k, tok in enumerate(s.tokens):
            if not is_counterpart_word(tok.norm):
                continue
            j = k + 1
            gaz = s.gaz_at.get(j)
            if j + 1 < len(s.tokens) and s.tokens[j].norm in ("في", "ب"):
                # "بنظيره في جمهورية سيراليون فلان": the country, perhaps after its title word
                gaz = next((s.gaz_at[x] for x in (j + 1, j + 2) if x in s.gaz_at
                            and s.gaz_at[x].entries[0].is_country), None)
            if gaz is not None and (gaz.adjective or gaz.entries[0].is_country and gaz.first > k + 1):
                j = gaz.last + 1
            while j < len(s.tokens) and self.lex.title_at(s.tokens, j, clitics=False) is not None:
                j = self.lex.title_at(s.tokens, j, clitics=False).last + 1
            person = None
            if j < len(s.tokens) and j not in s.claimed:
                end = self._name_forward(s, j)
                if end >= j:
                    person = self._add_person(s, j, end, "title", out)
            elif j < len(s.tokens):
                # "ونظيره المصري معالي السيد فلان": the honorifics' rule found the name already
                start = s.tokens[j].span.start
                person = next((m.span for m in out.mentions if m.type is EntityType.PERSON
                               and m.sentence == s.index and start <= m.span.start < s.tokens[j].span.end), None)
            if person is not None and gaz is not None and (gaz.adjective or gaz.entries[0].is_country):
                self._counterpart_post(s, k, gaz.entries[0].country, person, out)

    def _counterpart_post(self, s: SentenceState, k: int, country: str, person: Span, out: Recognition) -> None:
        """"وزير الخارجية المصري فلان ... نظيره السوداني فلان": the counterpart holds the same post
        in his own country; the body is implied at the word "نظيره"."""
        before = [r for r in out.roles if r.sentence == s.index and r.person.end <= s.tokens[k].span.start]
        if not before:
            # "أعلنت الخارجية أن الحمارنة سيزور القاهرة بدعوة من نظيره المصري فلان": the post of the
            # one named before, given in an earlier sentence ("وزير الخارجية الأردني سامي الحمارنة")
            said = {s.tokens[j].norm for j in range(k)}
            before = [r for r in out.roles if r.sentence < s.index and r.relation == "heads"
                      and normalize(s.text[r.person.start:r.person.end]).split()[-1] in said]
        if not before:
            return
        role = before[-1]
        body = next((m for m in out.mentions if m.span == role.body and m.source == "post-body"), None)
        if body is None or body.country == country:
            return
        span = s.tokens[k].span
        out.mentions.append(Mention(span, s.surface(span), EntityType.ORGANIZATION, "post-body",
                                    canonical=body.canonical, sentence=s.index, country=country))
        out.roles.append(Role(person, span, role.relation, s.index, role.post))

    def _given_names(self, s: SentenceState, out: Recognition) -> None:
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

    def _post_bodies(self, s: SentenceState, title, j: int, out: Recognition) -> tuple[list[Span], int]:
        """The bodies a post names and the index after them."""
        inside = s.gaz_cover.get(j - 1)
        if (inside is not None and inside.first > title.first and not inside.adjective
                and inside.entries[0].type is EntityType.ORGANIZATION):
            return [inside.span], inside.last + 1  # "مدير مكتب التحقيقات الفيدرالي": the post ends inside the name
        if j >= len(s.tokens):
            return [], j
        chain = self._chain_mention_at(s, j)
        if chain is not None:
            return [chain[0]], chain[1] + 1
        gaz = s.gaz_at.get(j)
        if gaz and not gaz.adjective and gaz.entries[0].type in (EntityType.ORGANIZATION, EntityType.LOCATION):
            return [gaz.span], gaz.last + 1
        gaz = s.gaz_at.get(j)
        if title.values[0].relation == "represents" and gaz is not None and gaz.entries[0].is_country:
            return [gaz.span], gaz.last + 1  # "السفير السعودي", "سفير جمهورية إيطاليا": the country represented
        if title.values[0].relation == "represents" and j + 1 < len(s.tokens):
            country = s.gaz_at.get(j + 1)
            if country is not None and country.entries[0].is_country and (
                    s.tokens[j].norm in _STATE_WORDS and not country.adjective  # "سفير جمهورية البرتغال"
                    or country.adjective and self.lex.title_at(s.tokens, j) is not None):  # "للرئيس الفرنسي"
                return [country.span], country.last + 1
        tok = s.tokens[j]
        anaphor = next((a for a in out.anaphors if a.sentence == s.index and a.kind == "organization"
                        and tok.span.start <= a.span.start and a.span.end == tok.span.end), None)
        if anaphor is not None:
            return [anaphor.span], j + 1  # "رئيس الحزب", "مدير الشرطة": the body named before, not "رئاسة الحزب"
        derived = self.lex.post_bodies.lookup(title.values[0].phrase)
        # only an indefinite post stands in construct: "وزير خارجية كينيا", not "الوزير سفير إيطاليا"
        construct = self._field_of_country(s, j) if derived and not title.definite else None
        if construct is not None:
            # "وزير خارجية كينيا": the field in construct with its country's name
            span, country, after = construct
            field_text = "ال" + s.surface(span)
            out.mentions.append(Mention(span, s.surface(span), EntityType.ORGANIZATION, "post-body",
                                        canonical=_body_name(derived[0], field_text), sentence=s.index,
                                        country=country))
            return [span], after
        if not derived and title.last > title.first and j >= title.last + 1:
            # "رئيس الجمهورية": a post listed with its field; the body is its head's body + that field
            head_derived = self.lex.post_bodies.lookup(s.tokens[title.first].text)
            field = s.tokens[title.first + 1].norm
            field_head = self.lex.org_heads.match_at(s.tokens, title.first + 1)
            # "رئيس المجلس الوطني" heads the council itself; "رئيس الحكومة" heads "رئاسة الحكومة"
            if j > title.last + 1 and (field_head is None or field_head.last < j - 1):
                pass  # "المدير العام": the adjectives after the title are the post's own
            elif head_derived and field.startswith("ال") and (field_head is None or "government" in field_head.values):
                derived, j = head_derived, title.first + 1
            elif field_head is not None and "government" not in field_head.values and field_head.last >= j - 1:
                # "رئيس المجلس الوطني فلان": the body is named by the title's field and what follows
                named = self._chain_body_at(s, title.first + 1, out)
                if named is not None:
                    return [named[0]], named[1] + 1
                if field_head.last > field_head.first:
                    span = s.span(field_head.first, field_head.last, field_head.stripped)
                    if not out.has_mention_at(span):
                        out.mentions.append(Mention(span, s.surface(span), EntityType.ORGANIZATION, "chain",
                                                    sentence=s.index))
                    return [span], field_head.last + 1
        if not derived:
            # "مفوض الطاقة والمناخ بالاتحاد الأفريقي": a field, then the body after ب
            last = self.chains.extend_chain(s, j, coordinated=True)
            k = last + 1
            gaz = s.gaz_at.get(k)
            if (last >= j and gaz and not gaz.adjective and gaz.entries[0].type is EntityType.ORGANIZATION
                    and s.tokens[k].norm.startswith("ب")):
                return [gaz.span], gaz.last + 1
            if last >= j and k < len(s.tokens) and s.tokens[k].norm.startswith("ب"):
                # "مسؤولة التواصل بجمعية المصارف": a body the chains found, after ب
                named = self._chain_body_at(s, k, out)
                if named is not None:
                    return [named[0]], named[1] + 1
            return [], j
        known = self._known_body_of_post(s, derived[0], j)
        if known is not None:
            # "وزير الخارجية وشؤون المغتربين": the body's full name is in the gazetteer
            span, entry, after = known
            field_text = restore_article(s.surface(span), span.start - s.tokens[j].span.start,
                                         s.tokens[j].norm.startswith("لل"))
            out.mentions.append(replace(gazetteer_mention(span, s.surface(span), entry, "post-body", s.index),
                                        implied_name=_body_name(derived[0], field_text)))
            return [span], after
        # "وزير الداخلية", "المدير العام للأمن الوطني ومراقبة التراب الوطني"
        last = self.chains.extend_chain(s, j, coordinated=True)
        if last < j:
            return [], j
        # "وزير الداخلية المكلف", "وزير المالية بالنيابة": how the post is held ends its field
        qualifier = next((k for k in range(j + 1, min(last + 2, len(s.tokens)))
                          if s.tokens[k].norm in self.lex.post_qualifiers), None)
        if qualifier is not None:
            last = qualifier - 1
        after_field = last + 1 if qualifier is None else qualifier + 1
        if after_field < len(s.tokens) and s.tokens[after_field].norm.startswith("ب"):
            government = self.lex.org_heads.match_at(s.tokens, after_field)
            if government is not None and government.stripped == 1 and "government" in government.values:
                # "وزير الداخلية بحكومة الوحدة الوطنية": the government is part of the body's name
                last = max(government.last, self.chains.extend_chain(s, government.last + 1))
                after_field = last + 1
        for k in range(j + 1, last + 1):
            country = self._country_after_li(s, k)
            if country is not None and country.last == last:
                last = k - 1  # "وزير الداخلية | للجمهورية اللبنانية": the country, not the body's name
                break
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
        if adjective is not None and adjective.adjective and adjective.first == j:
            return [], j  # "الرئيس التركي": a post and its country, no body ("رئاسة التركي")
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
            field_text = restore_article(s.surface(span), stripped, norm.startswith("لل"))  # "للأمن" -> "الأمن"
            if qualifier is not None and first < qualifier < final:  # "الداخلية [المكلف] بحكومة ..."
                held = s.surface(s.tokens[qualifier].span)
                field_text = " ".join(w for w in field_text.split(" ") if w != held)
            out.mentions.append(Mention(span, field_text, EntityType.ORGANIZATION, "post-body",
                                        canonical=_body_name(derived[0], field_text), sentence=s.index,
                                        country=country))
            spans.append(span)
        return spans, (adjective.last + 1 if adjective is not None and adjective.adjective
                       and adjective.first > start else max(last + 1, after_field))

    def _chain_body_at(self, s: SentenceState, k: int, out: Recognition) -> tuple[Span, int] | None:
        """The span and last token of an organisation the chains found starting inside token ``k``."""
        start, end = s.tokens[k].span.start, s.tokens[k].span.end
        for m in out.mentions:
            if (m.sentence == s.index and m.type is EntityType.ORGANIZATION and m.source == "chain"
                    and start <= m.span.start < end):
                last = next((n for n in range(k, len(s.tokens)) if s.tokens[n].span.end >= m.span.end), None)
                if last is not None:
                    return m.span, last
        return None

    def _known_body_of_post(self, s: SentenceState, body_head: str, j: int) -> tuple[Span, GazetteerEntry, int] | None:
        """The longest run of words from ``j`` that, after the post's body head ("وزير" ->
        "وزارة"), is an organisation of the gazetteer: (span of the words, entry, index after).
        Runs of two words or more only: one field ("الداخلية") is the general case below."""
        words: list[str] = []
        found = None
        for k in range(j, min(len(s.tokens), j + _MAX_KNOWN_BODY)):
            tok = s.tokens[k]
            if is_punct(tok):
                break
            # "للأمن" -> "الأمن"
            words.append("ال" + tok.text[2:] if k == j and tok.norm.startswith("لل") else tok.text)
            if len(words) < 2:
                continue
            entries = [e for e in self.gaz.lookup(body_head + " " + " ".join(words))
                       if e.type is EntityType.ORGANIZATION]
            if entries:
                found = (k, entries[0])
        if found is None:
            return None
        last, entry = found
        stripped = 1 if s.tokens[j].norm.startswith("لل") else 0
        after = last + 1
        adjective = s.gaz_at.get(after)
        if adjective is not None and adjective.adjective:
            after = adjective.last + 1  # "وزير الداخلية والبلديات اللبناني": the country said again
        return s.span(j, last, stripped), entry, after

    def _field_of_country(self, s: SentenceState, j: int) -> tuple[Span, str, int] | None:
        """An indefinite field followed by a country's name: (field span, country code, index after)."""
        if j + 1 >= len(s.tokens) or j in s.gaz_cover or s.tokens[j].norm.startswith("ال"):
            return None
        if not ARABIC_WORD.match(s.tokens[j].text) or self.lex.is_function_word(s.tokens[j].norm):
            return None
        if self.lex.title_at(s.tokens, j) is not None:
            return None  # "وزير سفير ..." is two posts, not a field
        gaz = s.gaz_at.get(j + 1)
        if gaz is None or gaz.adjective or not gaz.entries[0].is_country or s.tokens[j + 1].norm[:1] in "وبلف":
            return None
        return s.span(j, j), gaz.entries[0].country, gaz.last + 1

    def _country_after_li(self, s: SentenceState, k: int) -> GazetteerMatch | None:
        """A country's name at token ``k`` behind a ل: "للجمهورية التونسية", "لدولة الكويت"."""
        gaz = s.gaz_at.get(k)
        if (gaz is not None and not gaz.adjective and gaz.entries[0].is_country
                and s.tokens[k].norm.startswith("ل") and gaz.span.start > s.tokens[k].span.start):
            return gaz
        return None

    def _qualifying_country(self, s: SentenceState, k: int) -> str:
        """"بدولة قطر", "في المملكة المغربية" right after a post's field names its country."""
        if k < len(s.tokens) and s.tokens[k].norm == "في":
            k += 1
        gaz = s.gaz_at.get(k)
        if gaz is None or gaz.adjective or not gaz.entries[0].is_country:
            return ""
        if s.tokens[k - 1].norm == "في" or s.tokens[k].norm.startswith(("ب", "ل")) \
                and gaz.span.start > s.tokens[k].span.start:
            return gaz.entries[0].country  # "بدولة قطر", "للجمهورية التونسية"
        return ""

    def _delegation_country(self, s: SentenceState, post_first: int) -> str:
        """The country of a delegation or side named just before a post: "وفد المملكة المغربية وزير ...",
        "ومن الجانب الكيني وزير الدفاع"."""
        for k in range(max(0, post_first - 5), post_first):
            if not stems(s.tokens[k].norm) & {"وفد", "جانب"}:
                continue
            for g in range(k + 1, post_first):
                gaz = s.gaz_at.get(g)
                if gaz is not None and gaz.entries[0].is_country:
                    return gaz.entries[0].country
        return ""

    def _chain_mention_at(self, s: SentenceState, j: int) -> tuple[Span, int] | None:
        """The organisation chain found at token ``j`` ("لوكالة ...") or holding it
        ("وكيل وزارة الداخلية": the post ends inside "وزارة الداخلية")."""
        for first, last, span in s.chains:
            if first <= j <= last or first == j - 1:
                return span, last
        return None

    def _post_after_name(self, s: SentenceState, first: int, last: int, out: Recognition) -> None:
        """"فلان، وزير الداخلية" or "فلان الأمين العام لـ...": a post right after a found name."""
        k = last + 1
        if k < len(s.tokens) and s.tokens[k].text in ("،", ","):
            k += 1
        if k >= len(s.tokens):
            return
        pspan = s.span(first, last, _leading_clitics_name(s.tokens[first], self.lex))
        # one post after another: "نائب رئيس الوزراء وزير المالية" are both his
        for _ in range(3):
            title = self.lex.title_at(s.tokens, k) if k < len(s.tokens) else None
            if title is None or title.values[0].kind != "post":
                return
            j = title.last + 1
            while j < len(s.tokens) and s.tokens[j].norm in _POST_ADJECTIVES and j - title.last <= 2:
                j += 1
            bodies, after = self._post_bodies(s, title, j, out)
            relation = title.values[0].relation or "memberOf"
            for body in bodies:
                out.roles.append(Role(pspan, body, relation, s.index, title.values[0].phrase))
            if not bodies:
                return
            k = after

    def _holder_of_named_post(self, s: SentenceState, post_first: int) -> tuple[int, int] | None:
        """"يشغل فلان منصب وزير الداخلية": the person named just before "منصب" holds the post."""
        if post_first < 2 or not stems(s.tokens[post_first - 1].norm) & _POST_WORDS:
            return None
        last = post_first - 2
        if s.tokens[last].norm in _HOLDING_VERBS:
            last -= 1  # "وكان فلان يشغل منصب ..."
        first = last + 1
        while first - 1 >= 0 and last - first < _MAX_NAME and self.name_word(s, first - 1, first=False):
            first -= 1
        while first <= last and not self._name_start_known(s, first):
            first += 1  # "ويشغل فلان": the verb before the name is no part of it
        return (first, last) if first <= last else None

    def _name_start_known(self, s: SentenceState, j: int) -> bool:
        tok = s.tokens[j]
        for stripped, stem, definite in proclitic_readings(tok.norm)[:1]:
            if stem in self.lex.given_names or tok.norm in self.lex.given_names:
                return True
        return tok.norm in self.lex.particles or tok.norm.startswith("عبد")

    def name_word(self, s: SentenceState, j: int, first: bool) -> bool:
        tok = s.tokens[j]
        norm = tok.norm
        if not ARABIC_WORD.match(tok.text) or len(norm) < 2 and norm not in _NAME_LINKS:
            return False
        if TANWEEN.search(tok.text):
            return False  # "إيمانًا": an indefinite accusative, never a name
        if self.lex.is_function_word_in_name(tok.text) or norm in self.lex.months:
            return False
        if first and norm[:1] in ("و", "ف") and norm not in self.lex.given_names:
            rest = norm[1:]  # "وممثل", "ونائبها": و + an ordinary word or a post is no name
            bare = _PRONOUN_SUFFIX.sub("", rest)
            if (self.lex.is_common_word(rest) or self.lex.titles.lookup(rest) or self.lex.is_function_word(rest)
                    or len(bare) >= 3 and (self.lex.titles.lookup(bare) or self.lex.is_common_word(bare))):
                return False
        if self.lex.is_common_word(norm) or self.lex.ordinal(norm) is not None:
            return False
        if norm in self.lex.cue_words and norm not in self.lex.given_names:
            return False  # "ممثلا", "برئاسة": a word that states a relation is no name
        if self.lex.title_at(s.tokens, j, clitics=False):
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
        if not first and norm.startswith("لت") and len(norm) >= 6:
            return False  # "لتدويل", "لتعزيز": ل + a verbal noun ends the name
        if not first and norm[:1] in ("ب", "ل", "ك", "ف", "و") and len(norm) > 3:
            # "بتمثيل", "ونظيره": a preposition or و + an ordinary word ends the name
            stem = norm[1:]
            if (self.lex.is_common_word(stem) or self.lex.is_common_word("ال" + stem)
                    or self.lex.titles.lookup(stem) or self.lex.is_function_word(stem)):
                return False
        return True

    def _after_particle(self, s: SentenceState, j: int) -> bool:
        """After بن / آل / أبو any Arabic word is part of the name ("آل نهيان", "بن علي")."""
        tok = s.tokens[j]
        return bool(ARABIC_WORD.match(tok.text)) and not self.lex.is_function_word_in_name(tok.text)

    def _name_forward(self, s: SentenceState, j: int) -> int:
        """Index of the last token of the name that starts at ``j`` (``j - 1`` if none)."""
        last = j - 1
        k = j
        while k < len(s.tokens) and k - j < _MAX_NAME:
            norm = s.tokens[k].norm
            if (k > j or norm == "عبد") and (norm in self.lex.particles or norm in _NAME_LINKS):
                # a particle needs a name after it: "بن زايد", "آل نهيان", "دي لوكا"
                if k + 1 < len(s.tokens) and self._after_particle(s, k + 1):
                    last = k + 1
                    k += 2
                    continue
                break
            if not self.name_word(s, k, first=k == j) and not self._family_name_after_given(s, j, k):
                if k > j and self._closing_family_name(s, k):
                    last = k  # "عبدالرحمن بن عبدالله الحربي، الأمين العام": the last word of the name
                elif k - j >= 2 and self._nisba_family_name(s, k):
                    last = k  # "كريم جاسم السوداني": a nisba closing a name of two words is the family name
                elif k - j >= 2 and self._closing_word(s, k):
                    last = k  # "سامر عبدالله نور إن", "نبيل حسن طيب،": a third name that is also a word
                break
            last = k
            k += 1
        return last

    def _nisba_family_name(self, s: SentenceState, k: int) -> bool:
        """A masculine country adjective of one word with the article ("السوداني", "المصري") right
        after a name: the nationality is said before a name ("الوزير المصري فلان"), so after it the
        word is a family name."""
        match = s.gaz_at.get(k)
        norm = s.tokens[k].norm
        return (match is not None and match.adjective and match.first == match.last and norm.startswith("ال")
                and norm.endswith("ي") and not is_punct(s.tokens[k - 1]))

    def _closing_family_name(self, s: SentenceState, k: int) -> bool:
        """An al- word after a name, right before a comma, a title or the end, is the family
        name even when it is also an ordinary word ("الحربي")."""
        norm = s.tokens[k].norm
        if not norm.startswith("ال") or k in s.gaz_cover or self.lex.is_function_word(norm):
            return False
        if norm in self.lex.months or self.lex.ordinal(norm) is not None or self.lex.title_at(s.tokens, k, False):
            return False
        if self.lex.org_heads.match_at(s.tokens, k, clitics=False) or self.lex.event_heads.match_at(s.tokens, k, clitics=False):
            return False
        nxt = k + 1
        return (nxt >= len(s.tokens) or is_punct(s.tokens[nxt])
                or self.lex.title_at(s.tokens, nxt) is not None)

    def _closing_word(self, s: SentenceState, k: int) -> bool:
        """A word without the article that closes a name of two words or more, right before a
        comma, a full stop, a function word or the end, is the name's last word even when it is also
        an ordinary word ("فضل", "لحلو"): no cue, title, head noun, ordinal, month or known place."""
        tok = s.tokens[k]
        norm = tok.norm
        if not ARABIC_WORD.match(tok.text) or norm.startswith(("ال", "و", "ب", "ف", "ك")) \
                or TANWEEN.search(tok.text) or k in s.gaz_cover or is_counterpart_word(norm):
            return False  # ("لحلو", "لفتيت": a ل may open a Maghreb family name)
        if norm.endswith("ا") and len(norm) > 2:
            return False  # "وفدا": an indefinite accusative written without its tanween
        if self.lex.is_function_word_in_name(tok.text) or self.lex.is_function_word(norm) or norm in self.lex.months:
            return False
        if norm in self.lex.cue_words or self.lex.ordinal(norm) is not None or self.lex.title_at(s.tokens, k) is not None:
            return False
        if self.lex.org_heads.match_at(s.tokens, k) or self.lex.event_heads.match_at(s.tokens, k):
            return False
        nxt = k + 1
        return (nxt >= len(s.tokens) or s.tokens[nxt].text in ("،", ",", ".", "؛", ";", ":")
                or self.lex.is_function_word(s.tokens[nxt].norm))

    def _family_name_after_given(self, s: SentenceState, j: int, k: int) -> bool:
        """"يوسف الحربي": after a lone given name, an al- word is the family name even
        when it is also an ordinary adjective."""
        norm = s.tokens[k].norm
        if k != j + 1 or s.tokens[j].norm not in self.lex.given_names or not norm.startswith("ال"):
            return False
        if k in s.gaz_cover or self.lex.is_function_word(norm) or norm in self.lex.months:
            return False
        if self.lex.title_at(s.tokens, k, clitics=False) or self.lex.ordinal(norm) is not None:
            return False
        return not (self.lex.org_heads.match_at(s.tokens, k, clitics=False)
                    or self.lex.event_heads.match_at(s.tokens, k, clitics=False))

    def _name_before(self, s: SentenceState, post_first: int) -> tuple[int, int] | None:
        """"فلان، المدير ..." / "فلان - وزير الصحة -": the name just before a post (a comma or dash between)."""
        k = post_first - 1
        if k >= 0 and s.tokens[k].text in _APPOSITION:
            k -= 1
        else:
            return None
        last = k
        first = k + 1
        while k >= 0 and last - k < _MAX_NAME and self.name_word(s, k, first=False):
            first = k
            k -= 1
        if first > last:
            return None
        if s.tokens[first].norm.startswith("ال") and s.tokens[first].norm not in self.lex.given_names:
            return None
        if k >= 0 and not (is_punct(s.tokens[k]) or self.lex.is_function_word(s.tokens[k].norm)
                           or self.lex.title_at(s.tokens, k)):
            # the name must start a phrase: after punctuation, a verb or particle, or a title
            return None
        if k >= 1 and s.tokens[k].text in _APPOSITION and self._ends_post(s, k - 1):
            # "الرئيس المصري، فلان، وزير الخارجية الأردني، فلان": the name is the earlier post's
            return None
        return first, last

    def _ends_post(self, s: SentenceState, k: int) -> bool:
        """A title, or a post's country adjective, ends at token ``k``."""
        adjective = s.gaz_at.get(k)
        if adjective is None:
            adjective = next((m for m in s.gaz_at.values() if m.last == k), None)
        if adjective is not None and adjective.adjective:
            return True
        return any((t := self.lex.title_at(s.tokens, j)) is not None and t.last == k for j in range(max(0, k - 3), k + 1))

    def _add_person(self, s: SentenceState, first: int, last: int, source: str, out: Recognition) -> Span:
        span = s.span(first, last, _leading_clitics_name(s.tokens[first], self.lex))
        s.claimed.update(range(first, last + 1))
        if not out.has_mention_at(span):
            out.mentions.append(Mention(span, s.surface(span), EntityType.PERSON, source, sentence=s.index))
        return span

    def join_split_names(self, document: Document, out: Recognition) -> None:
        """Two person mentions with nothing but a space between them are one name cut in two
        ("اللواء عبد الكريم | كامل الساعدي": a given name that is also a word stops the rule,
        the recogniser finds the rest); a name-internal honorific of the lexicon may stand
        between them ("سليم | الحاج | يوسف").  Roles held by either part pass to the whole."""
        text = document.article.text
        persons = sorted((m for m in out.mentions if m.type is EntityType.PERSON), key=lambda m: m.span.start)
        joined: dict[Span, Span] = {}
        merged: list[Mention] = []
        for m in persons:
            prev = merged[-1] if merged else None
            if prev is not None and prev.sentence == m.sentence and prev.span.end <= m.span.start \
                    and self._joins_names(text[prev.span.end:m.span.start]):
                span = Span(prev.span.start, m.span.end)
                whole = replace(prev, span=span, text=text[span.start:span.end], key="", canonical="",
                                label_en="", wikidata="")
                for old, new in list(joined.items()):
                    if new == prev.span:
                        joined[old] = span
                joined[prev.span] = span
                joined[m.span] = span
                merged[-1] = whole
            else:
                merged.append(m)
        if not joined:
            return
        others = [m for m in out.mentions if m.type is not EntityType.PERSON]
        out.mentions[:] = sorted(others + merged, key=lambda m: (m.span.start, m.span.end))
        out.roles[:] = [replace(r, person=joined.get(r.person, r.person)) for r in out.roles]

    def _joins_names(self, between: str) -> bool:
        """True for what may stand between two parts of one name: spaces on one line, or one
        name-internal honorific (data/gazetteers/name_internal_titles.tsv)."""
        if "\n" in between or between.strip(" \u00a0") and between.strip(" \u00a0") != between.strip():
            return False
        words = between.split()
        return not words or len(words) == 1 and normalize(words[0]) in self.lex.name_internal_titles

    def recurring_names(self, document: Document, out: Recognition) -> None:
        """Family names said again alone ("حموشي") become mentions of the same person."""
        persons = [m for m in out.mentions if m.type is EntityType.PERSON]
        taken = SpanIndex((m.span, None) for m in out.mentions)
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
                        if not taken.overlaps(span):
                            out.mentions.append(Mention(span, document.text_of(span), EntityType.PERSON,
                                                        "recurring-name", sentence=index))
                            taken.add(span, None)
                        break


def post_key(post: str) -> str:
    """The comparable form of a post: "الوزير" and "وزير" -> "وزير"."""
    return " ".join(strip_definite(w) for w in normalize(post).split())


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
