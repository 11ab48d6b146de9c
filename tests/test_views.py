"""Focused views (kg.export.views), the graph read back from extractions.json, and `kg viz`."""
from __future__ import annotations

import collections
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export.network import extractions_to_graph, graph_from_records, read_graph_json
from kg.export.views import (
    ViewError, article_view, ego_view, find_node, focused_view, match_nodes, min_articles_view,
    most_connected_view,
)
from kg.model import Article, Entity, EntityType, Extraction, Mention, Relation, Span
from kg.records import extraction_record

ZAHRANI = "person:zahrani"


def _entity(text, eid, etype, key, surfaces, label="", label_en="", wikidata=""):
    mentions = []
    for surface in surfaces:
        start = text.index(surface)
        mentions.append(Mention(Span(start, start + len(surface)), surface, etype, "test", key=key))
    return Entity(eid, etype, label or surfaces[0], tuple(mentions), key, label_en, wikidata)


def _relation(text, subject, predicate, obj, sentence, confidence):
    start = text.index(sentence)
    return Relation(subject, predicate, obj, confidence, Span(start, start + len(sentence)), "test")


def _rabat() -> Extraction:
    s1 = "استقبل عبد الكريم الزهراني، مدير الأمن الإقليمي، وفدا من منظمة الجمارك العالمية في الرباط."
    s2 = "وتعد الرباط عاصمة المغرب."
    text = f"{s1} {s2}"
    entities = (
        _entity(text, "e1", EntityType.PERSON, ZAHRANI, ["عبد الكريم الزهراني"], label_en="Abdelkarim Zahrani"),
        _entity(text, "e2", EntityType.ORGANIZATION, "org:regional-security", ["الأمن الإقليمي"],
                label="مديرية الأمن الإقليمي"),
        _entity(text, "e3", EntityType.ORGANIZATION, "org:wco", ["منظمة الجمارك العالمية"],
                label_en="World Customs Organization", wikidata="Q999123"),
        _entity(text, "e4", EntityType.LOCATION, "loc:rabat", ["الرباط"], label_en="Rabat"),
        _entity(text, "e5", EntityType.LOCATION, "loc:morocco", ["المغرب"], label_en="Morocco"),
    )
    relations = (
        _relation(text, "e1", "heads", "e2", s1, 0.8),
        _relation(text, "e1", "metWith", "e3", s1, 0.7),
        _relation(text, "e3", "visited", "e4", s1, 0.6),
        _relation(text, "e4", "locatedIn", "e5", s2, 0.9),
    )
    return Extraction(Article("b-rabat", text, title="وفد جمركي في الرباط", date="2024-05-02"), entities, relations)


def _fes() -> Extraction:
    s1 = "وشارك الزّهراني في ندوة فاس حول أمن الحدود التي احتضنتها مدينة فاس بالمغرب."
    text = s1
    entities = (
        _entity(text, "e1", EntityType.PERSON, ZAHRANI, ["الزّهراني"], label="عبد الكريم الزهراني"),
        _entity(text, "e2", EntityType.EVENT, "event:fes-seminar", ["ندوة فاس حول أمن الحدود"]),
        _entity(text, "e3", EntityType.LOCATION, "loc:fes", ["مدينة فاس"], label="فاس"),
        _entity(text, "e4", EntityType.LOCATION, "loc:morocco", ["المغرب"]),
    )
    relations = (
        _relation(text, "e1", "attended", "e2", s1, 0.9),
        _relation(text, "e2", "heldIn", "e3", s1, 0.85),
        _relation(text, "e3", "locatedIn", "e4", s1, 0.75),
    )
    return Extraction(Article("b-fes", text, title="ندوة أمن الحدود", date="2024-05-09"), entities, relations)


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return extractions_to_graph([_rabat(), _fes()])


def _records(with_titles: bool = True) -> list[dict]:
    records = []
    for extraction in (_rabat(), _fes()):
        record = extraction_record(extraction)  # carries the article's title and date
        if not with_titles:  # as a record written by another tool might come
            record.pop("title", None)
            record.pop("date", None)
        records.append(record)
    return records


# --- the graph read back from the extraction JSON ------------------------------------------

def test_records_give_the_same_graph_as_extractions(graph):
    back = graph_from_records(json.loads(json.dumps(_records())))
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True), key=repr) == sorted(graph.edges(keys=True, data=True), key=repr)
    assert back.graph["articles"]["b-fes"]["title"] == "ندوة أمن الحدود"


def test_records_without_titles_still_make_the_graph():
    back = graph_from_records(_records(with_titles=False))
    assert back.nodes[ZAHRANI]["articles"] == ["b-fes", "b-rabat"]
    assert back.edges["loc:fes", "loc:morocco", "locatedIn"]["evidence"][0]["title"] == ""


@pytest.mark.parametrize("damage, message", [
    (lambda r: r[0]["relations"][0].update(object="e99"), "entity id the record does not define"),
    (lambda r: r[0]["relations"][0].update(predicate="likes"), "unknown predicate 'likes'"),
    (lambda r: r[1]["entities"][0].update(type="THING"), "needs an 'id' and a 'type'"),
    (lambda r: r[1].pop("id"), "record 2 is not an object with an 'id'"),
])
def test_bad_records_are_named(damage, message):
    records = _records()
    damage(records)
    with pytest.raises(ValueError, match=re.escape(message)):
        graph_from_records(records)


def test_reading_the_json_names_the_file_and_the_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="kg build"):
        read_graph_json(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json: not UTF-8 JSON"):
        read_graph_json(bad)
    bad.write_text('{"id": "x"}', encoding="utf-8")
    with pytest.raises(ValueError, match="expected a JSON list"):
        read_graph_json(bad)


# --- finding a node by name ---------------------------------------------------------------

@pytest.mark.parametrize("name, key", [
    ("زهراني", ZAHRANI),  # the surname without ال
    ("الزّهراني", ZAHRANI),  # with a shadda
    ("عبد الكريم الزهرانى", ZAHRANI),  # final yeh typed as alef maqsura
    ("zahrani", ZAHRANI),  # English label, any case
    ("customs", "org:wco"),
    ("مديريه الامن الاقليمي", "org:regional-security"),  # teh marbuta and hamza-less alef
    ("فاس", "loc:fes"),  # the exact name wins over the seminar that contains it
    ("Abdelkrim Zahrany", ZAHRANI),  # a Latin spelling: the consonants of the Arabic name
])
def test_names_match_whatever_the_spelling(graph, name, key):
    assert find_node(graph, name) == key


def test_several_matches_are_an_error_listing_them(graph):
    assert match_nodes(graph, "أمن") == ["event:fes-seminar", "org:regional-security"]
    with pytest.raises(ViewError, match="matches 2 entities: ندوة فاس حول أمن الحدود; مديرية الأمن الإقليمي"):
        find_node(graph, "أمن")


def test_no_match_lists_close_names(graph):
    with pytest.raises(ViewError, match=r"no entity matches 'الرباطي'; close: الرباط \(Rabat\)"):
        find_node(graph, "الرباطي")
    with pytest.raises(ViewError, match="none of the 7 entities is close"):
        find_node(graph, "Zanzibar")


# --- the views -------------------------------------------------------------------------------

@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_ego_view_holds_the_focus_and_only_nodes_within_depth(graph, depth):
    view = ego_view(graph, "الزهراني", depth)
    distance = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), ZAHRANI)
    assert set(view) == {n for n, d in distance.items() if d <= depth}
    assert view.graph["focus"] == ZAHRANI and view.graph["articles"] == graph.graph["articles"]
    assert view.nodes[ZAHRANI] == graph.nodes[ZAHRANI]
    if depth == 1:
        assert set(view) == {ZAHRANI, "org:regional-security", "org:wco", "event:fes-seminar"}


def test_article_view_keeps_that_articles_entities_and_relations(graph):
    view = article_view(graph, "b-fes")
    assert set(view) == {ZAHRANI, "event:fes-seminar", "loc:fes", "loc:morocco"}
    assert sorted(k for _, _, k in view.edges(keys=True)) == ["attended", "heldIn", "locatedIn"]
    with pytest.raises(ViewError, match="no article 'fes' in the graph; close: b-fes"):
        article_view(graph, "fes")


def test_min_articles_view_drops_single_article_nodes(graph):
    view = min_articles_view(graph, 2)
    assert set(view) == {ZAHRANI, "loc:morocco"}
    assert view.number_of_edges() == 0
    assert min_articles_view(graph, 1).number_of_nodes() == graph.number_of_nodes()


def test_focused_view_applies_article_then_min_articles_then_focus(graph):
    view = focused_view(graph, focus="فاس", depth=1, article="b-fes")
    assert set(view) == {"loc:fes", "event:fes-seminar", "loc:morocco"}
    with pytest.raises(ViewError, match="no entity is named in 3 or more articles .the most is 2."):
        focused_view(graph, min_articles=3)


# --- `kg viz` --------------------------------------------------------------------------------

@pytest.fixture()
def extractions_json(tmp_path) -> Path:
    path = tmp_path / "build" / "extractions.json"
    path.parent.mkdir()
    path.write_text(json.dumps(_records(), ensure_ascii=False), encoding="utf-8")
    return path


def _page_nodes(path: Path) -> set[str]:
    match = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>',
                      path.read_text(encoding="utf-8"), re.S)
    return {node["id"] for node in json.loads(match.group(1))["nodes"]}


def test_viz_writes_the_whole_graph(extractions_json, tmp_path):
    out = tmp_path / "all.html"
    result = CliRunner().invoke(main, ["viz", str(extractions_json), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(_page_nodes(out)) == 7
    assert f"{out}: 7 entities" in result.stdout


def test_viz_focus_writes_the_ego_network(extractions_json, tmp_path):
    out = tmp_path / "ego.html"
    result = CliRunner().invoke(main, ["viz", str(extractions_json), "--out", str(out),
                                       "--focus", "زهراني", "--depth", "2"])
    assert result.exit_code == 0, result.output
    assert _page_nodes(out) == {ZAHRANI, "org:regional-security", "org:wco", "event:fes-seminar",
                                "loc:rabat", "loc:fes"}
    text = out.read_text(encoding="utf-8")
    assert "<title>kg · عبد الكريم الزهراني (Abdelkarim Zahrani) · عمق 2</title>" in text
    assert f'"focus": "{ZAHRANI}"' in text


def test_viz_min_articles_drops_single_article_nodes(extractions_json, tmp_path):
    out = tmp_path / "core.html"
    result = CliRunner().invoke(main, ["viz", str(extractions_json), "--out", str(out), "--min-articles", "2"])
    assert result.exit_code == 0, result.output
    assert _page_nodes(out) == {ZAHRANI, "loc:morocco"}


def test_viz_article_keeps_one_article(extractions_json, tmp_path):
    out = tmp_path / "article.html"
    result = CliRunner().invoke(main, ["viz", str(extractions_json), "--out", str(out), "--article", "b-rabat"])
    assert result.exit_code == 0, result.output
    assert _page_nodes(out) == {ZAHRANI, "org:regional-security", "org:wco", "loc:rabat", "loc:morocco"}


def test_viz_reads_build_extractions_json_by_default(extractions_json, monkeypatch):
    monkeypatch.chdir(extractions_json.parent.parent)
    result = CliRunner().invoke(main, ["viz", "--focus", "Rabat"])
    assert result.exit_code == 0, result.output
    assert _page_nodes(Path("build/view.html")) == {"loc:rabat", "org:wco", "loc:morocco"}


@pytest.mark.parametrize("args, message", [
    (["--focus", "الرباطي"], "kg: error: no entity matches 'الرباطي'; close: الرباط (Rabat)"),
    (["--focus", "أمن"], "kg: error: 'أمن' matches 2 entities"),
    (["--article", "rabat"], "kg: error: no article 'rabat' in the graph; close: b-rabat"),
    (["--min-articles", "5"], "kg: error: no entity is named in 5 or more articles"),
])
def test_viz_errors_are_one_line_naming_the_fix(extractions_json, tmp_path, args, message):
    out = tmp_path / "never.html"
    result = CliRunner().invoke(main, ["viz", str(extractions_json), "--out", str(out), *args])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith(message)
    assert not out.exists()


def test_viz_without_a_build_says_to_run_kg_build(tmp_path):
    result = CliRunner().invoke(main, ["viz", str(tmp_path / "none.json"), "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "none.json: no such file; run `kg build PATH...` first" in result.stderr


def _core_and_fringe() -> nx.MultiDiGraph:
    """A 4-clique (a, b, c, d), a path hanging off it (d - e - f - g) and an isolated node z."""
    graph = nx.MultiDiGraph(articles={})
    for node in "abcdefgz":
        graph.add_node(node, label=node, type="PERSON", articles=["x"] * (2 if node == "g" else 1))
    for s_, o in [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d"),
                  ("d", "e"), ("e", "f"), ("f", "g")]:
        graph.add_edge(s_, o, predicate="metWith", articles=["x"])
    return graph


def test_most_connected_view_keeps_the_densest_part_first():
    graph = _core_and_fringe()
    view = most_connected_view(graph, 5)
    # the clique (core number 3), then e: core 1 and degree 2 like f, and first by name
    assert sorted(view.nodes) == ["a", "b", "c", "d", "e"]
    assert view.graph["whole"] == {"nodes": 8, "edges": 9}
    assert view.number_of_edges() == 7
    assert most_connected_view(graph, 8) is graph and "whole" not in graph.graph


def test_most_connected_view_keeps_the_focus_and_drops_nodes_left_alone():
    graph = _core_and_fringe()
    graph.graph["focus"] = "z"
    view = most_connected_view(graph, 5)
    assert "z" in view  # the focus stays even without relations
    assert sorted(view.nodes) == ["a", "b", "c", "d", "z"]
    graph.graph["focus"] = "g"
    # the focus g stays even when its neighbours do not fit
    assert sorted(most_connected_view(graph, 5).nodes) == ["a", "b", "c", "d", "g"]
    graph.graph.pop("focus")
    # with room for 6, f (degree 2) comes before g (degree 1, though named in more articles)
    assert sorted(most_connected_view(graph, 6).nodes) == ["a", "b", "c", "d", "e", "f"]


def test_most_connected_view_needs_room_for_one_node():
    with pytest.raises(ViewError, match="1 or more"):
        most_connected_view(_core_and_fringe(), 0)


# --- the outline a build draws its page from -------------------------------------------------

def _wire_records(articles: int = 30) -> list[dict]:
    """Made-up records: a few ministers meet each other and head ministries, each article also names
    a town of its own (a node of degree one), and some repeat a sentence with two confidences."""
    records = []
    for number in range(articles):
        first, second = f"person:minister-{number % 6}", f"person:minister-{(number * 5 + 1) % 6}"
        entities = [
            {"id": "e1", "type": "PERSON", "label": f"الوزير {number % 6}", "mentions": [], "key": first},
            {"id": "e2", "type": "PERSON", "label": f"الوزير {(number * 5 + 1) % 6}", "mentions": [], "key": second},
            {"id": "e3", "type": "ORGANIZATION", "label": f"وزارة {number % 4}", "mentions": [],
             "key": f"org:ministry-{number % 4}"},
            {"id": "e4", "type": "LOCATION", "label": f"بلدة {number}", "mentions": [], "key": f"loc:town-{number}"},
        ]
        sentence = f"التقى الوزيران في البلدة رقم {number}."
        relations = [
            {"subject": "e1", "predicate": "metWith", "object": "e2", "confidence": 0.6, "evidence": sentence},
            {"subject": "e1", "predicate": "metWith", "object": "e2", "confidence": 0.9, "evidence": sentence},
            {"subject": "e1", "predicate": "heads", "object": "e3", "confidence": 0.8, "evidence": sentence},
            {"subject": "e4", "predicate": "locatedIn", "object": "e4", "confidence": 0.5, "evidence": sentence},
        ]
        if number % 3 == 0:
            relations.append({"subject": "e2", "predicate": "memberOf", "object": "e3", "confidence": 0.7,
                              "evidence": sentence})
        records.append({"id": f"wire-{number:02d}", "title": f"خبر {number}", "entities": entities,
                        "relations": relations})
    return records


def _outline(records):
    from kg.export.network import RecordsOutline

    outline = RecordsOutline()
    for record in records:
        outline.add(record)
    return outline


@pytest.mark.parametrize("max_nodes", [3, 8, 12, 20])
def test_the_outlines_part_is_the_most_connected_view_of_the_whole_graph(max_nodes):
    records = _wire_records()
    whole = graph_from_records(records)
    expected = most_connected_view(whole, max_nodes)
    outline = _outline(records)
    keep = outline.most_connected(max_nodes)
    assert keep is not None and whole.number_of_nodes() > max_nodes
    # only the records naming the part are read again, and they give the same nodes and edges, in order
    part = graph_from_records([records[n] for n in outline.articles_of(keep)], keep=set(keep))
    assert list(part.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(part.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    assert (outline.nodes, outline.edges) == (whole.number_of_nodes(), whole.number_of_edges())


def test_the_outline_counts_the_whole_graph_and_fits_it_when_small():
    records = _wire_records()
    whole = graph_from_records(records)
    outline = _outline(records)
    assert outline.most_connected(whole.number_of_nodes()) is None  # it fits: the page draws all of it
    assert outline.types() == {"PERSON": 6, "ORGANIZATION": 4, "LOCATION": 30}
    assert list(outline.facts().items()) == list(collections.Counter(k for *_, k in whole.edges(keys=True)).items())
    assert outline.articles_of(["org:ministry-1"]) == [1, 5, 9, 13, 17, 21, 25, 29]


def test_a_sentence_stated_twice_is_one_piece_of_evidence_with_its_best_confidence():
    graph = graph_from_records(_wire_records(articles=2))  # minister 0 meets minister 1, then 1 meets 0
    evidence = graph.edges["person:minister-0", "person:minister-1", "metWith"]["evidence"]
    assert [(e["article"], e["confidence"]) for e in evidence] == [("wire-00", 0.9), ("wire-01", 0.9)]


@pytest.mark.parametrize("kept", [1, 2, 3])
def test_a_graph_for_a_page_keeps_the_first_evidence_and_articles_and_counts_them_all(kept):
    records = _wire_records()
    whole = graph_from_records(records)
    page = graph_from_records(records, evidence_kept=kept, articles_kept=kept + 1)
    assert list(page.nodes) == list(whole.nodes)
    for (node, full), (_, short) in zip(whole.nodes(data=True), page.nodes(data=True)):
        assert short["articles"] == full["articles"][:kept + 1] and short["articles_count"] == len(full["articles"])
        assert {k: v for k, v in short.items() if not k.startswith("articles")} == \
            {k: v for k, v in full.items() if k != "articles"}, node
    for (s, o, k, full), (*_, short) in zip(whole.edges(keys=True, data=True), page.edges(keys=True, data=True)):
        assert short["evidence"] == full["evidence"][:kept], (s, o, k)
        assert short["evidence_count"] == len(full["evidence"])
        assert short["articles"] == full["articles"][:kept + 1] and short["articles_count"] == len(full["articles"])
        assert short["confidence"] == full["confidence"]
    # the meeting of ministers 0 and 1 is told by ten articles; its best sentence of each kept
    assert page.graph["articles_named"] == 30  # though each node lists at most kept + 1
    met = page.edges["person:minister-0", "person:minister-1", "metWith"]
    assert met["evidence_count"] == 10 and [e["confidence"] for e in met["evidence"]] == [0.9] * kept
