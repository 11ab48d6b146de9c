"""graph.trig written from graph.ttl: the store's default graph is dumped once, not twice.

A Turtle document is a TriG document, so the Turtle of the default graph
(graph.ttl) followed by one ``<graph> { triples }`` block per named graph is the
TriG of the whole store.  Oxigraph's own TriG dump walks the default graph again
(half the quads: every triple is in its article's graph and in the union default
graph), and as one call it cannot share the work with the Turtle dump beside it.
The blocks are the Turtle of each named graph with the prefix lines cut off:
``graph.ttl`` declares them once at the top.
"""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pyoxigraph as ox

__all__ = ["write_named_graph_blocks", "join_trig"]

_PREFIX_LINE = b"@prefix "


def _after_prefix_lines(data: bytes) -> int:
    """Where the leading ``@prefix ... .`` lines of ``data`` end."""
    at = 0
    while data.startswith(_PREFIX_LINE, at):
        at = data.index(b"\n", at) + 1
    return at


def write_named_graph_blocks(store: ox.Store, path: str | Path, prefixes: dict[str, str]) -> bytes:
    """Every named graph of ``store`` as a TriG block, written to ``path`` without prefix lines;
    returns the prefix lines the blocks use (empty when the store has no named graph)."""
    header = b""
    with open(path, "wb") as out:
        for graph in store.named_graphs():
            buffer = io.BytesIO()
            store.dump(buffer, format=ox.RdfFormat.TURTLE, from_graph=graph, prefixes=prefixes)
            turtle = buffer.getvalue()
            cut = _after_prefix_lines(turtle)
            header = header or turtle[:cut]
            out.write(b"%s {\n%s}\n" % (str(graph).encode("utf-8"), turtle[cut:]))
    return header


def join_trig(path: str | Path, default_turtle: str | Path, blocks: str | Path, header: bytes) -> None:
    """Write at ``path`` the TriG made of ``header``, the triples of the Turtle file ``default_turtle``
    (its own prefix lines left out) and the named graph ``blocks``."""
    with open(path, "wb") as out, open(default_turtle, "rb") as turtle, open(blocks, "rb") as named:
        own = b""  # the Turtle file's prefix lines: the same as the blocks' when it has any triple
        line = turtle.readline()
        while line.startswith(_PREFIX_LINE):
            own, line = own + line, turtle.readline()
        out.write(header or own)
        out.write(line)
        shutil.copyfileobj(turtle, out, 1 << 20)
        shutil.copyfileobj(named, out, 1 << 20)
