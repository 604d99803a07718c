"""The model loader fuzzed: whatever bytes a stranger uploads, ``load_model`` returns a
model or raises :class:`ModelFileError` with a reason from :data:`REASONS` and a message;
it never raises anything else, never unpickles and never allocates much more than the
file's own limit (random bytes, truncated and mutated good files, huge declared shapes,
wrong dtypes, NaN weights, archives inside archives)."""

from __future__ import annotations

import contextlib
import io
import json
import pickle
import tracemalloc
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstm_core import load_model
from lstm_core.persist import REASONS, ModelFileError
from tests.model_files import good_bytes, members, npy_header, zipped

LIMIT = 1 * 2**20  # the app's upload limit
GOOD = good_bytes("hello world", hidden=4)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextlib.contextmanager
def _no_unpickling():
    """Any unpickling during the block fails the test, whoever asks for it."""
    def refuse(*args, **kwargs):
        raise AssertionError("the loader unpickled")

    real_read_array = np.lib.format.read_array

    def read_array(*args, **kwargs):
        assert not kwargs.get("allow_pickle", False), "the loader allowed pickles"
        return real_read_array(*args, **kwargs)

    saved = pickle.load, pickle.loads, pickle.Unpickler
    pickle.load = pickle.loads = pickle.Unpickler = refuse
    np.lib.format.read_array = read_array
    try:
        yield
    finally:
        pickle.load, pickle.loads, pickle.Unpickler = saved
        np.lib.format.read_array = real_read_array


def _load(data: bytes, max_bytes: int = LIMIT):
    """``load_model`` on ``data``: the model, or the ModelFileError; checks it unpickled
    nothing and that its peak allocation stayed within a few times the limit."""
    tracemalloc.start()
    try:
        with _no_unpickling():
            try:
                result = load_model(io.BytesIO(data), max_bytes=max_bytes)
            except ModelFileError as refused:
                result = refused
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * max_bytes + 2**20, f"peak allocation {peak} bytes for a {len(data)}-byte file"
    if isinstance(result, ModelFileError):
        assert result.reason in REASONS and str(result)
    else:
        assert all(np.isfinite(p).all() for p in result.parameters().values())
    return result


def test_the_good_file_loads():
    assert _load(GOOD).vocab.chars


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_are_refused(data):
    assert isinstance(_load(data), ModelFileError)


@FUZZ
@given(st.integers(0, len(GOOD) - 1))
def test_a_truncated_file_is_refused(length):
    refused = _load(GOOD[:length])
    assert isinstance(refused, ModelFileError) and refused.reason == "not_npz"


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_a_mutated_file_loads_or_is_refused(changes):
    data = bytearray(GOOD)
    for at, value in changes:
        data[at] = value
    _load(bytes(data))


@FUZZ
@given(st.sampled_from(sorted(members(GOOD))), st.binary(max_size=512))
def test_a_member_replaced_by_any_bytes_is_refused(name, payload):
    refused = _load(zipped({**members(GOOD), name: payload}))
    assert isinstance(refused, ModelFileError)


HUGE_SHAPES = [(10**12,), (2**62,), (10**6, 10**6), (2**31, 2**31), (0,), (), (-1,)]
DTYPES = ["<f8", "<f4", "<f2", ">f8", "<i8", "|b1", "<c16", "|O", "<U1000000000", "|V100000000", "<M8[s]",
          "[('a', '<f8')]"]


@FUZZ
@given(st.sampled_from(sorted(members(GOOD))), st.sampled_from(HUGE_SHAPES), st.sampled_from(DTYPES))
def test_a_huge_declared_shape_or_a_wrong_dtype_is_refused_before_it_is_allocated(name, shape, descr):
    try:
        header = npy_header(shape, eval(descr) if descr.startswith("[") else descr)
    except ValueError:  # numpy itself will not write this header
        return
    refused = _load(zipped({**members(GOOD), name: header + b"\0" * 64}))
    assert isinstance(refused, ModelFileError)


def test_a_config_declaring_a_huge_string_is_refused_without_allocating_it():
    refused = _load(zipped({**members(GOOD), "config.npy": npy_header((), "<U1000000000") + b"\0" * 64}))
    assert isinstance(refused, ModelFileError)
    refused = _load(zipped({**members(GOOD), "config.npy": npy_header((10**9,), "<U8") + b"\0" * 64}))
    assert isinstance(refused, ModelFileError)


def _with_config(change) -> bytes:
    files = members(GOOD)
    config = json.loads(str(np.load(io.BytesIO(files["config.npy"]), allow_pickle=False)))
    change(config)
    buf = io.BytesIO()
    np.save(buf, np.array(json.dumps(config)))
    return zipped({**files, "config.npy": buf.getvalue()})


@pytest.mark.parametrize("change", [
    lambda c: c["model"].update(hidden_size=2**40),
    lambda c: c["model"].update(num_layers=10**9, hidden_size=1),
    lambda c: c["model"].update(input_size=10**12),
    lambda c: c["model"].update(output_size=-1),
    lambda c: c["model"].update(hidden_size=4.0),
    lambda c: c["model"].update(hidden_size=True),
    lambda c: c["model"].update(dtype="object"),
    lambda c: c["model"].update(seed=-1),
    lambda c: c.update(vocab=["a"] * 10**5),
    lambda c: c.update(vocab=[["nested"]]),
    lambda c: c.update(model=[1, 2]),
    lambda c: c.update(format_version="1"),
], ids=["hidden_2e40", "layers_1e9", "input_1e12", "negative", "float", "bool", "object_dtype", "negative_seed",
        "vocab_repeated", "vocab_nested", "model_list", "version_string"])
def test_a_config_declaring_something_absurd_is_refused(change):
    assert isinstance(_load(_with_config(change)), ModelFileError)


def test_nan_weights_are_refused():
    files = members(GOOD)
    bias = np.load(io.BytesIO(files["linear.bias.npy"]), allow_pickle=False)
    bias[0] = np.nan
    buf = io.BytesIO()
    np.save(buf, bias)
    refused = _load(zipped({**files, "linear.bias.npy": buf.getvalue()}))
    assert refused.reason == "not_finite"


def test_archives_inside_archives_are_refused():
    inner = zipped({"config.npy": members(GOOD)["config.npy"]})
    assert _load(zipped({**members(GOOD), "config.npy": inner})).reason == "not_npz"
    assert _load(zipped({"model.npz": GOOD})).reason == "not_npz"
    assert _load(zipped({**members(GOOD), "extra/model.npz": GOOD})).reason == "not_npz"


def test_a_zip_bomb_is_refused_by_its_declared_size():
    bomb = zipped({**members(GOOD), "linear.bias.npy": npy_header((2 * LIMIT,), "<f8") + b"\0" * (16 * LIMIT)},
                compression=zipfile.ZIP_DEFLATED)
    assert len(bomb) < LIMIT
    assert _load(bomb).reason == "too_big"


def test_a_pickled_member_is_refused_without_unpickling():
    buf = io.BytesIO()
    np.save(buf, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    refused = _load(zipped({**members(GOOD), "linear.bias.npy": buf.getvalue()}))
    assert refused.reason == "pickle"
