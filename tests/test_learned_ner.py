"""The learned recogniser (shipped CRF), its features, the corpus mapping and the CoNLL reader."""
import pytest

from kg.conll import ConllError, format_conll, read_conll_tokens
from kg.extract.learned_ner import LearnedRecognizer, ModelMissingError, repair_iob2, train_model
from kg.extract.ner_corpora import LABELS, LabelledSentence, read_newsfane, read_wojood, spans
from kg.extract.ner_features import sentence_features


@pytest.fixture(scope="module")
def recognizer():
    return LearnedRecognizer.load()


def words(sentence: str) -> list[str]:
    return sentence.split()


def test_a_person_after_a_title_and_a_city(recognizer):
    tokens = words("وصل الرئيس الفرنسي إيمانويل ماكرون إلى القاهرة صباح اليوم في زيارة رسمية")
    [labels] = recognizer.tag([tokens])
    tagged = dict(zip(tokens, labels))
    assert tagged["إيمانويل"] == "B-PERS" and tagged["ماكرون"] == "I-PERS"
    assert tagged["القاهرة"] == "B-LOC"
    assert tagged["الرئيس"] == "O" and tagged["الفرنسي"] == "O"
    assert tagged["زيارة"] == "O"


def test_an_organisation_and_a_city_with_a_proclitic(recognizer):
    tokens = words("وقالت منظمة الصحة العالمية إن فريقها سيصل إلى بيروت وبغداد الأسبوع المقبل")
    [labels] = recognizer.tag([tokens])
    assert labels[1:4] == ["B-ORG", "I-ORG", "I-ORG"]
    assert labels[tokens.index("بيروت")] == "B-LOC"
    assert labels[tokens.index("وبغداد")] == "B-LOC"
    assert labels[0] == "O"


def test_labels_keep_the_order_and_length_of_every_sentence(recognizer):
    sentences = [words("استقبل الملك عبد الله الثاني أمس بعمان وزير الخارجية"), [], ["."], words("وصل الوفد")]
    tagged = recognizer.tag(sentences)
    assert [len(t) for t in tagged] == [len(s) for s in sentences]
    assert {label for t in tagged for label in t} <= set(LABELS)
    for labels in tagged:
        assert labels == repair_iob2(labels), "valid IOB2: no I- without its B-"


def test_marginals_are_probabilities_of_the_chosen_labels(recognizer):
    [tagged] = recognizer.tag_with_marginals([words("التقى الأمين العام للأمم المتحدة أنطونيو غوتيريش في جنيف")])
    assert all(0.0 < p <= 1.0 for _, p in tagged)
    labels = dict(zip(words("التقى الأمين العام للأمم المتحدة أنطونيو غوتيريش في جنيف"), tagged))
    assert labels["جنيف"][0] == "B-LOC" and labels["جنيف"][1] > 0.5
    assert labels["في"] == ("O", labels["في"][1]) and labels["في"][1] > 0.9


def test_a_missing_model_names_the_file_and_the_training_command(tmp_path):
    missing = tmp_path / "ner.crfsuite"
    with pytest.raises(ModelMissingError) as error:
        LearnedRecognizer.load(missing)
    assert str(missing) in str(error.value) and "python scripts/train_ner.py" in str(error.value)


def test_training_is_deterministic_and_learns_the_labels_given(tmp_path):
    sentence = LabelledSentence(tuple(words("زار سمير مدينة طنجة")), ("O", "B-PERS", "O", "B-LOC"))
    other = LabelledSentence(tuple(words("غادر كريم طنجة")), ("O", "B-PERS", "B-LOC"))
    first = train_model([sentence, other] * 5, tmp_path / "a.crfsuite", {"feature.minfreq": 0})
    second = train_model([sentence, other] * 5, tmp_path / "b.crfsuite", {"feature.minfreq": 0})
    assert first.read_bytes() == second.read_bytes()
    [labels] = LearnedRecognizer.load(first).tag([words("زار كريم طنجة")])
    assert labels == ["O", "B-PERS", "B-LOC"]


def test_training_refuses_labels_outside_the_set(tmp_path):
    with pytest.raises(ValueError, match="B-MISC"):
        train_model([LabelledSentence(("كأس", "العالم"), ("B-MISC", "I-MISC"))], tmp_path / "m.crfsuite")


def test_features_see_the_stem_gazetteers_and_titles():
    features = sentence_features(words("قال السيد كريم وبالمغرب"))
    assert "stem=مغرب" in features[3] and "clitic=وبال" in features[3]
    assert any(f.startswith("gaz=B-LOCATION") for f in features[3])
    assert any(f.startswith("title=B-") for f in features[1])
    assert any(f.startswith("after_title=") for f in features[2]) and "given" in features[2]
    assert "BOS" in features[0] and "EOS" in features[3]


def test_spans_follow_conlleval():
    assert spans(["B-PERS", "I-PERS", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG"]) == [
        (0, 2, "PERS"), (3, 5, "LOC"), (5, 6, "LOC"), (6, 7, "ORG")]
    assert repair_iob2(["O", "I-LOC", "I-LOC", "I-ORG"]) == ["O", "B-LOC", "I-LOC", "B-ORG"]


def test_newsfane_fine_types_map_to_anercorp_types(tmp_path):
    corpus = tmp_path / "newsfane.conll"
    corpus.write_text("التقى\tO\nالوزير\tO\nسمير\tB-Politician\nحداد\tI-Politician\nالعرب\tB-Group\n"
                      "في\tO\nعمان\tB-Population-Center\nووزارة\tB-Government\nالمالية\tI-Government\n\n",
                      encoding="utf-8")
    [sentence] = read_newsfane(corpus)
    assert sentence.labels == ("O", "O", "B-PERS", "I-PERS", "O", "O", "B-LOC", "B-ORG", "I-ORG")


def test_wojood_nested_layers_keep_the_longest_mapped_span(tmp_path):
    corpus = tmp_path / "wojood.txt"
    corpus.write_text("رئيس B-OCC\nجامعة I-OCC B-ORG\nدمشق I-OCC I-ORG B-GPE\nوصل O\n$#$ O\n\n"
                      "سافر O\nإلى O\nحلب B-GPE\n", encoding="utf-8")
    first, second = read_wojood(corpus)
    assert first.tokens == ("رئيس", "جامعة", "دمشق", "وصل")
    assert first.labels == ("O", "B-ORG", "I-ORG", "O")
    assert second.labels == ("O", "O", "B-LOC")


def test_conll_reader_errors_name_the_file(tmp_path):
    for name, content, reason in [("empty.conll", b"\n\n", "empty"), ("latin1.conll", "caf\xe9 O\n".encode("latin-1"), "UTF-8")]:
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ConllError, match=reason) as error:
            read_conll_tokens(path)
        assert str(path) in str(error.value)
    with pytest.raises(ConllError, match="no such file"):
        read_conll_tokens(tmp_path / "missing.conll")


def test_conll_tokens_ignore_other_columns_and_format_back(tmp_path):
    path = tmp_path / "in.conll"
    path.write_text("أ\tX\tY\nب Z\n\n\nج\n", encoding="utf-8")
    sentences = read_conll_tokens(path)
    assert sentences == [["أ", "ب"], ["ج"]]
    assert format_conll(sentences, [["O", "O"], ["B-LOC"]]) == "أ\tO\nب\tO\n\nج\tB-LOC\n"


def test_a_span_that_is_only_a_country_adjective_is_dropped():
    from kg.extract.learned_ner import without_adjective_spans

    tokens = words("قالت الصحيفة الفرنسية إن باريس")
    features = sentence_features(tokens)
    assert without_adjective_spans(["O", "O", "B-LOC", "O", "B-LOC"], features) == ["O", "O", "O", "O", "B-LOC"]
    assert without_adjective_spans(["B-ORG", "I-ORG", "I-ORG", "O", "O"], features)[:3] == ["B-ORG", "I-ORG", "I-ORG"]
    assert without_adjective_spans(["O", "O", "B-PERS", "O", "B-LOC"], features)[2] == "B-PERS"
