"""Lists in a sentence: entity names joined by commas, و and the joiners of data/lexicon/list_joiners.tsv.

"شارك في المؤتمر ممثلون عن الشرطة، فضلا عن جامعة ...، المركز ... والأمانة العامة ...":
what holds for one item of a list (it attended the event) holds for every item of the
same kind.  ``coordinated_groups`` cuts a sentence's entity occurrences into such lists;
between two items stand only joiners, commas, the titles and post of a person
("فلان، وزير الداخلية، والدكتور فلان"), country adjectives and a bracketed acronym.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from kg.arabic import normalize
from kg.data import read_tsv
from kg.model import EntityType

LIST_JOINERS_FILE = "lexicon/list_joiners.tsv"
_COMMAS = {"،", ",", "؛", ";"}
_OPEN = {"(", "[", "«", '"', "“"}
_CLOSE = {")", "]", "»", '"', "”"}
#: at most this many words between two items of one list
_MAX_GAP = 14
#: a bracketed aside between two items has at most this many words
_MAX_BRACKETED = 6


@lru_cache(maxsize=1)
def load_list_joiners() -> frozenset[tuple[str, ...]]:
    """The joiners of data/lexicon/list_joiners.tsv, each as a tuple of normalised words."""
    return frozenset(tuple(normalize(w) for w in row["phrase"].split()) for row in read_tsv(LIST_JOINERS_FILE))


def item_class(entity_type: EntityType, is_country: bool) -> str:
    """Which items may share a list: persons with persons, bodies with bodies and countries."""
    if entity_type is EntityType.PERSON:
        return "person"
    if entity_type is EntityType.ORGANIZATION or entity_type is EntityType.LOCATION and is_country:
        return "actor"
    return ""


def coordinated_groups(tokens, items: Sequence, is_country: Callable, is_title: Callable[[int], int],
                       covered: set[int], joiners: frozenset[tuple[str, ...]] | None = None) -> list[list]:
    """Lists of two or more occurrences (in text order) of one class joined as a list.

    ``items``: the sentence's occurrences (``entity``, ``first``, ``last``) in text order;
    ``is_title(k)``: the index after a title starting at token ``k``, or ``k`` if none;
    ``covered``: tokens inside other mentions that may stand between two items (a post's
    body, a country adjective)."""
    joiners = load_list_joiners() if joiners is None else joiners
    longest = max((len(j) for j in joiners), default=1)
    groups: list[list] = []
    for cls in ("person", "actor"):
        members = [o for o in items if item_class(o.entity.type, is_country(o.entity)) == cls]
        current: list = []
        tail = -1  # the last token of the current list's last item, with what hangs on it
        for o in members:
            if current and o.first == tail + 1 and tokens[o.first].norm.startswith("ب"):
                tail = o.last  # "الوكالة الوطنية ... ببريطانيا": where the item sits, not an item
                continue
            if current and _joined(tokens, tail + 1, o.first, is_title, covered, joiners, longest):
                current.append(o)
                tail = o.last
                continue
            if len(current) > 1:
                groups.append(current)
            current, tail = [o], o.last
        if len(current) > 1:
            groups.append(current)
    return groups


def _joined(tokens, lo: int, hi: int, is_title, covered: set[int], joiners, longest: int) -> bool:
    """True when tokens[lo:hi] hold only what may stand between two items, with one joiner at least
    (a و on the next item's first word counts)."""
    if hi - lo > _MAX_GAP:
        return False
    joined = hi < len(tokens) and tokens[hi].norm.startswith("و") and len(tokens[hi].norm) > 1
    k = lo
    while k < hi:
        text = tokens[k].text
        if text in _COMMAS:
            joined = True
            k += 1
            continue
        if text in _OPEN:
            close = next((c for c in range(k + 1, min(hi, k + _MAX_BRACKETED + 2)) if tokens[c].text in _CLOSE), None)
            if close is None:
                return False
            k = close + 1
            continue
        phrase = next((n for n in range(min(longest, hi - k), 0, -1)
                       if tuple(t.norm for t in tokens[k:k + n]) in joiners), 0)
        if phrase:
            joined = True
            k += phrase
            continue
        after_title = is_title(k)
        if after_title > k:
            joined = joined or tokens[k].norm.startswith("و")
            k = after_title
            continue
        if k in covered:
            joined = joined or tokens[k].norm.startswith("و")  # "فلان ونظيره العراقي فلان"
            k += 1
            continue
        return False
    return joined


__all__ = ["coordinated_groups", "item_class", "load_list_joiners"]
