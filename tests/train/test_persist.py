"""Saving and loading models: exact round trips, and every kind of bad file refused."""

import io
import json
import zipfile

import numpy as np
import pytest

from lstm_core.model import CharModel
from lstm_core.persist import FORMAT, FORMAT_VERSION, MAX_BYTES, ModelFileError, load_model, save_model
from lstm_core.text import Vocabulary


def _text_model(cell="lstm", **kwargs):
    return CharModel.for_vocab(Vocabulary.from_text("안녕 hello 👋"), 5, cell=cell, seed=4, **kwargs)


def _saved(model) -> bytes:
    buf = io.BytesIO()
    save_model(buf, model)
    return buf.getvalue()


def _npz(**arrays) -> io.BytesIO:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    buf.seek(0)
    return buf


@pytest.mark.parametrize(("cell", "kwargs"), [("lstm", {"num_layers": 2}), ("gru", {}),
                                              ("rnn", {"nonlinearity": "relu", "init": "keras"})])
def test_round_trip_through_a_path(tmp_path, cell, kwargs):
    model = _text_model(cell, **kwargs)
    model.parameters()["linear.bias"][:] = np.arange(len(model.vocab)) / 7   # not the seeded init
    path = tmp_path / "model.lstm"
    save_model(path, model)
    assert path.exists() and not (tmp_path / "model.lstm.npz").exists()   # written exactly there
    loaded = load_model(path)
    assert loaded.vocab == model.vocab
    assert loaded.config == model.config
    for name, p in model.state_dict().items():
        assert loaded.state_dict()[name].tobytes() == p.tobytes()
    np.testing.assert_array_equal(loaded.predict_proba("hello 안녕"), model.predict_proba("hello 안녕"))


def test_round_trip_through_file_objects_and_float32():
    model = CharModel(3, 2, 4, loss_on="last", dtype=np.float32, seed=1)
    loaded = load_model(io.BytesIO(_saved(model)))
    assert loaded.vocab is None and loaded.loss_on == "last"
    assert loaded.W_y.dtype == np.float32
    np.testing.assert_array_equal(loaded.W_y, model.W_y)


def test_the_file_is_a_plain_npz_with_a_json_config():
    model = _text_model()
    with np.load(io.BytesIO(_saved(model)), allow_pickle=False) as f:
        config = json.loads(str(f["config"]))
        assert set(f.files) == {"config", *model.parameters()}
    assert config["format"] == FORMAT and config["format_version"] == FORMAT_VERSION
    assert config["vocab"] == list(model.vocab.chars)
    assert config["model"]["cell"] == "lstm" and config["model"]["hidden_size"] == 5


def test_pickle_bearing_files_are_refused_without_running_them(tmp_path):
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    good = dict(np.load(io.BytesIO(_saved(_text_model())), allow_pickle=False))
    bad = dict(good, **{"linear.bias": np.array([Payload()], dtype=object)})
    with pytest.raises(ModelFileError, match="Python objects"):
        load_model(_npz(**bad))
    assert not marker.exists()
    with pytest.raises(ModelFileError, match="Python objects"):
        load_model(_npz(**dict(good, config=np.array([{"a": 1}], dtype=object))))
    assert not marker.exists()


def test_truncated_files_are_refused():
    data = _saved(_text_model())
    for cut in (10, len(data) // 2, len(data) - 30):
        with pytest.raises(ModelFileError, match="not a readable"):
            load_model(io.BytesIO(data[:cut]))


def test_garbage_and_empty_files_are_refused(tmp_path):
    for data in (b"", b"hello, not a zip", bytes(range(256)) * 10):
        with pytest.raises(ModelFileError):
            load_model(io.BytesIO(data))
    path = tmp_path / "empty.npz"
    path.write_bytes(b"")
    with pytest.raises(ModelFileError, match="not a readable"):
        load_model(path)


def test_oversized_files_are_refused_before_reading(tmp_path):
    path = tmp_path / "huge.npz"
    with open(path, "wb") as f:          # sparse: no real disk use
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(ModelFileError, match=f"limit is {MAX_BYTES}"):
        load_model(path)
    data = _saved(_text_model())
    with pytest.raises(ModelFileError, match="larger than the limit"):
        load_model(io.BytesIO(data), max_bytes=len(data) - 1)
    assert load_model(io.BytesIO(data)).vocab is not None


def test_zip_bombs_are_refused_by_their_declared_size():
    good = dict(np.load(io.BytesIO(_saved(_text_model())), allow_pickle=False))
    buf = io.BytesIO()
    np.savez_compressed(buf, **good, padding=np.zeros(2_000_000))   # 16 MB of zeros, ~16 kB packed
    data = buf.getvalue()
    assert len(data) < 100_000
    with pytest.raises(ModelFileError, match="unpack to"):
        load_model(io.BytesIO(data), max_bytes=1_000_000)


def _with(config_change=None, **array_changes):
    """A saved model with its config or arrays edited."""
    good = dict(np.load(io.BytesIO(_saved(_text_model())), allow_pickle=False))
    config = json.loads(str(good["config"]))
    if config_change:
        config_change(config)
    good["config"] = np.array(json.dumps(config))
    good.update(array_changes)
    return _npz(**{k: v for k, v in good.items() if v is not None})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.update(format="something-else"), "does not name the format"),
        (lambda c: c.update(format_version=99), "version 99 is not supported"),
        (lambda c: c["model"].update(hidden_size=0), "sizes must be integers"),
        (lambda c: c["model"].update(hidden_size="5"), "sizes must be integers"),
        (lambda c: c["model"].update(cell="lstm2"), "cell must be one of"),
        (lambda c: c["model"].update(dtype="object"), "dtype must be"),
        (lambda c: c["model"].update(hidden_size=10**6), "limit is"),
        (lambda c: c["model"].update(surprise=1), "does not describe a valid model"),
        (lambda c: c.update(vocab=["a", "a"]), "does not describe a valid model"),
        (lambda c: c["model"].pop("cell"), "cell must be one of"),
    ],
)
def test_malformed_configs_are_refused(change, message):
    with pytest.raises(ModelFileError, match=message):
        load_model(_with(change))


def test_malformed_arrays_are_refused():
    with pytest.raises(ModelFileError, match=r"must have shape \(8,\)"):
        load_model(_with(**{"linear.bias": np.zeros(3)}))
    with pytest.raises(ModelFileError, match="must hold floats"):
        load_model(_with(**{"linear.bias": np.zeros(8, dtype=np.int64)}))
    with pytest.raises(ModelFileError, match="NaN or infinite"):
        load_model(_with(**{"linear.bias": np.full(8, np.nan)}))
    with pytest.raises(ModelFileError, match="arrays must be exactly"):
        load_model(_with(**{"linear.bias": None}))
    with pytest.raises(ModelFileError, match="arrays must be exactly"):
        load_model(_with(**{"extra": np.zeros(2)}))
    with pytest.raises(ModelFileError, match="config must be one string"):
        load_model(_with(config=np.zeros(3)))


def test_archives_with_foreign_members_or_no_config_are_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hi")
    with pytest.raises(ModelFileError, match=r"only distinct \.npy"):
        load_model(io.BytesIO(buf.getvalue()))
    with pytest.raises(ModelFileError, match="no config"):
        load_model(_npz(weights=np.zeros(3)))
    with pytest.raises(ModelFileError, match="not valid JSON"):
        load_model(_npz(config=np.array("{not json")))


def test_text_mode_files_are_refused():
    with pytest.raises(ModelFileError, match="binary mode"):
        load_model(io.StringIO("config"))


def test_a_refused_file_is_a_value_error():
    assert issubclass(ModelFileError, ValueError)
