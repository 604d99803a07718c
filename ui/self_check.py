"""The self-checks at the end of a lesson: questions computed from the very models the
lesson's pages show (``ui.step_data``, ``ui.gradients_data``, ``lstm_viz.shapes``), asked
with instant feedback and the explanation with the numbers.

The answers live in this session only (widget state, never the URL); a pick reruns only
the questions (a fragment). Widget keys carry the lesson, the sequence and the seed, so
two lessons never share an answer and a new text starts with nothing picked.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

import numpy as np
import streamlit as st

from lstm_core import Vocabulary, split_symbols
from lstm_viz import self_check
from lstm_viz.i18n import Translator
from lstm_viz.self_check import Check, Question, markdown, say
from ui import gradients_data, step_data

CACHE_ENTRIES = 64
STEP_LESSONS = ("one_hot", "four_stages", "two_memories")


def step_check(seq: str, seed: int) -> tuple[dict, Check]:
    """The /step run of ``seq`` (trained where it can be, as the page does) and its link."""
    weights = "trained" if step_data.trainable(split_symbols(seq)) else "random"
    view = step_data.View(seq, seed=seed, weights=weights)
    params = {name: step_data.STATE.params[name].format(value) for name, value in view._asdict().items()
              if name in step_data.STATE.params}
    return step_data.step_run(view), Check("step", params)


def gradients_check(seed: int, act: str | None = None) -> tuple[gradients_data.Flows, Check]:
    """The /gradients flows at the page's defaults (the memory task, random weights of ``seed``,
    as the lessons link to them), and their link."""
    params = gradients_data.STATE.params
    values = {name: param.default for name, param in params.items()}
    values.update(seed=seed, act=act or values["act"])
    view = gradients_data.View(values["T"], values["hidden"], seed, values["act"], values["scale"], values["fbias"],
                               values["input"], values["seq"], values["weights"], values["gru"] == "on")
    return gradients_data.compute_flows(view), Check("gradients", {n: params[n].format(v) for n, v in values.items()})


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def lesson_questions(lesson_id: str, seq: str, seed: int) -> list[Question]:
    """The lesson's questions for this sequence and seed."""
    if lesson_id in STEP_LESSONS:
        run, check = step_check(seq, seed)
        return getattr(self_check, lesson_id)(run, check)
    if lesson_id in ("long_term", "vanishing"):
        flows, check = gradients_check(seed)
        if lesson_id == "vanishing":
            return self_check.vanishing(flows.cells, check)
        return self_check.long_term(flows.cells, flows.sigma_max, check.params["act"], check)
    if lesson_id == "activations":
        by_act = {act: gradients_check(seed, act) for act in self_check.ACTS}
        jac_max = {act: float(np.nanmax(flows.cells["rnn"].jac)) for act, (flows, _) in by_act.items()}
        flows, check = by_act["tanh"]
        return self_check.activations(gradients_data.repeated_product(int(check.params["T"])),
                                      gradients_data.REPEAT_WEIGHT, jac_max, flows.sigma_max, check)
    if lesson_id == "shapes":
        symbols = split_symbols(seq) or ["?"]
        s = self_check.shape_settings(symbols, len(Vocabulary.from_text("".join(symbols))), seed)
        return self_check.shape_questions(s, Check("shapes", self_check.shape_params(s)))
    raise ValueError(f"no lesson {lesson_id!r}")


def show(tr: Translator, lesson_id: str, seq: str, seed: int) -> None:
    """The lesson's self-check: each question with its choices, none picked; once one is
    picked, right or wrong and why, with the numbers, and a link to them on their page."""
    questions = lesson_questions(lesson_id, seq, seed)
    tag = hashlib.sha256(f"{seq}\0{seed}".encode()).hexdigest()[:10]
    st.subheader(tr("self_check.heading"))
    st.caption(tr("self_check.intro"))
    if not questions:
        st.info(tr("self_check.no_questions"), icon=":material/help:")
    _questions(tr, lesson_id, tag, questions)


@st.fragment
def _questions(tr: Translator, lesson_id: str, tag: str, questions: list[Question]) -> None:
    for n, question in enumerate(questions):
        labels = [say(tr, choice) for choice in question.choices]
        with st.container(border=True, key=f"self_check_{lesson_id}_{n}"):
            pick = st.radio(markdown(say(tr, question.prompt)), range(len(labels)), index=None,
                            format_func=lambda j, labels=labels: markdown(labels[j]),
                            key=f"self_check_{lesson_id}_{tag}_{n}")
            if pick is not None:
                why = markdown(say(tr, question.why))
                if pick == question.answer:
                    st.success(f"{markdown(tr('self_check.right'))} {why}", icon=":material/check_circle:")
                else:
                    said = markdown(tr("self_check.wrong", answer=labels[question.answer]))
                    st.error(f"{said} {why}", icon=":material/cancel:")
            if question.check is not None:
                st.markdown(f":material/open_in_new: [{markdown(tr('self_check.check_link'))}]"
                            f"({check_url(question.check, tr.lang)})")


def check_url(check: Check, lang: str) -> str:
    """The link to the question's numbers on their page, relative to this page's URL (a new
    tab, a new session: the link's settings apply, and the lesson stays open here)."""
    return f"{check.page}?{urlencode({**check.params, 'lang': lang})}"
