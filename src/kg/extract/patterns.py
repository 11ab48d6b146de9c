"""Relation constructions as data: cue-and-frame patterns from data/lexicon/patterns.tsv.

A pattern names a cue kind (the words of data/lexicon/triggers.tsv that have it), the
predicate it states, and where its two arguments stand: on which side of the cue, of
which types, how many words away at most, and a few conditions ("country", "actor",
"written": not a body a post only implies, "prev=WORD": the word before the cue,
"marked=WORD|WORD": one of these words right before the argument, as "طرف" in "من طرف";
"unmarked=WORD|WORD": none of them there, as "وفد" in "وفد اللجنة ... برئاسة").  Each
row carries a sentence written for it; tests/test_patterns.py runs every example, so a
linguist adds a construction by adding a row and its example, and the test proves it
fires.  A bad row fails at load time with file:line and what to fix.

Python keeps what needs the article's context (carried-over subjects, "البلدين", the
event a bare "الاجتماع" means: relations.py); the frames here read one sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.arabic import normalize
from kg.data import data_dir
from kg.model import PREDICATES, EntityType

PATTERN_FILE = "lexicon/patterns.tsv"
_SLOT = re.compile(r"^(?P<types>[A-Z|]+)\s+(?P<side>before|after)\s*<=\s*(?P<distance>\d+)(?P<conditions>(?:\s+\S+)*)$")
_CONDITIONS = {"country", "actor", "written", "city"}


@dataclass(frozen=True)
class Slot:
    """Where one argument stands: types, side of the cue, at most ``distance`` words away, conditions."""

    types: frozenset[EntityType]
    side: str  # before | after
    distance: int
    conditions: frozenset[str]
    marked: frozenset[str] = frozenset()  # normalised words one of which stands right before the argument
    unmarked: frozenset[str] = frozenset()  # normalised words none of which may stand right before it


@dataclass(frozen=True)
class Pattern:
    id: str
    predicate: str
    cue: str  # a cue kind of triggers.tsv
    subject: Slot
    object: Slot
    previous_word: str  # "" or the normalised word that must come right before the cue
    example: str
    where: str  # file:line, for messages


def _slot(text: str, where: str) -> tuple[Slot, str]:
    match = _SLOT.match(text.strip())
    if match is None:
        raise ValueError(f"{where}: bad argument {text!r}; write 'TYPES before|after <=N [conditions]', "
                         "e.g. 'PERSON after <=8' or 'ORGANIZATION|LOCATION before <=3 actor'")
    types = set()
    for name in match["types"].split("|"):
        try:
            types.add(EntityType(name))
        except ValueError:
            raise ValueError(f"{where}: unknown type {name!r}; use PERSON, ORGANIZATION, LOCATION or EVENT") from None
    conditions, previous, marked, unmarked = set(), "", frozenset(), frozenset()
    for word in match["conditions"].split():
        if word.startswith("prev="):
            previous = word[5:]
        elif word.startswith("marked="):
            marked = frozenset(normalize(w) for w in word[7:].split("|") if w)
        elif word.startswith("unmarked="):
            unmarked = frozenset(normalize(w) for w in word[9:].split("|") if w)
        elif word in _CONDITIONS:
            conditions.add(word)
        else:
            raise ValueError(f"{where}: unknown condition {word!r}; use {', '.join(sorted(_CONDITIONS))}, "
                             "prev=WORD, marked=WORD|WORD or unmarked=WORD|WORD")
    return Slot(frozenset(types), match["side"], int(match["distance"]), frozenset(conditions), marked,
                unmarked), previous


def parse_patterns(path: Path, cue_kinds: set[str]) -> tuple[Pattern, ...]:
    """The patterns of a TSV file (header: id predicate cue subject object example); errors name file:line."""
    patterns, header, seen = [], None, set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        where = f"{path}:{number}"
        if header is None:
            header = cells
            if header != ["id", "predicate", "cue", "subject", "object", "example"]:
                raise ValueError(f"{where}: the header must be id, predicate, cue, subject, object, example")
            continue
        if len(cells) != len(header):
            raise ValueError(f"{where}: {len(cells)} columns, expected {len(header)}; separate them with one tab")
        row = dict(zip(header, cells))
        if row["id"] in seen:
            raise ValueError(f"{where}: pattern id {row['id']!r} is used twice")
        seen.add(row["id"])
        if row["predicate"] not in PREDICATES:
            raise ValueError(f"{where}: unknown predicate {row['predicate']!r}; use one of {', '.join(PREDICATES)}")
        if row["cue"] not in cue_kinds:
            raise ValueError(f"{where}: cue kind {row['cue']!r} is in no row of triggers.tsv; add its words there")
        if not row["example"]:
            raise ValueError(f"{where}: pattern {row['id']!r} needs an example sentence (the tests run it)")
        subject, prev_s = _slot(row["subject"], where)
        obj, prev_o = _slot(row["object"], where)
        patterns.append(Pattern(row["id"], row["predicate"], row["cue"], subject, obj, prev_s or prev_o,
                                row["example"], where))
    return tuple(patterns)


@lru_cache(maxsize=1)
def load_patterns() -> tuple[Pattern, ...]:
    """The bundled patterns (cached); validated against the cue kinds of triggers.tsv."""
    from kg.extract.relations import load_triggers

    return parse_patterns(data_dir() / PATTERN_FILE, set(load_triggers().values()))


class PatternMatcher:
    """Applies the patterns to one sentence view (relations._SentenceView)."""

    def __init__(self, patterns: tuple[Pattern, ...], is_country, is_city):
        self.by_cue: dict[str, list[Pattern]] = {}
        for pattern in patterns:
            self.by_cue.setdefault(pattern.cue, []).append(pattern)
        self.is_country = is_country
        self.is_city = is_city

    def __call__(self, view, k: int, kind: str):
        """(subject, predicate, object, rule id) for each pattern of the cue kind at token ``k``."""
        for pattern in self.by_cue.get(kind, ()):
            previous = view.token_norm(k - 1)
            if pattern.previous_word and previous != pattern.previous_word \
                    and previous not in ("و" + pattern.previous_word, "ف" + pattern.previous_word):
                continue  # "من الجانب", "ومن الجانب"
            subject = self._fill(view, k, pattern.subject)
            obj = self._fill(view, k, pattern.object)
            if subject is not None and obj is not None and subject.entity.id != obj.entity.id:
                yield subject.entity, pattern.predicate, obj.entity, pattern.id

    def _fill(self, view, k: int, slot: Slot):
        if slot.side == "after":
            found = [o for o in view.items + view.nested if o.first > k and o.first - k <= slot.distance]
            found.sort(key=lambda o: o.first)
        else:
            found = [o for o in view.items + view.nested if o.last < k and k - o.last <= slot.distance]
            found.sort(key=lambda o: -o.last)
        for o in found:
            if o.entity.type in slot.types and self._meets(o, slot.conditions, slot.marked, view) \
                    and not (slot.unmarked and view.token_norm(o.first - 1) in slot.unmarked):
                return o
        return None

    def _meets(self, o, conditions: frozenset[str], marked: frozenset[str] = frozenset(), view=None) -> bool:
        if marked and (view is None or view.token_norm(o.first - 1) not in marked):
            return False
        if "written" in conditions and o.source == "post-body":
            return False
        if "country" in conditions and not self.is_country(o.entity):
            return False
        if "city" in conditions and (self.is_country(o.entity) or not self.is_city(o.entity)):
            return False
        if "actor" in conditions and not (o.entity.type is EntityType.ORGANIZATION or self.is_country(o.entity)):
            return False
        return True


def pattern_examples() -> list[tuple[str, str, str]]:
    """(id, predicate, example) of every bundled pattern, for the tests."""
    return [(p.id, p.predicate, p.example) for p in load_patterns()]


__all__ = ["Pattern", "PatternMatcher", "Slot", "load_patterns", "parse_patterns", "pattern_examples"]
