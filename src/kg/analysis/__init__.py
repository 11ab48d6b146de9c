"""The knowledge graph for notebooks: RDF to networkx graphs and pandas DataFrames, and a few analyses.

A thin layer: rdflib loads and queries the RDF, networkx does every graph
algorithm, pandas holds the tables.  Nodes are keyed by entity IRI (a string),
the same value SPARQL returns, so graph metrics and query results join on it.

    build = open_build()                              # the user's build/ (or $KG_BUILD), else the demo
    dataset = load_dataset(build / "graph.trig")      # or .ttl, .nq, or the store folder build/store
    graph = entity_graph(dataset)                     # MultiDiGraph: entities, relations with evidence
    centrality(coattendance_graph(graph)).head()      # who sits between the groups that meet
    sparql_frame(dataset, "evidence", subject="حموشي")  # a canned query, the name found as kg query finds it
"""
from __future__ import annotations

from kg.analysis.build import find_build, open_build
from kg.analysis.data import build_dataset, load_dataset, sparql_frame
from kg.analysis.graphs import (
                                actor_event_graph,
                                centrality,
                                coattendance_graph,
                                communities,
                                cooperation_graph,
                                edges_frame,
                                ego,
                                entity_graph,
                                evidence_table,
                                find_entity,
                                match_entities,
                                meeting_graph,
                                nodes_frame,
                                shortest_path_with_evidence,
)
from kg.analysis.plotting import ARABIC_FONTS, arabic_font, plot_centrality, plot_text, plot_timeline
from kg.analysis.timeline import timeline

__all__ = [
    "find_build", "open_build", "load_dataset", "build_dataset", "sparql_frame", "entity_graph", "nodes_frame", "edges_frame",
    "match_entities", "find_entity", "coattendance_graph", "meeting_graph", "cooperation_graph",
    "actor_event_graph", "centrality", "communities", "ego", "shortest_path_with_evidence",
    "evidence_table", "timeline", "ARABIC_FONTS", "arabic_font", "plot_text", "plot_timeline",
    "plot_centrality",
]

