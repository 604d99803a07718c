"""Model surgery for the gradients page: W_hh's spectral norm, the LSTM's forget bias,
a copy with W_hh scaled."""

import numpy as np
import pytest

from lstm_core import GRU, LSTM, RNN, reference, set_forget_bias, set_spectral_norm, with_recurrent_scale
from lstm_core.activations import sigmoid


def largest_singular_value(W):
    return np.linalg.svd(W, compute_uv=False)[0]


@pytest.mark.parametrize("make", [lambda: RNN(3, 4, num_layers=2, bidirectional=True, seed=0),
                                  lambda: LSTM(3, 4, num_layers=2, bidirectional=True, seed=0)])
def test_spectral_norm_of_every_layer_and_direction(make):
    model = make()
    before = model.state_dict()
    assert set_spectral_norm(model, 0.7) is model
    after = model.state_dict()
    recurrent = [name for name in before if name.startswith("weight_hh")]
    assert len(recurrent) == 4
    for name in recurrent:
        assert largest_singular_value(after[name]) == pytest.approx(0.7, rel=1e-13)
        ratio = after[name] / before[name]
        np.testing.assert_allclose(ratio, ratio.flat[0], rtol=1e-13)      # only rescaled
    for name in set(before) - set(recurrent):
        np.testing.assert_array_equal(after[name], before[name])


def test_spectral_norm_of_one_layer_acts_on_the_forward_pass():
    rnn = RNN(2, 3, num_layers=2, seed=1)
    x = np.random.default_rng(2).normal(size=(5, 2))
    before = rnn.state_dict()
    set_spectral_norm(rnn, 1.5, layer=1)
    np.testing.assert_array_equal(rnn.state_dict()["weight_hh_l0"], before["weight_hh_l0"])
    assert largest_singular_value(rnn.state_dict()["weight_hh_l1"]) == pytest.approx(1.5, rel=1e-13)
    expected, *_ = reference.run("rnn", rnn.state_dict(), x)
    np.testing.assert_allclose(rnn(x)[0], expected, atol=1e-14)


def test_spectral_norm_refuses_what_it_cannot_do():
    rnn = RNN(2, 3, seed=0)
    with pytest.raises(ValueError, match="layer must be in 0 … 0"):
        set_spectral_norm(rnn, 1.0, layer=1)
    rnn.parameters()["weight_hh_l0"][:] = 0.0
    with pytest.raises(ValueError, match="weight_hh_l0 is zero"):
        set_spectral_norm(rnn, 1.0)
    with pytest.raises(ValueError, match="model must be"):
        set_spectral_norm(rnn.state_dict(), 1.0)


def test_forget_bias_sets_the_forget_gate_of_every_unit():
    lstm = LSTM(3, 4, num_layers=2, bidirectional=True, seed=3)
    before = lstm.state_dict()
    assert set_forget_bias(lstm, 2.5) is lstm
    after, H = lstm.state_dict(), 4
    for name in before:
        if name.startswith("bias"):
            total = after[name.replace("bias_hh", "bias_ih")] + after[name.replace("bias_ih", "bias_hh")]
            np.testing.assert_array_equal(total[H:2 * H], 2.5)                     # b_if + b_hf
            np.testing.assert_array_equal(after[name][:H], before[name][:H])       # i, g, o kept
            np.testing.assert_array_equal(after[name][2 * H:], before[name][2 * H:])
        else:
            np.testing.assert_array_equal(after[name], before[name])
    np.testing.assert_array_equal(after["bias_hh_l1_reverse"][H:2 * H], 0.0)
    # with no weights the forget gate is σ(bias) exactly
    for name, value in lstm.parameters().items():
        if name.startswith("weight"):
            value[:] = 0.0
    _, _, trace = lstm(np.ones((3, 3)), return_trace=True)
    np.testing.assert_allclose(trace[1, 1].f, sigmoid(2.5), rtol=1e-15)


def test_forget_bias_of_one_layer_and_its_refusals():
    lstm = LSTM(3, 2, num_layers=2, seed=4)
    before = lstm.state_dict()
    set_forget_bias(lstm, -1.0, layer=0)
    np.testing.assert_array_equal(lstm.state_dict()["bias_ih_l1"], before["bias_ih_l1"])
    np.testing.assert_array_equal(lstm.state_dict()["bias_ih_l0"][2:4], -1.0)
    with pytest.raises(ValueError, match="only an LSTM"):
        set_forget_bias(GRU(3, 2), 1.0)
    with pytest.raises(ValueError, match="no biases"):
        set_forget_bias(LSTM(3, 2, bias=False), 1.0)


def test_recurrent_scale_copies_and_keeps_the_nonlinearity():
    rnn = RNN(3, 4, num_layers=2, nonlinearity="relu", seed=5)
    before = rnn.state_dict()
    scaled = with_recurrent_scale(rnn, 2.0)
    assert scaled is not rnn and type(scaled) is RNN and scaled.cell.nonlinearity == "relu"
    for name, value in rnn.state_dict().items():
        np.testing.assert_array_equal(value, before[name])                         # original kept
        expected = 2.0 * value if name.startswith("weight_hh") else value
        np.testing.assert_array_equal(scaled.state_dict()[name], expected)
    scaled.parameters()["bias_ih_l0"][:] = 9.0
    np.testing.assert_array_equal(rnn.state_dict()["bias_ih_l0"], before["bias_ih_l0"])   # independent


def test_recurrent_scale_zero_cuts_the_recurrence():
    rnn = RNN(3, 4, nonlinearity="tanh", seed=6)
    x = np.random.default_rng(7).normal(size=(6, 2, 3))
    p = rnn.state_dict()
    output, _ = with_recurrent_scale(rnn, 0.0)(x)
    np.testing.assert_allclose(output, np.tanh(x @ p["weight_ih_l0"].T + p["bias_ih_l0"] + p["bias_hh_l0"]),
                               atol=1e-15)
    original = GRU(3, 2, num_layers=2, seed=8).state_dict()
    gru = with_recurrent_scale(GRU(3, 2, num_layers=2, seed=8), 0.5, layer=1).state_dict()
    np.testing.assert_array_equal(gru["weight_hh_l0"], original["weight_hh_l0"])
    np.testing.assert_array_equal(gru["weight_hh_l1"], 0.5 * original["weight_hh_l1"])
