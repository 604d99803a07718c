"""Hostile model files through every file uploader of every page (``ui.frame.PAGES``): each
is refused with the page's translated reason, and nothing else happens (no exception)."""

from __future__ import annotations

import io

import numpy as np
import pytest

from lstm_core import load_model
from lstm_core.persist import ModelFileError
from lstm_viz.i18n import strings
from tests.model_files import good_bytes, members, npy_header, zipped
from tests.support import open_page
from ui.frame import PAGES

KO = strings("ko")
GOOD = good_bytes("hello", hidden=3)


def _nan_bias() -> bytes:
    files = members(GOOD)
    bias = np.load(io.BytesIO(files["linear.bias.npy"]), allow_pickle=False)
    bias[:] = np.nan
    buf = io.BytesIO()
    np.save(buf, bias)
    return zipped({**files, "linear.bias.npy": buf.getvalue()})


HOSTILE_FILES = {
    "random": bytes(range(256)) * 4,
    "empty": b"",
    "truncated": GOOD[: len(GOOD) // 2],
    "huge_declared_config": zipped({**members(GOOD), "config.npy": npy_header((10**12,), "<f8") + b"\0" * 64}),
    "huge_declared_string": zipped({**members(GOOD), "config.npy": npy_header((), "<U1000000000") + b"\0" * 64}),
    "huge_declared_weights": zipped({**members(GOOD), "linear.bias.npy": npy_header((2**40,), "<f8")}),
    "nested_archive": zipped({"model.npz": GOOD}),
    "nan_weights": _nan_bias(),
    "complex_weights": zipped({**members(GOOD), "linear.bias.npy": npy_header((5,), "<c16") + b"\0" * 80}),
}


def _uploaders():
    """(page, uploader key) for every file uploader the pages show on a first visit."""
    found = []
    for page in PAGES:
        at = open_page(None if page.id == "home" else page.path)
        found += [(page, uploader.key) for uploader in at.file_uploader]
    return found


UPLOADERS = _uploaders()


def test_some_page_takes_uploads():
    assert [(page.id, key) for page, key in UPLOADERS] == [("train", "train_upload")]


@pytest.mark.parametrize(("page", "key"), UPLOADERS, ids=[f"{p.id}-{k}" for p, k in UPLOADERS])
@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_a_hostile_model_file_gets_the_pages_translated_reason(page, key, name):
    data = HOSTILE_FILES[name]
    with pytest.raises(ModelFileError) as refused:
        load_model(io.BytesIO(data))
    at = open_page(page.path, lang="ko")
    at.file_uploader(key=key).set_value((f"{name}.npz", data, "application/octet-stream")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [KO[f"{page.id}.refused_{refused.value.reason}"]]
