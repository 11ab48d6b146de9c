"""Finding the spans that overlap a span in time linear in the article: a bucketed index.

The mention stages ask "does any span taken so far overlap this one?" once per
candidate; scanning every span taken so far made a long article quadratic (a
2 MB article did not finish in ten minutes).  Names are short, so each span is
filed under the fixed-width character buckets it touches and a question looks
only at the buckets of its own span.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

from kg.model import Span

T = TypeVar("T")

#: characters a bucket covers: a few words, so a bucket holds a handful of spans
_BUCKET = 64


def _buckets(span: Span) -> range:
    # an empty span [5, 5) still overlaps the spans around position 5 (Span.overlaps), so it sits in 5's bucket
    return range(span.start // _BUCKET, max(span.start, span.end - 1) // _BUCKET + 1)


class SpanIndex(Generic[T]):
    """Items filed by their span; ``overlapping(span)`` gives each item whose span overlaps ``span``
    (``Span.overlaps``), in the order they were added."""

    def __init__(self, items: Iterable[tuple[Span, T]] = ()):
        self._buckets: dict[int, list[tuple[int, Span, T]]] = {}
        self._count = 0
        for span, item in items:
            self.add(span, item)

    def add(self, span: Span, item: T) -> None:
        entry = (self._count, span, item)
        self._count += 1
        for bucket in _buckets(span):
            self._buckets.setdefault(bucket, []).append(entry)

    def overlapping(self, span: Span) -> Iterator[T]:
        found: dict[int, tuple[Span, T]] = {}
        for bucket in _buckets(span):
            for number, other, item in self._buckets.get(bucket, ()):
                if number not in found and other.overlaps(span):
                    found[number] = (other, item)
        for number in sorted(found):
            yield found[number][1]

    def overlaps(self, span: Span) -> bool:
        """True when some filed span overlaps ``span``."""
        return any(other.overlaps(span) for bucket in _buckets(span)
                   for _, other, _ in self._buckets.get(bucket, ()))

    def __len__(self) -> int:
        return self._count


class SpanSet:
    """The spans of a list of mentions that only ever grows by ``append``, for ``span in`` tests:
    each question reads only what was appended since the last one."""

    def __init__(self, mentions: list) -> None:
        self._mentions = mentions
        self._seen = 0
        self._spans: set[Span] = set()

    def reads(self, mentions: list) -> bool:
        return mentions is self._mentions

    def __contains__(self, span: Span) -> bool:
        if len(self._mentions) < self._seen:  # not appended to: start again
            self._seen, self._spans = 0, set()
        for m in self._mentions[self._seen:]:
            self._spans.add(m.span)
        self._seen = len(self._mentions)
        return span in self._spans
