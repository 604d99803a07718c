"""Questions answered from the live numbers: the self-checks at the end of each lesson and
the one question /step asks before it reveals the next step (predict, then reveal).

Each builder reads numbers the pages show (a step of ``ui.step_data``'s run, the flows of
``ui.gradients_data``, the shapes ``lstm_viz.shapes`` measures) and returns a
:class:`Question` whose answer is computed from them, or None where the numbers do not
make a clear question (the right choice and a wrong one closer than a margin the reader
can see). Texts are i18n keys with their values, said in the reader's language by
:func:`say`; numbers are written with :mod:`lstm_viz.notation`. Units and steps count from 1.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from lstm_core.activations import relu_grad, sigmoid, sigmoid_grad, tanh_grad
from lstm_core.override import at_step
from lstm_viz import escape, shapes
from lstm_viz.gradient_figures import CellFlow, decay_per_step, fraction_at, is_geometric
from lstm_viz.gradient_notes import probe_steps
from lstm_viz.i18n import Translator
from lstm_viz.notation import GATE_TERMS, MAX_DERIVATIVE, SIGMOID_GATES, integer_vector, number, percent, sci

LESSONS = ("long_term", "one_hot", "four_stages", "two_memories", "activations", "vanishing", "shapes")
GATE_MARGIN = 0.05  # gates on [0, 1]: a gate this close to ½ (keep or drop?) or to another gate is no clear answer
VALUE_MARGIN = 0.05  # states and outputs: two numbers closer than this are no clear choice between them
RATIO_MARGIN = 2.0  # gradients span powers of ten: compared values must differ by this factor
PERCENT = 1e-2  # "fallen below 1 % of the last step's gradient"
THRESHOLDS = (1e-2, 1e-3, 1e-1, 1e-4)  # "still above …": the first that no cell sits close to
RATES = (0.99, 0.9, 0.75, 0.5, 0.3, 0.1)  # per-step factors offered beside the true one
REPEAT_STEPS = 50  # the one-unit RNN's question: 50 steps back


class Term(NamedTuple):
    """A value said as the glossary's word for a concept (``Term("forget_gate")``)."""

    concept: str


class Said(NamedTuple):
    """A sentence to say: an i18n key and its values (numbers already written as text)."""

    key: str
    values: Mapping[str, object] = {}


def say(tr: Translator, said: Said) -> str:
    """The sentence in ``tr``'s language; :class:`Term` and nested :class:`Said` values said too."""
    def value(v: object) -> object:
        if isinstance(v, Term):
            return tr.term(v.concept)
        return say(tr, v) if isinstance(v, Said) else v
    return tr(said.key, **{name: value(v) for name, v in said.values.items()})


def markdown(text: str) -> str:
    """A said sentence as Streamlit Markdown: every character literal (user text is data)
    except the templates' ``**bold**``."""
    return "**".join(escape.markdown(part) for part in text.split("**"))


class Check(NamedTuple):
    """Where the numbers of a question are on screen: a page id of ``ui.frame.PAGES`` and its
    settings as URL parameters."""

    page: str
    params: Mapping[str, str]


@dataclass(frozen=True)
class Question:
    prompt: Said
    choices: tuple[Said, ...]
    answer: int  # index into choices
    why: Said  # the explanation, with the numbers that decide it
    check: Check | None = None
    numbers: Mapping[str, float] = field(default_factory=dict)  # what decided it, unformatted

    @property
    def right(self) -> Said:
        return self.choices[self.answer]


def _char(symbols: Sequence[str], t: int) -> str:
    return escape.visible_char(symbols[t - 1])


def _on_step(check: Check, t: int, stage: str = "all") -> Check:
    return Check(check.page, {**check.params, "t": str(t), "stage": stage})


def _clear_of(value: float, others: Sequence[float], margin: float) -> bool:
    return all(abs(value - other) >= margin for other in others)


# ------------------------------------------------------------------- one step of /step
def _taking_turns(clear: np.ndarray, t: int) -> int | None:
    """One of the units whose answer is clear, a different one from step to step."""
    units = np.flatnonzero(clear)
    return int(units[(t - 1) % len(units)]) if len(units) else None


def forget_keep(step: Mapping[str, np.ndarray], t: int, char: str) -> Question | None:
    """Will the forget gate keep (f > ½) or drop a unit's memory? Units whose gate is clearly not ½ take turns."""
    f, c_prev = step["f"], step["c_prev"]
    k = _taking_turns(np.abs(f - 0.5) >= GATE_MARGIN, t)
    if k is None:
        return None
    kept = f[k] > 0.5
    return Question(
        Said("self_check.forget_prompt", {"t": t, "char": char, "unit": k + 1}),
        (Said("self_check.keep"), Said("self_check.drop")), 0 if kept else 1,
        Said("self_check.forget_why_keep" if kept else "self_check.forget_why_drop",
             {"unit": k + 1, "f": number(f[k]), "share": percent(f[k]), "c_prev": number(c_prev[k]),
              "kept": number(f[k] * c_prev[k])}),
        numbers={"unit": k + 1, "f": float(f[k])})


def cell_grows(step: Mapping[str, np.ndarray], t: int, char: str) -> Question | None:
    """Will a unit's cell state grow or shrink in size? Units whose |c| clearly changes take turns."""
    c_prev, c, f, i, g = (step[name] for name in ("c_prev", "c", "f", "i", "g"))
    change = np.abs(c) - np.abs(c_prev)
    k = _taking_turns(np.abs(change) >= VALUE_MARGIN, t)
    if k is None:
        return None
    grew = change[k] > 0
    return Question(
        Said("self_check.cell_prompt", {"t": t, "char": char, "unit": k + 1, "c_prev": number(c_prev[k])}),
        (Said("self_check.grow"), Said("self_check.shrink")), 0 if grew else 1,
        Said("self_check.cell_why_grow" if grew else "self_check.cell_why_shrink",
             {"unit": k + 1, "kept": number(f[k] * c_prev[k]), "written": number(i[k] * g[k]), "c": number(c[k]),
              "c_prev": number(c_prev[k])}),
        numbers={"unit": k + 1, "c_prev": float(c_prev[k]), "c": float(c[k])})


def closest_gate(step: Mapping[str, np.ndarray], t: int, char: str) -> Question | None:
    """Which of f, i, o is closest to 0 for one unit (the unit where the answer is clearest)?"""
    gates = np.stack([step[name] for name in SIGMOID_GATES])  # (3, H)
    ordered = np.sort(gates, axis=0)
    k = int((ordered[1] - ordered[0]).argmax())
    if ordered[1, k] - ordered[0, k] < GATE_MARGIN:
        return None
    low = int(gates[:, k].argmin())
    values = {name: number(gates[n, k]) for n, name in enumerate(SIGMOID_GATES)}
    return Question(
        Said("self_check.closest_prompt", {"t": t, "char": char, "unit": k + 1}),
        tuple(Said("self_check.gate_choice", {"gate": Term(GATE_TERMS[name]), "symbol": name})
              for name in SIGMOID_GATES), low,
        Said("self_check.closest_why", {"unit": k + 1, **values, "gate": Term(GATE_TERMS[SIGMOID_GATES[low]])}),
        numbers={"unit": k + 1, **{name: float(gates[n, k]) for n, name in enumerate(SIGMOID_GATES)}})


def kept_most(step: Mapping[str, np.ndarray], t: int, char: str) -> Question | None:
    """Which unit's memory did the forget gate keep most? Against the two next-largest gates a margin below."""
    f = step["f"]
    k = int(f.argmax())
    others = [j for j in np.argsort(-f) if f[j] <= f[k] - GATE_MARGIN][:2]
    if not others:
        return None
    units = sorted([k, *others])
    return Question(
        Said("self_check.kept_most_prompt", {"t": t, "char": char}),
        tuple(Said("self_check.unit_choice", {"unit": j + 1}) for j in units), units.index(k),
        Said("self_check.kept_most_why", {"unit": k + 1, "f": number(f[k]), "share": percent(f[k]),
                                          "others": ", ".join(f"{j + 1}: {number(f[j])}" for j in others)}),
        numbers={"unit": k + 1, "f": float(f[k])})


def output_value(step: Mapping[str, np.ndarray], t: int, char: str) -> Question | None:
    """h = o ⊙ tanh(c) for one unit, beside the common mistake o ⊙ c and tanh(c) alone."""
    o, c, tanh_c = step["o"], step["c"], np.tanh(step["c"])
    options = np.stack([o * tanh_c, o * c, tanh_c])  # right, the mistake, the gate left out
    gaps = np.min([np.abs(options[a] - options[b]) for a, b in ((0, 1), (0, 2), (1, 2))], axis=0)
    k = int(gaps.argmax())
    if gaps[k] < VALUE_MARGIN:
        return None
    order = np.argsort(options[:, k])
    return Question(
        Said("self_check.output_prompt", {"t": t, "char": char, "unit": k + 1, "c": number(c[k]), "o": number(o[k])}),
        tuple(Said("self_check.value", {"value": number(options[n, k])}) for n in order),
        int(np.flatnonzero(order == 0)[0]),
        Said("self_check.output_why", {"unit": k + 1, "o": number(o[k]), "tanh_c": number(tanh_c[k]),
                                       "h": number(options[0, k]), "wrong": number(options[1, k])}),
        numbers={"unit": k + 1, "h": float(options[0, k])})


def next_char(probs: np.ndarray, vocab: Sequence[str], t: int, char: str) -> Question | None:
    """Which character will the model predict after reading step t? Its top three, if the first is clear."""
    p = np.asarray(probs, dtype=float)
    top = [int(j) for j in np.argsort(-p, kind="stable")[:3]]
    if len(top) < 2 or p[top[0]] - p[top[1]] < GATE_MARGIN:
        return None
    shown = sorted(top)
    return Question(
        Said("self_check.next_prompt", {"t": t, "char": char}),
        tuple(Said("self_check.char_choice", {"char": escape.visible_char(vocab[j])}) for j in shown),
        shown.index(top[0]),
        Said("self_check.next_why", {"char": escape.visible_char(vocab[top[0]]), "p": percent(p[top[0]]),
                                     "second": escape.visible_char(vocab[top[1]]), "p2": percent(p[top[1]])}),
        numbers={"p": float(p[top[0]]), "p2": float(p[top[1]])})


StepQuestion = Callable[[Mapping[str, np.ndarray], int, str], "Question | None"]
PREDICT_ORDER: tuple[StepQuestion | None, ...] = (forget_keep, cell_grows, None)  # None: the next character


def predict(run: Mapping, layer_no: int, t: int) -> Question | None:
    """The question /step asks before it shows step t: what the forget gate will do, whether
    a memory grows, or (trained weights) which character the model will predict, taking
    turns with t; the first of them, in that turn, whose numbers make a clear answer."""
    symbols, layer = run["symbols"], run["layers"][layer_no - 1]
    step, char = at_step(layer, t), _char(symbols, t)
    start = t % len(PREDICT_ORDER)
    for build in PREDICT_ORDER[start:] + PREDICT_ORDER[:start]:
        if build is not None:
            question = build(step, t, char)
        elif run["probs"] is not None:
            question = next_char(run["probs"][t - 1], run["vocab"], t, char)
        else:
            question = None
        if question is not None:
            return question
    return None


def _near(t: int, T: int) -> list[int]:
    """Steps 1 … T from ``t`` outwards (t, t − 1, t + 1, …): the step a lesson prefers first."""
    return sorted(range(1, T + 1), key=lambda s: (abs(s - t), s))


def _first_clear(build: StepQuestion, run: Mapping, prefer: int, check: Check, stage: str) -> Question | None:
    layer, symbols = run["layers"][0], run["symbols"]
    for t in _near(prefer, len(symbols)):
        question = build(at_step(layer, t), t, _char(symbols, t))
        if question is not None:
            return _with_check(question, _on_step(check, t, stage))
    return None


def _with_check(question: Question, check: Check) -> Question:
    return Question(question.prompt, question.choices, question.answer, question.why, check, question.numbers)


def four_stages(run: Mapping, check: Check, prefer: int = 3) -> list[Question]:
    """Forget, input and update of one step (t = 3 where it makes clear questions)."""
    asked = [(kept_most, "forget"), (closest_gate, "all"), (cell_grows, "update")]
    return [q for build, stage in asked if (q := _first_clear(build, run, prefer, check, stage)) is not None]


def two_memories(run: Mapping, check: Check) -> list[Question]:
    """Cell state (long-term) and hidden state (short-term): which unit holds the most
    memory at the end, which of them left [−1, 1], and h from c."""
    layer, T = run["layers"][0], len(run["symbols"])
    found = [largest_memory(layer, _on_step(check, T)), state_ranges(layer, check),
             _first_clear(output_value, run, T, check, "output")]
    return [q for q in found if q is not None]


def largest_memory(layer: Mapping[str, np.ndarray], check: Check) -> Question | None:
    """Which unit holds the largest long-term memory |c| after the last step?"""
    c = np.abs(np.asarray(layer["c"][-1], dtype=float))
    k = int(c.argmax())
    others = [int(j) for j in np.argsort(-c) if c[j] <= c[k] - VALUE_MARGIN][:2]
    if not others:
        return None
    units = sorted([k, *others])
    T = len(layer["c"])
    return Question(
        Said("self_check.largest_memory_prompt", {"T": T}),
        tuple(Said("self_check.unit_choice", {"unit": j + 1}) for j in units), units.index(k),
        Said("self_check.largest_memory_why", {"unit": k + 1, "c": number(layer["c"][-1][k]),
                                               "h": number(layer["h"][-1][k]),
                                               "others": ", ".join(f"{j + 1}: {number(layer['c'][-1][j])}"
                                                                   for j in others)}),
        check, {"unit": k + 1, "c": float(c[k])})


RANGE_CHOICES = ("c", "h", "both", "neither")


def state_ranges(layer: Mapping[str, np.ndarray], check: Check) -> Question | None:
    """Which of c and h left [−1, 1] somewhere in the run? (h = o ⊙ tanh(c) never can.)"""
    c_max, h_max = (float(np.abs(layer[name]).max()) for name in ("c", "h"))
    if abs(c_max - 1) < VALUE_MARGIN:
        return None
    out = ("c" if c_max > 1 else "neither") if h_max <= 1 else ("both" if c_max > 1 else "h")
    return Question(
        Said("self_check.range_prompt"),
        tuple(Said(f"self_check.range_{name}") for name in RANGE_CHOICES), RANGE_CHOICES.index(out),
        Said("self_check.range_why_out" if c_max > 1 else "self_check.range_why_in",
             {"c_max": number(c_max), "h_max": number(h_max)}),
        check, {"c_max": c_max, "h_max": h_max})


def one_hot(run: Mapping, check: Check, prefer: int = 3) -> list[Question]:
    """Which vector is a symbol, how long the vectors are, and the shape of the whole sequence's matrix."""
    symbols, vocab, x = run["symbols"], list(run["vocab"]), np.asarray(run["x"])
    T, V = len(symbols), len(vocab)
    found = []
    if V >= 2:
        t = min(prefer, T)
        k = vocab.index(symbols[t - 1])
        shown = sorted({k, *[j for j in range(V) if j != k][:2]})
        found.append(Question(
            Said("self_check.one_hot_prompt", {"char": _char(symbols, t), "vocab": _listed(vocab)}),
            tuple(Said("self_check.value", {"value": integer_vector(x_row)}) for x_row in np.eye(V, dtype=int)[shown]),
            shown.index(k),
            Said("self_check.one_hot_why", {"char": _char(symbols, t), "place": k + 1, "V": V,
                                            "vector": integer_vector(x[t - 1])}),
            _on_step(check, t), {"place": k + 1}))
    lengths = sorted({V, *[n for n in (T, V + 1, 2 * V, V - 1) if n >= 1 and n != V][:2]})
    found.append(Question(
        Said("self_check.length_prompt", {"T": T}),
        tuple(Said("self_check.value", {"value": str(n)}) for n in lengths), lengths.index(V),
        Said("self_check.length_why", {"V": V, "vocab": _listed(vocab), "T": T}),
        check, {"V": V}))
    shapes_offered = list(dict.fromkeys([(T, V), (V, T), (T,), (T * V,), (1, V)]))[:4]
    if len(shapes_offered) >= 2:
        order = sorted(shapes_offered, key=shapes.shape_text)
        found.append(Question(
            Said("self_check.matrix_prompt", {"T": T}),
            tuple(Said("self_check.value", {"value": shapes.shape_text(shape)}) for shape in order),
            order.index((T, V)),
            Said("self_check.matrix_why", {"T": T, "V": V, "shape": shapes.shape_text(x.shape)}),
            check, {"T": T, "V": V}))
    return found


def _listed(vocab: Sequence[str]) -> str:
    return ", ".join(escape.visible_char(ch) for ch in vocab)


# ------------------------------------------------------------------- /gradients
def _share(values: np.ndarray, k: int) -> float:
    return float(fraction_at(values, k))


def steps_to_percent(rnn: CellFlow, check: Check) -> Question:
    """After how many steps back has the RNN's gradient fallen below 1 % of the last step's?"""
    shares = np.asarray(rnn.dh, dtype=float) / float(rnn.dh[0])
    below = np.flatnonzero(shares < PERCENT)
    T = rnn.T
    k = int(below[0]) if below.size else None
    offered = [k, min(T - 1, 4 * k), max(1, k // 4)] if k is not None else [max(1, T // 8), max(2, T // 2)]
    numbers = sorted({n for n in offered if n is not None and (n == k or k is None or _apart(n, k))})
    choices = [Said("self_check.value", {"value": str(n)}) for n in numbers] + [Said("self_check.never", {"T": T})]
    answer = numbers.index(k) if k is not None else len(numbers)
    why = (Said("self_check.percent_why", {"k": k, "share": sci(shares[k], 1), "before": sci(shares[k - 1], 1)})
           if k is not None else Said("self_check.percent_why_never", {"T": T, "share": sci(shares[-1], 1)}))
    return Question(Said("self_check.percent_prompt", {"rnn": Term("vanilla_rnn")}), tuple(choices), answer, why, check,
                    {"k": -1 if k is None else k})


def _apart(n: int, k: int) -> bool:
    """Two step counts far enough apart to tell on the chart (a factor of 2)."""
    return max(n, k) >= RATIO_MARGIN * min(n, k)


def rate_per_step(rnn: CellFlow, check: Check) -> Question | None:
    """By what factor per step does the RNN's gradient shrink (where the curve is geometric, as the page says)?"""
    if not is_geometric(rnn.dh):
        return None
    r = decay_per_step(rnn.dh)
    offered: list[float] = []
    for rate in sorted(RATES, key=lambda rate: abs(rate - r)):
        if _clear_of(rate, [r, *offered], 0.1) and len(offered) < 2:
            offered.append(rate)
    values, k = sorted([r, *offered]), probe_steps(rnn.T)
    return Question(Said("self_check.rate_prompt", {"rnn": Term("vanilla_rnn")}),
                    tuple(Said("self_check.value", {"value": number(v)}) for v in values), values.index(r),
                    Said("self_check.rate_why", {"r": number(r), "k": k, "power": sci(r ** k, 1)}),
                    check, {"r": r})


def bound_power(sigma: float, act: str, T: int, check: Check) -> Question:
    """At most max φ′ · ‖W_hh‖₂ per step: what is the most that can be left k steps back?"""
    k, bound = probe_steps(T), MAX_DERIVATIVE[act] * sigma
    right, times, once = bound ** k, bound * k, bound
    values = [right, times, once]
    order = sorted(range(3), key=lambda n: values[n])
    return Question(
        Said("self_check.bound_prompt", {"rnn": Term("vanilla_rnn"), "bound": number(bound), "k": k}),
        tuple(Said("self_check.value", {"value": sci(values[n], 1)}) for n in order), order.index(0),
        Said("self_check.bound_why", {"bound": number(bound), "k": k, "power": sci(right, 1)}),
        check, {"bound": bound})


def long_term(flows: Mapping[str, CellFlow], sigma: float, act: str, check: Check) -> list[Question]:
    rnn = flows["rnn"]
    found = [steps_to_percent(rnn, check), rate_per_step(rnn, check), bound_power(sigma, act, rnn.T, check)]
    return [q for q in found if q is not None]


CELL_CHOICES = ("rnn", "lstm", "both", "neither")


def still_above(flows: Mapping[str, CellFlow], check: Check) -> Question | None:
    """Which cell still has a gradient above a threshold k = 50 steps back (1e-2 unless a cell sits near it)?"""
    rnn, lstm = flows["rnn"], flows["lstm"]
    k = probe_steps(rnn.T)
    shares = {"rnn": _share(rnn.dh, k), "lstm": _share(lstm.dh, k)}
    if not all(np.isfinite(v) for v in shares.values()):
        return None
    for level in THRESHOLDS:
        if all(max(v, level) >= RATIO_MARGIN * min(v, level) for v in shares.values()):
            break
    else:
        return None
    above = [cell for cell in ("rnn", "lstm") if shares[cell] > level]
    answer = above[0] if len(above) == 1 else ("both" if above else "neither")
    return Question(
        Said("self_check.above_prompt", {"k": k, "level": sci(level, 0)}),
        tuple(Said(f"self_check.cells_{name}", {"rnn": Term("vanilla_rnn"), "lstm": Term("lstm")})
              for name in CELL_CHOICES), CELL_CHOICES.index(answer),
        Said("self_check.above_why", {"k": k, "rnn": Term("vanilla_rnn"), "lstm": Term("lstm"),
                                      "rnn_share": sci(shares["rnn"], 1), "lstm_share": sci(shares["lstm"], 1),
                                      "level": sci(level, 0)}),
        check, {"level": level, **shares})


def cell_path(lstm: CellFlow, check: Check) -> Question | None:
    """Along which path does more of the LSTM's gradient reach k steps back: c or h?"""
    k = probe_steps(lstm.T)
    dc, dh = float(lstm.dc[k] / lstm.dh[0]), _share(lstm.dh, k)
    if not (np.isfinite(dc) and np.isfinite(dh)) or max(dc, dh) < RATIO_MARGIN * min(dc, dh):
        return None
    return Question(
        Said("self_check.path_prompt", {"lstm": Term("lstm"), "k": k}),
        (Said("self_check.path_c", {"c": Term("cell_state")}), Said("self_check.path_h", {"h": Term("hidden_state")})),
        0 if dc > dh else 1,
        Said("self_check.path_why", {"k": k, "dc": sci(dc, 1), "dh": sci(dh, 1), "f": number(np.mean(lstm.f))}),
        check, {"dc": dc, "dh": dh})


def vanishing(flows: Mapping[str, CellFlow], check: Check) -> list[Question]:
    found = [still_above(flows, check), cell_path(flows["lstm"], check)]
    return [q for q in found if q is not None]


ACTS = ("sigmoid", "tanh", "relu")  # as the activations chart lists them
DERIVATIVE_CHOICES = (0.25, 0.5, 1.0)


def largest_derivative(check: Check) -> Question:
    """The largest value of σ′, computed on a fine grid: 0.25, at x = 0."""
    x = np.linspace(-10, 10, 20_001)
    d = sigmoid_grad(sigmoid(x))
    top = float(d.max())
    answer = int(np.abs(np.array(DERIVATIVE_CHOICES) - top).argmin())
    return Question(
        Said("self_check.derivative_prompt"),
        tuple(Said("self_check.value", {"value": f"{v:g}"}) for v in DERIVATIVE_CHOICES), answer,
        Said("self_check.derivative_why", {"top": f"{top:g}", "at": number(x[d.argmax()], 1),
                                           "tanh": f"{float(tanh_grad(np.tanh(0.0))):g}",
                                           "relu": f"{float(relu_grad(np.array(1.0))):g}",
                                           "power": sci(top ** REPEAT_STEPS, 1), "k": REPEAT_STEPS}),
        check, {"top": top})


def grows(repeated: Mapping[str, np.ndarray], w: float, check: Check) -> Question | None:
    """One unit with recurrent weight w > 1: which activation's gradient grows 50 steps back?"""
    k = min(REPEAT_STEPS, len(next(iter(repeated.values()))) - 1)
    shares = {act: _share(repeated[act], k) for act in ACTS}
    growing = [act for act in ACTS if not np.isfinite(shares[act]) or shares[act] > RATIO_MARGIN]
    if len(growing) != 1 or any(shares[act] > 1 / RATIO_MARGIN for act in ACTS if act not in growing):
        return None
    return Question(
        Said("self_check.grows_prompt", {"w": f"{w:g}", "k": k}),
        tuple(Said(f"self_check.act_{act}") for act in ACTS), ACTS.index(growing[0]),
        Said("self_check.grows_why", {"w": f"{w:g}", "k": k, **{act: sci(shares[act], 1) for act in ACTS}}),
        check, shares)


def smallest_factor(jac_max: Mapping[str, float], sigma: float, check: Check) -> Question | None:
    """On the same RNN, which φ gives the smallest step factors (the largest of them over the run)?"""
    values = [jac_max[act] for act in ACTS]
    low = int(np.argmin(values))
    if any(v < RATIO_MARGIN * values[low] for n, v in enumerate(values) if n != low):
        return None
    return Question(
        Said("self_check.factor_prompt", {"rnn": Term("vanilla_rnn"), "sigma": number(sigma)}),
        tuple(Said(f"self_check.act_{act}") for act in ACTS), low,
        Said("self_check.factor_why", {**{act: number(jac_max[act]) for act in ACTS},
                                       "bound": number(MAX_DERIVATIVE[ACTS[low]] * sigma), "sigma": number(sigma)}),
        check, dict(jac_max))


def activations(repeated: Mapping[str, np.ndarray], w: float, jac_max: Mapping[str, float], sigma: float,
                check: Check) -> list[Question]:
    found = [largest_derivative(check), smallest_factor(jac_max, sigma, check), grows(repeated, w, check)]
    return [q for q in found if q is not None]


# ------------------------------------------------------------------- /shapes
def shape_settings(symbols: Sequence[str], vocab_size: int, seed: int) -> shapes.Settings:
    """A PyTorch LSTM reading the sequence one-hot (input size V, L = its length), with
    layers, directions, batch layout, batch and hidden size drawn from the seed."""
    rng = np.random.default_rng(seed)
    return shapes.Settings(fw="torch", cell="lstm", input_size=vocab_size, hidden_size=int(rng.integers(2, 9)),
                           num_layers=int(rng.integers(1, 4)), batch_first=bool(rng.integers(2)),
                           bidirectional=bool(rng.integers(2)), batch=int(rng.integers(2, 9)),
                           steps=min(len(symbols), 32))


def shape_params(s: shapes.Settings) -> dict[str, str]:
    """The /shapes link of these settings."""
    flag = {True: "true", False: "false"}
    return {"fw": s.fw, "cell": s.cell, "input_size": str(s.input_size), "hidden_size": str(s.hidden_size),
            "num_layers": str(s.num_layers), "batch_first": flag[s.batch_first],
            "bidirectional": flag[s.bidirectional], "batch": str(s.batch), "steps": str(s.steps)}


def _shape_question(name: str, right: tuple, wrong: Sequence[tuple], s: shapes.Settings, why: Said,
                    check: Check) -> Question:
    offered = [right, *[w for n, w in enumerate(wrong) if w != right and w not in wrong[:n]][:3]]
    order = sorted(range(len(offered)), key=lambda n: shapes.shape_text(offered[n]))
    return Question(
        Said("self_check.shape_prompt", {"name": name, "settings": _settings_text(s)}),
        tuple(Said("self_check.value", {"value": shapes.shape_text(offered[n])}) for n in order), order.index(0),
        why, check, {})


def _settings_text(s: shapes.Settings) -> str:
    return (f"nn.LSTM(input_size={s.input_size}, hidden_size={s.hidden_size}, num_layers={s.num_layers}, "
            f"batch_first={s.batch_first}, bidirectional={s.bidirectional}), N = {s.batch}, L = {s.steps}")


def shape_questions(s: shapes.Settings, check: Check) -> list[Question]:
    """h_n, output and weight_ih_l0 of the settings, each beside the shapes students mix it up with."""
    measured = shapes.measure(s)
    D, N, L, H, layers = 2 if s.bidirectional else 1, s.batch, s.steps, s.hidden_size, s.num_layers
    n_in = s.input_size
    h_n, output, weight = measured["h_n"], measured["output"], measured["weight_ih_l0"]
    other_layout = (output[1], output[0], output[2])  # batch_first the other way
    one_direction = (*output[:2], H if D == 2 else 2 * H)  # D left out (or doubled where D = 1)
    values = {"D": D, "num_layers": layers, "N": N, "L": L, "H": H, "I": n_in}
    output_why = "self_check.output_shape_why" if D == 2 else "self_check.output_shape_why_one"
    return [
        _shape_question("h_n", h_n, [(N, D * layers, H), (N, H), output, (layers, N, H)], s,
                        Said("self_check.h_n_why", {**values, "shape": shapes.shape_text(h_n)}), check),
        _shape_question("output", output, [other_layout, one_direction, h_n, (N, D * H)], s,
                        Said(output_why, {**values, "shape": shapes.shape_text(output),
                                          "first": f"batch_first={s.batch_first}"}), check),
        _shape_question("weight_ih_l0", weight, [(H, n_in), (n_in, 4 * H), (4 * H, H)], s,
                        Said("self_check.weight_why", {**values, "rows": 4 * H, "shape": shapes.shape_text(weight)}),
                        check),
    ]
