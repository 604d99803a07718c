"""The HTML of one step: its heading, the diagram beside the prediction, the text under
them (how to read the diagram, the input x_t) and the four steps of one LSTM step as four
cards: heading (a link to the glossary entry of its gate or state), equations with the
numbers, and a sentence that reads them, plus the common mistake h = o ⊙ c inside the
output card.

One HTML block for all four, because they change at every step: each Streamlit element
costs the browser time on a step change, far more than the same content as one block
(docs/performance.md has the measurement). Their look is in ``assets/css/lab.css``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np

from lstm_viz import equations, narrate
from lstm_viz.i18n import Translator, term_anchor

if TYPE_CHECKING:  # the questions are imported only where predict-then-reveal is on (a first view needs none)
    from lstm_viz.self_check import Question

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def sentence_html(sentence: str) -> str:
    """A reading from :mod:`lstm_viz.narrate` (fixed templates, ``**bold**`` numbers) as HTML."""
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(sentence, quote=False))


def readout(tr: Translator, t: int, T: int, char: str) -> str:
    """The step's heading, “t = 3 / 5 · input 'l'”."""
    return f'<h3 class="step-readout">{html.escape(narrate.readout(tr, t, T, char), quote=False)}</h3>'


def side_by_side(main: str, side: str) -> str:
    """The diagram with the prediction beside it (below it on narrow screens), as one block."""
    return f'<div class="step-panels"><div>{main}</div><div>{side}</div></div>'


def note(text: str) -> str:
    """A boxed remark in place of a figure (e.g. no prediction for random weights)."""
    return f'<div class="lab-note">{sentence_html(text)}</div>'


def step_input(step: Mapping[str, np.ndarray], char: str, layer: int, tr: Translator) -> str:
    """How to read the diagram, then x_t (and which units the equations show, if not all)."""
    H, shown = len(step["h"]), equations.rows_shown(len(step["h"]))
    units = (f'<p class="lab-caption tight">{sentence_html(tr("step.rows_shown", shown=shown, H=H))}</p>'
             if shown < H else "")
    return (f'<div class="step-input"><p class="lab-caption">{sentence_html(tr("step.how_to_read"))}</p>'
            f'<p class="input-heading">{sentence_html(tr("step.input_heading"))}</p>'
            f'{equations.together(equations.input_vector(step["x"], char, layer, tr.term("one_hot")))}{units}</div>')


def _reading(sentence: str) -> str:
    return f'<p class="reading">{sentence_html(sentence)}</p>'


CARD_OF_STAGE = {"forget": "forget", "input": "write", "update": "update", "output": "output"}
CARD_TERMS = {"forget": "forget_gate", "write": "input_gate", "update": "cell_state", "output": "output_gate"}
"""The glossary entry each card's heading links to."""


def _box(name: str, heading_html: str, body: str, *, inner: bool = False, look: str = "") -> str:
    css = "mistake" if inner else f"step-card {look}".strip()
    return f'<div class="{css}" data-step="{name}"><p class="card-title">{heading_html}</p>{body}</div>'


def _card(name: str, tr: Translator, formulas: list[str], reading: Callable[..., str],
          step: Mapping[str, np.ndarray], extra: str = "", look: str = "") -> str:
    body = f"{equations.together(*formulas)}{_reading(reading(step, tr))}{extra}"
    heading = term_anchor(html.escape(tr(f"step.{name}_heading"), quote=False), CARD_TERMS[name], tr.link_query)
    return _box(name, heading, body, look=look)


def four_steps(step: Mapping[str, np.ndarray], tr: Translator, stage: str = "all") -> str:
    """Forget, write, update and output for this step, two cards a row (one on narrow screens).

    With one ``stage`` on view (not "all"), its card is the current one and the other three
    are folded to their headings (class ``folded``; the look is in ``assets/css/lab.css``)."""
    current = CARD_OF_STAGE.get(stage)

    def look(name: str) -> str:
        return "" if current is None else ("current" if name == current else "folded")

    mistake = _box("mistake", html.escape(tr("step.mistake_heading"), quote=False),
                   equations.together(equations.wrong_output(step)) + _reading(narrate.mistake(step, tr)), inner=True)
    cards = [
        _card("forget", tr, [equations.gate("f", step)], narrate.forget, step, look=look("forget")),
        _card("write", tr, [equations.gate("i", step), equations.gate("g", step)], narrate.write, step,
              look=look("write")),
        _card("update", tr, [equations.update(step)], narrate.update, step, look=look("update")),
        _card("output", tr, [equations.gate("o", step), equations.output(step)], narrate.output, step, mistake,
              look=look("output")),
    ]
    return f'<div class="four-steps" data-stage="{stage if current else "all"}">{"".join(cards)}</div>'


def stage_note(step: Mapping[str, np.ndarray], tr: Translator, stage: str) -> str:
    """The stage on view, by name, and what it did to the memory at this step (for "all",
    how to walk the stages)."""
    name = html.escape(tr.choice("step", "stage", stage), quote=False)
    said = tr("step.stage_hint") if stage not in CARD_OF_STAGE else narrate.stage(step, tr, stage)
    return (f'<div class="stage-note" data-stage="{stage if stage in CARD_OF_STAGE else "all"}">'
            f'<p class="stage-name">{name}</p>{_reading(said)}</div>')


def ask(question: Question, tr: Translator) -> str:
    """Predict, then reveal: the question about the coming step, while its numbers stay hidden."""
    from lstm_viz.self_check import say

    return (f'<div class="predict-ask">{note(tr("step.predict_hidden"))}'
            f'<p class="predict-question">{sentence_html(say(tr, question.prompt))}</p></div>')


def reveal(question: Question, guess: int | None, tr: Translator) -> str:
    """After predict-then-reveal's question: the question, the class's guess (right or wrong,
    or none: revealed without one), and the reason from the step's numbers."""
    from lstm_viz.self_check import say

    if guess is None:
        verdict, look = tr("step.predict_revealed", answer=say(tr, question.right)), "guess-none"
    elif guess == question.answer:
        verdict, look = tr("step.predict_right", guess=say(tr, question.choices[guess])), "guess-right"
    else:
        verdict, look = tr("step.predict_wrong", guess=say(tr, question.choices[guess]),
                           answer=say(tr, question.right)), "guess-wrong"
    asked = sentence_html(say(tr, question.prompt))
    return (f'<div class="predict-reveal {look}"><p class="predict-question">{asked}</p>'
            f'{_reading(verdict + " " + say(tr, question.why))}</div>')
