"""kg serve and kg push: a real SPARQL endpoint on 127.0.0.1, graphs pushed to it, queried over HTTP."""
from __future__ import annotations

import gc
import json
import os
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.cli import main
from kg.query import canned_queries
from kg.rdf.graph import extraction_to_dataset
from kg.rdf.server import ServerError, oxigraph_binary, push
from kg.rdf.store import GRAPH_PREFIX, ingest, open_store, store_to_dataset
from rdf_fixtures import KAMAL, NADIA, SALIM, sample_extractions
from served_store import free_port, serving


def sparql_select(base: str, query: str) -> list[dict]:
    """An ordinary SPARQL protocol client: GET /query, JSON results."""
    url = f"{base}/query?{urllib.parse.urlencode({'query': query})}"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["results"]["bindings"]


@pytest.fixture()
def local_store(tmp_path):
    path = tmp_path / "local"
    store = open_store(path)
    ingest(store, extraction_to_dataset(sample_extractions()))
    del store
    gc.collect()
    return path


@pytest.fixture()
def server(tmp_path):
    """`kg serve` on a free port over a new store; killed (with its process group) after the test."""
    with serving(tmp_path / "served") as base:
        yield base


def test_the_oxigraph_server_binary_is_installed():
    assert os.access(oxigraph_binary(), os.X_OK)


def test_push_then_query_over_http(server, local_store):
    runner = CliRunner()
    result = runner.invoke(main, ["push", "--endpoint", f"{server}/store", "--store", str(local_store)])
    assert result.exit_code == 0, result.output
    assert "pushed 3 graph(s)" in result.stdout
    assert "HTTP 201" in result.stdout  # created

    # the canned query, sent over the SPARQL protocol, gives the rows it gives locally
    heads = canned_queries()["heads"].text
    remote = sparql_select(server, heads)
    assert [(r["personLabel"]["value"], r["articles"]["value"]) for r in remote] == [(KAMAL, "1"), (SALIM, "1")]

    meetings = sparql_select(server, canned_queries()["meetings"].text)
    assert {(r["party1Label"]["value"], r["party2Label"]["value"]) for r in meetings} == {
        (SALIM, NADIA), (KAMAL, NADIA)}

    # each graph came over whole: Graph Store GET gives back what the local store holds
    graph_iri = GRAPH_PREFIX + "amman-water-forum"
    url = f"{server}/store?{urllib.parse.urlencode({'graph': graph_iri})}"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/n-triples"})) as resp:
        fetched = Graph().parse(data=resp.read().decode("utf-8"), format="nt")
    local = store_to_dataset(open_store(local_store, read_only=True)).graph(URIRef(graph_iri))
    assert isomorphic(fetched, local)

    # pushing again replaces (PUT), it does not add
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = sparql_select(server, count)[0]["n"]["value"]
    again = runner.invoke(main, ["push", "--endpoint", f"{server}/store", "--store", str(local_store),
                                 "--article", "water-brief"])
    assert again.exit_code == 0 and "pushed 1 graph(s)" in again.stdout
    assert sparql_select(server, count)[0]["n"]["value"] == before


def test_push_errors_say_what_to_do(local_store):
    store = open_store(local_store, read_only=True)
    closed = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(ServerError, match="cannot reach .*start the endpoint"):
        push(store, closed, timeout=2)
    with pytest.raises(ServerError, match="not an http"):
        push(store, "ftp://example.org/store")
    with pytest.raises(ServerError, match="no article 'nope'"):
        push(store, closed, articles=["nope"])
    result = CliRunner().invoke(main, ["push", "--endpoint", closed, "--store", str(local_store), "--timeout", "2"])
    assert result.exit_code == 1 and "cannot reach" in result.stderr


def test_a_build_while_a_server_holds_the_store_refuses_before_touching_anything(server, tmp_path):
    # the server fixture serves tmp_path/served: building into tmp_path must not corrupt it
    article = tmp_path / "articles" / "one.txt"
    article.parent.mkdir()
    article.write_text("عمان - استقبل وزير الداخلية الأردني أمس في عمان وفدا من الأنتربول.", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "store").symlink_to(tmp_path / "served")
    result = CliRunner().invoke(main, ["build", str(article.parent), "--out", str(out)])
    assert result.exit_code == 1
    assert "open for writing in another process" in result.stderr and "nothing was changed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    # refused before touching anything: no file written that would disagree with the served store
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["store"]


def test_serve_offers_a_query_page_at_the_root_and_kg_prints_its_prefixes(server):
    with urllib.request.urlopen(f"{server}/", timeout=10) as response:
        page = response.read().decode("utf-8", "replace")
        assert response.headers.get_content_type() == "text/html"
    assert "yasgui" in page.lower()
    printed = CliRunner().invoke(main, ["query", "--prefixes"]).stdout
    assert "PREFIX kgorg: <https://w3id.org/kg-arabic/id/org/>" in printed
    # the printed lines make kg's prefixed names usable over HTTP
    assert sparql_select(server, printed + "SELECT * WHERE { kgorg:interpol ?p ?o }") == []


def test_version_flag():
    for flag in ("-V", "--version"):
        result = CliRunner().invoke(main, [flag])
        assert result.exit_code == 0 and result.stdout.startswith("kg, version ")
