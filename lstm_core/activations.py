"""Numerically stable activations and their derivatives.

Every function accepts any finite input without overflow warnings (|x| = 1e4 is
fine) and keeps the dtype of a floating-point input. The derivatives are written
in terms of the activation's *output*, as backpropagation uses them:

    σ'(x) = s (1 - s)          with s = σ(x)
    tanh'(x) = 1 - t²          with t = tanh(x)
    relu'(x) = [y > 0]         with y = relu(x)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def sigmoid(x: ArrayLike, out: np.ndarray | None = None) -> np.ndarray:
    """Logistic sigmoid σ(x) = 1 / (1 + exp(-x)).

    Computed as (1 + tanh(x / 2)) / 2, which never overflows and is accurate to
    about 1e-16 absolute (for x < -37, where σ(x) < 1e-16, it gives 0). With ``out``
    the result is written into that array (it may be ``x`` itself).
    """
    if out is None:
        return 0.5 * np.tanh(0.5 * np.asarray(x)) + 0.5
    np.multiply(x, 0.5, out=out)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out


def sigmoid_grad(s: np.ndarray) -> np.ndarray:
    """σ'(x) from the output s = σ(x): s (1 - s)."""
    return s * (1 - s)


def tanh(x: ArrayLike, out: np.ndarray | None = None) -> np.ndarray:
    """Hyperbolic tangent (NumPy's tanh saturates cleanly to ±1)."""
    return np.tanh(x, out=out)


def tanh_grad(t: np.ndarray) -> np.ndarray:
    """tanh'(x) from the output t = tanh(x): 1 - t²."""
    return 1 - t * t


def relu(x: ArrayLike, out: np.ndarray | None = None) -> np.ndarray:
    """Rectified linear unit max(x, 0)."""
    return np.maximum(x, 0, out=out)


def relu_grad(y: ArrayLike) -> np.ndarray:
    """relu'(x) from the output y = relu(x): 1 where y > 0, else 0 (as PyTorch)."""
    y = np.asarray(y)
    return (y > 0).astype(y.dtype)


def softmax(x: ArrayLike, axis: int = -1) -> np.ndarray:
    """softmax(x)_k = exp(x_k) / Σ_j exp(x_j) along ``axis``, shifted by the max."""
    x = np.asarray(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x: ArrayLike, axis: int = -1) -> np.ndarray:
    """log softmax(x) = x - max(x) - log Σ exp(x - max(x)), exact in the tails."""
    x = np.asarray(x)
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
