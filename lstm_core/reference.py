"""One step of the LSTM, the vanilla RNN and the GRU, written as the equations.

The weights are torch's: ``W_ih`` (G·H, I), ``W_hh`` (G·H, H), ``b_ih``, ``b_hh`` (G·H,),
their row blocks the gates in torch's order. Every step works on x_t (…, I) and h_prev
(…, H): leading batch axes, if any, come along by broadcasting.

LSTM, blocks (i, f, g, o)::

    i = σ(W_ii x_t + b_ii + W_hi h_prev + b_hi)      f, o: the same with their blocks
    g = tanh(W_ig x_t + b_ig + W_hg h_prev + b_hg)
    c = f ⊙ c_prev + i ⊙ g
    h = o ⊙ tanh(c)

Vanilla RNN: h = φ(W_ih x_t + b_ih + W_hh h_prev + b_hh), φ = tanh, relu or sigmoid.

GRU, blocks (r, z, n)::

    r = σ(W_ir x_t + b_ir + W_hr h_prev + b_hr)      z: the same with its block
    n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_prev + b_hn))
    h = (1 - z) ⊙ n + z ⊙ h_prev

This is the oracle the fast engine (:mod:`lstm_core.cells`) is tested against: the
same numbers, slowly and plainly. Each step returns its values by the names of the
engine's trace fields.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray
Bias = np.ndarray | float   # 0.0: a model without biases


def sigmoid(x: Array) -> Array:
    """σ(x) = 1 / (1 + exp(-x)), written as (1 + tanh(x / 2)) / 2: no overflow for any x."""
    return 0.5 * (1 + np.tanh(0.5 * x))


def relu(x: Array) -> Array:
    """max(x, 0)."""
    return np.maximum(x, 0)


RNN_PHI = {"tanh": np.tanh, "relu": relu, "sigmoid": sigmoid}


def lstm_step(x_t: Array, h_prev: Array, c_prev: Array, W_ih: Array, W_hh: Array,
              b_ih: Bias = 0.0, b_hh: Bias = 0.0) -> dict[str, Array]:
    """One LSTM step from (h_prev, c_prev): the pre-activations, gates, c, tanh(c) and h."""
    pre = x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh
    pre_i, pre_f, pre_g, pre_o = np.split(pre, 4, axis=-1)
    i, f, g, o = sigmoid(pre_i), sigmoid(pre_f), np.tanh(pre_g), sigmoid(pre_o)
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    h = o * tanh_c
    return {"pre_i": pre_i, "pre_f": pre_f, "pre_g": pre_g, "pre_o": pre_o,
            "i": i, "f": f, "g": g, "o": o, "c": c, "tanh_c": tanh_c, "h": h}


def rnn_step(x_t: Array, h_prev: Array, W_ih: Array, W_hh: Array, b_ih: Bias = 0.0, b_hh: Bias = 0.0,
             nonlinearity: str = "tanh") -> dict[str, Array]:
    """One vanilla RNN step: the pre-activation and h."""
    pre = x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh
    h = RNN_PHI[nonlinearity](pre)
    return {"pre": pre, "h": h}


def gru_step(x_t: Array, h_prev: Array, W_ih: Array, W_hh: Array,
             b_ih: Bias = 0.0, b_hh: Bias = 0.0) -> dict[str, Array]:
    """One GRU step: the pre-activations, hn = W_hn h_prev + b_hn, the gates r, z, n and h."""
    x_r, x_z, x_n = np.split(x_t @ W_ih.T + b_ih, 3, axis=-1)
    h_r, h_z, hn = np.split(h_prev @ W_hh.T + b_hh, 3, axis=-1)    # hn = W_hn h_prev + b_hn
    pre_r, pre_z = x_r + h_r, x_z + h_z
    r, z = sigmoid(pre_r), sigmoid(pre_z)
    pre_n = x_n + r * hn
    n = np.tanh(pre_n)
    h = (1 - z) * n + z * h_prev
    return {"pre_r": pre_r, "pre_z": pre_z, "pre_n": pre_n, "hn": hn, "r": r, "z": z, "n": n, "h": h}


def run(kind: str, state_dict: dict[str, Array], x: Array, h0: Array | None = None, c0: Array | None = None,
        nonlinearity: str = "tanh") -> tuple[Array, Array, Array | None, list[list[dict[str, Array]]]]:
    """A whole model, layer by layer, direction by direction, step by step.

    Args:
        kind: "lstm", "rnn" or "gru".
        state_dict: torch's names (``weight_ih_l0``, ``bias_hh_l1_reverse``, …); the
            number of layers and directions is read from them.
        x: time-major input (T, …, I); the axes between T and I are batch axes (none
            for one sequence).
        h0, c0: (L·D, …, H) initial states, index layer·D + direction; default zeros.
        nonlinearity: the RNN's φ.

    Returns:
        (output, h_n, c_n, steps): output (T, …, D·H), the last layer's h; h_n and c_n
        (L·D, …, H) (c_n None but for the LSTM); steps[layer][direction] a dict of the
        step values named as in :func:`lstm_step` etc., each (T, …, H) in input-time order.
    """
    step = {"lstm": lstm_step, "rnn": rnn_step, "gru": gru_step}[kind]
    options = {"nonlinearity": nonlinearity} if kind == "rnn" else {}
    L = sum(name.startswith("weight_ih_l") and not name.endswith("_reverse") for name in state_dict)
    D = 2 if "weight_ih_l0_reverse" in state_dict else 1
    T, H = len(x), state_dict["weight_hh_l0"].shape[1]
    if h0 is None:
        h0 = np.zeros((L * D, *x.shape[1:-1], H))
    if c0 is None:
        c0 = np.zeros_like(h0)
    h_n, c_n, steps = [], [], []
    layer_input = x
    for layer in range(L):
        steps.append([])
        for direction in range(D):
            suffix = f"_l{layer}" + ("_reverse" if direction else "")
            weights = {"W_ih": state_dict["weight_ih" + suffix], "W_hh": state_dict["weight_hh" + suffix],
                       "b_ih": state_dict.get("bias_ih" + suffix, 0.0),
                       "b_hh": state_dict.get("bias_hh" + suffix, 0.0)}
            h, c = h0[layer * D + direction], c0[layer * D + direction]
            values = [None] * T
            for t in (range(T) if direction == 0 else reversed(range(T))):
                state = (h, c) if kind == "lstm" else (h,)
                values[t] = step(layer_input[t], *state, **weights, **options)
                h, c = values[t]["h"], values[t].get("c")
            h_n.append(h)
            c_n.append(c)
            steps[layer].append({name: np.stack([v[name] for v in values]) for name in values[0]})
        layer_input = np.concatenate([d["h"] for d in steps[layer]], axis=-1)
    return layer_input, np.stack(h_n), np.stack(c_n) if kind == "lstm" else None, steps
