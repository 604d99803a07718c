"""Model files for the upload tests: a good one and one of every malformed kind the app
must refuse (shared by the engine's tests and the page's)."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np

from lstm_core import CharModel, Vocabulary, save_model


class Payload:
    """Unpickling this would call ``print``: a file holding it must never be unpickled."""

    def __reduce__(self):
        return (print, ("unpickled!",))


def good_bytes(text: str = "hello", hidden: int = 3) -> bytes:
    buf = io.BytesIO()
    save_model(buf, CharModel.for_vocab(Vocabulary.from_text(text), hidden, seed=1))
    return buf.getvalue()


def _edited(config_change=None, **arrays) -> bytes:
    good = dict(np.load(io.BytesIO(good_bytes()), allow_pickle=False))
    config = json.loads(str(good["config"]))
    if config_change:
        config_change(config)
    good["config"] = np.array(json.dumps(config))
    good.update(arrays)
    buf = io.BytesIO()
    np.savez(buf, **{k: v for k, v in good.items() if v is not None})
    return buf.getvalue()


def malformed(kind: str) -> bytes:
    """A file of one malformed kind, named by the ``ModelFileError.reason`` it must get."""
    if kind == "not_npz":
        return b"this is not a zip file at all"
    if kind == "too_big":
        return _edited(lambda c: c["model"].update(hidden_size=10**6))
    if kind == "missing":
        return _edited(**{"linear.bias": None})
    if kind == "shape":
        return _edited(**{"linear.bias": np.zeros(2)})
    if kind == "version":
        return _edited(lambda c: c.update(format_version=2))
    if kind == "pickle":
        return _edited(**{"linear.bias": np.array([Payload()] * 4, dtype=object)})
    if kind == "not_finite":
        return _edited(**{"linear.bias": np.array([0.0, np.nan, np.inf, 0.0])})
    if kind == "config":
        return _edited(lambda c: c["model"].update(cell="transformer"))
    if kind == "format":
        return _edited(lambda c: c.update(format="someone-else/model"))
    raise ValueError(kind)


KINDS = ("not_npz", "too_big", "missing", "shape", "version", "pickle", "not_finite", "config", "format")


def zipped(files: dict[str, bytes], compression=zipfile.ZIP_STORED) -> bytes:
    """A zip archive of ``files`` (name: bytes), as a hand-made upload would be."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buf.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    """The files of a zip archive (a model file's .npy arrays), by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def npy_header(shape, descr: str) -> bytes:
    """A .npy file's header alone: it declares ``shape`` and ``descr``; no data follows."""
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": descr, "fortran_order": False, "shape": shape})
    return buf.getvalue()
