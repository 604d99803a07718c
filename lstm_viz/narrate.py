"""One plain sentence per step that reads this step's numbers aloud.

Each reader picks the unit that tells the story best (the one that keeps the most
memory, writes the most, changes the most, shows the most) and fills a translated
template. Units and steps are counted from 1, as on the page. Korean templates put no
particle right after a number (its reading decides the particle), so any number fits.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from lstm_viz import escape
from lstm_viz.i18n import Translator
from lstm_viz.notation import number, percent


def _vectors(step: Mapping[str, np.ndarray], *names: str) -> list[np.ndarray]:
    return [np.asarray(step[name], dtype=float) for name in names]


def forget(step: Mapping[str, np.ndarray], tr: Translator) -> str:
    (f,) = _vectors(step, "f")
    if len(f) == 1:
        return tr("step.say_forget_one", keep=percent(f[0]))
    keep, drop = int(f.argmax()), int(f.argmin())
    return tr("step.say_forget", keep_unit=keep + 1, keep=percent(f[keep]), drop_unit=drop + 1,
              drop=percent(f[drop]))


def write(step: Mapping[str, np.ndarray], tr: Translator) -> str:
    i, g = _vectors(step, "i", "g")
    k = int(np.abs(i * g).argmax())
    return tr("step.say_input", unit=k + 1, i=percent(i[k]), g=number(g[k]), ig=number(i[k] * g[k]))


def update(step: Mapping[str, np.ndarray], tr: Translator) -> str:
    c_prev, c = _vectors(step, "c_prev", "c")
    k = int(np.abs(c - c_prev).argmax())
    return tr("step.say_update", unit=k + 1, c_prev=number(c_prev[k]), c=number(c[k]))


def output(step: Mapping[str, np.ndarray], tr: Translator) -> str:
    o, tanh_c, h = _vectors(step, "o", "tanh_c", "h")
    k = int(np.abs(h).argmax())
    return tr("step.say_output", unit=k + 1, o=percent(o[k]), tanh_c=number(tanh_c[k]), h=number(h[k]))


def mistake(step: Mapping[str, np.ndarray], tr: Translator) -> str:
    """Where the wrong h = o ⊙ c differs most from the right h = o ⊙ tanh(c)."""
    o, c, h = _vectors(step, "o", "c", "h")
    wrong = o * c
    k = int(np.abs(wrong - h).argmax())
    return tr("step.say_mistake", unit=k + 1, right=number(h[k]), wrong=number(wrong[k]))


def readout(tr: Translator, t: int, T: int, ch: str) -> str:
    """“t = 3 / 5 · input 'l'” as plain text (the symbol made visible, not escaped)."""
    return tr("step.readout", t=t, T=T, char=escape.visible_char(ch))


def stage(step: Mapping[str, np.ndarray], tr: Translator, name: str) -> str:
    """What one stage did to the memory at this step, from its numbers (the stage's lead
    sentence, then its card's reading of the unit that tells the story best)."""
    f, i, g, c_prev, c, o = _vectors(step, "f", "i", "g", "c_prev", "c", "o")
    if name == "forget":
        lead = tr("step.say_stage_forget", keep=percent(f.mean()), before=number(np.abs(c_prev).sum()),
                  after=number(np.abs(f * c_prev).sum()))
        return f"{lead} {forget(step, tr)}"
    if name == "input":
        written = i * g
        lead = tr("step.say_stage_input", up=int((written > 0).sum()), down=int((written < 0).sum()),
                  size=number(np.abs(written).sum()))
        return f"{lead} {write(step, tr)}"
    if name == "update":
        return f"{tr('step.say_stage_update', moved=number(np.abs(c - c_prev).sum()))} {update(step, tr)}"
    if name == "output":
        return f"{tr('step.say_stage_output', shown=percent(o.mean()))} {output(step, tr)}"
    raise ValueError(f"no stage {name!r}")
