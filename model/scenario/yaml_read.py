"""Reading one YAML scenario file, bounded and with lines: the first step of :mod:`model.scenario.loader`.

A scenario file is a regular file of at most 1 MB, UTF-8, nested at most 50 levels deep,
read with the safe loader (plain data, no ``!!python`` tags). Every key and list item
keeps its line, so a problem reads ``file:line: field: what is wrong and what is
allowed``; a mistake raises :class:`~model.scenario.input_errors.ScenarioError` (which
:func:`model.experiments.sweep.load_sweep` turns into a ``SweepError``), never a raw traceback, and a
message never quotes more than a few characters of the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml

from model.scenario.input_errors import Lines, Problem, ScenarioError, dotted, short

MAX_BYTES = 1_000_000  # a scenario is a few kB; the largest shipped one is under 20 kB
MAX_DEPTH = 50  # a scenario nests 5 levels deep (events[3].indicators...)


def _fail(file, line, field, message):
    raise ScenarioError.one(file, line, field, message) from None


def read_yaml(path: Path, name: str | None = None) -> tuple[object, Lines]:
    """Safe-load ``path``; return the data and {path in the document: (file, line)}.

    ``name`` is how the file is shown in messages (default: the path as given).
    """
    name = name or str(path)
    text = _read_text(path, name)
    lines, twice, loader = {}, [], None
    try:
        loader = yaml.SafeLoader(text)  # checks the characters: a NUL byte fails here
        node = loader.get_single_node()
        if node is None:
            return None, lines
        _walk(loader, node, (), lines, name, twice, [])
        data = loader.construct_document(node)
    except ScenarioError:
        raise
    except yaml.reader.ReaderError as err:
        line, char = text.count("\n", 0, err.position) + 1, err.character
        _fail(name, line, "", f"character U+{char if isinstance(char, int) else 0:04X} is not allowed "
              "in YAML (a NUL or other control character); save the file as plain text")
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, f" (column {mark.column + 1})") if mark else (None, "")
        what = short(err.problem or err.context, 80, quote=False)
        if isinstance(err, yaml.constructor.ConstructorError):
            _fail(name, line, "", f"{what}: scenario files hold plain data only "
                  "(no YAML tags such as !!python/...)")
        _fail(name, line, "", f"YAML syntax: {what}{col} — check "
              "indentation, colons, brackets and quotes (quote a value containing ': ' or ' #')")
    except RecursionError:
        _fail(name, None, "", f"nested too deep to read; a scenario nests a few levels, at "
              f"most {MAX_DEPTH}")
    except (yaml.YAMLError, ValueError, OverflowError, TypeError):
        _fail(name, None, "", "a value YAML cannot read (e.g. a date such as 2021-13-45 or a "
              "number with thousands of digits); quote it or correct it")
    finally:
        if loader is not None:
            loader.dispose()
    if twice:
        raise ScenarioError(twice)
    return data, lines


def _read_text(path, name: str) -> str:
    """The file's text, read only if it is a regular file of at most MAX_BYTES."""
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            _fail(name, None, "", "cannot read it: it is a folder; give a scenario .yaml file")
        if not stat.S_ISREG(st.st_mode):
            _fail(name, None, "", "cannot read it: not a regular file (a device, pipe or "
                  "socket); give a scenario .yaml file")
        if st.st_size > MAX_BYTES:
            _fail(name, None, "", f"the file is {st.st_size:,} bytes; a scenario file may "
                  f"have at most {MAX_BYTES:,} (1 MB) — scenarios are a few kB")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            raw = f.read(MAX_BYTES + 1)  # it may have grown since stat
    except FileNotFoundError:
        _fail(name, None, "", "no such file — check the path")
    except (OSError, RuntimeError) as err:
        why = getattr(err, "strerror", None) or type(err).__name__
        _fail(name, None, "", f"cannot read it ({why}); give a readable UTF-8 .yaml file")
    if len(raw) > MAX_BYTES:
        _fail(name, None, "", f"the file has more than {MAX_BYTES:,} bytes (1 MB), the most "
              "a scenario file may have")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        _fail(name, raw.count(b"\n", 0, err.start) + 1, "", f"cannot read it: not UTF-8 text "
              f"(byte {err.start + 1} of the file); save it as UTF-8")


def _walk(loader, node, path, lines, name, twice, above):
    """Record the line of every key and list item under ``node``; note keys given twice.
    ``above``: the nodes on the way down, to refuse an alias that contains itself."""
    lines[path] = (name, node.start_mark.line + 1)
    if len(path) > MAX_DEPTH:
        _fail(name, lines[path][1], "", f"nested more than {MAX_DEPTH} levels deep; a "
              "scenario nests a few levels")
    if node in above or len(lines) > 200_000:
        _fail(name, lines[path][1], dotted(path), "a YAML alias (*name) that contains itself "
              "or expands too far; write the data out")
    above = [*above, node]
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for key, value in node.value:  # a scalar key as the data holds it (2022: is an int)
            line = key.start_mark.line + 1
            k = loader.construct_object(key) if isinstance(key, yaml.ScalarNode) else (
                f"<key on line {line}>")
            if k in seen:
                twice.append(Problem(name, line, dotted((*path, k)),
                                     f"{short(k)} is given twice (also on line {seen[k]}); YAML "
                                     "would silently keep only the last — keep one"))
            seen.setdefault(k, line)
            _walk(loader, value, (*path, k), lines, name, twice, above)
            lines[(*path, k)] = (name, line)
    elif isinstance(node, yaml.SequenceNode):
        for k, item in enumerate(node.value):
            _walk(loader, item, (*path, k), lines, name, twice, above)
