"""Gates fixed by hand (lstm_core.override): untouched it is the LSTM; fixed, the cell
state does exactly what the equations say."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_core import LSTM, reference
from lstm_core.override import GATES, Fixed, at_step, run_with_gates, schedule

RNG = np.random.default_rng(7)
X = RNG.standard_normal((9, 3))


def model(hidden=2, seed=1):
    return LSTM(3, hidden, seed=seed).state_dict()


@pytest.mark.parametrize("hidden", [1, 2, 4])
def test_without_overrides_it_is_the_lstm(hidden):
    """Bit for bit the plain reference loop (the same lines of NumPy); the fast engine,
    which groups the sums differently, to 1e-12 (they differ in the last bit, ~2e-16)."""
    lstm = LSTM(3, hidden, seed=hidden)
    run = run_with_gates(lstm.state_dict(), X)
    *_, ref_steps = reference.run("lstm", lstm.state_dict(), X)
    _, _, trace = lstm(X, return_trace=True)
    for name in ("pre_f", "pre_i", "pre_g", "pre_o", "f", "i", "g", "o", "c", "tanh_c", "h"):
        assert np.array_equal(run[name], ref_steps[0][0][name]), name
        np.testing.assert_allclose(run[name], getattr(trace[0], name)[:, 0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(run["h_prev"], trace[0].h_prev[:, 0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(run["c_prev"], trace[0].c_prev[:, 0], rtol=0, atol=1e-12)
    for name in GATES:
        assert not run[f"fixed_{name}"].any() and np.array_equal(run[f"model_{name}"], run[name])


def test_f_one_and_i_zero_hold_the_cell_state_bit_for_bit():
    run = run_with_gates(model(), X, {"f": Fixed(1.0, start=2), "i": Fixed(0.0, start=2)})
    assert np.all(run["c"][1:] == run["c"][0])  # not close: equal
    assert np.any(run["c"][0] != 0)
    assert np.array_equal(run["h"], run["o"] * np.tanh(run["c"]))


def test_f_zero_leaves_only_the_steps_own_write():
    run = run_with_gates(model(), X, {"f": Fixed(0.0)})
    assert np.array_equal(run["c"], run["i"] * run["g"])
    free = run_with_gates(model(), X)
    assert not np.allclose(free["c"], free["i"] * free["g"])  # the untouched model does remember


def test_f_one_half_with_i_zero_halves_c_exactly():
    run = run_with_gates(model(), X, {"f": Fixed(0.5, start=3), "i": Fixed(0.0, start=3)})
    k = np.arange(1, len(X) - 1)
    assert np.array_equal(run["c"][2:], run["c"][1] * 0.5 ** k[:, None])


def test_fixed_gates_are_marked_and_the_model_value_is_kept_beside_them():
    run = run_with_gates(model(), X, {"o": Fixed(0.0, start=9, before=1.0), "g": np.r_[np.nan, 0.5, [np.nan] * 7]})
    assert run["fixed_o"].all() and run["fixed_g"][:, 0].tolist() == [False, True] + [False] * 7
    assert not run["fixed_f"].any() and not run["fixed_i"].any()
    assert np.all(run["o"][:8] == 1.0) and np.all(run["o"][8] == 0.0) and np.all(run["h"][8] == 0.0)
    assert np.all(run["g"][1] == 0.5) and not np.allclose(run["model_g"][1], 0.5)
    np.testing.assert_array_equal(run["model_o"], reference.sigmoid(run["pre_o"]))
    assert at_step(run, 9)["h"].tolist() == [0.0, 0.0]


def test_per_unit_overrides_fix_one_unit_only():
    values = np.full((len(X), 2), np.nan)
    values[:, 1] = 0.0
    run = run_with_gates(model(), X, {"f": values})
    assert run["fixed_f"][:, 1].all() and not run["fixed_f"][:, 0].any()
    assert np.array_equal(run["c"][:, 1], (run["i"] * run["g"])[:, 1])


def test_a_fixed_schedule_per_step():
    assert np.array_equal(Fixed(0.0, start=2, before=1.0).per_step(4), [1.0, 0.0, 0.0, 0.0])
    assert np.isnan(Fixed(1.0, start=3).per_step(4)[:2]).all()
    assert schedule("g", Fixed(-1.0), 3, 2).shape == (3, 2)


@pytest.mark.parametrize(("name", "override"), [("f", Fixed(1.5)), ("g", Fixed(-1.2)), ("z", Fixed(0.5)),
                                                ("i", Fixed(0.5, start=0)), ("o", np.zeros(4))])
def test_bad_overrides_are_refused(name, override):
    with pytest.raises(ValueError):
        run_with_gates(model(), X, {name: override})


def test_only_one_layer_one_direction_and_a_matching_input():
    with pytest.raises(ValueError):
        run_with_gates(LSTM(3, 2, num_layers=2).state_dict(), X)
    with pytest.raises(ValueError):
        run_with_gates(model(), X[:, :2])
    with pytest.raises(ValueError):
        run_with_gates(model(), np.full((2, 3), np.inf))
    assert run_with_gates(model(), np.zeros((0, 3)))["c"].shape == (0, 2)


def test_initial_states_are_used():
    h0, c0 = np.array([0.5, -0.5]), np.array([2.0, -1.0])
    run = run_with_gates(model(), X, {"f": Fixed(1.0), "i": Fixed(0.0)}, h0=h0, c0=c0)
    assert np.all(run["c"] == c0) and np.array_equal(run["h_prev"][0], h0)
