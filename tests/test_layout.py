"""kg.export.layout: the grid-summed repulsion agrees with the all-pairs sum; layouts are repeatable."""
from __future__ import annotations

import networkx as nx
import numpy as np

from kg.export.layout import _Kernel, repulsion, spring_positions


def _exact_repulsion(pos: np.ndarray, k2: float) -> np.ndarray:
    delta = pos[:, None, :] - pos[None, :, :]
    d2 = np.maximum((delta * delta).sum(-1), 1e-4 * k2)
    np.fill_diagonal(d2, np.inf)
    return (delta * (k2 / d2)[..., None]).sum(axis=1)


def test_grid_repulsion_is_close_to_the_all_pairs_sum_on_uneven_points():
    rng = np.random.default_rng(3)
    pos = rng.random((1500, 2)) ** 2  # crowded in one corner, sparse elsewhere
    k2, grid = 1 / 1500, 77
    approx, exact = repulsion(pos, k2, grid, _Kernel(grid)), _exact_repulsion(pos, k2)
    error = np.linalg.norm(approx - exact, axis=1) / np.linalg.norm(exact, axis=1)
    assert np.median(error) < 0.05 and np.percentile(error, 95) < 0.2


def test_layout_is_repeatable_spreads_nodes_and_keeps_neighbours_closer():
    graph = nx.connected_watts_strogatz_graph(600, 4, 0.05, seed=1)
    first, again = spring_positions(graph), spring_positions(graph)
    assert first == again
    assert len(set(first.values())) == 600
    pos = np.array([first[n] for n in graph.nodes])
    linked = np.mean([np.hypot(*np.subtract(first[a], first[b])) for a, b in graph.edges])
    rng = np.random.default_rng(0)
    i, j = rng.integers(0, 600, (2, 2000))
    random_pairs = np.hypot(*(pos[i] - pos[j]).T).mean()
    assert linked < random_pairs / 3


def test_tiny_graphs():
    assert spring_positions(nx.Graph()) == {}
    assert spring_positions(nx.path_graph(1)) == {0: (0, 0)}
    two = spring_positions(nx.path_graph(2))
    assert two[0] != two[1]
