"""The server's settings (``.streamlit/config.toml``) fit a classroom: no cross-site writes,
no error details or usage statistics sent out, no rerun on a file change, an upload cap
that takes every model file the app itself writes and no more."""

from __future__ import annotations

import tomllib

import pytest

from lstm_core import CharModel, Vocabulary
from tests.support import ROOT
from ui import train_data

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
MB = 2**20


def test_a_classroom_server_is_locked_down():
    server = CONFIG["server"]
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["runOnSave"] is False and server["fileWatcherType"] == "none" and server["headless"] is True
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert server["enableWebsocketCompression"] is False
    assert 1 <= server["maxMessageSize"] <= 64  # MB: ample for a page, far below Streamlit's 200


def _largest_text() -> str:
    """A text of the most distinct characters /train's box keeps (one symbol each)."""
    return "".join(chr(0xAC00 + k) for k in range(train_data.MAX_TEXT))


@pytest.mark.parametrize("cell", train_data.CELLS)
def test_the_upload_cap_takes_the_largest_model_the_app_writes(cell):
    hidden, layers = (train_data.STATE.params[name].hi for name in ("hidden", "layers"))
    model = CharModel.for_vocab(Vocabulary.from_text(_largest_text()), hidden, num_layers=layers, cell=cell, seed=0)
    assert len(model.vocab) == train_data.MAX_TEXT
    size = len(train_data.model_file(model))
    assert size <= train_data.UPLOAD_LIMIT == CONFIG["server"]["maxUploadSize"] * MB
    assert size > 50_000  # a real model file, not an empty one

