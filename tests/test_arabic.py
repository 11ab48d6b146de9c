"""The Arabic text layer: matching normal form, token offsets, sentences, proclitics."""
from kg.arabic import normalize, proclitic_readings, sound_key, split_sentences, tokenize, visible_text
from kg.model import Article, Span


def test_normalize_unifies_alef_forms_teh_marbuta_and_diacritics():
    assert normalize("الإنتربول") == normalize("الأنتربول") == normalize("الانتربول")
    assert normalize("مُدِيرِيَّة") == normalize("مديرية") == "مديريه"
    assert normalize("مصطفى") == normalize("مصطفي")
    assert normalize("الـــوزير") == "الوزير"


def test_tokens_keep_offsets_into_the_original_text():
    text = "استقبل الوزيرُ نظيرَه، أمس (الأحد) في الرباط."
    tokens = tokenize(text)
    for tok in tokens:
        assert text[tok.span.start:tok.span.end] == tok.text
    assert [t.text for t in tokens][:3] == ["استقبل", "الوزيرُ", "نظيرَه"]
    assert tokens[1].norm == "الوزير"


def test_tokens_are_camel_tools_tokens_of_the_whole_text_whatever_the_spacing():
    from camel_tools.tokenizers.word import simple_word_tokenize

    text = "  قال:«نعم»،\tو(الوزير)  زار\u00a0عمّان...2024م  قال:«نعم»، "
    tokens = tokenize(text, offset=7)
    assert [t.text for t in tokens] == simple_word_tokenize(text)
    assert all(text[t.span.start - 7:t.span.end - 7] == t.text for t in tokens)
    assert [t.text for t in tokens][:6] == ["قال", ":", "«", "نعم", "»", "،"]


def test_sentences_split_on_arabic_and_latin_punctuation_and_newlines():
    text = "زار الوزير تونس. هل التقى نظيره؟ نعم!\nوقع الجانبان اتفاقية؛ ثم غادر"
    doc = split_sentences(Article(id="a", text=text))
    sentences = [doc.text_of(s.span) for s in doc.sentences]
    assert sentences == ["زار الوزير تونس.", "هل التقى نظيره؟", "نعم!", "وقع الجانبان اتفاقية؛ ثم غادر"]


def test_decimal_numbers_do_not_end_a_sentence():
    doc = split_sentences(Article(id="a", text="بلغت الميزانية 3.5 مليار درهم هذا العام."))
    assert len(doc.sentences) == 1


def test_removed_spans_are_blanked_but_offsets_stay():
    text = "زار الوفد الرباط. Share this post now on social media! ثم عاد"
    start = text.index("Share")
    end = text.index("!") + 1
    article = Article(id="a", text=text, removed=(Span(start, end),))
    visible = visible_text(article)
    assert len(visible) == len(text)
    assert "Share" not in visible
    doc = split_sentences(article)
    assert all("Share" not in doc.text_of(s.span) for s in doc.sentences)
    assert doc.text_of(doc.sentences[-1].span) == "ثم عاد"


def test_proclitics_are_read_off_the_first_word():
    stems = {(stem, definite) for _, stem, definite in proclitic_readings(normalize("للأنتربول"))}
    assert ("انتربول", True) in stems
    stems = {stem for _, stem, _ in proclitic_readings(normalize("وبالمغرب"))}
    assert "مغرب" in stems
    # the plain word always comes first: "ليون" is a city, not ل + يون
    assert proclitic_readings(normalize("ليون"))[0] == (0, "ليون", False)


def test_an_arabic_name_and_its_latin_spellings_share_a_sound_key():
    assert sound_key("عبد اللطيف حموشي").replace(" ", "") == sound_key("Abdellatif Hammouchi").replace(" ", "")
    assert sound_key("حموشي") == sound_key("Hammouchi") == sound_key("Hamouchi")
    assert sound_key("الأنتربول") == sound_key("Interpol")
    assert sound_key("خليفة بن حمد") == sound_key("Khalifa bin Hamad")
    assert sound_key("مراكش") == sound_key("Marrakech")
    assert sound_key("حموشي") != sound_key("Hamdouchi")


def test_a_closing_quote_or_bracket_after_a_full_stop_ends_the_sentence_with_it():
    from kg.arabic import split_sentences
    from kg.model import Article

    def sentences(text):
        doc = split_sentences(Article(id="s", text=text))
        return [text[s.span.start:s.span.end] for s in doc.sentences]

    assert sentences('قال الوزير "إن التعاون مهم." وأضاف أن الأمن مستتب.') == [
        'قال الوزير "إن التعاون مهم."', "وأضاف أن الأمن مستتب."]
    assert sentences("وقال (إن الوضع آمن.) ثم غادر.") == ["وقال (إن الوضع آمن.)", "ثم غادر."]
    assert sentences("وصل الوفد.والتقى الوزير نظيره.") == ["وصل الوفد.", "والتقى الوزير نظيره."]
    assert sentences('انتهى. "بدأ" الاجتماع.') == ["انتهى.", '"بدأ" الاجتماع.']
    # a full stop after a closing quote or bracket ends the sentence too (no one-letter abbreviation)
    assert sentences("وقال: «التعاون مهم». وأضاف أن الزيارة ناجحة.") == [
        "وقال: «التعاون مهم».", "وأضاف أن الزيارة ناجحة."]
    assert sentences("وقال (في بيان). ثم غادر.") == ["وقال (في بيان).", "ثم غادر."]
    assert sentences("زار د. سامي المستشفى. ثم غادر.") == ["زار د. سامي المستشفى.", "ثم غادر."]


def test_an_over_long_sentence_is_cut_after_a_comma_or_at_the_limit():
    from kg.arabic import MAX_SENTENCE_TOKENS

    clause = "وناقش الجانبان سبل التعاون بين البلدين في مجال الأمن، "
    text = clause * 100  # one line, no full stop: 1,000 tokens
    doc = split_sentences(Article(id="a", text=text))
    assert all(len(s.tokens) <= MAX_SENTENCE_TOKENS for s in doc.sentences)
    assert [t for s in doc.sentences for t in s.tokens] == tokenize(text)
    assert all(doc.text_of(s.span).endswith("،") for s in doc.sentences[:-1])
    bare = "كلمة " * 450
    assert [len(s.tokens) for s in split_sentences(Article(id="b", text=bare)).sentences] == [200, 200, 50]


def test_a_dot_inside_a_web_address_is_no_sentence_end_but_a_glued_full_stop_is():
    from kg.arabic import split_sentences
    from kg.model import Article

    text = "زار الوفد موقع www.example.com أمس.وعاد الوزير إلى الرباط."
    document = split_sentences(Article(id="x", text=text))
    assert [text[s.span.start:s.span.end] for s in document.sentences] == [
        "زار الوفد موقع www.example.com أمس.", "وعاد الوزير إلى الرباط."]
