"""Group an article's mentions into entities: one entity per real thing, with a cross-article key.

Gazetteer mentions carry their entry id; other names are keyed by type and
normalised name.  Within an article a family name alone joins the full name,
a shorter organisation or event name joins the longer one it abbreviates,
a body named without its country ("وزارة الداخلية") takes the country the
article is about, and anaphors ("الاجتماع", "المنظمة") join the nearest
entity they can mean.
"""
from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.arabic import lookup_forms, normalize, strip_definite
from kg.data import read_tsv
from kg.extract.gazetteer import Gazetteer, GazetteerEntry, normalized_name
from kg.extract.persons import post_key
from kg.extract.sentence import Recognition
from kg.extract.spans import SpanIndex
from kg.model import Document, Entity, EntityType, Mention, Span

#: which recogniser wins when two mentions cover the same text
SOURCE_PRIORITY = {"gazetteer": 0, "chain": 1, "nested-body": 1, "parent-body": 1, "post-body": 2, "title": 3, "post": 4, "adjective": 5,
                   "given-name": 6, "recurring-name": 7, "place-rule": 8, "anaphor": 9}
#: nested mentions are kept when the outer one is a compositional name (an organisation or event chain)
_NESTING_OUTER = {"chain", "nested-body"}
#: head nouns of bodies every country has, named by the country's adjective when the text leaves it out
_NATIONAL_HEADS = {"وزاره"}
#: a place named within this many characters of the start is the article's dateline
_DATELINE_CHARS = 25


@dataclass(frozen=True)
class Resolution:
    entities: tuple[Entity, ...]
    entity_of: dict[Span, str]  # mention span -> entity id


def _priority(m: Mention) -> int:
    return SOURCE_PRIORITY.get(m.source, 9)


def select_mentions(mentions: list[Mention]) -> list[Mention]:
    """Drop duplicates and crossing overlaps: longest first, then source priority;
    a mention inside an organisation or event chain is kept (nested names)."""
    kept: list[Mention] = []
    index: SpanIndex[Mention] = SpanIndex()
    for m in sorted(mentions, key=lambda m: (-len(m.span), _priority(m), m.span.start)):
        ok = True
        for k in index.overlapping(m.span):
            if (k.span.contains(m.span) and k.span != m.span and m.source in ("gazetteer", "adjective")
                    and (k.source in _NESTING_OUTER or m.type is EntityType.LOCATION
                         and k.type in (EntityType.ORGANIZATION, EntityType.EVENT))):
                continue  # "وزارة الداخلية القطرية": the body, and the country its name says
            if k.span.contains(m.span) and m.source == "parent-body" and (
                    k.type is EntityType.ORGANIZATION or k.source in _NESTING_OUTER):
                continue  # "الجمعية العامة للأمم المتحدة": the organ and the body it belongs to
            if k.span.contains(m.span) and m.source == "nested-body" and k.source in _NESTING_OUTER:
                continue  # "اجتماعات اللجنة الفنية المشتركة": the event and the body it is of
            if k.span.contains(m.span) and m.source == "adjective" and k.type not in (EntityType.LOCATION,
                                                                                      EntityType.PERSON):
                continue  # "الشرطة الإسبانية": the body and the country it names; not "فلان السوداني"
            ok = False
            break
        if ok:
            kept.append(m)
            index.add(m.span, m)
    return sorted(kept, key=lambda m: m.span.start)


class EntityResolver:
    """Resolves one article's recognition into entities."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer

    def __call__(self, document: Document, recognition: Recognition) -> Resolution:
        mentions = select_mentions(recognition.mentions)
        home = self._home_country(mentions)
        visiting = _visit_sentences(document)
        # a post said in a sentence of a visit or an arrival may be the visitor's: not the home country's
        keyed = [self._with_key(m, None if m.source == "post-body" and not m.country and m.sentence in visiting
                                else home) for m in mentions]
        groups: dict[str, list[Mention]] = {}
        for m in keyed:
            groups.setdefault(m.key, []).append(m)
        groups = self._merge_short_names(groups)
        entities: list[Entity] = []
        entity_of: dict[Span, str] = {}
        for key, group in sorted(groups.items(), key=lambda kv: min(m.span.start for m in kv[1])):
            ent = self._entity(f"e{len(entities) + 1}", key, group)
            entities.append(ent)
            for m in group:
                entity_of[m.span] = ent.id
        self._anaphors(recognition, entities, entity_of)
        return Resolution(tuple(entities), entity_of)

    def _post_holders(self, recognition: Recognition, entity_of: dict[Span, str]) -> list[tuple[int, str, str]]:
        """(position, post, entity id) for every person named with a post."""
        return sorted((role.person.start, post_key(role.post), entity_of[role.person])
                      for role in recognition.roles if role.person in entity_of)

    # ---- keys ----------------------------------------------------------------------
    def _home_country(self, mentions: list[Mention]) -> GazetteerEntry | None:
        """The country the article is about: its dateline's ("الرياض (واس) -"), else the one its
        places, adjectives and national bodies name most often (a city counts for its
        country); a tie goes to the one named first."""
        counts: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for m in mentions:
            entry = self.gaz.entries.get(m.key) if m.key else None
            if entry is None or not entry.country or m.candidates:
                continue  # a shared name ("عمان") cannot tell the country
            if m.type is EntityType.LOCATION and m.span.start < _DATELINE_CHARS and not counts:
                return self.gaz.country_by_code.get(entry.country)
            counts[entry.country] += 1  # places, adjectives, and national bodies
            first_seen.setdefault(entry.country, m.span.start)
        if not counts:
            return None
        code = min(counts, key=lambda c: (-counts[c], first_seen[c]))
        return self.gaz.country_by_code.get(code)

    def _with_key(self, m: Mention, home: GazetteerEntry | None) -> Mention:
        if m.key and m.candidates and home is not None:
            # a shared name ("عمان": Oman or Amman) means the one in the article's country
            for other in m.candidates:
                entry = self.gaz.entries[other]
                if entry.country == home.country and self.gaz.entries[m.key].country != home.country:
                    return replace(m, key=entry.id, canonical=entry.name, label_en=entry.label_en,
                                   wikidata=entry.wikidata)
        if m.key:
            return m
        name = m.canonical or m.text
        if m.type is EntityType.ORGANIZATION:
            country = self.gaz.country_by_code.get(m.country) if m.country else None
            entry = self._known_body(name, country or home, explicit=country is not None)
            if entry:
                return replace(m, key=entry.id, canonical=entry.name, label_en=entry.label_en,
                               wikidata=entry.wikidata, implied_name=name)
            national = self._national_name(m, name, country or home)
            if national:
                return replace(m, key=f"organization:{_name_key(self._one_spelling(national), m.type)}",
                               canonical=national,
                               implied_name=name)
        if m.type in (EntityType.ORGANIZATION, EntityType.EVENT):
            name = self._one_spelling(name)
        return replace(m, key=f"{m.type.value.lower()}:{_name_key(name, m.type)}")

    def _one_spelling(self, name: str) -> str:
        """The name with each country adjective in its country's first spelling, so that
        "خفر السواحل الأميركي" and "خفر السواحل الأمريكي" are one body."""
        words = name.split(" ")
        for n, word in enumerate(words):
            entry = self.gaz.adjective_country(word) if n else None
            if entry is None:
                continue
            norm = normalize(word)
            definite, feminine = norm.startswith("ال"), norm.endswith("يه")
            if not (feminine or norm.endswith("ي")):
                continue  # a plural: left as written
            first = next((f for f in entry.adjectives if normalize(f).startswith("ال") == definite
                          and normalize(f).endswith("يه" if feminine else "ي")), None)
            if first is not None:
                words[n] = first
        return " ".join(words)

    def _national_name(self, m: Mention, name: str, country: GazetteerEntry | None) -> str:
        """A national body said without its country's name takes it: "وزير الخارجية" in a
        Sudanese article heads "وزارة الخارجية السودانية", and the two counterparts of a
        meeting head two ministries, not one.  Only bodies every country has (ministries), and
        only when the name holds no country already."""
        if country is None or not country.feminine_adjective:
            return ""
        head = strip_definite(_words(name)[0]) if _words(name) else ""
        if head not in _NATIONAL_HEADS:
            return ""
        if any(self.gaz.adjective_country(w) or self.gaz.lookup(w) for w in name.split()[1:]):
            return ""
        return f"{name} {country.feminine_adjective}"

    def _known_body(self, name: str, country: GazetteerEntry | None, explicit: bool = False) -> GazetteerEntry | None:
        """The gazetteer body ``name`` means: itself when only one country has it, else the
        one of ``country`` ("وزارة الداخلية" in an Egyptian article is Egypt's)."""
        entries = [e for e in self.gaz.lookup(name) if e.type is EntityType.ORGANIZATION]
        if country is not None:
            for e in entries:
                if e.country == country.country:
                    return e
            for adjective in country.adjectives:
                if adjective.startswith("ال"):
                    found = [e for e in self.gaz.lookup(f"{name} {adjective}") if e.type is EntityType.ORGANIZATION]
                    if found:
                        return found[0]
        if len(entries) == 1 and not (explicit and entries[0].country and country
                                      and entries[0].country != country.country):
            return entries[0]
        return None

    # ---- merging -------------------------------------------------------------------
    def _merge_short_names(self, groups: dict[str, list[Mention]]) -> dict[str, list[Mention]]:
        """A family name alone, or a shortened body or event name, joins the one longer name it abbreviates."""
        names = {key: max((_words(m.canonical or m.text) for m in group), key=len) for key, group in groups.items()}
        types = {key: group[0].type for key, group in groups.items()}
        # a longer name a short one may abbreviate has its type and starts or ends with it (a person)
        # or has its head (a body, an event; see _abbreviates): look only at those, so many names stay linear
        by_word: dict[tuple[EntityType, tuple[str, ...]], list[str]] = {}
        for key, words in names.items():
            for word in _index_words(words, types[key]):
                by_word.setdefault((types[key], word), []).append(key)
        merged = dict(groups)
        for key in sorted(groups, key=lambda k: len(names[k])):
            if key not in merged:
                continue
            short = names[key]
            near = dict.fromkeys(other for word in _index_words(short, types[key], short=True)
                                 for other in by_word.get((types[key], word), ()))
            targets = [other for other in near if other in merged and other != key
                       and len(names[other]) > len(short) and _abbreviates(short, names[other], types[key])]
            if len(targets) == 1:
                merged[targets[0]].extend(merged.pop(key))  # groups is not read again
        return merged

    def _entity(self, entity_id: str, key: str, group: list[Mention]) -> Entity:
        entry = self.gaz.entries.get(key)
        best = max(group, key=lambda m: (bool(m.canonical), len(_words(m.canonical or m.text))))
        label = entry.name if entry else (best.canonical or best.text)
        aliases = dict.fromkeys(n for m in group for n in (m.implied_name, m.canonical)
                                if n and normalize(n) != normalize(label))
        return Entity(
            id=entity_id, type=group[0].type, label=label,
            mentions=tuple(sorted(group, key=lambda m: m.span.start)), key=key,
            label_en=entry.label_en if entry else "", wikidata=entry.wikidata if entry else "",
            aliases=tuple(aliases),
        )

    # ---- anaphors ------------------------------------------------------------------
    def _anaphors(self, recognition: Recognition, entities: list[Entity], entity_of: dict[Span, str]) -> None:
        # Each question is a bisection in sorted positions, so a long article stays linear.
        holders: dict[str, list[tuple[int, str]]] = {}
        for pos, post, eid in self._post_holders(recognition, entity_of):
            holders.setdefault(post, []).append((pos, eid))
        by_id = {e.id: e for e in entities}
        position_of = {e.id: i for i, e in enumerate(entities)}
        antecedents = _Antecedents(entities, self._org_matches_head)
        added: dict[int, list[Mention]] = {}
        for anaphor in recognition.anaphors:
            if anaphor.span in entity_of:
                continue
            if anaphor.kind == "person":
                # the last person named with that post before it: "الوزير" is the minister named earlier
                named = holders.get(anaphor.head, [])
                before = bisect_left(named, (anaphor.span.start, ""))
                target = by_id.get(named[before - 1][1]) if before else None
            else:
                target = antecedents.nearest_before(anaphor)
            if target is None:
                continue
            mention = Mention(anaphor.span, anaphor.text, target.type, "anaphor", key=target.key,
                              sentence=anaphor.sentence)
            index = position_of[target.id]
            added.setdefault(index, []).append(mention)
            antecedents.add(index, anaphor.span.start)
            entity_of[anaphor.span] = target.id
        for index, mentions in added.items():
            entities[index] = replace(entities[index], mentions=entities[index].mentions + tuple(mentions))

    def _org_matches_head(self, ent: Entity, head: str) -> bool:
        label_words = _words(ent.label)
        if label_words and strip_definite(label_words[0]) == head:
            return True
        entry = self.gaz.entries.get(ent.key)
        if entry is None:
            return False
        # "المنظمة" for Interpol (المنظمة الدولية للشرطة الجنائية), "الوكالة" for Europol
        return head in entry.name_heads or (head == "منظمه" and entry.kind in ("intl_org", "regional_org"))


def _words(name: str) -> list[str]:
    return normalize(name).split()


_VISIT_KINDS = {"visit_verb", "visit_noun", "arrive"}


@lru_cache(maxsize=1)
def _visit_words() -> frozenset[str]:
    """Normalised cue words of a visit or an arrival (data/lexicon/triggers.tsv)."""
    return frozenset(normalize(r["word"]) for r in read_tsv("lexicon/triggers.tsv") if r["kind"] in _VISIT_KINDS)


def _visit_sentences(document: Document) -> set[int]:
    words = _visit_words()
    return {i for i, sentence in enumerate(document.sentences)
            if any(w in words for t in sentence.tokens for w in lookup_forms(t.norm))}


def _name_key(name: str, kind: EntityType) -> str:
    """Normalised name; a body's or event's leading ال is dropped ("الاجتماع" = "اجتماع"),
    a person's is kept ("إلياس" normalises to "الياس", which is no article)."""
    return " ".join(_words(name)) if kind is EntityType.PERSON else normalized_name(name)


def _index_words(words: list[str], kind: EntityType, short: bool = False) -> tuple[tuple[str, ...], ...]:
    """What a name is filed under for _abbreviates (``short=False``), or looked up by (``short=True``):
    a person's name by its first and last words (a short one by all of them: it must be the long
    one's start or end), a body's or event's by its head."""
    if not words or kind is EntityType.LOCATION:
        return ()
    if kind is EntityType.PERSON:
        if short:
            return (("start", *words), ("end", *words)) if len(words) >= 2 else (("end", *words),)
        return (*(("start", *words[:n]) for n in range(2, len(words) + 1)),
                *(("end", *words[-n:]) for n in range(1, len(words) + 1)))
    return ((strip_definite(words[0]),),)


def _abbreviates(short: list[str], long: list[str], kind: EntityType) -> bool:
    if kind is EntityType.PERSON:
        # "حموشي" of "عبد اللطيف حموشي"; "عبدالعزيز بن سعود" of the full chain of names
        return long[-len(short):] == short or long[:len(short)] == short and len(short) >= 2
    if kind is EntityType.LOCATION:
        return False
    # same head, and the short name's words appear in order in the long one
    if strip_definite(short[0]) != strip_definite(long[0]):
        return False
    it = iter(strip_definite(w) for w in long[1:])
    return all(strip_definite(w) in it for w in short[1:])


class _Antecedents:
    """Which entity an event or organisation anaphor means: of those its head allows, the one
    named last before it (the first entity on a tie).  Mention starts are kept sorted per
    head, so each question is a bisection."""

    def __init__(self, entities: list[Entity], org_matches_head):
        self._entities = entities
        self._org_matches_head = org_matches_head
        self._starts: dict[int, list[int]] = {}  # anaphor mentions added, by entity index
        #: (type, head) -> (entity indices allowed, sorted (start, -index) of their mentions)
        self._lists: dict[tuple[EntityType, str], tuple[set[int], list[tuple[int, int]]]] = {}

    def _allowed(self, wanted: EntityType, head: str) -> tuple[set[int], list[tuple[int, int]]]:
        key = (wanted, head if wanted is EntityType.ORGANIZATION else "")
        if key not in self._lists:
            allowed = {i for i, ent in enumerate(self._entities) if ent.type is wanted
                       and (wanted is not EntityType.ORGANIZATION or self._org_matches_head(ent, head))}
            starts = sorted((start, -i) for i in allowed
                            for start in [*(m.span.start for m in self._entities[i].mentions),
                                          *self._starts.get(i, ())])
            self._lists[key] = (allowed, starts)
        return self._lists[key]

    def nearest_before(self, anaphor) -> Entity | None:
        wanted = EntityType.EVENT if anaphor.kind == "event" else EntityType.ORGANIZATION
        _, starts = self._allowed(wanted, anaphor.head)
        before = bisect_left(starts, (anaphor.span.start, -len(self._entities)))
        return self._entities[-starts[before - 1][1]] if before else None

    def add(self, index: int, start: int) -> None:
        """The entity at ``index`` is now also named at ``start`` (an anaphor joined it)."""
        self._starts.setdefault(index, []).append(start)
        for allowed, starts in self._lists.values():
            if index in allowed:
                insort(starts, (start, -index))
