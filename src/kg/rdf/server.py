"""SPARQL over HTTP: serve the store with the Oxigraph server, push article graphs to any endpoint.

``kg serve`` runs the Oxigraph server that the ``oxigraph`` PyPI package
installs next to Python (the same storage engine as pyoxigraph, so it opens
``build/store`` as is).  It speaks the SPARQL 1.1 protocol: queries at
``/query`` (GET or POST), updates at ``/update`` and the Graph Store Protocol
at ``/store?graph=IRI`` (GET, PUT, POST, DELETE).

``kg push`` sends each article's named graph to a SPARQL 1.1 Graph Store
Protocol endpoint with one HTTP PUT per graph, which replaces that graph there.
"""
from __future__ import annotations

import os
import shutil
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.store import GRAPH_PREFIX, article_graphs
from kg.rdf.vocab import PREFIXES

__all__ = ["ServerError", "PushResult", "oxigraph_binary", "serve_command", "serve", "push"]


class ServerError(Exception):
    """The server cannot start or an endpoint refused a graph; the message says what to do."""


@dataclass(frozen=True)
class PushResult:
    article: str
    graph: str
    status: int
    triples: int


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` server binary: beside this Python first (a venv), then on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServerError("the Oxigraph server is not installed; `pip install oxigraph` "
                      "(the PyPI package ships the server binary) and run kg serve again")


def serve_command(store: str | Path, host: str = "127.0.0.1", port: int = 7878, *,
                  read_only: bool = False) -> list[str]:
    """The command line that serves ``store`` at ``http://host:port/``."""
    mode = "serve-read-only" if read_only else "serve"
    # No --union-default-graph: the store's default graph already holds every article's triples once
    # (kg.rdf.store), and a union would count a triple once per article that states it.
    return [oxigraph_binary(), mode, "--location", str(store), "--bind", f"{host}:{port}"]


def serve(store: str | Path, host: str = "127.0.0.1", port: int = 7878, *, read_only: bool = False) -> None:
    """Replace this process with the Oxigraph server (so stopping it stops the server); never returns."""
    command = serve_command(store, host, port, read_only=read_only)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(command[0], command)


def _gsp_url(endpoint: str, graph: str) -> str:
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{separator}{urllib.parse.urlencode({'graph': graph})}"


def push(store: ox.Store, endpoint: str, *, articles: Iterable[str] = (), timeout: float = 30.0) -> list[PushResult]:
    """PUT every article graph of ``store`` (or only ``articles``) to the Graph Store endpoint ``endpoint``."""
    if not endpoint.startswith(("http://", "https://")):
        raise ServerError(f"endpoint {endpoint!r} is not an http(s) URL; give the Graph Store Protocol "
                          "address, e.g. http://127.0.0.1:7878/store (Oxigraph) or http://HOST:3030/DS/data (Fuseki)")
    known = sorted(article_graphs(store))
    wanted = list(dict.fromkeys(articles)) or known
    missing = [a for a in wanted if a not in known]
    if missing:
        raise ServerError(f"no article {', '.join(map(repr, missing))} in the store; "
                          f"it holds {', '.join(known) or 'none'}")
    results = []
    for article in wanted:
        graph = ox.NamedNode(GRAPH_PREFIX + article)
        body = store.dump(format=ox.RdfFormat.TURTLE, from_graph=graph, prefixes=dict(PREFIXES))
        triples = sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
        status = _put(_gsp_url(endpoint, graph.value), body, endpoint, f"the graph of article {article!r}", timeout)
        results.append(PushResult(article, graph.value, status, triples))
    # The default graph holds every article's triples once (kg.rdf.store); queries read it.
    body = store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=dict(PREFIXES))
    triples = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    results.append(PushResult("(default graph)", "", _put(f"{endpoint}{'&' if '?' in endpoint else '?'}default",
                                                          body, endpoint, "the default graph", timeout), triples))
    return results


def _put(url: str, body: bytes, endpoint: str, what: str, timeout: float) -> int:
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": "text/turtle; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip()
        raise ServerError(f"{endpoint} answered {exc.code} {exc.reason} to {what}"
                          + (f": {detail}" if detail else "")
                          + "; check that the URL is the endpoint's Graph Store Protocol address "
                          "and that it accepts writes") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ServerError(f"cannot reach {endpoint} ({reason}); start the endpoint (e.g. `kg serve`) "
                          "or check the URL") from exc
