"""The chronicle (model/simulation/chronicle.py): lines made when read, in the order written."""

import numpy as np

from model.simulation.chronicle import Chronicle, Entry, Unkept


def line(year, names, a, b, value, tag):
    assert type(a) is int and type(value) is float  # rows arrive as Python numbers
    return Entry(year, "test", (names[a], names[b]), f"{names[a]}-{names[b]} {value:.2f} {tag}")


def test_rows_become_one_line_each_in_order_between_the_other_lines():
    log = Chronicle()
    log.note(Entry(2020, "event", (), "first"))
    log.add_rows(line, 2021, ["A", "B", "C"], np.array([0, 2]), np.array([1, 0]),
                 np.array([0.125, 0.5]), "x")
    log.add(line, 2022, ["A", "B"], 1, 0, 0.25, "y")
    assert [e.text for e in log.entries()] == ["first", "A-B 0.12 x", "C-A 0.50 x", "B-A 0.25 y"]
    log.add_rows(line, 2023, ["A"], np.array([], int), np.array([], int), np.array([]), "z")
    assert len(log.entries()) == 4


def test_an_unkept_chronicle_keeps_no_rows():
    log = Unkept()
    log.add_rows(line, 2021, ["A", "B"], np.array([0]), np.array([1]), np.array([0.5]), "x")
    assert log.entries() == []
