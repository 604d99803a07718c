"""Datasets made in code, seeded, in the engine's default layout (time first: x is (T, B, I)).

Three tasks, from easy to the one that separates an LSTM from a vanilla RNN:

* :func:`next_char` — read a text one character at a time and predict the next one at
  every step ("hell" → "ello"): many-to-many, the step page's model.
* :func:`long_range` — remember the first symbol through ``delay`` random distractors
  and name it at the end: many-to-one. Nothing after step 0 carries information about
  the answer, so a model that cannot carry a gradient back ``delay`` steps learns
  nothing and stays at chance, ``1 / n_symbols``.
* :func:`adding_problem` — Hochreiter & Schmidhuber's (1997) adding problem: add the
  two marked numbers of a long sequence. Regression; predicting the constant 1 scores a
  mean squared error of 1/6 (the variance of a sum of two U(0, 1) numbers).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .text import Vocabulary, one_hot


class NextChar(NamedTuple):
    """x (T, 1, V) one-hot inputs, y (T, 1) target indices, and the vocabulary used."""

    x: np.ndarray
    y: np.ndarray
    vocab: Vocabulary


def next_char(text: str, vocab: Vocabulary | None = None, dtype=np.float64) -> NextChar:
    """Next-character pairs of ``text``: input symbol t, target symbol t + 1.

    For ``hello``: inputs ``hell`` and targets ``ello`` (T = 4), as one batch row.
    ``vocab`` defaults to the text's own (order of first appearance); a given vocabulary
    must hold every symbol of the text.
    """
    vocab = Vocabulary.from_text(text) if vocab is None else vocab
    k = vocab.encode(text)
    if len(k) < 2:
        raise ValueError(f"text must hold at least 2 characters to predict a next one, got {text!r}")
    x = one_hot(k[:-1, None], len(vocab), dtype=dtype)
    return NextChar(x, k[1:, None], vocab)


def long_range(n: int, delay: int, n_symbols: int = 4, n_distractors: int = 4, seed=0, dtype=np.float64):
    """The memory task: x (delay + 1, n, n_symbols + n_distractors), y (n,).

    Step 0 shows a signal symbol s ∈ {0, …, n_symbols − 1} (one-hot in the first
    ``n_symbols`` inputs); steps 1 … delay show distractors drawn uniformly from a
    separate alphabet of ``n_distractors`` symbols (the remaining inputs). The target is
    s, read at the last step. This is the "noisy sequence" set-up of Hochreiter &
    Schmidhuber (1997), experiment 2: distractors are random, so only a memory of step 0
    beats chance. Chance accuracy is ``1 / n_symbols`` (0.25 with the defaults).
    """
    for name, value, low in (("n", n, 1), ("delay", delay, 0), ("n_symbols", n_symbols, 2),
                             ("n_distractors", n_distractors, 1)):
        if not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an integer ≥ {low}, got {value!r}")
    rng = np.random.default_rng(seed)
    s = rng.integers(n_symbols, size=n)
    distractors = n_symbols + rng.integers(n_distractors, size=(delay, n))
    x = one_hot(np.concatenate([s[None, :], distractors]), n_symbols + n_distractors, dtype=dtype)
    return x, s


def adding_problem(n: int, T: int, seed=0, dtype=np.float64):
    """The adding problem: x (T, n, 2), y (n,) = the sum of the two marked values.

    Channel 0 holds values drawn from U(0, 1); channel 1 marks exactly two steps with 1,
    one in each half of the sequence, so the first number must be held for about T / 2
    steps. This is the form of Le, Jaitly & Hinton (2015) of Hochreiter & Schmidhuber's
    (1997) experiment 4 (which used values in [−1, 1] and an affine target). Predicting
    the constant 1 scores a mean squared error of 1/6; that is the bar to beat.
    """
    for name, value, low in (("n", n, 1), ("T", T, 2)):
        if not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an integer ≥ {low}, got {value!r}")
    rng = np.random.default_rng(seed)
    values = rng.random((T, n))
    first = rng.integers(T // 2, size=n)
    second = rng.integers(T // 2, T, size=n)
    marks = np.zeros((T, n))
    batch = np.arange(n)
    marks[first, batch] = 1.0
    marks[second, batch] = 1.0
    y = values[first, batch] + values[second, batch]
    return np.stack([values, marks], axis=-1).astype(dtype), y.astype(dtype)
