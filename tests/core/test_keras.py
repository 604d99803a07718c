"""Keras 3 layouts: set_keras_weights / get_keras_weights against values made with Keras
(scripts/make_core_fixtures.py, torch backend, float64), and init="keras"."""

from pathlib import Path

import numpy as np
import pytest

from lstm_core import GRU, LSTM, RNN

FIXTURES = np.load(Path(__file__).parent / "fixtures" / "keras.npz")
CLASSES = {"lstm": LSTM, "rnn": RNN, "gru": GRU}
# Keras 3.15's type promotion maps float64 to float32 ("aligned with JAX's default",
# keras/src/backend/common/dtypes.py), so keras.ops.matmul of two float64 tensors is
# float32 and the float64 SimpleRNN is only float32-accurate (observed 1.5e-7). The
# LSTM and GRU layers stay in float64 and match to rounding.
ATOL = {"lstm": 1e-12, "gru": 1e-12, "rnn": 1e-6}


def keras_arrays(kind):
    return {k.split("/", 1)[1]: FIXTURES[k] for k in FIXTURES.files if k.startswith(kind + "/")}


def test_fixture_made_with_keras_3():
    assert str(FIXTURES["keras_version"]).startswith("3.")


@pytest.mark.parametrize("kind", sorted(CLASSES))
def test_keras_weights_give_keras_outputs(kind):
    a = keras_arrays(kind)
    weights = [a["w0"], a["w1"], a["w2"]]
    model = CLASSES[kind](a["x"].shape[-1], a["h0"].shape[-1], batch_first=True)
    model.set_keras_weights(weights)
    hx = (a["h0"][None], a["c0"][None]) if kind == "lstm" else a["h0"][None]
    output, state = model(a["x"], hx)
    np.testing.assert_allclose(output, a["output"], rtol=0, atol=ATOL[kind])
    h_n = state[0] if kind == "lstm" else state
    np.testing.assert_allclose(h_n[0], a["h_n"], rtol=0, atol=ATOL[kind])
    if kind == "lstm":
        np.testing.assert_allclose(state[1][0], a["c_n"], rtol=0, atol=ATOL[kind])
    back = model.get_keras_weights()
    assert [w.shape for w in back] == [w.shape for w in weights]
    for w_back, w in zip(back, weights, strict=True):
        np.testing.assert_array_equal(w_back, w)


def test_gate_mapping_is_explicit():
    gru = GRU(2, 3)
    kernel = np.zeros((2, 9))
    kernel[:, 0:3] = 1.0                      # Keras's first block is z
    gru.set_keras_weights([kernel, np.zeros((3, 9)), np.zeros((2, 9))])
    w_ih = gru.state_dict()["weight_ih_l0"]
    np.testing.assert_array_equal(w_ih[3:6], 1.0)    # torch's z rows are the second block
    np.testing.assert_array_equal(w_ih[:3], 0.0)
    lstm = LSTM(2, 3, bias=False)
    kernel = np.arange(24.0).reshape(2, 12)
    lstm.set_keras_weights([kernel, np.eye(3, 12)])
    np.testing.assert_array_equal(lstm.state_dict()["weight_ih_l0"], kernel.T)   # (i, f, c, o) = (i, f, g, o)
    assert len(lstm.get_keras_weights()) == 2


@pytest.mark.parametrize("kind", sorted(CLASSES))
def test_torch_model_round_trip_through_keras_layout(kind):
    model = CLASSES[kind](3, 4, seed=5)
    other = CLASSES[kind](3, 4, seed=6)
    other.set_keras_weights(model.get_keras_weights())
    sd, sd_other = model.state_dict(), other.state_dict()
    np.testing.assert_array_equal(sd_other["weight_hh_l0"], sd["weight_hh_l0"])
    if kind == "gru":   # two biases survive: b_hn sits inside r ⊙ (...)
        np.testing.assert_array_equal(sd_other["bias_hh_l0"], sd["bias_hh_l0"])
    else:               # one Keras bias: b_ih + b_hh
        np.testing.assert_allclose(sd_other["bias_ih_l0"], sd["bias_ih_l0"] + sd["bias_hh_l0"], rtol=1e-15)
        np.testing.assert_array_equal(sd_other["bias_hh_l0"], 0.0)
    x = np.random.default_rng(7).normal(size=(5, 2, 3))
    np.testing.assert_allclose(other(x)[0], model(x)[0], rtol=0, atol=1e-15)


def test_keras_init_statistics():
    n_in, H = 40, 64
    lstm = LSTM(n_in, H, init="keras", seed=8)
    sd = lstm.state_dict()
    limit = np.sqrt(6 / (n_in + 4 * H))                  # glorot uniform on the (I, 4H) kernel
    w_ih = sd["weight_ih_l0"]
    assert np.abs(w_ih).max() <= limit and np.abs(w_ih).max() > 0.99 * limit
    assert abs(w_ih.mean()) < 0.02 * limit
    assert w_ih.var() == pytest.approx(limit**2 / 3, rel=0.05)
    recurrent_kernel = sd["weight_hh_l0"].T              # Keras's (H, 4H): orthonormal rows
    np.testing.assert_allclose(recurrent_kernel @ recurrent_kernel.T, np.eye(H), atol=1e-12)
    expected_bias = np.zeros(4 * H)
    expected_bias[H:2 * H] = 1.0                         # unit forget bias
    np.testing.assert_array_equal(sd["bias_ih_l0"], expected_bias)
    np.testing.assert_array_equal(sd["bias_hh_l0"], 0.0)

    rnn_w = RNN(3, 5, init="keras", seed=9).state_dict()
    np.testing.assert_allclose(rnn_w["weight_hh_l0"] @ rnn_w["weight_hh_l0"].T, np.eye(5), atol=1e-12)
    gru_sd = GRU(3, 5, init="keras", seed=9).state_dict()
    np.testing.assert_array_equal(gru_sd["bias_ih_l0"], 0.0)
    torch_w = LSTM(n_in, H, seed=8).state_dict()["weight_ih_l0"]
    assert np.abs(torch_w).max() <= 1 / np.sqrt(H) and np.abs(torch_w).max() > 0.99 / np.sqrt(H)
