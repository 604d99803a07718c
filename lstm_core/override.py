"""An LSTM layer whose gates you may take into your own hands.

The playground page asks "what if the forget gate were exactly 1 from step 2 on?" This
module answers with the equations of :func:`lstm_core.reference.lstm_step`, one step at
a time: the model computes its pre-activations and gates as usual, then every gate you
fixed is replaced by your value before the cell state and the hidden state are formed::

    f = σ(W_if x_t + b_if + W_hf h_prev + b_hf)     unless f is fixed at this step
    (i, g, o the same)
    c = f ⊙ c_prev + i ⊙ g
    h = o ⊙ tanh(c)

With nothing fixed the numbers are :func:`lstm_core.reference.run`'s, bit for bit.

An override of one gate is either a :class:`Fixed` schedule (a value from a step on, and
optionally another value before it) or an array of shape (T,) or (T, H) whose NaN
entries mean "the model's own value". Steps count from 1, as the t of the equations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .reference import lstm_step

GATES = ("f", "i", "g", "o")
GATE_RANGE = {"f": (0.0, 1.0), "i": (0.0, 1.0), "g": (-1.0, 1.0), "o": (0.0, 1.0)}  # σ on [0, 1]; tanh on [−1, 1]
RUN_FIELDS = ("pre_f", "pre_i", "pre_g", "pre_o", "f", "i", "g", "o", "c", "tanh_c", "h", "h_prev", "c_prev", "x",
              "model_f", "model_i", "model_g", "model_o", "fixed_f", "fixed_i", "fixed_g", "fixed_o")


@dataclass(frozen=True)
class Fixed:
    """A gate held at ``value`` from time step ``start`` on (1 = every step); on the steps
    before ``start`` it is ``before`` (a number), or the model's own value if ``before`` is None.

    ``Fixed(1.0, start=2)``: the model decides at step 1, then the gate is 1.
    ``Fixed(0.0, start=2, before=1.0)``: 1 at step 1, 0 from step 2 on.
    """

    value: float
    start: int = 1
    before: float | None = None

    def per_step(self, T: int) -> np.ndarray:
        """The value at each of the T steps, NaN where the model decides."""
        if self.start < 1:
            raise ValueError(f"start counts time steps from 1, got {self.start}")
        values = np.full(T, np.nan if self.before is None else float(self.before))
        values[self.start - 1:] = float(self.value)
        return values


Override = Fixed | np.ndarray


def schedule(name: str, override: Override, T: int, H: int) -> np.ndarray:
    """One gate's override as a (T, H) array: a fixed value, or NaN where the model decides."""
    if name not in GATE_RANGE:
        raise ValueError(f"gate must be one of {GATES}, got {name!r}")
    values = override.per_step(T) if isinstance(override, Fixed) else np.asarray(override, dtype=float)
    if values.shape == (T,):
        values = values[:, None]
    try:
        values = np.broadcast_to(values, (T, H)).astype(float)
    except ValueError:
        raise ValueError(f"override of {name} must be shaped (T,) or (T, H) = ({T}, {H}), got {values.shape}") from None
    lo, hi = GATE_RANGE[name]
    chosen = values[~np.isnan(values)]
    if np.any((chosen < lo) | (chosen > hi)):
        raise ValueError(f"a fixed {name} must lie in [{lo:g}, {hi:g}], got {chosen.min():g} … {chosen.max():g}")
    return values


def _single_layer(state_dict: Mapping[str, np.ndarray]) -> dict[str, np.ndarray | float]:
    names = set(state_dict)
    if "weight_ih_l0" not in names or any(n.endswith("_reverse") or "_l1" in n for n in names):
        raise ValueError("run_with_gates takes the state_dict of a one-layer, one-direction LSTM")
    W_ih, W_hh = (np.asarray(state_dict[k], dtype=float) for k in ("weight_ih_l0", "weight_hh_l0"))
    if W_ih.shape[0] != 4 * W_hh.shape[1] or W_hh.shape[0] != W_ih.shape[0]:
        raise ValueError(f"not LSTM weights: weight_ih_l0 {W_ih.shape}, weight_hh_l0 {W_hh.shape}")
    return {"W_ih": W_ih, "W_hh": W_hh, "b_ih": state_dict.get("bias_ih_l0", 0.0),
            "b_hh": state_dict.get("bias_hh_l0", 0.0)}


def run_with_gates(state_dict: Mapping[str, np.ndarray], x: np.ndarray,
                   overrides: Mapping[str, Override] | None = None,
                   h0: np.ndarray | None = None, c0: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Run a one-layer LSTM over one sequence with some gates fixed by hand.

    Args:
        state_dict: torch's names and layouts (``weight_ih_l0`` (4H, I), ``weight_hh_l0``
            (4H, H), ``bias_ih_l0``, ``bias_hh_l0``), e.g. ``LSTM(...).state_dict()``.
        x: (T, I), one sequence, time first.
        overrides: gate name (``"f"``, ``"i"``, ``"g"``, ``"o"``) → :class:`Fixed` or a
            (T,) / (T, H) array, NaN where the model decides. σ gates take values in
            [0, 1], the candidate g in [−1, 1].
        h0, c0: (H,) initial states; zeros by default.

    Returns:
        A dict of (T, H) arrays named as the trace's fields: ``pre_f`` … ``pre_o`` (the
        model's pre-activations), ``f, i, g, o`` (the values used), ``c, tanh_c, h``,
        ``h_prev, c_prev``; ``x`` (T, I); ``model_f`` … ``model_o``, the model's own gate
        values at each step (from the same h_prev); ``fixed_f`` … ``fixed_o``, boolean
        masks of the entries you fixed. Row t − 1 is time step t.
    """
    weights = _single_layer(state_dict)
    x = np.asarray(x, dtype=float)
    H = weights["W_hh"].shape[1]
    if x.ndim != 2 or x.shape[1] != weights["W_ih"].shape[1]:
        raise ValueError(f"x must be shaped (T, {weights['W_ih'].shape[1]}), got {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("x must be finite")
    T = len(x)
    plan = {name: schedule(name, override, T, H) for name, override in (overrides or {}).items()}
    h = np.zeros(H) if h0 is None else np.asarray(h0, dtype=float)
    c = np.zeros(H) if c0 is None else np.asarray(c0, dtype=float)
    steps = []
    for t in range(T):
        step = lstm_step(x[t], h, c, **weights)
        step.update(h_prev=h, c_prev=c, x=x[t])
        for name in GATES:
            step["model_" + name] = step[name]
            step["fixed_" + name] = np.zeros(H, dtype=bool)
        if plan:
            for name, values in plan.items():
                mask = ~np.isnan(values[t])
                step[name] = np.where(mask, values[t], step[name])
                step["fixed_" + name] = mask
            f, i, g, o = (step[name] for name in GATES)
            step["c"] = c_new = f * c + i * g  # the same lines as reference.lstm_step
            step["tanh_c"] = tanh_c = np.tanh(c_new)
            step["h"] = o * tanh_c
        h, c = step["h"], step["c"]
        steps.append(step)
    if T == 0:
        return {name: np.zeros((0, x.shape[1] if name == "x" else H)) for name in RUN_FIELDS}
    return {name: np.stack([step[name] for step in steps]) for name in RUN_FIELDS}


def at_step(run: Mapping[str, np.ndarray], t: int) -> dict[str, np.ndarray]:
    """Every vector of a run at time step ``t`` (counted from 1)."""
    return {name: values[t - 1] for name, values in run.items()}
