"""A short NumPy program that reproduces the page's numbers with ``lstm_core``.

A student copies it into a notebook and gets exactly the values on the screen: the same
model (trained on the sequence or random, from the same seed), then this step computed
in plain NumPy by ``lstm_core.reference.lstm_step`` from the model's weights and the
state entering the step, h_{t−1} and c_{t−1}. The sequence goes in as a Python literal
(``repr``), so any text is data, never code.
"""

from __future__ import annotations

import inspect

from lstm_core import reference
from lstm_viz import notation
from lstm_viz.i18n import Translator

SESSION_FILE = "lstm-lab-lstm.npz"  # the name /train's download gives an LSTM


def numpy_snippet(seq: str, *, hidden: int, layers: int, seed: int, weights: str, t: int, layer: int,
                  tr: Translator) -> str:
    """The program for this view (``t`` and ``layer`` count from 1, as on the page);
    ``weights`` is the page's choice: "trained", "random" or "session" (the model trained
    on /train, loaded from the file downloaded there)."""
    if weights == "trained":
        imports = "fit_next_char, one_hot"
        model = [
            f"model, history = fit_next_char(text, hidden_size={hidden}, num_layers={layers}, "
            f'cell="lstm", seed={seed})  # {tr("step.code_trained")}',
            "lstm, vocab = model.rnn, model.vocab",
        ]
    elif weights == "session":
        imports = "load_model, one_hot"
        model = [f"model = load_model({SESSION_FILE!r})  # {tr('step.code_session')}",
                 "lstm, vocab = model.rnn, model.vocab"]
    else:
        imports = "LSTM, Vocabulary, one_hot"
        model = [
            f"vocab = Vocabulary.from_text(text)  # {tr('step.code_vocab')}",
            f"lstm = LSTM(len(vocab), {hidden}, num_layers={layers}, seed={seed})  # {tr('step.code_random')}",
        ]
    k = layer - 1
    lines = [
        f"# {tr('step.code_title')}",
        f"from lstm_core import {imports}",
        "from lstm_core.reference import lstm_step",
        "",
        f"text = {seq!r}",
        *model,
        f"X = one_hot(vocab.encode(text), len(vocab))  # {tr('step.code_one_hot')}",
        "output, (h_n, c_n), trace = lstm(X, return_trace=True)",
        "",
        f"t = {t}  # {tr('step.code_t')}",
        f"cell = trace[{k}]  # {tr('step.code_layer', layer=layer)}",
        f"# {tr('step.code_reference')}",
        "x_t, h_prev, c_prev = cell.x[t - 1, 0], cell.h_prev[t - 1, 0], cell.c_prev[t - 1, 0]",
        "w = lstm.state_dict()",
        f'step = lstm_step(x_t, h_prev, c_prev, w["weight_ih_l{k}"], w["weight_hh_l{k}"], '
        f'w["bias_ih_l{k}"], w["bias_hh_l{k}"])',
        f"for name in {notation.OVER_TIME!r}:",
        "    print(name, step[name].round(3))",
    ]
    if weights != "random":
        lines.append(f'print("p", model.predict_proba(X)[t - 1].round(3))  # {tr("step.code_probs")}')
    return "\n".join(lines) + "\n"


def reference_source() -> str:
    """The reference LSTM step as it stands in ``lstm_core/reference.py``: what the program
    above calls, for a student to read beside it."""
    return inspect.getsource(reference.sigmoid) + "\n\n" + inspect.getsource(reference.lstm_step)
