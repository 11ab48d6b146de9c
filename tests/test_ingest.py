"""Reading article files: formats, ids, page furniture, and bad inputs."""
import codecs
import json
import unicodedata

from kg.ingest import InputError, find_boilerplate, read_articles

ARABIC = "استقبل وزير الداخلية في الرباط أمس نظيره التونسي وبحث معه سبل تعزيز التعاون الأمني بين البلدين."


def _read(*paths):
    return list(read_articles(paths))


def test_txt_article_id_is_the_file_stem(tmp_path):
    path = tmp_path / "ma-tn-visit.txt"
    path.write_text(ARABIC, encoding="utf-8")
    [article] = _read(path)
    assert article.id == "ma-tn-visit"
    assert article.text == ARABIC
    assert article.source == str(path)


def test_jsonl_gives_one_article_per_line_and_reports_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "one", "text": ARABIC, "title": "زيارة", "date": "2025-03-02",
                    "url": "https://example.org/1", "source": "جريدة"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "two", "text": ARABIC}, ensure_ascii=False),
        json.dumps({"text": ARABIC}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    articles = [i for i in items if not isinstance(i, InputError)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [a.id for a in articles] == ["one", "two"]
    assert articles[0].title == "زيارة" and articles[0].date == "2025-03-02"
    assert articles[0].publisher == "جريدة" and articles[0].url == "https://example.org/1"
    assert [e.path for e in errors] == [f"{path}:2", f"{path}:4"]
    assert "not valid JSON" in errors[0].reason and "id" in errors[1].reason


def test_html_main_text_is_extracted_without_page_furniture(tmp_path):
    paragraph = ARABIC * 3
    page = f"""<!doctype html><html lang="ar" dir="rtl"><head><title>زيارة رسمية</title></head>
    <body><nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav>
    <article><h1>زيارة رسمية</h1><p>{paragraph}</p><p>{paragraph}</p></article>
    <aside>اقرأ أيضا: <a href="/x">خبر آخر لا علاقة له</a></aside>
    <footer>جميع الحقوق محفوظة</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    [article] = _read(path)
    assert article.id == "page"
    assert "التعاون الأمني" in article.text
    assert "الرئيسية" not in article.text and "خبر آخر" not in article.text


def test_english_boilerplate_glued_to_arabic_is_marked_removed():
    text = "شارك الوفد في الاجتماع.\nThank you for reading this post, don't forget to subscribe!ترأس الوزير الوفد."
    spans = find_boilerplate(text)
    removed = [text[s.start:s.end] for s in spans]
    assert removed == ["Thank you for reading this post, don't forget to subscribe!"]


def test_arabic_page_furniture_lines_are_marked_removed():
    text = "زار الوزير الرباط.\nاقرأ أيضا: الوزير يزور فاس\nاترك تعليقاً\nزر الذهاب إلى الأعلى"
    removed = [text[s.start:s.end] for s in find_boilerplate(text)]
    assert "اقرأ أيضا: الوزير يزور فاس" in removed
    assert "اترك تعليقاً" in removed and "زر الذهاب إلى الأعلى" in removed
    assert all("زار الوزير" not in r for r in removed)


def test_bad_inputs_get_one_clear_error_each_and_the_batch_goes_on(tmp_path):
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (tmp_path / "c-latin1.txt").write_bytes("زار".encode("utf-8") + "café".encode("latin-1"))
    (tmp_path / "d-english.txt").write_text("The minister visited Rabat yesterday and met officials.", encoding="utf-8")
    (tmp_path / "e-page.txt").write_text("<!DOCTYPE html><html><body>x</body></html>", encoding="utf-8")
    (tmp_path / "f-good.txt").write_text(ARABIC, encoding="utf-8")
    items = _read(tmp_path, tmp_path / "missing.txt")
    errors = {type(i).__name__ + ":" + i.path.rsplit("/", 1)[-1]: i for i in items if isinstance(i, InputError)}
    good = [i for i in items if not isinstance(i, InputError)]
    assert [a.id for a in good] == ["f-good"]
    reasons = {key.split(":")[1]: err.reason for key, err in errors.items()}
    assert "empty" in reasons["a-empty.txt"]
    assert "binary" in reasons["b-binary.txt"]
    assert "UTF-8" in reasons["c-latin1.txt"]
    assert "no Arabic" in reasons["d-english.txt"]
    assert ".html" in reasons["e-page.txt"]
    assert "no such file" in reasons["missing.txt"]
    for err in errors.values():
        assert "\n" not in str(err) and err.path in str(err)


def test_huge_file_is_refused_with_its_size(tmp_path, monkeypatch):
    import kg.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text(ARABIC * 50, encoding="utf-8")
    [err] = _read(path)
    assert isinstance(err, InputError) and "more than" in err.reason and "split" in err.reason


# ---------------------------------------------------------------- hygiene at the door

SENTENCE = "التقى رئيس الوزراء في عمان أمس وفدا من رجال الأعمال لبحث مشاريع الطاقة المتجددة في المنطقة."


def _jsonl(tmp_path, *records, name="batch.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                    encoding="utf-8")
    return _read(path)


def test_lone_surrogates_controls_and_bidi_marks_are_replaced_one_for_one(tmp_path):
    text = "\u200fوصل\u0000 الوفد\u202b إلى\u2066 عمان\u2069 صباح اليوم " + SENTENCE
    raw = '{"id": "s1", "title": "\\ud83d زيارة\\u200f", "text": ' + json.dumps(text[:5] + "\ud83d" + text[5:]) + "}"
    [article] = _jsonl(tmp_path, raw)
    assert len(article.text) == len(text) + 1  # one character for one: offsets still hold
    assert "\ud83d" not in article.text and "\ufffd" in article.text
    assert not set("\u0000\u200f\u202b\u2066\u2069") & set(article.text)
    assert article.title == "\ufffd زيارة"
    article.text.encode("utf-8")  # no lone surrogate left anywhere
    article.title.encode("utf-8")


def test_a_word_starting_with_combining_marks_loses_them_and_a_diacritised_word_keeps_them(tmp_path):
    text = "\u064d\u0650المغرب " + "وَقَّعَ الجانبان اتفاقا. " + SENTENCE
    [article] = _jsonl(tmp_path, {"id": "m1", "text": text})
    assert article.text.startswith("  المغرب ")
    assert "وَقَّعَ" in article.text
    assert len(article.text) == len(text)


def test_offsets_of_every_mention_point_into_the_cleaned_text(tmp_path):
    from kg.extract.pipeline import Extractor

    text = "\u200f\u064eالتقى وزير الخارجية المغربي\u202c نظيره الإسباني \ud800في مدريد. " + SENTENCE
    [article] = _jsonl(tmp_path, '{"id": "m2", "text": ' + json.dumps(text) + "}")
    extraction = Extractor(rules_only=True, recognizers=())(article)
    assert extraction.entities
    for entity in extraction.entities:
        for m in entity.mentions:
            assert article.text[m.span.start:m.span.end] == m.text
            assert not unicodedata.category(m.text[0]).startswith("M")


def test_urls_are_quoted_into_iris_or_the_line_is_refused(tmp_path):
    import pyoxigraph as ox

    items = _jsonl(
        tmp_path,
        {"id": "u1", "text": SENTENCE, "url": "https://example.org/news/100% شفافية?q=a b"},
        {"id": "u2", "text": SENTENCE, "url": "https://example.org/a%20b"},
        {"id": "u3", "text": SENTENCE, "url": "example.org/no-scheme"},
        {"id": "u4", "text": SENTENCE, "url": "http://:80/"},
        {"id": "u5", "text": SENTENCE, "url": "https://example.org:port/"},
    )
    good = [i for i in items if not isinstance(i, InputError)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [a.url for a in good] == ["https://example.org/news/100%25%20شفافية?q=a%20b", "https://example.org/a%20b"]
    for article in good:
        ox.NamedNode(article.url)  # a valid IRI: the store takes it
    assert [e.path.rsplit(":", 1)[-1] for e in errors] == ["3", "4", "5"]
    assert "scheme" in errors[0].reason and "host" in errors[1].reason and "url" in errors[2].reason


def test_dates_must_be_real_dates(tmp_path):
    items = _jsonl(
        tmp_path,
        {"id": "d1", "text": SENTENCE, "date": "2024-02-29"},
        {"id": "d2", "text": SENTENCE, "date": "2024-13-45"},
        {"id": "d3", "text": SENTENCE, "date": "2023-02-29"},
        {"id": "d4", "text": SENTENCE, "date": "2024-06"},
        {"id": "d5", "text": SENTENCE, "date": "0000"},
    )
    assert [i.date for i in items if not isinstance(i, InputError)] == ["2024-02-29", "2024-06"]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 3 and all("not a real date" in e.reason for e in errors)
    assert "'2024-13-45'" in errors[0].reason


def test_ids_differing_only_by_unicode_compatibility_become_one_id(tmp_path):
    items = _jsonl(tmp_path, {"id": "K-report", "text": SENTENCE}, {"id": "\u212a-report", "text": SENTENCE},
                   {"id": "ｒｅｐｏｒｔ２", "text": SENTENCE}, {"id": "my_article", "text": SENTENCE})
    assert [a.id for a in items] == ["K-report", "K-report", "report2", "my_article"]


def test_non_string_fields_and_deep_json_are_refused_in_one_line(tmp_path):
    items = _jsonl(tmp_path, {"id": "t1", "text": ["a", "b"]}, {"id": "t2", "text": SENTENCE, "title": {"x": 1}},
                   {"id": 7, "text": SENTENCE}, "[" * 100_000 + "]" * 100_000)
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "Article", "InputError"]
    assert "string" in items[0].reason and "'title'" in items[1].reason and items[2].id == "7"
    assert "nested" in items[3].reason or "JSON" in items[3].reason


def test_utf16_with_a_bom_and_windows_arabic_are_read(tmp_path):
    (tmp_path / "a-utf16.txt").write_bytes(SENTENCE.encode("utf-16"))
    (tmp_path / "b-utf16be.txt").write_bytes(codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"))
    (tmp_path / "c-cp1256.txt").write_bytes(SENTENCE.encode("cp1256"))
    (tmp_path / "d-batch.jsonl").write_bytes(
        (json.dumps({"id": "w1", "text": SENTENCE}, ensure_ascii=False) + "\n").encode("utf-16"))
    # UTF-8 with one broken byte is not Windows Arabic: refused, not read as mojibake
    broken = SENTENCE.encode("utf-8")
    (tmp_path / "e-broken.txt").write_bytes(broken[:30] + b"\xff" + broken[30:])
    items = _read(tmp_path)
    assert [getattr(i, "id", None) for i in items[:4]] == ["a-utf16", "b-utf16be", "c-cp1256", "w1"]
    assert all(i.text == SENTENCE for i in items[:4])
    assert isinstance(items[4], InputError) and "not valid UTF-8 (byte 30)" in items[4].reason
    assert "cp1256" in items[4].reason


def test_html_without_a_doctype_in_a_txt_file_is_refused_with_the_rename_hint(tmp_path):
    (tmp_path / "a.txt").write_text(f"<div class='post'><p>{SENTENCE}</p></div>", encoding="utf-8")
    (tmp_path / "b.txt").write_text(SENTENCE + "".join(f"<span>{n}</span>" for n in range(12)), encoding="utf-8")
    (tmp_path / "c.txt").write_text(SENTENCE + " (انظر <المرفق>)", encoding="utf-8")
    items = _read(tmp_path)
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "Article"]
    assert all("rename it to .html" in i.reason for i in items[:2])


def test_a_date_in_arabic_indic_digits_is_written_with_ascii_digits(tmp_path):
    [article] = _jsonl(tmp_path, {"id": "d6", "text": SENTENCE, "date": "٢٠٢٥-٠٣-٠٢"})
    assert article.date == "2025-03-02"
