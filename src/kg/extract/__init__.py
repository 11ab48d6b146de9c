"""Extraction stages: gazetteer matching, rules, resolution, relations, and the pipeline that runs them."""
