"""Experiments on the model: sweeps, batch runs, reports, sensitivity, calibration.

``sweep.py`` (a sweep file → a lazy plan of points × replications), ``batch.py`` (run a
plan), ``evaluators.py`` (where chunks run: in process, local processes, Dask),
``workers.py`` + ``chunks.py`` (the worker side), ``results_folder.py`` (manifest, lock,
parts, resume), ``plan_cost.py`` (the estimate before a big plan), ``analysis.py`` +
``report.py`` (fan charts, summary tables), ``sensitivity.py`` (SALib), ``calibration.py``
(2020–2022 only) and ``debrief.py`` (a player's run against the computer's).
"""
