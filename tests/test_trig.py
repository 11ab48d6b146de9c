"""graph.trig joined from graph.ttl and the named graphs' blocks holds exactly the store's quads."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.rdf.trig import join_trig, write_named_graph_blocks
from kg.rdf.vocab import PREFIXES

EX = "https://w3id.org/kg-arabic/id/"


def quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store}


def joined(store: ox.Store, tmp_path, prefixes=PREFIXES) -> set[str]:
    prefixes = dict(prefixes)
    turtle, blocks, trig = tmp_path / "graph.ttl", tmp_path / "blocks", tmp_path / "graph.trig"
    store.dump(str(turtle), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=prefixes)
    header = write_named_graph_blocks(store, blocks, prefixes)
    join_trig(trig, turtle, blocks, header)
    return {str(q) for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)}


def article_store(with_default: bool = True) -> ox.Store:
    store = ox.Store()
    person, org = ox.NamedNode(EX + "person/وزير_الداخلية"), ox.NamedNode(EX + "org/الشرطة_الاتحادية")
    heads = ox.NamedNode("https://w3id.org/kg-arabic/ontology#heads")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for n in range(3):
        graph = ox.NamedNode(f"{EX}graph/article-{n}")
        triples = [(person, heads, org), (person, label, ox.Literal(f"الوزير {n}\nسطر ثان \"مقتبس\"", language="ar")),
                   (org, label, ox.Literal(str(n), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))]
        for s, p, o in triples:
            store.add(ox.Quad(s, p, o, graph))
            if with_default:
                store.add(ox.Quad(s, p, o, ox.DefaultGraph()))
    return store


def test_the_joined_trig_holds_every_quad_of_the_store(tmp_path):
    store = article_store()
    assert joined(store, tmp_path) == quads(store)
    text = (tmp_path / "graph.trig").read_text(encoding="utf-8")
    assert text.count("@prefix rdfs:") == 1  # declared once, at the top, not in every block


def test_named_graphs_without_a_default_graph_keep_their_prefixes(tmp_path):
    store = article_store(with_default=False)
    assert joined(store, tmp_path) == quads(store)


def test_without_prefixes_and_without_graphs(tmp_path):
    store = article_store()
    assert joined(store, tmp_path, prefixes={}) == quads(store)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert joined(ox.Store(), empty) == set()


@pytest.mark.parametrize("with_default", [True, False])
def test_the_joined_trig_equals_oxigraphs_own_dump(tmp_path, with_default):
    store = article_store(with_default)
    own = {str(q) for q in ox.parse(store.dump(format=ox.RdfFormat.TRIG, prefixes=dict(PREFIXES)),
                                    format=ox.RdfFormat.TRIG)}
    assert joined(store, tmp_path) == own
