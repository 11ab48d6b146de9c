"""The bucketed span index: the same answers as comparing every pair of spans."""
import random

from kg.extract.spans import SpanIndex, SpanSet
from kg.model import Span


def test_overlapping_gives_what_a_full_scan_gives_in_the_order_added():
    rng = random.Random(7)
    spans = []
    for _ in range(300):
        start = rng.randrange(0, 2000)
        spans.append(Span(start, start + rng.choice([0, 1, 5, 63, 64, 65, 200])))
    index = SpanIndex((s, n) for n, s in enumerate(spans))
    for _ in range(300):
        start = rng.randrange(0, 2100)
        query = Span(start, start + rng.choice([0, 1, 3, 64, 130]))
        expected = [n for n, s in enumerate(spans) if s.overlaps(query)]
        assert list(index.overlapping(query)) == expected
        assert index.overlaps(query) is bool(expected)


def test_an_empty_span_overlaps_the_span_around_it():
    index = SpanIndex([(Span(60, 70), "outer")])
    assert list(index.overlapping(Span(64, 64))) == ["outer"]
    assert not index.overlaps(Span(70, 70))


def test_span_set_sees_what_was_appended_since_the_last_question():
    class M:
        def __init__(self, span):
            self.span = span

    mentions = [M(Span(0, 3))]
    spans = SpanSet(mentions)
    assert Span(0, 3) in spans and Span(4, 6) not in spans
    mentions.append(M(Span(4, 6)))
    assert Span(4, 6) in spans
