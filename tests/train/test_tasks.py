"""The three datasets: shapes, exact contents, seeding and the stated baselines."""

import numpy as np
import pytest

from lstm_core.tasks import adding_problem, long_range, next_char
from lstm_core.text import Vocabulary


def test_next_char_hello_is_hell_to_ello():
    x, y, vocab = next_char("hello")
    assert vocab.chars == ("h", "e", "l", "o")
    assert x.shape == (4, 1, 4) and y.shape == (4, 1)
    assert vocab.decode(x[:, 0]) == "hell"
    assert vocab.decode(y[:, 0]) == "ello"


def test_next_char_with_a_given_vocabulary():
    vocab = Vocabulary(["o", "l", "e", "h", "!"])
    x, y, v = next_char("hello", vocab)
    assert v is vocab and x.shape == (4, 1, 5)
    np.testing.assert_array_equal(y[:, 0], [2, 1, 1, 0])
    with pytest.raises(ValueError, match="at least 2"):
        next_char("h")
    with pytest.raises(ValueError, match="'z'"):
        next_char("hz", vocab)


def test_long_range_layout_and_answer():
    x, y = long_range(n=200, delay=7, n_symbols=3, n_distractors=5, seed=1)
    assert x.shape == (8, 200, 8) and y.shape == (200,)
    np.testing.assert_array_equal(x.sum(-1), 1.0)                # one-hot at every step
    np.testing.assert_array_equal(x[0].argmax(-1), y)             # the answer is step 0's symbol
    assert x[0, :, 3:].sum() == 0                                 # ... drawn from the signal alphabet
    assert x[1:, :, :3].sum() == 0                                # distractors never use it
    assert set(np.unique(y)) == {0, 1, 2}
    assert set(np.unique(x[1:].argmax(-1))) == {3, 4, 5, 6, 7}


def test_long_range_is_seeded_and_balanced():
    a = long_range(n=50, delay=4, seed=3)
    b = long_range(n=50, delay=4, seed=3)
    c = long_range(n=50, delay=4, seed=4)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])
    _, y = long_range(n=20000, delay=0, n_symbols=4, seed=0)
    # Chance accuracy is 1/n_symbols: every class is about equally frequent.
    np.testing.assert_allclose(np.bincount(y) / len(y), 0.25, atol=0.01)
    with pytest.raises(ValueError, match="delay"):
        long_range(n=5, delay=-1)


def test_adding_problem():
    x, y = adding_problem(n=300, T=20, seed=0)
    assert x.shape == (20, 300, 2) and y.shape == (300,)
    marks = x[..., 1]
    np.testing.assert_array_equal(marks.sum(0), 2.0)
    np.testing.assert_array_equal(marks[:10].sum(0), 1.0)        # one mark in each half
    np.testing.assert_allclose(y, (x[..., 0] * marks).sum(0), rtol=0, atol=1e-15)
    assert x[..., 0].min() >= 0 and x[..., 0].max() < 1


def test_adding_problem_baseline_is_one_sixth():
    _, y = adding_problem(n=50000, T=10, seed=2)
    np.testing.assert_allclose(np.mean((y - 1.0) ** 2), 1 / 6, rtol=0.02)
