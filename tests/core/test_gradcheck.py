"""backward() against central finite differences (float64), every parameter and input."""

import numpy as np
import pytest

from lstm_core import GRU, LSTM, RNN
from tests.numgrad import numerical_gradient


def state_shape(model, x):
    LD = model.num_layers * model.num_directions
    if x.ndim == 2:
        return (LD, model.hidden_size)
    return (LD, x.shape[0] if model.batch_first else x.shape[1], model.hidden_size)


def check(model, x, seed=0):
    """Compare backward() with central differences of L = Σ w·(output, h_n[, c_n]).

    The dropout generator is rewound before every evaluation, so that the numeric
    and the analytic passes all use the same dropout mask."""
    rng = np.random.default_rng(seed)
    states = [rng.normal(size=state_shape(model, x)) for _ in range(2 if model.mode == "lstm" else 1)]
    mask_state = model._dropout_rng.bit_generator.state

    def run():
        model._dropout_rng.bit_generator.state = mask_state
        output, final = model(x, tuple(states) if model.mode == "lstm" else states[0])
        return (output, *final) if model.mode == "lstm" else (output, final)

    weights = [rng.normal(size=a.shape) for a in run()]

    def loss():
        return sum(np.sum(w * v) for w, v in zip(weights, run(), strict=True))

    targets = {**model.parameters(), "input": x, "h0": states[0]}
    if model.mode == "lstm":
        targets["c0"] = states[1]
    numeric = {name: numerical_gradient(loss, array) for name, array in targets.items()}

    run()
    analytic = model.backward(*weights)
    assert set(numeric) == set(analytic)
    for name, value in numeric.items():
        assert analytic[name].shape == targets[name].shape, name
        np.testing.assert_allclose(analytic[name], value, rtol=1e-6, atol=1e-8, err_msg=name)
    return analytic


CELLS = [
    ("lstm", lambda **kw: LSTM(3, 2, **kw)),
    ("gru", lambda **kw: GRU(3, 2, **kw)),
    ("rnn_tanh", lambda **kw: RNN(3, 2, **kw)),
    ("rnn_relu", lambda **kw: RNN(3, 2, nonlinearity="relu", **kw)),
    ("rnn_sigmoid", lambda **kw: RNN(3, 2, nonlinearity="sigmoid", **kw)),
]


@pytest.mark.parametrize("make", [c[1] for c in CELLS], ids=[c[0] for c in CELLS])
def test_single_layer(make):
    check(make(seed=1), np.random.default_rng(2).normal(size=(4, 2, 3)))


@pytest.mark.parametrize("make", [c[1] for c in CELLS], ids=[c[0] for c in CELLS])
def test_multilayer_bidirectional_dropout_in_train_mode(make):
    model = make(num_layers=2, bidirectional=True, dropout=0.4, batch_first=True, seed=3)
    assert model.training
    x = np.random.default_rng(4).normal(size=(2, 4, 3))            # (B, T, I)
    grads = check(model, x)
    _, _, trace = model(x, return_trace=True)
    dropped = trace[1].x == 0
    assert dropped.any() and not dropped.all()                     # the mask did drop something
    assert np.abs(grads["weight_ih_l0"]).max() > 1e-3


def test_unbatched_without_bias():
    grads = check(LSTM(3, 2, num_layers=2, bias=False, seed=5), np.random.default_rng(6).normal(size=(5, 3)))
    assert grads["input"].shape == (5, 3) and grads["c0"].shape == (2, 2)


def test_float32_gradients_close_to_float64():
    x = np.random.default_rng(7).normal(size=(6, 2, 3))
    m64 = LSTM(3, 4, num_layers=2, seed=8)
    m32 = LSTM(3, 4, num_layers=2, seed=8, dtype=np.float32)
    out64, _ = m64(x)
    out32, (h32, c32) = m32(x)
    assert out32.dtype == h32.dtype == c32.dtype == np.float32
    g64 = m64.backward(np.ones_like(out64))
    g32 = m32.backward(np.ones_like(out32))
    np.testing.assert_allclose(out32, out64, atol=1e-6)
    for name, value in g64.items():
        assert g32[name].dtype == np.float32
        np.testing.assert_allclose(g32[name], value, atol=1e-5 * np.abs(value).max(), err_msg=name)
