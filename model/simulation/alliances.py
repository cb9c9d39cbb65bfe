"""The alliance graph: a networkx view of the world's ties.

The tie matrices in :class:`model.simulation.world.World` are the truth the maths works on;
this module keeps a ``networkx.Graph`` over the state names in step with them
(synchronised lazily, once per simulated year, when someone looks): edges carry the
tie's strength, kind, reliability, commitment and this year's arms flow, nodes the
state's spending and capability.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

#: |strength| below this is not drawn as a tie (neutral).
TIE_THRESHOLD = 0.05


class AllianceGraph:
    def __init__(self, world):
        self.world = world
        self.graph = nx.Graph()
        self.graph.add_nodes_from(world.names)
        self._synced_year = None

    def view(self, year: int) -> nx.Graph:
        """The graph as of ``year`` (rebuilt if ties changed since the last look)."""
        if self._synced_year != year:
            self.sync()
            self._synced_year = year
        return self.graph

    def sync(self) -> None:
        w = self.world
        g = self.graph
        g.remove_edges_from(list(g.edges))
        names = w.names
        for i, j in zip(*np.triu_indices(w.n, 1), strict=True):
            s = float(w.strength[i, j])
            if abs(s) < TIE_THRESHOLD and not w.commitment[i, j]:
                continue
            g.add_edge(names[i], names[j], strength=s, kind=str(w.kind[i, j]),
                       reliability=float(w.reliability[i, j]),
                       commitment=bool(w.commitment[i, j]),
                       relation="ally" if s > 0 else "rival",
                       arms=float(w.arms_flow[i, j] + w.arms_flow[j, i]))
        for i in range(w.n):
            g.nodes[names[i]].update(milex=float(w.milex[i]), capability=float(w.capability[i]))
