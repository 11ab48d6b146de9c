"""RDF side of kg: the vocabulary (``vocab``) and Extraction -> named graphs (``graph``)."""
