"""kg.analysis: RDF to networkx and pandas, projections, analytics, timeline, name lookup, plot labels.

Inputs are three hand-made articles (invented names):

- rabat-fisheries-summit (published 2024-05-14): قمة الرباط للصيد البحري held in الرباط; ياسين العلوي
  (head of الوكالة الوطنية للصيد), هدى المنصوري and عمر الشاذلي attended it; ياسين met هدى; the
  agency cooperates with المرصد المتوسطي للبحار.
- oran-ports-forum (no publication date): منتدى وهران للموانئ (from 2024-08-19 to 2024-08-21) held
  in وهران; عمر الشاذلي chaired it, هدى المنصوري and ليلى بن عيسى attended; ليلى met عمر; the
  observatory cooperates with the agency (the other way round).
- tripoli-note (2024-09-02): إدريس الفاسي visited طرابلس; linked to nobody else.
"""
from __future__ import annotations

import unicodedata

import networkx as nx
import pandas as pd
import pytest
from rdflib import Literal, URIRef

from kg import analysis
from kg.analysis import plotting
from kg.model import Article, Entity, EntityType, Extraction, Mention, Relation, Span
from kg.rdf.graph import entity_iri, extraction_to_dataset
from kg.rdf.vocab import KG

PERSON, ORG, LOC, EVENT = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.LOCATION, EntityType.EVENT

YASSINE, HUDA, OMAR, LAYLA, IDRISS = "ياسين العلوي", "هدى المنصوري", "عمر الشاذلي", "ليلى بن عيسى", "إدريس الفاسي"
AGENCY, OBSERVATORY = "الوكالة الوطنية للصيد", "المرصد المتوسطي للبحار"
SUMMIT, FORUM = "قمة الرباط للصيد البحري", "منتدى وهران للموانئ"
RABAT, ORAN, TRIPOLI = "الرباط", "وهران", "طرابلس"

TYPES = {YASSINE: PERSON, HUDA: PERSON, OMAR: PERSON, LAYLA: PERSON, IDRISS: PERSON, AGENCY: ORG,
         OBSERVATORY: ORG, SUMMIT: EVENT, FORUM: EVENT, RABAT: LOC, ORAN: LOC, TRIPOLI: LOC}
KEYS = {label: f"{etype.value.lower()}:{label}" for label, etype in TYPES.items()}
EXTRA = {
    AGENCY: {"label_en": "National Fisheries Agency"},
    RABAT: {"label_en": "Rabat", "wikidata": "Q3551"},
    FORUM: {"date_start": "2024-08-19", "date_end": "2024-08-21"},
}

SUMMIT_TEXT = (
    f"انطلقت في {RABAT} أشغال {SUMMIT}.",
    f"وشارك في {SUMMIT} كل من {YASSINE} مدير {AGENCY} و{HUDA} و{OMAR}.",
    f"والتقى {YASSINE} على هامش القمة {HUDA}.",
    f"ووقعت {AGENCY} اتفاقية مع {OBSERVATORY}.",
)
FORUM_TEXT = (
    f"احتضنت {ORAN} {FORUM}.",
    f"وترأس {OMAR} جلسات {FORUM} بحضور {HUDA} و{LAYLA}.",
    f"وعقدت {LAYLA} لقاء مع {OMAR}.",
    f"وجدد {OBSERVATORY} تعاونه مع {AGENCY}.",
)
NOTE_TEXT = (f"زار {IDRISS} مدينة {TRIPOLI} أمس.",)


def _extraction(article_id, sentences, labels, relations, date="", title=""):
    """Sentences joined by spaces; relations are (subject, predicate, object, sentence index, confidence)."""
    text = " ".join(sentences)
    offsets, start = [], 0
    for sentence in sentences:
        offsets.append(Span(start, start + len(sentence)))
        start += len(sentence) + 1
    entities, ids = [], {}
    for number, label in enumerate(labels, 1):
        begin = text.index(label)
        mention = Mention(Span(begin, begin + len(label)), label, TYPES[label], "test", key=KEYS[label])
        ids[label] = f"e{number}"
        entities.append(Entity(ids[label], TYPES[label], label, (mention,), KEYS[label], **EXTRA.get(label, {})))
    rels = tuple(Relation(ids[s], p, ids[o], c, offsets[i], f"test_{p}") for s, p, o, i, c in relations)
    article = Article(id=article_id, text=text, source=f"{article_id}.txt", title=title, date=date)
    return Extraction(article=article, entities=tuple(entities), relations=rels, version="0.1.0")


def extractions() -> list[Extraction]:
    summit = _extraction(
        "rabat-fisheries-summit", SUMMIT_TEXT, [SUMMIT, RABAT, YASSINE, AGENCY, HUDA, OMAR, OBSERVATORY],
        [(SUMMIT, "heldIn", RABAT, 0, 0.9), (YASSINE, "attended", SUMMIT, 1, 0.9),
         (HUDA, "attended", SUMMIT, 1, 0.8), (OMAR, "attended", SUMMIT, 1, 0.7),
         (YASSINE, "heads", AGENCY, 1, 0.85), (YASSINE, "metWith", HUDA, 2, 0.75),
         (AGENCY, "cooperatesWith", OBSERVATORY, 3, 0.8)],
        date="2024-05-14", title="قمة الرباط للصيد البحري تفتتح أشغالها",
    )
    forum = _extraction(
        "oran-ports-forum", FORUM_TEXT, [ORAN, FORUM, OMAR, HUDA, LAYLA, OBSERVATORY, AGENCY],
        [(FORUM, "heldIn", ORAN, 0, 0.9), (OMAR, "chaired", FORUM, 1, 0.85),
         (HUDA, "attended", FORUM, 1, 0.6), (LAYLA, "attended", FORUM, 1, 0.8),
         (LAYLA, "metWith", OMAR, 2, 0.7), (OBSERVATORY, "cooperatesWith", AGENCY, 3, 0.9)],
    )
    note = _extraction("tripoli-note", NOTE_TEXT, [IDRISS, TRIPOLI], [(IDRISS, "visited", TRIPOLI, 0, 0.8)],
                       date="2024-09-02")
    return [summit, forum, note]


def iri(label: str) -> str:
    return str(entity_iri(Entity("e0", TYPES[label], label, (), KEYS[label])))


@pytest.fixture(scope="module")
def dataset():
    return extraction_to_dataset(extractions())


@pytest.fixture(scope="module")
def graph(dataset):
    return analysis.entity_graph(dataset)


# ---------------------------------------------------------------- loading

@pytest.mark.parametrize("suffix, fmt", [(".trig", "trig"), (".nq", "nquads")])
def test_load_dataset_reads_named_graph_files_with_their_union_as_default_graph(dataset, tmp_path, suffix, fmt):
    path = tmp_path / f"graph{suffix}"
    dataset.serialize(destination=path, format=fmt, encoding="utf-8")
    loaded = analysis.load_dataset(path)
    assert len(loaded) == len(dataset)
    persons = analysis.sparql_frame(loaded, "SELECT DISTINCT ?p WHERE { ?p a kg:Person }")
    assert len(persons) == 5


def test_load_dataset_reads_turtle_and_a_store_folder(dataset, tmp_path):
    from kg.rdf.graph import union_graph
    from kg.rdf.store import ingest, open_store

    union_graph(dataset).serialize(destination=tmp_path / "graph.ttl", format="turtle", encoding="utf-8")
    assert analysis.entity_graph(analysis.load_dataset(tmp_path / "graph.ttl")).number_of_nodes() == 12

    store = open_store(tmp_path / "store")
    ingest(store, dataset)
    del store  # release the write lock
    loaded = analysis.load_dataset(tmp_path / "store")
    assert len(loaded) == len(dataset)  # the store's bookkeeping hashes are left out
    assert analysis.entity_graph(loaded).number_of_edges() == analysis.entity_graph(dataset).number_of_edges()


def test_load_dataset_errors_name_the_path_and_the_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="kg build"):
        analysis.load_dataset(tmp_path / "missing.trig")
    (tmp_path / "graph.xyz").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="graph.xyz.*\\.trig"):
        analysis.load_dataset(tmp_path / "graph.xyz")


def test_build_dataset_extracts_article_files_in_memory(tmp_path):
    (tmp_path / "note.txt").write_text(
        "الرباط - استقبل وزير الداخلية المغربي عمر الشاذلي اليوم في الرباط وفدا من منظمة الأمم المتحدة.\n",
        encoding="utf-8")
    built = analysis.build_dataset([tmp_path])
    assert [str(g.identifier) for g in built.graphs() if len(g)] == ["https://w3id.org/kg-arabic/id/graph/note"]
    assert len(analysis.sparql_frame(built, "SELECT ?a WHERE { ?a a schema:NewsArticle }")) == 1
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="empty.txt"):
        analysis.build_dataset([tmp_path])


# ---------------------------------------------------------------- SPARQL

def test_sparql_frame_runs_a_canned_query_with_a_typed_binding(dataset):
    frame = analysis.sparql_frame(dataset, "attendance", event=FORUM)
    assert sorted(frame["attendeeLabel"]) == sorted([OMAR, HUDA, LAYLA])
    assert set(frame["relation"]) == {str(KG.attended), str(KG.chaired)}
    assert frame["articles"].tolist() == [1, 1, 1]  # numbers come back as numbers


def test_sparql_frame_passes_bindings_as_init_bindings_never_in_the_text(dataset, monkeypatch):
    from rdflib import Dataset

    from kg.query import load_query

    seen = {}
    original = Dataset.query

    def spy(self, query, *args, **kwargs):
        seen["text"], seen["bindings"] = query, kwargs.get("initBindings")
        return original(self, query, *args, **kwargs)

    monkeypatch.setattr(Dataset, "query", spy)
    hostile = 'x" } } DROP ALL ; #'
    with pytest.raises(ValueError, match="no entity matches"):
        analysis.sparql_frame(dataset, "evidence", subject=hostile, predicate="kg:metWith")
    frame = analysis.sparql_frame(dataset, "evidence", subject=HUDA, predicate="kg:metWith")
    assert not frame.empty
    assert seen["text"] == load_query("evidence").text
    assert seen["bindings"] == {"subject": URIRef(iri(HUDA)), "predicate": URIRef(str(KG.metWith))}


def test_sparql_frame_accepts_rdflib_terms_and_checks_parameter_names(dataset):
    text = "SELECT ?person WHERE { ?person kg:attended ?event } ORDER BY ?person"
    frame = analysis.sparql_frame(dataset, text, event=URIRef(iri(SUMMIT)))
    assert frame["person"].tolist() == sorted([iri(YASSINE), iri(HUDA), iri(OMAR)])
    with pytest.raises(ValueError, match="no parameter 'eventName'"):
        analysis.sparql_frame(dataset, "attendance", eventName=FORUM)
    with pytest.raises(ValueError, match="needs subject"):
        analysis.sparql_frame(dataset, "evidence")


def test_sparql_frame_gives_the_same_rows_on_an_oxigraph_store(dataset, tmp_path):
    from kg.rdf.store import ingest, open_store

    store = open_store(tmp_path / "store")
    ingest(store, dataset)
    on_store = analysis.sparql_frame(store, "attendance", attendee=HUDA)
    on_rdflib = analysis.sparql_frame(dataset, "attendance", attendee=HUDA)
    key = ["event", "relation"]
    pd.testing.assert_frame_equal(on_store.sort_values(key, ignore_index=True),
                                  on_rdflib.sort_values(key, ignore_index=True))
    assert len(on_store) == 2


# ---------------------------------------------------------------- entity graph

def test_entity_graph_nodes_carry_type_labels_wikidata_and_article_counts(graph):
    assert graph.number_of_nodes() == 12
    huda = graph.nodes[iri(HUDA)]
    assert (huda["type"], huda["label_ar"], huda["n_articles"]) == ("PERSON", HUDA, 2)
    assert huda["articles"] == ["oran-ports-forum", "rabat-fisheries-summit"]
    assert graph.nodes[iri(AGENCY)]["label_en"] == "National Fisheries Agency"
    assert graph.nodes[iri(RABAT)]["wikidata"] == "Q3551"
    assert graph.nodes[iri(FORUM)]["start_date"] == "2024-08-19"
    assert graph.graph["articles"]["rabat-fisheries-summit"]["date"] == "2024-05-14"


def test_entity_graph_edges_carry_evidence_from_the_relation_statements(graph):
    data = graph.edges[iri(OMAR), iri(FORUM), "chaired"]
    assert data["predicate"] == "chaired" and data["articles"] == ["oran-ports-forum"]
    assert data["confidence"] == pytest.approx(0.85)
    [evidence] = data["evidence"]
    assert evidence["sentence"] == FORUM_TEXT[1]
    assert FORUM_TEXT[1] == " ".join(FORUM_TEXT)[evidence["begin"]:evidence["end"]]
    assert evidence["rule"] == "test_chaired"


def test_entity_graph_stores_a_symmetric_relation_once_per_pair(graph):
    edges = [(a, b) for a, b, key in graph.edges(keys=True) if key == "cooperatesWith"]
    assert len(edges) == 1
    data = graph.edges[(*edges[0], "cooperatesWith")]
    assert data["articles"] == ["oran-ports-forum", "rabat-fisheries-summit"]
    assert data["confidence"] == pytest.approx(0.9)
    assert len(data["evidence"]) == 2


def test_nodes_and_edges_frames(graph):
    nodes, edges = analysis.nodes_frame(graph), analysis.edges_frame(graph)
    assert nodes["type"].value_counts().to_dict() == {"PERSON": 5, "LOCATION": 3, "ORGANIZATION": 2, "EVENT": 2}
    assert edges["predicate"].value_counts()["attended"] == 5
    assert len(edges) == graph.number_of_edges() == 13  # 14 relations, cooperatesWith stated twice


# ---------------------------------------------------------------- names

def test_names_are_found_whatever_the_diacritics_alef_or_yeh_forms(graph):
    assert analysis.find_entity(graph, "هُدَى المَنْصُوري") == iri(HUDA)
    assert analysis.find_entity(graph, "ادريس الفاسى") == iri(IDRISS)  # bare alef, alef maqsura
    assert analysis.find_entity(graph, "Fisheries Agency") == iri(AGENCY)
    assert analysis.find_entity(graph, iri(OMAR)) == iri(OMAR)
    assert analysis.match_entities(graph, "منتدى") == [iri(FORUM)]
    with pytest.raises(ValueError, match="no entity matches"):
        analysis.find_entity(graph, "سلمى الراشدي")


# ---------------------------------------------------------------- projections

def test_coattendance_links_people_at_the_same_events_weighted_by_shared_events(graph):
    co = analysis.coattendance_graph(graph)
    weights = {frozenset((co.nodes[a]["label_ar"], co.nodes[b]["label_ar"])): w
               for a, b, w in co.edges(data="weight")}
    assert weights == {
        frozenset((YASSINE, HUDA)): 1, frozenset((YASSINE, OMAR)): 1,
        frozenset((HUDA, OMAR)): 2,  # the summit, and the forum that عمر chaired
        frozenset((HUDA, LAYLA)): 1, frozenset((OMAR, LAYLA)): 1,
    }
    assert co.edges[iri(HUDA), iri(OMAR)]["events"] == sorted([iri(SUMMIT), iri(FORUM)])


def test_actor_event_graph_is_bipartite(graph):
    bipartite = analysis.actor_event_graph(graph)
    assert nx.is_bipartite(bipartite)
    events = {n for n, side in bipartite.nodes(data="bipartite") if side == 1}
    assert events == {iri(SUMMIT), iri(FORUM)}
    assert bipartite.edges[iri(OMAR), iri(FORUM)]["predicate"] == "chaired"
    assert bipartite.number_of_edges() == 6


def test_cooperation_and_meeting_graphs(graph):
    cooperation = analysis.cooperation_graph(graph)
    assert set(cooperation.nodes) == {iri(AGENCY), iri(OBSERVATORY)}
    assert cooperation.edges[iri(AGENCY), iri(OBSERVATORY)]["weight"] == 2  # two articles
    meetings = analysis.meeting_graph(graph)
    assert {frozenset(e) for e in meetings.edges} == {frozenset((iri(YASSINE), iri(HUDA))),
                                                      frozenset((iri(LAYLA), iri(OMAR)))}
    assert meetings.nodes[iri(LAYLA)]["label_ar"] == LAYLA


# ---------------------------------------------------------------- analytics

def _labelled(edges) -> nx.Graph:
    g = nx.Graph()
    g.add_edges_from(edges)
    for node in g:
        g.nodes[node].update(label_ar=f"ع{node}", type="PERSON")
    return g


def test_centrality_gives_degree_and_betweenness_most_between_first():
    frame = analysis.centrality(_labelled([("a", "b"), ("b", "c"), ("c", "d")]))
    assert frame["node"].tolist()[:2] == ["b", "c"] or frame["node"].tolist()[:2] == ["c", "b"]
    row = frame.set_index("node").loc["b"]
    assert (row["degree"], row["betweenness"], row["label_ar"]) == (2, pytest.approx(2 / 3), "عb")
    assert frame.set_index("node").loc["a", "betweenness"] == 0


def test_centrality_on_the_entity_graph_ignores_directions_and_parallel_edges(graph):
    frame = analysis.centrality(graph).set_index("node")
    # عمر: the summit, the forum (attended and chaired are one neighbour), ليلى
    assert frame.loc[iri(OMAR), "degree"] == 3
    assert frame.loc[iri(IDRISS), "betweenness"] == 0


def test_communities_split_two_triangles_joined_by_one_edge_the_same_way_every_time():
    g = _labelled([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    first = analysis.communities(g)
    assert sorted(map(sorted, first)) == [[1, 2, 3], [4, 5, 6]]
    assert analysis.communities(g) == first


def test_ego_takes_a_name_and_a_radius(graph):
    around = analysis.ego(graph, "ليلى", radius=1)
    assert set(around) == {iri(LAYLA), iri(FORUM), iri(OMAR)}
    assert around.graph["center"] == iri(LAYLA)
    assert iri(ORAN) in analysis.ego(graph, "ليلى", radius=2)
    with pytest.raises(ValueError, match="radius"):
        analysis.ego(graph, "ليلى", radius=-1)


def test_shortest_path_gives_each_hop_with_its_evidence_sentence():
    g = nx.MultiDiGraph()
    for node, label in (("a", "سعيد"), ("b", "منظمة"), ("c", "ندى")):
        g.add_node(node, label_ar=label, label=label)
    g.add_edge("a", "b", key="memberOf", predicate="memberOf", confidence=0.7,
               evidence=[{"sentence": "سعيد عضو في المنظمة.", "article": "x", "confidence": 0.7},
                         {"sentence": "انضم سعيد إلى المنظمة.", "article": "y", "confidence": 0.9}])
    g.add_edge("c", "b", key="heads", predicate="heads", confidence=0.8,
               evidence=[{"sentence": "ندى ترأس المنظمة.", "article": "x", "confidence": 0.8}])
    path = analysis.shortest_path_with_evidence(g, "سعيد", "ندى")
    assert path[["source_label", "predicate", "target_label"]].values.tolist() == [
        ["سعيد", "memberOf", "منظمة"], ["ندى", "heads", "منظمة"]]  # each hop in its stated direction
    assert path["sentence"].tolist() == ["انضم سعيد إلى المنظمة.", "ندى ترأس المنظمة."]  # best evidence
    assert path["article"].tolist() == ["y", "x"]


def test_shortest_path_on_the_entity_graph_and_when_there_is_none(graph):
    path = analysis.shortest_path_with_evidence(graph, LAYLA, YASSINE)
    assert len(path) == 3
    texts = " ".join(SUMMIT_TEXT + FORUM_TEXT)
    assert all(sentence and sentence in texts for sentence in path["sentence"])
    assert path["source"].iloc[0] == iri(LAYLA) or path["target"].iloc[0] == iri(LAYLA)
    with pytest.raises(ValueError, match="no chain of relations links"):
        analysis.shortest_path_with_evidence(graph, IDRISS, YASSINE)


def test_evidence_table_lists_every_sentence_about_an_actor(graph):
    table = analysis.evidence_table(graph, "هدى")
    assert sorted(table["predicate"]) == ["attended", "attended", "metWith"]
    assert set(table["sentence"]) == {SUMMIT_TEXT[1], SUMMIT_TEXT[2], FORUM_TEXT[1]}
    assert set(table["source_label"]) | set(table["target_label"]) >= {HUDA, YASSINE, SUMMIT, FORUM}


# ---------------------------------------------------------------- time

def test_timeline_dates_events_by_start_date_or_by_the_first_report(dataset):
    frame = analysis.timeline(dataset)
    assert frame["label_ar"].tolist() == [SUMMIT, FORUM]  # May (reported) before August (its own date)
    assert frame["date_source"].tolist() == ["reported", "event"]
    assert frame["date"].tolist() == [pd.Timestamp("2024-05-14"), pd.Timestamp("2024-08-19")]
    forum = frame.iloc[1]
    assert (forum["start_date"], forum["end_date"], forum["places"], forum["n_articles"]) == \
        ("2024-08-19", "2024-08-21", ORAN, 1)
    assert analysis.timeline(dataset, reported=False)["label_ar"].tolist() == [FORUM]


# ---------------------------------------------------------------- plotting Arabic

def test_plot_text_shapes_arabic_only_where_matplotlib_does_not(monkeypatch):
    monkeypatch.setattr(plotting, "_matplotlib_shapes_text", lambda: False)
    shaped = analysis.plot_text("هدى")
    # joined presentation forms, in visual (left-to-right) order: ى first, ه last
    assert all(unicodedata.name(c).startswith("ARABIC LETTER") and "FORM" in unicodedata.name(c) for c in shaped)
    assert unicodedata.name(shaped[0]).startswith("ARABIC LETTER ALEF MAKSURA")
    assert unicodedata.name(shaped[-1]).startswith("ARABIC LETTER HEH")
    monkeypatch.setattr(plotting, "_matplotlib_shapes_text", lambda: True)
    assert analysis.plot_text("هدى") == "هدى"


def test_arabic_font_is_one_matplotlib_knows():
    from matplotlib import font_manager

    font = analysis.arabic_font()
    known = {f.name for f in font_manager.fontManager.ttflist}
    assert font is None or (font in analysis.ARABIC_FONTS and font in known)
    if any(name in known for name in analysis.ARABIC_FONTS):
        assert font is not None


def test_open_build_finds_the_users_build_or_builds_the_demo(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from kg.cli import main

    monkeypatch.delenv("KG_BUILD", raising=False)
    empty = tmp_path / "nowhere"
    empty.mkdir()
    assert analysis.find_build(empty) is None
    with pytest.raises(FileNotFoundError, match="run `kg build"):
        analysis.open_build(empty, demo=False)
    demo = analysis.open_build(empty)  # nothing here: the bundled articles, built on the spot
    assert (demo / "graph.trig").is_file() and (demo / "store").is_dir()

    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    article = project / "a.txt"
    article.write_text("الرباط - استقبل وزير الداخلية المغربي أمس وفدا من الأنتربول في مقر الوزارة بالرباط.",
                       encoding="utf-8")
    assert CliRunner().invoke(main, ["build", str(article), "--out", str(project / "build")]).exit_code == 0
    assert analysis.open_build(project / "notebooks") == project / "build"  # build/ found from a subfolder
    monkeypatch.setenv("KG_BUILD", str(demo))
    assert analysis.open_build(project / "notebooks") == demo
    monkeypatch.setenv("KG_BUILD", str(empty))
    with pytest.raises(FileNotFoundError, match="KG_BUILD"):
        analysis.open_build()
