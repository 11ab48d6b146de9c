"""Turn extractions into an RDF dataset: one named graph per article, with provenance.

IRI scheme (all under ``KGR`` = https://w3id.org/kg-arabic/id/):

- entity:     ``<kind>/<slug>`` from ``Entity.key`` ``"<kind>:<name>"``
              (``org:interpol`` -> ``org/interpol``, ``person:عبد اللطيف حموشي``
              -> ``person/عبد_اللطيف_حموشي``); the name's words are written the way
              newswire writes them (``kg.spelling``: ``organization:وزاره الداخليه`` ->
              ``organization/وزارة_الداخلية``); same key, same IRI, in every run and article.
- article:    ``article/<id>``; its mentions ``article/<id>#char=<begin>,<end>``
              (the NIF / RFC 5147 offset convention).
- graph:      ``graph/<id>``, the named graph holding everything said by one article.
              For an id made by ``kg.ingest.article_id`` (letters, digits, ``-``, ``_``, ``.``,
              NFKC) ``<id>`` is the id itself, ``_`` included, so the graph IRI's suffix is the
              article id (kg.rdf.store and ``kg remove ID`` rely on it; ``article_id_from_graph``
              reads it back); other characters of an id built in code are percent-encoded.
- statement:  ``statement/<id>/<hash>``, hash of article, subject, predicate, object,
              evidence span and rule.
- activity:   ``activity/<id>``; software agent ``agent/<extractor>-<version>``.

Entity slugs keep letters (Arabic included), digits and ``-.~``, write a space as ``_`` and
percent-encode everything else (``_`` itself included, so two keys share an IRI only
when they have the same normal form, which kg's keys never do).  Article slugs keep ``_`` as it is and percent-encode a space.

Everything about one article, including the named graph's own provenance
(``<graph/id> prov:wasDerivedFrom <article/id>``), lives inside that article's
named graph, so replacing or dropping one graph replaces or drops all of it.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.model import Article, Entity, Extraction, Relation, Span
from kg.spelling import written_form
from kg.rdf.vocab import (
    DCTERMS, ENTITY_CLASSES, ITSRDF, KG, KGR, NIF, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, WD, XSD,
    bind_prefixes,
)

__all__ = [
    "entity_iri", "article_iri", "article_graph_iri", "article_id_from_graph", "extraction_to_dataset",
    "article_triples",
    "union_graph", "write_outputs",
]

_KEEP_PUNCTUATION = frozenset("-.~")
#: an article id keeps ``_`` unescaped, so that the graph IRI's suffix is the id (see the module docstring)
_ARTICLE_KEEP = _KEEP_PUNCTUATION | {"_"}
# Characters that may not appear in an IRI at all (RFC 3987), even in a URL we are given.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')
_WIKIDATA_ID = re.compile(r"^(?:https?://www\.wikidata\.org/(?:entity|wiki)/)?(Q[1-9][0-9]*)$")
_DATE_FORMS = (
    (re.compile(r"^-?\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$"), XSD.dateTime),
    (re.compile(r"^-?\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^-?\d{4}$"), XSD.gYear),
)


class _Terms:
    """A namespace's terms, each made once: rdflib makes a new URIRef at every ``RDF.type``, which was
    a third of the cost of describing an article."""

    def __init__(self, namespace):
        self._namespace = namespace
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._items.get(name)
        if term is None:
            term = self._items[name] = self._namespace[name]
        return term


_DCTERMS, _ITSRDF, _KG, _NIF, _OWL, _PROV, _RDF, _RDFS, _SCHEMA, _SKOS, _XSD = map(
    _Terms, (DCTERMS, ITSRDF, KG, NIF, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD))


@lru_cache(maxsize=65536)
def _slug(text: str, keep: frozenset[str] = _KEEP_PUNCTUATION, space: str = "_") -> str:
    """A readable, reversible IRI path segment: letters, digits and ``keep`` kept, space -> ``space``."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if char == " ":
            out.append(space)
        elif category[0] in "LN" or category in ("Mn", "Mc") or char in keep:
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    slug = "".join(out)
    # "." and ".." are dot-segments that IRI resolution would remove.
    return slug.replace(".", "%2E") if slug in (".", "..") else slug


@lru_cache(maxsize=65536)
def _offset(index: int) -> Literal:
    """A character offset as a literal (offsets repeat from article to article)."""
    return Literal(index, datatype=XSD.nonNegativeInteger)


@lru_cache(maxsize=65536)
def _arabic(text: str) -> Literal:
    """An Arabic literal (labels and names recur from article to article)."""
    return Literal(text, lang="ar")


def entity_iri(entity: Entity) -> URIRef:
    """The entity's IRI, ``KGR[<kind>/<slug>]``, a function of ``entity.key`` alone: the key's
    name written the way newswire writes it (``kg.spelling``: "الداخلية", not the normal form
    "الداخليه"), so the IRI reads right and stays the same across builds.

    A key without a ``kind:`` prefix takes the entity type as its kind.
    """
    key = entity.key.strip()
    if not key:
        raise ValueError(
            f"entity {entity.id!r} ({entity.label!r}) has an empty key; "
            "give it a gazetteer id or '<type>:<normalised name>' so it can be named across articles"
        )
    kind, sep, name = key.partition(":")
    if not sep or not kind or not name:
        kind, name = entity.type.value.lower(), key
    return KGR[f"{_slug(kind)}/{_slug(written_form(name, person=kind == 'person'))}"]


def _article_slug(article: Article) -> str:
    if not article.id.strip():
        raise ValueError(
            f"article read from {article.source or '<unknown source>'!r} has an empty id; "
            "set Article.id (the file name without its extension)"
        )
    return _slug(article.id, _ARTICLE_KEEP, "%20")


def article_id_from_graph(graph_iri: str) -> str:
    """The article id of an article graph's IRI (``KGR[graph/<id>]``): its suffix, percent-decoded
    (for an id made by kg.ingest.article_id, the suffix as it is)."""
    prefix = str(KGR["graph/"])
    if not graph_iri.startswith(prefix):
        raise ValueError(f"{graph_iri} is not an article graph; article graphs are <{prefix}ID>")
    return unquote(graph_iri[len(prefix):])


def article_iri(article: Article) -> URIRef:
    """The article's IRI, ``KGR[article/<id>]``."""
    return KGR[f"article/{_article_slug(article)}"]


def article_graph_iri(article: Article) -> URIRef:
    """The IRI of the named graph holding what kg extracted from the article."""
    return KGR[f"graph/{_article_slug(article)}"]


def _mention_iri(article: Article, span: Span) -> URIRef:
    return URIRef(f"{article_iri(article)}#char={span.start},{span.end}")


def _date_literal(value: str, what: str) -> Literal:
    value = value.strip()
    for pattern, datatype in _DATE_FORMS:
        if pattern.match(value):
            return Literal(value, datatype=datatype)
    raise ValueError(
        f"{what}: date {value!r} is not ISO 8601; write it as YYYY-MM-DD "
        "(or YYYY-MM, YYYY, YYYY-MM-DDThh:mm:ss)"
    )


def _wikidata_iri(value: str, entity: Entity) -> URIRef:
    match = _WIKIDATA_ID.match(value.strip())
    if not match:
        raise ValueError(
            f"entity {entity.key!r}: wikidata id {value!r} is not a Wikidata item; "
            "write it as Q<number>, e.g. Q42"
        )
    return WD[match.group(1)]


def _decimal(value: float) -> Literal:
    text = f"{value:.4f}".rstrip("0")
    return Literal(Decimal(text + "0" if text.endswith(".") else text), datatype=XSD.decimal)


def _text_of(article: Article, span: Span, what: str) -> str:
    if span.end > len(article.text):
        raise ValueError(
            f"article {article.id!r}: {what} span [{span.start}, {span.end}) runs past the end "
            f"of the text ({len(article.text)} characters); spans must index Article.text"
        )
    return article.text[span.start:span.end]


def _statement_iri(article: Article, subject: URIRef, relation: Relation, obj: URIRef) -> URIRef:
    parts = (article.id, str(subject), relation.predicate, str(obj),
             str(relation.evidence.start), str(relation.evidence.end), relation.rule)
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return KGR[f"statement/{_article_slug(article)}/{digest}"]


def _kg_version() -> str:
    try:
        return metadata.version("kg")
    except metadata.PackageNotFoundError:
        return "unknown"


def _add_article(graph: Graph, extraction: Extraction, include_text: bool) -> URIRef:
    article = extraction.article
    node = article_iri(article)
    graph.add((node, _RDF.type, _SCHEMA.NewsArticle))
    graph.add((node, _SCHEMA.inLanguage, Literal("ar")))
    if article.title:
        graph.add((node, _SCHEMA.headline, _arabic(article.title)))
        graph.add((node, _DCTERMS.title, _arabic(article.title)))
    if article.date:
        graph.add((node, _SCHEMA.datePublished, _date_literal(article.date, f"article {article.id!r}")))
    if article.url:
        url = _IRI_FORBIDDEN.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), article.url.strip())
        graph.add((node, _SCHEMA.url, URIRef(url)))
    if article.source:
        graph.add((node, _KG.sourceFile, Literal(article.source)))
    if article.publisher:
        publisher = KGR[f"publisher/{_slug(article.publisher)}"]
        graph.add((node, _SCHEMA.publisher, publisher))
        graph.add((publisher, _RDF.type, _SCHEMA.Organization))
        graph.add((publisher, _SCHEMA.name, _arabic(article.publisher)))
    if include_text:
        graph.add((node, _RDF.type, _NIF.Context))
        graph.add((node, _NIF.isString, Literal(article.text, lang="ar")))
    return node


def _add_entity(graph: Graph, entity: Entity, article: Article, article_node: URIRef) -> None:
    node = entity_iri(entity)
    graph.add((node, _RDF.type, ENTITY_CLASSES[entity.type]))
    graph.add((node, _RDFS.label, _arabic(entity.label)))
    graph.add((node, _SKOS.prefLabel, _arabic(entity.label)))
    for form in entity.surface_forms:
        if form != entity.label:
            graph.add((node, _SKOS.altLabel, _arabic(form)))
    if entity.label_en:
        graph.add((node, _RDFS.label, Literal(entity.label_en, lang="en")))
    if entity.wikidata:
        graph.add((node, _OWL.sameAs, _wikidata_iri(entity.wikidata, entity)))
    if entity.date_start:
        graph.add((node, _SCHEMA.startDate, _date_literal(entity.date_start, f"entity {entity.key!r}")))
    if entity.date_end:
        graph.add((node, _SCHEMA.endDate, _date_literal(entity.date_end, f"entity {entity.key!r}")))
    graph.add((article_node, _SCHEMA.mentions, node))
    for mention in entity.mentions:
        text = _text_of(article, mention.span, f"mention {mention.text!r}")
        span_node = _mention_iri(article, mention.span)
        graph.add((span_node, _RDF.type, _NIF.Phrase))
        graph.add((span_node, _NIF.beginIndex, _offset(mention.span.start)))
        graph.add((span_node, _NIF.endIndex, _offset(mention.span.end)))
        graph.add((span_node, _NIF.anchorOf, _arabic(text)))
        graph.add((span_node, _NIF.referenceContext, article_node))
        graph.add((span_node, _ITSRDF.taIdentRef, node))


def _relation_end(extraction: Extraction, entity_id: str, relation: Relation) -> URIRef:
    entity = extraction.entity(entity_id)
    if entity.type not in ENTITY_CLASSES:
        raise ValueError(
            f"article {extraction.article.id!r}: relation {relation.predicate!r} (rule {relation.rule!r}) "
            f"links {entity.type.value} entity {entity.label!r}; relations link only "
            "PERSON, ORGANIZATION, LOCATION and EVENT entities, so drop the relation"
        )
    return entity_iri(entity)


def _add_graph(
    dataset: Dataset, extraction: Extraction, generated_at: datetime | None, include_text: bool,
) -> None:
    _describe(dataset.graph(article_graph_iri(extraction.article)), extraction, generated_at, include_text)


class _Triples(set):
    """A plain set of triples with Graph's ``add``: what ``_describe`` needs, without rdflib's indexes."""


def article_triples(extraction: Extraction, *, generated_at: datetime | None = None,
                    include_text: bool = False) -> set[tuple]:
    """The triples of the article's named graph (``article_graph_iri``), as a set: what
    ``extraction_to_dataset`` puts in that graph, at a fraction of the cost (no rdflib store)."""
    triples = _Triples()
    _describe(triples, extraction, generated_at, include_text)
    return set(triples)


def _describe(graph, extraction: Extraction, generated_at: datetime | None, include_text: bool) -> None:
    """Add the article graph's triples to ``graph`` (anything with ``add(triple)``)."""
    article = extraction.article
    graph_iri = article_graph_iri(article)
    article_node = _add_article(graph, extraction, include_text)

    version = extraction.version or _kg_version()
    agent = KGR[f"agent/{_slug(f'{extraction.extractor}-{version}')}"]
    activity = KGR[f"activity/{_article_slug(article)}"]
    graph.add((agent, _RDF.type, _PROV.SoftwareAgent))
    graph.add((agent, _RDFS.label, Literal(f"{extraction.extractor} {version}")))
    graph.add((activity, _RDF.type, _PROV.Activity))
    graph.add((activity, _PROV.wasAssociatedWith, agent))
    graph.add((activity, _PROV.used, article_node))
    graph.add((graph_iri, _RDF.type, _PROV.Entity))
    graph.add((graph_iri, _PROV.wasDerivedFrom, article_node))
    graph.add((graph_iri, _PROV.wasGeneratedBy, activity))
    if generated_at is not None:
        graph.add((graph_iri, _PROV.generatedAtTime, Literal(generated_at)))

    for entity in extraction.entities:
        if entity.type in ENTITY_CLASSES:
            _add_entity(graph, entity, article, article_node)

    confidences: dict[URIRef, float] = {}
    for relation in extraction.relations:
        subject = _relation_end(extraction, relation.subject, relation)
        obj = _relation_end(extraction, relation.object, relation)
        predicate = _KG[relation.predicate]
        graph.add((subject, predicate, obj))

        statement = _statement_iri(article, subject, relation, obj)
        # The same relation found twice by one rule in one sentence is one statement.
        if statement in confidences and confidences[statement] >= relation.confidence:
            continue
        if statement in confidences:
            graph.remove((statement, _KG.confidence, None))
        confidences[statement] = relation.confidence
        evidence = _text_of(article, relation.evidence, f"evidence of {relation.predicate!r}")
        triples: list[tuple[Node, Node, Node]] = [
            (statement, _RDF.type, _KG.RelationStatement),
            (statement, _RDF.subject, subject),
            (statement, _RDF.predicate, predicate),
            (statement, _RDF.object, obj),
            (statement, _KG.confidence, _decimal(relation.confidence)),
            (statement, _KG.rule, Literal(relation.rule)),
            (statement, _PROV.wasDerivedFrom, article_node),
            (statement, _PROV.wasGeneratedBy, activity),
            (statement, _NIF.referenceContext, article_node),
            (statement, _NIF.beginIndex, _offset(relation.evidence.start)),
            (statement, _NIF.endIndex, _offset(relation.evidence.end)),
            (statement, _NIF.anchorOf, _arabic(evidence)),
        ]
        for triple in triples:
            graph.add(triple)


def extraction_to_dataset(
    extractions: Iterable[Extraction],
    *,
    generated_at: datetime | None = None,
    include_text: bool = False,
) -> Dataset:
    """One named graph per article (IRI ``article_graph_iri``) with entities, relations and provenance.

    ``generated_at`` is written as the graphs' ``prov:generatedAtTime`` only when
    given, so that two runs over the same input give the same graph.
    ``include_text`` adds the article text (``nif:isString``) so that offsets can
    be checked without the source file.
    """
    dataset = bind_prefixes(Dataset())
    seen: dict[str, str] = {}
    for extraction in extractions:
        article = extraction.article
        if article.id in seen:
            raise ValueError(
                f"article id {article.id!r} appears twice (sources {seen[article.id]!r} and "
                f"{article.source!r}); give every article a unique id"
            )
        seen[article.id] = article.source
        _add_graph(dataset, extraction, generated_at, include_text)
    return dataset


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all graphs of ``dataset`` in one Graph, prefixes bound (for Turtle)."""
    graph = bind_prefixes(Graph())
    for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
        graph.add((subject, predicate, obj))
    return graph


def write_outputs(dataset: Dataset, out_dir: str | Path) -> dict[str, Path]:
    """Write ``graph.trig`` (named graphs) and ``graph.ttl`` (their union) to ``out_dir``.

    Returns ``{"trig": path, "ttl": path}``.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} is a file; give a directory to write graph.trig and graph.ttl into")
    out.mkdir(parents=True, exist_ok=True)
    paths = {"trig": out / "graph.trig", "ttl": out / "graph.ttl"}
    dataset.serialize(destination=paths["trig"], format="trig", encoding="utf-8")
    union_graph(dataset).serialize(destination=paths["ttl"], format="turtle", encoding="utf-8")
    return paths
