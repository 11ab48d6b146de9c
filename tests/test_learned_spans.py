"""Learned recognisers' spans in the mention stage: IOB2 decoding, gaps filled, rule mentions kept."""
from kg.arabic import split_sentences
from kg.extract.learned_spans import iob_spans, learned_mentions
from kg.extract.pipeline import Extractor
from kg.model import Article, EntityType


class WordListRecognizer:
    """A recogniser that tags the words it was given: enough to drive the mention stage."""

    name = "word-list"

    def __init__(self, labels: dict[str, str]):
        self.labels = labels

    def tag(self, sentences):
        return [[self.labels.get(word, "O") for word in sentence] for sentence in sentences]


def test_iob_spans_decode_b_and_i_and_repair_a_stray_i():
    assert iob_spans(["B-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "I-PERS"]) == [
        (0, 1, "PERS"), (3, 3, "LOC"), (4, 4, "ORG"), (5, 5, "PERS")]
    assert iob_spans(["O", "B-MISC"]) == []


def test_learned_names_fill_the_gaps_the_rules_leave():
    text = "وصل إلى القاهرة أمس زولتان بيرغ والتقى وزير الداخلية المصري سامي فهمي."
    recognizer = WordListRecognizer({"زولتان": "B-PERS", "بيرغ": "I-PERS", "القاهرة": "B-LOC",
                                     "سامي": "B-PERS", "فهمي": "I-PERS", "وزير": "B-PERS"})
    ext = Extractor(recognizers=[recognizer])(Article(id="l1", text=text))
    persons = {e.label: e for e in ext.entities if e.type is EntityType.PERSON}
    assert "زولتان بيرغ" in persons  # no title, a first name no list knows: only the recogniser finds it
    assert [m.source for m in persons["زولتان بيرغ"].mentions] == ["word-list"]
    # where the rules found the name, their mention stays (with its post), the learned one is dropped
    assert "سامي فهمي" in persons and all(m.source != "word-list" for m in persons["سامي فهمي"].mentions)
    assert "وزير" not in " ".join(persons)
    without = Extractor(recognizers=())(Article(id="l1", text=text))  # the rules alone
    assert "زولتان بيرغ" not in {e.label for e in without.entities}


def test_a_leading_and_is_trimmed_unless_the_word_is_a_given_name():
    doc = split_sentences(Article(id="l2", text="حضر الحفل وزولتان بيرغ ووليد."))
    recognizer = WordListRecognizer({"وزولتان": "B-PERS", "بيرغ": "I-PERS", "ووليد": "B-PERS"})
    from kg.extract.lexicon import load_lexicon
    names = [m.text for m in learned_mentions(doc, recognizer, "t", load_lexicon())]
    assert names == ["زولتان بيرغ", "وليد"]


def test_a_recogniser_that_loses_words_is_an_error_naming_it():
    doc = split_sentences(Article(id="l3", text="جملة قصيرة هنا."))

    class Short:
        def tag(self, sentences):
            return [sentence[:-1] for sentence in sentences]

    try:
        learned_mentions(doc, Short(), "short")
    except ValueError as exc:
        assert "short" in str(exc) and "one label a word" in str(exc)
    else:
        raise AssertionError("a recogniser returning too few labels must be refused")


def test_a_learned_person_right_after_a_post_holds_it():
    text = "استقبل الرئيس التركي رجب أردوغان وزير الخارجية التونسي زولتان بيرغ."
    recognizer = WordListRecognizer({"زولتان": "B-PERS", "بيرغ": "I-PERS"})
    ext = Extractor(recognizers=[recognizer])(Article(id="l4", text=text))
    holder = next(e for e in ext.entities if e.label == "زولتان بيرغ")
    ministry = next(e for e in ext.entities if e.label == "وزارة الخارجية التونسية")
    assert any(r.subject == holder.id and r.predicate == "heads" and r.object == ministry.id for r in ext.relations)
