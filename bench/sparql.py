"""SPARQL at scale: load time and canned-query latency, Oxigraph (the default store) beside rdflib.

Builds a synthetic dataset shaped like kg's (kg.rdf.graph): one named graph per
article with the article node, provenance (activity, agent), entities with
Arabic labels (persons, organisations, places, events, a few hubs named in
many articles), NIF mentions, asserted relations and their reified statements
with evidence sentence, offsets and confidence.  Then:

- Oxigraph: bulk-loads the whole dataset (default 1,000,000 triples) into an
  on-disk store and times every canned query (queries/*.rq);
- both engines on a smaller slice (``--rdflib-triples``, default 200,000):
  rdflib's in-memory Dataset and its SPARQL engine are too slow to load and
  query 1M triples in reasonable time, so they are compared on the same
  slice, which Oxigraph also answers;
- the transactional per-build ingestion (kg.rdf.store.ingest) of a batch of
  articles, for the rate that `kg build` writes at.

    .venv/bin/python bench/sparql.py [--triples 1000000] [--rdflib-triples 200000] [--runs 20]
"""
from __future__ import annotations

import sys

# Run as a script, this folder comes first on sys.path, and bench/html.py would shadow the standard library's html.
if sys.path and sys.path[0] and __file__.startswith(sys.path[0]):
    sys.path.pop(0)

import argparse
import bisect
import gc
import random
import statistics
import tempfile
import time
from itertools import accumulate
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.query import bind_params, canned_queries, run_query, with_values
from kg.rdf.store import GRAPH_PREFIX, REFRESH_DEFAULT_GRAPH, ingest, open_store
from kg.rdf.vocab import PREFIXES

KG = "https://w3id.org/kg-arabic/ontology#"
KGR = "https://w3id.org/kg-arabic/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITS = "http://www.w3.org/2005/11/its/rdf#"
XSD = "http://www.w3.org/2001/XMLSchema#"

GIVEN = ("سليم", "نادية", "كمال", "ليلى", "رشيد", "سلمى", "منصور", "هدى", "طارق", "أمينة", "فيصل", "زينب",
         "ناصر", "رانية", "هشام", "سعاد", "يوسف", "مريم", "عمر", "فاطمة")
FAMILY = ("الحداد", "القاسمي", "بن يوسف", "العطار", "الزياني", "الكتاني", "الدوسري", "الهاشمي", "المنصوري",
          "الشامي", "التونسي", "الفاسي", "العتيبي", "الإدريسي", "الحسني", "بنسعيد", "الشهري", "العلوي")
ORG_HEADS = ("الهيئة", "المديرية العامة", "الوكالة", "المعهد", "المركز", "وزارة", "المجلس", "الاتحاد")
ORG_FIELDS = ("للمياه", "للأمن الوطني", "للري", "للتنمية", "للطاقة", "للصحة", "للنقل", "للتعليم", "للبيئة")
PLACES = ("عمان", "تونس", "الرباط", "القاهرة", "الرياض", "الدوحة", "الجزائر", "بيروت", "مسقط", "الكويت")
EVENT_HEADS = ("منتدى", "مؤتمر", "اجتماع", "قمة", "ندوة", "ملتقى")
# predicate, subject kind, object kind: shaped like the extractor's output
RELATIONS = (("attended", "person", "event"), ("attended", "org", "event"), ("chaired", "person", "event"),
             ("heads", "person", "org"), ("memberOf", "person", "org"), ("metWith", "person", "person"),
             ("cooperatesWith", "org", "org"), ("heldIn", "event", "loc"), ("organizedBy", "event", "org"),
             ("visited", "person", "loc"), ("represents", "person", "loc"), ("partOf", "org", "org"),
             ("locatedIn", "org", "loc"))
CLASSES = {"person": "Person", "org": "Organization", "loc": "Location", "event": "Event"}


def iri(value: str) -> str:
    return f"<{value}>"


def lit(value: str, lang: str = "", datatype: str = "") -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"@{lang}' if lang else (f'"{text}"^^<{datatype}>' if datatype else f'"{text}"')


class Pool:
    """Entities of one kind with Zipf-like popularity (a few hubs, a long tail)."""

    def __init__(self, kind: str, labels: list[str], rng: random.Random):
        self.kind, self.labels, self.rng = kind, labels, rng
        self.cum = list(accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(len(labels))))

    def pick(self) -> tuple[str, str]:
        n = bisect.bisect_left(self.cum, self.rng.random() * self.cum[-1])
        return f"{KGR}{self.kind}/{self.kind}{n}", self.labels[n]


def make_pools(rng: random.Random, articles: int) -> dict[str, Pool]:
    persons = [f"{g} {f} {n}" for n in range(max(1, articles * 3 // (len(GIVEN) * len(FAMILY))) + 1)
               for g in GIVEN for f in FAMILY]
    orgs = [f"{h} {f} {n}" for n in range(max(1, articles // 40)) for h in ORG_HEADS for f in ORG_FIELDS]
    places = [f"{p} {n}" if n else p for n in range(max(1, articles // 200)) for p in PLACES]
    events = [f"{h} {p} {n}" for n in range(max(1, articles // 30)) for h in EVENT_HEADS for p in PLACES]
    return {k: Pool(k, v, rng) for k, v in (("person", persons), ("org", orgs), ("loc", places), ("event", events))}


def article_quads(number: int, pools: dict[str, Pool], rng: random.Random) -> list[str]:
    """The N-Quads lines of one article graph, as kg.rdf.graph would write them."""
    aid = f"synthetic-{number}"
    graph, article, activity = iri(f"{GRAPH_PREFIX}{aid}"), f"{KGR}article/{aid}", iri(f"{KGR}activity/{aid}")
    agent = iri(f"{KGR}agent/kg-0.1.0")
    date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    out = [
        (iri(article), iri(RDF + "type"), iri(SCHEMA + "NewsArticle")),
        (iri(article), iri(SCHEMA + "headline"), lit(f"عنوان الخبر رقم {number}", "ar")),
        (iri(article), iri(SCHEMA + "datePublished"), lit(date, datatype=XSD + "date")),
        (iri(article), iri(SCHEMA + "inLanguage"), lit("ar")),
        (iri(article), iri(KG + "sourceFile"), lit(f"articles/{aid}.txt")),
        (agent, iri(RDF + "type"), iri(PROV + "SoftwareAgent")),
        (activity, iri(RDF + "type"), iri(PROV + "Activity")),
        (activity, iri(PROV + "wasAssociatedWith"), agent),
        (activity, iri(PROV + "used"), iri(article)),
        (graph, iri(RDF + "type"), iri(PROV + "Entity")),
        (graph, iri(PROV + "wasDerivedFrom"), iri(article)),
        (graph, iri(PROV + "wasGeneratedBy"), activity),
    ]
    entities: dict[str, tuple[str, str]] = {}
    offset = 0

    def entity(kind: str) -> str:
        nonlocal offset
        node, label = pools[kind].pick()
        if node not in entities:
            entities[node] = (kind, label)
            out.extend([(iri(node), iri(RDF + "type"), iri(KG + CLASSES[kind])),
                        (iri(node), iri(RDFS + "label"), lit(label, "ar")),
                        (iri(node), iri(SKOS + "prefLabel"), lit(label, "ar")),
                        (iri(article), iri(SCHEMA + "mentions"), iri(node))])
            if kind == "event":
                out.append((iri(node), iri(SCHEMA + "startDate"), lit(date, datatype=XSD + "date")))
            for _ in range(rng.randint(1, 3)):
                span = iri(f"{article}#char={offset},{offset + len(label)}")
                out.extend([(span, iri(RDF + "type"), iri(NIF + "Phrase")),
                            (span, iri(NIF + "beginIndex"), lit(str(offset), datatype=XSD + "nonNegativeInteger")),
                            (span, iri(NIF + "endIndex"), lit(str(offset + len(label)), datatype=XSD + "nonNegativeInteger")),
                            (span, iri(NIF + "anchorOf"), lit(label, "ar")),
                            (span, iri(NIF + "referenceContext"), iri(article)),
                            (span, iri(ITS + "taIdentRef"), iri(node))])
                offset += len(label) + 40
        return node

    for number_of_relation in range(rng.randint(4, 14)):
        predicate, skind, okind = rng.choice(RELATIONS)
        subject, obj = entity(skind), entity(okind)
        if subject == obj:
            continue
        statement = iri(f"{KGR}statement/{aid}/{number_of_relation}")
        sentence = f"وقال {entities[subject][1]} إن التعاون مع {entities[obj][1]} مستمر."
        begin = rng.randint(0, offset + 1)
        out.extend([
            (iri(subject), iri(KG + predicate), iri(obj)),
            (statement, iri(RDF + "type"), iri(KG + "RelationStatement")),
            (statement, iri(RDF + "subject"), iri(subject)),
            (statement, iri(RDF + "predicate"), iri(KG + predicate)),
            (statement, iri(RDF + "object"), iri(obj)),
            (statement, iri(KG + "confidence"), lit(f"{rng.randint(50, 95) / 100}", datatype=XSD + "decimal")),
            (statement, iri(KG + "rule"), lit(f"{predicate}_rule")),
            (statement, iri(PROV + "wasDerivedFrom"), iri(article)),
            (statement, iri(PROV + "wasGeneratedBy"), activity),
            (statement, iri(NIF + "referenceContext"), iri(article)),
            (statement, iri(NIF + "beginIndex"), lit(str(begin), datatype=XSD + "nonNegativeInteger")),
            (statement, iri(NIF + "endIndex"), lit(str(begin + len(sentence)), datatype=XSD + "nonNegativeInteger")),
            (statement, iri(NIF + "anchorOf"), lit(sentence, "ar")),
        ])
    return [f"{s} {p} {o} {graph} ." for s, p, o in dict.fromkeys(out)]


def generate(triples: int, seed: int = 7) -> tuple[list[list[str]], str]:
    """Article graphs (lists of N-Quads lines) until ``triples`` quads; and a frequent person's label."""
    rng = random.Random(seed)
    pools = make_pools(rng, max(1, triples // 300))
    graphs, total = [], 0
    while total < triples:
        lines = article_quads(len(graphs), pools, rng)
        graphs.append(lines)
        total += len(lines)
    return graphs, pools["person"].labels[0]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


#: The cases timed: every canned query as a full listing, and the parameterised, selective uses.
def cases(store: ox.Store) -> list[tuple[str, str, dict[str, str]]]:
    """(label, canned query, parameters), the parameter values read from ``store`` (the slice)."""
    # entity parameters take IRIs as they are (names go through kg's matcher, not timed here)
    fact = next(iter(store.query(
        "SELECT ?s ?o WHERE { GRAPH ?g { ?st rdf:subject ?s ; rdf:predicate kg:attended ; rdf:object ?o } } LIMIT 1",
        prefixes={"rdf": RDF, "kg": KG})))
    hub = next(iter(store.query(
        "SELECT ?o WHERE { GRAPH ?g { ?x kg:heads ?o } } LIMIT 1", prefixes={"kg": KG})))["o"].value
    listing = [(name, name, {}) for name in canned_queries() if name != "evidence"]
    return listing + [
        ("evidence/fact", "evidence", {"subject": fact["s"].value, "predicate": "kg:attended",
                                       "object": fact["o"].value}),
        ("evidence/subj", "evidence", {"subject": fact["s"].value}),
        ("attendance/ev", "attendance", {"event": fact["o"].value}),
        ("heads/org", "heads", {"organization": hub}),
    ]


def time_oxigraph(store: ox.Store, runs: int, timed: list) -> dict[str, tuple[float, float, int]]:
    results = {}
    queries = canned_queries()
    for label, name, params in timed:
        query = queries[name]
        bindings = bind_params(query, params)
        samples, count = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            count = sum(1 for _ in run_query(store, query, bindings))
            samples.append(time.perf_counter() - start)
        results[label] = (*percentiles(samples), count)
    return results


def time_rdflib(dataset: Dataset, runs: int, timed: list) -> dict[str, tuple[float, float, int]]:
    """The same query text (VALUES filled the same way) through rdflib's engine."""
    results = {}
    queries = canned_queries()
    prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())
    for label, name, params in timed:
        query = queries[name]
        text = with_values(query.text, bind_params(query, params))
        if "PREFIX rdf:" not in text:
            text = prefixes + text
        samples, count = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            count = sum(1 for _ in dataset.query(text))
            samples.append(time.perf_counter() - start)
        results[label] = (*percentiles(samples), count)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the Oxigraph store")
    parser.add_argument("--rdflib-triples", type=int, default=100_000,
                        help="size of the slice both engines answer (rdflib is too slow to load and query 1M)")
    parser.add_argument("--runs", type=int, default=20, help="runs per query on Oxigraph")
    parser.add_argument("--rdflib-runs", type=int, default=3, help="runs per query on rdflib")
    parser.add_argument("--ingest-articles", type=int, default=300, help="articles for the ingestion rate")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the stores (default: a temp dir)")
    args = parser.parse_args()

    start = time.perf_counter()
    graphs, _ = generate(args.triples)
    total = sum(len(g) for g in graphs)
    print(f"synthetic dataset: {total:,} triples in {len(graphs):,} article graphs "
          f"(generated in {time.perf_counter() - start:.1f} s)")

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        nquads = Path(tmp) / "data.nq"
        nquads.write_text("\n".join(line for g in graphs for line in g) + "\n", encoding="utf-8")
        slice_lines: list[str] = []
        for g in graphs:
            if len(slice_lines) >= args.rdflib_triples:
                break
            slice_lines += g
        small = Path(tmp) / "slice.nq"
        small.write_text("\n".join(slice_lines) + "\n", encoding="utf-8")

        store = open_store(Path(tmp) / "store-slice")
        start = time.perf_counter()
        store.bulk_load(path=str(small), format=ox.RdfFormat.N_QUADS)
        store.update(REFRESH_DEFAULT_GRAPH)  # what kg.rdf.store.ingest keeps: every triple once
        load_small_ox = time.perf_counter() - start
        timed = cases(store)
        small_ox = time_oxigraph(store, args.runs, timed)
        del store
        gc.collect()

        store = open_store(Path(tmp) / "store")
        start = time.perf_counter()
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.update(REFRESH_DEFAULT_GRAPH)
        store.optimize()
        load_big = time.perf_counter() - start
        big = time_oxigraph(store, args.runs, timed)
        del store
        gc.collect()

        dataset = Dataset(default_union=True)
        start = time.perf_counter()
        dataset.parse(small, format="nquads")
        load_small_rdflib = time.perf_counter() - start
        small_rdflib = time_rdflib(dataset, args.rdflib_runs, timed)
        del dataset
        gc.collect()

        batch = graphs[:args.ingest_articles]
        batch_dataset = Dataset()
        batch_dataset.parse(data="\n".join(line for g in batch for line in g), format="nquads")
        store = open_store(Path(tmp) / "store-ingest")
        start = time.perf_counter()
        ingest(store, batch_dataset)
        ingest_time = time.perf_counter() - start
        start = time.perf_counter()
        ingest(store, batch_dataset)
        unchanged_time = time.perf_counter() - start
        del store
        gc.collect()

    n_small = len(slice_lines)
    print(f"parameters: {', '.join(f'{label} {params}' for label, _, params in timed if params)}")
    print(f"\nload (bulk, N-Quads): Oxigraph {total:,} triples {load_big:.1f} s ({total / load_big:,.0f}/s) | "
          f"slice of {n_small:,}: Oxigraph {load_small_ox:.2f} s, rdflib {load_small_rdflib:.1f} s")
    batch_triples = sum(len(g) for g in batch)
    print(f"kg build ingestion (one transaction): {len(batch)} articles, {batch_triples:,} triples in "
          f"{ingest_time:.2f} s ({batch_triples / ingest_time:,.0f}/s); same batch again, unchanged: "
          f"{unchanged_time:.2f} s")
    print(f"\nlatency in ms, p50 / p95 ({args.runs} runs on Oxigraph, {args.rdflib_runs} on rdflib; rows in brackets);"
          f" rdflib only on the {n_small:,}-triple slice")
    print(f"{'query':<15}{'Oxigraph ' + format(total, ','):>28}{'Oxigraph ' + format(n_small, ','):>28}"
          f"{'rdflib ' + format(n_small, ','):>30}")
    for label in big:
        cells = []
        for table in (big, small_ox, small_rdflib):
            p50, p95, count = table[label]
            cells.append(f"{p50:9.1f} / {p95:9.1f} [{count}]")
        print(f"{label:<15}{cells[0]:>28}{cells[1]:>28}{cells[2]:>30}")
    selective = {label: big[label][0] for label, _, params in timed if params}
    print(f"\ngoal p50 < 20 ms on the default store at {total:,} triples: "
          + ", ".join(f"{label} {p50:.1f} ms {'ok' if p50 < 20 else 'MISSED'}" for label, p50 in selective.items())
          + "; full listings (every row of the graph, thousands at this size) "
          + f"{min(big[label][0] for label, _, params in timed if not params):.0f}-"
          + f"{max(big[label][0] for label, _, params in timed if not params):.0f} ms")


if __name__ == "__main__":
    main()
