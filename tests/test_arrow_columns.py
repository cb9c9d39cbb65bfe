"""A chunk's columns as Arrow arrays without pyarrow's converter (model/experiments/arrow_columns.py):
the same arrays, types and values that ``pyarrow.array`` gives."""

import numpy as np
import pyarrow as pa
import pytest

from model.experiments.arrow_columns import coded, column, text


@pytest.mark.parametrize("values", [
    np.arange(7, dtype=np.int64), np.linspace(-1.0, 2.0, 5), np.array([3, -1, 0], np.int8),
    np.array([1.5, np.nan, np.inf]), np.arange(20, dtype=np.int64)[::3],   # not contiguous
    np.array([], np.float64), np.array([2, 4], np.int32)])
def test_a_numeric_column_is_the_array_pyarrow_makes(values):
    got, ref = column(values), pa.array(values)
    assert got.type == ref.type and len(got) == len(ref) and got.null_count == ref.null_count
    np.testing.assert_array_equal(got.to_numpy(zero_copy_only=False), values)  # NaN == NaN


@pytest.mark.parametrize("values", [np.array(["defensive", "offensive"]),
                                    np.array([True, False, True]),
                                    np.array([1, 2], np.uint64)])
def test_other_columns_go_through_pyarrows_converter(values):
    assert column(values).equals(pa.array(values))


def test_an_arrow_array_is_kept_as_it_is():
    a = pa.array([1, 2, 3])
    assert column(a) is a


def test_names_and_coded_columns_are_pyarrows():
    names = ["Armenia", "Azerbaijan", "Türkiye", ""]
    assert text(names).equals(pa.array(names, pa.string()))
    codes = np.array([0, 2, 1, 3, 0], np.int64)
    got = coded(codes, names)
    assert got.equals(pa.DictionaryArray.from_arrays(codes.astype(np.int8), names))
    assert got.type == pa.dictionary(pa.int8(), pa.string())
    assert got.to_pylist() == ["Armenia", "Türkiye", "Azerbaijan", "", "Armenia"]


def test_a_world_of_many_states_keeps_each_states_name():
    """Past 127 names the codes no longer fit in int8 (a synthetic world of 500 states)."""
    names = [f"S{i:03d}" for i in range(500)]
    codes = np.arange(500)[::-1]
    got = coded(codes, names)
    assert got.to_pylist() == names[::-1]
    assert got.type == pa.dictionary(pa.int16(), pa.string())
