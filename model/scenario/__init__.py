"""Scenario input: YAML → a validated :class:`~model.scenario.schema.Scenario`, or clear errors.

``schema.py`` + ``parameters.py`` + ``event_schema.py`` (what a scenario may say, with each
number's range: the one declaration of every state field, parameter and event kind),
``vocabulary.py`` (shared names), ``yaml_read.py`` (bounded, safe YAML with line numbers),
``loader.py`` (extends, overrides, validation), ``input_errors.py`` (file:line:field
messages, shared with sweeps and the command line), ``synthetic.py`` (N-state worlds) and
``paramdoc.py`` (docs/parameters.md from the schema). Imports nothing from the simulation.
"""
