"""The networkx bridge and the interactive HTML page (kg.export.network, kg.export.html).

Browser tests drive Debian's headless Chromium through chromedriver; they are
marked ``browser`` and skipped only when /usr/bin/chromium is not installed.
"""
from __future__ import annotations

import io
import json
import re
import struct
import time
import zlib
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
import pyvis

import kg.export.html
from kg.export.html import FALLBACK_PREDICATE_LABELS, edge_width, node_size, predicate_labels, write_html
from kg.export.layout import spring_positions
from kg.export.network import extractions_to_graph, write_graphml
from kg.model import PREDICATES, Article, Entity, EntityType, Extraction, Mention, Relation, Span

CHROMIUM = Path("/usr/bin/chromium")
#: Entities without any relation, hidden on the page until asked for.
ISOLATED = ["person:rachid-ouazzani"]
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCRIPT_XSS = "<script>alert(1)</script>"
IMG_XSS = '"><img src=x onerror=alert(1)>'


# --- hand-built extractions ---------------------------------------------------------------

def _entity(text: str, eid: str, etype: EntityType, key: str, surfaces: list[str], label: str = "",
            label_en: str = "", wikidata: str = "") -> Entity:
    mentions = []
    for surface in surfaces:
        start = text.index(surface)
        mentions.append(Mention(Span(start, start + len(surface)), surface, etype, "test", key=key))
    return Entity(eid, etype, label or surfaces[0], tuple(mentions), key, label_en, wikidata)


def _relation(text: str, subject: str, predicate: str, obj: str, sentence: str, confidence: float) -> Relation:
    start = text.index(sentence)
    return Relation(subject, predicate, obj, confidence, Span(start, start + len(sentence)), "test")


def _article_one() -> Extraction:
    s1 = "التقى سليم العطار بالسيدة هدى منصور في طنجة صباح الاثنين."
    s2 = "وحضر العطار منتدى الشمال للشباب الذي عُقد في طنجة."
    text = f"{s1} {s2}"
    entities = (
        _entity(text, "e1", EntityType.PERSON, "person:salim-alattar", ["سليم العطار", "العطار"],
                label_en="Salim Al-Attar"),
        _entity(text, "e2", EntityType.PERSON, "person:huda-mansour", ["هدى منصور"], label_en="Huda Mansour"),
        _entity(text, "e3", EntityType.LOCATION, "loc:tangier", ["طنجة"], label_en="Tangier", wikidata="Q999001"),
        _entity(text, "e4", EntityType.EVENT, "event:north-youth-forum", ["منتدى الشمال للشباب"],
                label_en="North Youth Forum"),
    )
    relations = (
        _relation(text, "e1", "metWith", "e2", s1, 0.8),
        _relation(text, "e1", "attended", "e4", s2, 0.9),
        _relation(text, "e4", "heldIn", "e3", s2, 0.7),
    )
    article = Article("a-one", text, title="لقاء في طنجة", date="2024-03-04", url="https://example.org/news/a-one")
    return Extraction(article, entities, relations)


def _article_two() -> Extraction:
    s1 = "ترأست هدى منصور الجلسة الختامية لمنتدى الشمال للشباب في مدينة طَنجة."
    s2 = "وقالت منصور إنها التقت سليم العطار مرة أخرى على هامش المنتدى."
    s3 = "وكان في استقبال الضيوف رشيد الوزّاني."
    text = f"{s1} {s2} {s3}"
    entities = (
        _entity(text, "e1", EntityType.LOCATION, "loc:tangier", ["طَنجة"], label="طنجة", label_en="Tangier"),
        _entity(text, "e2", EntityType.PERSON, "person:huda-mansour", ["هدى منصور", "منصور"]),
        _entity(text, "e3", EntityType.EVENT, "event:north-youth-forum", ["منتدى الشمال للشباب"]),
        _entity(text, "e4", EntityType.PERSON, "person:salim-alattar", ["سليم العطار"]),
        # No English name: the English labels fall back to Arabic for him.
        _entity(text, "e5", EntityType.PERSON, "person:rachid-ouazzani", ["رشيد الوزّاني"]),
    )
    relations = (
        _relation(text, "e2", "chaired", "e3", s1, 0.85),
        _relation(text, "e3", "heldIn", "e1", s1, 0.95),
        # The reverse direction of a symmetric relation is the same edge.
        _relation(text, "e2", "metWith", "e4", s2, 0.6),
    )
    article = Article("a-two", text, title="ختام منتدى الشمال", date="2024-03-06")
    return Extraction(article, entities, relations)


def _article_xss() -> Extraction:
    s1 = f"أعلنت منظمة {SCRIPT_XSS} أن وفدا منها زار طنجة {IMG_XSS} هذا الأسبوع."
    text = s1
    org = f"منظمة {SCRIPT_XSS}"
    entities = (
        _entity(text, "e1", EntityType.ORGANIZATION, "org:xss", [org], label_en=IMG_XSS),
        _entity(text, "e2", EntityType.LOCATION, "loc:tangier", ["طنجة"]),
    )
    relations = (_relation(text, "e1", "visited", "e2", s1, 0.5),)
    article = Article("a-xss", text, title=f"عنوان {SCRIPT_XSS}", date="2024-03-07")
    return Extraction(article, entities, relations)


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return extractions_to_graph([_article_one(), _article_two(), _article_xss()])


@pytest.fixture(scope="module")
def page(graph, tmp_path_factory) -> Path:
    return write_html(graph, tmp_path_factory.mktemp("html") / "graph.html", title="اختبار الشبكة")


# --- the networkx graph -----------------------------------------------------------------

def test_entity_named_in_two_articles_is_one_node(graph):
    tangier = graph.nodes["loc:tangier"]
    assert tangier["articles"] == ["a-one", "a-two", "a-xss"]
    assert tangier["type"] == "LOCATION"
    assert tangier["label"] == "طنجة"
    assert tangier["label_en"] == "Tangier"
    assert tangier["wikidata"] == "Q999001"
    assert tangier["names"] == sorted({"طنجة", "طَنجة"})
    assert graph.nodes["person:huda-mansour"]["articles"] == ["a-one", "a-two"]
    assert graph.nodes["person:salim-alattar"]["names"] == sorted({"سليم العطار", "العطار"})
    assert graph.number_of_nodes() == 6
    assert graph.graph["articles"]["a-two"] == {"title": "ختام منتدى الشمال", "date": "2024-03-06", "url": ""}


def test_one_edge_per_triple_with_all_its_evidence(graph):
    held = graph.edges["event:north-youth-forum", "loc:tangier", "heldIn"]
    assert held["articles"] == ["a-one", "a-two"]
    assert held["confidence"] == 0.95
    assert [ev["article"] for ev in held["evidence"]] == ["a-one", "a-two"]
    assert held["evidence"][0]["sentence"] == "وحضر العطار منتدى الشمال للشباب الذي عُقد في طنجة."
    assert held["evidence"][1]["title"] == "ختام منتدى الشمال"
    assert held["evidence"][1]["date"] == "2024-03-06"


def test_symmetric_relation_in_both_directions_is_one_edge(graph):
    met = [(s, o) for s, o, k in graph.edges(keys=True) if k == "metWith"]
    assert len(met) == 1
    subject, obj = met[0]
    assert graph.edges[subject, obj, "metWith"]["articles"] == ["a-one", "a-two"]


def test_graphml_round_trip_keeps_lists_as_text(graph, tmp_path):
    path = write_graphml(graph, tmp_path / "out" / "graph.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.nodes["loc:tangier"]["articles"] == "a-one | a-two | a-xss"
    assert back.nodes["loc:tangier"]["label"] == "طنجة"
    edge = back.edges["event:north-youth-forum", "loc:tangier", "heldIn"]
    assert '"a-two"' in edge["evidence"] and "ختام منتدى الشمال" in edge["evidence"]


# --- the HTML page, read as text -------------------------------------------------------

def test_every_predicate_has_an_arabic_label():
    labels = predicate_labels()
    assert set(PREDICATES) <= set(labels) and set(PREDICATES) == set(FALLBACK_PREDICATE_LABELS)
    assert all(re.search("[\u0600-\u06FF]", labels[p]) for p in PREDICATES)


class _References(HTMLParser):
    """Every tag with its attributes, and the text of <style> and <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._open: tuple[str, dict] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = (tag, dict(attrs)) if tag in ("style", "script") else None

    def handle_data(self, data):
        if self._open and self._open[0] == "style":
            self.styles.append(data)
        elif self._open:
            self.scripts.append((self._open[1], data))
        self._open = None


WIKIDATA_LINK = re.compile(r"https://www\.wikidata\.org/wiki/Q[1-9][0-9]*")


def test_page_loads_nothing_from_the_network(page):
    """No external script, style sheet, image, font or frame; links may go to Wikidata only."""
    refs = _References()
    refs.feed(page.read_text(encoding="utf-8"))
    external = re.compile(r"^\s*(?:https?:)?//", re.I)
    for tag, attrs in refs.tags:
        assert tag not in ("link", "img", "iframe", "frame", "embed", "object", "source", "video", "audio",
                           "base", "picture", "track"), f"<{tag}> in the page"
        if tag == "script":
            assert "src" not in attrs, "scripts are inlined, never loaded"
        if tag == "meta":
            assert attrs.get("http-equiv", "").lower() != "refresh"
        for name in ("src", "srcset", "data", "poster", "background", "action", "formaction"):
            assert name not in attrs or not external.search(attrs[name] or ""), f"<{tag} {name}=...>"
        if tag == "a" and "href" in attrs:
            assert WIKIDATA_LINK.fullmatch(attrs["href"]), f"link to {attrs['href']}"
    css = "\n".join(refs.styles) + "\n".join(a.get("style", "") for _, a in refs.tags)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", css, re.I)
    assert "@import" not in css
    text = page.read_text(encoding="utf-8")
    assert "bootstrap" not in text.lower() and "fonts.googleapis" not in text
    assert "vis.Network" in text and "DataSet" in text  # vis-network itself is inlined
    # Our own script fetches nothing, and the only address it knows is Wikidata's (for links).
    own = (Path(kg.export.html.__file__).parent / "templates" / "graph.js").read_text(encoding="utf-8")
    assert not re.search(r"fetch\(|XMLHttpRequest|WebSocket|import\(|\.src\s*=|sendBeacon", own)
    assert set(re.findall(r"https?://[^\s\"']*", own)) == {"https://www.wikidata.org/wiki/"}


def test_page_is_arabic_rtl_with_labels_and_legend(page):
    text = page.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in text
    assert "Noto Naskh Arabic" in text and "Noto Sans Arabic" in text
    for label in ("سليم العطار", "هدى منصور", "منتدى الشمال للشباب", "اختبار الشبكة"):
        assert label in text
    labels = predicate_labels()
    for predicate in ("attended", "chaired", "heldIn", "metWith", "visited"):
        assert f'"label": "{labels[predicate]}"' in text
    assert 'id="kg-legend"' in text and 'id="kg-search"' in text
    for type_name in ("شخص", "منظمة", "مكان", "حدث"):
        assert type_name in text
    assert 'value="DATE"' not in text  # no dates in this graph: no empty type in the legend
    assert re.search(r'"font": \{"size": (1[6-9]|[2-9]\d)', text)


def test_article_text_is_escaped_never_raw(page):
    text = page.read_text(encoding="utf-8")
    vis_js = (Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text()
    assert text.count("<script>") == 2 + vis_js.count("<script>")  # vis-network's and ours, none from articles
    assert text.count("<script") == 3 + vis_js.count("<script")  # and the JSON data block
    assert SCRIPT_XSS not in text and "</script>alert" not in text
    assert IMG_XSS not in text and "<img" not in text
    # Article text travels as JSON with < and > escaped, and is shown with textContent.
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in text
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in text
    assert _page_data(page)["articles"]["a-xss"]["title"] == f"عنوان {SCRIPT_XSS}"


def _page_data(page: Path) -> dict:
    """The JSON the page draws from (nodes, edges, options, articles, ...)."""
    match = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>',
                      page.read_text(encoding="utf-8"), re.S)
    return json.loads(match.group(1))


def test_nodes_grow_with_their_articles_and_edges_with_their_support(page):
    data = _page_data(page)
    size = {n["id"]: n["size"] for n in data["nodes"]}
    # Size is by number of articles naming the node: Tangier 3, Huda 2, the XSS organisation 1.
    assert size["loc:tangier"] > size["person:huda-mansour"] > size["org:xss"]
    assert size["person:huda-mansour"] == size["event:north-youth-forum"]  # both in two articles
    width = {e["predicate"]: e["width"] for e in data["edges"]}
    assert width["heldIn"] > width["visited"] and width["metWith"] > width["chaired"]
    assert width["heldIn"] == edge_width(2) and width["visited"] == edge_width(1)
    assert node_size(1) < node_size(2) < node_size(10) <= node_size(1000) == 50


def test_arrows_for_directed_predicates_only(page):
    data = _page_data(page)
    assert data["options"]["edges"]["arrows"]["to"]["enabled"] is True
    for edge in data["edges"]:
        expected = {"to": {"enabled": False}} if edge["predicate"] in ("metWith", "cooperatesWith") else None
        assert edge.get("arrows") == expected, edge["predicate"]


def test_node_and_edge_data_for_tooltips_and_panel(page):
    data = _page_data(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["loc:tangier"]["wikidata"] == "Q999001"
    assert nodes["loc:tangier"]["label_en"] == "Tangier" and nodes["loc:tangier"]["names"] == ["طَنجة"]
    assert nodes["loc:tangier"]["articles"] == ["a-one", "a-two", "a-xss"]
    # no English name: a person gets a romanisation of the Arabic one, flagged as such
    assert nodes["person:rachid-ouazzani"]["label_en"] == "Rashid al-Wazzani"
    assert nodes["person:rachid-ouazzani"]["romanized"] is True and "romanized" not in nodes["loc:tangier"]
    assert data["articles"]["a-one"] == {"title": "لقاء في طنجة", "date": "2024-03-04",
                                         "url": "https://example.org/news/a-one"}
    [held] = [e for e in data["edges"] if e["predicate"] == "heldIn"]
    assert held["confidence"] == 0.95 and held["articles"] == ["a-one", "a-two"]
    assert [ev["article"] for ev in held["evidence"]] == ["a-one", "a-two"]
    assert data["predicates"]["heldIn"] == {"ar": predicate_labels()["heldIn"], "en": "held in"}


def test_wikidata_ids_that_are_not_qids_are_dropped(tmp_path):
    graph = nx.MultiDiGraph(articles={})
    graph.add_node("loc:x", type="LOCATION", label="مكان", label_en="", wikidata="javascript:alert(1)",
                   names=["مكان"], articles=["a"])
    data = _page_data(write_html(graph, tmp_path / "q.html"))
    assert "wikidata" not in data["nodes"][0]


def test_big_graphs_are_laid_out_in_python_with_physics_off(graph, tmp_path):
    path = write_html(graph, tmp_path / "big.html", layout_threshold=3)
    data = _page_data(path)
    assert data["options"]["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])
    assert data["edge_labels"] is False and all("label" not in e for e in data["edges"])
    assert data["options"]["edges"]["arrows"]["to"]["enabled"] is False and data["arrow_scale"] > 0
    # The same graph always gets the same picture.
    assert spring_positions(graph) == spring_positions(graph)
    small = _page_data(write_html(graph, tmp_path / "small.html"))
    assert small["options"]["physics"]["enabled"] is True and "x" not in small["nodes"][0]


def _big_graph(core: int = 60, leaves: int = 2940, seed: int = 5) -> nx.MultiDiGraph:
    """A dense core of ``core`` persons meeting each other, and ``leaves`` places each tied to one of them."""
    import random

    rng = random.Random(seed)
    graph = nx.MultiDiGraph(articles={"a1": {"title": "خبر", "date": "2024-01-01"}})
    for i in range(core):
        graph.add_node(f"person:p{i}", type="PERSON", label=f"شخص رقم {i}", names=[], articles=["a1"])
    for i in range(leaves):
        graph.add_node(f"loc:l{i}", type="LOCATION", label=f"مكان رقم {i}", names=[], articles=["a1"])
    evidence = [{"article": "a1", "sentence": "جملة.", "confidence": 0.8}]
    for i in range(core):
        for j in range(i + 1, core):
            if rng.random() < 0.3:
                graph.add_edge(f"person:p{i}", f"person:p{j}", predicate="metWith", articles=["a1"],
                               confidence=0.8, evidence=evidence)
    for i in range(leaves):
        graph.add_edge(f"person:p{rng.randrange(core)}", f"loc:l{i}", predicate="visited", articles=["a1"],
                       confidence=0.7, evidence=evidence)
    return graph


def test_a_graph_too_big_to_draw_shows_its_most_connected_part_and_says_so(tmp_path):
    big = _big_graph()
    path = write_html(big, tmp_path / "big.html", max_nodes=200)
    data = _page_data(path)
    shown = {n["id"] for n in data["nodes"]}
    assert len(shown) <= 200
    assert {f"person:p{i}" for i in range(60)} <= shown  # the dense core is all there
    assert data["whole"] == {"nodes": 3000, "edges": big.number_of_edges()}
    edges = len(data["edges"])
    assert all(e["from"] in shown and e["to"] in shown for e in data["edges"])
    notice = re.search(r'<p id="kg-partial".*?</p>', path.read_text(encoding="utf-8"), re.S).group(0)
    assert f"showing {len(shown)} of 3,000 entities and {edges:,} of {big.number_of_edges():,} relations" in notice
    assert "kg viz --focus NAME" in notice
    assert f"{len(shown)} من 3,000" in notice  # and in Arabic
    # Drawn whole when asked, and a graph under the limit gets no notice.
    whole = write_html(big, tmp_path / "whole.html", max_nodes=None)
    assert len(_page_data(whole)["nodes"]) == 3000 and 'id="kg-partial"' not in whole.read_text(encoding="utf-8")


def test_a_small_graph_is_drawn_whole_without_a_notice(page):
    assert 'id="kg-partial"' not in page.read_text(encoding="utf-8")
    assert _page_data(page)["whole"] is None


# --- the HTML page, in headless Chromium -------------------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium chromium-driver fonts-noto-core)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run", "--window-size=1200,900",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    # Anything the page tried to fetch from the web would fail loudly in the console.
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*"]})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "window.__alerts = [];"
        "window.alert = function (m) { window.__alerts.push(String(m)); };"
    )})
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def loaded(browser, page):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(page.as_uri())
    WebDriverWait(browser, 60).until(lambda d: d.execute_script("return window.kgDrawn === true"))
    # Let physics settle so the screenshot and the node positions are stable.
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(
        "var p1 = network.getPositions(); return new Promise(r => setTimeout(() => {"
        "var p2 = network.getPositions(), moved = 0;"
        "for (var k in p1) moved = Math.max(moved, Math.abs(p1[k].x - p2[k].x) + Math.abs(p1[k].y - p2[k].y));"
        "r(moved < 1); }, 300));"))
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return window.kgStable === true"))
    return browser


def _png_colours(png: bytes) -> tuple[int, float]:
    """(number of distinct RGB colours, share of pixels that are not white)."""
    try:
        from PIL import Image
    except ImportError:
        pixels = _decode_png(png)
    else:
        pixels = list(Image.open(io.BytesIO(png)).convert("RGB").getdata())
    white = sum(1 for p in pixels if p == (255, 255, 255))
    return len(set(pixels)), 1 - white / len(pixels)


def _decode_png(png: bytes) -> list[tuple[int, int, int]]:
    """Minimal PNG decoder for 8-bit RGB/RGBA, non-interlaced (what Chromium writes)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat = 8, bytearray()
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    raw = zlib.decompress(bytes(idat))
    prev = bytearray(stride)
    pixels = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif kind == 4:
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        pixels += [tuple(line[i:i + 3]) for i in range(0, stride, bpp)]
        prev = line
    return pixels


@pytest.mark.browser
def test_graph_is_drawn_not_blank(loaded):
    from selenium.webdriver.common.by import By

    png = loaded.find_element(By.ID, "mynetwork").screenshot_as_png
    colours, inked = _png_colours(png)
    assert colours > 30, f"network canvas looks blank ({colours} colours)"
    assert inked > 0.005, f"only {inked:.2%} of the canvas is drawn on"


@pytest.mark.browser
def test_arabic_labels_legend_and_search_box_are_there(loaded):
    from selenium.webdriver.common.by import By

    labels = loaded.execute_script("return window.kgNodes.get().map(n => n.label)")
    assert "سليم العطار" in labels and "منتدى الشمال للشباب" in labels
    edge_labels = loaded.execute_script("return window.kgEdges.get().map(e => e.label)")
    assert predicate_labels()["chaired"] in edge_labels
    assert loaded.execute_script("return document.documentElement.dir") == "rtl"
    legend = loaded.find_element(By.ID, "kg-legend")
    assert legend.is_displayed()
    for type_name in ("شخص", "منظمة", "مكان", "حدث"):
        assert type_name in legend.text
    assert loaded.find_element(By.ID, "kg-search").is_displayed()


@pytest.mark.browser
@pytest.mark.parametrize("query, key", [
    ("هدي منصور", "person:huda-mansour"),  # alef maqsura typed as yeh
    ("طَنْجَة", "loc:tangier"),  # diacritics
    ("salim", "person:salim-alattar"),  # English name, any case
    ("منتدي الشمال", "event:north-youth-forum"),  # a prefix of the name
    ("عطار", "person:salim-alattar"),  # a surname typed without its ال
    ("الوزاني", "person:rachid-ouazzani"),  # written with a shadda, typed without
    ("TANGIER", "loc:tangier"),  # an English label
    ("north youth", "event:north-youth-forum"),
    ("Rachid Ouazzani", "person:rachid-ouazzani"),  # a Latin spelling of a name known only in Arabic
])
def test_typing_a_name_selects_and_focuses_its_node(loaded, query, key):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    box = loaded.find_element(By.ID, "kg-search")
    box.clear()
    box.send_keys(query)
    WebDriverWait(loaded, 10).until(lambda d: d.execute_script("return network.getSelectedNodes()") == [key])
    # The view moves to it: once the animation ends the node sits in the middle of the canvas.
    WebDriverWait(loaded, 10).until(lambda d: d.execute_script(
        "var p = network.getPositions([arguments[0]])[arguments[0]], v = network.getViewPosition();"
        "return Math.abs(p.x - v.x) < 2 && Math.abs(p.y - v.y) < 2;", key))
    assert loaded.find_element(By.ID, "kg-details").text.startswith(
        loaded.execute_script("return kgNodes.get(arguments[0]).label_ar", key))


@pytest.mark.browser
def test_xss_in_article_shows_as_text_in_tooltip(loaded):
    from selenium.common.exceptions import NoAlertPresentException

    loaded.execute_script("network.fit({animation: false}); network.unselectAll();")
    time.sleep(0.3)
    _hover(loaded, "network.getPositions(['org:xss'])['org:xss']")
    text = _tooltip_text(loaded, "a-xss")
    assert SCRIPT_XSS in text and IMG_XSS in text
    assert loaded.execute_script("return document.querySelectorAll('img, div.vis-tooltip script').length") == 0
    assert loaded.execute_script("return window.__alerts") == []
    with pytest.raises(NoAlertPresentException):
        loaded.switch_to.alert.text


def _hover(driver, canvas_point_js: str):
    """Move the mouse to a point of the network given in canvas coordinates."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    container = driver.find_element(By.ID, "mynetwork")
    x, y = driver.execute_script(f"var p = network.canvasToDOM({canvas_point_js}); return [p.x, p.y];")
    size = container.size
    actions = ActionChains(driver)
    actions.move_to_element_with_offset(container, int(x - size["width"] / 2), int(y - size["height"] / 2))
    actions.move_by_offset(1, 1).perform()


def _tooltip_text(driver, must_contain: str) -> str:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "var t = document.querySelector('div.vis-tooltip');"
        "return t && t.style.visibility !== 'hidden' && t.textContent.indexOf(arguments[0]) >= 0"
        "  ? t.textContent : null;", must_contain))


@pytest.mark.browser
def test_edge_tooltip_shows_evidence_as_text(loaded):
    loaded.execute_script("network.fit({animation: false}); network.unselectAll();")
    time.sleep(0.3)
    edge_id = loaded.execute_script("return kgEdges.get({filter: e => e.predicate === 'visited'})[0].id")
    # vis-network's own geometry: the middle of the (possibly curved) edge.
    _hover(loaded, f"network.body.edges['{edge_id}'].edgeType.getPoint(0.5)")
    text = _tooltip_text(loaded, "(visited)")
    assert f"عنوان {SCRIPT_XSS}" in text and IMG_XSS in text and "2024-03-07" in text
    assert loaded.execute_script("return document.querySelectorAll('img').length") == 0
    assert loaded.execute_script("return window.__alerts") == []


@pytest.mark.browser
def test_physics_stops_once_the_graph_is_stable(loaded):
    assert loaded.execute_script("return window.kgStable === true && network.physics.options.enabled === false")


@pytest.mark.browser
def test_node_tooltip_shows_english_name_type_and_articles(loaded):
    loaded.execute_script("network.fit({animation: false}); network.unselectAll();")
    time.sleep(0.3)
    _hover(loaded, "network.getPositions(['loc:tangier'])['loc:tangier']")
    text = _tooltip_text(loaded, "Tangier")
    assert "مكان (Place)" in text and "Q999001" in text
    assert "لقاء في طنجة — 2024-03-04 [a-one]" in text and "المقالات (3)" in text


@pytest.mark.browser
def test_english_toggle_switches_labels_and_back(loaded):
    from selenium.webdriver.common.by import By

    button = loaded.find_element(By.ID, "kg-lang")
    drawn = "return network.body.nodes[arguments[0]].options.label"
    assert button.text == "English"
    button.click()
    labels = loaded.execute_script("var out = {}; kgNodes.forEach(n => { out[n.id] = n.label; }); return out;")
    assert labels["person:salim-alattar"] == "Salim Al-Attar" and labels["loc:tangier"] == "Tangier"
    assert labels["person:rachid-ouazzani"] == "Rashid al-Wazzani"  # no English name: a romanisation
    assert loaded.execute_script(drawn, "event:north-youth-forum") == "North Youth Forum"
    edge_labels = set(loaded.execute_script("return kgEdges.get().map(e => e.label)"))
    assert {"held in", "met with", "chaired"} <= edge_labels
    assert button.text == "العربية" and button.get_attribute("aria-pressed") == "true"
    button.click()
    assert loaded.execute_script(drawn, "loc:tangier") == "طنجة"
    assert predicate_labels()["heldIn"] in loaded.execute_script("return kgEdges.get().map(e => e.label)")
    assert button.text == "English"


def _filter_box(driver, kind: str, value: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f"input.kg-{kind}-filter[value='{value}']")


_DRAWN_STATE = """
    return {hidden: kgNodes.get({filter: n => n.hidden === true}).map(n => n.id).sort(),
            nodes: network.body.nodeIndices.slice().sort(),
            edges: network.body.edgeIndices.map(id => kgEdges.get(id).predicate).sort()};"""


def _clear_search(driver) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "kg-search")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE, Keys.ENTER)


@pytest.mark.browser
def test_unchecking_a_type_hides_its_nodes_and_their_edges(loaded, graph):
    _clear_search(loaded)
    persons = sorted(n for n, d in graph.nodes(data=True) if d["type"] == "PERSON")
    box = _filter_box(loaded, "type", "PERSON")
    box.click()
    state = loaded.execute_script(_DRAWN_STATE)
    assert state["hidden"] == persons
    assert state["nodes"] == sorted(set(graph.nodes) - set(persons) - set(ISOLATED))
    assert state["edges"] == ["heldIn", "visited"]  # attended, chaired and metWith touch a person
    box.click()
    state = loaded.execute_script(_DRAWN_STATE)
    assert state["hidden"] == ISOLATED and len(state["nodes"]) == graph.number_of_nodes() - len(ISOLATED)
    assert len(state["edges"]) == graph.number_of_edges()


@pytest.mark.browser
def test_unchecking_a_predicate_hides_its_edges_only(loaded, graph):
    _clear_search(loaded)
    box = _filter_box(loaded, "predicate", "metWith")
    box.click()
    state = loaded.execute_script(_DRAWN_STATE)
    assert "metWith" not in state["edges"] and len(state["edges"]) == graph.number_of_edges() - 1
    assert state["hidden"] == ISOLATED and len(state["nodes"]) == graph.number_of_nodes() - len(ISOLATED)
    assert loaded.execute_script("return kgEdges.get({filter: e => e.predicate === 'metWith'})[0].hidden") is True
    box.click()
    assert len(loaded.execute_script(_DRAWN_STATE)["edges"]) == graph.number_of_edges()


def _click_canvas(driver, canvas_point_js: str):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    container = driver.find_element(By.ID, "mynetwork")
    x, y = driver.execute_script(f"var p = network.canvasToDOM({canvas_point_js}); return [p.x, p.y];")
    size = container.size
    ActionChains(driver).move_to_element_with_offset(
        container, int(x - size["width"] / 2), int(y - size["height"] / 2)).click().perform()


def _details_text(driver, must_contain: str) -> str:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "var t = document.getElementById('kg-details').textContent;"
        "return t.indexOf(arguments[0]) >= 0 ? t : null;", must_contain))


@pytest.mark.browser
def test_clicking_a_node_shows_names_wikidata_link_and_articles(loaded):
    from selenium.webdriver.common.by import By

    loaded.execute_script("network.fit({animation: false}); network.unselectAll();")
    time.sleep(0.3)
    _click_canvas(loaded, "network.getPositions(['loc:tangier'])['loc:tangier']")
    text = _details_text(loaded, "Q999001")
    assert "Tangier" in text and "طَنجة" in text and "مكان (Place)" in text
    for line in ("لقاء في طنجة — 2024-03-04 [a-one]", "ختام منتدى الشمال — 2024-03-06 [a-two]"):
        assert line in text
    links = [a.get_attribute("href") for a in loaded.find_elements(By.TAG_NAME, "a")]
    assert links == ["https://www.wikidata.org/wiki/Q999001", "https://example.org/news/a-one"]


@pytest.mark.browser
def test_clicking_an_edge_shows_its_evidence_titles_dates_and_confidence(loaded):
    loaded.execute_script("network.fit({animation: false}); network.unselectAll();")
    time.sleep(0.3)
    edge_id = loaded.execute_script("return kgEdges.get({filter: e => e.predicate === 'heldIn'})[0].id")
    _click_canvas(loaded, f"network.body.edges['{edge_id}'].edgeType.getPoint(0.5)")
    text = _details_text(loaded, "(held in)")
    assert "وحضر العطار منتدى الشمال للشباب الذي عُقد في طنجة." in text
    assert "ترأست هدى منصور الجلسة الختامية لمنتدى الشمال للشباب في مدينة طَنجة." in text
    assert "لقاء في طنجة — 2024-03-04 [a-one] · الثقة 0.70" in text
    assert "ختام منتدى الشمال — 2024-03-06 [a-two] · الثقة 0.95" in text


@pytest.mark.browser
def test_xss_in_article_shows_as_text_in_the_details_panel(loaded):
    loaded.execute_script("kgShowNode('org:xss');")
    text = _details_text(loaded, SCRIPT_XSS)
    assert IMG_XSS in text and "a-xss" in text
    edge_id = loaded.execute_script("return kgEdges.get({filter: e => e.predicate === 'visited'})[0].id")
    loaded.execute_script("kgShowEdge(arguments[0]);", edge_id)
    text = _details_text(loaded, f"عنوان {SCRIPT_XSS}")
    assert IMG_XSS in text
    assert loaded.execute_script("return document.querySelectorAll('img, #kg-details script').length") == 0
    assert loaded.execute_script("return window.__alerts") == []


@pytest.mark.browser
def test_nothing_is_fetched_from_the_network(loaded, page):
    resources = loaded.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [url for url in resources if not url.startswith(("data:", "blob:"))] == []
    requests = [json.loads(entry["message"])["message"] for entry in loaded.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"]
    assert page.as_uri() in urls  # the log does see the page's own request
    # (chrome:// pages are the browser's own start-up tabs)
    assert [url for url in urls if re.match(r"(?:https?|wss?|ftp):|//", url, re.I)] == []


@pytest.mark.browser
def test_console_has_no_errors(loaded):
    severe = [entry for entry in loaded.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == []


def test_predicate_labels_come_from_the_ontology(tmp_path):
    ttl = tmp_path / "kg.ttl"
    ttl.write_text(
        "@prefix kg: <https://w3id.org/kg-arabic/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'kg:visited rdfs:label "visited"@en , "قام بزيارة"@ar .\n',
        encoding="utf-8",
    )
    labels = predicate_labels(ttl)
    assert labels["visited"] == "قام بزيارة"
    assert labels["heldIn"] == FALLBACK_PREDICATE_LABELS["heldIn"]
    assert predicate_labels(tmp_path / "missing.ttl") == FALLBACK_PREDICATE_LABELS


def test_entity_without_key_is_an_error():
    text = "زار سامي طنجة."
    entity = Entity("e1", EntityType.PERSON, "سامي", (), "")
    with pytest.raises(ValueError, match="no key"):
        extractions_to_graph([Extraction(Article("a-nokey", text), (entity,), ())])


# --- other pages in the same browser (they navigate away from `loaded`, so they come last) ----

def _open(driver, path: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # start from an empty console
    driver.get(path.as_uri())
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return window.kgStable === true"))


@pytest.mark.browser
def test_big_graph_arrives_laid_out_and_draws_arrows_when_zoomed_in(browser, graph, tmp_path):
    from selenium.webdriver.support.ui import WebDriverWait

    path = write_html(graph, tmp_path / "big.html", layout_threshold=3)
    _open(browser, path)
    assert browser.execute_script("return network.physics.options.enabled") is False
    expected = {n["id"]: (n["x"], n["y"]) for n in _page_data(path)["nodes"] if n["id"] not in ISOLATED}
    positions = browser.execute_script("return network.getPositions()")
    assert positions.keys() == expected.keys()
    assert {k: (p["x"], p["y"]) for k, p in positions.items()} == expected  # nothing moved
    arrows = ("var out = {}; for (var id in network.body.edges) { var e = network.body.edges[id];"
              " out[kgEdges.get(id).predicate] = e.options.arrows.to.enabled; } return out;")
    for scale, directed in ((0.1, False), (1.5, True)):
        browser.execute_script("network.moveTo({scale: arguments[0], animation: {duration: 50}});", scale)
        WebDriverWait(browser, 10).until(lambda d: d.execute_script(arrows)["heldIn"] is directed)
        assert browser.execute_script(arrows)["metWith"] is False
    # Edge labels appear for the selected node's edges only.
    browser.execute_script("kgSetLanguage('en');")
    box = browser.find_element("id", "kg-search")
    box.send_keys("Huda")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return network.getSelectedNodes()")
                                     == ["person:huda-mansour"])
    labelled = browser.execute_script("return kgEdges.get({filter: e => e.label}).map(e => e.label).sort()")
    assert labelled == ["chaired", "met with"]
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


@pytest.mark.browser
def test_ego_view_page_shows_the_focus_and_its_neighbours_only(browser, graph, tmp_path):
    from kg.export.views import ego_view

    path = write_html(ego_view(graph, "عطار", depth=1), tmp_path / "ego.html")
    _open(browser, path)
    shown = sorted(browser.execute_script("return kgNodes.getIds()"))
    assert shown == ["event:north-youth-forum", "person:huda-mansour", "person:salim-alattar"]
    assert browser.execute_script("return network.getSelectedNodes()") == ["person:salim-alattar"]
    assert browser.find_element("id", "kg-details").text.startswith("سليم العطار")
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1400, 760), (1280, 720), (1920, 1080), (1024, 700)])
def test_the_details_panel_is_in_view_when_a_node_is_clicked(browser, page, size):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(*size)
    try:
        _open(browser, page)
        browser.execute_script("network.fit({animation: false});")
        time.sleep(0.3)
        _click_canvas(browser, "network.getPositions(['loc:tangier'])['loc:tangier']")
        _details_text(browser, "Q999001")
        rect = WebDriverWait(browser, 10).until(lambda d: d.execute_script(
            "var h = document.querySelector('#kg-details h2').getBoundingClientRect();"
            "return h.bottom > 0 ? [h.top, h.bottom, h.left, h.right, innerWidth, innerHeight] : null;"))
        top, bottom, left, right, width, height = rect
        assert 0 <= top and bottom <= height and 0 <= left and right <= width, (size, rect)
    finally:
        browser.set_window_size(1400, 900)


@pytest.mark.browser
def test_an_ambiguous_search_lists_the_candidates_and_a_click_picks_one(browser, page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, page)
    box = browser.find_element(By.ID, "kg-search")
    box.send_keys("منصور")  # one person's name: selected at once
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return network.getSelectedNodes()")
                                     == ["person:huda-mansour"])
    box.send_keys(select_all_keys(), "ال")  # in several names: the candidates are listed, none is picked
    buttons = WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#kg-details .kg-candidates button"))
    ids = [b.get_attribute("data-id") for b in buttons]
    assert {"person:salim-alattar", "event:north-youth-forum"} <= set(ids)
    assert f"{len(ids)} نتائج" in browser.find_element(By.ID, "kg-search-status").text
    buttons[ids.index("event:north-youth-forum")].click()
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return network.getSelectedNodes()")
                                     == ["event:north-youth-forum"])
    assert browser.find_element(By.ID, "kg-details").text.startswith("منتدى الشمال للشباب")


def select_all_keys():
    from selenium.webdriver.common.keys import Keys

    return Keys.CONTROL + "a" + Keys.NULL


@pytest.mark.browser
@pytest.mark.parametrize("query", ["منصور", "العطار", "عطار", "ال", "منتدى", "Tangier", "salim", "Hoda Mansour",
                                   "الوزانى", "north youth"])
def test_the_page_finds_what_kg_query_and_kg_viz_find(browser, page, graph, query):
    """One matcher: the page's search gives the candidates kg.export.views.match_nodes gives."""
    from kg.export.views import match_nodes

    _open(browser, page)
    assert sorted(browser.execute_script("return kgFindNodes(arguments[0])", query)) == \
        sorted(match_nodes(graph, query))


@pytest.mark.browser
def test_entities_without_relations_are_hidden_until_asked_for(browser, page):
    from selenium.webdriver.common.by import By

    _open(browser, page)
    hidden = "return kgNodes.get({filter: n => n.hidden === true}).map(n => n.id)"
    assert browser.execute_script(hidden) == ISOLATED
    box = browser.find_element(By.ID, "kg-isolated")
    assert "(1)" in box.find_element(By.XPATH, "..").text
    box.click()
    assert browser.execute_script(hidden) == []
    box.click()
    assert browser.execute_script(hidden) == ISOLATED


@pytest.mark.browser
def test_a_view_of_an_entity_without_relations_still_shows_it(browser, graph, tmp_path):
    from kg.export.views import ego_view

    path = write_html(ego_view(graph, "الوزاني", depth=1), tmp_path / "alone.html")
    _open(browser, path)
    assert browser.execute_script("return kgNodes.get({filter: n => n.hidden === true}).length") == 0
    assert browser.execute_script("return network.getSelectedNodes()") == ["person:rachid-ouazzani"]


@pytest.mark.browser
def test_a_page_of_a_big_graph_draws_its_part_offline(browser, tmp_path):
    path = write_html(_big_graph(core=80, leaves=5000), tmp_path / "big.html", max_nodes=400)
    browser.get_log("performance")  # start from an empty network log
    _open(browser, path)
    shown = browser.execute_script("return kgNodes.length")
    assert 80 <= shown <= 400
    assert browser.execute_script("return network.physics.options.enabled") is False
    assert browser.find_element("id", "kg-partial").text.count("5,080") == 2
    png = browser.find_element("id", "mynetwork").screenshot_as_png
    colours, inked = _png_colours(png)
    assert colours > 30 and inked > 0.005, "the network canvas looks blank"
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [url for url in resources if not url.startswith(("data:", "blob:"))] == []
    requests = [json.loads(entry["message"])["message"] for entry in browser.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"]
    assert path.as_uri() in urls
    assert [url for url in urls if re.match(r"(?:https?|wss?|ftp):|//", url, re.I)] == []
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def _much_stated(tmp_path: Path, sentences: int) -> Path:
    """A page with one edge that ``sentences`` articles state, each in its own sentence."""
    graph = nx.MultiDiGraph(articles={f"w{n:03d}": {"title": f"خبر {n}", "date": "2024-05-01"}
                                      for n in range(sentences)})
    graph.add_node("person:a", type="PERSON", label="سعيد الأول", names=[], articles=sorted(graph.graph["articles"]))
    graph.add_node("person:b", type="PERSON", label="كريم الثاني", names=[], articles=sorted(graph.graph["articles"]))
    evidence = [{"article": f"w{n:03d}", "sentence": f"التقى الرجلان للمرة {n}.", "confidence": 0.8}
                for n in range(sentences)]
    graph.add_edge("person:a", "person:b", key="metWith", predicate="metWith", confidence=0.8,
                   articles=sorted(graph.graph["articles"]), evidence=evidence)
    return write_html(graph, tmp_path / "stated.html")


def test_an_edge_stated_by_many_articles_carries_the_sentences_the_panel_lists_and_counts_the_rest(tmp_path):
    data = _page_data(_much_stated(tmp_path, 65))
    edge = data["edges"][0]
    assert [ev["article"] for ev in edge["evidence"]] == [f"w{n:03d}" for n in range(20)]
    assert edge["evidence_count"] == 65 and data["panel_evidence"] == 20
    # nodes and edges list their first 50 articles, count them all, and the page describes those it lists
    for item in (edge, *data["nodes"]):
        assert item["articles"] == [f"w{n:03d}" for n in range(50)] and item["articles_count"] == 65
    assert sorted(data["articles"]) == [f"w{n:03d}" for n in range(50)]
    few = _page_data(_much_stated(tmp_path, 3))["edges"][0]
    assert len(few["evidence"]) == 3 and "evidence_count" not in few  # nothing left out, nothing counted


@pytest.mark.browser
def test_the_panel_of_a_much_stated_edge_counts_the_sentences_and_articles_the_page_left_out(browser, tmp_path):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(_much_stated(tmp_path, 65).as_uri())
    WebDriverWait(browser, 60).until(lambda d: d.execute_script("return window.kgDrawn === true"))
    edge_id = browser.execute_script("return kgEdges.get()[0].id")
    browser.execute_script("kgShowEdge(arguments[0]);", edge_id)
    text = _details_text(browser, "التقى الرجلان للمرة 19.")
    assert "و45 أخرى" in text and "للمرة 20." not in text  # sentences: 20 listed of 65
    assert "المقالات (65)" in text and "و15 أخرى" in text  # articles: 50 listed of 65
