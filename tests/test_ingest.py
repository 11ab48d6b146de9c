"""Reading article files: formats, ids, page furniture, and bad inputs."""
import json

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
