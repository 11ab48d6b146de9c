"""The seed article end to end: the facts a reader takes from it are in the graph, and no junk is."""
from pathlib import Path

import pytest
from extraction_helpers import find_entity, has_relation
from rdflib import Dataset, Literal, Namespace

from kg.extract.pipeline import Extractor
from kg.ingest import read_articles
from kg.rdf.graph import article_graph_iri, entity_iri, extraction_to_dataset

SEED = Path(__file__).resolve().parents[1] / "data" / "articles" / "hammouchi-interpol-lyon-seed.txt"
KG = Namespace("https://w3id.org/kg-arabic/ontology#")


@pytest.fixture(scope="module")
def extraction():
    [article] = list(read_articles([SEED]))
    return Extractor()(article)


def _entity(extraction, name, type_=None):
    ent = find_entity(extraction, name, type_)
    if ent is None:
        raise AssertionError(f"no entity named {name!r}: {[e.label for e in extraction.entities]}")
    return ent


def _has(extraction, subject, predicate, obj):
    _entity(extraction, subject), _entity(extraction, obj)  # a clear message when one is missing
    return has_relation(extraction, subject, predicate, obj)


@pytest.mark.parametrize("subject, predicate, obj", [
    ("حموشي", "attended", "الاجتماع الثامن"),
    ("الاجتماع الثامن", "heldIn", "ليون"),
    ("ليون", "locatedIn", "فرنسا"),
    ("الاجتماع الثامن", "organizedBy", "الأنتربول"),
    ("حموشي", "metWith", "نايل جوتون"),
    ("حموشي", "visited", "مركز القيادة والتنسيق"),
    ("حموشي", "heads", "المديرية العامة للأمن الوطني"),
    ("حموشي", "represents", "المغرب"),
    ("جيبوتي", "attended", "الاجتماع الثامن"),
    ("موريتانيا", "attended", "الاجتماع الثامن"),
    ("نايل جوتون", "heads", "إدارة مكافحة الجريمة السيبرانية"),
])
def test_seed_states_the_expected_facts(extraction, subject, predicate, obj):
    assert _has(extraction, subject, predicate, obj)


def test_one_entity_per_real_thing(extraction):
    hammouchi = _entity(extraction, "عبد اللطيف حموشي", "PERSON")
    assert _entity(extraction, "حموشي") is hammouchi
    interpol = _entity(extraction, "المنظمة الدولية للشرطة الجنائية")
    assert _entity(extraction, "الأنتربول") is interpol
    text = extraction.article.text
    word = text.index("للأنتربول")  # "لل" + name: a mention of Interpol all the same
    assert any(word <= m.span.start and m.span.end <= word + len("للأنتربول") for m in interpol.mentions)
    assert _entity(extraction, "فرنسا").type.value == "LOCATION"  # named only as "ليون الفرنسية"


def test_no_entity_is_made_of_the_english_boilerplate(extraction):
    for ent in extraction.entities:
        for form in (ent.label, *ent.surface_forms):
            assert not any(word in form.lower() for word in ("thank", "subscribe", "post", "reading"))


def test_every_relation_has_its_evidence_sentence(extraction):
    text = extraction.article.text
    for rel in extraction.relations:
        evidence = extraction.evidence_text(rel)
        assert evidence == text[rel.evidence.start:rel.evidence.end]
        assert "Thank you" not in evidence
        assert 0.0 < rel.confidence <= 1.0
        ends = [extraction.entity(rel.subject), extraction.entity(rel.object)]
        assert any(rel.evidence.start <= m.span.start and m.span.end <= rel.evidence.end
                   for ent in ends for m in ent.mentions), (rel, evidence)


def test_rdf_links_the_named_graph_to_its_article_and_parses_back(extraction, tmp_path):
    dataset = extraction_to_dataset([extraction])
    path = tmp_path / "seed.trig"
    path.write_text(dataset.serialize(format="trig"), encoding="utf-8")
    back = Dataset()
    back.parse(path, format="trig")
    graph = back.graph(article_graph_iri(extraction.article))
    hammouchi = _entity(extraction, "حموشي")
    meeting = _entity(extraction, "الاجتماع الثامن")
    assert (entity_iri(hammouchi), KG.attended, entity_iri(meeting)) in graph
    assert (entity_iri(hammouchi), None, Literal(hammouchi.label, lang="ar")) in graph
