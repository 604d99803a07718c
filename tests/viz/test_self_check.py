"""Self-check and predict-then-reveal questions: every answer recomputed here from ``lstm_core``
(the plain reference step, the gradient flow of models built here, the shape formulas), for
several sequences and seeds, Korean text included; the right choice clear of every wrong
one; a new seed changes the numbers; every string in both languages."""

from __future__ import annotations

import re
import string

import numpy as np
import pytest

from lstm_core import LSTM, RNN, Vocabulary, fit_next_char, gradient_flow, long_range, one_hot, reference, split_symbols
from lstm_core.training import set_forget_bias, set_spectral_norm
from lstm_viz import self_check
from lstm_viz.i18n import Translator, strings
from lstm_viz.notation import number
from lstm_viz.self_check import GATE_MARGIN, LESSONS, RATIO_MARGIN, VALUE_MARGIN, Said, Term, say
from ui.self_check import lesson_questions

EN, KO = Translator("en"), Translator("ko")
CASES = [("hello", 0), ("hello", 1), ("안녕하세요", 2), ("abcab", 3)]
STEP_LESSONS = ("one_hot", "four_stages", "two_memories")
GRADIENT_LESSONS = ("long_term", "vanishing", "activations")
T_FLOW, HIDDEN_FLOW, SCALE, FBIAS = 100, 16, 0.9, 3.0  # /gradients' defaults, which the questions use


# ------------------------------------------------------------------ recomputed from lstm_core
def reference_run(seq: str, seed: int) -> dict:
    """The /step model (4 units, trained as the page trains it), stepped with the plain
    reference equations: every step's vectors, and the next-character probabilities."""
    model, _ = fit_next_char(seq, hidden_size=4, num_layers=1, cell="lstm", seed=seed)
    sd = model.rnn.state_dict()
    vocab = Vocabulary.from_text(seq)
    x = one_hot(vocab.encode(seq), len(vocab))
    h, c, steps = np.zeros(4), np.zeros(4), []
    for x_t in x:
        step = reference.lstm_step(x_t, h, c, sd["weight_ih_l0"], sd["weight_hh_l0"], sd["bias_ih_l0"],
                                   sd["bias_hh_l0"])
        steps.append({**step, "c_prev": c})
        h, c = step["h"], step["c"]
    return {"steps": steps, "vocab": list(vocab.chars), "x": x, "probs": model.predict_proba(x)}


def flows(seed: int, act: str = "tanh"):
    """The RNN and the LSTM of /gradients' defaults on its memory task: a symbol (of four) to
    remember at step 1, then distractors (of four), all drawn from the seed."""
    x = long_range(1, T_FLOW - 1, 4, 4, seed=seed)[0][:, 0]
    rnn = set_spectral_norm(RNN(x.shape[1], HIDDEN_FLOW, nonlinearity=act, seed=seed), SCALE)
    lstm = set_forget_bias(LSTM(x.shape[1], HIDDEN_FLOW, seed=seed), FBIAS)
    return gradient_flow(rnn, x), gradient_flow(lstm, x)


def by_steps_back(a: np.ndarray) -> np.ndarray:
    return np.asarray(a)[::-1]


# ------------------------------------------------------------------ helpers
def said_keys(said: Said):
    yield said.key
    for value in said.values.values():
        if isinstance(value, Said):
            yield from said_keys(value)


def texts(question) -> list[Said]:
    return [question.prompt, question.why, *question.choices]


def right_value(question, name: str):
    return question.right.values[name]


def prompt_value(question, name: str):
    return question.prompt.values[name]


# ------------------------------------------------------------------ the /step lessons
@pytest.mark.parametrize(("seq", "seed"), CASES)
def test_step_lessons_answers_recomputed_with_the_reference_step(seq, seed):
    ref = reference_run(seq, seed)
    steps, symbols = ref["steps"], split_symbols(seq)
    T = len(symbols)
    asked = [q for lesson in STEP_LESSONS for q in lesson_questions(lesson, seq, seed)]
    assert [q.prompt.key.removeprefix("self_check.") for q in asked] == [
        "one_hot_prompt", "length_prompt", "matrix_prompt", "kept_most_prompt", "closest_prompt", "cell_prompt",
        "largest_memory_prompt", "range_prompt", "output_prompt"]  # each lesson asks all its questions here
    for q in asked:
        key = q.prompt.key.removeprefix("self_check.")
        t = int(q.prompt.values.get("t", q.check.params.get("t", T)))  # as the check link's step
        step = steps[t - 1]
        if "char" in q.prompt.values:
            assert prompt_value(q, "char") == symbols[t - 1]
        if key == "kept_most_prompt":
            k = int(step["f"].argmax())
            assert right_value(q, "unit") == k + 1
            assert all(step["f"][c.values["unit"] - 1] <= step["f"][k] - GATE_MARGIN
                       for c in q.choices if c is not q.right)
        elif key == "closest_prompt":
            k = prompt_value(q, "unit") - 1
            gates = {name: step[name][k] for name in ("f", "i", "o")}
            low = min(gates, key=gates.get)
            assert right_value(q, "symbol") == low
            assert all(v - gates[low] >= GATE_MARGIN for name, v in gates.items() if name != low)
        elif key == "cell_prompt":
            k = prompt_value(q, "unit") - 1
            change = abs(step["c"][k]) - abs(step["c_prev"][k])
            assert q.right.key == ("self_check.grow" if change > 0 else "self_check.shrink")
            assert abs(change) >= VALUE_MARGIN and prompt_value(q, "c_prev") == number(step["c_prev"][k])
        elif key == "largest_memory_prompt":
            c = np.abs(steps[-1]["c"])
            assert right_value(q, "unit") == int(c.argmax()) + 1
            assert all(c.max() - c[ch.values["unit"] - 1] >= VALUE_MARGIN for ch in q.choices if ch is not q.right)
        elif key == "range_prompt":
            c_max = max(np.abs(s["c"]).max() for s in steps)
            h_max = max(np.abs(s["h"]).max() for s in steps)
            assert h_max <= 1 and abs(c_max - 1) >= VALUE_MARGIN
            assert q.right.key == ("self_check.range_c" if c_max > 1 else "self_check.range_neither")
        elif key == "output_prompt":
            k = prompt_value(q, "unit") - 1
            h, wrong = step["o"][k] * np.tanh(step["c"][k]), step["o"][k] * step["c"][k]
            assert right_value(q, "value") == number(h) and np.isclose(step["h"][k], h)
            shown = [float(c.values["value"].replace("−", "-")) for c in q.choices]
            assert number(wrong) in [c.values["value"] for c in q.choices]
            assert min(abs(a - b) for n, a in enumerate(shown) for b in shown[n + 1:]) >= VALUE_MARGIN - 1e-3
        elif key == "one_hot_prompt":
            k = ref["vocab"].index(symbols[t - 1])
            vector = ", ".join("1" if j == k else "0" for j in range(len(ref["vocab"])))
            assert right_value(q, "value") == f"[{vector}]"
            assert np.array_equal(ref["x"][t - 1], np.eye(len(ref["vocab"]))[k])
        elif key == "length_prompt":
            assert right_value(q, "value") == str(len(ref["vocab"])) == str(ref["x"].shape[1])
        elif key == "matrix_prompt":
            assert right_value(q, "value") == str((T, len(set(symbols)))) == str(ref["x"].shape)
        else:
            pytest.fail(f"no check for {key}")


@pytest.mark.parametrize(("seq", "seed"), CASES)
def test_predict_answers_recomputed_at_every_step(seq, seed):
    from ui import step_data

    ref = reference_run(seq, seed)
    run = step_data.step_run(step_data.View(seq, seed=seed))
    kinds = set()
    for t in range(1, len(split_symbols(seq)) + 1):
        q = self_check.predict(run, 1, t)
        assert q is not None
        step, key = ref["steps"][t - 1], q.prompt.key.removeprefix("self_check.")
        kinds.add(key)
        if key == "forget_prompt":
            f = step["f"][prompt_value(q, "unit") - 1]
            assert abs(f - 0.5) >= GATE_MARGIN
            assert q.right.key == ("self_check.keep" if f > 0.5 else "self_check.drop")
            assert q.why.values["f"] == number(f)
        elif key == "cell_prompt":
            k = prompt_value(q, "unit") - 1
            grew = abs(step["c"][k]) > abs(step["c_prev"][k])
            assert q.right.key == ("self_check.grow" if grew else "self_check.shrink")
            assert q.why.values["c"] == number(step["c"][k])
        else:
            p = ref["probs"][t - 1]
            assert key == "next_prompt" and right_value(q, "char") == ref["vocab"][int(p.argmax())]
            assert np.sort(p)[-1] - np.sort(p)[-2] >= GATE_MARGIN
    assert len(kinds) >= 2  # the questions take turns


def test_no_clear_answer_no_question():
    """A step whose gates all sit at ½ and whose memory does not move asks nothing."""
    flat = {name: np.full(3, 0.5) for name in ("f", "i", "o")}
    flat.update(g=np.zeros(3), c=np.full(3, 0.2), c_prev=np.full(3, 0.2), h=np.zeros(3))
    assert self_check.forget_keep(flat, 1, "a") is None and self_check.cell_grows(flat, 1, "a") is None
    assert self_check.closest_gate(flat, 1, "a") is None and self_check.kept_most(flat, 1, "a") is None
    assert self_check.next_char(np.array([0.5, 0.48, 0.02]), ["a", "b", "c"], 1, "a") is None
    run = {"symbols": ["a"], "vocab": ["a"], "probs": None,
           "layers": [{name: values[None] for name, values in flat.items()}]}
    assert self_check.predict(run, 1, 1) is None


# ------------------------------------------------------------------ the /gradients lessons
@pytest.mark.parametrize(("seq", "seed"), CASES[:3])
def test_gradient_lessons_answers_recomputed_from_gradient_flow(seq, seed):
    rnn, lstm = flows(seed)
    rnn_share = by_steps_back(rnn.dh_norm) / rnn.dh_norm[-1]
    lstm_share = by_steps_back(lstm.dh_norm) / lstm.dh_norm[-1]
    k = 50
    for q in lesson_questions("long_term", seq, seed) + lesson_questions("vanishing", seq, seed):
        key = q.prompt.key.removeprefix("self_check.")
        if key == "percent_prompt":
            first = int(np.flatnonzero(rnn_share < 1e-2)[0])
            assert right_value(q, "value") == str(first)
            offered = [int(c.values["value"]) for c in q.choices if "value" in c.values]
            assert all(max(n, first) >= RATIO_MARGIN * min(n, first) for n in offered if n != first)
        elif key == "rate_prompt":
            r = (rnn_share[-1] / rnn_share[0]) ** (1 / (T_FLOW - 1))
            assert right_value(q, "value") == number(r)
        elif key == "bound_prompt":
            assert right_value(q, "value") == f"{SCALE ** k:.1e}".replace("-", "−")
        elif key == "above_prompt":
            level = float(q.numbers["level"])
            above = [name for name, share in (("rnn", rnn_share[k]), ("lstm", lstm_share[k])) if share > level]
            expected = above[0] if len(above) == 1 else ("both" if above else "neither")
            assert q.right.key == f"self_check.cells_{expected}"
            assert all(max(s, level) >= RATIO_MARGIN * min(s, level) for s in (rnn_share[k], lstm_share[k]))
        elif key == "path_prompt":
            dc = by_steps_back(lstm.dc_norm)[k] / lstm.dh_norm[-1]
            assert q.right.key == ("self_check.path_c" if dc > lstm_share[k] else "self_check.path_h")
            assert max(dc, lstm_share[k]) >= RATIO_MARGIN * min(dc, lstm_share[k])
        else:
            pytest.fail(f"no check for {key}")


@pytest.mark.parametrize(("seq", "seed"), CASES[:2])
def test_activation_lesson_answers_recomputed(seq, seed):
    asked = {q.prompt.key.removeprefix("self_check."): q for q in lesson_questions("activations", seq, seed)}
    assert set(asked) == {"derivative_prompt", "factor_prompt", "grows_prompt"}
    x = np.linspace(-8, 8, 1601)
    s = reference.sigmoid(x)
    assert right_value(asked["derivative_prompt"], "value") == f"{(s * (1 - s)).max():g}" == "0.25"
    largest = {act: float(np.max(flows(seed, act)[0].jac_h_norm)) for act in ("sigmoid", "tanh", "relu")}
    smallest = min(largest, key=largest.get)
    assert asked["factor_prompt"].right.key == f"self_check.act_{smallest}" == "self_check.act_sigmoid"
    assert largest["sigmoid"] <= 0.25 * SCALE and all(v >= RATIO_MARGIN * largest["sigmoid"] for v in largest.values()
                                                      if v != largest["sigmoid"])
    # one unit, h_t = φ(1.5 h_{t−1} + x_t), x = 1 then 0: the gradient k steps back is Π φ′(a) · w
    w, k = 1.5, 50
    grads = {}
    for act, phi, dphi in (("sigmoid", reference.sigmoid, lambda a: reference.sigmoid(a) * (1 - reference.sigmoid(a))),
                           ("tanh", np.tanh, lambda a: 1 - np.tanh(a) ** 2), ("relu", reference.relu,
                                                                               lambda a: float(a > 0))):
        h, pre = 0.0, []
        for t in range(T_FLOW):
            a = w * h + (1.0 if t == 0 else 0.0)
            pre.append(a)
            h = phi(a)
        grads[act] = np.prod([w * dphi(a) for a in pre[T_FLOW - k:]])
    assert grads["relu"] == pytest.approx(w ** k)
    assert asked["grows_prompt"].right.key == "self_check.act_relu"
    assert asked["grows_prompt"].why.values["relu"] == f"{w ** k:.1e}"
    assert grads["tanh"] < 1 / RATIO_MARGIN and grads["sigmoid"] < 1 / RATIO_MARGIN


# ------------------------------------------------------------------ /shapes
@pytest.mark.parametrize(("seq", "seed"), [*CASES, ("a", 7), ("hello world", 11)])
def test_shape_answers_follow_the_formulas(seq, seed):
    asked = lesson_questions("shapes", seq, seed)
    params = asked[0].check.params
    D = 2 if params["bidirectional"] == "true" else 1
    N, L, H, n_in, layers = (int(params[n]) for n in ("batch", "steps", "hidden_size", "input_size", "num_layers"))
    assert n_in == len(set(split_symbols(seq))) and len(split_symbols(seq)) == L
    output = (N, L, D * H) if params["batch_first"] == "true" else (L, N, D * H)
    expected = {"h_n": (D * layers, N, H), "output": output, "weight_ih_l0": (4 * H, n_in)}
    for q in asked:
        name = prompt_value(q, "name")
        assert right_value(q, "value") == str(expected[name])
        assert len({c.values["value"] for c in q.choices}) == len(q.choices) >= 3


# ------------------------------------------------------------------ seeds, texts, languages
@pytest.mark.parametrize("lesson", LESSONS)
def test_a_new_seed_or_text_changes_the_numbers(lesson):
    def numbers(seq, seed):
        return [dict(q.why.values) | dict(q.prompt.values) for q in lesson_questions(lesson, seq, seed)]

    if lesson != "one_hot":  # the encoding has no seed
        assert numbers("hello", 0) != numbers("hello", 1)
    if lesson not in GRADIENT_LESSONS:  # /gradients' memory task is drawn from the seed, as the lessons link it
        assert numbers("hello", 0) != numbers("안녕하세요", 0)


def test_a_new_seed_or_text_can_change_the_answer():
    for lesson in ("vanishing", "four_stages", "two_memories"):
        answers = {repr([q.right for q in lesson_questions(lesson, seq, seed)]) for seq, seed in CASES}
        assert len(answers) >= 2, lesson


FIELD = re.compile(r"\{(\w+)")


def test_every_string_exists_in_both_languages_with_the_same_fields():
    en, ko = strings("en"), strings("ko")
    mine = sorted(k for k in en if k.startswith("self_check."))
    assert mine == sorted(k for k in ko if k.startswith("self_check."))
    for key in mine:
        assert {f for _, f, _, _ in string.Formatter().parse(en[key]) if f} == \
               {f.split("!")[0] for _, f, _, _ in string.Formatter().parse(ko[key]) if f}, key
    used = set()
    for seq, seed in CASES:
        for lesson in LESSONS:
            for q in lesson_questions(lesson, seq, seed):
                assert all(len({say(tr, c) for c in q.choices}) == len(q.choices) >= 2 for tr in (EN, KO))
                for said in texts(q):
                    used.update(said_keys(said))
                    for tr in (EN, KO):
                        assert "{" not in say(tr, said) and bold_closes(say(tr, said)), say(tr, said)
    assert used <= set(mine)
    assert {"self_check.heading", "self_check.right", "self_check.wrong", "self_check.check_link"} <= set(mine)


def bold_closes(text: str) -> bool:
    """CommonMark: ** after punctuation closes only before a space or punctuation ("**98%**가"
    would show its asterisks), so Korean templates bold the particle with the number."""
    return not any(re.match(r"[^\w\s]", m.group(1)[-1]) and text[m.end():m.end() + 1].isalnum()
                   for m in re.finditer(r"\*\*([^*]+)\*\*", text))


def test_terms_are_said_in_the_glossarys_words():
    said = Said("self_check.gate_choice", {"gate": Term("forget_gate"), "symbol": "f"})
    assert say(EN, said) == "forget gate f" and say(KO, said) == "망각 게이트 f"


def test_markdown_keeps_bold_and_nothing_else():
    assert self_check.markdown("**0.5** of *x* [a](b)") == r"**0\.5** of \*x\* \[a\]\(b\)"


@pytest.mark.parametrize("seq", ["hello", "the cat sat on the mat", "ab", "가나다가나"])
def test_every_lesson_asks_two_to_four_and_every_step_asks_first(seq):
    """Across texts and seeds (and weights), the margins leave enough clear questions."""
    from ui import step_data

    for seed in (4, 5, 6):
        for lesson in LESSONS:
            assert 2 <= len(lesson_questions(lesson, seq, seed)) <= 4, (lesson, seed)
        for weights in ("trained", "random"):
            run = step_data.step_run(step_data.View(seq, seed=seed, weights=weights))
            assert all(self_check.predict(run, 1, t) is not None for t in range(1, len(run["symbols"]) + 1))


def test_a_single_symbol_still_asks_what_it_can():
    """One symbol: no other vector to tell it from; its length and the matrix's shape are asked."""
    asked = lesson_questions("one_hot", "a", 0)
    assert [q.prompt.key for q in asked] == ["self_check.length_prompt", "self_check.matrix_prompt"]
    assert asked[1].right.values["value"] == "(1, 1)" and len(asked[1].choices) == 2  # beside (1,)
