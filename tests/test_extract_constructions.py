"""Constructions of Arabic newswire the relation stage reads, each on a sentence written for this test."""
import pytest
from extraction_helpers import find_entity, has_relation

from kg.extract.pipeline import Extractor
from kg.model import Article


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


def test_a_name_between_commas_after_one_post_does_not_hold_the_next(extract):
    ext = extract("استقبل الرئيس المصري، حسن الراشد، وزير الخارجية الأردني، سامي الطراونة، في القاهرة.")
    assert has_relation(ext, "سامي الطراونة", "heads", "وزارة الخارجية الأردنية")
    assert not has_relation(ext, "حسن الراشد", "heads", "وزارة الخارجية الأردنية")
    assert has_relation(ext, "حسن الراشد", "metWith", "سامي الطراونة")


def test_a_post_after_a_semicolon_and_its_body_after_bi(extract):
    ext = extract("وحضر اللقاء سلمى الزين؛ مسؤولة التواصل بجمعية المصارف الأردنية، والوزير.")
    assert has_relation(ext, "سلمى الزين", "memberOf", "جمعية المصارف الأردنية")


def test_a_training_with_a_quoted_name_is_an_event_and_its_second_mention_the_same(extract):
    ext = extract("واختتم اليوم تدريب «درع الشمال» بين الأردن والعراق. "
                  "وقال رئيس الأركان إن التدريب المشترك «درع الشمال» حقق أهدافه.")
    events = [e for e in ext.entities if e.type.value == "EVENT"]
    assert len(events) == 1 and "درع الشمال" in events[0].label
    assert find_entity(extract("وأكد الوزير أهمية تدريب عناصر الشرطة على الأمن السيبراني."), "تدريب عناصر") is None


def test_participants_listed_after_an_aside_and_generic_representatives(extract):
    ext = extract("وعقدت في عمان الندوة الإقليمية الثالثة للأمن السيبراني. وشارك في الندوة – التي نظمت بدعم "
                  "من وزارة العدل - ممثلون عن هيئات الرقابة في المنطقة، فضلا عن منظمة الصحة العالمية، "
                  "الاتحاد الأفريقي والاتحاد الأوروبي.")
    event = "الندوة الإقليمية الثالثة للأمن السيبراني"
    for body in ("منظمة الصحة العالمية", "الاتحاد الأفريقي", "الاتحاد الأوروبي"):
        assert has_relation(ext, body, "attended", event), body
    assert not has_relation(ext, "وزارة العدل", "attended", event)


def test_speakers_listed_with_their_posts_all_took_part(extract):
    ext = extract("وعقدت الندوة الإقليمية الثالثة للأمن السيبراني في عمان، كما تحدث في جلستها الافتتاحية كل من: "
                  "اللواء فادي العلي مدير الشرطة والدكتور مازن الحسيني الأمين العام لاتحاد المصارف العربية.")
    event = "الندوة الإقليمية الثالثة للأمن السيبراني"
    assert has_relation(ext, "فادي العلي", "attended", event)
    assert has_relation(ext, "مازن الحسيني", "attended", event)


@pytest.mark.parametrize("sentence,event,organizer", [
    ("ويشارك في المؤتمر الدولي الأول للصحة الرقمية، المنظم بمبادرة من وزارة الصحة الأردنية، خبراء من عشرين دولة.",
     "المؤتمر الدولي الأول للصحة الرقمية", "وزارة الصحة الأردنية"),
    ("وعقد الملتقى العربي الثالث للدفاع المدني في عمان باستضافة كريمة من مديرية الأمن العام.",
     "الملتقى العربي الثالث للدفاع المدني", "مديرية الأمن العام"),
])
def test_an_event_organised_on_a_bodys_initiative_or_hosting(extract, sentence, event, organizer):
    assert has_relation(extract(sentence), event, "organizedBy", organizer)


def test_receiving_a_bodys_delegation_is_meeting_the_body_and_its_head(extract):
    ext = extract("استقبل وزير الصحة سامي النابلسي وفد نقابة المهندسين الأردنيين برئاسة المهندس نبيل الحسن.")
    assert has_relation(ext, "سامي النابلسي", "metWith", "نقابة المهندسين الأردنيين")
    assert has_relation(ext, "سامي النابلسي", "metWith", "نبيل الحسن")
    assert has_relation(ext, "نبيل الحسن", "represents", "نقابة المهندسين الأردنيين")


def test_a_body_in_a_body_is_part_of_it_and_its_head_is_named_after_both(extract):
    ext = extract("واستقبل الوزير رئيسة اللجنة الاقتصادية في الاتحاد الأفريقي، سلمى بكري، في مكتبه.")
    assert has_relation(ext, "اللجنة الاقتصادية", "partOf", "الاتحاد الأفريقي")
    assert has_relation(ext, "سلمى بكري", "heads", "اللجنة الاقتصادية")
    ext = extract("وقالت وحدة التحقيقات المالية في البنك المركزي الأردني إن النظام جديد.")
    assert has_relation(ext, "وحدة التحقيقات المالية", "partOf", "البنك المركزي الأردني")


def test_each_side_of_a_signing_is_represented_by_the_one_named_for_it(extract):
    ext = extract("ووقع الاتفاقية من الجانب الأردني وزير الدفاع سامي الحسن، ومن الجانب العراقي وزير الدفاع نادر الخطيب.")
    assert has_relation(ext, "سامي الحسن", "represents", "الأردن")
    assert has_relation(ext, "نادر الخطيب", "represents", "العراق")  # "ومن الجانب": the cue after و


def test_a_delegation_head_named_after_a_long_post_and_rank_represents_its_country(extract):
    ext = extract("وأكد الوفد العماني برئاسة قائد الإدارة العامة للدفاع المدني العميد ركن بحري سالم الحارثي "
                  "أهمية التعاون.")
    assert has_relation(ext, "سالم الحارثي", "represents", "سلطنة عمان")
    assert has_relation(ext, "سالم الحارثي", "heads", "الإدارة العامة للدفاع المدني")


def test_a_country_named_by_its_long_official_name(extract):
    ext = extract("والتقى الوزير سفير الولايات المكسيكية المتحدة كارلوس رويز.")
    assert has_relation(ext, "كارلوس رويز", "represents", "المكسيك")


def test_a_counterpart_holds_the_post_given_to_his_host_in_an_earlier_sentence(extract):
    ext = extract("استقبل الرئيس المصري وزير الخارجية الأردني سامي الحمارنة في القاهرة. وكانت الخارجية الأردنية "
                  "أعلنت أن الحمارنة سيزور القاهرة بدعوة من نظيره المصري حازم الشريف.")
    assert has_relation(ext, "حازم الشريف", "heads", "وزارة الخارجية المصرية")


def test_the_president_of_a_council_named_by_its_head_noun_and_an_adjective_heads_it(extract):
    ext = extract("وقال رئيس المجلس الوطني سامي فتوح إن الزيارة مهمة.")
    assert has_relation(ext, "سامي فتوح", "heads", "المجلس الوطني")


def test_a_nisba_closing_a_name_is_the_family_name_not_a_country(extract):
    ext = extract("وافتتح المؤتمر رئيس الوزراء كريم جاسم السوداني بكلمة.")
    assert find_entity(ext, "كريم جاسم السوداني", "PERSON") is not None
    assert find_entity(ext, "السودان") is None
    ext = extract("والتقى وزير الخارجية المصري سامي الحسن نظيره الأردني.")  # before the name: the country
    assert has_relation(ext, "سامي الحسن", "heads", "وزارة الخارجية المصرية")
    assert find_entity(ext, "سامي الحسن", "PERSON") is not None


def test_a_body_named_with_two_spellings_of_its_country_adjective_is_one_body(extract):
    ext = extract("وزار وفد من خفر السواحل الأميركي الكويت. وقال قائد خفر السواحل الأمريكي إن التعاون مهم.")
    bodies = [e for e in ext.entities if e.type.value == "ORGANIZATION"]
    assert len(bodies) == 1, [e.label for e in bodies]


def test_an_event_named_after_a_city_is_held_there(extract):
    ext = extract("وشارك الوفد في منتدى الرباط الدولي للأمن السيبراني.")
    assert has_relation(ext, "منتدى الرباط الدولي للأمن السيبراني", "heldIn", "الرباط")
    ext = extract("وشاركت تونس في القمة العربية الصينية.")  # a country adjective names no city
    assert not any(r.predicate == "heldIn" for r in ext.relations)


def test_the_one_who_says_he_received_someone_met_him(extract):
    ext = extract("وذكر نائب وزير الخارجية الأردني، سامي الحمد، أنه استقبل نادر الخطيب صباح اليوم في المطار.")
    assert has_relation(ext, "سامي الحمد", "metWith", "نادر الخطيب")


def test_the_city_in_an_events_name_wins_over_a_city_said_after_it(extract):
    ext = extract("وبحث الوزير في عمان استعدادات المشاركة في أولمبياد باريس 2024 بالعاصمة الأردنية عمان.")
    assert has_relation(ext, "أولمبياد باريس 2024", "heldIn", "باريس")
    assert not has_relation(ext, "أولمبياد باريس 2024", "heldIn", "عمان")


def test_a_country_adjective_in_the_accusative_names_the_country(extract):
    ext = extract("عمان - استقبل مدير الشرطة الأردني سامي الحمد وفدا قطريا برئاسة العميد نادر الكواري. "
                  "وبحث الجانبان أوجه التعاون المشترك بين البلدين الشقيقين.")
    assert has_relation(ext, "نادر الكواري", "represents", "قطر")
    assert has_relation(ext, "الأردن", "cooperatesWith", "قطر")
    assert find_entity(extract("وزار الوفد ليبيا وتركيا."), "ليبيا", "LOCATION") is not None


def test_those_joined_to_a_participant_took_part_too(extract):
    ext = extract("شارك يوم الأربعاء السيد سامي الحسن، رئيس جهة الشمال، إلى جانب كل من السيد نادر الخطيب، والي "
                  "الجهة، والسيد كريم العلي، نائب رئيس المجلس البلدي، في أشغال الجلسة الافتتاحية للمنتدى "
                  "الإقليمي الأول للصحة الرقمية.")
    event = "المنتدى الإقليمي الأول للصحة الرقمية"
    for person in ("سامي الحسن", "نادر الخطيب", "كريم العلي"):
        assert has_relation(ext, person, "attended", event), person


def test_an_invitation_to_visit_is_no_visit(extract):
    ext = extract("ووجه رئيس المجلس سامي فتوح الدعوة لنظيره المصري لزيارة الأردن.")
    assert not any(r.predicate == "visited" for r in ext.relations)
    ext = extract("وقام رئيس المجلس سامي فتوح بزيارة رسمية إلى الأردن بدعوة من نظيره.")
    assert has_relation(ext, "سامي فتوح", "visited", "الأردن")


def test_a_visitors_bare_post_does_not_take_the_host_country(extract):
    ext = extract("الدوحة - وصل وزير الداخلية، سامي الحسن، إلى الدوحة في زيارة رسمية تستغرق يومين.")
    assert has_relation(ext, "سامي الحسن", "heads", "وزارة الداخلية")
    assert not has_relation(ext, "سامي الحسن", "heads", "وزارة الداخلية القطرية")
    ext = extract("الدوحة - قال وزير الداخلية، سامي الحسن، إن الأمن مستتب.")  # no visit: the dateline's country
    assert has_relation(ext, "سامي الحسن", "heads", "وزارة الداخلية القطرية")
