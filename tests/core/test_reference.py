"""The fast engine against the plain reference (lstm_core.reference), and the reference
against torch: outputs, final states and every trace array, float64."""

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_core import GRU, LSTM, RNN, reference
from lstm_core.trace import STEP_FIELDS

MAKERS = {
    "lstm": LSTM, "gru": GRU,
    "rnn_tanh": lambda *a, **kw: RNN(*a, nonlinearity="tanh", **kw),
    "rnn_relu": lambda *a, **kw: RNN(*a, nonlinearity="relu", **kw),
    "rnn_sigmoid": lambda *a, **kw: RNN(*a, nonlinearity="sigmoid", **kw),
}
TOL = 1e-12   # relative to the scale of the compared array (at least 1)


def assert_close(actual, expected, name=""):
    scale = max(1.0, float(np.abs(expected).max()))
    np.testing.assert_allclose(actual, expected, rtol=0, atol=TOL * scale, err_msg=name)


def run_reference(model, x, hx):
    """The reference on the engine's own state_dict, with the input and states in the
    reference's time-major layout; results back in the engine's layout."""
    lstm = model.mode == "lstm"
    h0, c0 = hx if lstm else (hx, None)
    time_major = x.transpose(1, 0, 2) if model.batch_first and x.ndim == 3 else x
    nonlinearity = getattr(model.cell, "nonlinearity", "tanh")
    output, h_n, c_n, steps = reference.run(model.mode, model.state_dict(), time_major, h0, c0, nonlinearity)
    if model.batch_first and x.ndim == 3:
        output = output.transpose(1, 0, 2)
    return output, h_n, c_n, steps


configs = st.fixed_dictionaries({
    "kind": st.sampled_from(sorted(MAKERS)),
    "T": st.integers(1, 7), "B": st.integers(1, 4), "I": st.integers(1, 5), "H": st.integers(1, 6),
    "num_layers": st.integers(1, 3), "bidirectional": st.booleans(), "bias": st.booleans(),
    "batch_first": st.booleans(), "unbatched": st.booleans(), "seed": st.integers(0, 2**16),
})


@settings(max_examples=80, deadline=None)
@given(configs)
def test_engine_matches_the_reference(cfg):
    kw = {k: cfg[k] for k in ("num_layers", "bidirectional", "bias", "batch_first", "seed")}
    model = MAKERS[cfg["kind"]](cfg["I"], cfg["H"], **kw)
    rng = np.random.default_rng(cfg["seed"])
    T, B, H = cfg["T"], cfg["B"], cfg["H"]
    LD = model.num_layers * model.num_directions
    if cfg["unbatched"]:
        x, state_shape = rng.normal(size=(T, cfg["I"])), (LD, H)
    else:
        x = rng.normal(size=(B, T, cfg["I"]) if cfg["batch_first"] else (T, B, cfg["I"]))
        state_shape = (LD, B, H)
    states = [rng.normal(size=state_shape) for _ in range(2)]
    hx = tuple(states) if model.mode == "lstm" else states[0]

    output, state, trace = model(x, hx, return_trace=True)
    ref_output, ref_h_n, ref_c_n, ref_steps = run_reference(model, x, hx)

    assert_close(output, ref_output, "output")
    h_n, c_n = state if model.mode == "lstm" else (state, None)
    assert_close(h_n, ref_h_n, "h_n")
    if model.mode == "lstm":
        assert_close(c_n, ref_c_n, "c_n")
    for layer in range(model.num_layers):
        for d in range(model.num_directions):
            lt, ref = trace[layer, d], ref_steps[layer][d]
            assert set(ref) == set(STEP_FIELDS[model.mode])
            for name in STEP_FIELDS[model.mode]:
                expected = ref[name][:, None] if cfg["unbatched"] else ref[name]   # trace: (T, B=1, H)
                assert getattr(lt, name).shape == expected.shape, name
                assert_close(getattr(lt, name), expected, f"l{layer} d{d} {name}")


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_engine_matches_the_reference_at_a_size_that_takes_the_exp_paths(kind):
    """B·H ≥ 512: the engine's tanh goes through exp; saturating inputs included."""
    model = MAKERS[kind](5, 64, num_layers=2, bidirectional=True, seed=1)
    x = np.random.default_rng(2).normal(size=(6, 9, 5)) * 4
    output, state, trace = model(x, return_trace=True)
    ref_output, ref_h_n, _, ref_steps = run_reference(model, x, None if model.mode != "lstm" else (None, None))
    assert_close(output, ref_output, "output")
    assert_close(state[0] if model.mode == "lstm" else state, ref_h_n, "h_n")
    for name, value in ref_steps[1][1].items():
        assert_close(getattr(trace[1, 1], name), value, name)


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_engine_in_eval_mode_matches_the_reference_despite_dropout(kind):
    model = MAKERS[kind](3, 5, num_layers=3, dropout=0.5, seed=3).eval()
    x = np.random.default_rng(4).normal(size=(7, 2, 3))
    ref_output, *_ = run_reference(model, x, None if model.mode != "lstm" else (None, None))
    assert_close(model(x)[0], ref_output, "output")


FIXTURES = np.load(Path(__file__).parent / "fixtures" / "torch_parity.npz")
CASES = json.loads(str(FIXTURES["cases"]))


@pytest.mark.parametrize(("name", "kind", "opts"), CASES, ids=[c[0] for c in CASES])
def test_reference_matches_torch(name, kind, opts):
    """The oracle itself is anchored: torch 2.13's outputs and final states, every case."""
    a = {k[len(name) + 1:]: FIXTURES[k] for k in FIXTURES.files if k.startswith(name + "/")}
    mode, _, nonlinearity = kind.partition("_")
    batch_major = opts.get("batch_first", False) and a["x"].ndim == 3
    x = a["x"].transpose(1, 0, 2) if batch_major else a["x"]
    weights = {k: v for k, v in a.items() if k.startswith(("weight", "bias"))}
    output, h_n, c_n, _ = reference.run(mode, weights, x, a.get("h0"), a.get("c0"), nonlinearity or "tanh")
    np.testing.assert_allclose(output.transpose(1, 0, 2) if batch_major else output, a["output"],
                               rtol=0, atol=1e-13)
    np.testing.assert_allclose(h_n, a["h_n"], rtol=0, atol=1e-13)
    if mode == "lstm":
        np.testing.assert_allclose(c_n, a["c_n"], rtol=0, atol=1e-13)
