"""A refused model file says what kind of fault it has (``ModelFileError.reason``), so the
app can explain it in the reader's language."""

import io

import pytest

from lstm_core import load_model
from lstm_core.persist import REASONS, ModelFileError
from tests.model_files import KINDS, good_bytes, malformed


@pytest.mark.parametrize("kind", KINDS)
def test_every_malformed_kind_is_refused_with_its_reason(kind, capsys):
    with pytest.raises(ModelFileError) as refused:
        load_model(io.BytesIO(malformed(kind)))
    assert refused.value.reason == kind
    assert "unpickled" not in capsys.readouterr().out


def test_a_file_larger_than_the_limit_is_too_big():
    with pytest.raises(ModelFileError) as refused:
        load_model(io.BytesIO(good_bytes()), max_bytes=100)
    assert refused.value.reason == "too_big"


def test_reasons_are_a_closed_list():
    assert set(KINDS) == set(REASONS)
    assert ModelFileError("x").reason == "not_npz"
    with pytest.raises(ValueError, match="reason must be one of"):
        ModelFileError("x", reason="other")
