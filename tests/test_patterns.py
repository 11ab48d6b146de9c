"""Constructions as data: every pattern of data/lexicon/patterns.tsv fires on its example; bad rows fail with file:line."""
import pytest

from kg.extract.patterns import parse_patterns, pattern_examples
from kg.extract.pipeline import Extractor
from kg.model import Article


@pytest.fixture(scope="module")
def extractor():
    return Extractor(recognizers=())


@pytest.mark.parametrize("pattern_id,predicate,example", pattern_examples())
def test_each_pattern_fires_on_its_example(extractor, pattern_id, predicate, example):
    extraction = extractor(Article(id=f"p-{pattern_id}", text=example))
    fired = [r for r in extraction.relations if r.predicate == predicate and pattern_id in r.rule.split("+")]
    assert fired, f"pattern {pattern_id} ({predicate}) found nothing in {example!r}"
    for relation in fired:  # the evidence is the example's sentence
        assert extraction.evidence_text(relation).strip() == example.strip()


HEADER = "id\tpredicate\tcue\tsubject\tobject\texample\n"
GOOD = "p1\theads\theaded_by\tPERSON after <=8\tORGANIZATION before <=2 written\tجملة للمثال.\n"


@pytest.mark.parametrize("row,message", [
    ("p2\tlikes\theaded_by\tPERSON after <=8\tORGANIZATION before <=2\tمثال.\n", "unknown predicate 'likes'"),
    ("p2\theads\tno_such_cue\tPERSON after <=8\tORGANIZATION before <=2\tمثال.\n", "cue kind 'no_such_cue'"),
    ("p2\theads\theaded_by\tPERSON beside 8\tORGANIZATION before <=2\tمثال.\n", "bad argument 'PERSON beside 8'"),
    ("p2\theads\theaded_by\tPEOPLE after <=8\tORGANIZATION before <=2\tمثال.\n", "unknown type 'PEOPLE'"),
    ("p2\theads\theaded_by\tPERSON after <=8 nearby\tORGANIZATION before <=2\tمثال.\n", "unknown condition 'nearby'"),
    ("p2\theads\theaded_by\tPERSON after <=8\tORGANIZATION before <=2\t\n", "needs an example"),
    ("p2\theads\theaded_by\tPERSON after <=8\n", "4 columns, expected 6"),
    (GOOD, "used twice"),
])
def test_a_bad_pattern_row_fails_naming_the_file_and_line(tmp_path, row, message):
    path = tmp_path / "patterns.tsv"
    path.write_text("# a comment\n" + HEADER + GOOD + row, encoding="utf-8")
    with pytest.raises(ValueError) as error:
        parse_patterns(path, {"headed_by"})
    assert f"{path}:4:" in str(error.value) and message in str(error.value)


def test_a_linguist_adds_a_construction_with_a_row(tmp_path, monkeypatch):
    """A new row (the cue 'side' with a new predicate frame) is read and fires, no Python touched."""
    import kg.extract.patterns as patterns

    path = tmp_path / "patterns.tsv"
    path.write_text(HEADER + "side-metwith\tmetWith\tside\tPERSON after <=12\tPERSON before <=12\t"
                    "وكان الوزير سامي فهمي من الجانب المصري إلى جانب الوزير كمال العربي.\n", encoding="utf-8")
    parsed = parse_patterns(path, {"side"})
    monkeypatch.setattr(patterns, "load_patterns", lambda: parsed)
    monkeypatch.setattr("kg.extract.relations.load_patterns", lambda: parsed)
    extraction = Extractor(recognizers=(), rules_only=True)(Article(id="new", text=parsed[0].example))
    assert any(r.rule == "side-metwith" and r.predicate == "metWith" for r in extraction.relations)


def test_every_list_joiner_has_an_example_that_uses_it():
    from kg.arabic import normalize
    from kg.data import read_tsv
    from kg.extract.lists import LIST_JOINERS_FILE, load_list_joiners

    rows = read_tsv(LIST_JOINERS_FILE)
    assert len(load_list_joiners()) == len(rows)
    for row in rows:
        words = [normalize(w) for w in row["example"].replace("،", " ").split()]
        phrase = [normalize(w) for w in row["phrase"].split()]
        assert any(words[i:i + len(phrase)] == phrase for i in range(len(words))), row["phrase"]


def _post_qualifier_rows():
    from kg.data import read_tsv

    return [(r["word"], r["example"], r["body"]) for r in read_tsv("lexicon/post_qualifiers.tsv")]


@pytest.mark.parametrize("word,example,body", _post_qualifier_rows())
def test_a_post_held_acting_or_anew_heads_the_body_without_the_qualifier(extractor, word, example, body):
    """"وزير المالية بالنيابة فلان" heads وزارة المالية, not "وزارة المالية بالنيابة"."""
    from kg.arabic import normalize

    extraction = extractor(Article(id="q", text=example))
    heads = [next(e for e in extraction.entities if e.id == r.object)
             for r in extraction.relations if r.predicate == "heads"]
    assert heads, f"no heads relation in {example!r}"
    assert [normalize(e.label) for e in heads] == [normalize(body)], (word, [e.label for e in heads])
    assert all(normalize(word) not in normalize(e.label).split() for e in heads)


def _seat_word_rows():
    from kg.data import read_tsv

    return [(r["word"], r["example"], r["body"], r["city"]) for r in read_tsv("lexicon/seat_words.tsv")]


@pytest.mark.parametrize("word,example,body,city", _seat_word_rows())
def test_a_body_lies_in_the_city_of_its_seat(extractor, word, example, body, city):
    from extraction_helpers import has_relation

    extraction = extractor(Article(id="seat", text=example))
    assert has_relation(extraction, body, "locatedIn", city), (word, example)


def test_an_unmarked_condition_keeps_a_pattern_off_a_delegations_body(extractor):
    """"وفد اللجنة ... برئاسة فلان": he represents the committee; he is not said to head it."""
    from extraction_helpers import has_relation

    ext = extractor(Article(id="u", text="استقبل المحافظ وفد نقابة المهندسين الأردنيين برئاسة المهندس نبيل الحسن."))
    assert has_relation(ext, "نبيل الحسن", "represents", "نقابة المهندسين الأردنيين")
    assert not has_relation(ext, "نبيل الحسن", "heads", "نقابة المهندسين الأردنيين")
    # the country adjective inside the body's name is the body's, not the delegation's
    assert not has_relation(ext, "نبيل الحسن", "represents", "الأردن")
    ext = extractor(Article(id="u2", text="وتعمل نقابة المهندسين الأردنيين برئاسة المهندس نبيل الحسن على خطة جديدة."))
    assert has_relation(ext, "نبيل الحسن", "heads", "نقابة المهندسين الأردنيين")


def _parent_organ_rows():
    from kg.data import read_tsv

    return [(r["organ"], r["example"], r["event"], r["body"]) for r in read_tsv("lexicon/parent_organs.tsv")]


@pytest.mark.parametrize("organ,example,event,body", _parent_organ_rows())
def test_a_session_of_an_organ_is_organised_by_the_body_it_belongs_to(extractor, organ, example, event, body):
    from extraction_helpers import has_relation

    extraction = extractor(Article(id="organ", text=example))
    assert has_relation(extraction, event, "organizedBy", body), organ
    assert not has_relation(extraction, event, "organizedBy", f"{organ} {body}")
