"""Gradient flow through time: how much of a loss at the last step reaches each
earlier step — the vanishing-gradient lesson in numbers.

For one sequence x_0 … x_{T-1} and the loss L = Σ grad_h_T ⊙ h_{T-1} of the last
layer, :func:`gradient_flow` returns, for every step t (input time):

    dh_t = dL/dh_t = (dh_{T-1}/dh_t)ᵀ grad_h_T          (total gradient reaching h_t)
    dh_{T-1}/dh_t  = J_{T-1} ⋯ J_{t+1}                 (a product of step Jacobians)

For an RNN the step Jacobian is J_t = dh_t/dh_{t-1} = diag(φ'(a_t)) W_hh; its norm
below 1 at every step makes dh_t shrink geometrically. The LSTM's cell state adds
a second path, dc_{t-1} = f_t ⊙ dc_t, whose factor is the forget gate itself: with
f ≈ 1 the gradient survives over many steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .cells import RNN_NONLINEARITIES
from .recurrent import RNNBase, _as_finite, _check_shape
from .trace import LayerTrace


@dataclass(frozen=True)
class GradientFlow:
    """Result of :func:`gradient_flow`. Arrays are indexed by input time t = 0 … T-1.

    Attributes:
        kind: "lstm", "rnn" or "gru".
        activation: the RNN's nonlinearity ("tanh", "relu", "sigmoid"); None otherwise.
        layer: the analysed layer (the last one).
        grad_h_T: (H,) the weights of the loss L = Σ grad_h_T ⊙ h_{T-1}.
        dh: (T, H) dL/dh_t, the total gradient reaching h_t of the analysed layer.
        dh_norm: (T,) its Euclidean norm.
        dc: (T, H) LSTM: dL/dc_t (total: through h_t = o ⊙ tanh(c_t) and c_{t+1});
            None otherwise. ``dc_norm``: (T,) its norm, or None.
        dx_norm: (T,) the norm of dL/dx_t, through all layers.
        jac_h_norm: (T,) spectral norm of the step Jacobian dh_t/dh_{t-1} (for the LSTM
            with c_{t-1} held fixed, including the path through c_t; at t = 0 it is
            with respect to h0).
        jac_c_norm: (T,) LSTM: spectral norm of dc_t/dc_{t-1} = diag(f_t), i.e. max f_t.
        f: (T, H) LSTM forget gate.
        f_cumprod: (T, H) LSTM: f_{t+1} ⊙ … ⊙ f_{T-1} (1 at t = T-1), the factor the
            cell path applies between step t and the last step.
        jac_h_product_norm: (T,) spectral norm of dh_{T-1}/dh_t (1 at t = T-1); for the
            LSTM it is the product of joint (h, c) step Jacobians, so it includes the
            cell path.

    Overflowing values are returned as inf or nan (never raised).
    """

    kind: str
    activation: str | None
    layer: int
    grad_h_T: np.ndarray
    dh: np.ndarray
    dh_norm: np.ndarray
    dc: np.ndarray | None
    dc_norm: np.ndarray | None
    dx_norm: np.ndarray
    jac_h_norm: np.ndarray
    jac_c_norm: np.ndarray | None
    f: np.ndarray | None
    f_cumprod: np.ndarray | None
    jac_h_product_norm: np.ndarray


def vector_norm(v: ArrayLike) -> np.ndarray:
    """Euclidean norm along the last axis, computed as max|v| · ‖v / max|v|‖ so that
    finite entries above 1e154 do not overflow when squared; rows holding inf or NaN
    give inf or NaN, as they are."""
    v = np.asarray(v, dtype=np.float64)
    with np.errstate(all="ignore"):
        m = np.abs(v).max(axis=-1)
        ok = np.isfinite(m) & (m > 0)
        scaled = np.where(ok[..., None], v / np.where(ok, m, 1.0)[..., None], 0.0)
        return np.where(ok, m * np.linalg.norm(scaled, axis=-1), m)


def _spectral_norm(J: np.ndarray) -> np.ndarray:
    """Largest singular value of each (…, n, n) matrix; inf / nan where J is not finite."""
    norms = np.full(J.shape[:-2], np.nan)
    finite = np.isfinite(J).all(axis=(-2, -1))
    if finite.any():
        norms[finite] = np.linalg.svd(J[finite], compute_uv=False)[:, 0]
    has_inf = np.isinf(J).any(axis=(-2, -1)) & ~np.isnan(J).any(axis=(-2, -1))
    norms[has_inf] = np.inf
    return norms


def _step_jacobians(lt: LayerTrace, W_hh: np.ndarray, activation: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Per-step Jacobians of the analysed layer from its trace (B = 1).

    Returns (J_h, M): J_h (T, H, H) = dh_t/dh_{t-1}, and the Jacobians of the whole
    recurrent state, M (T, S, S): (h, c) for the LSTM (S = 2H), h otherwise."""
    H = lt.h.shape[-1]
    blocks = W_hh.reshape(-1, H, H)  # gate blocks of W_hh in torch order

    eye = np.eye(H)

    def rows(v: np.ndarray, W: np.ndarray) -> np.ndarray:                  # diag(v_t) W for every t: (T, H, H)
        return v[:, 0, :, None] * W

    if lt.kind == "rnn":             # h = φ(a):  dh/dh_prev = diag(φ'(a)) W_hh
        J_h = rows(RNN_NONLINEARITIES[activation][1](lt.h), blocks[0])
        return J_h, J_h
    if lt.kind == "gru":             # h = n + z ⊙ (h_prev - n)
        W_r, W_z, W_n = blocks
        tanh_n = 1 - lt.n ** 2       # n = tanh(… + r ⊙ hn),  hn = W_hn h_prev + b_hn
        dn = rows(tanh_n * lt.r, W_n) + rows(tanh_n * lt.hn * lt.r * (1 - lt.r), W_r)
        J_h = (rows(lt.z, eye) + rows(1 - lt.z, dn)
               + rows((lt.h_prev - lt.n) * lt.z * (1 - lt.z), W_z))
        return J_h, J_h
    W_i, W_f, W_g, W_o = blocks      # c = f ⊙ c_prev + i ⊙ g,  h = o ⊙ tanh(c)
    dc_dh = (rows(lt.g * lt.i * (1 - lt.i), W_i) + rows(lt.c_prev * lt.f * (1 - lt.f), W_f)
             + rows(lt.i * (1 - lt.g ** 2), W_g))
    dh_dc = lt.o * (1 - lt.tanh_c ** 2)                       # dh_t/dc_t (diagonal)
    J_h = rows(lt.tanh_c * lt.o * (1 - lt.o), W_o) + rows(dh_dc, dc_dh)
    T = lt.h.shape[0]
    M = np.empty((T, 2 * H, 2 * H))
    M[:, :H, :H] = J_h                                        # dh_t/dh_{t-1}
    M[:, :H, H:] = rows(dh_dc * lt.f, eye)                    # dh_t/dc_{t-1}
    M[:, H:, :H] = dc_dh                                      # dc_t/dh_{t-1}
    M[:, H:, H:] = rows(lt.f, eye)                            # dc_t/dc_{t-1}
    return J_h, M


def gradient_flow(model: RNNBase, x: ArrayLike, hx=None, grad_h_T: ArrayLike | None = None) -> GradientFlow:
    """Gradient flow of a loss at the last step back through time.

    The loss is L = Σ grad_h_T ⊙ h_{T-1} on the LAST layer's hidden state at the
    last step. The recurrence analysed (dh, dc, the step Jacobians) is that last
    layer's; dL/dx_t is taken through all layers. The model runs in evaluation
    mode (no dropout; its mode is restored after) and its backward cache then
    belongs to this call.

    Args:
        model: an :class:`~lstm_core.LSTM`, :class:`~lstm_core.RNN` or
            :class:`~lstm_core.GRU` with one direction (any number of layers).
        x: one sequence, (T, I), or (T, 1, I) — time-major even with batch_first.
        hx: optional initial state(s) for that sequence, (L, H) (LSTM: a tuple
            (h0, c0)); (L, 1, H) with a 3-D x.
        grad_h_T: (H,) the loss weights; default ones(H)/√H, a unit vector, so the
            norms read as ratios to the gradient at the last step.

    Returns:
        :class:`GradientFlow`.
    """
    if not isinstance(model, RNNBase):
        raise ValueError(f"model must be an LSTM, RNN or GRU, got {type(model).__name__}")
    if model.bidirectional:
        raise ValueError("gradient_flow analyses one direction; got a bidirectional model")
    n_in, H = model.input_size, model.hidden_size
    expected = f"(T, {n_in}) or (T, 1, {n_in})"
    x = _as_finite("x", x, model.dtype, expected)
    if x.ndim == 3 and x.shape[1:] == (1, n_in):   # one batch row: states (L, 1, H)
        x = x[:, 0]
        h0, c0 = model._check_hx(hx, 1, batched=True)
        hx = h0[:, 0] if c0 is None else (h0[:, 0], c0[:, 0])
    if x.ndim != 2 or x.shape[1] != n_in or x.shape[0] == 0:
        raise ValueError(f"x has shape {x.shape}, expected {expected}: one sequence")
    if grad_h_T is None:
        grad_h_T = np.full(H, 1 / np.sqrt(H))
    grad_h_T = _as_finite("grad_h_T", grad_h_T, model.dtype, (H,))
    _check_shape("grad_h_T", grad_h_T, (H,))

    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        return _analyse(model, x, hx, grad_h_T)


def _analyse(model: RNNBase, x: np.ndarray, hx, grad_h_T: np.ndarray) -> GradientFlow:
    H, L = model.hidden_size, model.num_layers
    training = model.training
    model.eval()
    try:
        output, _, trace = model(x, hx, return_trace=True)
    finally:
        model.train(training)
    T = x.shape[0]
    grad_h_n = np.zeros((L, H), model.dtype)
    grad_h_n[-1] = grad_h_T
    grads = model.backward(np.zeros_like(output), grad_h_n)
    cache = model._cache["layers"][-1][0]    # the last layer again, to keep dh_t and dc_t
    lstm = model.mode == "lstm"
    back = model.cell.backward(cache, cache["W_hh"], np.zeros((T, 1, H), model.dtype),
                               grad_h_T[None], np.zeros((1, H), model.dtype) if lstm else None)

    lt = trace[-1]
    activation = getattr(model.cell, "nonlinearity", None)
    W_hh = model.parameters()[f"weight_hh_l{L - 1}"].astype(np.float64)
    J_h, M = _step_jacobians(lt, W_hh, activation)
    S = M.shape[-1]
    products = np.empty((T, S, S))           # dS_{T-1}/dS_t, S the recurrent state
    products[-1] = np.eye(S)
    for t in range(T - 2, -1, -1):
        products[t] = products[t + 1] @ M[t + 1]
    dh = back["dh"][:, 0].astype(np.float64)
    dc = back["dc"][:, 0].astype(np.float64) if lstm else None
    f = lt.f[:, 0].astype(np.float64) if lstm else None
    f_cumprod = None
    if lstm:
        f_cumprod = np.ones((T, H))
        f_cumprod[:-1] = np.cumprod(f[:0:-1], axis=0)[::-1]
    return GradientFlow(
        kind=model.mode, activation=activation, layer=L - 1,
        grad_h_T=grad_h_T.astype(np.float64),
        dh=dh, dh_norm=vector_norm(dh),
        dc=dc, dc_norm=None if dc is None else vector_norm(dc),
        dx_norm=vector_norm(grads["input"]),
        jac_h_norm=_spectral_norm(J_h),
        jac_c_norm=f.max(axis=1) if lstm else None,
        f=f, f_cumprod=f_cumprod,
        jac_h_product_norm=_spectral_norm(products[:, :H, :H]),
    )
