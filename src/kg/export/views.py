"""Focused views of the knowledge graph: one article, well-attested nodes, the neighbourhood of a name.

Each view returns a new graph (node, edge and graph attributes kept), so views
compose: ``ego_view(min_articles_view(graph, 2), "الحموشي", depth=1)``.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

import networkx as nx

from kg.arabic import has_arabic, normalize, sound_key, strip_definite


class ViewError(ValueError):
    """A view cannot be built: the name or article matches nothing, or matches several things."""


def induced_subgraph(graph: nx.Graph, nodes: Iterable) -> nx.Graph:
    """A copy of ``graph`` on ``nodes`` and the edges between them, nodes and edges in ``graph``'s
    order (``graph.subgraph(nodes).copy()`` lists them in the order of a set, which changes from
    run to run, and so would the pages drawn from it)."""
    kept = set(nodes)
    view = graph.__class__()
    view.graph.update(graph.graph)
    view.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if n in kept)
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    view.add_edges_from(edge for edge in edges if edge[0] in kept and edge[1] in kept)
    return view


def _node_names(graph: nx.MultiDiGraph, node) -> list[str]:
    data = graph.nodes[node]
    names = [data.get("label", ""), data.get("label_en", ""), str(node), *data.get("names", ())]
    return [n for n in dict.fromkeys(normalize(name) for name in names if name) if n]


def _words(text: str) -> list[str]:
    return [strip_definite(word) for word in text.split()]


def _score(query: str, name: str) -> int:
    """3 same name, 2 the query's words appear as whole words (ال ignored), 1 substring, 0 none."""
    if query == name:
        return 3
    q, words = _words(query), _words(name)
    if any(words[i:i + len(q)] == q for i in range(len(words) - len(q) + 1)):
        return 2
    return 1 if query in name else 0


def display_name(graph: nx.MultiDiGraph, node) -> str:
    data = graph.nodes[node]
    label, label_en = data.get("label") or str(node), data.get("label_en", "")
    return f"{label} ({label_en})" if label_en and label_en != label else label


def match_nodes(graph: nx.MultiDiGraph, name: str) -> list:
    """The nodes whose Arabic or English label, surface forms or key best match ``name``.

    Matching ignores diacritics, tatweel, alef/hamza/teh marbuta variants, case
    and the article ال, so "حموشي" finds "عبد اللطيف الحموشي".  Returns the
    nodes of the best match level only (empty when nothing matches).
    """
    query = normalize(name)
    if not query:
        return []
    scored: dict = {}
    for node in graph.nodes:
        best = max((_score(query, n) for n in _node_names(graph, node)), default=0)
        if best:
            scored[node] = best
    if not scored:
        # a Latin spelling of an Arabic name: "Hammouchi" finds "حموشي" by its consonants
        wanted = sound_key(name).replace(" ", "")
        if len(wanted) >= 3 and not has_arabic(name, 1):
            for node in graph.nodes:
                data = graph.nodes[node]
                keys = [sound_key(n).replace(" ", "") for n in [data.get("label", ""), *data.get("names", ())]]
                if any(wanted in k for k in keys if k):
                    scored[node] = 1
    top = max(scored.values(), default=0)
    return sorted((n for n, s in scored.items() if s == top), key=str)


def find_node(graph: nx.MultiDiGraph, name: str):
    """The one node matching ``name``; ViewError listing close names when none or several match."""
    found = match_nodes(graph, name)
    if len(found) == 1:
        return found[0]
    if found:
        shown = "; ".join(display_name(graph, n) for n in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise ViewError(f"{name!r} matches {len(found)} entities: {shown}{more}; give a longer name")
    names = {n: node for node in graph.nodes for n in _node_names(graph, node)}
    close = difflib.get_close_matches(normalize(name), list(names), n=5, cutoff=0.5)
    nodes = list(dict.fromkeys(names[c] for c in close))
    hint = f"; close: {'; '.join(display_name(graph, n) for n in nodes)}" if nodes else \
        f"; none of the {graph.number_of_nodes()} entities is close"
    raise ViewError(f"no entity matches {name!r}{hint}")


def ego_view(graph: nx.MultiDiGraph, name: str, depth: int = 1) -> nx.MultiDiGraph:
    """The nodes within ``depth`` links of the node matching ``name`` (edge direction ignored)."""
    if depth < 0:
        raise ViewError(f"depth {depth} must be 0 or more")
    center = find_node(graph, name)
    view = induced_subgraph(graph, nx.ego_graph(graph, center, radius=depth, undirected=True))
    view.graph["focus"] = center
    return view


def article_view(graph: nx.MultiDiGraph, article_id: str) -> nx.MultiDiGraph:
    """The entities one article mentions and the relations it states."""
    nodes = [n for n, d in graph.nodes(data=True) if article_id in d.get("articles", ())]
    if not nodes:
        known = sorted({a for _, d in graph.nodes(data=True) for a in d.get("articles", ())})
        close = [a for a in known if article_id.lower() in a.lower()][:5] or \
            difflib.get_close_matches(article_id, known, n=5, cutoff=0.5)
        hint = f"; close: {', '.join(close)}" if close else \
            f"; {len(known)} articles are known, e.g. {', '.join(known[:3])}"
        raise ViewError(f"no article {article_id!r} in the graph{hint}")
    view = induced_subgraph(graph, nodes)
    view.remove_edges_from([(s, o, k) for s, o, k, d in view.edges(keys=True, data=True)
                            if article_id not in d.get("articles", ())])
    return view


def min_articles_view(graph: nx.MultiDiGraph, minimum: int) -> nx.MultiDiGraph:
    """Only the nodes mentioned in at least ``minimum`` articles (and the edges between them)."""
    if minimum < 1:
        raise ViewError(f"--min-articles {minimum} must be 1 or more")
    return induced_subgraph(graph, [n for n, d in graph.nodes(data=True) if len(d.get("articles", ())) >= minimum])


def densest_nodes(simple: nx.Graph, articles: Mapping, max_nodes: int, focus=None) -> list:
    """The nodes of ``simple`` (undirected, no self-loops) that ``most_connected_view`` keeps:
    the first ``max_nodes`` by core number, degree, articles naming them (``articles``: node ->
    count) and name, the ``focus`` first; of those, the ones with a neighbour among them (and
    the focus)."""
    if max_nodes < 1:
        raise ViewError(f"max_nodes {max_nodes} must be 1 or more")
    core, degree = nx.core_number(simple), dict(simple.degree())
    ranked = sorted(simple.nodes, key=lambda n: (n != focus, -core[n], -degree[n], -articles[n], str(n)))
    chosen = simple.subgraph(ranked[:max_nodes])
    return [n for n in chosen if chosen.degree(n) or n == focus]


def most_connected_view(graph: nx.MultiDiGraph, max_nodes: int) -> nx.MultiDiGraph:
    """At most ``max_nodes`` nodes: the graph's densest part, for a page too big to draw whole.

    Nodes are ranked by core number (the largest k such that the node lies in
    a part of the graph where every node has k or more neighbours), then by
    degree, then by the number of articles naming them; the focus of an
    ``ego_view`` always stays.  Nodes left without a relation inside the
    selection are dropped.  A graph already small enough is returned as is;
    a smaller one records the whole graph's counts in ``graph.graph["whole"]``.
    """
    if max_nodes < 1:
        raise ViewError(f"max_nodes {max_nodes} must be 1 or more")
    if graph.number_of_nodes() <= max_nodes:
        return graph
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((s, o) for s, o in graph.edges() if s != o)
    articles = {n: len(d.get("articles", ())) for n, d in graph.nodes(data=True)}
    keep = densest_nodes(simple, articles, max_nodes, graph.graph.get("focus"))
    view = induced_subgraph(graph, keep)
    view.graph["whole"] = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    return view


def focused_view(graph: nx.MultiDiGraph, focus: str | None = None, depth: int = 1, article: str | None = None,
                 min_articles: int = 1) -> nx.MultiDiGraph:
    """``article_view``, then ``min_articles_view``, then ``ego_view``: each only when asked for.

    Raises ViewError when what is left is empty, saying which option emptied it.
    """
    view = graph
    if article:
        view = article_view(view, article)
    if min_articles > 1:
        most = max((len(d.get("articles", ())) for _, d in view.nodes(data=True)), default=0)
        view = min_articles_view(view, min_articles)
        if not view.number_of_nodes():
            raise ViewError(f"no entity is named in {min_articles} or more articles (the most is {most}); "
                            "lower --min-articles")
    if focus:
        view = ego_view(view, focus, depth)
    return view
