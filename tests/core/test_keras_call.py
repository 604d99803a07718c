"""keras_call: Keras's return_sequences / return_state conventions, checked against the
outputs Keras itself produced (tests/core/fixtures/keras.npz, return_sequences=True and
return_state=True)."""

from pathlib import Path

import numpy as np
import pytest

from lstm_core import GRU, LSTM, RNN
from lstm_core.keras import keras_call

FIXTURES = np.load(Path(__file__).parent / "fixtures" / "keras.npz")
CLASSES = {"lstm": LSTM, "rnn": RNN, "gru": GRU}
ATOL = {"lstm": 1e-12, "gru": 1e-12, "rnn": 1e-6}  # Keras's SimpleRNN computes in float32 (see test_keras)


def keras_layer(kind):
    a = {k.split("/", 1)[1]: FIXTURES[k] for k in FIXTURES.files if k.startswith(kind + "/")}
    layer = CLASSES[kind](a["x"].shape[-1], a["h0"].shape[-1], batch_first=True)
    layer.set_keras_weights([a["w0"], a["w1"], a["w2"]])
    return layer, a


@pytest.mark.parametrize("kind", sorted(CLASSES))
def test_every_flag_combination_matches_keras(kind):
    layer, a = keras_layer(kind)
    init = [a["h0"], a["c0"]] if kind == "lstm" else [a["h0"]]
    finals = [a["h_n"], a["c_n"]] if kind == "lstm" else [a["h_n"]]
    seq = keras_call(layer, a["x"], init, return_sequences=True, return_state=True)
    assert [s.shape for s in seq] == [a["output"].shape] + [f.shape for f in finals]
    for got, want in zip(seq, [a["output"], *finals], strict=True):
        np.testing.assert_allclose(got, want, rtol=0, atol=ATOL[kind])
    last = keras_call(layer, a["x"], init)
    np.testing.assert_allclose(last, a["output"][:, -1], rtol=0, atol=ATOL[kind])
    np.testing.assert_array_equal(last, seq[1])  # Keras: the last output step is h
    only_states = keras_call(layer, a["x"], init, return_state=True)
    assert len(only_states) == 1 + len(finals) and only_states[0].shape == (3, a["h0"].shape[-1])


def test_it_refuses_what_keras_cannot_be():
    with pytest.raises(ValueError, match="batch_first=True"):
        keras_call(LSTM(4, 2), np.zeros((3, 5, 4)))
    with pytest.raises(ValueError, match="batch_first=True"):
        keras_call(LSTM(4, 2, num_layers=2, batch_first=True), np.zeros((3, 5, 4)))
    with pytest.raises(ValueError, match="timesteps"):
        keras_call(LSTM(4, 2, batch_first=True), np.zeros((5, 4)))
    with pytest.raises(ValueError, match="list of 2"):
        keras_call(LSTM(4, 2, batch_first=True), np.zeros((3, 5, 4)), [np.zeros((3, 2))])
