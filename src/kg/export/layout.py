"""Node positions computed in Python, for graphs too big to lay out in the browser.

The forces are Fruchterman-Reingold's (networkx's ``spring_layout``): every
pair of nodes repels with k²/d, linked nodes attract with d²/k, and a weak
gravity keeps disconnected parts near the rest.  Summing the repulsion over
all pairs costs n² per iteration (185 s for 20,000 nodes here, networkx's
own code is slower still); this sums it the way particle-mesh codes do:

- far pairs through a grid: nodes are counted per cell of a g×g grid, and one
  FFT convolution of the counts with the k²/d kernel gives the push on every
  cell (O(g² log g), g ≈ √n);
- near pairs (nodes in the same or adjacent cells, found with a k-d tree)
  exactly, node to node.

Each pair is counted once, either way, so an iteration costs O(n log n);
20,000 nodes take a few seconds.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
from scipy import fft
from scipy.spatial import cKDTree

#: Grid cells per side (2√n: a cell about k wide once the nodes spread out), within these bounds.
_MIN_GRID, _MAX_GRID = 8, 512


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
    pos = fruchterman_reingold(n, pairs[:, 0], pairs[:, 1], seed, iterations)
    pos -= pos.mean(axis=0)
    # Scale so that nodes are about `spacing` apart whatever the size of the graph.
    extent = np.abs(pos).max() or 1.0
    pos *= spacing * np.sqrt(n) / 2 / extent
    return {node: (round(float(x)), round(float(y))) for node, (x, y) in zip(nodes, pos)}


def fruchterman_reingold(n: int, u: np.ndarray, v: np.ndarray, seed: int = 7, iterations: int = 50) -> np.ndarray:
    """n×2 positions in about the unit square for n nodes and the edges u[i]–v[i]."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k2 = 1.0 / n  # k: the optimal distance in the unit square
    k = np.sqrt(k2)
    grid = int(np.clip(round(2 * np.sqrt(n)), _MIN_GRID, _MAX_GRID))
    kernel = _Kernel(grid)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = repulsion(pos, k2, grid, kernel)
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
    return pos


class _Kernel:
    """The push (x, y) of one node on another (dx, dy) cells away, for unit k² and cell size (0 for
    neighbours), as spectra: the convolution with a grid of counts is then one FFT and two inverse FFTs."""

    def __init__(self, grid: int):
        offsets = np.arange(-(grid - 1), grid, dtype=np.float64)
        dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
        d2 = dx * dx + dy * dy
        d2[(np.abs(dx) <= 1) & (np.abs(dy) <= 1)] = np.inf  # the 3×3 neighbourhood is summed exactly
        self.grid = grid
        self.shape = (fft.next_fast_len(3 * grid - 2, real=True),) * 2  # no wrap-around
        self.spectra = [fft.rfft2(part, self.shape) for part in (dx / d2, dy / d2)]

    def fields(self, counts: np.ndarray) -> list[np.ndarray]:
        """The push (x, y) on each cell from all the counted nodes beyond its neighbours."""
        spectrum, g = fft.rfft2(counts, self.shape), self.grid
        return [fft.irfft2(spectrum * part, self.shape)[g - 1:2 * g - 1, g - 1:2 * g - 1] for part in self.spectra]


def repulsion(pos: np.ndarray, k2: float, grid: int, kernel: _Kernel) -> np.ndarray:
    """The sum over all other nodes of k²/d along (p_i - p_j)/d, for every node i."""
    n = len(pos)
    low = pos.min(axis=0)
    cell = max(float((pos.max(axis=0) - low).max()), 1e-12) / grid * (1 + 1e-9)
    cells = np.minimum(((pos - low) / cell).astype(np.int64), grid - 1)
    counts = np.bincount(cells[:, 0] * grid + cells[:, 1], minlength=grid * grid).reshape(grid, grid)
    disp = np.empty_like(pos)
    for axis, field in enumerate(kernel.fields(counts.astype(np.float64))):
        disp[:, axis] = field[cells[:, 0], cells[:, 1]] * (k2 / cell)
    # Near pairs: in the same or adjacent cells (within 2√2 cells, then the cells checked).
    near = cKDTree(pos).query_pairs(2 * np.sqrt(2) * cell * (1 + 1e-9), output_type="ndarray")
    if len(near):
        a, b = near[:, 0], near[:, 1]
        near_cells = np.abs(cells[a] - cells[b]).max(axis=1) <= 1
        a, b = a[near_cells], b[near_cells]
        delta = pos[a] - pos[b]
        d2 = np.maximum((delta * delta).sum(axis=1), 1e-4 * k2)
        push = delta * (k2 / d2)[:, None]
        for axis in (0, 1):
            disp[:, axis] += np.bincount(a, push[:, axis], n) - np.bincount(b, push[:, axis], n)
    return disp
