"""The networkx bridge and the interactive HTML page (kg.export.network, kg.export.html).

Browser tests drive Debian's headless Chromium through chromedriver; they are
marked ``browser`` and skipped only when /usr/bin/chromium is not installed.
"""
from __future__ import annotations

import io
import re
import struct
import time
import zlib
from pathlib import Path

import networkx as nx
import pytest
import pyvis

from kg.export.html import FALLBACK_PREDICATE_LABELS, predicate_labels, write_html
from kg.export.network import extractions_to_graph, write_graphml
from kg.model import PREDICATES, Article, Entity, EntityType, Extraction, Mention, Relation, Span

CHROMIUM = Path("/usr/bin/chromium")
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
    article = Article("a-one", text, title="لقاء في طنجة", date="2024-03-04")
    return Extraction(article, entities, relations)


def _article_two() -> Extraction:
    s1 = "ترأست هدى منصور الجلسة الختامية لمنتدى الشمال للشباب في مدينة طَنجة."
    s2 = "وقالت منصور إنها التقت سليم العطار مرة أخرى على هامش المنتدى."
    text = f"{s1} {s2}"
    entities = (
        _entity(text, "e1", EntityType.LOCATION, "loc:tangier", ["طَنجة"], label="طنجة", label_en="Tangier"),
        _entity(text, "e2", EntityType.PERSON, "person:huda-mansour", ["هدى منصور", "منصور"]),
        _entity(text, "e3", EntityType.EVENT, "event:north-youth-forum", ["منتدى الشمال للشباب"]),
        _entity(text, "e4", EntityType.PERSON, "person:salim-alattar", ["سليم العطار"]),
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
    assert graph.number_of_nodes() == 5


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


def test_page_loads_nothing_from_the_network(page):
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert "<script src" not in text and "<link" not in text
    assert "bootstrap" not in text.lower() and "fonts.googleapis" not in text
    assert "vis.Network" in text and "DataSet" in text  # vis-network itself is inlined


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
    for type_name in ("شخص", "منظمة", "مكان", "حدث", "تاريخ"):
        assert type_name in text
    assert re.search(r'"font": \{"size": (1[6-9]|[2-9]\d)', text)


def test_article_text_is_escaped_never_raw(page):
    text = page.read_text(encoding="utf-8")
    vis_js = (Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text()
    assert text.count("<script>") == 2 + vis_js.count("<script>")  # vis-network's and ours, none from articles
    assert SCRIPT_XSS not in text
    assert IMG_XSS not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in text or "&quot;&gt;&lt;img src=x" in text


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
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
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
])
def test_typing_a_name_selects_its_node(loaded, query, key):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    box = loaded.find_element(By.ID, "kg-search")
    box.clear()
    box.send_keys(query)
    WebDriverWait(loaded, 10).until(lambda d: d.execute_script("return network.getSelectedNodes()") == [key])


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
