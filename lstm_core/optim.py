"""Optimisers that update a model's parameters in place, written as PyTorch writes them.

Each optimiser holds the dict of live parameter arrays (``model.parameters()``) and, on
``step(grads)``, changes those arrays in place — the model sees the new weights without
any copying back. The update formulas and their order of floating-point operations follow
``torch.optim.SGD`` and ``torch.optim.Adam`` (single-tensor path), so a student's PyTorch
run and this one differ only by rounding. Nothing here is random: the same gradients give
the same weights, bit for bit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np


def _check_grads(params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> None:
    missing = [name for name in params if name not in grads]
    if missing:
        raise ValueError(f"grads is missing the gradients of {missing}")
    for name, p in params.items():
        if grads[name].shape != p.shape:
            raise ValueError(f"grads[{name!r}] must have shape {p.shape}, got {grads[name].shape}")


def _check_lr(lr: float) -> float:
    if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a finite number > 0, got {lr!r}")
    return float(lr)


class SGD:
    """Stochastic gradient descent with (heavy-ball) momentum μ, PyTorch's form:

        v ← μ·v + g        p ← p − lr·v

    With μ = 0 this is plain p ← p − lr·g. The first step sets v = g, as PyTorch does.
    """

    def __init__(self, params: Mapping[str, np.ndarray], lr: float, momentum: float = 0.0):
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must lie in [0, 1), got {momentum!r}")
        self.params = dict(params)
        self.lr = _check_lr(lr)
        self.momentum = float(momentum)
        self.velocity: dict[str, np.ndarray] = {}

    def step(self, grads: Mapping[str, np.ndarray]) -> None:
        """Apply one update to every parameter, in place."""
        _check_grads(self.params, grads)
        for name, p in self.params.items():
            g = grads[name]
            if self.momentum:
                v = self.velocity.get(name)
                if v is None:
                    v = self.velocity[name] = g.copy()
                else:
                    v *= self.momentum
                    v += g
                g = v
            p -= self.lr * g


class Adam:
    """Adam (Kingma & Ba, 2015), with PyTorch's bias correction and order of operations:

        m ← m + (1 − β₁)(g − m)      v ← β₂·v + (1 − β₂)·g²
        p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)

    m averages the gradient (direction), v its square (scale), so every weight moves by
    about ``lr`` per step whatever its gradient's size — which is why one learning rate
    suits both a 4-symbol "hello" and a 64-character sentence.
    """

    def __init__(self, params: Mapping[str, np.ndarray], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8):
        beta1, beta2 = betas
        if not (0.0 <= beta1 < 1.0 and 0.0 <= beta2 < 1.0):
            raise ValueError(f"betas must lie in [0, 1), got {betas!r}")
        if not eps >= 0:
            raise ValueError(f"eps must be ≥ 0, got {eps!r}")
        self.params = dict(params)
        self.lr = _check_lr(lr)
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)
        self.t = 0
        self.m = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.v = {name: np.zeros_like(p) for name, p in self.params.items()}

    def step(self, grads: Mapping[str, np.ndarray]) -> None:
        """Apply one update to every parameter, in place."""
        _check_grads(self.params, grads)
        self.t += 1
        step_size = self.lr / (1 - self.beta1**self.t)
        sqrt_correction2 = math.sqrt(1 - self.beta2**self.t)
        for name, p in self.params.items():
            g, m, v = grads[name], self.m[name], self.v[name]
            m += (1 - self.beta1) * (g - m)
            v *= self.beta2
            v += (1 - self.beta2) * (g * g)
            denom = np.sqrt(v)
            denom /= sqrt_correction2
            denom += self.eps
            p -= step_size * (m / denom)


def clip_grad_norm(grads: Mapping[str, np.ndarray], max_norm: float) -> float:
    """Scale all gradients together so their global L2 norm is at most ``max_norm``.

    The global norm ‖g‖ = √(Σ over all arrays of Σ g²) treats every parameter as one long
    vector, so clipping shortens the step without turning it (unlike clipping each value).
    Scales in place by ``max_norm / (‖g‖ + 1e-6)`` when ‖g‖ > max_norm, as
    ``torch.nn.utils.clip_grad_norm_`` does, and returns ‖g‖ before clipping — the number a
    training curve plots to show exploding gradients.
    """
    if not max_norm > 0:
        raise ValueError(f"max_norm must be > 0, got {max_norm!r}")
    norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    if norm > max_norm:
        scale = max_norm / (norm + 1e-6)
        for g in grads.values():
            g *= scale
    return norm
