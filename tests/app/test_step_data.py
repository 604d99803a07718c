"""The step page's numbers are lstm_core's numbers (random and trained models)."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_core import LSTM, Vocabulary, fit_next_char, one_hot
from lstm_core.override import at_step
from ui.step_data import View, step_run, trainable


def test_random_weights_match_a_fresh_engine_run():
    data = step_run(View("hello", 4, 2, 7, "random"))
    vocab = Vocabulary.from_text("hello")
    _, _, trace = LSTM(len(vocab), 4, num_layers=2, seed=7)(one_hot(vocab.encode("hello"), len(vocab)),
                                                             return_trace=True)
    assert data["symbols"] == list("hello") and data["vocab"] == ["h", "e", "l", "o"]
    assert data["probs"] is None and data["history"] is None
    for layer, expected in zip(data["layers"], trace, strict=True):
        for name in ("f", "i", "g", "o", "c", "h", "tanh_c", "pre_f", "h_prev", "c_prev", "x"):
            np.testing.assert_array_equal(layer[name], getattr(expected, name)[:, 0])
    np.testing.assert_array_equal(data["layers"][1]["x"], trace[0].h[:, 0])  # layer 2 reads layer 1's h


def test_trained_model_matches_fit_next_char_and_predicts_the_sequence():
    data = step_run(View("hello", 4, 1, 0, "trained"))
    model, history = fit_next_char("hello", hidden_size=4, num_layers=1, cell="lstm", seed=0)
    x = one_hot(model.vocab.encode("hello"), len(model.vocab))
    _, _, trace = model.rnn(x, return_trace=True)
    np.testing.assert_array_equal(data["layers"][0]["c"], trace[0].c[:, 0])
    np.testing.assert_allclose(data["probs"], model.predict_proba(x))
    assert data["history"]["accuracy"] == history[-1].accuracy == 1.0
    next_chars = [data["vocab"][k] for k in data["probs"][:-1].argmax(axis=1)]
    assert next_chars == list("ello")


def test_any_unicode_text_steps_by_visible_character():
    data = step_run(View("안녕 👍🏽!", 3, 1, 0, "random"))
    assert data["symbols"] == ["안", "녕", " ", "👍🏽", "!"]
    assert data["x"].shape == (5, 5) and data["layers"][0]["h"].shape == (5, 3)


@pytest.mark.parametrize(("text", "ok"), [("a", False), ("ab", True), ("", False)])
def test_only_two_or_more_characters_can_be_trained(text, ok):
    assert trainable(list(text)) is ok


def test_at_step_counts_from_one():
    data = step_run(View("hey", 2, 1, 0, "random"))
    step = at_step(data["layers"][0], 1)
    np.testing.assert_array_equal(step["h"], data["layers"][0]["h"][0])
    np.testing.assert_array_equal(step["h_prev"], np.zeros(2))
