"""Extraction -> RDF: named graphs per article, stable IRIs, provenance a user can query."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.model import Article, Entity, EntityType, Extraction, Mention, Relation, Span
from kg.rdf.graph import (
    article_graph_iri, article_iri, entity_iri, extraction_to_dataset, union_graph, write_outputs,
)
from kg.rdf import vocab  # SDO and XSD by module: pytest's collection probes module globals and they warn
from kg.rdf.vocab import KG, KGR, NIF, PROV, RDF, RDFS, SKOS, bind_prefixes

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "kg.ttl"
PERSON, ORG, LOC, EVENT = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.LOCATION, EntityType.EVENT


# ---------------------------------------------------------------- builders

def find(text: str, surface: str, nth: int = 0) -> Span:
    """Span of the nth occurrence of ``surface`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Span(start, start + len(surface))


def entity(eid: str, etype: EntityType, key: str, label: str, text: str,
           surfaces: list[tuple[str, int]], **extra: str) -> Entity:
    mentions = tuple(
        Mention(span=find(text, s, nth), text=s, type=etype, source="test", key=key)
        for s, nth in surfaces
    )
    return Entity(id=eid, type=etype, label=label, mentions=mentions, key=key, **extra)


def relation(s: str, p: str, o: str, text: str, sentence: str, confidence: float = 0.9,
             rule: str = "test_rule") -> Relation:
    return Relation(subject=s, predicate=p, object=o, confidence=confidence,
                    evidence=find(text, sentence), rule=rule)


SUMMIT = "القمة الإفريقية للأمن المائي"
MINISTER = "ليلى بنسعيد"

RABAT_TEXT = (
    "افتتحت في الرباط يوم الثلاثاء القمة الإفريقية للأمن المائي. "
    "وشاركت الوزيرة ليلى بنسعيد في القمة الإفريقية للأمن المائي إلى جانب خبراء من عدة دول. "
    "وقالت بنسعيد إن التعاون الإقليمي ضروري."
)
RABAT_ATTEND = "وشاركت الوزيرة ليلى بنسعيد في القمة الإفريقية للأمن المائي إلى جانب خبراء من عدة دول."
FOLLOWUP_TEXT = "أكدت ليلى بنسعيد، التي حضرت القمة الإفريقية للأمن المائي، أن التوصيات ستنشر قريبا."


def rabat_extraction() -> Extraction:
    text = RABAT_TEXT
    article = Article(id="rabat-water-summit", text=text, source="articles/rabat-water-summit.txt",
                      title="انطلاق القمة الإفريقية للأمن المائي بالرباط", date="2024-05-14",
                      url="https://news.example/ar/قمة-الماء")
    entities = (
        entity("e1", PERSON, f"person:{MINISTER}", MINISTER, text, [(MINISTER, 0), ("بنسعيد", 1)]),
        entity("e2", EVENT, "event:القمة الافريقية للامن المائي", SUMMIT, text, [(SUMMIT, 0), (SUMMIT, 1)],
               date_start="2024-05-14", date_end="2024-05-16"),
        entity("e3", LOC, "loc:rabat", "الرباط", text, [("الرباط", 0)], label_en="Rabat"),
    )
    relations = (
        relation("e1", "attended", "e2", text, RABAT_ATTEND, 0.9, "attend_verb"),
        relation("e2", "heldIn", "e3", text, "افتتحت في الرباط يوم الثلاثاء القمة الإفريقية للأمن المائي.",
                 0.75, "held_in_preposition"),
    )
    return Extraction(article=article, entities=entities, relations=relations, version="0.1.0")


def followup_extraction() -> Extraction:
    text = FOLLOWUP_TEXT
    article = Article(id="summit-followup", text=text, source="articles/summit-followup.txt",
                      title="توصيات القمة تنشر قريبا", date="2024-05-20")
    entities = (
        entity("e7", PERSON, f"person:{MINISTER}", MINISTER, text, [(MINISTER, 0)]),
        entity("e9", EVENT, "event:القمة الافريقية للامن المائي", SUMMIT, text, [(SUMMIT, 0)]),
    )
    relations = (relation("e7", "attended", "e9", text, text, 0.8, "attend_relative_clause"),)
    return Extraction(article=article, entities=entities, relations=relations, version="0.1.0")


def named_graphs(dataset: Dataset) -> dict[URIRef, Graph]:
    return {g.identifier: g for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)}


# ---------------------------------------------------------------- TriG / Turtle output

def test_trig_parses_back_with_one_graph_per_article_linked_to_its_news_article(tmp_path):
    extractions = [rabat_extraction(), followup_extraction()]
    paths = write_outputs(extraction_to_dataset(extractions), tmp_path / "out")
    assert paths == {"trig": tmp_path / "out" / "graph.trig", "ttl": tmp_path / "out" / "graph.ttl"}

    parsed = Dataset()
    parsed.parse(paths["trig"], format="trig")
    graphs = named_graphs(parsed)
    assert set(graphs) == {article_graph_iri(x.article) for x in extractions}

    for extraction in extractions:
        article = extraction.article
        graph = graphs[article_graph_iri(article)]
        (node,) = graph.objects(article_graph_iri(article), PROV.wasDerivedFrom)
        assert node == article_iri(article)
        assert (node, RDF.type, vocab.SCHEMA.NewsArticle) in graph
        assert graph.value(node, vocab.SCHEMA.headline) == Literal(article.title, lang="ar")
        assert graph.value(node, vocab.SCHEMA.datePublished).toPython().isoformat() == article.date
        assert str(graph.value(node, KG.sourceFile)) == article.source

    turtle = Graph().parse(paths["ttl"], format="turtle")
    assert len(turtle) == len(union_graph(extraction_to_dataset(extractions)))
    assert (article_iri(extractions[0].article), vocab.SCHEMA.url,
            URIRef("https://news.example/ar/قمة-الماء")) in turtle


def test_entities_carry_type_labels_dates_and_mentions():
    extraction = rabat_extraction()
    graph = extraction_to_dataset([extraction]).graph(article_graph_iri(extraction.article))
    person, event, rabat = (entity_iri(e) for e in extraction.entities)

    assert (person, RDF.type, KG.Person) in graph
    assert (person, SKOS.prefLabel, Literal(MINISTER, lang="ar")) in graph
    assert set(graph.objects(person, SKOS.altLabel)) == {Literal("بنسعيد", lang="ar")}
    assert set(graph.objects(rabat, RDFS.label)) == {Literal("الرباط", lang="ar"), Literal("Rabat", lang="en")}
    assert str(graph.value(event, vocab.SCHEMA.startDate)) == "2024-05-14"
    assert str(graph.value(event, vocab.SCHEMA.endDate)) == "2024-05-16"
    assert (person, KG.attended, event) in graph
    assert (event, KG.heldIn, rabat) in graph

    # every mention is a NIF span pointing at its entity, with the exact text it covers
    spans = list(graph.subjects(NIF.referenceContext, article_iri(extraction.article)))
    mentions = [s for s in spans if (s, RDF.type, NIF.Phrase) in graph]
    assert len(mentions) == 5
    for node in mentions:
        begin, end = int(graph.value(node, NIF.beginIndex)), int(graph.value(node, NIF.endIndex))
        assert str(graph.value(node, NIF.anchorOf)) == RABAT_TEXT[begin:end]
        assert graph.value(node, URIRef("http://www.w3.org/2005/11/its/rdf#taIdentRef")) in {person, event, rabat}


# ---------------------------------------------------------------- IRIs

def test_same_entity_in_two_articles_gets_one_iri():
    first, second = rabat_extraction(), followup_extraction()
    assert entity_iri(first.entity("e1")) == entity_iri(second.entity("e7"))

    union = union_graph(extraction_to_dataset([first, second]))
    people = set(union.subjects(RDF.type, KG.Person))
    assert people == {entity_iri(first.entity("e1"))}
    # both articles mention it
    assert set(union.subjects(vocab.SCHEMA.mentions, entity_iri(first.entity("e1")))) == {
        article_iri(first.article), article_iri(second.article)}


AWKWARD_KEYS = [
    'org:جمعية "الأمل" للتنمية',
    "org:شركة <المستقبل>",
    "event:مؤتمر {الطاقة} 2024",
    "org:الفرع #3 | المركز",
    "person:محمد  بن\tعلي",
    "loc:a\\b^c`d",
    "org:'quoted' name",
]
FORBIDDEN_IN_IRI = set(' <>"{}|\\^`#\t\n')


@pytest.mark.parametrize("key", AWKWARD_KEYS)
def test_iris_from_awkward_names_are_valid_and_stable(key):
    ent = Entity(id="e1", type=ORG, label="x", mentions=(), key=key)
    iri = entity_iri(ent)
    assert iri == entity_iri(Entity(id="e99", type=ORG, label="other label", mentions=(), key=key))
    assert str(iri).startswith(str(KGR))
    assert not FORBIDDEN_IN_IRI & set(str(iri)), iri

    # survives a Turtle round trip unchanged
    graph = bind_prefixes(Graph())
    graph.add((iri, RDFS.label, Literal("x")))
    reparsed = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert set(reparsed.subjects()) == {iri}


def test_entity_iris_are_readable_and_distinct_for_distinct_keys():
    def iri(key: str) -> str:
        return str(entity_iri(Entity(id="e1", type=PERSON, label="x", mentions=(), key=key)))

    assert iri("org:interpol") == "https://w3id.org/kg-arabic/id/org/interpol"
    assert iri("loc:MA") == "https://w3id.org/kg-arabic/id/loc/MA"
    assert iri("person:عبد اللطيف حموشي") == "https://w3id.org/kg-arabic/id/person/عبد_اللطيف_حموشي"
    assert iri("person:a b") != iri("person:a_b")
    assert iri("person:x#y") != iri("person:x%23y")
    assert iri("سامي يوسف") == "https://w3id.org/kg-arabic/id/person/سامي_يوسف"  # no kind: the type's
    assert iri("loc:..") != "https://w3id.org/kg-arabic/id/loc/.."


@pytest.mark.parametrize(("key", "written"), [
    # kg's keys are in the matching normal form; the IRI writes hamza and teh marbuta back
    ("organization:وزاره الداخليه", "organization/وزارة_الداخلية"),
    ("event:اجتماع روساء الشرطه", "event/اجتماع_رؤساء_الشرطة"),
    ("organization:مديريه الامن للمنطقه الشرقيه", "organization/مديرية_الأمن_للمنطقة_الشرقية"),
    # a word listed only with the article is found bare and behind a clitic
    ("organization:لجنه اصحاب المصلحه والاربعين", "organization/لجنة_أصحاب_المصلحة_والأربعين"),
    # an unlisted nisba in -يه is feminine -ية for a body, never guessed in a person's name
    ("organization:الهييه الطاقويه", "organization/الهيئة_الطاقوية"),
    ("person:سامي الفلاويه", "person/سامي_الفلاويه"),
])
def test_entity_iris_write_arabic_as_newswire_does_and_give_the_key_back(key, written):
    from kg.rdf.records import entity_key

    iri = str(entity_iri(Entity(id="e1", type=ORG, label="x", mentions=(), key=key)))
    assert iri == f"https://w3id.org/kg-arabic/id/{written}"
    assert entity_key(iri) == key


def test_every_listed_spelling_normalises_to_its_word():
    from kg.arabic import normalize
    from kg.data import read_tsv

    rows = read_tsv("lexicon/spellings.tsv")
    assert len(rows) > 1000
    assert all(normalize(row["written"]) == row["normalized"] != row["written"] for row in rows)


def test_article_iris_are_safe():
    article = Article(id='my article #2 "draft"', text="")
    for iri in (article_iri(article), article_graph_iri(article)):
        assert not FORBIDDEN_IN_IRI & set(str(iri)), iri
    assert str(article_iri(article)).startswith("https://w3id.org/kg-arabic/id/article/")
    assert str(article_graph_iri(article)).startswith("https://w3id.org/kg-arabic/id/graph/")


# ---------------------------------------------------------------- provenance

ATTENDED_EVIDENCE = """
PREFIX kg: <https://w3id.org/kg-arabic/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
SELECT ?article ?title ?sentence ?confidence WHERE {
  GRAPH ?g {
    ?statement a kg:RelationStatement ;
        rdf:subject ?who ; rdf:predicate kg:attended ; rdf:object ?what ;
        nif:anchorOf ?sentence ; kg:confidence ?confidence ;
        prov:wasDerivedFrom ?article .
    ?who rdfs:label ?whoName .
    ?what rdfs:label ?whatName .
    ?article schema:headline ?title .
  }
  FILTER (str(?whoName) = ?person && str(?whatName) = ?event)
}
ORDER BY ?article
"""


def test_sparql_finds_the_sentences_and_articles_saying_who_attended_what():
    dataset = extraction_to_dataset([rabat_extraction(), followup_extraction()])
    rows = list(dataset.query(
        ATTENDED_EVIDENCE, initBindings={"person": Literal(MINISTER), "event": Literal(SUMMIT)}))

    found = {(row.article, str(row.sentence), float(row.confidence)) for row in rows}
    assert found == {
        (article_iri(rabat_extraction().article), RABAT_ATTEND, 0.9),
        (article_iri(followup_extraction().article), FOLLOWUP_TEXT, 0.8),
    }
    assert {str(row.title) for row in rows} == {"انطلاق القمة الإفريقية للأمن المائي بالرباط",
                                                 "توصيات القمة تنشر قريبا"}


def test_statements_record_rule_offsets_and_activity():
    extraction = rabat_extraction()
    graph = extraction_to_dataset([extraction]).graph(article_graph_iri(extraction.article))
    statements = set(graph.subjects(RDF.type, KG.RelationStatement))
    assert len(statements) == 2
    for node in statements:
        begin, end = int(graph.value(node, NIF.beginIndex)), int(graph.value(node, NIF.endIndex))
        assert str(graph.value(node, NIF.anchorOf)) == RABAT_TEXT[begin:end]
        activity = graph.value(node, PROV.wasGeneratedBy)
        assert (activity, RDF.type, PROV.Activity) in graph
        agent = graph.value(activity, PROV.wasAssociatedWith)
        assert (agent, RDF.type, PROV.SoftwareAgent) in graph
        assert str(graph.value(agent, RDFS.label)) == "kg 0.1.0"
    assert {str(graph.value(n, KG.rule)) for n in statements} == {"attend_verb", "held_in_preposition"}


def test_output_is_deterministic_unless_a_time_is_given():
    runs = [extraction_to_dataset([rabat_extraction(), followup_extraction()]) for _ in range(2)]
    assert isomorphic(union_graph(runs[0]), union_graph(runs[1]))
    assert set(union_graph(runs[0])) == set(union_graph(runs[1]))  # same IRIs, not just same shape
    assert not list(union_graph(runs[0]).triples((None, PROV.generatedAtTime, None)))

    when = datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc)
    timed = extraction_to_dataset([rabat_extraction()], generated_at=when)
    graph_iri = article_graph_iri(rabat_extraction().article)
    assert timed.graph(graph_iri).value(graph_iri, PROV.generatedAtTime).toPython() == when


def test_every_kg_term_written_is_defined_in_the_ontology():
    ontology = Graph().parse(ONTOLOGY, format="turtle")
    defined = {s for s in ontology.subjects() if str(s).startswith(str(KG))}
    union = union_graph(extraction_to_dataset([rabat_extraction(), followup_extraction()]))
    used = {t for triple in union for t in triple if isinstance(t, URIRef) and str(t).startswith(str(KG))}
    assert used and used <= defined


# ---------------------------------------------------------------- golden graph

GOLDEN_TEXT = "زار سمير العلوي المغرب الأسبوع الماضي."

GOLDEN_EXPECTED = """
@prefix kg: <https://w3id.org/kg-arabic/ontology#> .
@prefix kgr: <https://w3id.org/kg-arabic/id/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/kg-arabic/id/article/golden-visit> a schema:NewsArticle ;
    schema:headline "زيارة عمل"@ar ;
    dcterms:title "زيارة عمل"@ar ;
    schema:datePublished "2024-01-15"^^xsd:date ;
    schema:inLanguage "ar" ;
    kg:sourceFile "golden-visit.txt" ;
    schema:mentions <https://w3id.org/kg-arabic/id/person/سمير_العلوي> ,
                    <https://w3id.org/kg-arabic/id/loc/MA> .

<https://w3id.org/kg-arabic/id/graph/golden-visit> a prov:Entity ;
    prov:wasDerivedFrom <https://w3id.org/kg-arabic/id/article/golden-visit> ;
    prov:wasGeneratedBy <https://w3id.org/kg-arabic/id/activity/golden-visit> .

<https://w3id.org/kg-arabic/id/activity/golden-visit> a prov:Activity ;
    prov:used <https://w3id.org/kg-arabic/id/article/golden-visit> ;
    prov:wasAssociatedWith <https://w3id.org/kg-arabic/id/agent/kg-1.0> .

<https://w3id.org/kg-arabic/id/agent/kg-1.0> a prov:SoftwareAgent ;
    rdfs:label "kg 1.0" .

<https://w3id.org/kg-arabic/id/person/سمير_العلوي> a kg:Person ;
    rdfs:label "سمير العلوي"@ar ;
    skos:prefLabel "سمير العلوي"@ar ;
    kg:visited <https://w3id.org/kg-arabic/id/loc/MA> .

<https://w3id.org/kg-arabic/id/loc/MA> a kg:Location ;
    rdfs:label "المغرب"@ar , "Morocco"@en ;
    skos:prefLabel "المغرب"@ar ;
    owl:sameAs <http://www.wikidata.org/entity/Q1028> .

<https://w3id.org/kg-arabic/id/article/golden-visit#char=4,15> a nif:Phrase ;
    nif:beginIndex "4"^^xsd:nonNegativeInteger ;
    nif:endIndex "15"^^xsd:nonNegativeInteger ;
    nif:anchorOf "سمير العلوي"@ar ;
    nif:referenceContext <https://w3id.org/kg-arabic/id/article/golden-visit> ;
    itsrdf:taIdentRef <https://w3id.org/kg-arabic/id/person/سمير_العلوي> .

<https://w3id.org/kg-arabic/id/article/golden-visit#char=16,22> a nif:Phrase ;
    nif:beginIndex "16"^^xsd:nonNegativeInteger ;
    nif:endIndex "22"^^xsd:nonNegativeInteger ;
    nif:anchorOf "المغرب"@ar ;
    nif:referenceContext <https://w3id.org/kg-arabic/id/article/golden-visit> ;
    itsrdf:taIdentRef <https://w3id.org/kg-arabic/id/loc/MA> .

<https://w3id.org/kg-arabic/id/statement/golden-visit/c8ab4434682b38a3> a kg:RelationStatement ;
    rdf:subject <https://w3id.org/kg-arabic/id/person/سمير_العلوي> ;
    rdf:predicate kg:visited ;
    rdf:object <https://w3id.org/kg-arabic/id/loc/MA> ;
    kg:confidence 0.8 ;
    kg:rule "visit_verb" ;
    prov:wasDerivedFrom <https://w3id.org/kg-arabic/id/article/golden-visit> ;
    prov:wasGeneratedBy <https://w3id.org/kg-arabic/id/activity/golden-visit> ;
    nif:referenceContext <https://w3id.org/kg-arabic/id/article/golden-visit> ;
    nif:beginIndex "0"^^xsd:nonNegativeInteger ;
    nif:endIndex "38"^^xsd:nonNegativeInteger ;
    nif:anchorOf "زار سمير العلوي المغرب الأسبوع الماضي."@ar .
"""


def test_golden_graph_for_one_small_article():
    text = GOLDEN_TEXT
    article = Article(id="golden-visit", text=text, source="golden-visit.txt", title="زيارة عمل",
                      date="2024-01-15")
    extraction = Extraction(
        article=article,
        entities=(
            entity("e1", PERSON, "person:سمير العلوي", "سمير العلوي", text, [("سمير العلوي", 0)]),
            entity("e2", LOC, "loc:MA", "المغرب", text, [("المغرب", 0)], label_en="Morocco", wikidata="Q1028"),
        ),
        relations=(relation("e1", "visited", "e2", text, text, 0.8, "visit_verb"),),
        version="1.0",
    )
    actual = extraction_to_dataset([extraction]).graph(article_graph_iri(article))
    expected = Graph().parse(data=GOLDEN_EXPECTED, format="turtle")

    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        pytest.fail("graph differs from the golden graph\nonly in actual:\n"
                    + only_actual.serialize(format="nt") + "\nonly in expected:\n"
                    + only_expected.serialize(format="nt"))


# ---------------------------------------------------------------- errors

def test_errors_name_the_input_and_say_how_to_fix_it():
    good = rabat_extraction()

    with pytest.raises(ValueError, match="appears twice"):
        extraction_to_dataset([good, rabat_extraction()])

    bad_date = Extraction(article=Article(id="a1", text="نص", date="14/05/2024"), entities=(), relations=())
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        extraction_to_dataset([bad_date])

    no_key = Extraction(article=Article(id="a2", text="نص"), relations=(),
                        entities=(Entity(id="e1", type=PERSON, label="نص", mentions=(), key=""),))
    with pytest.raises(ValueError, match="empty key"):
        extraction_to_dataset([no_key])

    text = "التقى الوفد يوم 5 ماي."
    date = Entity(id="d1", type=EntityType.DATE, label="5 ماي", key="date:2024-05-05",
                  mentions=(Mention(find(text, "5 ماي"), "5 ماي", EntityType.DATE, "test"),))
    org = entity("e1", ORG, "org:delegation", "الوفد", text, [("الوفد", 0)])
    to_date = Extraction(article=Article(id="a3", text=text), entities=(org, date),
                         relations=(relation("e1", "visited", "d1", text, text),))
    with pytest.raises(ValueError, match="DATE entity"):
        extraction_to_dataset([to_date])

    ent = Entity(id="e1", type=ORG, label="قصير", key="org:x",
                 mentions=(Mention(Span(0, 99), "قصير", ORG, "test"),))
    with pytest.raises(ValueError, match="runs past the end"):
        extraction_to_dataset([Extraction(article=Article(id="a4", text="قصير"), entities=(ent,), relations=())])

    wrong_qid = Extraction(article=Article(id="a5", text="المغرب"), relations=(), entities=(
        entity("e1", LOC, "loc:MA", "المغرب", "المغرب", [("المغرب", 0)], wikidata="Morocco"),))
    with pytest.raises(ValueError, match="Q<number>"):
        extraction_to_dataset([wrong_qid])


def test_date_entities_are_kept_out_of_the_graph():
    text = "وصل الوفد يوم 5 ماي."
    date = Entity(id="d1", type=EntityType.DATE, label="5 ماي", key="date:2024-05-05",
                  mentions=(Mention(find(text, "5 ماي"), "5 ماي", EntityType.DATE, "test"),))
    dataset = extraction_to_dataset([Extraction(article=Article(id="a", text=text), entities=(date,), relations=())])
    assert not any("date/" in str(s) for s in union_graph(dataset).subjects())


def test_article_triples_are_what_the_dataset_puts_in_the_article_graph():
    # the build and the batch write the light set; the store compares hashes: both must agree triple for triple
    from kg.rdf.graph import article_graph_iri, article_triples
    from kg.rdf.store import graph_hash, lines_digest, triple_lines

    for extraction in (rabat_extraction(), followup_extraction()):
        graph = named_graphs(extraction_to_dataset([extraction]))[article_graph_iri(extraction.article)]
        assert article_triples(extraction) == set(graph)
        assert lines_digest(triple_lines(article_triples(extraction))) == graph_hash(graph)


def test_an_article_id_with_an_underscore_is_its_graph_iri_suffix_as_it_is():
    from kg.ingest import article_id
    from kg.rdf.graph import article_id_from_graph
    from kg.rdf.store import GRAPH_PREFIX

    for raw in ("my_article", "تقرير_الأمن-2025.1", "a__b"):
        article = Article(id=article_id(raw), text="")
        graph = str(article_graph_iri(article))
        assert graph == GRAPH_PREFIX + article.id
        assert str(article_iri(article)).endswith("/article/" + article.id)
        assert article_id_from_graph(graph) == article.id
    # an id built in code with a space still gets a safe IRI that reads back as the id
    spaced = Article(id="a b_c", text="")
    assert article_id_from_graph(str(article_graph_iri(spaced))) == "a b_c"
    assert article_graph_iri(spaced) != article_graph_iri(Article(id="a_b_c", text=""))


def test_an_article_with_an_underscore_in_its_id_can_be_removed_from_the_store():
    import pyoxigraph as ox

    from kg.model import Extraction
    from kg.rdf.store import article_graphs, ingest, remove_articles

    article = Article(id="my_article", text="زار الوزير الرباط.", source="my_article.txt")
    store = ox.Store()
    ingest(store, extraction_to_dataset([Extraction(article=article, entities=(), relations=())]))
    assert set(article_graphs(store)) == {"my_article"}
    assert remove_articles(store, ["my_article"]) == ["my_article"]
    assert article_graphs(store) == {}
