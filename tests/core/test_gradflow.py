"""gradient_flow against finite differences, against backward(), and on the lesson's
two behaviours (an RNN's gradient vanishes; an LSTM's cell path keeps it)."""

import warnings

import numpy as np
import pytest

from lstm_core import GRU, LSTM, RNN, gradient_flow
from lstm_core.gradflow import vector_norm
from tests.numgrad import numerical_gradient

MAKERS = {
    "lstm": LSTM, "gru": GRU,
    "rnn_tanh": lambda *a, **kw: RNN(*a, nonlinearity="tanh", **kw),
    "rnn_relu": lambda *a, **kw: RNN(*a, nonlinearity="relu", **kw),
    "rnn_sigmoid": lambda *a, **kw: RNN(*a, nonlinearity="sigmoid", **kw),
}


def last_layer_alone(model):
    """A one-layer model with the weights of ``model``'s last layer."""
    L = model.num_layers
    single = MAKERS[model.mode if model.mode != "rnn" else f"rnn_{model.cell.nonlinearity}"](
        model.hidden_size if L > 1 else model.input_size, model.hidden_size)
    single.load_state_dict({k.replace(f"_l{L - 1}", "_l0"): v
                            for k, v in model.state_dict().items() if k.endswith(f"_l{L - 1}")})
    return single


def numeric_jacobians(model, x, hx):
    """By finite differences on the last layer run from a perturbed state:
    P[t] = dh_{T-1}/dh_t and J[t] = dh_t/dh_{t-1} (c held fixed), each (H, H)."""
    _, _, trace = model(x, hx, return_trace=True)
    lt = trace[-1]
    single = last_layer_alone(model)
    x_last, T, H = lt.x[:, 0], lt.h.shape[0], model.hidden_size

    def h_after(t0, h, c, step):             # h at step `step` when starting step t0 from (h, c)
        hx0 = (h[None], c[None]) if c is not None else h[None]
        return single(x_last[t0:step + 1], hx0)[0][-1]

    def jac(t0, h, c, step):                  # dh_step/dh, h entering step t0
        h = h.copy()
        return numerical_gradient(lambda: h_after(t0, h, c, step), h).T

    lstm = model.mode == "lstm"
    P = [jac(t + 1, lt.h[t, 0], lt.c[t, 0] if lstm else None, T - 1) if t < T - 1 else np.eye(H)
         for t in range(T)]
    J = [jac(t, lt.h_prev[t, 0], lt.c_prev[t, 0] if lstm else None, t) for t in range(T)]
    return np.array(P), np.array(J), lt


@pytest.mark.parametrize("kind", sorted(MAKERS))
@pytest.mark.parametrize("num_layers", [1, 2])
def test_against_finite_differences(kind, num_layers):
    model = MAKERS[kind](3, 4, num_layers=num_layers, seed=11)
    rng = np.random.default_rng(12)
    x = rng.normal(size=(6, 3))
    states = [rng.normal(size=(num_layers, 4)) for _ in range(2)]
    hx = tuple(states) if kind == "lstm" else states[0]
    g = rng.normal(size=4)
    gf = gradient_flow(model, x, hx, grad_h_T=g)
    P, J, lt = numeric_jacobians(model, x, hx)

    assert gf.kind == model.mode and gf.layer == num_layers - 1 and gf.dh.shape == (6, 4)
    np.testing.assert_allclose(gf.dh, np.einsum("tij,i->tj", P, g), atol=1e-8)
    np.testing.assert_allclose(gf.dh_norm, np.linalg.norm(gf.dh, axis=1), rtol=1e-12)
    np.testing.assert_allclose(gf.jac_h_product_norm, [np.linalg.norm(p, 2) for p in P], rtol=1e-6)
    np.testing.assert_allclose(gf.jac_h_norm, [np.linalg.norm(j, 2) for j in J], rtol=1e-6)
    assert gf.jac_h_product_norm[-1] == pytest.approx(1.0)
    if kind == "lstm":
        # dL/dc_t (total) = dh_t ⊙ o ⊙ tanh'(c_t) + (perturb c_t with h_t fixed)
        single, H = last_layer_alone(model), 4
        dc_partial = np.zeros((6, H))
        for t in range(5):
            c = lt.c[t].copy()
            dc_partial[t] = numerical_gradient(lambda t=t, c=c: single(lt.x[t + 1:, 0], (lt.h[t], c))[0][-1] @ g,
                                               c)[0]
        dh_to_dc = (lt.o * (1 - lt.tanh_c ** 2))[:, 0]
        np.testing.assert_allclose(gf.dc, gf.dh * dh_to_dc + dc_partial, atol=1e-8)
        np.testing.assert_array_equal(gf.f, lt.f[:, 0])
        np.testing.assert_array_equal(gf.jac_c_norm, lt.f[:, 0].max(axis=1))
        np.testing.assert_allclose(gf.f_cumprod[2], lt.f[3, 0] * lt.f[4, 0] * lt.f[5, 0], rtol=1e-14)
        np.testing.assert_array_equal(gf.f_cumprod[-1], np.ones(H))
    else:
        assert gf.dc is None and gf.dc_norm is None and gf.f is None and gf.jac_c_norm is None
    assert gf.activation == (kind.split("_")[1] if kind.startswith("rnn") else None)


@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn_tanh"])
def test_dx_norm_equals_backward_and_finite_differences(kind):
    model = MAKERS[kind](3, 4, num_layers=2, seed=13)
    x = np.random.default_rng(14).normal(size=(5, 3))
    g = np.random.default_rng(15).normal(size=4)
    gf = gradient_flow(model, x, grad_h_T=g)
    output, _ = model(x)
    grad_output = np.zeros_like(output)
    grad_output[-1] = g                                # the same loss, through output instead of h_n
    dx = model.backward(grad_output)["input"]
    np.testing.assert_allclose(gf.dx_norm, np.linalg.norm(dx, axis=1), rtol=1e-12)
    numeric = numerical_gradient(lambda: model(x)[0][-1] @ g, x)
    np.testing.assert_allclose(dx, numeric, atol=1e-8)


def test_rnn_gradient_vanishes_while_lstm_cell_path_keeps_it():
    x = np.random.default_rng(16).normal(size=(40, 3))
    rnn = RNN(3, 8, nonlinearity="sigmoid", seed=17)
    gf_rnn = gradient_flow(rnn, x)
    assert gf_rnn.dh_norm[-1] == pytest.approx(1.0)      # unit-norm grad_h_T by default
    assert gf_rnn.dh_norm[0] < 1e-10                    # σ' ≤ 1/4: gone after 40 steps
    assert np.all(gf_rnn.jac_h_norm < 1)

    lstm = LSTM(3, 8, seed=17)
    lstm.parameters()["bias_ih_l0"][8:16] = 6.0          # forget gate nearly open: f ≈ 1
    gf_lstm = gradient_flow(lstm, x)
    assert gf_lstm.f.min() > 0.9
    assert gf_lstm.dc_norm[0] > 1e-3 * gf_lstm.dc_norm[-1]
    assert gf_lstm.f_cumprod[0].min() > 1e-2
    np.testing.assert_allclose(gf_lstm.jac_c_norm, gf_lstm.f.max(axis=1))


def test_overflow_returns_inf_or_nan_without_warnings():
    rnn = RNN(2, 3, nonlinearity="relu", seed=18)
    p = rnn.parameters()
    p["weight_hh_l0"][:] = 20.0       # all positive: h grows ×60 a step, to inf (never nan)
    p["weight_ih_l0"][:] = 1.0
    p["bias_ih_l0"][:] = 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gf = gradient_flow(rnn, np.ones((200, 2)))
    assert np.isinf(gf.jac_h_product_norm[0]) and np.isinf(gf.dh_norm[0])
    np.testing.assert_allclose(gf.jac_h_norm, 60.0)      # each step alone is finite
    np.testing.assert_allclose(gf.jac_h_product_norm[-3:], [60.0**2, 60.0, 1.0])


def test_accepts_t_1_i_restores_mode_and_rejects_what_it_cannot_analyse():
    lstm = LSTM(3, 2, num_layers=2, dropout=0.5, seed=19)
    assert lstm.training
    x = np.random.default_rng(20).normal(size=(4, 3))
    gf2 = gradient_flow(lstm, x)
    gf3 = gradient_flow(lstm, x[:, None], (np.zeros((2, 1, 2)), np.zeros((2, 1, 2))))
    assert lstm.training                                 # restored
    np.testing.assert_array_equal(gf2.dh, gf3.dh)        # evaluated without dropout: same
    with pytest.raises(ValueError, match="bidirectional"):
        gradient_flow(GRU(3, 2, bidirectional=True), x)
    with pytest.raises(ValueError, match=r"x has shape \(4, 2, 3\), expected \(T, 3\) or \(T, 1, 3\)"):
        gradient_flow(lstm, np.zeros((4, 2, 3)))
    with pytest.raises(ValueError, match=r"grad_h_T has shape \(3,\), expected \(2,\)"):
        gradient_flow(lstm, x, grad_h_T=np.ones(3))
    with pytest.raises(ValueError, match="model must be"):
        gradient_flow("lstm", x)


def test_vector_norm_does_not_overflow_for_finite_vectors():
    v = np.array([[3e200, 4e200], [3.0, 4.0], [np.inf, 1.0], [np.nan, 1.0], [0.0, 0.0]])
    n = vector_norm(v)
    assert n[:2] == pytest.approx([5e200, 5.0], rel=1e-15)
    assert np.isinf(n[2]) and np.isnan(n[3]) and n[4] == 0.0


def test_exploding_relu_norms_stay_finite_while_the_vectors_do():
    rnn = RNN(3, 4, nonlinearity="relu", seed=0)
    sd = rnn.state_dict()
    sd["weight_hh_l0"] = 40.0 * np.eye(4)
    rnn.load_state_dict(sd)
    x = np.abs(np.random.default_rng(0).standard_normal((120, 3))) + 0.1
    with np.errstate(all="ignore"):
        gf = gradient_flow(rnn, x)
    finite = np.isfinite(gf.dh).all(axis=1)
    assert finite.any() and (np.abs(gf.dh[finite]).max() > 1e160)  # squares of these overflow
    assert np.isfinite(gf.dh_norm[finite]).all()
    assert np.allclose(gf.dh_norm[finite], np.abs(gf.dh[finite]).max(axis=1) * np.linalg.norm(
        gf.dh[finite] / np.abs(gf.dh[finite]).max(axis=1, keepdims=True), axis=1), rtol=1e-14)
