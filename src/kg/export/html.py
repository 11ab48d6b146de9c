"""Write a knowledge graph as one self-contained, offline, Arabic (RTL) HTML page.

pyvis builds the vis-network nodes, edges and options; the page itself comes
from our own template because pyvis's links bootstrap from a CDN even with
``cdn_resources="in_line"``, has no RTL or legend, and its select menu breaks
on Arabic.  vis-network's JS and CSS are inlined from pyvis's package.
"""
from __future__ import annotations

import html
import json
import math
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup
from pyvis.network import Network

from kg.model import PREDICATES, SYMMETRIC_PREDICATES, EntityType

DEFAULT_TITLE = "شبكة المعرفة من الأخبار العربية"
ONTOLOGY_NS = "https://w3id.org/kg-arabic/ontology#"
DEFAULT_ONTOLOGY = Path(__file__).resolve().parents[3] / "ontology" / "kg.ttl"

FONT_FAMILIES = ("Noto Naskh Arabic", "Noto Sans Arabic", "Noto Kufi Arabic", "DejaVu Sans")
FONT_STACK = ", ".join(f"'{name}'" for name in FONT_FAMILIES) + ", sans-serif"
NODE_FONT_SIZE = 18
EDGE_FONT_SIZE = 15

#: Used when ontology/kg.ttl is missing or lacks a predicate's rdfs:label@ar (kept in step with it).
FALLBACK_PREDICATE_LABELS: dict[str, str] = {
    "attended": "شارك في",
    "chaired": "ترأس",
    "heads": "يرأس",
    "memberOf": "عضو في",
    "represents": "يمثل",
    "metWith": "التقى بـ",
    "visited": "زار",
    "cooperatesWith": "يتعاون مع",
    "organizedBy": "من تنظيم",
    "heldIn": "انعقد في",
    "locatedIn": "يقع في",
    "partOf": "تابع لـ",
}

#: type -> (Arabic name, vis shape, legend symbol, fill colour, border colour)
TYPE_STYLES: dict[str, tuple[str, str, str, str, str]] = {
    EntityType.PERSON.value: ("شخص", "dot", "●", "#4e79a7", "#2b4c6f"),
    EntityType.ORGANIZATION.value: ("منظمة", "square", "■", "#f28e2b", "#a95c10"),
    EntityType.LOCATION.value: ("مكان", "triangle", "▲", "#59a14f", "#336b2c"),
    EntityType.EVENT.value: ("حدث", "star", "★", "#e15759", "#9c2a2c"),
    EntityType.DATE.value: ("تاريخ", "diamond", "◆", "#b07aa1", "#74466a"),
}
_UNKNOWN_STYLE = ("غير محدد", "ellipse", "⬬", "#bab0ac", "#7b7270")
_MAX_EVIDENCE_SHOWN = 5


@lru_cache(maxsize=4)
def predicate_labels(ontology: Path | None = None) -> dict[str, str]:
    """predicate -> Arabic label, from the ontology's rdfs:label@ar where it has one."""
    labels = dict(FALLBACK_PREDICATE_LABELS)
    path = Path(ontology) if ontology else DEFAULT_ONTOLOGY
    if not path.is_file():
        return labels
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDFS

    graph = Graph().parse(path, format="turtle")
    for predicate in PREDICATES:
        for label in graph.objects(URIRef(ONTOLOGY_NS + predicate), RDFS.label):
            if getattr(label, "language", None) == "ar":
                labels[predicate] = str(label)
                break
    return labels


def to_pyvis(graph: nx.MultiDiGraph, ontology: Path | None = None) -> Network:
    """A pyvis Network for ``graph`` (as built by ``extractions_to_graph``)."""
    net = Network(height="80vh", width="100%", directed=True, cdn_resources="in_line")
    for key, data in graph.nodes(data=True):
        name, shape, _, fill, border = TYPE_STYLES.get(data.get("type", ""), _UNKNOWN_STYLE)
        rows = _node_rows(data, name)
        net.add_node(
            key,
            label=data.get("label") or data.get("label_en") or str(key),
            title=_plain_title(rows),
            tip=rows,
            shape=shape,
            size=min(14 + 6 * math.sqrt(graph.degree(key)), 48),
            color={
                "background": fill, "border": border,
                "highlight": {"background": fill, "border": "#111111"},
                "hover": {"background": fill, "border": "#111111"},
            },
            type=data.get("type", ""),
            label_en=data.get("label_en", ""),
            names=list(data.get("names", [])),
        )
    labels = predicate_labels(ontology)
    parallel: dict[frozenset, int] = defaultdict(int)
    for subject, obj, data in graph.edges(data=True):
        predicate = data["predicate"]
        rows = _edge_rows(data, labels.get(predicate, predicate))
        options = {
            "label": labels.get(predicate, predicate),
            "title": _plain_title(rows),
            "tip": rows,
            "predicate": predicate,
            "width": min(1.5 + 1.5 * (len(data.get("articles", ())) - 1), 8),
        }
        if predicate in SYMMETRIC_PREDICATES:
            options["arrows"] = {"to": {"enabled": False}}
        pair = frozenset((subject, obj))
        if parallel[pair]:
            # Several predicates between one pair would be drawn on top of each other.
            options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.15 * parallel[pair]}
        parallel[pair] += 1
        net.add_edge(subject, obj, **options)
    # Assigned directly: pyvis's set_options() strips every space, breaking font names.
    net.options = _vis_options()
    return net


def write_html(graph: nx.MultiDiGraph, path: str | Path, title: str = DEFAULT_TITLE,
               ontology: Path | None = None) -> Path:
    """Write ``graph`` as an interactive HTML page at ``path`` and return the path.

    The page needs no network: vis-network is inlined and nothing is fetched.
    """
    path = Path(path)
    net = to_pyvis(graph, ontology)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    vis_dir = Path(net.template_dir) / "lib" / "vis-9.1.2"
    page = _environment().from_string(_TEMPLATE).render(
        title=title,
        font_stack=Markup(FONT_STACK),
        node_font_size=NODE_FONT_SIZE,
        vis_css=Markup((vis_dir / "vis-network.css").read_text(encoding="utf-8")),
        vis_js=Markup((vis_dir / "vis-network.min.js").read_text(encoding="utf-8")),
        nodes_json=_script_json(nodes),
        edges_json=_script_json(edges),
        options_json=Markup(options if isinstance(options, str) else json.dumps(options)),
        legend=[
            {"type": t, "name": style[0], "symbol": style[2], "color": style[3]}
            for t, style in TYPE_STYLES.items()
        ],
        counts={
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "articles": len({a for _, d in graph.nodes(data=True) for a in d.get("articles", ())}),
        },
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def _node_rows(data: dict, type_name: str) -> list[list[str]]:
    rows = [["النوع", f"{type_name} ({data.get('type', '')})"], ["الاسم", data.get("label", "")]]
    if data.get("label_en"):
        rows.append(["بالإنجليزية", data["label_en"]])
    others = [n for n in data.get("names", ()) if n != data.get("label")]
    if others:
        rows.append(["أسماء أخرى", "، ".join(others)])
    if data.get("wikidata"):
        rows.append(["ويكي بيانات", data["wikidata"]])
    rows.append(["المقالات", "، ".join(data.get("articles", ()))])
    return rows


def _edge_rows(data: dict, label: str) -> list[list[str]]:
    rows = [
        ["العلاقة", f"{label} ({data['predicate']})"],
        ["الثقة", f"{data['confidence']:.2f}"],
        ["المقالات", str(len(data.get("articles", ())))],
    ]
    evidence = data.get("evidence", [])
    for ev in evidence[:_MAX_EVIDENCE_SHOWN]:
        source = " — ".join(part for part in (ev.get("title", ""), ev.get("date", "")) if part)
        rows += [
            ["", ""],  # a rule between pieces of evidence
            ["الجملة", ev.get("sentence", "")],
            ["المقال", f"{source} [{ev.get('article', '')}]" if source else ev.get("article", "")],
            ["الثقة", f"{ev.get('confidence', 0):.2f}"],
        ]
    if len(evidence) > _MAX_EVIDENCE_SHOWN:
        rows += [["", ""], ["…", f"و{len(evidence) - _MAX_EVIDENCE_SHOWN} أخرى"]]
    return rows


def _plain_title(rows: list[list[str]]) -> str:
    """Escaped text fallback: safe whether vis renders a string title as text or HTML.

    The page replaces it with an element built from ``tip`` using textContent."""
    return html.escape("\n".join(f"{k}: {v}" for k, v in rows if k))


def _script_json(value) -> Markup:
    """JSON safe inside <script>: no "</script>" or "<!--" can close or confuse it."""
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return Markup(text)


def _vis_options() -> dict:
    return {
        "nodes": {
            "font": {"size": NODE_FONT_SIZE, "face": FONT_STACK, "color": "#1a1a1a",
                     "strokeWidth": 4, "strokeColor": "#ffffff"},
            "borderWidth": 2,
            "borderWidthSelected": 4,
            "widthConstraint": {"maximum": 200},
        },
        "edges": {
            "font": {"size": EDGE_FONT_SIZE, "face": FONT_STACK, "align": "horizontal",
                     "color": "#333333", "strokeWidth": 4, "strokeColor": "#ffffff"},
            "color": {"color": "#8a8a8a", "highlight": "#d62728", "hover": "#555555", "inherit": False},
            "smooth": {"enabled": True, "type": "continuous"},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.7}},
        },
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 160, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": 300},
        },
        "layout": {"randomSeed": 7},  # the same graph always gets the same picture
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": False},
    }


def _environment() -> Environment:
    return Environment(autoescape=True)


_TEMPLATE = r"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<script>{{ vis_js }}</script>
<style>
  body { margin: 0; font-family: {{ font_stack }}; background: #f6f6f4; color: #1a1a1a; }
  header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 28px;
           padding: 10px 16px; background: #ffffff; border-bottom: 1px solid #d8d8d8; }
  h1 { font-size: 22px; margin: 0; }
  #kg-summary { margin: 0; color: #555555; font-size: 15px; }
  #kg-search-box { display: flex; align-items: center; gap: 8px; font-size: 16px; }
  #kg-search { font: inherit; padding: 4px 8px; min-width: 16em; border: 1px solid #999999; border-radius: 4px; }
  #kg-search-status { color: #555555; font-size: 14px; }
  #kg-legend ul { display: flex; flex-wrap: wrap; gap: 6px 18px; list-style: none; margin: 0; padding: 0; font-size: 16px; }
  #kg-legend .kg-swatch { font-size: 20px; margin-inline-end: 4px; }
  #mynetwork { width: 100%; height: 80vh; background: #ffffff; }
  div.vis-tooltip { font-family: {{ font_stack }}; font-size: 15px; direction: rtl; text-align: right;
                    white-space: normal; max-width: 32em; line-height: 1.6; }
  .kg-tip-key { font-weight: bold; margin-inline-end: 4px; }
  .kg-tip hr { border: 0; border-top: 1px solid #cccccc; margin: 4px 0; }
</style>
</head>
<body>
<header>
  <h1>{{ title }}</h1>
  <p id="kg-summary">الكيانات: {{ counts.nodes }} · العلاقات: {{ counts.edges }} · المقالات: {{ counts.articles }}</p>
  <div id="kg-search-box" role="search">
    <label for="kg-search">بحث</label>
    <input id="kg-search" type="search" autocomplete="off" placeholder="اسم بالعربية أو الإنجليزية">
    <span id="kg-search-status" aria-live="polite"></span>
  </div>
  <div id="kg-legend" aria-label="دليل الأنواع">
    <ul>
    {%- for item in legend %}
      <li data-type="{{ item.type }}"><span class="kg-swatch" style="color: {{ item.color }}">{{ item.symbol }}</span>{{ item.name }} <small>({{ item.type }})</small></li>
    {%- endfor %}
    </ul>
  </div>
</header>
<div id="mynetwork"></div>
<script>
(function () {
  "use strict";
  var nodesData = {{ nodes_json }};
  var edgesData = {{ edges_json }};
  var options = {{ options_json }};

  // Tooltips are built as elements with textContent: article text never becomes markup.
  function tooltip(rows) {
    var box = document.createElement("div");
    box.className = "kg-tip";
    rows.forEach(function (row) {
      if (!row[0]) { box.appendChild(document.createElement("hr")); return; }
      var line = document.createElement("div");
      var key = document.createElement("span");
      key.className = "kg-tip-key";
      key.textContent = row[0] + ":";
      var value = document.createElement("span");
      value.textContent = row[1];
      line.appendChild(key);
      line.appendChild(value);
      box.appendChild(line);
    });
    return box;
  }
  [nodesData, edgesData].forEach(function (items) {
    items.forEach(function (item) {
      if (item.tip) { item.title = tooltip(item.tip); delete item.tip; }
    });
  });

  var nodes = new vis.DataSet(nodesData);
  var edges = new vis.DataSet(edgesData);
  var network = new vis.Network(document.getElementById("mynetwork"), {nodes: nodes, edges: edges}, options);
  window.network = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgDrawn = false;
  network.once("afterDrawing", function () { window.kgDrawn = true; });

  // Search ignores diacritics, tatweel and alef/hamza/teh marbuta/alef maqsura variants.
  var DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640]/g;
  function normalize(text) {
    return String(text || "").normalize("NFKC").replace(DIACRITICS, "")
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
      .replace(/\u0624/g, "\u0648").replace(/[\u0626\u0649]/g, "\u064A")
      .replace(/\u0629/g, "\u0647")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  var index = nodesData.map(function (node) {
    var names = [node.label, node.label_en].concat(node.names || []);
    return {id: node.id, label: node.label, names: names.map(normalize).filter(Boolean)};
  });
  function findNode(query) {
    var q = normalize(query);
    if (!q) { return null; }
    var best = null;
    index.forEach(function (entry) {
      entry.names.forEach(function (name) {
        var score = name === q ? 3 : name.indexOf(q) === 0 ? 2 : name.indexOf(q) >= 0 ? 1 : 0;
        if (score && (!best || score > best.score || (score === best.score && name.length < best.length))) {
          best = {entry: entry, score: score, length: name.length};
        }
      });
    });
    return best && best.entry;
  }
  var input = document.getElementById("kg-search");
  var status = document.getElementById("kg-search-status");
  var timer = null;
  function search() {
    var found = findNode(input.value);
    if (!input.value.trim()) { status.textContent = ""; network.unselectAll(); return; }
    if (!found) { status.textContent = "لا نتيجة"; network.unselectAll(); return; }
    status.textContent = found.label;
    network.selectNodes([found.id]);
    network.focus(found.id, {scale: Math.max(network.getScale(), 1.0),
                             animation: {duration: 400, easingFunction: "easeInOutQuad"}});
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 200); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { clearTimeout(timer); search(); }
  });
})();
</script>
</body>
</html>
"""
