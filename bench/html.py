"""How fast graph pages are written and become usable: synthetic graphs of 1,000, 5,000 and 20,000 nodes.

The graphs are shaped like kg's: persons, organisations, places and events with
Arabic labels, a few hub entities named in many articles, relations with
evidence sentences.  Each page is written with ``kg.export.html.write_html``
and opened in headless Chromium; the page records (performance.now(), i.e.
since navigation start) when vis-network first drew and when the network was
stable: physics stabilised and stopped, or laid out in Python and drawn.

    .venv/bin/python bench/html.py [--sizes 1000 5000 20000] [--max-nodes 1500] [--no-browser] [--out bench/out]

Prints one row per size: the graph's nodes and edges and how many the page
shows (graphs over ``--max-nodes`` show their most connected part; 0 draws
every node), Python times (graph: building the networkx graph; layout: laying
out the whole graph, however much the page shows, to show how the layout
scales; page: writing the page, its selection and layout included), file
size, then browser times since navigation start (script: the page's own
script starts, i.e. HTML and vis-network are parsed; drawn: first drawing;
stable: ready to use) and the time one redraw takes (one frame of panning or
zooming).
"""
from __future__ import annotations

import sys

# Run as a script, this folder comes first on sys.path and this file would shadow the standard library's html.
if sys.path and sys.path[0] and __file__.startswith(sys.path[0]):
    sys.path.pop(0)

import argparse
import random
import tempfile
import time
from pathlib import Path

from kg.export.html import LAYOUT_THRESHOLD, MAX_NODES, write_html
from kg.export.layout import spring_positions
from kg.export.network import extractions_to_graph
from kg.model import Article, Entity, EntityType, Extraction, Relation, Span

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

GIVEN = ("محمد", "أحمد", "علي", "عمر", "خالد", "يوسف", "إبراهيم", "حسن", "سعيد", "عبد الله", "مصطفى", "طارق",
         "سليمان", "هشام", "رشيد", "كريم", "نبيل", "فيصل", "منصور", "ناصر", "فاطمة", "مريم", "سلمى", "هدى",
         "ليلى", "نادية", "سعاد", "أمينة", "زينب", "رانية")
FAMILY = ("العلوي", "الإدريسي", "بن علي", "الشامي", "المصري", "الحسني", "القاسمي", "التونسي", "الزياني",
          "العطار", "المنصوري", "الكتاني", "الفاسي", "بنسعيد", "الدوسري", "العتيبي", "الشهري", "الهاشمي",
          "الخطيب", "السويدي", "البناني", "الراشدي", "الجزائري", "بوزيد", "حداد")
ORG_KINDS = ("وزارة الداخلية", "المديرية العامة للأمن الوطني", "الإدارة العامة للشرطة", "مديرية الجمارك",
             "الهيئة الوطنية لمكافحة الفساد", "المعهد الوطني للتكوين الأمني", "مكتب الاتصال الوطني",
             "وحدة مكافحة الجرائم الإلكترونية", "الحماية المدنية", "النيابة العامة")
INTERNATIONAL = ("المنظمة الدولية للشرطة الجنائية", "مجلس وزراء الداخلية العرب", "جامعة الدول العربية",
                 "مكتب الأمم المتحدة المعني بالمخدرات والجريمة", "الشرطة الجنائية الإفريقية", "الاتحاد الإفريقي",
                 "مجلس التعاون لدول الخليج العربية", "جامعة نايف العربية للعلوم الأمنية")
COUNTRIES = ("المغرب", "الجزائر", "تونس", "مصر", "السعودية", "الإمارات", "قطر", "الكويت", "الأردن", "لبنان",
             "العراق", "ليبيا", "موريتانيا", "البحرين", "عمان", "السودان", "إسبانيا", "فرنسا", "إيطاليا", "ألمانيا")
CITIES = ("الرباط", "الدار البيضاء", "مراكش", "طنجة", "الجزائر العاصمة", "وهران", "تونس العاصمة", "صفاقس",
          "القاهرة", "الإسكندرية", "الرياض", "جدة", "أبوظبي", "دبي", "الدوحة", "عمان", "بيروت", "بغداد",
          "طرابلس", "نواكشوط", "المنامة", "مسقط", "الخرطوم", "مدريد", "باريس", "ليون", "روما", "برلين")
EVENT_KINDS = ("الاجتماع", "المؤتمر", "الدورة", "المنتدى", "الندوة", "ورشة العمل", "اللقاء التشاوري")
EVENT_TOPICS = ("لمكافحة الإرهاب", "للأمن السيبراني", "لمكافحة الاتجار بالبشر", "للتعاون الأمني",
                "لمكافحة المخدرات", "للحماية المدنية", "لأمن الحدود", "لمكافحة الجريمة المنظمة")
ORDINALS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر")


def _label(kind: str, rng: random.Random, known: int) -> str:
    if kind == "PERSON":
        names = [rng.choice(GIVEN), rng.choice(FAMILY)]
        if known > len(GIVEN) * len(FAMILY) // 3:
            names.insert(1, rng.choice(GIVEN))
        return " ".join(names)
    if kind == "ORGANIZATION":
        if rng.random() < 0.05:
            return rng.choice(INTERNATIONAL)
        branch = f" - فرع {rng.choice(CITIES)}" if known > 100 else ""
        return f"{rng.choice(ORG_KINDS)} في {rng.choice(COUNTRIES)}{branch}"
    if kind == "LOCATION":
        if known < 40:
            return rng.choice(COUNTRIES + CITIES)
        return f"حي {rng.choice(GIVEN + FAMILY)} في {rng.choice(CITIES)}"
    return f"{rng.choice(EVENT_KINDS)} {rng.choice(ORDINALS)} {rng.choice(EVENT_TOPICS)} في {rng.choice(CITIES)}"


def _labels(kind: str, count: int, rng: random.Random) -> list[str]:
    out: dict[str, None] = {}
    while len(out) < count:
        label = _label(kind, rng, len(out))
        if label in out:  # the name pools are small: number the rare repeats
            label = f"{label} {len(out)}"
        out.setdefault(label, None)
    return list(out)


def synthetic_extractions(nodes: int, seed: int = 1) -> list[Extraction]:
    """About ``nodes`` distinct entities over nodes/4 articles, with hubs (Zipf-like popularity)."""
    rng = random.Random(seed)
    shares = {"PERSON": 0.4, "ORGANIZATION": 0.25, "LOCATION": 0.15, "EVENT": 0.2}
    pools = {t: _labels(t, max(1, int(nodes * s)), rng) for t, s in shares.items()}
    weights = {t: [1 / (rank + 1) ** 0.9 for rank in range(len(p))] for t, p in pools.items()}
    fresh = {t: iter(p) for t, p in pools.items()}  # every entity gets at least one article

    def pick(kind: str, count: int) -> list[str]:
        chosen = [label for label in (next(fresh[kind], None) for _ in range(count)) if label]
        while len(chosen) < count:
            chosen.append(rng.choices(pools[kind], weights[kind])[0])
        return list(dict.fromkeys(chosen))

    extractions = []
    for number in range(max(1, nodes // 4)):
        events, places = pick("EVENT", 1), pick("LOCATION", rng.randint(1, 2))
        persons, orgs = pick("PERSON", rng.randint(2, 4)), pick("ORGANIZATION", rng.randint(1, 3))
        ids: dict[str, str] = {}
        entities = []
        for kind, labels in (("EVENT", events), ("LOCATION", places), ("PERSON", persons), ("ORGANIZATION", orgs)):
            for label in labels:
                ids[label] = f"e{len(ids) + 1}"
                entities.append(Entity(ids[label], EntityType(kind), label, (), f"{kind.lower()}:{label}"))
        triples = [(events[0], "heldIn", places[0])]
        triples += [(p, "attended", events[0]) for p in persons]
        triples += [(events[0], "organizedBy", orgs[0]), (persons[0], "chaired", events[0])]
        triples += [(persons[i], "heads" if i == 0 else "represents", orgs[i % len(orgs)]) for i in range(len(persons))]
        if len(persons) > 1:
            triples.append((persons[0], "metWith", persons[1]))
        if len(orgs) > 1:
            triples.append((orgs[0], "cooperatesWith", orgs[1]))
        if len(places) > 1:
            triples.append((places[1], "locatedIn", places[0]))
        relations, text = [], ""
        for subject, predicate, obj in triples:
            sentence = f"وأفادت المصادر أن {subject} ({predicate}) {obj} خلال هذا الأسبوع."
            start = len(text)
            text += sentence + " "
            relations.append(Relation(ids[subject], predicate, ids[obj], round(rng.uniform(0.5, 0.95), 2),
                                      Span(start, start + len(sentence)), "synthetic"))
        article = Article(f"synthetic-{number:05d}", text, title=f"خبر تجريبي رقم {number}",
                          date=f"2024-{number % 12 + 1:02d}-{number % 28 + 1:02d}")
        extractions.append(Extraction(article, tuple(entities), tuple(relations)))
    return extractions


def open_page(driver, path: Path, timeout: float = 120.0) -> dict:
    """Load the page and wait until it says it is stable; return its own timings (ms)."""
    driver.get(path.as_uri())
    deadline = time.monotonic() + timeout
    while not driver.execute_script("return window.kgStable === true"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} was not stable after {timeout:.0f} s")
        time.sleep(0.05)
    return driver.execute_script(
        "var t0 = performance.now(); for (var i = 0; i < 5; i++) { network.redraw(); }"
        "return {drawn: window.kgDrawnAt, stable: window.kgStableAt, redraw: (performance.now() - t0) / 5,"
        "        script: window.kgTimes.start,"
        "        nodes: kgNodes.length, edges: kgEdges.length};")


def chromium(profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run", "--window-size=1400,900",
                     f"--user-data-dir={profile}"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--max-nodes", type=int, default=MAX_NODES,
                        help="pages of bigger graphs show their most connected part (0: every node)")
    parser.add_argument("--no-browser", action="store_true", help="Python figures only")
    parser.add_argument("--out", type=Path, default=None, help="keep the pages in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        driver = None if args.no_browser else chromium(str(Path(tmp) / "profile"))
        try:
            print(f"pages show at most {args.max_nodes or 'every'} nodes, laid out in Python above "
                  f"{LAYOUT_THRESHOLD}; times in seconds, sizes in MB")
            print(f"{'nodes':>6} {'edges':>6} {'shown':>6} {'edges':>6} {'graph':>6} {'layout':>7} {'page':>6} "
                  f"{'MB':>6} {'script':>7} {'drawn':>6} {'stable':>7} {'redraw':>7}")
            for size in args.sizes:
                t0 = time.perf_counter()
                graph = extractions_to_graph(synthetic_extractions(size))
                t1 = time.perf_counter()
                spring_positions(graph)
                t2 = time.perf_counter()
                path = write_html(graph, out / f"synthetic-{size}.html", title=f"بيان تجريبي: {size} كيان",
                                  max_nodes=args.max_nodes or None)
                t3 = time.perf_counter()
                got = open_page(driver, path) if driver else None
                print(f"{graph.number_of_nodes():>6} {graph.number_of_edges():>6} {got['nodes'] if got else '':>6} "
                      f"{got['edges'] if got else '':>6} {t1 - t0:>6.2f} {t2 - t1:>7.2f} {t3 - t2:>6.2f} "
                      f"{path.stat().st_size / 1e6:>6.2f} " + (
                          f"{got['script'] / 1000:>7.2f} {got['drawn'] / 1000:>6.2f} {got['stable'] / 1000:>7.2f} "
                          f"{got['redraw'] / 1000:>7.3f}" if got else ""), flush=True)
        finally:
            if driver:
                driver.quit()


if __name__ == "__main__":
    main()
