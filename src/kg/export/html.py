"""Write a knowledge graph as one self-contained, offline, Arabic (RTL) HTML page.

pyvis builds the vis-network nodes and edges; the page comes from our own
template (``templates/graph.html``, ``graph.css``, ``graph.js``) because
pyvis's links bootstrap from a CDN even with ``cdn_resources="in_line"``, has
no RTL, legend or filters, and its select menu breaks on Arabic.  vis-network's
JS and CSS are inlined from pyvis's package, so the page fetches nothing.

Nodes are sized by the number of articles that mention them; edges are
thicker the more articles support them; symmetric predicates have no arrow.
Graphs above ``LAYOUT_THRESHOLD`` nodes are laid out here (``kg.export.layout``)
and drawn with physics off; smaller ones stabilise in the browser, then stop.
Graphs above ``MAX_NODES`` are not drawn whole: the page shows their most
connected part (``kg.export.views.most_connected_view``) and says so.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from kg.arabic import has_arabic, sound_key
from kg.model import PREDICATES, SYMMETRIC_PREDICATES, EntityType
from kg.resources import resource_path
from kg.romanize import romanize

DEFAULT_TITLE = "شبكة المعرفة من الأخبار العربية"
ONTOLOGY_NS = "https://w3id.org/kg-arabic/ontology#"
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Above this many nodes the layout is computed in Python and physics is off.
LAYOUT_THRESHOLD = 300
#: Above this many nodes a page shows the graph's most connected part only: a browser
#: draws and pans 1,500 nodes smoothly, and a bigger hairball shows nothing more.
MAX_NODES = 1500
#: Evidence sentences an edge carries in the page, as the details panel lists them; the rest are
#: counted ("and 180 more"): an edge that thousands of articles state would otherwise make a page of
#: an archive too big to open
PAGE_EVIDENCE = 20
#: Articles a node or an edge lists in the page (the first by id); the rest are counted
PAGE_ARTICLES = 50
#: In laid-out graphs, arrowheads are drawn from this zoom scale up.
ARROW_SCALE = 0.35

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


def _words(predicate: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", predicate).lower()


#: English fallbacks: the predicate's name split into words ("metWith" -> "met with").
FALLBACK_PREDICATE_LABELS_EN: dict[str, str] = {p: _words(p) for p in PREDICATES}

#: type -> Arabic name, English name, vis shape, legend symbol, fill and border colours.
TYPE_STYLES: dict[str, dict[str, str]] = {
    EntityType.PERSON.value: dict(ar="شخص", en="Person", shape="dot", symbol="●", fill="#4e79a7", border="#2b4c6f"),
    EntityType.ORGANIZATION.value: dict(ar="منظمة", en="Organization", shape="square", symbol="■",
                                        fill="#f28e2b", border="#a95c10"),
    EntityType.LOCATION.value: dict(ar="مكان", en="Place", shape="triangle", symbol="▲", fill="#59a14f",
                                    border="#336b2c"),
    EntityType.EVENT.value: dict(ar="حدث", en="Event", shape="star", symbol="★", fill="#e15759", border="#9c2a2c"),
    EntityType.DATE.value: dict(ar="تاريخ", en="Date", shape="diamond", symbol="◆", fill="#b07aa1", border="#74466a"),
}
_UNKNOWN_STYLE = dict(ar="غير محدد", en="Unknown", shape="ellipse", symbol="⬬", fill="#bab0ac", border="#7b7270")
_QID = re.compile(r"Q[1-9][0-9]*")
#: Types whose names are rarely translated: without an English name they get a romanisation.
_ROMANIZED_TYPES = ("PERSON", "EVENT")


@lru_cache(maxsize=8)
def predicate_labels(ontology: Path | None = None, lang: str = "ar") -> dict[str, str]:
    """predicate -> label in ``lang`` ("ar" or "en"), from the ontology's rdfs:label where it has one."""
    if lang not in ("ar", "en"):
        raise ValueError(f"lang {lang!r}: use 'ar' or 'en'")
    labels = dict(FALLBACK_PREDICATE_LABELS if lang == "ar" else FALLBACK_PREDICATE_LABELS_EN)
    if ontology is None:
        ontology = resource_path("ontology", "kg.ttl")
    path = Path(ontology)
    if not path.is_file():
        return labels
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDFS

    graph = Graph().parse(path, format="turtle")
    for predicate in PREDICATES:
        for label in graph.objects(URIRef(ONTOLOGY_NS + predicate), RDFS.label):
            if getattr(label, "language", None) == lang:
                labels[predicate] = str(label)
                break
    return labels


def node_size(article_count: int) -> float:
    """Node size grows with the square root of the number of articles naming it (12 for one, at most 50)."""
    return round(min(12 + 8 * (math.sqrt(max(article_count, 1)) - 1), 50), 1)


def edge_width(article_count: int) -> float:
    """Edge width grows with the number of articles supporting it (1.5 for one, at most 8)."""
    return min(1.5 + 1.5 * (max(article_count, 1) - 1), 8.0)


def _listed(data: dict, field: str, most: int) -> dict:
    """The first ``most`` of a node's or edge's ``field`` ("articles", "evidence") as the page lists
    them, and ``<field>_count``, how many there are, when that is more (a page's graph may have
    counted more than it kept)."""
    items = list(data.get(field, ()))
    count = data.get(f"{field}_count", len(items))
    return {field: items[:most], **({f"{field}_count": count} if count > most else {})}


def named_in(data: dict) -> int:
    """How many articles name a node or edge (a page's graph lists some and counts them all)."""
    return data.get("articles_count", len(data.get("articles", ())))


def to_pyvis(graph: nx.MultiDiGraph, ontology: Path | None = None, positions: dict | None = None) -> Network:
    """A pyvis Network for ``graph`` (as built by ``extractions_to_graph``).

    Nodes and edges carry the data the page shows (names, articles, Wikidata
    id, evidence) as plain JSON; the page builds tooltips and the details
    panel from it with ``textContent``, so article text never becomes markup.
    ``positions`` (node -> (x, y)) fixes where nodes are drawn, and turns
    physics and edge labels off (see ``vis_options``).
    """
    net = Network(height="80vh", width="100%", directed=True, cdn_resources="in_line")
    for key, data in graph.nodes(data=True):
        label = data.get("label") or data.get("label_en") or str(key)
        # Empty fields are left out: a 5,000-node page is smaller and faster to load.
        label_en = data.get("label_en", "")
        romanized = not label_en and data.get("type") in _ROMANIZED_TYPES
        extra = {
            # persons and events without an English name get a romanisation (kg.romanize)
            "label_en": label_en or (romanize(label) if romanized else ""),
            "romanized": romanized,
            "names": [n for n in data.get("names", ()) if n != label],
            "wikidata": data.get("wikidata", "") if _QID.fullmatch(data.get("wikidata") or "") else "",
            # consonant skeletons of the Arabic names, so that "Hammouchi" finds "حموشي"
            "sounds": sorted({k for k in (sound_key(n) for n in [label, *data.get("names", ())]
                                          if has_arabic(n, 1)) if k}),
        }
        extra = {k: v for k, v in extra.items() if v}
        if positions:
            extra.update(x=positions[key][0], y=positions[key][1])
        type_ = data.get("type", "")
        style = TYPE_STYLES.get(type_, _UNKNOWN_STYLE)
        # Colours come from the type's group (vis_options), not from every node.
        # What net.add_node builds, without its scan of every node so far (quadratic on big graphs).
        node = Node(key, style["shape"], label=label, font_color=net.font_color,
                    group=type_ if type_ in TYPE_STYLES else "UNKNOWN", type=type_,
                    size=node_size(named_in(data)), **_listed(data, "articles", PAGE_ARTICLES), **extra)
        net.nodes.append(node.options)
        net.node_ids.append(key)
        net.node_map[key] = node.options
    labels = predicate_labels(ontology, "ar")
    parallel: dict[frozenset, int] = defaultdict(int)
    for number, (subject, obj, data) in enumerate(graph.edges(data=True)):
        predicate = data["predicate"]
        options = {
            "id": f"r{number}",
            "predicate": predicate,
            "width": edge_width(named_in(data)),
            "confidence": round(float(data.get("confidence", 0.0)), 3),
            **_listed(data, "articles", PAGE_ARTICLES),
            **_listed(data, "evidence", PAGE_EVIDENCE),
        }
        options["evidence"] = [
            {"article": ev.get("article", ""), "sentence": ev.get("sentence", ""),
             "confidence": round(float(ev.get("confidence", 0.0)), 3)}
            for ev in options["evidence"]
        ]
        if positions is None:
            # Thousands of Arabic edge labels cost more to measure than to read: laid-out (big)
            # graphs label the edges of the selected node only (graph.js).
            options["label"] = labels.get(predicate, predicate)
        if predicate in SYMMETRIC_PREDICATES:
            options["arrows"] = {"to": {"enabled": False}}
        pair = frozenset((subject, obj))
        if parallel[pair]:
            # Several predicates between one pair would be drawn on top of each other.
            options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.15 * parallel[pair]}
        parallel[pair] += 1
        # What net.add_edge builds, without its check that both ends are among the nodes (a list scan).
        net.edges.append(Edge(subject, obj, True, **options).options)
        if net.edges[-1].get("arrows") == "to":
            del net.edges[-1]["arrows"]  # pyvis's default for directed graphs; the global option decides
    # Assigned directly: pyvis's set_options() strips every space, breaking font names.
    net.options = vis_options(laid_out=positions is not None)
    return net


def write_html(graph: nx.MultiDiGraph, path: str | Path, title: str = DEFAULT_TITLE,
               ontology: Path | None = None, layout_threshold: int = LAYOUT_THRESHOLD,
               max_nodes: int | None = MAX_NODES) -> Path:
    """Write ``graph`` as an interactive HTML page at ``path`` and return the path.

    The page needs no network: vis-network is inlined and nothing is fetched.
    Graphs with more than ``layout_threshold`` nodes are laid out in Python.
    Graphs with more than ``max_nodes`` nodes (None: no limit) show their most
    connected part, and the page says how much of the graph it shows.
    """
    from kg.export.layout import spring_positions
    from kg.export.views import most_connected_view

    path = Path(path)
    if max_nodes is not None:
        graph = most_connected_view(graph, max_nodes)
    whole = graph.graph.get("whole")
    positions = spring_positions(graph) if graph.number_of_nodes() > layout_threshold else None
    net = to_pyvis(graph, ontology, positions)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    vis_dir = Path(net.template_dir) / "lib" / "vis-9.1.2"
    type_counts = Counter(data.get("type", "") for _, data in graph.nodes(data=True))
    predicate_counts = Counter(data["predicate"] for _, _, data in graph.edges(data=True))
    labels_ar, labels_en = predicate_labels(ontology, "ar"), predicate_labels(ontology, "en")
    articles = graph.graph.get("articles", {})
    mentioned = sorted({a for _, d in graph.nodes(data=True) for a in d.get("articles", ())})
    page_data = {
        "nodes": nodes,
        "edges": edges,
        "options": options if isinstance(options, dict) else json.loads(options),
        # the articles the page lists, by node, edge or evidence sentence
        "articles": {a: {k: articles.get(a, {}).get(k, "") for k in ("title", "date", "url")
                         if articles.get(a, {}).get(k) or k != "url"}
                     for a in sorted({a for item in (*nodes, *edges) for a in item.get("articles", ())}
                                     | {ev["article"] for edge in edges for ev in edge.get("evidence", ())})},
        "types": {t: {"ar": s["ar"], "en": s["en"]} for t, s in TYPE_STYLES.items()},
        "predicates": {p: {"ar": labels_ar[p], "en": labels_en[p]} for p in PREDICATES},
        "focus": graph.graph.get("focus"),
        "edge_labels": positions is None,
        "arrow_scale": None if positions is None else ARROW_SCALE,
        "whole": whole,
        "panel_evidence": PAGE_EVIDENCE,
    }
    template = Environment(autoescape=True).from_string((TEMPLATES / "graph.html").read_text(encoding="utf-8"))
    page = template.render(
        title=title,
        font_stack=Markup(FONT_STACK),
        vis_css=Markup((vis_dir / "vis-network.css").read_text(encoding="utf-8")),
        vis_js=Markup((vis_dir / "vis-network.min.js").read_text(encoding="utf-8")),
        page_css=Markup((TEMPLATES / "graph.css").read_text(encoding="utf-8")),
        page_js=Markup((TEMPLATES / "graph.js").read_text(encoding="utf-8")),
        data_json=Markup(_DATA_SLOT),
        types=[
            {"type": t, "ar": s["ar"], "en": s["en"], "symbol": s["symbol"], "color": s["fill"],
             "count": type_counts.get(t, 0)}
            for t, s in TYPE_STYLES.items() if type_counts.get(t, 0)
        ],
        predicates=[
            {"predicate": p, "ar": labels_ar[p], "en": labels_en[p], "count": predicate_counts[p],
             "symmetric": p in SYMMETRIC_PREDICATES}
            for p in PREDICATES if predicate_counts[p]
        ],
        counts={"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
                "articles": graph.graph.get("articles_named", len(mentioned)),
                "isolated": sum(1 for n in graph.nodes if not graph.degree(n) and n != graph.graph.get("focus"))
                if graph.number_of_edges() else 0},
        partial=whole and {"nodes": f"{graph.number_of_nodes():,}", "edges": f"{graph.number_of_edges():,}",
                           "all_nodes": f"{whole['nodes']:,}", "all_edges": f"{whole['edges']:,}"},
    )
    head, slot, tail = page.partition(_DATA_SLOT)
    if not slot or _DATA_SLOT in tail:
        raise ValueError(f"the page template must hold {{{{ data_json }}}} once ({TEMPLATES / 'graph.html'})")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head)
        _write_script_json(fh, page_data)
        fh.write(tail)
    return path


#: where the page's data goes in the rendered template (written in pieces, not rendered as one string)
_DATA_SLOT = "\x00kg-page-data\x00"
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _write_script_json(fh, value: dict) -> None:
    """``json.dumps(value, ensure_ascii=False)``, safe inside <script> (no "</script>" or "<!--" can close
    or confuse it), written to ``fh`` one node, edge or article at a time: the page's JSON of an archive
    is tens of megabytes, and held whole it was copied three times over (dumps, escaping, encoding)."""
    def write(part) -> None:
        fh.write(json.dumps(part, ensure_ascii=False).translate(_SCRIPT_SAFE))

    fh.write("{")
    for n, (key, item) in enumerate(value.items()):
        fh.write(", " if n else "")
        write(key)
        fh.write(": ")
        if isinstance(item, list):
            fh.write("[")
            for k, element in enumerate(item):
                fh.write(", " if k else "")
                write(element)
            fh.write("]")
        elif isinstance(item, dict):
            fh.write("{")
            for k, (name, element) in enumerate(item.items()):
                fh.write(", " if k else "")
                write(name)
                fh.write(": ")
                write(element)
            fh.write("}")
        else:
            write(item)
    fh.write("}")


def vis_options(laid_out: bool = False) -> dict:
    """vis-network options; ``laid_out``: positions come from Python, so physics is off."""
    options = {
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
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 160, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        },
        "groups": {
            group: {"shape": style["shape"], "color": {
                "background": style["fill"], "border": style["border"],
                "highlight": {"background": style["fill"], "border": "#111111"},
                "hover": {"background": style["fill"], "border": "#111111"},
            }}
            for group, style in [*TYPE_STYLES.items(), ("UNKNOWN", _UNKNOWN_STYLE)]
        },
        "layout": {"randomSeed": 7},  # the same graph always gets the same picture
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": False},
    }
    if laid_out:
        # Thousands of curved edges and a physics simulation are what make big graphs slow.
        options["physics"] = {"enabled": False}
        options["edges"]["smooth"] = {"enabled": False}
        options["layout"]["improvedLayout"] = False
        options["interaction"].update(hideEdgesOnDrag=True, hideEdgesOnZoom=True)
        # Arrowheads cost most of a frame and are specks when zoomed out: the page turns
        # them on past ARROW_SCALE (graph.js).
        options["edges"]["arrows"]["to"]["enabled"] = False
    return options
