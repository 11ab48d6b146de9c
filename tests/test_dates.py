"""Arabic dates to ISO: regional month names, Arabic-Indic digits, ranges, relative years."""
import pytest

from kg.arabic import normalize
from kg.extract.dates import DateFinder

MONTHS = {"شتنبر": 9, "سبتمبر": 9, "أيلول": 9, "نونبر": 11, "نوفمبر": 11, "تشرين الثاني": 11,
          "كانون الثاني": 1, "يناير": 1, "جانفي": 1, "مارس": 3, "آذار": 3, "دجنبر": 12, "ديسمبر": 12,
          "ماي": 5, "مايو": 5, "أيار": 5, "جوان": 6, "يونيو": 6}


@pytest.fixture(scope="module")
def find():
    return DateFinder({normalize(k): v for k, v in MONTHS.items()})


@pytest.mark.parametrize("text, article_date, start, end", [
    ("انعقد المؤتمر يومي 12 و13 شتنبر الجاري بالرباط", "2024-09-20", "2024-09-12", "2024-09-13"),
    ("تعقد الدورة من 2 إلى 5 نونبر المقبل", "2024-10-01", "2024-11-02", "2024-11-05"),
    ("وقعت الاتفاقية في ٢٣ آذار ٢٠٢٣ في عمّان", "", "2023-03-23", "2023-03-23"),
    ("زار الوفد بيروت يوم 8 كانون الثاني الماضي", "2024-03-01", "2024-01-08", "2024-01-08"),
    ("وصل الوزير في 28 دجنبر الماضي", "2025-01-10", "2024-12-28", "2024-12-28"),
    ("افتتحت الندوة في 3 جوان 2022 بالجزائر", "", "2022-06-03", "2022-06-03"),
    ("يعقد الاجتماع في 15 يناير المقبل", "2024-11-30", "2025-01-15", "2025-01-15"),
    ("اللقاء المقرر في 7 ماي", "2021-04-02", "2021-05-07", "2021-05-07"),
])
def test_dates_are_normalised(find, text, article_date, start, end):
    [found] = find(text, article_date)
    assert (found.start, found.end) == (start, end)
    assert text[found.span.start:found.span.end].strip()


def test_relative_date_without_article_date_is_not_guessed(find):
    assert find("يومي 3 و4 شتنبر الجاري", "") == []


def test_impossible_dates_are_dropped(find):
    assert find("في 31 نونبر 2024", "") == []
    assert find("يومي 9 و4 مارس 2024", "") == []


def test_event_date_said_before_the_event_and_relative_dates_against_the_articles_first_date():
    from kg.extract.pipeline import Extractor
    from kg.model import Article

    text = ("الرباط - ترأس الوزير، اليوم الأربعاء 12 مارس 2025، الاجتماع الثالث لمجلس الأمن الداخلي. "
            "وسيعقد الاجتماع الرابع لمجلس الأمن الداخلي يوم 20 ماي المقبل.")
    extraction = Extractor()(Article(id="d", text=text))
    dates = {e.label.split()[1]: (e.date_start, e.date_end) for e in extraction.entities if e.type.value == "EVENT"}
    assert dates["الثالث"] == ("2025-03-12", "2025-03-12")
    assert dates["الرابع"] == ("2025-05-20", "2025-05-20")
