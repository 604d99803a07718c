"""The numerical gradient every finite-difference test compares with."""

from collections.abc import Callable

import numpy as np

EPS = 1e-6


def numerical_gradient(f: Callable[[], object], array: np.ndarray, eps: float = EPS) -> np.ndarray:
    """Central differences (f(a + ε) − f(a − ε)) / 2ε of ``f()`` with respect to every entry
    of ``array``, which is perturbed in place one entry at a time (and restored): ``f``
    must read it. ``f`` returns a number or an array; the result has the shape
    ``array.shape + shape of f()``: the gradient of a scalar, else the Jacobian's
    transpose."""
    grad = None
    for idx in np.ndindex(array.shape):
        old = array[idx]
        array[idx] = old + eps
        up = np.asarray(f(), dtype=np.float64)
        array[idx] = old - eps
        down = np.asarray(f(), dtype=np.float64)
        array[idx] = old
        if grad is None:
            grad = np.empty(array.shape + up.shape)
        grad[idx] = (up - down) / (2 * eps)
    return grad
