"""Mentions from learned name recognisers (a CRF, CAMeLBERT), merged with the rules' mentions.

A recogniser is anything with ``tag(sentences: list[list[str]]) -> list[list[str]]`` that
labels each word in IOB2 with PERS, LOC or ORG (kg.extract.learned_ner, camel_ner).  Its
spans fill the gaps the gazetteer and the rules leave (for the types in ``LEARNED_TYPES``):
a span that overlaps a mention they found is dropped, since those know the entity's identity, its post or its country,
while the recogniser finds the names the rules' closed lists miss.  A leading و on the
first word (kg's tokens keep proclitics) is trimmed unless the word is a given name
("وجون سميث" -> "جون سميث", "وليد" stays).
"""
from __future__ import annotations

from collections.abc import Sequence

from kg.extract.lexicon import Lexicon
from kg.extract.sentence import PUNCT, Recognition, Role
from kg.extract.spans import SpanIndex
from kg.model import Document, EntityType, Mention, Span

_TYPES = {"PERS": EntityType.PERSON, "LOC": EntityType.LOCATION, "ORG": EntityType.ORGANIZATION}
#: the types whose learned spans the mention stage takes.  Measured on the 43 eval articles
#: (gap-filling, rules' relations): the CRF's persons add recall at a precision of about 2/3
#: (10 of 15 new persons right); its places and bodies added nothing and cost precision on dev.
LEARNED_TYPES = frozenset({EntityType.PERSON})
#: a span of this many tokens or more is a tagging run-on, not a name
_MAX_TOKENS = 12


def iob_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first, last, type) of each IOB2 span; an I- that continues nothing starts a span."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for k, label in enumerate([*labels, "O"]):
        prefix, _, typ = label.partition("-")
        if prefix == "I" and typ == kind and start >= 0:
            continue
        if start >= 0:
            spans.append((start, k - 1, kind))
            start, kind = -1, ""
        if prefix in ("B", "I") and typ in _TYPES:
            start, kind = k, typ
    return spans


def learned_mentions(document: Document, recognizer, source: str, lexicon: Lexicon | None = None) -> list[Mention]:
    """The recogniser's spans over the document's tokens as mentions (no merging).  With the
    lexicon, titles that open a person span are left out ("معالي السيد فلان" -> "فلان") and a
    span of titles alone is dropped."""
    sentences = [[t.text for t in sentence.tokens] for sentence in document.sentences]
    if not sentences:
        return []
    tagged = recognizer.tag(sentences)
    if len(tagged) != len(sentences):
        raise ValueError(f"{source}: tagged {len(tagged)} sentences, was given {len(sentences)}")
    text = document.article.text
    given_names = lexicon.given_names if lexicon is not None else frozenset()
    out = []
    for index, (sentence, labels) in enumerate(zip(document.sentences, tagged)):
        if len(labels) != len(sentence.tokens):
            raise ValueError(f"{source}: sentence {index} has {len(sentence.tokens)} words and "
                             f"{len(labels)} labels; a recogniser returns one label a word")
        for first, last, kind in iob_spans(labels):
            while first <= last and PUNCT.match(sentence.tokens[first].text):
                first += 1
            while last >= first and PUNCT.match(sentence.tokens[last].text):
                last -= 1
            while lexicon is not None and kind == "PERS" and first <= last:
                title = lexicon.title_at(sentence.tokens, first, qualifiers=True)
                if title is None or title.last > last:
                    break
                first = title.last + 1
            if first > last or last - first + 1 >= _MAX_TOKENS:
                continue
            head = sentence.tokens[first]
            trim = int(head.norm.startswith("و") and len(head.norm) > 3 and head.norm not in given_names)
            span = Span(head.span.start + trim, sentence.tokens[last].span.end)
            out.append(Mention(span, text[span.start:span.end], _TYPES[kind], source, sentence=index))
    return out


def merge_learned(recognition: Recognition, learned: list[Mention], text: str,
                  types: frozenset[EntityType] = LEARNED_TYPES) -> None:
    """Add the learned mentions of ``types`` that overlap none the gazetteer or the rules found;
    a person right after a post no rule found a holder for holds it."""
    taken = SpanIndex((span, None) for span in [m.span for m in recognition.mentions]
                      + [a.span for a in recognition.anaphors])
    for mention in learned:
        if mention.type not in types or taken.overlaps(mention.span):
            continue
        recognition.mentions.append(mention)
        taken.add(mention.span, None)
        if mention.type is EntityType.PERSON:
            _hold_open_post(recognition, mention, text)


def _hold_open_post(recognition: Recognition, person: Mention, text: str) -> None:
    """A learned person right after a post the rules left without a holder holds it:
    "وزير الخارجية الأردني سامي الحمارنة" (a first name no list knows)."""
    for post in recognition.open_posts:
        if post.sentence == person.sentence and 0 <= person.span.start - post.end <= 2 \
                and not text[post.end:person.span.start].strip(" ،,"):
            recognition.roles.extend(Role(person.span, body, post.relation, post.sentence, post.post)
                                     for body in post.bodies)
            recognition.open_posts.remove(post)
            return
