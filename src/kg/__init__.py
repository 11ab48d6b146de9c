"""kg: Arabic news articles into a knowledge graph (entities, relations, RDF with provenance, HTML)."""

__version__ = "0.1.0"
