"""Hand-made extractions of three short Arabic articles (invented names), shared by the store,
query, validation, export and server tests.

What they say, so that expected query rows can be read off:

- amman-water-forum (2024-03-11): منتدى عمان للمياه held in عمان, organised by الهيئة العربية للمياه;
  سليم الحداد (head of الهيئة) and نادية القاسمي attended it and met; الهيئة cooperates with
  المعهد الدولي للري.
- tunis-irrigation-conference (2024-06-03): مؤتمر تونس للري held in تونس, organised by المعهد;
  كمال بن يوسف (head of المعهد) chaired it; نادية القاسمي attended it; كمال met نادية; المعهد
  cooperates with الهيئة (the other way round).
- water-brief (2024-07-01): نادية القاسمي is a member of الهيئة; mentions منتدى عمان للمياه.
"""
from __future__ import annotations

from kg.model import Article, Entity, EntityType, Extraction, Mention, Relation, Span

PERSON, ORG, LOC, EVENT = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.LOCATION, EntityType.EVENT

SALIM, NADIA, KAMAL = "سليم الحداد", "نادية القاسمي", "كمال بن يوسف"
AUTHORITY, INSTITUTE = "الهيئة العربية للمياه", "المعهد الدولي للري"
FORUM, CONFERENCE = "منتدى عمان للمياه", "مؤتمر تونس للري"
AMMAN, TUNIS = "عمان", "تونس"

#: Entity keys (cross-article identity) by label.
KEYS = {
    SALIM: f"person:{SALIM}", NADIA: f"person:{NADIA}", KAMAL: f"person:{KAMAL}",
    AUTHORITY: "org:arab-water-authority", INSTITUTE: "org:intl-irrigation-institute",
    FORUM: f"event:{FORUM}", CONFERENCE: f"event:{CONFERENCE}",
    AMMAN: "loc:amman", TUNIS: "loc:tunis",
}
TYPES = {SALIM: PERSON, NADIA: PERSON, KAMAL: PERSON, AUTHORITY: ORG, INSTITUTE: ORG,
         FORUM: EVENT, CONFERENCE: EVENT, AMMAN: LOC, TUNIS: LOC}
EXTRA = {
    AUTHORITY: {"label_en": "Arab Water Authority"},
    AMMAN: {"label_en": "Amman", "wikidata": "Q3805"},
    FORUM: {"date_start": "2024-03-10", "date_end": "2024-03-12"},
    CONFERENCE: {"date_start": "2024-06-02"},
}

AMMAN_SENTENCES = (
    f"افتتح في {AMMAN} يوم الأحد {FORUM} بتنظيم من {AUTHORITY}.",
    f"وشارك {SALIM} رئيس {AUTHORITY} في {FORUM}.",
    f"وحضرت {NADIA} {FORUM} والتقت {SALIM} على هامشه.",
    f"ووقعت {AUTHORITY} مذكرة تعاون مع {INSTITUTE}.",
)
TUNIS_SENTENCES = (
    f"اختتم في {TUNIS} {CONFERENCE} الذي نظمه {INSTITUTE}.",
    f"وترأس {KAMAL} مدير {INSTITUTE} أشغال المؤتمر بمشاركة {NADIA}.",
    f"والتقى {KAMAL} {NADIA} لبحث التعاون مع {AUTHORITY}.",
    f"وأكد {INSTITUTE} استمرار تعاونه مع {AUTHORITY}.",
)
BRIEF_SENTENCES = (
    f"قالت {NADIA}، عضو {AUTHORITY}، إن نتائج {FORUM} ستنشر قريبا.",
)


def _spans(text: str, surface: str) -> list[Span]:
    spans, start = [], text.find(surface)
    while start != -1:
        spans.append(Span(start, start + len(surface)))
        start = text.find(surface, start + len(surface))
    return spans


def make_extraction(article_id: str, sentences: tuple[str, ...], labels: list[str],
                    relations: list[tuple[str, str, str, int, float]], *, title: str = "", date: str = "",
                    keys: dict[str, str] | None = None, types: dict[str, EntityType] | None = None) -> Extraction:
    """An Extraction of ``sentences`` joined by spaces; ``relations`` are (subject label, predicate,
    object label, sentence index, confidence).  Mentions are every occurrence of a label, except
    those inside a longer label (عمان inside منتدى عمان للمياه)."""
    keys, types = {**KEYS, **(keys or {})}, {**TYPES, **(types or {})}
    text = " ".join(sentences)
    longer = {label: [s for other in labels if other != label and label in other for s in _spans(text, other)]
              for label in labels}
    entities, ids = [], {}
    for number, label in enumerate(labels, 1):
        spans = [s for s in _spans(text, label) if not any(big.contains(s) for big in longer[label])]
        if not spans:
            raise ValueError(f"{label!r} does not occur in article {article_id!r}")
        mentions = tuple(Mention(span=s, text=label, type=types[label], source="test", key=keys[label])
                         for s in spans)
        ids[label] = f"e{number}"
        entities.append(Entity(id=ids[label], type=types[label], label=label, mentions=mentions,
                               key=keys[label], **EXTRA.get(label, {})))
    offsets, start = [], 0
    for sentence in sentences:
        offsets.append(Span(start, start + len(sentence)))
        start += len(sentence) + 1
    rels = tuple(
        Relation(subject=ids[s], predicate=p, object=ids[o], confidence=c, evidence=offsets[i], rule=f"test_{p}")
        for s, p, o, i, c in relations
    )
    article = Article(id=article_id, text=text, source=f"articles/{article_id}.txt", title=title, date=date)
    return Extraction(article=article, entities=tuple(entities), relations=rels, version="0.1.0")


def amman_extraction() -> Extraction:
    return make_extraction(
        "amman-water-forum", AMMAN_SENTENCES,
        [SALIM, NADIA, AUTHORITY, INSTITUTE, FORUM, AMMAN],
        [(FORUM, "heldIn", AMMAN, 0, 0.9), (FORUM, "organizedBy", AUTHORITY, 0, 0.8),
         (SALIM, "attended", FORUM, 1, 0.9), (SALIM, "heads", AUTHORITY, 1, 0.85),
         (NADIA, "attended", FORUM, 2, 0.9), (NADIA, "metWith", SALIM, 2, 0.75),
         (AUTHORITY, "cooperatesWith", INSTITUTE, 3, 0.8)],
        title="انطلاق منتدى عمان للمياه", date="2024-03-11",
    )


def tunis_extraction() -> Extraction:
    return make_extraction(
        "tunis-irrigation-conference", TUNIS_SENTENCES,
        [KAMAL, NADIA, INSTITUTE, AUTHORITY, CONFERENCE, TUNIS],
        [(CONFERENCE, "heldIn", TUNIS, 0, 0.9), (CONFERENCE, "organizedBy", INSTITUTE, 0, 0.8),
         (KAMAL, "chaired", CONFERENCE, 1, 0.85), (KAMAL, "heads", INSTITUTE, 1, 0.8),
         (NADIA, "attended", CONFERENCE, 1, 0.7), (KAMAL, "metWith", NADIA, 2, 0.8),
         (INSTITUTE, "cooperatesWith", AUTHORITY, 3, 0.75)],
        title="اختتام مؤتمر تونس للري", date="2024-06-03",
    )


def brief_extraction() -> Extraction:
    return make_extraction(
        "water-brief", BRIEF_SENTENCES, [NADIA, AUTHORITY, FORUM],
        [(NADIA, "memberOf", AUTHORITY, 0, 0.7)],
        title="موجز المياه", date="2024-07-01",
    )


def sample_extractions() -> list[Extraction]:
    return [amman_extraction(), tunis_extraction(), brief_extraction()]


#: A name made of the characters that break naively built SPARQL: quotes, >, }, #, backslash.
AWKWARD = 'سامي "الصقر" <بن> {علي} #1 \\ \'ع\''


def awkward_extraction() -> Extraction:
    """An article whose person is named ``AWKWARD`` and attended منتدى عمان للمياه."""
    sentence = f"وشارك {AWKWARD} في {FORUM} ممثلا عن {AUTHORITY}."
    return make_extraction(
        "awkward-names", (sentence,), [AWKWARD, FORUM, AUTHORITY],
        [(AWKWARD, "attended", FORUM, 0, 0.6)],
        keys={AWKWARD: f"person:{AWKWARD}"}, types={AWKWARD: PERSON}, title="اسم غريب", date="2024-08-01",
    )
