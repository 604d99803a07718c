"""A short NumPy program that reproduces the page's numbers with ``lstm_core``.

A student copies it into a notebook and gets exactly the values on the screen: the same
model (trained on the sequence or random, from the same seed) and the same step. The
sequence goes in as a Python literal (``repr``), so any text is data, never code.
"""

from __future__ import annotations

from lstm_viz.i18n import Translator


def numpy_snippet(seq: str, *, hidden: int, layers: int, seed: int, trained: bool, t: int, layer: int,
                  tr: Translator) -> str:
    """The program for this view (``t`` and ``layer`` count from 1, as on the page)."""
    if trained:
        imports = "fit_next_char, one_hot"
        model = [
            f"model, history = fit_next_char(text, hidden_size={hidden}, num_layers={layers}, "
            f'cell="lstm", seed={seed})  # {tr("step.code_trained")}',
            "lstm, vocab = model.rnn, model.vocab",
        ]
    else:
        imports = "LSTM, Vocabulary, one_hot"
        model = [
            f"vocab = Vocabulary.from_text(text)  # {tr('step.code_vocab')}",
            f"lstm = LSTM(len(vocab), {hidden}, num_layers={layers}, seed={seed})  # {tr('step.code_random')}",
        ]
    lines = [
        f"# {tr('step.code_title')}",
        f"from lstm_core import {imports}",
        "",
        f"text = {seq!r}",
        *model,
        f"X = one_hot(vocab.encode(text), len(vocab))  # {tr('step.code_one_hot')}",
        "output, (h_n, c_n), trace = lstm(X, return_trace=True)",
        "",
        f"t = {t}  # {tr('step.code_t')}",
        f"cell = trace[{layer - 1}]  # {tr('step.code_layer', layer=layer)}",
        'for name in ("f", "i", "g", "o", "c", "h"):',
        "    print(name, getattr(cell, name)[t - 1, 0].round(3))",
    ]
    if trained:
        lines.append(f'print("p", model.predict_proba(X)[t - 1].round(3))  # {tr("step.code_probs")}')
    return "\n".join(lines) + "\n"
