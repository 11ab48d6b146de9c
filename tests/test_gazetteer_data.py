"""The knowledge files under data/gazetteers/ parse, reference each other and hold what a user expects."""
from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GAZETTEERS = ROOT / "data" / "gazetteers"

HEADERS = {
    "entities.tsv": ["id", "type", "kind", "name", "variants", "label_en", "wikidata", "country", "parent",
                     "adjectives"],
    "titles.tsv": ["phrase", "kind", "relation", "label_en"],
    "given_names.tsv": ["name", "gender", "source"],
    "family_name_particles.tsv": ["particle", "meaning"],
    "org_heads.tsv": ["phrase", "kind"],
    "event_heads.tsv": ["phrase", "kind"],
    "months.tsv": ["name", "month", "variant"],
    "sources/countries_extra.tsv": ["code", "name", "variants", "label_en", "wikidata", "kind", "adjectives",
                                    "adjective_forms"],
    "sources/national_bodies.tsv": ["id", "kind", "country", "gender", "generic", "official", "variants",
                                    "label_en", "parent"],
    "sources/places.tsv": ["id", "kind", "name", "variants", "label_en", "wikidata", "country"],
    "sources/organisations.tsv": ["id", "kind", "name", "variants", "label_en", "wikidata", "country", "parent"],
    "sources/given_names_general.tsv": ["name", "gender", "group"],
    "sources/months_extra.tsv": ["name", "month", "variant"],
}
ENTITY_KINDS = {"country", "territory", "city", "region", "intl_org", "regional_org", "ministry", "police",
                "security", "agency", "university", "council", "other"}

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})


def fold(text: str) -> str:
    """Roughly the matcher's normal form: no diacritics, alef/hamza/teh marbuta/yeh unified."""
    return re.sub("[\u064b-\u0652\u0670\u0640]", "", text).translate(_FOLD)


def key(name: str) -> str:
    """The matching key of a name: folded, without the article on its first word."""
    words = fold(name).split()
    if words and words[0].startswith("ال") and len(words[0]) > 3:
        words[0] = words[0][2:]
    return " ".join(words)


def read(relative: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a TSV file ('#' lines are comments), split on tabs only."""
    with (GAZETTEERS / relative).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header, *rows = list(reader)
    return header, rows


def records(relative: str) -> list[dict[str, str]]:
    header, rows = read(relative)
    return [dict(zip(header, row)) for row in rows]


def cell(value: str) -> list[str]:
    return [part for part in value.split("|") if part]


@pytest.fixture(scope="module")
def entities() -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in records("entities.tsv")}


def names_of(row: dict[str, str]) -> list[str]:
    return [row["name"], *cell(row["variants"])]


def find(entities: dict[str, dict[str, str]], name: str) -> list[dict[str, str]]:
    return [row for row in entities.values() if key(name) in {key(n) for n in names_of(row)}]


@pytest.mark.parametrize("relative", sorted(HEADERS))
def test_every_file_has_its_header_and_full_rows(relative):
    header, rows = read(relative)
    assert header == HEADERS[relative]
    assert rows, f"{relative} has no rows"
    for number, row in enumerate(rows, start=2):
        assert len(row) == len(header), f"{relative} row {number}: {row}"
        assert row[0].strip() == row[0] and row[0], f"{relative} row {number}: empty or padded first cell"


def test_entity_ids_are_unique_and_well_formed():
    _, rows = read("entities.tsv")
    ids = [row[0] for row in rows]
    assert len(ids) == len(set(ids))
    for entity_id in ids:
        assert re.fullmatch(r"(loc|org):[A-Za-z0-9-]+", entity_id), entity_id


def test_entity_types_kinds_and_wikidata_ids_are_valid(entities):
    for row in entities.values():
        assert row["type"] in {"LOCATION", "ORGANIZATION"}, row["id"]
        assert row["kind"] in ENTITY_KINDS, row["id"]
        assert row["type"] == ("LOCATION" if row["id"].startswith("loc:") else "ORGANIZATION"), row["id"]
        assert row["wikidata"] == "" or re.fullmatch(r"Q[1-9][0-9]*", row["wikidata"]), row["id"]


def test_countries_and_parents_refer_to_existing_rows(entities):
    countries = {row["country"] for row in entities.values() if row["kind"] in {"country", "territory"}}
    for row in entities.values():
        if row["country"]:
            assert f"loc:{row['country']}" in entities, f"{row['id']}: unknown country {row['country']}"
            assert row["country"] in countries
        if row["parent"]:
            assert row["parent"] in entities, f"{row['id']}: unknown parent {row['parent']}"
        if row["kind"] in {"country", "territory"}:
            assert row["id"] == f"loc:{row['country']}"


def test_at_least_190_countries_with_adjectives(entities):
    countries = [row for row in entities.values() if row["kind"] == "country"]
    with_adjectives = [row for row in countries if row["adjectives"]]
    assert len(countries) >= 190
    assert len(with_adjectives) >= 190


def test_spot_checks_on_countries(entities):
    assert "الفرنسية" in cell(entities["loc:FR"]["adjectives"])
    assert "المغربية" in cell(entities["loc:MA"]["adjectives"])
    assert {"الأمريكية", "الأميركية"} <= set(cell(entities["loc:US"]["adjectives"]))
    assert "جمهورية مصر العربية" in cell(entities["loc:EG"]["variants"])
    assert entities["loc:SA"]["name"] == "السعودية"
    assert "المملكة العربية السعودية" in cell(entities["loc:SA"]["variants"])
    assert "موريطانيا" in cell(entities["loc:MR"]["variants"])
    assert entities["loc:MA"]["wikidata"] == "Q1028"
    assert [row["id"] for row in find(entities, "الإمارات العربية المتحدة")] == ["loc:AE"]


def test_spot_checks_on_organisations(entities):
    interpol = entities["org:interpol"]
    assert interpol["name"] == "الأنتربول"
    assert "المنظمة الدولية للشرطة الجنائية" in cell(interpol["variants"])
    assert [row["id"] for row in find(entities, "الإنتربول")] == ["org:interpol"]
    assert [row["id"] for row in find(entities, "يوروبول")] == ["org:europol"]
    assert [row["id"] for row in find(entities, "أوروبول")] == ["org:europol"]
    assert entities["org:aimc-gs"]["parent"] == "org:aimc"
    assert entities["org:ma-dgsn"]["country"] == "MA"
    assert entities["org:eg-moi"]["name"] == "وزارة الداخلية المصرية"
    assert "وزارة الداخلية بمصر" in cell(entities["org:eg-moi"]["variants"])


def test_shared_names_are_left_to_context(entities):
    # Morocco's police keeps the bare name; Algeria's row only carries the qualified forms.
    assert [row["id"] for row in find(entities, "المديرية العامة للأمن الوطني")] == ["org:ma-dgsn"]
    assert entities["org:dz-dgsn"]["name"] == "المديرية العامة للأمن الوطني الجزائري"
    assert find(entities, "وزارة الداخلية") == []
    # عمّان (Amman) and عمان (Oman) are the same word without diacritics: both entries answer.
    assert {row["id"] for row in find(entities, "عمان")} == {"loc:OM", "loc:city-amman"}


def test_spot_checks_on_places(entities):
    assert "أبو ظبي" in cell(entities["loc:city-abu-dhabi"]["variants"])
    assert entities["loc:city-casablanca"]["country"] == "MA"
    assert entities["loc:region-gb-scotland"]["country"] == "GB"
    assert [row["id"] for row in find(entities, "الشرق الأوسط وشمال أفريقيا")] == ["loc:region-mena"]


def test_titles_have_known_kinds_and_relations():
    rows = records("titles.tsv")
    for row in rows:
        assert row["kind"] in {"honorific", "rank", "post", "qualifier"}, row
        if row["kind"] in ("honorific", "qualifier"):
            assert row["relation"] == "", row
        else:
            assert row["relation"] in {"heads", "memberOf", "represents"}, row
    by_phrase = {row["phrase"]: row for row in rows}
    assert by_phrase["وزير"]["relation"] == "heads"
    assert by_phrase["سفير"]["relation"] == "represents"
    assert by_phrase["اللواء"]["kind"] == "rank"
    assert by_phrase["معالي"]["kind"] == "honorific"


def test_months_map_press_spellings():
    months = {}
    for row in records("months.tsv"):
        month = int(row["month"])
        assert 1 <= month <= 12
        assert months.setdefault(fold(row["name"]), month) == month, f"{row['name']} means two months"
        months[fold(row["name"])] = month
    assert months[fold("شتنبر")] == 9
    assert months[fold("كانون الثاني")] == 1
    assert months[fold("جوان")] == 6
    assert months[fold("غشت")] == 8
    assert months[fold("يوليوز")] == 7
    assert months[fold("ديسمبر")] == 12
    assert set(months.values()) == set(range(1, 13))


def test_given_names_and_particles():
    names = {row["name"]: row for row in records("given_names.tsv")}
    assert {"عبد الله", "عبدالله", "محمد", "فاطمة", "جون"} <= set(names)
    assert names["فاطمة"]["gender"] == "f"
    for row in names.values():
        assert row["gender"] in {"m", "f", "u"}, row
    particles = {row["particle"] for row in records("family_name_particles.tsv")}
    assert {"بن", "ابن", "بنت", "ولد", "آل", "أبو", "عبد"} <= particles
    assert not particles & set(names), "a particle is listed as a given name"


def test_head_nouns():
    org_heads = {row["phrase"]: row["kind"] for row in records("org_heads.tsv")}
    event_heads = {row["phrase"]: row["kind"] for row in records("event_heads.tsv")}
    assert org_heads["وزارة"] == "ministry"
    assert org_heads["المديرية العامة"] == "directorate"
    assert event_heads["المؤتمر"] == "conference"
    assert event_heads["الجمعية العامة"] == "assembly"


@pytest.mark.parametrize("script", ["make_country_gazetteer.py"])
def test_generated_entities_are_up_to_date(script):
    pytest.importorskip("babel")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_same_words_in_another_text_are_found_in_that_text():
    # match_sentence keeps what it found by the sentence's words: the places must still be the new text's
    from kg.arabic import tokenize
    from kg.extract.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    sentence = "وصل الوفد إلى بالمغرب ثم زار للأنتربول في ليون"
    first = gazetteer.match_sentence(tuple(tokenize(sentence)), 0, sentence)
    later = "نص قبلها. " + sentence
    again = gazetteer.match_sentence(tuple(tokenize(sentence, offset=10)), 3, later)
    assert [m.text for m in first] == [m.text for m in again] == ["المغرب", "الأنتربول", "ليون"]
    assert all(m.sentence == 3 for m in again)
    assert [m.span.start + 10 for m in first] == [m.span.start for m in again]
    assert [later[m.span.start:m.span.end] for m in again] == ["المغرب", "لأنتربول", "ليون"]
