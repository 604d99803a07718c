"""Parity with torch.nn.LSTM / RNN / GRU (torch 2.13, float64).

The reference values come from scripts/make_core_fixtures.py: weights, inputs,
upstream gradients, outputs, final states and every gradient of torch's autograd.
Everything must match to 1e-10 (observed: about 1e-15).
"""

import json
from pathlib import Path

import numpy as np
import pytest

from lstm_core import GRU, LSTM, RNN

FIXTURES = np.load(Path(__file__).parent / "fixtures" / "torch_parity.npz")
CASES = json.loads(str(FIXTURES["cases"]))
TOL = 1e-10


def case_arrays(name):
    prefix = name + "/"
    return {k[len(prefix):]: FIXTURES[k] for k in FIXTURES.files if k.startswith(prefix)}


def build(kind, opts, arrays):
    input_size, hidden_size = arrays["x"].shape[-1], arrays["weight_hh_l0"].shape[1]
    kw = {k: opts[k] for k in ("num_layers", "bidirectional", "batch_first", "bias") if k in opts}
    if kind == "lstm":
        model = LSTM(input_size, hidden_size, **kw)
    elif kind == "gru":
        model = GRU(input_size, hidden_size, **kw)
    else:
        model = RNN(input_size, hidden_size, nonlinearity=kind.split("_")[1], **kw)
    model.load_state_dict({k: v for k, v in arrays.items() if k.startswith(("weight", "bias"))})
    return model


def test_fixture_made_with_torch_2_13():
    assert str(FIXTURES["torch_version"]).startswith("2.13.0")
    assert len(CASES) == 29


@pytest.mark.parametrize(("name", "kind", "opts"), CASES, ids=[c[0] for c in CASES])
def test_forward_and_backward_match_torch(name, kind, opts):
    a = case_arrays(name)
    model = build(kind, opts, a)
    lstm = kind == "lstm"
    hx = None if "h0" not in a else ((a["h0"], a["c0"]) if lstm else a["h0"])
    output, state = model(a["x"], hx)
    h_n, c_n = state if lstm else (state, None)
    assert output.shape == a["output"].shape and h_n.shape == a["h_n"].shape
    np.testing.assert_allclose(output, a["output"], rtol=0, atol=TOL)
    np.testing.assert_allclose(h_n, a["h_n"], rtol=0, atol=TOL)
    if lstm:
        np.testing.assert_allclose(c_n, a["c_n"], rtol=0, atol=TOL)

    grads = model.backward(a["grad_output"], a["grad_h_n"], a.get("grad_c_n"))
    expected = {k[len("grad/"):]: v for k, v in a.items() if k.startswith("grad/")}
    assert set(expected) <= set(grads)
    assert set(grads) - set(expected) <= {"h0", "c0"}      # no hx given: torch has no leaf
    for key, value in expected.items():
        assert grads[key].shape == value.shape, key
        np.testing.assert_allclose(grads[key], value, rtol=0, atol=TOL, err_msg=key)
    # the gradients are not trivially small: the comparison means something
    assert max(np.abs(v).max() for v in expected.values()) > 0.5


def test_max_parity_error_is_at_rounding_level():
    """The worst error over all cases, reported for the record (≈ 1e-15)."""
    worst = 0.0
    for name, kind, opts in CASES:
        a = case_arrays(name)
        model = build(kind, opts, a)
        hx = None if "h0" not in a else ((a["h0"], a["c0"]) if kind == "lstm" else a["h0"])
        output, _ = model(a["x"], hx)
        grads = model.backward(a["grad_output"], a["grad_h_n"], a.get("grad_c_n"))
        worst = max(worst, np.abs(output - a["output"]).max(),
                    *(np.abs(grads[k[5:]] - v).max() for k, v in a.items() if k.startswith("grad/")))
    print(f"max |ours - torch| over {len(CASES)} cases: {worst:.2e}")
    assert worst < 1e-13
