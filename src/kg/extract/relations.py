"""Relations between an article's entities, from posts, names and cue words, each with its evidence sentence.

Every rule reads one sentence as an ordered list of entity occurrences plus
the cue words of data/lexicon/triggers.tsv, and follows Arabic argument order
(verb, subject, object; dropped subjects carried over from the clause before).
Each rule has a fixed confidence: its smoothed precision measured on the dev set
(data/lexicon/rule_confidence.tsv, written by scripts/calibrate_confidence.py).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from kg.data import read_tsv
from kg.arabic import lookup_forms, normalize
from kg.extract.gazetteer import Gazetteer
from kg.extract.lists import coordinated_groups, load_list_joiners
from kg.extract.lexicon import Lexicon, is_parent_organ
from kg.extract.patterns import PatternMatcher, load_patterns
from kg.extract.resolve import Resolution
from kg.extract.sentence import DASHES, Recognition, is_counterpart_word, stems
from kg.model import Document, Entity, EntityType, Relation, Sentence, Span, SYMMETRIC_PREDICATES

#: confidence of a rule the calibration has not seen fire
DEFAULT_CONFIDENCE = 0.5
_CITY_KINDS = {"city"}
#: "ممثلة بـ": the body through which a country takes part
_ON_BEHALF = {"ممثله", "ممثلا", "ممثلين"}
#: "the two countries", "the two sides": the pair named before
_PAIR_WORDS = {"البلدين", "البلدان", "الدولتين"}
#: "أنه" before a verb: its subject is the one named before ("وذكر فلان أنه استقبل فلانا")
_THAT_HE = {"انه", "بانه", "وانه", "انها", "بانها"}
#: a delegation of the body named after it: "وفد اللجنة الأولمبية"
_DELEGATION_WORDS = {"وفد", "الوفد", "ووفد", "وفدا"}
#: a listed person's post between commas ("فلان، والي الجهة، وفلان") has at most this many words
_MAX_APPOSITION = 8
#: an aside between dashes has at most this many words
_MAX_ASIDE = 14
#: at most this many words of generic participants ("ممثلون عن أجهزة ...") before the named ones
_MAX_LEAD = 18
#: words that open a phrase of generic participants: ممثلون، ممثلو، ممثلين، ممثلي
_REPRESENTATIVES = ("ممثل",)
#: a pronoun suffix on a cue word: "مشاركته" (his taking part) is the subject's own
_OWN_SUFFIX = re.compile(r"(?:ته|تها|تهم|تهما)$")
#: cue kinds that say two counterparts met
_MEETING_CUES = {"meet_verb", "receive_verb", "meet_noun", "sign", "cooperate", "held", "side", "attend_verb"}
#: what follows a speech verb said of an event: "تحدث في/خلال/أمام ..."
_AT_EVENT = {"في", "خلال", "امام"}
#: "استقبل سموه/معاليه ...": a pronoun of honour stands for the subject named before
_HONORIFIC_PRONOUNS = {"سموه", "سموها", "معاليه", "معاليها", "سعادته", "سعادتها", "فخامته", "جلالته", "دولته"}
_RELATIVE_PRONOUNS = {"الذي", "التي", "الذين", "اللذين", "اللتين"}
#: nouns of places after ب between two places: "قاعدة ... بمحافظة تبوك"
_PLACE_NOUNS = {"محافظه", "مدينه", "ولايه", "منطقه", "اماره", "جهه", "اقليم", "العاصمه", "بلديه"}
_PLACE_PREPOSITIONS = {"في", "ب", "بمدينه", "مدينه", "بالعاصمه", "العاصمه"}


@lru_cache(maxsize=1)
def load_confidence() -> dict[str, float]:
    """Rule -> confidence (its measured precision), from data/lexicon/rule_confidence.tsv."""
    return {row["rule"]: float(row["confidence"]) for row in read_tsv("lexicon/rule_confidence.tsv")}


@lru_cache(maxsize=1)
def load_triggers() -> dict[str, str]:
    """Normalised cue word -> rule kind, from data/lexicon/triggers.tsv."""
    return {normalize(row["word"]): row["kind"] for row in read_tsv("lexicon/triggers.tsv")}


@dataclass(frozen=True)
class Occurrence:
    """An entity named in a sentence: where, by which mention, and its first/last token."""

    entity: Entity
    span: Span
    first: int
    last: int
    source: str


def occurrences_by_sentence(document: Document, resolution: Resolution) -> dict[int, list[Occurrence]]:
    """Sentence index -> the entity occurrences in it, in text order (longer first at a tie)."""
    out: dict[int, list[Occurrence]] = {}
    bounds: dict[int, tuple[list[int], list[int]]] = {}  # sentence -> its tokens' starts and ends
    for ent in resolution.entities:
        for m in ent.mentions:
            if m.sentence not in bounds:
                tokens = document.sentences[m.sentence].tokens
                bounds[m.sentence] = ([t.span.start for t in tokens], [t.span.end for t in tokens])
            starts, ends = bounds[m.sentence]
            first = bisect_right(ends, m.span.start)  # the first token ending after the mention starts
            last = bisect_left(starts, m.span.end) - 1  # the last token starting before it ends
            if first >= len(ends) or last < 0:
                raise ValueError(f"mention {m.text!r} lies outside sentence {m.sentence}")
            out.setdefault(m.sentence, []).append(Occurrence(ent, m.span, first, last, m.source))
    for items in out.values():
        items.sort(key=lambda o: (o.span.start, -len(o.span)))
    return out


class _SentenceView:
    def __init__(self, sentence: Sentence, occurrences: list[Occurrence], triggers: dict[str, str],
                 lemmatizer=None):
        self.sentence = sentence
        self.tokens = sentence.tokens
        # occurrences nested in a longer one (the country in "الشرطة الإسبانية") are kept apart
        self.items = [o for o in occurrences
                      if not any(p is not o and p.span.contains(o.span) and p.span != o.span for p in occurrences)]
        self.nested = [o for o in occurrences if o not in self.items]
        self.cues: list[tuple[int, str]] = [
            (k, kind) for k, kind in enumerate(sentence_cues(self.tokens, occurrences, triggers, lemmatizer)) if kind]

    def after(self, k: int, types: set[EntityType] | None = None) -> list[Occurrence]:
        return [o for o in self.items if o.first > k and (types is None or o.entity.type in types)]

    def before(self, k: int, types: set[EntityType] | None = None) -> list[Occurrence]:
        return [o for o in self.items if o.last < k and (types is None or o.entity.type in types)]

    def token_norm(self, k: int) -> str:
        return self.tokens[k].norm if 0 <= k < len(self.tokens) else ""


def token_cue(token, triggers: dict[str, str], lemmatizer=None) -> str:
    """The cue kind of a token: its word (with or without proclitics) in triggers.tsv, else, with
    camel-tools' morphology (``lemmatizer.lemma``), its lemma ("يلتقيان" -> "التقى")."""
    kind = cue_kind(token.norm, triggers)
    if kind or lemmatizer is None:
        return kind
    return triggers.get(normalize(lemmatizer.lemma(token.text)), "")


def sentence_cues(tokens, occurrences, triggers: dict[str, str], lemmatizer=None) -> list[str]:
    """The cue kind of each token of a sentence ("" for none).  A person's name is no cue:
    "فراس" reads ف + "راس" (chaired)."""
    in_names = {k for o in occurrences if o.entity.type is EntityType.PERSON for k in range(o.first, o.last + 1)}
    return ["" if k in in_names else token_cue(tok, triggers, lemmatizer) for k, tok in enumerate(tokens)]


def cue_kind(norm: str, triggers: dict[str, str]) -> str:
    """The kind of relation cue a normalised word is (with or without proclitics), or ""."""
    return next((triggers[form] for form in lookup_forms(norm) if form in triggers), "")


@dataclass(frozen=True)
class _Carried:
    """A subject carried over from an earlier sentence, standing where an occurrence would."""

    entity: Entity


PERSON = {EntityType.PERSON}
ACTORS = {EntityType.PERSON, EntityType.ORGANIZATION, EntityType.LOCATION}
PLACES_AND_BODIES = {EntityType.LOCATION, EntityType.ORGANIZATION}


class RelationFinder:
    """Finds the relations of one article."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, lemmatizer=None):
        self.gaz = gazetteer
        self.lex = lexicon
        self.lemmatizer = lemmatizer  # kg.morphology.MorphologyLemmatizer, when camel-tools' database is installed
        self.match_patterns = PatternMatcher(load_patterns(), self._is_country, self._is_city)

    def __call__(self, document: Document, recognition: Recognition, resolution: Resolution) -> tuple[Relation, ...]:
        triggers = load_triggers()
        confidence = load_confidence()
        by_id = {e.id: e for e in resolution.entities}
        found: dict[tuple[str, str, str], Relation] = {}

        def add(subject: Entity, predicate: str, obj: Entity, sentence: Sentence, rule: str) -> None:
            if subject.id == obj.id:
                return
            s, o = subject.id, obj.id
            if predicate in SYMMETRIC_PREDICATES and o < s:
                s, o = o, s
            key = (s, predicate, o)
            rel = Relation(s, predicate, o, confidence.get(rule, DEFAULT_CONFIDENCE), sentence.span, rule)
            if key not in found or found[key].confidence < rel.confidence:
                found[key] = rel

        sentence_of = {i: sent for i, sent in enumerate(document.sentences)}
        # posts: "وزير الداخلية، فلان،"
        for role in recognition.roles:
            person = by_id.get(resolution.entity_of.get(role.person, ""))
            body = by_id.get(resolution.entity_of.get(role.body, ""))
            if person and body and person.type is EntityType.PERSON:
                predicate = role.relation
                if body.type is EntityType.LOCATION and predicate != "represents":
                    continue
                add(person, predicate, body, sentence_of[role.sentence], "post")
        # links inside names: "الاجتماع الثامن للأنتربول", "مركز ... للأنتربول"
        parents = self._parents(recognition, resolution)
        for outer, predicate, inner, index, rule in recognition.links:
            a = by_id.get(resolution.entity_of.get(outer, ""))
            b = by_id.get(resolution.entity_of.get(inner, ""))
            if a and b and predicate == "organizedBy" and b.id in parents and self._is_parent_organ(b):
                # "الدورة ... للجمعية العامة للأمم المتحدة": organised by the United Nations
                add(a, predicate, parents[b.id], sentence_of[index], rule + "-parent")
            elif a and b:
                add(a, predicate, b, sentence_of[index], rule)

        occurrences = occurrences_by_sentence(document, resolution)
        context = _ArticleContext()
        for index, sentence in enumerate(document.sentences):
            view = _SentenceView(sentence, occurrences.get(index, []), triggers, self.lemmatizer)
            for o in view.items + view.nested:
                if self._is_country(o.entity):
                    context.countries[o.entity.id] += 1
                    context.entities[o.entity.id] = o.entity
            stated = list(self._sentence_relations(view, context))
            for subject, predicate, obj, rule in stated + self._list_members(view, stated):
                add(subject, predicate, obj, sentence, rule)
            events = [o.entity for o in view.items + view.nested if o.entity.type is EntityType.EVENT]
            if events:
                context.event = events[-1]
        self._gazetteer_places(document, resolution, add)
        return tuple(sorted(found.values(), key=lambda r: (r.evidence.start, r.predicate, r.subject, r.object)))

    def _parents(self, recognition: Recognition, resolution: Resolution) -> dict[str, Entity]:
        """Body id -> the body it is part of: by a link inside its name, or by the gazetteer."""
        by_id = {e.id: e for e in resolution.entities}
        by_key = {e.key: e for e in resolution.entities}
        out: dict[str, Entity] = {}
        for outer, predicate, inner, _, _ in recognition.links:
            a = by_id.get(resolution.entity_of.get(outer, ""))
            b = by_id.get(resolution.entity_of.get(inner, ""))
            if a and b and predicate == "partOf":
                out.setdefault(a.id, b)
        for e in resolution.entities:
            entry = self.gaz.entries.get(e.key)
            if entry is not None and entry.parent in by_key:
                out.setdefault(e.id, by_key[entry.parent])
        return out

    def _is_parent_organ(self, body: Entity) -> bool:
        """An organ whose sessions are its body's events (data/lexicon/parent_organs.tsv)."""
        return is_parent_organ(body.label)

    # ---- one sentence --------------------------------------------------------------
    def _sentence_relations(self, v: _SentenceView, ctx: "_ArticleContext"):
        yield from self._places(v)
        for k, kind in v.cues:
            yield from self.match_patterns(v, k, kind)  # data/lexicon/patterns.tsv
        meet_objects: list[Entity] = []
        for k, kind in v.cues:
            if kind == "speak_verb" and v.token_norm(k + 1) in _AT_EVENT:
                kind = "attend_verb"  # "تحدث في الجلسة الافتتاحية كل من ...": the speakers took part
            if kind == "attend_verb":
                yield from self._attend_verb(v, k, ctx)
            elif kind == "attend_list":
                yield from self._adjective_pair(v, k)  # "بمشاركة بريطانية أمريكية"
                event = self._event_of(v, ctx)
                if event is not None:
                    for o in self._listed(v, k):
                        yield o.entity, "attended", event, "attend-list"
            elif kind == "chair_verb":
                yield from self._chair(v, k, ctx)
            elif kind in ("meet_verb", "receive_verb"):
                # the guests end where those present are listed: "التقى فلان فلانا بحضور ..."
                present = next((c for c, cue in v.cues if c > k and cue == "attend_list"), len(v.tokens))
                subjects = [o for o in v.after(k, PERSON) if o.first < present]
                if v.token_norm(k + 1) in _HONORIFIC_PRONOUNS and ctx.subject is not None:
                    # "استقبل سموه فلانا": the honoured subject is the one named before
                    subjects = [_Carried(ctx.subject)] + subjects
                elif v.token_norm(k - 1) in _THAT_HE and len(subjects) == 1 and v.before(k - 1, PERSON):
                    # "وذكر فلان أنه استقبل فلانا": the one who says so is the subject
                    subjects = [v.before(k - 1, PERSON)[-1]] + subjects
                if subjects:
                    subject = subjects[0].entity
                    ctx.subject = subject
                    guests = [o.entity for o in subjects[1:] if o.entity.id != subject.id]
                    for guest in guests:
                        meet_objects.append(guest)
                        yield subject, "metWith", guest, "meet-verb"
                    # "استقبل الوزير وفد اللجنة الأولمبية ...": he met the body the delegation is of
                    delegation = next((o for o in v.after(k, {EntityType.ORGANIZATION})
                                       if o.first < present and o.source != "post-body"
                                       and v.token_norm(o.first - 1) in _DELEGATION_WORDS), None)
                    if delegation is not None:
                        yield subject, "metWith", delegation.entity, "meet-delegation"
                    if kind == "receive_verb" and guests:
                        ctx.guests = guests
            elif kind == "meet_noun":
                yield from self._meet_with(v, k, ctx)
            elif kind in ("visit_verb", "visit_noun"):
                yield from self._visit(v, k, kind, ctx, meet_objects)
            elif kind == "cooperate":
                yield from self._cooperate(v, k, ctx)
            elif kind == "organize":
                yield from self._organize(v, k)
            elif kind == "sign":
                yield from self._signatories(v, k)

        yield from self._counterparts_meet(v)
        yield from self._held_in(v)

    def _list_members(self, v: _SentenceView, stated: list) -> list:
        """Links that hold for every item of a list when one item has them (lists.py): attendance
        ("شارك في المؤتمر ممثلون عن الشرطة، فضلا عن جامعة ...، والأمانة العامة ..."), a
        delegation's members, cooperation among all the items when two of them cooperate."""
        # (the item's link, what every other item of its list gets): what one item attended, every
        # item attended; "ويضم الوفد المغربي فلانا وفلانا": every member of the delegation represents it
        spread = [(s, p, o, "attend-list-member") for s, p, o, _ in stated if p == "attended"]
        spread += [(s, p, o, "delegation-member") for s, p, o, rule in stated if rule == "delegation-includes"]
        cooperating = [(s, o) for s, p, o, _ in stated if p == "cooperatesWith"]
        if not spread and not cooperating:
            return []
        spans = Counter(o.span for o in v.items)
        # a post's body is part of its holder's item; a country adjective that is also a body's
        # whole mention ("وزارتي الخارجية الصومالية والمصرية") is that body's, not an item
        items = [o for o in v.items if o.source != "post-body" and not (o.source == "adjective" and spans[o.span] > 1)]
        # what may stand inside a list: a post's body, a country adjective, the place an item
        # sits in ("المكتب الإقليمي للجمارك بعمان")
        covered = {k for o in v.items + v.nested
                   if o.source in ("post-body", "adjective") or o.entity.type is EntityType.LOCATION
                   and not self._is_country(o.entity) and v.token_norm(o.first).startswith("ب")
                   for k in range(o.first, o.last + 1)}

        def after_title(k: int) -> int:
            title = self.lex.title_at(v.tokens, k)
            return title.last + 1 if title is not None else k

        groups = coordinated_groups(v.tokens, items, self._is_country, after_title, covered)
        out = []
        for subject, predicate, obj, rule in spread:
            for group in groups:
                if any(o.entity.id == subject.id for o in group):
                    out.extend((o.entity, predicate, obj, rule) for o in group
                               if o.entity.id not in (subject.id, obj.id))
        # "التعاون بين الأردن وتركيا واليونان": two items of a list cooperate, so do all of them
        for a, b in cooperating:
            for group in groups:
                ids = {o.entity.id for o in group}
                if a.id in ids and b.id in ids:
                    members = list({o.entity.id: o.entity for o in group}.values())
                    out.extend((x, "cooperatesWith", y, "cooperate-list") for n, x in enumerate(members)
                               for y in members[n + 1:])
        return out

    def _event_of(self, v: _SentenceView, ctx: "_ArticleContext") -> Entity | None:
        events = [o.entity for o in v.items + v.nested if o.entity.type is EntityType.EVENT]
        return events[0] if events else ctx.event

    def _attend_verb(self, v: _SentenceView, k: int, ctx):
        event_occ = [o for o in v.after(k) if o.entity.type is EntityType.EVENT]
        earlier = [o for o in v.before(k) if o.entity.type is EntityType.EVENT]
        # "عقدت الندوة ...، كما تحدث في جلستها كل من ...": the event named earlier in the sentence
        event = event_occ[0].entity if event_occ else earlier[-1].entity if earlier else ctx.event
        if event is None:
            return
        limit = event_occ[0].first if event_occ else len(v.tokens)
        relative = v.token_norm(k - 1) in _RELATIVE_PRONOUNS
        if relative or _OWN_SUFFIX.search(v.token_norm(k)):
            # "فلان الذي افتتح المؤتمر": the person just before; "بحث فلان مع فلان ... مشاركته في
            # اجتماعات ...": his own taking part, the sentence's subject (its first person)
            before = v.before(k, PERSON)
            if before and event_occ and event_occ[0].first - k <= 4:
                who = before[-1] if relative else before[0]
                yield who.entity, "attended", event_occ[0].entity, "attend-relative"
            elif not before and not relative and event_occ and event_occ[0].first - k <= 4:
                # "وعلى هامش مشاركته في المنتدى ...، التقى الوزير فلان": his own, the subject said after
                after = v.after(event_occ[0].last, PERSON)
                if after:
                    yield after[0].entity, "attended", event_occ[0].entity, "attend-own"
            return
        listed_from = next((j for j in range(k + 1, min(k + 8, len(v.tokens) - 1))
                            if v.token_norm(j) == "كل" and v.token_norm(j + 1) == "من"), None)
        if listed_from is not None:
            # "تحدث في الجلسة الافتتاحية كل من: فلان، وفلان، و...": everyone listed
            for o in self._listed(v, listed_from + (2 if v.token_norm(listed_from + 2) != ":" else 3)):
                yield o.entity, "attended", event, "attend-list"
            return
        persons = [o for o in v.after(k, PERSON) if o.last < limit]
        if persons:
            ctx.subject = persons[0].entity
            yield persons[0].entity, "attended", event, "attend-verb"
            # "شارك فلان، رئيس ...، إلى جانب كل من فلان، وفلان، في ...": those joined to him took part too
            for o in persons[1:]:
                start = self._past_titles_back(v, o.first)
                if v.token_norm(start - 2) == "كل" and v.token_norm(start - 1) == "من":
                    start -= 2
                if self._joiner_before(v, start):
                    for listed in self._listed(v, start - 1):
                        if listed.first < limit:
                            yield listed.entity, "attended", event, "attend-companions"
                    break
            return
        subject = v.before(k, PERSON)
        if subject and event_occ and k - subject[-1].last <= 1:
            # "وزير الداخلية فلان يشارك في الاجتماع": the subject before the verb
            ctx.subject = subject[-1].entity
            yield subject[-1].entity, "attended", event, "attend-svo"
            return
        if event_occ and event_occ[0].first - k <= 2:
            # "وشارك في الاجتماع الشيخ فلان، ...، ومعالي الشيخ فلان": the participants follow
            after = v.after(event_occ[0].last, PERSON)
            persons = after[:1] + [o for o in after[1:] if self._joined_person(v, o)]
            if persons and persons[0].first - event_occ[0].last <= 5:
                ctx.subject = persons[0].entity
                for o in persons:
                    yield o.entity, "attended", event, "attend-verb"
                return
        bodies = [o for o in v.after(k, PLACES_AND_BODIES) if o.last < limit]
        if bodies and bodies[0].first - k <= 2 and self._is_actor(bodies[0].entity):
            # "شاركت المملكة العربية السعودية ممثلة برئاسة أمن الدولة في المؤتمر"
            for o in bodies[:1] + [b for b in bodies[1:] if v.token_norm(b.first - 1) in _ON_BEHALF]:
                yield o.entity, "attended", event, "attend-verb"
            return
        if not [o for o in v.after(k) if o.last < limit]:
            # "ويشارك في الاجتماع ممثلون عن ... و..." : the participants follow the event
            after_event = event_occ[0].last if event_occ else k
            for o in self._listed(v, after_event):
                yield o.entity, "attended", event, "attend-list"

    def _is_actor(self, ent: Entity) -> bool:
        """A body or a country can take part in an event; a city cannot."""
        return ent.type is EntityType.ORGANIZATION or self._is_country(ent)

    def _joined_person(self, v: _SentenceView, o: Occurrence) -> bool:
        """A person starts a list item: its titles ("ومعالي الشيخ") begin with و or follow a comma."""
        k = o.first
        while k > 0 and self.lex.titles.match_at(v.tokens, k - 1, clitics=True) is not None:
            k -= 1
            if v.token_norm(k).startswith("و"):
                return True  # "مدير الشرطة والدكتور فلان": the و on the nearest title joins
        first = v.token_norm(k)
        return first.startswith("و") or v.token_norm(k - 1) in ("،", ",", "و")

    def _listed(self, v: _SentenceView, k: int) -> list[Occurrence]:
        """Participants listed after a cue: bodies, countries and persons, not cities or events,
        and not a place that only says where the body before it sits ("الوكالة ... ببريطانيا").
        The list starts within three words of the cue and goes on while items are joined by و or a comma."""
        out = []
        k = self._past_aside(v, k)
        if any(v.token_norm(j).startswith(_REPRESENTATIVES) for j in range(k + 1, k + 3)):
            # "ممثلون عن هيئات الرقابة في المنطقة، فضلا عن جامعة ...": the generic
            # participants first, the named ones after a joiner
            named = next((o for o in v.after(k) if o.first - k <= _MAX_LEAD and self._joiner_before(v, o.first)), None)
            if named is not None:
                k = named.first - 1
        previous_last = k
        post_of_listed = False  # the last item was a listed person's post
        post = False  # inside "وزير الخارجية السعودي الأمير فلان": the item is the person
        for o in v.after(k):
            gap = o.first - previous_last - 1
            joined = (v.token_norm(o.first).startswith("و") or v.token_norm(o.first - 1) in ("،", ",", "و")
                      or o.entity.type is EntityType.PERSON and self._joined_person(v, o))  # "والدكتور فلان"
            if post and (o.source == "adjective" or o.entity.type is EntityType.PERSON) and gap <= 3:
                previous_last = o.last
                if o.entity.type is EntityType.PERSON:
                    out.append(o)
                    post = False
                continue
            if out and out[-1].entity.type is EntityType.PERSON and gap <= 2 and (
                    o.source == "post-body" and out[-1].last == previous_last
                    or post_of_listed and self._is_country(o.entity) and v.token_norm(o.first - 1) in ("في", "ب")
                    or post_of_listed and self._is_country(o.entity) and v.token_norm(o.first).startswith("ب")):
                # "فلان مدير الشرطة والدكتور فلان", "فلان وزير العدل في جمهورية مصر": the
                # listed person's own post and its country
                previous_last, post_of_listed = o.last, True
                continue
            post_of_listed = False
            # "فلان، والي الجهة، والسيد فلان": a listed person's post set off by commas
            appositive = (out and out[-1].entity.type is EntityType.PERSON and o.entity.type is EntityType.PERSON
                          and v.token_norm(previous_last + 1) in ("،", ",")
                          and self.lex.title_at(v.tokens, previous_last + 2) is not None)
            if gap > (_MAX_APPOSITION if appositive else 3) or (out and not joined):
                break
            if o.source == "post-body":
                post, previous_last = True, o.last
                continue
            if o.entity.type is EntityType.EVENT:
                break
            if previous_last != k and o.first == previous_last + 1 and v.token_norm(o.first).startswith("ب"):
                previous_last = o.last
                continue
            previous_last = o.last
            if o.entity.type is EntityType.LOCATION and not self._is_country(o.entity):
                continue
            out.append(o)
        return out

    def _past_aside(self, v: _SentenceView, k: int) -> int:
        """The index to list from: past an aside between dashes right after ``k``
        ("شارك في المؤتمر – الذي عقد في بغداد – ممثلون عن ...")."""
        if v.token_norm(k + 1) in DASHES:
            close = next((j for j in range(k + 2, min(k + 2 + _MAX_ASIDE, len(v.tokens)))
                          if v.token_norm(j) in DASHES), None)
            if close is not None:
                return close
        return k

    def _past_titles_back(self, v: _SentenceView, k: int) -> int:
        """The index of the first of the titles right before token ``k`` ("السيد فلان")."""
        while k > 0 and self.lex.titles.match_at(v.tokens, k - 1, clitics=False) is not None:
            k -= 1
        return k

    def _joiner_before(self, v: _SentenceView, k: int) -> bool:
        """A list joiner of two words or more ("فضلا عن"، "إضافة إلى") ends right before token ``k``."""
        return any(len(j) > 1 and tuple(v.token_norm(i) for i in range(k - len(j), k)) == j
                   for j in load_list_joiners())

    def _is_country(self, ent: Entity) -> bool:
        entry = self.gaz.entries.get(ent.key)
        return bool(entry and entry.is_country)

    def _chair(self, v: _SentenceView, k: int, ctx):
        if v.token_norm(k - 1) == "علي":
            # "فلان ... على رأس وفد من ...": the one heading the delegation is named before
            before = v.before(k, PERSON)
            subject = before[-1].entity if before else None
        else:
            persons = v.after(k, PERSON)
            subject = persons[0].entity if persons else ctx.subject
        if subject is None:
            return
        ctx.subject = subject
        delegation = [c for c, kind in v.cues if kind == "delegation" and c > k]
        event = self._event_of(v, ctx)
        if delegation:
            d = delegation[0]
            party = [o for o in v.items + v.nested if o.first in (d + 1, d + 2)
                     and o.entity.type in PLACES_AND_BODIES]
            if not party:
                party = [o for o in v.nested + v.items if o.first == d + 1 and o.entity.type is EntityType.LOCATION]
            for o in party[:1]:
                yield subject, "represents", o.entity, "delegation"
            if event is not None:
                yield subject, "attended", event, "delegation"
            return
        events = [o for o in v.after(k) if o.entity.type is EntityType.EVENT]
        if events:
            yield subject, "chaired", events[0].entity, "chair"
            yield subject, "attended", events[0].entity, "chair"

    def _meet_with(self, v: _SentenceView, k: int, ctx):
        if v.token_norm(k + 1) == "بين":
            # "جمع لقاء بين فلان وفلان": the two persons after بين, the second joined by و
            after = v.after(k + 1, PERSON)
            if len(after) >= 2 and after[0].first - k <= 6 and any(
                    v.token_norm(j).startswith("و") for j in range(after[0].last + 1, after[1].first + 1)):
                yield after[0].entity, "metWith", after[1].entity, "meet-between"
            return
        withs = [j for j in range(len(v.tokens)) if v.token_norm(j) == "مع"]
        if not withs:
            return
        w = min(withs, key=lambda j: abs(j - k))
        before = v.before(w, PERSON)
        subject = before[-1].entity if before else ctx.subject
        after = v.after(w, PERSON)
        if subject is None or not after:
            return
        yield subject, "metWith", after[0].entity, "meet-with"

    def _visit(self, v: _SentenceView, k: int, kind: str, ctx, meet_objects: list[Entity]):
        if any(cue == "invite" and k - 4 <= c < k for c, cue in v.cues):
            return  # "وجه له الدعوة لزيارة فلسطين": invited, not (yet) a visit
        start = k
        if kind == "visit_verb":
            # "زار وزير الداخلية المصري فلان مقر ...": what is visited comes after the visitor
            persons = v.after(k, PERSON)
            if persons and persons[0].first - k <= 8:
                start = persons[0].last
        targets = [o for o in v.after(start, PLACES_AND_BODIES) if o.first - start <= 6 and o.source != "post-body"]
        if len(targets) >= 2 and targets[0].source == "adjective" and targets[1].first == targets[0].last + 1:
            targets = targets[1:]  # "زيارة إلى العاصمة الليبية طرابلس": the city, not the country
        if not targets:
            return
        target = targets[0].entity
        if kind == "visit_verb":
            persons = v.after(k, PERSON)
            visitors = [persons[0].entity] if persons and persons[0].first < targets[0].first else []
            if not visitors and v.token_norm(k - 1) in _RELATIVE_PRONOUNS:
                before = v.before(k - 1, PERSON)
                visitors = [before[-1].entity] if before else []  # "فلان ... الذي يزور نواكشوط"
        elif meet_objects:
            visitors = meet_objects  # "استقبل X Y ... خلال زيارته إلى ..." : Y is the visitor
        else:
            before = v.before(k, PERSON) or self._body_before(v, k)
            if before:
                visitors = [before[-1].entity]  # "بحثت المديرية العامة للجمارك خلال زيارة إلى ..."
            elif _OWN_SUFFIX.search(v.token_norm(k)) and v.after(targets[0].last, PERSON):
                # "وفي ختام زيارته للمغرب، أكد الوزير فلان": his own visit, the subject said after
                visitors = [v.after(targets[0].last, PERSON)[0].entity]
            else:  # a visit said after a reception is the guests' visit
                visitors = ctx.guests or ([ctx.subject] if ctx.subject else [])
        for visitor in visitors:
            yield visitor, "visited", target, "visit"

    def _cooperate(self, v: _SentenceView, k: int, ctx: "_ArticleContext"):
        yield from self._adjective_pair(v, k)
        for j in range(len(v.tokens)):
            if v.token_norm(j) != "بين":
                continue
            after = [o for o in v.after(j, PLACES_AND_BODIES)]
            # "بين A وB", "بين مدينتي A وB" (a dual noun naming what the two are)
            start = j + 2 if _is_dual(v.token_norm(j + 1)) else j + 1
            if len(after) >= 2 and after[0].first in (start, j + 1) and v.token_norm(after[1].first).startswith("و"):
                # "بين وزارتي الصحة الأردنية والعراقية": "والعراقية" is the second body and its country;
                # the body pairs with the body
                second = next((o for o in after if o.span == after[1].span
                               and o.entity.type is after[0].entity.type), after[1])
                yield after[0].entity, "cooperatesWith", second.entity, "cooperate-between"
            elif v.token_norm(j + 1) in _PAIR_WORDS and len(ctx.countries) >= 2:
                # "التعاون بين البلدين": the two countries the article has named most
                first, second = ctx.countries.most_common(2)
                yield ctx.entities[first[0]], "cooperatesWith", ctx.entities[second[0]], "cooperate-pair"
            return
        # "أعلنت وزارة الداخلية العراقية توقيع اتفاقية تعاون مع وزارة الداخلية التركية"
        withs = [j for j in range(k + 1, min(k + 6, len(v.tokens))) if v.token_norm(j) == "مع"]
        if not withs:
            return
        # "مع وزارة ..." or "مع نظيرتها الروسية": the counterpart is named by its country
        at = withs[0] + 2 if is_counterpart_word(v.token_norm(withs[0] + 1)) else withs[0] + 1
        partners = [o for o in v.after(withs[0], PLACES_AND_BODIES) + v.nested if o.first == at]
        parties = [o for o in v.before(k, PLACES_AND_BODIES) if self._is_actor(o.entity)]
        if partners and parties and self._is_actor(partners[0].entity):
            yield parties[-1].entity, "cooperatesWith", partners[0].entity, "cooperate-with"

    def _body_before(self, v: _SentenceView, k: int) -> list[Occurrence]:
        """The body that is the subject just before ``k``: the head of the noun phrase ending within
        three words of it ("المديرية العامة للجمارك بوزارة المالية الأردنية خلال ...")."""
        bodies = [o for o in v.before(k, {EntityType.ORGANIZATION}) if o.source != "post-body"]
        if not bodies or k - bodies[-1].last > 3:
            return []
        n = len(bodies) - 1
        while n > 0 and bodies[n].first - bodies[n - 1].last <= 1:
            n -= 1
        return [bodies[n]]

    def _counterparts_meet(self, v: _SentenceView):
        """"يعقد وزيرا الخارجية فلان ونظيره السوداني فلان ...", "من الجانب القطري فلان، ومن الجانب
        الصومالي فلان": two persons paired as counterparts or as the two sides of a meeting, a
        talk or a signing have met.  Needs a meeting, signing or cooperation cue in the sentence."""
        if not any(kind in _MEETING_CUES for _, kind in v.cues):
            return
        persons = [o for o in v.items if o.entity.type is EntityType.PERSON]
        for n, o in enumerate(persons[1:], start=1):
            window = range(max(0, o.first - 4), o.first)
            if any(is_counterpart_word(v.token_norm(j)) for j in window) or (
                    any(v.token_norm(j) in ("الجانب", "وللجانب") for j in window)
                    and any(kind == "side" for _, kind in v.cues if _ < persons[n - 1].first)):
                yield persons[n - 1].entity, "metWith", o.entity, "counterparts"

    def _adjective_pair(self, v: _SentenceView, k: int):
        """"التعاون المغربي الروسي", "بمشاركة بريطانية أمريكية", "الجيشين اليمني والسعودي": two
        country adjectives right after a cooperation cue (or its noun) make the countries cooperate."""
        adjectives = [o for o in sorted(v.items + v.nested, key=lambda o: o.first)
                      if o.source == "adjective" and k < o.first <= k + 3]
        if len(adjectives) >= 2 and adjectives[1].first - adjectives[0].last <= 1 \
                and adjectives[0].entity.id != adjectives[1].entity.id:
            yield adjectives[0].entity, "cooperatesWith", adjectives[1].entity, "cooperate-adjectives"

    def _signatories(self, v: _SentenceView, k: int):
        """"وقعت المديرية العامة للأمن الوطني والمكتب ... مذكرة تفاهم": the two signatories cooperate."""
        if not any(kind == "cooperate" for _, kind in v.cues):
            return
        parties = [o for o in self._listed(v, k) if o.entity.type in PLACES_AND_BODIES]
        if len(parties) >= 2 and parties[0].first - k <= 1:
            yield parties[0].entity, "cooperatesWith", parties[1].entity, "sign"
            return
        # "ووقعت وزارة الصحة مع منظمة اليونيسف اتفاقية": the signatory, then مع and the other party
        if not parties or parties[0].first - k > 1 or not self._is_actor(parties[0].entity):
            return
        after = next((o for o in v.after(parties[0].last, PLACES_AND_BODIES) if self._is_actor(o.entity)), None)
        if after is not None and v.token_norm(after.first - 1) == "مع" and after.first - parties[0].last <= 3:
            yield parties[0].entity, "cooperatesWith", after.entity, "sign-with"

    def _organize(self, v: _SentenceView, k: int):
        """"تستضيف مصر بالتنسيق مع الأنتربول أعمال الاجتماع ..." (hosts before the event), or
        "الندوة التي تنظمها الوزارة بالتعاون مع ..." (organisers after it)."""
        events = [o for o in v.after(k) if o.entity.type is EntityType.EVENT]
        if events:
            for o in v.items:
                if k < o.first < events[0].first and o.entity.type in PLACES_AND_BODIES:
                    if o.entity.type is EntityType.LOCATION and not self._is_country(o.entity):
                        continue
                    yield events[0].entity, "organizedBy", o.entity, "organize"
            return
        before = [o for o in v.items if o.last < k and o.entity.type is EntityType.EVENT]
        if not before:
            return
        for o in self._listed(v, k):
            if o.entity.type in PLACES_AND_BODIES:
                yield before[-1].entity, "organizedBy", o.entity, "organize"
        for j in range(k + 1, len(v.tokens)):
            if v.token_norm(j) in ("بالتعاون", "بالتنسيق", "بشراكه") and v.token_norm(j + 1) == "مع":
                for o in self._listed(v, j + 1)[:3]:
                    if o.entity.type in PLACES_AND_BODIES:
                        yield before[-1].entity, "organizedBy", o.entity, "organize"
                break

    def _held_in(self, v: _SentenceView):
        """Each event is held in the first city said after it and before the next event."""
        events = [o for o in v.items if o.entity.type is EntityType.EVENT]
        has_cue = any(kind == "held" for _, kind in v.cues)
        for n, ev in enumerate(events):
            end = events[n + 1].first if n + 1 < len(events) else len(v.tokens)
            place = next((o for o in v.items if ev.last < o.first < end and o.entity.type is EntityType.LOCATION
                          and self._is_city(o.entity) and (has_cue or self._introduced_as_place(v, o))), None)
            if place is None:  # "القمة العربية بالعراق": a country glued to the event by ب
                place = next((o for o in v.items if o.first == ev.last + 1 and self._is_country(o.entity)
                              and v.token_norm(o.first).startswith("ب") and o.source != "adjective"), None)
            if place is None and n == 0 and has_cue:
                place = next((o for o in reversed(v.before(ev.first, {EntityType.LOCATION}))
                              if self._introduced_as_place(v, o)), None)
            # "منتدى الرباط للأمن", "أولمبياد باريس 2024": a city in the event's name is where it is held
            named = next((o for o in v.nested if ev.first <= o.first and o.last <= ev.last
                          and o.entity.type is EntityType.LOCATION and o.source != "adjective"
                          and self._is_city(o.entity) and not self._is_country(o.entity)), None)
            if named is not None:
                yield ev.entity, "heldIn", named.entity, "held-in-name"
            elif place is not None:
                yield ev.entity, "heldIn", place.entity, "held-in"

    def _is_city(self, ent: Entity) -> bool:
        entry = self.gaz.entries.get(ent.key)
        if entry is None:
            return ent.key.startswith("location:")
        if entry.kind in _CITY_KINDS:
            return True
        # a country named like its capital ("الجزائر", "تونس", "الكويت") may be the city
        return entry.is_country and any(e.kind in _CITY_KINDS for e in self.gaz.lookup(ent.label))

    def _introduced_as_place(self, v: _SentenceView, o: Occurrence) -> bool:
        first = v.token_norm(o.first)
        prev = v.token_norm(o.first - 1)
        return first.startswith(("ب", "في")) or prev in _PLACE_PREPOSITIONS

    def _seats(self, v: _SentenceView):
        """"بمقر الوزارة بالعاصمة عمان", "المنظمة ... التي مقرها جنيف": a body lies in the city of its
        seat (the words of data/lexicon/seat_words.tsv)."""
        every = sorted(v.items + v.nested, key=lambda o: o.first)
        for k, tok in enumerate(v.tokens):
            position = next((self.lex.seat_words[w] for w in stems(tok.norm) if w in self.lex.seat_words), None)
            if position is None:
                continue
            if position == "before":
                body = next((o for o in every if o.first == k + 1 and o.entity.type is EntityType.ORGANIZATION), None)
                start = body.last if body is not None else k
            else:
                body = next((o for o in reversed(every) if o.last < k and k - o.last <= 3
                             and o.entity.type is EntityType.ORGANIZATION), None)
                start = k
            if body is None or body.source == "post-body":
                continue
            city = next((o for o in every if start < o.first <= start + 3 and o.entity.type is EntityType.LOCATION
                         and self._is_city(o.entity)), None)
            others = [o for o in every if start < o.first < (city.first if city else 0)
                      and o.entity.type is not EntityType.LOCATION]
            if city is not None and not others and self._may_sit_in(body.entity, city.entity):
                yield body.entity, "locatedIn", city.entity, "seat"

    def _places(self, v: _SentenceView):
        """"ليون الفرنسية", "العاصمة القطرية الدوحة", "غلاسكو بإسكتلندا", "الوكالة ... ببريطانيا"."""
        yield from self._seats(v)
        # (a parent named inside a body's name is no neighbour of what follows the body)
        every = sorted((o for o in v.items + v.nested if o.source not in ("anaphor", "parent-body")),
                       key=lambda o: o.first)
        for a, b in zip(every, every[1:]):
            if (a.entity.type is EntityType.LOCATION and b.entity.type is EntityType.LOCATION
                    and a not in v.nested and self._place_word_between(v, a.last + 1, b.first)):
                # "قاعدة ... بمحافظة تبوك", "مدينة صلالة جنوب سلطنة عمان"
                yield a.entity, "locatedIn", b.entity, "located-by-place-word"
                continue
            if (b.first == a.last + 2 and v.token_norm(a.last + 1) == "في" and a not in v.nested
                    and a.entity.type is EntityType.ORGANIZATION and b.entity.type is EntityType.ORGANIZATION
                    and a.source not in ("post-body", "anaphor") and b.source != "post-body"):
                # "اللجنة الاقتصادية في الاتحاد الأفريقي": a body in a body is part of it
                yield a.entity, "partOf", b.entity, "part-in"
                continue
            if b.first != a.last + 1:
                continue
            if a in v.nested and b.source != "adjective":
                continue  # "المكتب المركزي الوطني للأنتربول بالرباط": the office sits there, not Interpol
            ta, tb = a.entity.type, b.entity.type
            if ta is EntityType.LOCATION and tb is EntityType.LOCATION:
                if b.source == "adjective" and self._is_city(a.entity):
                    yield a.entity, "locatedIn", b.entity, "city-adjective"
                elif a.source == "adjective" and self._is_city(b.entity) and not self._introduced_as_place(v, b):
                    # "العاصمة القطرية الدوحة"; not "السفير السعودي بصنعاء" (the adjective is the ambassador's)
                    yield b.entity, "locatedIn", a.entity, "city-adjective"
                elif v.token_norm(b.first).startswith("ب") and not self._is_country(a.entity):
                    yield a.entity, "locatedIn", b.entity, "located-by-preposition"
            elif ta is EntityType.ORGANIZATION and a.source != "post-body" and v.token_norm(b.first).startswith("ب"):
                said_as_city = "مدينه" in stems(v.token_norm(b.first))
                if tb is EntityType.LOCATION and not said_as_city and self._may_sit_in(a.entity, b.entity):
                    yield a.entity, "locatedIn", b.entity, "located-by-preposition"
                elif tb is EntityType.ORGANIZATION:
                    yield a.entity, "partOf", b.entity, "part-by-preposition"

    def _place_word_between(self, v: _SentenceView, lo: int, hi: int) -> bool:
        """Between two places only a ب + noun of places ("بمحافظة") or compass words ("جنوب")."""
        words = tuple(v.token_norm(k) for k in range(lo, hi))
        if len(words) == 1 and words[0].startswith("ب") and words[0][1:] in _PLACE_NOUNS:
            return True
        return bool(words) and " ".join(words) in self.lex.direction_words

    def _may_sit_in(self, body: Entity, place: Entity) -> bool:
        """"الوكالة الوطنية ... ببريطانيا" says where a body sits, unless the gazetteer puts the
        body in another country (then the place is where the news happened)."""
        entry = self.gaz.entries.get(body.key)
        where = self.gaz.entries.get(place.key)
        if entry is None or not entry.country or where is None:
            return True
        return where.country == entry.country

    def _gazetteer_places(self, document: Document, resolution: Resolution, add) -> None:
        """A city and its country both named in one sentence: the city lies in that country."""
        for city in resolution.entities:
            entry = self.gaz.entries.get(city.key)
            if entry is None or entry.kind not in _CITY_KINDS or not entry.country:
                continue
            country = self.gaz.country_by_code.get(entry.country)
            target = next((e for e in resolution.entities if country and e.key == country.id), None)
            if target is None:
                continue
            city_sentences = {m.sentence for m in city.mentions}
            shared = sorted(city_sentences & {m.sentence for m in target.mentions})
            if shared:
                add(city, "locatedIn", target, document.sentences[shared[0]], "gazetteer-country")


def _is_dual(norm: str) -> bool:
    """A dual noun in the genitive or a pair word: "مدينتي", "وزارتي", "البلدين", "الجيشين"."""
    stem = norm[2:] if norm.startswith("ال") else norm
    return norm in _PAIR_WORDS or (len(stem) > 4 and stem.endswith(("تي", "ين"))
                                   and (stem is norm or stem.endswith("ين")))


class _ArticleContext:
    """What a sentence may leave unsaid: the current event and the last subject."""

    def __init__(self) -> None:
        self.event: Entity | None = None
        self.subject: Entity | None = None
        self.guests: list[Entity] = []  # the persons last received ("استقبل X Y")
        self.countries: Counter[str] = Counter()  # country entity id -> mentions so far
        self.entities: dict[str, Entity] = {}
