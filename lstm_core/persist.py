"""Save and load a :class:`~lstm_core.model.CharModel` as a plain ``.npz`` file.

The file is a zip of ``.npy`` arrays — one per parameter, under its ``parameters()``
name — plus ``config``: a JSON string holding the format name and version, the model's
constructor settings and its vocabulary. Nothing in it is pickled, so loading never runs
code from the file.

A file from a stranger (the app lets a user upload one) is checked before anything is
built from it: its size and every array's declared size against ``max_bytes``, every
array's header (no object dtype, shape and float dtype as the config implies), then the
values (finite). A file that fails any check is refused with a :class:`ModelFileError`
(a ``ValueError``) that says what is wrong; the loader writes nothing and changes no
existing model.
"""

from __future__ import annotations

import io
import json
import math
import os
import zipfile
import zlib

import numpy as np

from .model import CELLS, CharModel
from .text import Vocabulary

FORMAT = "lstm-lab/char-model"
FORMAT_VERSION = 1
MAX_BYTES = 32 * 2**20
"""Largest file, and largest total of decompressed arrays, accepted: 32 MiB.

The app's biggest model (3 layers of 256 LSTM units over a few hundred symbols) is about
7 MiB in float64, so this leaves room while refusing files (and zip bombs) that would
exhaust a shared server's memory.
"""
_GATES = {"lstm": 4, "gru": 3, "rnn": 1}


REASONS = ("not_npz", "too_big", "missing", "shape", "format", "version", "config", "pickle", "not_finite")
"""What can be wrong with a file, as :attr:`ModelFileError.reason`: not a readable .npz;
larger than allowed; arrays missing or extra; an array of the wrong shape or type; not
this format; another format version; a malformed config; a pickled object; NaN or ∞."""


class ModelFileError(ValueError):
    """The file is not a model this version of LSTM Lab can load; the message says why and
    ``reason`` (one of :data:`REASONS`) says what kind of fault it is, for an app to
    explain in its reader's language."""

    def __init__(self, message: str, reason: str = "not_npz"):
        if reason not in REASONS:
            raise ValueError(f"reason must be one of {REASONS}, got {reason!r}")
        super().__init__(message)
        self.reason = reason


def save_model(file, model: CharModel) -> None:
    """Write ``model`` to ``file`` (a path, written exactly there, or a binary file object)."""
    state = model.state_dict()
    config = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "model": model.config,
        "vocab": None if model.vocab is None else list(model.vocab.chars),
    }
    arrays = {"config": np.array(json.dumps(config, ensure_ascii=False)), **state}
    size = sum(a.nbytes for a in arrays.values())
    if size > MAX_BYTES:
        raise ValueError(f"the model's arrays take {size} bytes; files are limited to {MAX_BYTES} bytes")
    if isinstance(file, (str, os.PathLike)):
        with open(file, "wb") as f:
            np.savez_compressed(f, **arrays)
    else:
        np.savez_compressed(file, **arrays)


def _read_bytes(file, max_bytes: int) -> bytes:
    if isinstance(file, (str, os.PathLike)):
        size = os.path.getsize(file)
        if size > max_bytes:
            raise ModelFileError(f"the file is {size} bytes; the limit is {max_bytes} bytes", reason="too_big")
        with open(file, "rb") as f:
            return f.read(max_bytes + 1)
    data = file.read(max_bytes + 1)
    if not isinstance(data, bytes):
        raise ModelFileError(f"the file must be opened in binary mode, got {type(data).__name__} from read()",
                             reason="not_npz")
    if len(data) > max_bytes:
        raise ModelFileError(f"the file is larger than the limit of {max_bytes} bytes", reason="too_big")
    return data


def _read_array(archive: zipfile.ZipFile, name: str, expected_shape=None) -> np.ndarray:
    """One member's array, its header checked before its data is read: NumPy allocates the
    whole declared shape before reading, so a header may not declare more data than the
    member holds (a 100-byte member declaring 10¹² floats would ask for 7 TiB)."""
    with archive.open(name + ".npy") as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, _, dtype = np.lib.format.read_array_header_2_0(f)
        else:
            raise ModelFileError(f"array {name!r} uses .npy format version {version}, not 1.0 or 2.0", reason="not_npz")
        held = archive.getinfo(name + ".npy").file_size - f.tell()
    if dtype.hasobject:
        raise ModelFileError(f"array {name!r} holds Python objects (pickle); refusing to load it", reason="pickle")
    declared = dtype.itemsize * math.prod(shape)
    if declared != held:
        raise ModelFileError(f"array {name!r} declares {declared} bytes of data but holds {held}", reason="not_npz")
    if expected_shape is not None:
        if dtype.kind != "f":
            raise ModelFileError(f"array {name!r} must hold floats, got dtype {dtype}", reason="shape")
        if shape != expected_shape:
            raise ModelFileError(f"array {name!r} must have shape {expected_shape}, got {shape}", reason="shape")
    with archive.open(name + ".npy") as f:
        return np.lib.format.read_array(f, allow_pickle=False)


def _model_from_config(text: str) -> CharModel:
    try:
        config = json.loads(text)
    except json.JSONDecodeError as e:
        raise ModelFileError(f"config is not valid JSON ({e})", reason="config") from None
    if not isinstance(config, dict) or config.get("format") != FORMAT:
        raise ModelFileError(f"config does not name the format {FORMAT!r}", reason="format")
    version = config.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelFileError(f"format version {version!r} is not supported (this version reads {FORMAT_VERSION})",
                             reason="version")
    settings, chars = config.get("model"), config.get("vocab")
    if not isinstance(settings, dict):
        raise ModelFileError("config has no model settings", reason="config")
    sizes = {k: settings.get(k) for k in ("input_size", "hidden_size", "output_size", "num_layers")}
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in sizes.values()):
        raise ModelFileError(f"config sizes must be integers ≥ 1, got {sizes}", reason="config")
    if settings.get("cell") not in CELLS:
        raise ModelFileError(f"config cell must be one of {sorted(CELLS)}, got {settings.get('cell')!r}",
                             reason="config")
    if settings.get("dtype") not in ("float64", "float32"):
        raise ModelFileError(f"config dtype must be 'float64' or 'float32', got {settings.get('dtype')!r}",
                             reason="config")
    seed = settings.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or seed < 0):
        raise ModelFileError(f"config seed must be an integer ≥ 0 or null, got {seed!r}", reason="config")
    # An upper bound on the parameter count, checked before any array is allocated.
    G, H, L = _GATES[settings["cell"]], sizes["hidden_size"], sizes["num_layers"]
    n = G * H * (max(sizes["input_size"], H) + H + 2) * L + sizes["output_size"] * (H + 1)
    if 8 * n > MAX_BYTES:
        raise ModelFileError(f"config describes a model of about {8 * n} bytes; the limit is {MAX_BYTES}",
                             reason="too_big")
    try:
        vocab = None if chars is None else Vocabulary(chars)
        return CharModel(vocab=vocab, **settings)
    except (TypeError, ValueError) as e:
        raise ModelFileError(f"config does not describe a valid model ({e})", reason="config") from None


def load_model(file, max_bytes: int = MAX_BYTES) -> CharModel:
    """Read a model written by :func:`save_model`; refuse anything else with ModelFileError.

    ``file`` is a path or a binary file object (e.g. an uploaded file). ``max_bytes``
    bounds the file and its decompressed arrays (default :data:`MAX_BYTES`).
    """
    data = _read_bytes(file, max_bytes)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        with archive:
            members = archive.infolist()
            names = [m.filename for m in members]
            if any(not name.endswith(".npy") for name in names) or len(set(names)) != len(names):
                raise ModelFileError(f"the archive must hold only distinct .npy arrays, got {names}", reason="not_npz")
            unpacked = sum(m.file_size for m in members)
            if unpacked > max_bytes:
                raise ModelFileError(f"the arrays unpack to {unpacked} bytes; the limit is {max_bytes}",
                                     reason="too_big")
            if "config.npy" not in names:
                raise ModelFileError("the archive has no config", reason="missing")
            config = _read_array(archive, "config")
            if config.dtype.kind != "U" or config.shape != ():
                raise ModelFileError(f"config must be one string, got dtype {config.dtype} shape {config.shape}",
                                     reason="config")
            model = _model_from_config(str(config))
            params = model.parameters()
            stored = {name[:-4] for name in names} - {"config"}
            if stored != set(params):
                raise ModelFileError(f"the arrays must be exactly {sorted(params)}, got {sorted(stored)}",
                                     reason="missing")
            state = {name: _read_array(archive, name, p.shape) for name, p in params.items()}
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError) as e:
        raise ModelFileError(f"not a readable .npz model file ({type(e).__name__}: {e})", reason="not_npz") from None
    except ModelFileError:
        raise
    except ValueError as e:  # a malformed .npy header or payload
        raise ModelFileError(f"not a readable .npz model file ({e})", reason="not_npz") from None
    bad = [name for name, a in state.items() if not np.all(np.isfinite(a))]
    if bad:
        raise ModelFileError(f"arrays {bad} hold NaN or infinite values", reason="not_finite")
    model.load_state_dict(state)
    return model
