"""Each extraction rule on a sentence written for this test (none comes from the dev set)."""
import pytest
from extraction_helpers import find_entity, has_relation


entity = find_entity
has = has_relation


def names(extraction, type_):
    return sorted(e.label for e in extraction.entities if e.type.value == type_)


# ---- persons ---------------------------------------------------------------------------

def test_title_before_name_is_not_part_of_it(extract):
    ext = extract("أكد الدكتور سامي بن خالد الحداد أن المؤتمر سيعقد في موعده.")
    assert "سامي بن خالد الحداد" in names(ext, "PERSON")


def test_family_names_with_al_and_ibn_chains(extract):
    ext = extract("وصل معالي الشيخ حمد بن راشد آل مكتوم إلى عمّان في زيارة رسمية.")
    assert "حمد بن راشد آل مكتوم" in names(ext, "PERSON")


def test_family_name_that_is_also_a_word_before_a_post(extract):
    ext = extract("تلقى الوزير اتصالا من الدكتور سالم بن ناصر الحربي، الأمين العام للمجلس.")
    assert "سالم بن ناصر الحربي" in names(ext, "PERSON")


def test_rank_without_article_is_a_given_name(extract):
    ext = extract("استقبل اللواء رائد الخطيب نظيره التونسي في مقر المديرية.")
    assert "رائد الخطيب" in names(ext, "PERSON")


def test_name_ends_at_an_ordinary_word(extract):
    ext = extract("ومن جانبه أكد الأمير منصور بن فهد أهمية تعزيز العمل المشترك.")
    assert names(ext, "PERSON") == ["منصور بن فهد"]


def test_known_given_name_starts_a_person_without_a_title(extract):
    ext = extract("وقال سمير القاسمي إن اللقاء كان مثمرا، وأضاف ومحمد بن سالم أن العمل مستمر.")
    assert {"سمير القاسمي", "محمد بن سالم"} <= set(names(ext, "PERSON"))


def test_adjectives_and_adverbs_are_not_given_names(extract):
    ext = extract("ناقشت اللجنة الملف الهام إيمانًا منها بضرورة توحيد الجهود.")
    assert names(ext, "PERSON") == []


def test_counterpart_names_a_person(extract):
    ext = extract("وأجرى الوزير مباحثات مع نظيره البرتغالي جواو كوستا حول الهجرة.")
    assert "جواو كوستا" in names(ext, "PERSON")


def test_surname_alone_is_the_same_person(extract):
    ext = extract("استقبل وزير الداخلية، كريم بنعلي، وفدا أمنيا. وأكد بنعلي أهمية التعاون.")
    person = entity(ext, "كريم بنعلي", "PERSON")
    assert person is not None and "بنعلي" in person.surface_forms
    assert len(names(ext, "PERSON")) == 1


def test_transliterated_name_in_apposition_with_a_post(extract):
    ext = extract("والتقى الوزير بيتر هولمان، مفوض الشؤون الداخلية بالاتحاد الأوروبي، في بروكسل.")
    assert entity(ext, "بيتر هولمان", "PERSON") is not None
    assert has(ext, "بيتر هولمان", "memberOf", "الاتحاد الأوروبي")


# ---- posts: heads / memberOf --------------------------------------------------------

def test_post_then_name_between_commas(extract):
    ext = extract("حضر المدير العام للأمن الوطني، عمر السلاوي، افتتاح الندوة.")
    assert has(ext, "عمر السلاوي", "heads", "المديرية العامة للأمن الوطني")


def test_name_then_post_and_the_name_after_is_someone_else(extract):
    ext = extract("القاهرة - استقبل اللواء سمير فهمي، وزير الداخلية، جون كارتر، سفير كندا.")
    assert has(ext, "سمير فهمي", "heads", "وزارة الداخلية المصرية")
    assert not has(ext, "جون كارتر", "heads", "وزارة الداخلية المصرية")


def test_post_with_country_adjective_then_name(extract):
    ext = extract("التقى وزير الداخلية الأردني فيصل العمري بوفد من الأنتربول في عمّان.")
    assert has(ext, "فيصل العمري", "heads", "وزارة الداخلية الأردنية")


def test_post_names_two_bodies(extract):
    ext = extract("زار المدير العام للأمن الوطني ومراقبة التراب الوطني، أنس الإدريسي، مدينة طنجة.")
    assert has(ext, "أنس الإدريسي", "heads", "المديرية العامة للأمن الوطني")
    assert has(ext, "أنس الإدريسي", "heads", "المديرية العامة لمراقبة التراب الوطني")


def test_post_that_ends_inside_the_bodys_name(extract):
    ext = extract("التقى الوفد مدير مكتب التحقيقات الفيدرالي جيمس كارتر في واشنطن.")
    assert has(ext, "جيمس كارتر", "heads", "مكتب التحقيقات الفيدرالي")


def test_head_of_state_and_of_government(extract):
    ext = extract("تونس - استقبل رئيس الجمهورية محمد الحمدي بقصر قرطاج وزير الداخلية.")
    assert has(ext, "محمد الحمدي", "heads", "رئاسة الجمهورية التونسية")
    ext = extract("الرباط - ترأس رئيس الحكومة كمال الإدريسي اجتماعا للجنة الوزارية.")
    assert has(ext, "كمال الإدريسي", "heads", "رئاسة الحكومة المغربية")


def test_two_posts_after_one_name(extract):
    ext = extract("أبوظبي - استقبل الشيخ منصور بن راشد آل حمد وزير الداخلية نائب رئيس مجلس الوزراء وفدا ألمانيا.")
    assert has(ext, "منصور بن راشد آل حمد", "heads", "وزارة الداخلية الإماراتية")
    assert has(ext, "منصور بن راشد آل حمد", "memberOf", "مجلس الوزراء الإماراتي")


def test_event_name_closed_by_a_number(extract):
    ext = extract("انطلق تمرين أمن الخليج العربي 3 بمشاركة الأجهزة الأمنية.")
    assert entity(ext, "تمرين أمن الخليج العربي 3", "EVENT") is not None


def test_post_country_from_bi_dawlat(extract):
    ext = extract("وحضر اللقاء الشيخ ناصر بن علي، وزير الداخلية بدولة الكويت.")
    assert has(ext, "ناصر بن علي", "heads", "وزارة الداخلية الكويتية")


def test_undersecretary_is_a_member(extract):
    ext = extract("أبوظبي - استقبل العميد سالم الكعبي وكيل وزارة الداخلية وفدا من الشرطة الفرنسية.")
    assert has(ext, "سالم الكعبي", "memberOf", "وزارة الداخلية الإماراتية")


# ---- organisations, places, events ------------------------------------------------------

def test_interpol_by_all_its_names_and_proclitics(extract):
    ext = extract("بحثت الشرطة الأردنية برنامجا تدريبيا تقدمه المنظمة الدولية للشرطة الجنائية. وأوضح ممثل للإنتربول أن المنظمة ستموّل البرنامج.")
    interpol = entity(ext, "الأنتربول", "ORGANIZATION")
    assert interpol is not None and interpol.key == "org:interpol"
    assert len([e for e in ext.entities if e.key == "org:interpol"]) == 1


def test_organised_crime_is_not_an_organisation(extract):
    ext = extract("ناقش الخبراء مكافحة الجريمة المنظمة العابرة للحدود في الرباط.")
    assert names(ext, "ORGANIZATION") == []


def test_head_noun_with_only_an_ordinal_is_not_a_body(extract):
    ext = extract("حل المنتخب المغربي في المركز الثاني ضمن المجموعة الأولى.")
    assert names(ext, "ORGANIZATION") == []


def test_a_name_that_is_only_its_head_and_a_new_name_after_a_definite_one(extract):
    ext = extract("نظمت وزارة الداخلية الدورة التدريبية الرابعة بحضور ممثلين عن النيابة العامة والقوات المسلحة.")
    assert {"النيابة العامة", "القوات المسلحة"} <= set(names(ext, "ORGANIZATION"))
    assert has(ext, "النيابة العامة", "attended", "الدورة التدريبية الرابعة")
    assert has(ext, "الدورة التدريبية الرابعة", "organizedBy", "وزارة الداخلية")


def test_country_named_by_its_adjective(extract):
    ext = extract("وصل الوفد السعودي إلى مدينة مرسيليا الفرنسية.")
    assert {"السعودية", "فرنسا"} <= set(names(ext, "LOCATION"))
    assert has(ext, "مرسيليا", "locatedIn", "فرنسا")


def test_shared_name_takes_the_articles_country(extract):
    ext = extract("عمان - استقبل مدير الأمن العام الأردني وفدا من الشرطة اللبنانية في عمان.")
    assert entity(ext, "عمان", "LOCATION").key == "loc:city-amman"
    ext = extract("مسقط - أعلنت شرطة عمان السلطانية أن سلطنة عمان ستستضيف المؤتمر.")
    assert entity(ext, "سلطنة عمان", "LOCATION").key == "loc:OM"


def test_a_place_name_without_article_does_not_match_a_word_with_it(extract):
    ext = extract("ناقش الخبراء استقرار النظام المالي في مالي.")
    assert [e.key for e in ext.entities if e.type.value == "LOCATION"] == ["loc:ML"]


def test_word_after_a_named_capital_is_not_a_place(extract):
    ext = extract("انطلقت اليوم بتونس العاصمة أشغال الندوة الإقليمية.")
    assert "أشغال" not in names(ext, "LOCATION")


def test_everyday_word_is_not_a_city(extract):
    ext = extract("تأتي هذه الزيارة، حسب البيان، في إطار تعزيز العلاقات بين البلدين.")
    assert names(ext, "LOCATION") == []


def test_ordinal_event_and_its_later_mentions(extract):
    ext = extract("افتتحت في الرياض الدورة الحادية والعشرون لمؤتمر قادة الشرطة العرب. وناقشت الدورة خطط التدريب.")
    event = entity(ext, "الدورة الحادية والعشرون", "EVENT")
    assert event is not None
    assert "الدورة" in event.surface_forms
    assert len(names(ext, "EVENT")) == 1


def test_event_delimited_by_its_topic(extract):
    ext = extract("انطلقت اليوم بمدينة سوسة أشغال الندوة الإقليمية حول الهجرة غير النظامية.")
    assert has(ext, "الندوة الإقليمية", "heldIn", "سوسة")


def test_event_name_ends_before_held(extract):
    ext = extract("شارك الوفد في أشغال الدورة السابعة للمؤتمر الإقليمي للأنتربول المنعقدة بمدينة أوسلو.")
    assert "الدورة السابعة للمؤتمر الإقليمي للأنتربول" in names(ext, "EVENT")


def test_and_plus_a_post_is_no_name(extract):
    ext = extract("حضر الاجتماع وزير الداخلية الليبي ونظيره التشادي وممثل عن الاتحاد الإفريقي.")
    assert names(ext, "PERSON") == []


def test_long_name_with_bracketed_acronym_is_that_body(extract):
    ext = extract("وقعت الوزارة اتفاقا مع وكالة الاتحاد الأوروبي لحرس الحدود والسواحل (فرونتكس) في وارسو.")
    assert entity(ext, "فرونتكس", "ORGANIZATION").key == "org:frontex"


def test_event_dates_in_rdf_ready_form(extract):
    ext = extract("انعقد الاجتماع الثالث لوزراء العدل العرب يومي 12 و13 نونبر الجاري بالرباط.", date="2024-11-20")
    event = entity(ext, "الاجتماع الثالث", "EVENT")
    assert (event.date_start, event.date_end) == ("2024-11-12", "2024-11-13")


# ---- relations ------------------------------------------------------------------------

def test_attended_by_verb(extract):
    ext = extract("شارك العقيد يوسف الحربي في المؤتمر الإقليمي الخامس لمكافحة المخدرات بمدينة جدة.")
    assert has(ext, "يوسف الحربي", "attended", "المؤتمر الإقليمي الخامس")
    assert has(ext, "المؤتمر الإقليمي الخامس", "heldIn", "جدة")


def test_attended_by_a_list_of_representatives(extract):
    ext = extract("عقد الاجتماع الرابع لرؤساء أجهزة الهجرة بمشاركة ممثلين عن تونس وليبيا والنيجر.")
    for country in ("تونس", "ليبيا", "النيجر"):
        assert has(ext, country, "attended", "الاجتماع الرابع")


def test_list_stops_where_the_coordination_stops(extract):
    ext = extract("عرفت الدورة السادسة مشاركة ممثلين عن مالطا وقبرص في إطار برنامج يموله الاتحاد الأوروبي.")
    assert has(ext, "قبرص", "attended", "الدورة السادسة")
    assert not has(ext, "الاتحاد الأوروبي", "attended", "الدورة السادسة")


def test_chaired_and_represents_a_delegation(extract):
    ext = extract("ترأس الوزير عادل الشامي وفد المملكة الأردنية الهاشمية في الاجتماع الثاني لوزراء الداخلية.")
    assert has(ext, "عادل الشامي", "represents", "الأردن")
    assert has(ext, "عادل الشامي", "attended", "الاجتماع الثاني")


def test_chaired_a_session(extract):
    ext = extract("ترأس اللواء حسن الجابري أشغال الدورة التاسعة للجنة الأمنية المشتركة.")
    assert has(ext, "حسن الجابري", "chaired", "الدورة التاسعة")


def test_received_means_met_and_the_guest_visits(extract):
    ext = extract("استقبل الفريق منصور العتيبي، وزير الداخلية، السيدة آنا ليندبرغ، مديرة الشرطة السويدية. "
                  "وتأتي الزيارة في إطار زيارة عمل إلى الكويت.")
    assert has(ext, "منصور العتيبي", "metWith", "آنا ليندبرغ")
    assert has(ext, "آنا ليندبرغ", "visited", "الكويت")


def test_meeting_with(extract):
    ext = extract("وعلى هامش المؤتمر، عقد السيد مراد الزين لقاء ثنائيا مع السيد توماس مولر.")
    assert has(ext, "مراد الزين", "metWith", "توماس مولر")


def test_visit_by_noun(extract):
    ext = extract("وقام السيد طارق النعيمي بزيارة ميدانية لمركز التدريب التابع للشرطة الخليجية.")
    assert has(ext, "طارق النعيمي", "visited", "مركز التدريب التابع للشرطة الخليجية")


def test_cooperation_between_two_parties(extract):
    ext = extract("بحث الجانبان سبل تعزيز التعاون بين المغرب والإنتربول في مجال الأمن السيبراني.")
    assert has(ext, "المغرب", "cooperatesWith", "الأنتربول")


def test_agreement_with_a_partner(extract):
    ext = extract("أعلنت وزارة الداخلية العراقية توقيع اتفاقية تعاون أمني مع وزارة الداخلية التركية.")
    assert has(ext, "وزارة الداخلية العراقية", "cooperatesWith", "وزارة الداخلية التركية")


def test_cooperation_with_the_organisation_said_before(extract):
    ext = extract("استضافت تونس وفدا من اليوروبول. وتناول اللقاء التعاون بين تونس والوكالة في مكافحة التهريب.")
    assert has(ext, "تونس", "cooperatesWith", "اليوروبول")


def test_organized_by_the_host_and_its_partner(extract):
    ext = extract("تستضيف الأردن بالتنسيق مع جامعة الدول العربية أعمال المؤتمر العاشر لقادة الشرطة في مدينة العقبة.")
    assert has(ext, "المؤتمر العاشر", "organizedBy", "الأردن")
    assert has(ext, "المؤتمر العاشر", "organizedBy", "جامعة الدول العربية")
    assert has(ext, "المؤتمر العاشر", "heldIn", "العقبة")


def test_organized_by_the_body_in_the_events_name(extract):
    ext = extract("انطلقت أشغال الاجتماع الحادي عشر للأفريبول بمدينة أبوجا.")
    assert has(ext, "الاجتماع الحادي عشر", "organizedBy", "أفريبول")


def test_part_of_by_genitive_and_by_preposition(extract):
    ext = extract("التقى الوفد مدير إدارة مكافحة الإرهاب بالأنتربول ومسؤولي مركز العمليات للأنتربول.")
    assert has(ext, "إدارة مكافحة الإرهاب", "partOf", "الأنتربول")
    assert has(ext, "مركز العمليات للأنتربول", "partOf", "الأنتربول")


def test_located_in_by_preposition(extract):
    ext = extract("زار الوفد المعهد الوطني لعلوم الشرطة بفرنسا والتقى مديره.")
    assert has(ext, "المعهد الوطني لعلوم الشرطة", "locatedIn", "فرنسا")


def test_capital_with_country_adjective(extract):
    ext = extract("عقد الاجتماع في العاصمة العمانية مسقط بحضور الوزراء.")
    assert has(ext, "مسقط", "locatedIn", "سلطنة عمان")


def test_a_post_alone_is_the_person_named_with_it_before(extract):
    ext = extract("القاهرة - استقبل اللواء سمير فهمي، وزير الداخلية، وفدا إيطاليا. "
                  "والتقى الوزير بعد ذلك السيد جون كارتر.")
    assert "الوزير" in entity(ext, "سمير فهمي").surface_forms
    assert has(ext, "سمير فهمي", "metWith", "جون كارتر")


def test_cooperation_between_the_two_countries(extract):
    ext = extract("زار وفد من السنغال المغرب. وبحث المسؤولون في المغرب والسنغال آفاق التعاون بين البلدين.")
    assert has(ext, "المغرب", "cooperatesWith", "السنغال")


def test_public_security_director_heads_the_directorate(extract):
    ext = extract("بيروت - التقى المدير العام للأمن العام اللواء إلياس البيسري في مكتبه اليوم وفدا.")
    assert has(ext, "إلياس البيسري", "heads", "المديرية العامة للأمن العام")


def test_organisers_named_after_the_event(extract):
    ext = extract("افتتحت الندوة الدولية الثالثة حول مكافحة الإرهاب التي تنظمها وزارة الداخلية التونسية "
                  "بالتعاون مع مكتب الأمم المتحدة المعني بالمخدرات والجريمة بمدينة الحمامات.")
    assert has(ext, "الندوة الدولية الثالثة", "organizedBy", "وزارة الداخلية التونسية")
    assert has(ext, "الندوة الدولية الثالثة", "organizedBy", "مكتب الأمم المتحدة المعني بالمخدرات والجريمة")
    assert not has(ext, "مكتب الأمم المتحدة المعني بالمخدرات والجريمة", "locatedIn", "مدينة الحمامات")


def test_signatories_of_a_memorandum_cooperate(extract):
    ext = extract("وقعت المديرية العامة للأمن الوطني والمكتب الفيدرالي للشرطة الجنائية الألماني مذكرة تفاهم.")
    assert has(ext, "المديرية العامة للأمن الوطني", "cooperatesWith", "المكتب الفيدرالي للشرطة الجنائية الألماني")


def test_supervising_a_ceremony_is_chairing_it(extract):
    ext = extract("أشرف المدير العام للأمن الوطني سمير بلقاسم على حفل تخرج الدفعة الخامسة من ضباط الشرطة.")
    assert has(ext, "سمير بلقاسم", "chaired", "حفل تخرج الدفعة الخامسة")


def test_ambassador_named_after_the_country_he_serves_in(extract):
    ext = extract("بحث الوزير مع سفير الاتحاد الأوروبي في الأردن ماركو فيراري أوجه التعاون.")
    assert has(ext, "ماركو فيراري", "represents", "الاتحاد الأوروبي")


def test_a_country_takes_part_through_its_agency(extract):
    ext = extract("شاركت المملكة العربية السعودية ممثلة برئاسة أمن الدولة في أعمال المؤتمر الدولي السادس "
                  "لمكافحة الإرهاب الذي عقد في العاصمة النمساوية فيينا.")
    assert has(ext, "السعودية", "attended", "المؤتمر الدولي السادس")
    assert has(ext, "رئاسة أمن الدولة", "attended", "المؤتمر الدولي السادس")
    assert has(ext, "المؤتمر الدولي السادس", "heldIn", "فيينا")


def test_every_relation_carries_its_sentence_and_a_confidence(extract):
    text = "شارك الوزير ياسين العلوي في المؤتمر الثالث للشرطة في مدينة فاس. ثم عاد إلى الرباط."
    ext = extract(text)
    assert ext.relations
    for rel in ext.relations:
        assert ext.evidence_text(rel) == "شارك الوزير ياسين العلوي في المؤتمر الثالث للشرطة في مدينة فاس."
        assert 0.0 < rel.confidence <= 1.0


# ---- bodies a post implies, named by their country ------------------------------------------

def test_two_counterparts_head_two_ministries_named_by_their_countries(extract):
    ext = extract("التقى وزير الخارجية المصري سامح فوزي نظيره السوداني كمال حسن في القاهرة.")
    assert entity(ext, "وزارة الخارجية المصرية", "ORGANIZATION") is not None
    assert entity(ext, "وزارة الخارجية السودانية", "ORGANIZATION") is not None
    assert has(ext, "سامح فوزي", "heads", "وزارة الخارجية المصرية")
    assert has(ext, "كمال حسن", "heads", "وزارة الخارجية السودانية")
    assert not has(ext, "كمال حسن", "heads", "وزارة الخارجية المصرية")


def test_a_field_in_construct_with_a_country_names_that_countrys_ministry(extract):
    ext = extract("الرباط - استقبل وزير خارجية كينيا جون موانغي في الرباط.")
    assert has(ext, "جون موانغي", "heads", "وزارة الخارجية الكينية")


def test_a_bare_ministry_takes_the_articles_country_and_keeps_its_plain_name(extract):
    ext = extract("القاهرة - أكد وزير الصحة أن وزارة الصحة ستفتتح مستشفى جديدا.")
    ministry = entity(ext, "وزارة الصحة المصرية", "ORGANIZATION")
    assert ministry is not None and "وزارة الصحة" in ministry.aliases


# ---- events: kinds, digit ordinals, years, quoted names ---------------------------------------

def _event_kind_examples():
    from kg.data import read_tsv
    return [(row["kind"], row["example"]) for row in read_tsv("lexicon/event_kinds.tsv")]


@pytest.mark.parametrize("kind,example", _event_kind_examples())
def test_each_event_kind_example_names_an_event_only_where_its_kind_is_delimited(extract, kind, example):
    events = names(extract(example), "EVENT")
    if kind == "banquet":
        assert events == []  # an unnamed banquet is no event (the eval's convention)
    else:
        assert events, f"{kind}: no event in {example!r}"


def test_an_ordinal_written_in_digits_delimits_a_session(extract):
    ext = extract("حضر الوزير أعمال الدورة الـ93 للجمعية العامة للأنتربول في روما.")
    assert "الدورة الـ93 للجمعية العامة للأنتربول" in names(ext, "EVENT")
    assert has(ext, "الدورة الـ93 للجمعية العامة للأنتربول", "heldIn", "روما")


def test_a_place_and_a_year_name_games_and_the_quoted_name_is_an_alias(extract):
    ext = extract("استعدادا لأولمبياد باريس ٢٠٢٤ أقيم معسكر. وانطلق تمرين «درع الصحراء» أمس.")
    assert "أولمبياد باريس ٢٠٢٤" in names(ext, "EVENT")
    exercise = entity(ext, "تمرين «درع الصحراء»", "EVENT")
    assert exercise is not None and "درع الصحراء" in exercise.aliases


def test_a_new_event_head_after_and_starts_a_new_event(extract):
    ext = extract("ناقش الوزيران التحضير للقمة الخليجية ومؤتمر الرياض للطاقة.")
    assert {"القمة الخليجية", "مؤتمر الرياض للطاقة"} <= set(names(ext, "EVENT"))


def test_rank_qualifiers_and_marks_between_title_and_name(extract):
    ext = extract("وأشاد العميد ركن بحري سالم خالد الكعبي بالتعاون. وحضرت السيدة/ ماريا لوبيز الحفل.")
    assert {"سالم خالد الكعبي", "ماريا لوبيز"} <= set(names(ext, "PERSON"))
    ext = extract("وأكدت مديرية شرطة دبي أن الوضع آمن.")
    assert "شرطة" not in " ".join(names(ext, "PERSON"))  # a qualifier alone starts no title


def test_a_name_ends_before_a_preposition_or_and_with_an_ordinary_word(extract):
    ext = extract("كلف الرئيس الدكتور طارق حداد بتمثيل لبنان. واستقبل معالي السيد أحمد سالم ونظيره التونسي.")
    assert {"طارق حداد", "أحمد سالم"} <= set(names(ext, "PERSON"))


def test_abd_opens_a_compound_given_name_even_before_a_title_word(extract):
    ext = extract("أوضح الفريق الركن عبد الأمير الزبيدي أن الاستعدادات مكتملة.")
    assert any(n.startswith("عبد الأمير") for n in names(ext, "PERSON"))


def test_a_country_said_inside_a_body_name_is_an_entity_too(extract):
    ext = extract("وأوضح مدير إدارة بوزارة الداخلية البحرينية أن التنسيق مستمر.")
    assert entity(ext, "البحرين", "LOCATION") is not None
    assert entity(ext, "وزارة الداخلية البحرينية", "ORGANIZATION") is not None


def test_posts_set_off_by_commas_or_dashes_with_titles_before_the_name(extract):
    ext = extract("والتقى مدير الأمن العام، العميد الدكتور ناصر الشوابكة، صباح اليوم الضيوف.")
    assert has(ext, "ناصر الشوابكة", "heads", "مديرية الأمن العام")
    ext = extract("والتقت الدكتورة هالة بنت سعيد المعمرية - وزيرة التربية - السيد بيتر نيلسون - المدير "
                  "العام لمنظمة العمل الدولية - ومساعده.")
    assert has(ext, "بيتر نيلسون", "heads", "منظمة العمل الدولية")
    assert "مساعده" not in names(ext, "PERSON")
    assert any(r.predicate == "heads" and r.rule.endswith("post") and ext.entity(r.subject).label == "هالة بنت سعيد المعمرية"
               for r in ext.relations)


def test_cooperation_said_by_a_counterpart_a_dual_noun_or_two_adjectives(extract):
    ext = extract("أبرمت هيئة الجمارك الأردنية مذكرة تعاون مع نظيرتها التركية في أنقرة.")
    assert has(ext, "هيئة الجمارك الأردنية", "cooperatesWith", "تركيا")
    ext = extract("ووقع الطرفان مذكرة تفاهم بين مدينتي الرباط ونواكشوط.")
    assert has(ext, "الرباط", "cooperatesWith", "نواكشوط")
    ext = extract("وبحث الجانبان سبل تعزيز التعاون المغربي الروسي في المجال الأمني.")
    assert has(ext, "المغرب", "cooperatesWith", "روسيا")
    ext = extract("وبدأ التمرين أمس بمشاركة بريطانية أمريكية.")
    assert has(ext, "بريطانيا", "cooperatesWith", "الولايات المتحدة")


def test_opening_an_event_is_attending_it(extract):
    ext = extract("افتتح وزير الصناعة ياسر سليم المعرض التخصصي الرابع للصناعات الدوائية في حلب.")
    assert has(ext, "ياسر سليم", "attended", "المعرض التخصصي الرابع للصناعات الدوائية")


def test_a_post_and_its_holder_are_one_item_of_a_list_of_participants(extract):
    ext = extract("انطلقت أعمال المؤتمر الإقليمي الثالث للمياه في عمان، بحضور وزير الصحة الأردني "
                  "الدكتور سامر خليل.")
    assert has(ext, "سامر خليل", "attended", "المؤتمر الإقليمي الثالث للمياه")


def test_ambassadors_represent_the_country_their_post_names(extract):
    ext = extract("بحث الوزير مع السفير الكويتي ببغداد فيصل بن ناصر المطيري آخر المستجدات.")
    assert has(ext, "فيصل بن ناصر المطيري", "represents", "الكويت")
    assert not has(ext, "بغداد", "locatedIn", "الكويت")
    ext = extract("وتسلم الوزير أوراق اعتماد سفير المكسيك الجديد لدى البلاد ميغيل لوبيز.")
    assert has(ext, "ميغيل لوبيز", "represents", "المكسيك")


def test_a_delegation_headed_by_and_a_side_name_whom_a_person_represents(extract):
    ext = extract("وأكد الوفد العماني برئاسة العميد ركن بحري سالم الحارثي أهمية التعاون.")
    assert has(ext, "سالم الحارثي", "represents", "سلطنة عمان")
    ext = extract("والتقى المحافظ وفد اللجنة البارالمبية الأردنية برئاسة المهندس نوري الفيتوري.")
    # the head of a body's delegation represents the body; the sentence does not say he heads it
    assert has(ext, "نوري الفيتوري", "represents", "اللجنة البارالمبية الأردنية")
    assert not has(ext, "نوري الفيتوري", "heads", "اللجنة البارالمبية الأردنية")
    ext = extract("ووقع المذكرة من الجانب البحريني وزير الدولة للشؤون الخارجية، الشيخ راشد بن حمود آل خليفة، "
                  "ومن الجانب الكيني وزير الداخلية جون موانغي.")
    assert has(ext, "راشد بن حمود آل خليفة", "represents", "البحرين")
    assert has(ext, "جون موانغي", "heads", "وزارة الداخلية الكينية")


def test_counterparts_and_the_two_sides_of_a_signing_have_met(extract):
    ext = extract("وبحث وزيرا العدل التونسي نادر العياري ونظيره الليبي حيدر الورفلي ملفات التعاون القضائي.")
    assert has(ext, "نادر العياري", "metWith", "حيدر الورفلي")
    ext = extract("ووقع المذكرة من الجانب البحريني الشيخ راشد بن حمود آل خليفة، ومن الجانب الكيني الوزير جون موانغي.")
    assert has(ext, "راشد بن حمود آل خليفة", "metWith", "جون موانغي")
    ext = extract("بحث العميد الركن يوسف صالح عمر مع السفير الكويتي فيصل بن ناصر المطيري المستجدات الأمنية.")
    assert has(ext, "يوسف صالح عمر", "metWith", "فيصل بن ناصر المطيري")


def test_visits_said_in_a_relative_clause_by_a_body_or_to_a_capital(extract):
    ext = extract("وألقى الكلمة نبيل الصنهاجي، رئيس المجلس الجماعي لمدينة أكادير، الذي يزور داكار هذه الأيام.")
    assert has(ext, "نبيل الصنهاجي", "visited", "داكار")
    assert entity(ext, "المجلس الجماعي لمدينة أكادير", "ORGANIZATION") is not None
    ext = extract("قام وزير العدل، منصف الحامدي، أمس بزيارة عمل إلى العاصمة المغربية الرباط.")
    assert has(ext, "منصف الحامدي", "visited", "الرباط")
    ext = extract("ناقشت الإدارة العامة للدفاع المدني بوزارة الداخلية البحرينية خلال زيارة ميدانية إلى المقر "
                  "الرئيسي للحرس المدني الإسباني برامج التدريب.")
    assert has(ext, "الإدارة العامة للدفاع المدني", "visited", "الحرس المدني الإسباني")


def test_a_dual_head_with_two_adjectives_names_two_bodies_that_sign_together(extract):
    ext = extract("الرباط – وقعت وزارتا العدل المغربية والموريتانية أمس اتفاقيتين للتعاون القضائي.")
    assert has(ext, "وزارة العدل المغربية", "cooperatesWith", "وزارة العدل الموريتانية")


def test_a_counterpart_in_a_named_country_holds_the_same_post_there(extract):
    ext = extract("اجتمع وزير الخارجية الأردني نبيل الخصاونة بنظيره في جمهورية غانا كوفي أدجيي مينسا.")
    assert has(ext, "كوفي أدجيي مينسا", "heads", "وزارة الخارجية الغانية")
    assert has(ext, "نبيل الخصاونة", "metWith", "كوفي أدجيي مينسا")


def test_an_organiser_named_before_its_verb_and_a_host_city_after_it(extract):
    ext = extract("وكان الأردن قد عقد العام الماضي الدورة الخامسة للجنة الفنية المشتركة مع العراق في إربد.")
    assert has(ext, "الدورة الخامسة للجنة الفنية المشتركة", "organizedBy", "الأردن")
    assert has(ext, "الدورة الخامسة للجنة الفنية المشتركة", "heldIn", "إربد")
    ext = extract("ووقع البلدان المذكرة على هامش بطولة العالم للسباحة 2025، التي تستضيفها الرياض.")
    assert has(ext, "بطولة العالم للسباحة 2025", "heldIn", "الرياض")
    ext = extract("وتحدث الوزير أمس على هامش القمة الإفريقية بإثيوبيا.")
    assert has(ext, "القمة الإفريقية", "heldIn", "إثيوبيا")


def test_long_construct_names_and_purpose_phrases_stay_one_name(extract):
    ext = extract("وتسلمت تونس رئاسة الاجتماعات التمهيدية للدورة السابعة والثلاثين لمجلس وزراء الصحة العرب.")
    assert names(ext, "EVENT") == ["الاجتماعات التمهيدية للدورة السابعة والثلاثين لمجلس وزراء الصحة العرب"]
    assert not any(n.startswith("رئاسة") for n in names(ext, "ORGANIZATION"))  # chairing, not a body
    ext = extract("وعقدت اللجنة اجتماعها برئاسة وزيري الخارجية في البلدين.")
    assert not any(n.startswith("رئاسة") for n in names(ext, "ORGANIZATION"))
    ext = extract("وشارك المركز الإقليمي للحد من مخاطر الفيضانات والجفاف في الاجتماع.")
    assert "المركز الإقليمي للحد من مخاطر الفيضانات والجفاف" in names(ext, "ORGANIZATION")


def test_a_head_in_construct_with_a_place_is_one_body(extract):
    ext = extract("وحضر اللقاء المدير العام لشرطة أربيل وممثل عن غرفة تجارة وصناعة الكويت.")
    assert {"شرطة أربيل", "غرفة تجارة وصناعة الكويت"} <= set(names(ext, "ORGANIZATION"))


def test_those_present_at_a_meeting_are_not_its_guests_and_a_president_heads_no_adjective(extract):
    ext = extract("التقى وزير العدل عثمان الطيب نظيره بيتر لوال بحضور قائد الشرطة حامد يوسف.")
    assert has(ext, "عثمان الطيب", "metWith", "بيتر لوال")
    assert not has(ext, "عثمان الطيب", "metWith", "حامد يوسف")
    ext = extract("استقبل الرئيس الكيني وليام روتو الوفد.")
    assert not any(n.startswith("رئاسة") for n in names(ext, "ORGANIZATION"))


def test_named_facilities_are_places_and_ordinary_phrases_are_not(extract):
    ext = extract("واستقبله في مطار الملكة علياء الدولي وكيل الوزارة.")
    assert "مطار الملكة علياء الدولي" in names(ext, "LOCATION")
    ext = extract("استقبل الرئيس السفير في قصر بعبدا. ونقل الخبر عبر قاعدة بيانات الوزارة.")
    assert names(ext, "LOCATION") == ["قصر بعبدا"]
    ext = extract("وأقيم الحفل بقاعدة الظفرة الجوية ثم في نادي الضباط «خليفة الراشد».")
    assert {"قاعدة الظفرة الجوية", "نادي الضباط «خليفة الراشد»"} <= set(names(ext, "LOCATION"))


def test_regnal_numbers_family_names_that_are_words_and_dateline_cities(extract):
    ext = extract("وبتوجيهات من جلالة الملك عبد الله الثاني، انطلقت الحملة.")
    assert "عبد الله الثاني" in names(ext, "PERSON")
    ext = extract("وقال الدكتور أحمد الأول في السباق إن الفوز مهم.")
    assert "أحمد الأول" not in names(ext, "PERSON")  # only a monarch's name takes a regnal number
    ext = extract("استقبل الشيخ صباح الناصر وفد الغرفة. وعاد الوفد صباح الغد.")
    assert names(ext, "PERSON") == ["صباح الناصر"]
    ext = extract("مسقط 8 سبتمبر 2019 (العمانية) بدأ سلاح الجو تمرينا. وقال إن مسقط رأسه قريب.")
    assert "مسقط" in names(ext, "LOCATION")


def test_attendance_said_in_a_relative_clause_or_by_the_subjects_own_participation(extract):
    ext = extract("وانعقد المؤتمر العربي العشرون للحماية المدنية في بغداد تحت رعاية الدكتور سامر خليل الذي "
                  "افتتح المؤتمر بكلمة.")
    assert has(ext, "سامر خليل", "attended", "المؤتمر العربي العشرون للحماية المدنية")
    ext = extract("وناقش السلطان هيثم بن طارق مع السفير توماس برنار حصيلة مشاركته الأخيرة في أعمال القمة "
                  "العالمية للمناخ.")
    assert has(ext, "هيثم بن طارق", "attended", "القمة العالمية للمناخ")
    assert not has(ext, "توماس برنار", "attended", "القمة العالمية للمناخ")


def test_a_meeting_of_a_named_body_is_an_event_and_a_session_frames_the_event_it_opens(extract):
    ext = extract("وترأس الوزيران أمس اجتماع اللجنة الفنية العليا بمشاركة خبراء من الجانبين.")
    assert "اجتماع اللجنة الفنية العليا" in names(ext, "EVENT")
    ext = extract("وتابع العامل أشغال الجلسة الافتتاحية للمنتدى المتوسطي الثاني للأمن الغذائي.")
    assert names(ext, "EVENT") == ["المنتدى المتوسطي الثاني للأمن الغذائي"]
    ext = extract("وأكد الوزير أن الاجتماع الأمني كان مثمرا.")
    assert names(ext, "EVENT") == []


def test_a_name_ends_after_a_known_body_and_keeps_a_participles_object(extract):
    ext = extract("وأشاد بدور الأمانة العامة لمنظمة الصحة العالمية والدول الأعضاء كافة.")
    assert "الأمانة العامة لمنظمة الصحة العالمية" in names(ext, "ORGANIZATION")
    assert has(ext, "الأمانة العامة لمنظمة الصحة العالمية", "partOf", "منظمة الصحة العالمية")
    ext = extract("ونظمت الورشة بالتعاون مع الهيئة الوطنية للشؤون المتعلقة بالمياه في الأردن.")
    assert "الهيئة الوطنية للشؤون المتعلقة بالمياه" in names(ext, "ORGANIZATION")
    ext = extract("وسلم الجانب الفرنسي معدات لجهاز حرس الحدود التونسي والعمل على تحديثه.")
    assert not any(n.endswith("والعمل") for n in names(ext, "ORGANIZATION"))


def test_a_name_cut_by_a_given_name_that_is_also_a_word_stays_whole(extract):
    # "كامل" is a given name and an ordinary word: the rule stops before it, the CRF finds the rest
    ext = extract("وحضر اللقاء العميد عبد الرحمن كامل الدوسري مدير الشرطة.")
    assert "عبد الرحمن كامل الدوسري" in names(ext, "PERSON")
    assert not {"عبد الرحمن", "كامل الدوسري"} & set(names(ext, "PERSON"))


def test_hajj_inside_a_name_joins_its_two_parts(extract):
    ext = extract("استقبل النائب علي الحاج محمود وفد البلدية في صيدا.")
    assert "علي الحاج محمود" in names(ext, "PERSON")
    assert not {"علي", "محمود"} & set(names(ext, "PERSON"))


def test_post_whose_long_body_name_the_gazetteer_knows(extract):
    ext = extract("وصرح وزير الشؤون الخارجية والهجرة والتونسيين بالخارج، السيد رضا الجلاصي، بأن المحادثات مثمرة.")
    assert has_relation(ext, "رضا الجلاصي", "heads", "وزارة الخارجية التونسية")


def test_what_one_item_of_a_list_attended_every_item_attended(extract):
    ext = extract("وشارك في الندوة الدولية الأولى للأمن السيبراني ممثلون عن الشرطة الوطنية، "
                  "إلى جانب الاتحاد الأوروبي، اليونيسف والاتحاد الأفريقي.")
    event = "الندوة الدولية الأولى للأمن السيبراني"
    for body in ("الشرطة الوطنية", "الاتحاد الأوروبي", "اليونيسف", "الاتحاد الإفريقي"):
        assert has_relation(ext, body, "attended", event), body


def test_a_place_after_an_item_does_not_cut_the_list(extract):
    ext = extract("وتشارك في الورشة التدريبية الثانية لمكافحة التهريب هيئة الجمارك الأردنية "
                  "والمكتب الإقليمي للجمارك بعمان ومنظمة الجمارك العالمية.")
    event = "الورشة التدريبية الثانية لمكافحة التهريب"
    assert has_relation(ext, "منظمة الجمارك العالمية", "attended", event)


def test_a_number_that_counts_a_noun_is_no_part_of_an_event_name(extract):
    ext = extract("ويشارك في المؤتمر الإقليمي الرابع للدفاع المدني 12 دولة عربية.")
    assert "المؤتمر الإقليمي الرابع للدفاع المدني" in names(ext, "EVENT")
    ext = extract("انطلق تمرين درع الجزيرة 9 في البحرين.")
    assert any(n.endswith("9") for n in names(ext, "EVENT"))


def test_a_hamza_alef_lam_word_is_no_definite_head_and_time_words_end_a_name(extract):
    # "ألعاب" normalises like "ال" + "عاب"; "المقبلة" says when, it is not the name's
    ext = extract("وتستعد الجزائر لاستضافة ألعاب البحر الأبيض المتوسط المقبلة.")
    assert "ألعاب البحر الأبيض المتوسط" in names(ext, "EVENT")


def test_a_post_body_found_whole_keeps_the_name_the_post_gives_it(extract):
    ext = extract("وقال وزير الداخلية والبلديات اللبناني، السيد فادي الخوري، إن الخطة جاهزة.")
    body = entity(ext, "وزارة الداخلية اللبنانية", "ORGANIZATION")
    assert body is not None and "وزارة الداخلية والبلديات" in body.aliases
    assert has_relation(ext, "فادي الخوري", "heads", "وزارة الداخلية اللبنانية")


def test_joint_event_names_with_a_dash_or_two_country_adjectives(extract):
    ext = extract("وحضر الوزير القمة العربية - الصينية الأولى في الرياض.")
    assert "القمة العربية - الصينية الأولى" in names(ext, "EVENT")
    ext = extract("واجتمعت اللجنة المصرية السودانية المشتركة في الخرطوم.")
    assert "اللجنة المصرية السودانية المشتركة" in names(ext, "ORGANIZATION")
    ext = extract("وأكدت وزارة الداخلية المصرية أن الشرطة الفرنسية تعاونت.")
    assert "وزارة الداخلية المصرية" in names(ext, "ORGANIZATION")


def test_two_coordinated_event_heads_share_one_name(extract):
    ext = extract("وزار الوفد معرض ومؤتمر الشرق الأوسط للطاقة في دبي.")
    assert "معرض ومؤتمر الشرق الأوسط للطاقة" in names(ext, "EVENT")


def test_an_exercise_named_without_quotes(extract):
    ext = extract("وانطلقت فعاليات التمرين العسكري المشترك نسور السلام 3 بمشاركة القوات الجوية المصرية.")
    assert "التمرين العسكري المشترك نسور السلام 3" in names(ext, "EVENT")
    assert "تمرين صقور الصحراء" in names(extract("واختتمت القوات تمرين صقور الصحراء في الأردن."), "EVENT")
    assert names(extract("وشاركت القوات في تمرين بحري واسع."), "EVENT") == []
    assert names(extract("وأطلقت الشرطة عملية مكافحة المخدرات في المدينة."), "EVENT") == []


def test_a_country_after_a_post_by_li_qualifies_it(extract):
    ext = extract("والتقى الوزير مع وزير الداخلية للجمهورية اللبنانية، فادي الخوري، في بيروت.")
    assert has_relation(ext, "فادي الخوري", "heads", "وزارة الداخلية اللبنانية")


def test_a_definite_post_before_another_post_is_no_construct(extract):
    ext = extract("والتقى الوزير سفير إيطاليا لدى ليبيا جوفاني بيانكي.")
    assert has_relation(ext, "جوفاني بيانكي", "represents", "إيطاليا")
    assert not [n for n in names(ext, "ORGANIZATION") if "السفير" in n]


def test_a_deputy_minister_is_a_member_of_the_ministry(extract):
    ext = extract("وقال نائب وزير الخارجية الروسي سيرغي إيفانوف إن بلاده تدعم الحوار.")
    assert has_relation(ext, "سيرغي إيفانوف", "memberOf", "وزارة الخارجية الروسية")


def test_an_indefinite_head_in_construct_with_a_qualifier_names_an_event(extract):
    ext = extract("وشارك الوفد في منتدى الطاقة الدولي في أبوظبي.")
    assert "منتدى الطاقة الدولي" in names(ext, "EVENT")
    assert names(extract("وعقد مؤتمر صحفي في ختام الزيارة."), "EVENT") == []


def test_an_event_of_a_body_no_list_knows_names_the_body_and_is_organized_by_it(extract):
    ext = extract("وانطلقت اجتماعات اللجنة الفنية المشتركة بين البلدين في عمان.")
    assert "اللجنة الفنية المشتركة" in names(ext, "ORGANIZATION")
    assert has_relation(ext, "اجتماعات اللجنة الفنية المشتركة", "organizedBy", "اللجنة الفنية المشتركة")
    ext = extract("وعقد الاجتماع الدوري لفريق العمل الإقليمي التابع لمنظمة الصحة العالمية في مسقط.")
    group = "فريق العمل الإقليمي التابع لمنظمة الصحة العالمية"
    assert has_relation(ext, group, "partOf", "منظمة الصحة العالمية")
    assert has_relation(ext, "الاجتماع الدوري لفريق العمل الإقليمي التابع لمنظمة الصحة العالمية", "organizedBy", group)


def test_envoys_and_ambassadors_represent_their_country(extract):
    ext = extract("والتقى الوزير المبعوث الخاص للرئيس الفرنسي المكلف بالساحل، السيد جان مورو.")
    assert has_relation(ext, "جان مورو", "represents", "فرنسا")
    ext = extract("وتسلم الرئاسة من المندوب الدائم للجمهورية الإيطالية لدى المنظمة، السفير ماركو بيانكي.")
    assert has_relation(ext, "ماركو بيانكي", "represents", "إيطاليا")
    ext = extract("واستقبل الوزير بمقر الوزارة سفير جمهورية البرتغال جواو سيلفا.")
    assert has_relation(ext, "جواو سيلفا", "represents", "البرتغال")
    ext = extract("وحضر اللقاء السفير علي حسن سفير مصر بالخرطوم.")
    assert has_relation(ext, "علي حسن", "represents", "مصر")


def test_cooperation_among_a_list_of_three_and_a_signatory_with_ma(extract):
    ext = extract("وتندرج المباحثات في سياق التعاون الثلاثي بين مصر وقبرص واليونان.")
    for a, b in (("مصر", "قبرص"), ("مصر", "اليونان"), ("قبرص", "اليونان")):
        assert has_relation(ext, a, "cooperatesWith", b), (a, b)
    ext = extract("ووقعت وزارة الصحة المغربية مع منظمة اليونيسف اتفاقية شراكة.")
    assert has_relation(ext, "وزارة الصحة المغربية", "cooperatesWith", "اليونيسف")


def test_a_persons_name_is_never_a_cue(extract):
    # "فراس" reads ف + "راس" (chaired): inside a name it is no cue
    ext = extract("شارك وزير الصحة الأردني فراس الهواري في أعمال المؤتمر العربي الثالث للصحة الرقمية في القاهرة.")
    event = "المؤتمر العربي الثالث للصحة الرقمية"
    assert has_relation(ext, "فراس الهواري", "attended", event)
    assert not has_relation(ext, "فراس الهواري", "chaired", event)


def test_attendance_said_subject_first_or_by_his_own_taking_part(extract):
    ext = extract("وزير الداخلية التونسي كمال الفقي يشارك في الاجتماع الوزاري الخامس لدول الجوار الليبي.")
    assert has_relation(ext, "كمال الفقي", "attended", "الاجتماع الوزاري الخامس لدول الجوار الليبي")
    ext = extract("وعلى هامش مشاركته في المنتدى الاقتصادي العالمي، التقى الوزير سامي الخوري نظيره الألماني.")
    assert has_relation(ext, "سامي الخوري", "attended", "المنتدى الاقتصادي العالمي")


def test_a_session_of_a_known_bodys_general_assembly_is_organized_by_the_body(extract):
    # data/lexicon/parent_organs.tsv: the sessions of an assembly are its body's events
    ext = extract("واحتضنت سانتياغو الدورة الحادية والتسعين للجمعية العامة للأنتربول.")
    event = "الدورة الحادية والتسعين للجمعية العامة للأنتربول"
    assert has_relation(ext, event, "organizedBy", "الأنتربول")
    assert not has_relation(ext, event, "organizedBy", "الجمعية العامة للأنتربول")


def test_a_counterpart_already_named_by_honorifics_takes_the_post(extract):
    ext = extract("والتقى وزير الخارجية الأردني أيمن الصفدي ونظيره المصري معالي السيد كريم الودغيري في عمان.")
    assert has_relation(ext, "كريم الودغيري", "heads", "وزارة الخارجية المصرية")


def test_post_holder_after_an_honorific_post_a_government_or_a_second_post(extract):
    ext = extract("وأشاد رئيس مجلس الشيوخ المصري المستشار عادل الصاوي بالمبادرة.")
    assert has_relation(ext, "عادل الصاوي", "heads", "مجلس الشيوخ المصري")
    ext = extract("واستقبل وزير الداخلية بحكومة الوحدة الوطنية سالم الزوي الوفد في طرابلس.")
    assert has_relation(ext, "سالم الزوي", "heads", "وزارة الداخلية بحكومة الوحدة الوطنية")
    ext = extract("وأكد نائب رئيس مجلس الوزراء الأردني ووزير العدل سالم العبيدي دعم بلاده.")
    assert has_relation(ext, "سالم العبيدي", "memberOf", "مجلس الوزراء الأردني")
    assert has_relation(ext, "سالم العبيدي", "heads", "وزارة العدل الأردنية")
    ext = extract("وشارك اللواء حمد بن عيسى المري، مساعد وكيل وزارة الداخلية البحرينية لشؤون الجوازات، في اللقاء.")
    assert has_relation(ext, "حمد بن عيسى المري", "memberOf", "وزارة الداخلية البحرينية")


def test_receiving_credentials_and_a_meeting_between_two_is_meeting(extract):
    ext = extract("وتسلم وزير الخارجية سامي الخوري أوراق اعتماد سفير البرازيل كارلوس مندوزا.")
    assert has_relation(ext, "سامي الخوري", "metWith", "كارلوس مندوزا")
    ext = extract("وجمع لقاء بين وزير الدفاع سامي الخوري والأمين العام للحلف مارك روته.")
    assert has_relation(ext, "سامي الخوري", "metWith", "مارك روته")


def test_a_place_inside_another_said_by_a_place_noun_or_a_compass_word(extract):
    ext = extract("وانطلق التمرين في قاعدة الملك فيصل الجوية بمحافظة تبوك شمال المملكة العربية السعودية.")
    assert has_relation(ext, "قاعدة الملك فيصل الجوية", "locatedIn", "تبوك")
    ext = extract("وتقع منطقة ظفار جنوب سلطنة عمان.")
    assert has_relation(ext, "ظفار", "locatedIn", "سلطنة عمان")


def test_speakers_at_an_event_and_persons_who_hold_a_meeting_attend_it(extract):
    ext = extract("انطلق المؤتمر العربي الخامس للسلامة المرورية في الرياض. وكان المؤتمر قد افتتح تحت رعاية "
                  "وزير الداخلية سالم الزوي، كما تحدث في الجلسة الافتتاحية كل من: اللواء منير حداد مدير الأمن العام "
                  "والدكتور كريم الودغيري الأمين العام للمجلس.")
    event = "المؤتمر العربي الخامس للسلامة المرورية"
    assert has_relation(ext, "منير حداد", "attended", event)
    assert has_relation(ext, "كريم الودغيري", "attended", event)
    ext = extract("يعقد وزيرا الداخلية الأردني سالم الزوي ونظيره العراقي منير حداد اليوم اجتماع اللجنة الأمنية المشتركة في عمان.")
    for person in ("سالم الزوي", "منير حداد"):
        assert has_relation(ext, person, "attended", "اجتماع اللجنة الأمنية المشتركة"), person


def test_a_post_of_a_body_named_before_heads_that_body(extract):
    ext = extract("وانتخب حزب العدالة والتنمية أمينا عاما جديدا. واستقبل رئيس الحزب سيدي محمد ولد بوبكر الوفد في نواكشوط.")
    assert has_relation(ext, "سيدي محمد ولد بوبكر", "heads", "حزب العدالة والتنمية")
    assert not [n for n in names(ext, "ORGANIZATION") if n.startswith("رئاسة")]


def test_li_and_a_verbal_noun_end_a_name(extract):
    ext = extract("ودعا الرئيس عادل الكبيسي لتوحيد المواقف داخل الجامعة العربية.")
    assert "عادل الكبيسي" in names(ext, "PERSON")


def test_a_third_name_that_is_also_a_word_closes_the_name(extract):
    assert "نبيل حسن طيب" in names(extract("وشارك السيد نبيل حسن طيب، عامل الإقليم، في اللقاء."), "PERSON")
    assert "سامي الخوري" in names(extract("واستقبل الوزير سامي الخوري وفدا من الشركة."), "PERSON")
    assert "سالم خالد" in names(extract("وأشاد العميد سالم خالد بالتعاون المثمر."), "PERSON")


def test_what_is_visited_comes_after_the_visitor_and_is_no_body_of_his_post(extract):
    ext = extract("ووصل وزير الداخلية سالم الزوي إلى الرباط في زيارة رسمية تستغرق يومين.")
    assert has_relation(ext, "سالم الزوي", "visited", "الرباط")
    assert not has_relation(ext, "سالم الزوي", "visited", "وزارة الداخلية المغربية")
    ext = extract("وزار وزير الداخلية سالم الزوي مقر المديرية العامة للأمن الوطني بالرباط.")
    assert has_relation(ext, "سالم الزوي", "visited", "المديرية العامة للأمن الوطني")
    ext = extract("ويزور وزير الخارجية المصري سامي الخوري الجزائر الأسبوع المقبل.")
    assert has_relation(ext, "سامي الخوري", "visited", "الجزائر")
    ext = extract("وفي ختام زيارته للمغرب، أكد الوزير سالم الزوي أهمية التعاون.")
    assert has_relation(ext, "سالم الزوي", "visited", "المغرب")


def test_passive_organiser_delegation_members_represent_and_post_held_by_yashghal(extract):
    ext = extract("ونظم المؤتمر العربي الرابع للإعلام الأمني من طرف مجلس وزراء الداخلية العرب.")
    assert has_relation(ext, "المؤتمر العربي الرابع للإعلام الأمني", "organizedBy", "مجلس وزراء الداخلية العرب")
    ext = extract("ويضم الوفد المغربي العميد منير حداد والعقيد كريم الودغيري.")
    assert has_relation(ext, "منير حداد", "represents", "المغرب")
    assert has_relation(ext, "كريم الودغيري", "represents", "المغرب")
    ext = extract("وكان كريم الودغيري يشغل منصب مدير الأمن العام.")
    assert has_relation(ext, "كريم الودغيري", "heads", "مديرية الأمن العام")
    ext = extract("ويشغل سالم الزوي منصب وزير الداخلية في الحكومة الليبية.")
    assert "سالم الزوي" in names(ext, "PERSON")
    ext = extract("ويمثل سالم الزوي ليبيا في الاجتماع الوزاري العربي الخامس.")
    assert has_relation(ext, "سالم الزوي", "represents", "ليبيا")
    assert has_relation(ext, "سالم الزوي", "attended", "الاجتماع الوزاري العربي الخامس")


def test_a_pronoun_of_honour_is_the_subject_named_before(extract):
    ext = extract("وافتتح الأمير خالد بن سلمان المعرض الدولي الثالث للدفاع في الرياض. "
                  "واستقبل سموه وزير الداخلية سالم الزوي على هامش المعرض.")
    assert has_relation(ext, "خالد بن سلمان", "metWith", "سالم الزوي")


def test_an_elliptic_dual_names_two_bodies_that_cooperate(extract):
    ext = extract("وبحث الجانبان سبل التعاون بين وزارتي الداخلية في ليبيا وتونس.")
    assert has_relation(ext, "وزارة الداخلية الليبية", "cooperatesWith", "وزارة الداخلية التونسية")
    ext = extract("وبحث الجانبان سبل التعاون بين وزارتي الزراعة اللبنانية والسورية.")
    assert has_relation(ext, "وزارة الزراعة اللبنانية", "cooperatesWith", "وزارة الزراعة السورية")
    assert not has_relation(ext, "وزارة الزراعة اللبنانية", "cooperatesWith", "سوريا")


def test_a_body_or_place_named_after_a_person_is_one_name(extract):
    ext = extract("وألقى الباحث محاضرة في معهد سالم الراشد الدبلوماسي الأردني أمس.")
    assert "معهد سالم الراشد الدبلوماسي الأردني" in names(ext, "ORGANIZATION")
    assert "سالم الراشد" not in names(ext, "PERSON")
    ext = extract("ورست السفينة في قاعدة ناصر الأحمد البحرية لخفر السواحل في إطار زيارة رسمية.")
    assert "قاعدة ناصر الأحمد البحرية لخفر السواحل" in names(ext, "LOCATION")
    assert "ناصر الأحمد" not in names(ext, "PERSON")
    ext = extract("وزار الوفد القاعدة صباح الأحد قبل مغادرته.")
    assert not [n for n in names(ext, "LOCATION") if "صباح" in n]
