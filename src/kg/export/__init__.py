"""Exports of extracted knowledge: networkx graphs, GraphML and interactive HTML pages."""
