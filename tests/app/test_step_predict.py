"""Predict, then reveal on /step (``predict=1``) in AppTest: after Next the step's numbers are
not on the page until the class guesses; the question's answer is recomputed here from
``lstm_core``'s reference step; the reveal shows the right numbers and verdict; a step
already revealed stays revealed; turning the toggle on keeps the step on show; both languages."""

from __future__ import annotations

import re

import numpy as np
import pytest

from lstm_core import Vocabulary, fit_next_char, one_hot, reference
from lstm_viz.i18n import Translator
from lstm_viz.notation import number
from tests.app.test_step_page import all_html, readout
from tests.support import open_page

PAGE = "pages/1_step.py"
EN, KO = Translator("en"), Translator("ko")


def reference_steps(seq: str, seed: int = 0) -> list[dict]:
    """The page's trained model (4 units) stepped with the plain reference equations, with
    its next-character probabilities."""
    model, _ = fit_next_char(seq, hidden_size=4, num_layers=1, cell="lstm", seed=seed)
    sd = model.rnn.state_dict()
    vocab = Vocabulary.from_text(seq)
    h, c, steps = np.zeros(4), np.zeros(4), []
    for x_t in one_hot(vocab.encode(seq), len(vocab)):
        step = reference.lstm_step(x_t, h, c, sd["weight_ih_l0"], sd["weight_hh_l0"], sd["bias_ih_l0"],
                                   sd["bias_hh_l0"])
        steps.append({**step, "c_prev": c})
        h, c = step["h"], step["c"]
    probs = model.predict_proba(one_hot(vocab.encode(seq), len(vocab)))
    return [{**step, "probs": p} for step, p in zip(steps, probs, strict=True)]


def numbers_shown(at) -> bool:
    """Whether the step's diagram, cards or prediction are on the page."""
    return bool(all_html(at, "step-panels") or all_html(at, "four-steps") or all_html(at, "lstm-diagram"))


def revealed(at) -> str:
    """The reveal beside the diagram: its verdict (class) and text, or "" if there is none."""
    return next((el.proto.body for el in at.get("html") if 'class="predict-reveal ' in el.proto.body), "")


def right_choice(at, steps: list[dict], t: int, tr: Translator) -> tuple[int, str]:
    """The index of the right choice of the question on screen, from the reference step, and
    the number the reveal must quote."""
    question, options = at.pills[0].label, at.pills[0].options
    step = steps[t - 1]
    unit = re.search(r"(?:unit|유닛) (\d)", question)
    if "forget" in question or "망각" in question:
        f = step["f"][int(unit.group(1)) - 1]
        return (0 if f > 0.5 else 1), number(f)
    if "cell state" in question or "셀 상태" in question:
        k = int(unit.group(1)) - 1
        return (0 if abs(step["c"][k]) > abs(step["c_prev"][k]) else 1), number(step["c"][k])
    assert "next" in question or "다음 글자" in question
    predicted = "helo"[int(step["probs"].argmax())]  # the vocabulary of "hello", in order of appearance
    return next(j for j, o in enumerate(options) if predicted in o), f"{100 * step['probs'].max():.0f}"


@pytest.mark.parametrize(("lang", "tr"), [("en", EN), ("ko", KO)])
def test_next_hides_the_numbers_until_the_guess_then_reveals_them(lang, tr):
    steps = reference_steps("hello")
    at = open_page(PAGE, seq="hello", t="2", predict="1", lang=lang)
    assert not at.exception and numbers_shown(at)  # the step the page opened on is on show
    assert at.toggle(key="step_predict").value == 1
    at.button(key="step_t_next").click().run()
    assert not at.exception and at.query_params["t"] == "3" and at.query_params["predict"] == "1"
    assert not numbers_shown(at) and len(at.pills) == 1
    assert tr("step.predict_hidden") in "".join(all_html(at, "lab-note"))
    assert readout(at) == ("t = 3 / 5 · input 'l'" if lang == "en" else "t = 3 / 5 · 입력 'l'")
    right, quoted = right_choice(at, steps, 3, tr)
    at.pills[0].set_value(right).run()
    assert not at.exception and numbers_shown(at) and not at.pills
    told = revealed(at)
    assert 'class="predict-reveal guess-right"' in told and quoted in told


@pytest.mark.parametrize("t", [3, 4, 5])
def test_a_wrong_guess_and_the_reveal_button(t):
    steps = reference_steps("hello")
    at = open_page(PAGE, seq="hello", t=str(t - 1), predict="1", lang="en")
    at.button(key="step_t_next").click().run()
    right, quoted = right_choice(at, steps, t, EN)
    wrong = next(j for j in range(len(at.pills[0].options)) if j != right)
    at.pills[0].set_value(wrong).run()
    told = revealed(at)
    assert 'class="predict-reveal guess-wrong"' in told and quoted in told
    at.button(key="step_t_prev").click().run()  # the step before was on show from the start
    assert numbers_shown(at) and not revealed(at)
    at.button(key="step_t_next").click().run()  # this one was revealed: it stays so, with its verdict
    assert numbers_shown(at) and 'class="predict-reveal guess-wrong"' in revealed(at)


def test_the_reveal_button_shows_the_answer_without_a_guess():
    steps = reference_steps("hello")
    at = open_page(PAGE, seq="hello", t="3", predict="1", lang="ko")
    at.button(key="step_t_next").click().run()
    right, quoted = right_choice(at, steps, 4, KO)
    answer = re.sub(r"\\(.)", r"\1", at.pills[0].options[right])
    assert at.button(key="step_reveal").label == "답 보기"
    at.button(key="step_reveal").click().run()
    told = revealed(at)
    assert 'class="predict-reveal guess-none"' in told and quoted in told
    assert KO("step.predict_revealed", answer=answer).replace(">", "&gt;").replace("<", "&lt;") in told


def test_turning_predict_on_keeps_the_step_on_show_and_off_shows_everything():
    at = open_page(PAGE, seq="hello", t="2", lang="en")
    assert at.query_params["predict"] == "0" and at.toggle(key="step_predict").value == 0
    at.button(key="step_t_next").click().run()
    assert numbers_shown(at) and not at.pills  # predict off: nothing waits
    at.toggle(key="step_predict").set_value(True).run()
    assert at.query_params["predict"] == "1" and numbers_shown(at)
    at.button(key="step_t_next").click().run()
    assert not numbers_shown(at) and at.pills
    at.toggle(key="step_predict").set_value(False).run()
    assert at.query_params["predict"] == "0" and numbers_shown(at) and not at.pills


def test_a_new_sequence_starts_again_on_its_first_step():
    at = open_page(PAGE, seq="hello", t="1", predict="1", lang="en")
    at.button(key="step_t_next").click().run()
    assert not numbers_shown(at)
    at.text_input(key="step_seq").set_value("abcab").run()
    assert not at.exception and numbers_shown(at) and readout(at) == "t = 1 / 5 · input 'a'"
    at.button(key="step_t_next").click().run()
    assert not numbers_shown(at) and at.pills


def test_random_weights_ask_no_next_character_question():
    at = open_page(PAGE, seq="hello", t="1", predict="1", weights="random", lang="en")
    for t in range(2, 6):
        at.button(key="step_t_next").click().run()
        assert not at.exception
        if at.pills:
            assert "predict next" not in at.pills[0].label
            at.button(key="step_reveal").click().run()
        assert numbers_shown(at) and readout(at).startswith(f"t = {t} / 5")


@pytest.mark.parametrize(("lang", "tr"), [("en", EN), ("ko", KO)])
def test_sections_that_show_every_step_hold_back_while_predicting(lang, tr):
    """"Over time", "Play all steps" and the whole trace would show the steps not yet
    guessed: with predict on they say so instead; with it off they draw. The code shows no
    number of the step and stays."""
    opened = {key: True for key in ("step_open_over_time", "step_open_playback", "step_open_trace", "step_open_code")}
    at = open_page(PAGE, state=opened, seq="hello", t="2", predict="1", lang=lang)
    assert not at.exception
    waiting = [c.value for c in at.caption if c.value == tr("step.predict_waits")]
    assert len(waiting) == 3
    assert not at.get("plotly_chart") and not at.dataframe and len(at.code) == 2  # the program and the reference step
    at.toggle(key="step_predict").set_value(False).run()
    assert not at.exception and tr("step.predict_waits") not in [c.value for c in at.caption]
    assert len(at.get("plotly_chart")) == 3 and len(at.dataframe) == 1  # heatmaps, lines, playback; the trace
