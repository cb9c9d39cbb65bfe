"""Finding a crisis in one world or in a stack of worlds with the same code.

A crisis, a call on an ally or a war happens in one run. In a lone world (one run,
:class:`model.simulation.model.ArmsRaceModel`) it is found by its states,
``w.strength[i, j]``; in a stack of R worlds (:class:`model.simulation.ensemble.Ensemble`,
the run axis of dynamics.py) by its run as well, ``w.strength[r, i, j]``. ``runs`` is None
for a lone world, else an int array with the run of each crisis.
"""

from __future__ import annotations


def at(runs, *index):
    """``w.x[at(runs, i, j)]``: ``w.x[i, j]`` in a lone world, ``w.x[runs, i, j]`` in a stack."""
    return index if runs is None else (runs, *index)


def among(runs, which):
    """The runs of the crises that ``which`` picks (None stays None)."""
    return None if runs is None else runs[which]
