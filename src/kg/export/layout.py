"""Node positions computed in Python, for graphs too big to lay out in the browser.

The algorithm is networkx's ``spring_layout`` (Fruchterman-Reingold), with
the all-pairs repulsion written as matrix products: networkx builds n×n×2
arrays and loops over nodes in Python, which took 61 s for 5,000 nodes here;
this takes about 5 s, and gives the same kind of picture.
"""
from __future__ import annotations

import networkx as nx
import numpy as np

#: Rows of the n×n repulsion matrix computed at once (bounds memory to chunk×n floats).
_CHUNK = 1024


def spring_positions(graph: nx.Graph, seed: int = 7, iterations: int = 50,
                     spacing: float = 90.0) -> dict:
    """node -> (x, y) in whole screen pixels, about ``spacing`` apart; the same graph gives the same picture."""
    nodes = list(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0, 0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(index[s], index[o]) for s, o in graph.edges() if s != o], dtype=np.int64).reshape(-1, 2)
    pos = _fruchterman_reingold(n, pairs[:, 0], pairs[:, 1], seed, iterations)
    pos -= pos.mean(axis=0)
    # Scale so that nodes are about `spacing` apart whatever the size of the graph.
    extent = np.abs(pos).max() or 1.0
    pos *= spacing * np.sqrt(n) / 2 / extent
    return {node: (round(float(x)), round(float(y))) for node, (x, y) in zip(nodes, pos)}


def _fruchterman_reingold(n: int, u: np.ndarray, v: np.ndarray, seed: int, iterations: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)).astype(np.float32)
    k = np.float32(np.sqrt(1.0 / n))  # optimal distance in the unit square
    k2 = k * k
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        squares = (pos * pos).sum(axis=1)
        disp = np.empty_like(pos)
        for start in range(0, n, _CHUNK):
            rows = pos[start:start + _CHUNK]
            # |p_i - p_j|^2 = |p_i|^2 + |p_j|^2 - 2 p_i.p_j: one matrix product instead of n×n×2 deltas.
            d2 = squares[start:start + len(rows), None] + squares[None, :] - 2 * (rows @ pos.T)
            np.maximum(d2, 1e-4 * k2, out=d2)
            weight = np.divide(k2, d2, out=d2)
            weight[np.arange(len(rows)), np.arange(start, start + len(rows))] = 0
            # Repulsion k^2/d along (p_i - p_j)/d, summed over j.
            disp[start:start + len(rows)] = rows * weight.sum(axis=1)[:, None] - weight @ pos
        if len(u):
            delta = pos[u] - pos[v]
            pull = delta * (np.sqrt((delta * delta).sum(axis=1)) / k)[:, None]  # attraction d^2/k
            for axis in (0, 1):
                disp[:, axis] += np.bincount(v, pull[:, axis], n) - np.bincount(u, pull[:, axis], n)
        # Weak gravity: an isolated node settles about twice the graph's radius out, not at the edge of the world.
        disp -= pos - pos.mean(axis=0)
        length = np.sqrt((disp * disp).sum(axis=1))
        np.maximum(length, 1e-9, out=length)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return pos.astype(np.float64)
