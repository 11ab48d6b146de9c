"""Constructions of Arabic newswire the relation stage reads, each on a sentence written for this test."""
import pytest
from extraction_helpers import find_entity, has_relation

from kg.extract.pipeline import Extractor
from kg.model import Article


@pytest.fixture(scope="module")
def extract():
    extractor = Extractor()
    counter = iter(range(10_000))
    return lambda text: extractor(Article(id=f"c{next(counter)}", text=text))


def test_a_dual_post_with_two_counterparts_gives_each_his_ministry():
    ext = Extractor()(Article(id="dual", text="يعقد وزيرا الخارجية الأردني أيمن الصفدي ونظيره العراقي "
                                               "نزار الجبوري اليوم اجتماع اللجنة العليا."))
    assert has_relation(ext, "أيمن الصفدي", "heads", "وزارة الخارجية الأردنية")
    assert has_relation(ext, "نزار الجبوري", "heads", "وزارة الخارجية العراقية")
    assert has_relation(ext, "أيمن الصفدي", "metWith", "نزار الجبوري")


def test_a_word_written_with_hamza_alef_lam_carries_no_article(extract):
    # "ألباريس" is a surname, not "باريس" behind the article
    ext = extract("أعلن الوزير أنه سيزور مدريد بدعوة من نظيره الإسباني خوسيه ألباريس.")
    assert find_entity(ext, "باريس") is None
    assert find_entity(ext, "خوسيه ألباريس", "PERSON") is not None
    ext = extract("وشارك وفد من ألمانيا في الاجتماع.")  # a listed name that starts so still matches
    assert find_entity(ext, "ألمانيا", "LOCATION") is not None


def test_two_bodies_of_an_elliptic_dual_after_between_cooperate_with_each_other(extract):
    ext = extract("وبحث الوزيران سبل توقيع اتفاقية تعاون بين وزارتي الصحة الأردنية والعراقية.")
    assert has_relation(ext, "وزارة الصحة الأردنية", "cooperatesWith", "وزارة الصحة العراقية")
    assert not has_relation(ext, "وزارة الصحة الأردنية", "cooperatesWith", "العراق")


def test_a_definite_dual_with_two_country_adjectives_after_between_makes_the_countries_cooperate(extract):
    ext = extract("وتناول اللقاء سبل تطوير التعاون بين الجيشين الأردني والعراقي.")
    assert has_relation(ext, "الأردن", "cooperatesWith", "العراق")
