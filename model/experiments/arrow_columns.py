"""A chunk's numpy columns as Arrow arrays, without loading pandas in a batch worker.

``pyarrow.array`` asks, for every numpy array it converts, whether it is a pandas object,
and the first such question imports pandas (~0.3 s, and its memory, in every worker of a
pool). A worker needs none of it: its columns are numbers, or codes into a list of names.
:func:`column` wraps a numeric array's memory as an Arrow array (``Array.from_buffers``:
no copy, no question); :func:`coded` makes a dictionary-encoded column of names. Columns of
other types (text, booleans, lists a sweep may vary) go through ``pyarrow.array`` as before.
The table is the same either way (``tests/test_arrow_columns.py``).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

#: numpy dtypes whose memory is an Arrow array of the same type as it is
FIXED_WIDTH = {np.dtype(np.int8): pa.int8(), np.dtype(np.int16): pa.int16(),
               np.dtype(np.int32): pa.int32(), np.dtype(np.int64): pa.int64(),
               np.dtype(np.float32): pa.float32(), np.dtype(np.float64): pa.float64()}


def column(values) -> pa.Array:
    """``values`` (a numpy array, one dimension) as an Arrow array of the same type; an Arrow
    array as it is."""
    if isinstance(values, pa.Array):
        return values
    values = np.asarray(values)
    kind = FIXED_WIDTH.get(values.dtype)
    if kind is None or values.ndim != 1:
        return pa.array(values)
    values = np.ascontiguousarray(values)
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])


def text(names) -> pa.Array:
    """Strings as an Arrow string array (offsets and UTF-8 bytes)."""
    encoded = [str(n).encode() for n in names]
    offsets = np.zeros(len(encoded) + 1, np.int32)
    offsets[1:] = np.cumsum([len(b) for b in encoded])
    return pa.Array.from_buffers(pa.string(), len(encoded),
                                 [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])


def coded(codes, names) -> pa.DictionaryArray:
    """A dictionary-encoded column: row k is ``names[codes[k]]``, its codes in the smallest
    integer type that holds them (int8 up to 127 names: a region's states)."""
    kind = next(t for t in (np.int8, np.int16, np.int32) if len(names) <= np.iinfo(t).max)
    return pa.DictionaryArray.from_arrays(column(np.asarray(codes).astype(kind)), text(names))
