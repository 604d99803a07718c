"""SGD, Adam and global-norm clipping: the update formulas, exactly, and their determinism."""

import math

import numpy as np
import pytest

from lstm_core.optim import SGD, Adam, clip_grad_norm


def _params(seed=0):
    rng = np.random.default_rng(seed)
    return {"W": rng.normal(size=(3, 2)), "b": rng.normal(size=3)}


def _grad_sequence(n, seed=1):
    rng = np.random.default_rng(seed)
    return [{"W": rng.normal(size=(3, 2)), "b": rng.normal(size=3)} for _ in range(n)]


def test_sgd_momentum_follows_the_heavy_ball_recurrence():
    params = _params()
    start = {k: v.copy() for k, v in params.items()}
    opt = SGD(params, lr=0.1, momentum=0.9)
    grads = _grad_sequence(3)
    for g in grads:
        opt.step(g)
    # v1 = g1, v2 = 0.9 g1 + g2, v3 = 0.81 g1 + 0.9 g2 + g3; p = p0 - 0.1 (v1 + v2 + v3)
    for k in params:
        g1, g2, g3 = (g[k] for g in grads)
        expected = start[k] - 0.1 * (g1 + (0.9 * g1 + g2) + (0.81 * g1 + 0.9 * g2 + g3))
        np.testing.assert_allclose(params[k], expected, rtol=1e-13, atol=1e-14)


def test_plain_sgd_is_gradient_descent():
    params = _params()
    start = params["W"].copy()
    g = _grad_sequence(1)[0]
    SGD(params, lr=0.5).step(g)
    np.testing.assert_array_equal(params["W"], start - 0.5 * g["W"])


def test_adam_matches_the_papers_formula():
    lr, beta1, beta2, eps = 0.01, 0.9, 0.999, 1e-8
    params = _params()
    ref = {k: v.copy() for k, v in params.items()}
    m = {k: np.zeros_like(v) for k, v in ref.items()}
    v = {k: np.zeros_like(x) for k, x in ref.items()}
    opt = Adam(params, lr=lr, betas=(beta1, beta2), eps=eps)
    for t, g in enumerate(_grad_sequence(5), start=1):
        opt.step(g)
        for k in ref:
            m[k] = beta1 * m[k] + (1 - beta1) * g[k]
            v[k] = beta2 * v[k] + (1 - beta2) * g[k] ** 2
            m_hat, v_hat = m[k] / (1 - beta1**t), v[k] / (1 - beta2**t)
            ref[k] = ref[k] - lr * m_hat / (np.sqrt(v_hat) + eps)
    for k in ref:
        np.testing.assert_allclose(params[k], ref[k], rtol=1e-13, atol=1e-15)


def test_adam_first_step_moves_every_weight_by_lr():
    params = _params()
    start = params["W"].copy()
    g = _grad_sequence(1)[0]
    Adam(params, lr=0.03).step(g)
    np.testing.assert_allclose(start - params["W"], 0.03 * np.sign(g["W"]), rtol=1e-6)


@pytest.mark.parametrize("make", [lambda p: SGD(p, lr=0.1, momentum=0.5), lambda p: Adam(p, lr=0.1)])
def test_optimisers_minimise_a_quadratic(make):
    target = {"W": np.full((3, 2), 2.0), "b": np.arange(3.0)}
    params = _params()
    opt = make(params)
    for _ in range(300):
        opt.step({k: params[k] - target[k] for k in params})   # gradient of ½‖p − p*‖²
    for k in params:
        np.testing.assert_allclose(params[k], target[k], atol=1e-3)


def test_updates_are_in_place_and_reproducible_to_the_bit():
    runs = []
    for _ in range(2):
        params = _params()
        W = params["W"]
        opt = Adam(params, lr=0.05)
        for g in _grad_sequence(20):
            opt.step(g)
        assert params["W"] is W
        runs.append(params)
    for k in runs[0]:
        assert runs[0][k].tobytes() == runs[1][k].tobytes()


def test_optimisers_refuse_bad_settings_and_mismatched_grads():
    with pytest.raises(ValueError, match="lr"):
        Adam(_params(), lr=0)
    with pytest.raises(ValueError, match="momentum"):
        SGD(_params(), lr=0.1, momentum=1.0)
    with pytest.raises(ValueError, match="betas"):
        Adam(_params(), betas=(0.9, 1.0))
    opt = SGD(_params(), lr=0.1)
    with pytest.raises(ValueError, match="missing"):
        opt.step({"W": np.zeros((3, 2))})
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        opt.step({"W": np.zeros((3, 2)), "b": np.zeros(4)})


def test_clip_grad_norm_scales_to_max_norm_and_returns_the_norm_before():
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[0.0], [4.0]])}
    norm = clip_grad_norm(grads, max_norm=1.0)
    assert norm == 5.0
    clipped = math.sqrt(sum(float((g**2).sum()) for g in grads.values()))
    assert clipped == pytest.approx(1.0, rel=1e-6)
    np.testing.assert_allclose(grads["a"], [0.6, 0.0], rtol=1e-6)    # direction kept


def test_clip_grad_norm_leaves_small_gradients_alone():
    grads = {"a": np.array([0.3, 0.4])}
    assert clip_grad_norm(grads, max_norm=1.0) == pytest.approx(0.5)
    np.testing.assert_array_equal(grads["a"], [0.3, 0.4])
    with pytest.raises(ValueError, match="max_norm"):
        clip_grad_norm(grads, 0.0)
