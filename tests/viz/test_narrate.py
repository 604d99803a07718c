"""Plain readings of the numbers: the right unit, the right percentages, both languages."""

from __future__ import annotations

import re

import numpy as np

from lstm_viz import narrate
from lstm_viz.i18n import Translator
from lstm_viz.notation import number

EN, KO = Translator("en"), Translator("ko")
STEP = {
    "f": np.array([0.93, 0.12, 0.5]), "i": np.array([0.9, 0.1, 0.5]), "g": np.array([-0.8, 0.9, 0.1]),
    "o": np.array([0.5, 0.99, 0.2]), "c_prev": np.array([0.0, 1.0, 0.0]), "c": np.array([-0.72, 0.21, 0.05]),
    "tanh_c": np.tanh(np.array([-0.72, 0.21, 0.05])),
}
STEP["h"] = STEP["o"] * STEP["tanh_c"]


def test_forget_names_the_unit_that_keeps_most_and_least():
    assert narrate.forget(STEP, EN) == "Unit 1 keeps **93%** of its long-term memory; unit 2 keeps only **12%**."
    assert narrate.forget({"f": np.array([0.5])}, EN) == "The unit keeps **50%** of its long-term memory."
    assert "유닛 1번" in narrate.forget(STEP, KO) and "93%" in narrate.forget(STEP, KO)


def test_input_update_and_output_pick_the_largest_effect():
    assert narrate.write(STEP, EN).startswith("Unit 1 writes the most") and "**−0.720**" in narrate.write(STEP, EN)
    assert narrate.update(STEP, EN) == "Unit 2's memory changes the most: from 1.000 to **0.210**."
    assert narrate.output(STEP, EN).startswith("Unit 1 shows the most")


def test_the_mistake_reading_gives_both_results():
    text = narrate.mistake(STEP, EN)
    wrong = STEP["o"] * STEP["c"]
    k = int(np.abs(wrong - STEP["h"]).argmax())
    assert f"**{number(STEP['h'][k])}**" in text and f"**{number(wrong[k])}**" in text


def test_korean_puts_no_particle_right_after_a_number():
    sentences = [f(STEP, KO) for f in (narrate.forget, narrate.write, narrate.update, narrate.output, narrate.mistake)]
    for sentence in sentences:
        assert not re.search(r"\d\**(은|는|이|가|을|를|으로|로|과|와)\b", sentence), sentence


def test_bold_closes_where_markdown_allows_it():
    """CommonMark: ** after punctuation closes only before a space or punctuation, so
    "**98%**를" would show its asterisks; Korean templates bold the particle with the number."""
    for tr in (EN, KO):
        for f in (narrate.forget, narrate.write, narrate.update, narrate.output, narrate.mistake):
            sentence = f(STEP, tr)
            for match in re.finditer(r"\*\*([^*]+)\*\*", sentence):
                after = sentence[match.end():match.end() + 1]
                assert not (re.match(r"[^\w\s]", match.group(1)[-1]) and after.isalnum()), sentence


def test_readout_is_exact_and_escapes_markdown():
    assert narrate.readout(EN, 3, 5, "l") == "t = 3 / 5 · input 'l'"
    assert narrate.readout(KO, 3, 5, "l") == "t = 3 / 5 · 입력 'l'"
    assert narrate.readout(EN, 1, 1, "*") == "t = 1 / 1 · input '*'"  # plain text: escaped where it is drawn
    assert narrate.readout(EN, 1, 1, " ") == "t = 1 / 1 · input '␣'"
