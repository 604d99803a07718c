"""Property tests (hypothesis) over shapes and options: torch's shape rules and the
identities between layouts."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_core import GRU, LSTM, RNN
from tests.numgrad import numerical_gradient

MAKERS = {
    "lstm": LSTM,
    "gru": GRU,
    "rnn_tanh": lambda *a, **kw: RNN(*a, nonlinearity="tanh", **kw),
    "rnn_relu": lambda *a, **kw: RNN(*a, nonlinearity="relu", **kw),
    "rnn_sigmoid": lambda *a, **kw: RNN(*a, nonlinearity="sigmoid", **kw),
}

configs = st.fixed_dictionaries({
    "kind": st.sampled_from(sorted(MAKERS)),
    "T": st.integers(1, 6), "B": st.integers(1, 4), "I": st.integers(1, 5), "H": st.integers(1, 5),
    "num_layers": st.integers(1, 3), "bidirectional": st.booleans(), "bias": st.booleans(),
    "seed": st.integers(0, 2**16),
})


def make(cfg, **overrides):
    kw = {k: cfg[k] for k in ("num_layers", "bidirectional", "bias", "seed")}
    kw.update(overrides)
    return MAKERS[cfg["kind"]](cfg["I"], cfg["H"], **kw)


def split_state(model, state):
    return state if model.mode == "lstm" else (state, None)


@settings(max_examples=40, deadline=None)
@given(configs, st.booleans())
def test_shapes_follow_torch(cfg, batch_first):
    model = make(cfg, batch_first=batch_first)
    T, B, H, L = cfg["T"], cfg["B"], cfg["H"], cfg["num_layers"]
    D = 2 if cfg["bidirectional"] else 1
    x = np.random.default_rng(cfg["seed"]).normal(size=(B, T, cfg["I"]) if batch_first else (T, B, cfg["I"]))
    output, state = model(x)
    h_n, c_n = split_state(model, state)
    assert output.shape == ((B, T, D * H) if batch_first else (T, B, D * H))
    assert h_n.shape == (D * L, B, H)                     # batch_first never applies to states
    assert c_n is None or c_n.shape == (D * L, B, H)
    grads = model.backward(np.ones_like(output))
    assert grads["input"].shape == x.shape and grads["h0"].shape == h_n.shape
    for name, value in model.state_dict().items():
        assert grads[name].shape == value.shape
    # unbatched input: unbatched outputs and (D·L, H) states
    output1, state1 = model(x[0] if batch_first else x[:, 0])
    assert output1.shape == (T, D * H) and split_state(model, state1)[0].shape == (D * L, H)


@settings(max_examples=40, deadline=None)
@given(configs)
def test_last_output_step_is_h_n(cfg):
    model = make(cfg)
    x = np.random.default_rng(cfg["seed"]).normal(size=(cfg["T"], cfg["B"], cfg["I"]))
    output, state = model(x)
    h_n = split_state(model, state)[0]
    H, top = cfg["H"], (cfg["num_layers"] - 1) * (2 if cfg["bidirectional"] else 1)
    np.testing.assert_array_equal(output[-1, :, :H], h_n[top])
    if cfg["bidirectional"]:                            # the reverse direction ends at t = 0
        np.testing.assert_array_equal(output[0, :, H:], h_n[top + 1])


@settings(max_examples=40, deadline=None)
@given(configs)
def test_batched_and_unbatched_agree_row_by_row(cfg):
    model = make(cfg)
    rng = np.random.default_rng(cfg["seed"])
    T, B, H = cfg["T"], cfg["B"], cfg["H"]
    LD = cfg["num_layers"] * (2 if cfg["bidirectional"] else 1)
    x = rng.normal(size=(T, B, cfg["I"]))
    states = [rng.normal(size=(LD, B, H)) for _ in range(2)]
    hx = tuple(states) if model.mode == "lstm" else states[0]
    output, state = model(x, hx)
    g_out = rng.normal(size=output.shape)
    grads = model.backward(g_out)
    for b in range(B):
        hx_b = tuple(s[:, b] for s in states) if model.mode == "lstm" else states[0][:, b]
        output_b, state_b = model(x[:, b], hx_b)
        np.testing.assert_allclose(output_b, output[:, b], rtol=0, atol=1e-14)
        for s, s_b in zip(split_state(model, state), split_state(model, state_b), strict=True):
            if s is not None:
                np.testing.assert_allclose(s_b, s[:, b], rtol=0, atol=1e-14)
        grads_b = model.backward(g_out[:, b])
        np.testing.assert_allclose(grads_b["input"], grads["input"][:, b], rtol=0, atol=1e-13)
        np.testing.assert_allclose(grads_b["h0"], grads["h0"][:, b], rtol=0, atol=1e-13)


@settings(max_examples=40, deadline=None)
@given(configs)
def test_batch_first_is_a_transpose(cfg):
    time_major = make(cfg)
    batch_major = make(cfg, batch_first=True)
    batch_major.load_state_dict(time_major.state_dict())
    x = np.random.default_rng(cfg["seed"]).normal(size=(cfg["T"], cfg["B"], cfg["I"]))
    out_t, state_t = time_major(x)
    out_b, state_b = batch_major(x.transpose(1, 0, 2).copy())
    np.testing.assert_array_equal(out_b, out_t.transpose(1, 0, 2))
    np.testing.assert_array_equal(split_state(time_major, state_t)[0], split_state(batch_major, state_b)[0])
    g = np.random.default_rng(1).normal(size=out_t.shape)
    grads_t = time_major.backward(g)
    grads_b = batch_major.backward(g.transpose(1, 0, 2))
    np.testing.assert_array_equal(grads_b["input"], grads_t["input"].transpose(1, 0, 2))
    np.testing.assert_array_equal(grads_b["weight_hh_l0"], grads_t["weight_hh_l0"])


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["float32", "float64"]),
       st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False), st.integers(0, 2**16))
def test_activations_stable_for_any_finite_input_and_keep_dtype(dtype, scale, seed):
    from lstm_core.activations import log_softmax, sigmoid, softmax

    x = (np.random.default_rng(seed).normal(size=(3, 7)) * scale).astype(dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):   # underflow to 0 is fine
        s = sigmoid(x)
        p = softmax(x)
        lp = log_softmax(x)
    assert s.dtype == p.dtype == lp.dtype == np.dtype(dtype)
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(p.sum(axis=-1), 1, rtol=1e-5)
    assert np.all(np.isfinite(lp))
    np.testing.assert_allclose(np.exp(lp), p, atol=1e-6)


def test_activations_at_the_extremes_and_their_derivatives():
    from lstm_core.activations import log_softmax, relu, relu_grad, sigmoid, sigmoid_grad, softmax, tanh, tanh_grad

    x = np.array([-1e4, -40.0, -1.0, 0.0, 2.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = sigmoid(x)
        lp = log_softmax(x)
        p = softmax(np.array([1e4, 0.0, -1e4]))
    # (1 + tanh(x/2))/2: accurate to about 1e-16 absolute (0 for x < -37, where σ < 1e-16)
    np.testing.assert_allclose(s, 1 / (1 + np.exp(-np.clip(x, -700, 700))), rtol=1e-15, atol=2e-16)
    assert s[0] == 0.0 and s[-1] == 1.0
    np.testing.assert_array_equal(p, [1.0, 0.0, 0.0])
    np.testing.assert_allclose(lp[-1], 0.0, atol=1e-300)
    np.testing.assert_allclose(lp[0], -2e4)
    out = np.empty(3, np.float32)
    assert sigmoid(np.array([0.0, 1.0, -1.0], np.float32), out=out) is out
    np.testing.assert_allclose(out, [0.5, 0.7310586, 0.26894143], rtol=1e-6)
    # derivatives from outputs against central differences
    z = np.array([-2.0, -0.3, 0.4, 1.5])
    for f, f_grad in ((sigmoid, sigmoid_grad), (tanh, tanh_grad), (relu, relu_grad)):
        jacobian = numerical_gradient(lambda f=f: f(z), z)
        np.testing.assert_allclose(np.diag(f_grad(f(z))), jacobian, rtol=1e-8, atol=1e-12)
    np.testing.assert_array_equal(relu_grad(relu(np.array([-1.0, 0.0, 1.0]))), [0.0, 0.0, 1.0])


def test_saturated_gates_are_exact_and_silent():
    import warnings

    lstm = LSTM(2, 3, seed=1)
    gru = GRU(2, 3, seed=1)
    x = np.array([[1e4, -1e4], [-1e4, 1e4], [3.0, -2.0]])     # pre-activations far beyond ±709
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, (h_n, c_n), trace = lstm(x, return_trace=True)
        _, _, gru_trace = gru(x, return_trace=True)
    lt = trace[0]
    for gate in (lt.i, lt.f, lt.o, gru_trace[0].r, gru_trace[0].z):
        assert np.all((gate >= 0) & (gate <= 1))
    assert set(np.unique(lt.i[:2])) <= {0.0, 1.0}                # exactly saturated
    np.testing.assert_array_equal(lt.i[:2], (lt.pre_i[:2] > 0).astype(float))
    assert np.isfinite(h_n).all() and np.isfinite(c_n).all()


def test_what_a_call_returns_survives_the_next_call():
    """Layers reuse scratch buffers between calls (large sizes take the exp-based tanh
    path, B·H ≥ 512): outputs, traces and gradients handed out must never be among them."""
    for kind in ("lstm", "gru", "rnn_tanh"):
        model = MAKERS[kind](3, 32, num_layers=2, bidirectional=True, seed=0)
        x1, x2 = np.random.default_rng(1).normal(size=(2, 7, 20, 3))
        out1, _, trace1 = model(x1, return_trace=True)
        grads1 = model.backward(np.ones_like(out1))
        kept = (out1.copy(), trace1[0].h.copy(), {name: g.copy() for name, g in grads1.items()})
        out2, _, _ = model(x2, return_trace=True)
        model.backward(np.ones_like(out2))
        assert np.array_equal(out1, kept[0]) and np.array_equal(trace1[0].h, kept[1])
        assert all(np.array_equal(grads1[name], g) for name, g in kept[2].items())
        assert not np.array_equal(out1, out2)
