"""The demo build of data/articles: every input format read, and a graph whose articles link up."""
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Namespace, URIRef

from kg.cli import main
from kg.export.network import read_graph_json

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(main, ["build", str(ARTICLES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.stdout


def test_every_bundled_article_is_built_from_all_three_formats(demo):
    out, stdout = demo
    graph = read_graph_json(out / "extractions.json")
    articles = set(graph.graph["articles"])
    assert "hammouchi-interpol-lyon-seed" in articles  # .txt
    assert "jo-lb-police-amman" in articles  # .html
    assert {"qa-interior-interpol-doha", "ae-gcc-police-abu-dhabi"} <= articles  # .jsonl
    assert f"articles: {len(articles)}" in stdout


def test_entities_link_articles(demo):
    out, _ = demo
    graph = read_graph_json(out / "extractions.json")
    shared = [n for n, data in graph.nodes(data=True) if len(data.get("articles", ())) >= 2]
    assert len(shared) >= 5
    assert len(graph.nodes["org:interpol"]["articles"]) >= 5
    hammouchi = [n for n, d in graph.nodes(data=True) if d.get("label") == "عبد اللطيف حموشي"]
    assert len(hammouchi) == 1 and len(graph.nodes[hammouchi[0]]["articles"]) >= 3


def test_each_named_graph_derives_from_its_news_article(demo):
    out, _ = demo
    dataset = Dataset()
    dataset.parse(out / "graph.trig", format="trig")
    graphs = [g for g in dataset.graphs() if len(g) and str(g.identifier).startswith("https://w3id.org/kg-arabic/id/graph/")]
    assert len(graphs) == 11
    for g in graphs:
        article = URIRef(str(g.identifier).replace("/graph/", "/article/"))
        assert (g.identifier, PROV.wasDerivedFrom, article) in g
        assert (article, None, SCHEMA.NewsArticle) in g
