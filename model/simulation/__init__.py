"""The simulation: the world's arrays, the phases of one simulated year and the pure maths.

``model.py`` (ArmsRaceModel: the year's phases, in order), ``world.py`` (the arrays the
phases read and write), ``dynamics.py`` and ``economy.py`` (the maths, pure functions of
arrays, each citing its theory), ``crises.py``, ``alliances.py``, ``alliance_health.py``,
``events.py`` and ``diplomacy.py`` (what happens to ties and budgets), and the records a
run keeps: ``collector.py`` + ``reporters.py`` (the tidy table), ``chronicle.py`` (what
happened and why), ``explain.py`` (why each budget changed). Imports only ``agents`` and
``model.scenario``.
"""
