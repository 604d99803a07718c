"""The sentences of /gradients that read its numbers aloud.

Every number a sentence quotes is read from the flows the charts draw, and a clause is
said only where its numbers support it, so the text can never contradict a chart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_viz import notation
from lstm_viz.gradient_figures import VANISHED, CellFlow, fraction_at
from lstm_viz.i18n import Translator


def probe_steps(T: int, wanted: int = 50) -> int:
    """How far back the page quotes the surviving gradient: 50 steps, or T − 1 if shorter."""
    return min(wanted, T - 1)


@dataclass(frozen=True)
class TrainedStory:
    """The numbers the trained note quotes, each read from the flows (k steps back)."""

    k: int
    rnn_h: float  # the trained RNN's ‖∂L/∂h‖ k steps back (the last step's is 1)
    rnn_start: float  # the same for the race's RNN before training
    lstm_h: float  # the trained LSTM's ‖∂L/∂h‖ k steps back
    lstm_c: float  # its ‖∂L/∂c‖ k steps back, on the same scale
    f_mean: float  # its forget gate f, the mean over units and steps
    x_first: float | None  # its ‖∂L/∂x‖ at step 1 (the symbol), as a share of the last step's; None if k = T − 1
    x_k: float  # its ‖∂L/∂x‖ k steps back (a distractor), as a share of the last step's


def trained_story(rnn: CellFlow, lstm: CellFlow, rnn_start: np.ndarray, T: int) -> TrainedStory:
    """What the trained view's note says, from the numbers of the charts (``rnn_start``: the
    race's RNN's ‖∂L/∂h‖ by steps back before training, on the same input)."""
    k = probe_steps(T)
    return TrainedStory(
        k=k, rnn_h=fraction_at(rnn.dh, k), rnn_start=fraction_at(rnn_start, k),
        lstm_h=fraction_at(lstm.dh, k), lstm_c=float(lstm.dc[k] / lstm.dh[0]), f_mean=float(np.mean(lstm.f)),
        x_first=fraction_at(lstm.dx, T - 1) if k < T - 1 else None, x_k=fraction_at(lstm.dx, k),
    )


def trained_note(story: TrainedStory, tr: Translator, *, sigma: float, delay: int) -> str:
    """What the trained weights show and why (Markdown paragraphs); ``sigma`` is the trained
    RNN's ‖W_hh‖₂, ``delay`` the memory task's it learnt."""
    rnn, lstm, k = tr.term("vanilla_rnn"), tr.term("lstm"), story.k
    rnn_part = tr("gradients.trained_rnn", rnn=rnn, delay=delay, sigma=notation.number(sigma), k=k,
                  rnn_h=notation.sci(story.rnn_h, 1))
    if story.rnn_h >= VANISHED:
        rnn_part += " " + tr("gradients.trained_rnn_held")
    parts = [rnn_part + " " + tr("gradients.trained_rnn_start", rnn=rnn, k=k,
                                 rnn_start=notation.sci(story.rnn_start, 1))]
    if story.rnn_start < VANISHED:
        parts.append(tr("gradients.trained_rnn_vanished", rnn=rnn))
    if story.lstm_c > story.lstm_h:
        parts.append(tr("gradients.trained_lstm_cell", lstm=lstm, k=k, lstm_h=notation.sci(story.lstm_h, 1),
                        lstm_c=notation.sci(story.lstm_c, 1), ratio=notation.number(story.lstm_c / story.lstm_h, 0),
                        f=notation.number(story.f_mean)))
    else:
        parts.append(tr("gradients.trained_lstm_h", lstm=lstm, k=k, lstm_h=notation.sci(story.lstm_h, 1),
                        lstm_c=notation.sci(story.lstm_c, 1)))
    if story.x_first is not None:
        parts.append(tr("gradients.trained_input", lstm=lstm, k=k, x_first=notation.sci(story.x_first, 1),
                        x_k=notation.sci(story.x_k, 1)))
    return "\n\n".join(parts)
