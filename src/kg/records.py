"""Extraction <-> the JSON record the scorer reads (../shared/eval/README.md)."""
from __future__ import annotations

import json

from kg.model import Extraction


def extraction_record(extraction: Extraction) -> dict:
    """One article's entities and relations as the scorer's JSON object."""
    article = extraction.article
    return {
        "id": article.id,
        **{key: value for key, value in (("title", article.title), ("date", article.date), ("url", article.url),
                                         ("source", article.publisher)) if value},
        "entities": [
            {
                "id": ent.id,
                "type": ent.type.value,
                "label": ent.label,
                # the names the article gives it: as written, and as a post implies them (وزير -> وزارة)
                "mentions": list(dict.fromkeys([*ent.surface_forms, *ent.aliases])),
                **({"label_en": ent.label_en} if ent.label_en else {}),
                **({"wikidata": ent.wikidata} if ent.wikidata else {}),
                **({"date_start": ent.date_start, "date_end": ent.date_end} if ent.date_start else {}),
                "key": ent.key,
            }
            for ent in extraction.entities
        ],
        "relations": [
            {
                "subject": rel.subject,
                "predicate": rel.predicate,
                "object": rel.object,
                "confidence": rel.confidence,
                "evidence": extraction.evidence_text(rel),
                "evidence_span": [rel.evidence.start, rel.evidence.end],
                "rule": rel.rule,
            }
            for rel in extraction.relations
        ],
    }


def record_list_item(record: dict, first: bool) -> str:
    """``record`` as the next item of a JSON list written one record at a time, laid out as
    ``json.dumps(records, indent=1)`` lays out the whole list; the list opens with the first item
    and closes with "\\n]" (an empty one is "[]")."""
    text = json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n ")  # strings hold no raw newline
    return ("[\n " if first else ",\n ") + text
