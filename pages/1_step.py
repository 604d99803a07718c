"""The LSTM step by step (/step): type a sequence, step through time, watch the cell think.

Layout only, as every page (see the README's "How to add a page"): the settings and the
cached numbers are in ``ui.step_data``, the figures, diagram, cards and code in
``lstm_viz``. The step-synchronised panels sit in a fragment, so moving the step reruns
only them; what a first look does not need sits in sections drawn only when opened.
"""

import streamlit as st

from lstm_core import split_symbols
from lstm_core.override import at_step
from lstm_viz import cards, diagram, notation, snippet, step_figures, style
from ui import step_data, widgets
from ui.frame import frame, show_notices
from ui.params import Notice, clean_text

tr = frame("step")
state = step_data.STATE


def on_sequence_edit() -> None:
    """Clean what was typed (control characters, length) and start again at step 1."""
    state["seq"], st.session_state["_step_notices"] = clean_text(state["seq"], step_data.MAX_SEQUENCE)
    state["t"] = 1


def pick_example(text: str) -> None:
    state["seq"], state["t"] = text, 1


def move_stage(delta: int) -> None:
    """One stage on, or back, in the order all → forget → input → update → output → all."""
    order = state.params["stage"].choices
    state["stage"] = order[(order.index(state["stage"]) + delta) % len(order)]


def guessed(t: int, steps: dict, key: str | None = None) -> None:
    """Predict, then reveal: the class's guess (the choice in widget ``key``), or the Reveal button, shows step t."""
    steps[t] = step_data.NO_GUESS if key is None else st.session_state[key]


def start_predicting() -> None:
    """Predicting (again) begins on the step on show: it stays shown, the next ones wait for guesses."""
    st.session_state.pop(step_data.PREDICT, None)


notices = state.restore() + st.session_state.pop("_step_notices", [])
# The heading and the intro beside the sequence and its examples, so that the navigator
# and the whole diagram fit one 1280 × 720 screen (the compact look: .st-key-step_head in lab.css).
heading, entry = st.columns([3, 2], gap="medium")
with heading.container(key="step_head"):
    st.title(tr("step.title"))
    st.markdown(tr.linked("step.intro"), unsafe_allow_html=True)
with entry.container(key="step_entry"):
    st.text_input(tr("step.sequence"), key=state.key("seq"), on_change=on_sequence_edit,
                  placeholder=tr("step.sequence_placeholder"))
    widgets.example_chips(tr("step.examples"), [("hello", "hello"), ("안녕하세요", "안녕하세요"),
                                                (tr("step.example_sentence"), tr("step.example_sentence"))],
                          key="step", on_pick=pick_example)

session_file = step_data.session_model(state["seq"])  # a model this session trained on /train
if state["weights"] == "session" and session_file is None:
    notices.append(Notice("step.notice_no_session_model"))
    state["weights"] = "trained"
with st.sidebar:
    st.toggle(tr("step.predict"), key=state.key("predict"), help=tr("step.predict_help"), on_change=start_predicting)
    st.subheader(tr("step.model"))
    weights, hidden, layers, seed = (state.params[name] for name in ("weights", "hidden", "layers", "seed"))
    st.radio(tr("step.weights"), weights.choices if session_file else weights.choices[:2], key=state.key("weights"),
             format_func=lambda w: tr.choice("step", "weights", w))
    fixed = state["weights"] == "session"  # the session's model has its own sizes
    st.slider(tr("step.hidden"), hidden.lo, hidden.hi, key=state.key("hidden"), disabled=fixed)
    st.segmented_control(tr("step.layers"), range(layers.lo, layers.hi + 1), key=state.key("layers"), required=True,
                         disabled=fixed)
    st.number_input(tr("step.seed"), seed.lo, seed.hi, step=1, key=state.key("seed"), disabled=fixed)
    state.clamp("layer", state["layers"], notices)
    if state["layers"] > 1:
        st.segmented_control(tr("step.layer_view"), range(1, state["layers"] + 1), key=state.key("layer"),
                             required=True)
    model_note = st.empty()
    widgets.share_link(tr("common.share_link"), tr("common.share_help"), state)  # outside the step's fragment

symbols = split_symbols(state["seq"])
if not symbols:
    show_notices(tr, notices, state.page_id)
    st.info(tr("step.empty_prompt"), icon=":material/keyboard:")
    state.publish()
    st.stop()

state.clamp("t", len(symbols), notices)
view = step_data.view(state, symbols, notices)
show_notices(tr, notices, state.page_id)
with st.spinner(tr("common.training") if view.weights == "trained" else tr("common.computing")):
    data = step_data.step_run(view, session_file)
if view.weights == "session":
    model_note.caption(tr("step.session_summary", hidden=view.hidden, layers=view.layers))
elif data["history"] is not None:
    history = data["history"]
    model_note.caption(tr("step.trained_summary", steps=history["steps"],
                          accuracy=notation.percent(history["accuracy"]), loss=notation.number(history["loss"])))
layer_no = state["layer"]


def code() -> None:
    st.code(snippet.numpy_snippet(view.seq, hidden=view.hidden, layers=view.layers, seed=view.seed,
                                  weights=view.weights, t=state["t"], layer=layer_no, tr=tr),
            language="python")
    st.caption(tr("step.code_reference_source"))
    st.code(snippet.reference_source(), language="python")


def over_time() -> None:
    st.html(step_figures.step_ruler(data["symbols"], state["t"], tr))  # the heatmaps below do not change with the step
    for name in ("heatmaps", "lines"):
        st.plotly_chart(step_data.figure(name, view, layer_no, tr.lang, session_file), key=f"step_{name}",
                        config=style.CHART_CONFIG)


def encoding() -> None:
    from lstm_viz import tables  # pandas: imported when a table is first opened, not on the first view

    st.caption(tr.linked("step.one_hot_caption"), unsafe_allow_html=True)
    st.dataframe(tables.one_hot_table(data["symbols"], data["vocab"], data["x"], tr), key="step_one_hot")


def playback() -> None:
    st.caption(tr("step.playback_caption"))
    st.plotly_chart(step_data.figure("playback", view, layer_no, tr.lang, session_file), key="step_playback",
                    config=style.CHART_CONFIG)


def trace_table() -> None:
    from lstm_viz import tables  # pandas: imported when a table is first opened, not on the first view

    st.caption(tr.linked("step.trace_caption"), unsafe_allow_html=True)
    trace = tables.trace_table(data["layers"], data["symbols"], tr)
    st.download_button(tr("step.download_csv"), tables.csv_bytes(trace), file_name="lstm_trace.csv",
                       mime="text/csv", icon=":material/download:", on_click="ignore", key="step_csv")
    st.dataframe(trace, height=320, hide_index=True, key="step_trace",
                 column_config={tr(f"step.col_{name}"): st.column_config.NumberColumn(format="%.3f")
                                for name in tables.TRACE_COLUMNS})


def every_step(draw):
    """A section that shows every step at once: while the class predicts step by step, it
    waits, so that opening it does not give away the steps not yet guessed."""
    def shown() -> None:
        if state["predict"]:
            st.caption(tr("step.predict_waits"))
        else:
            draw()
    return shown


following_step = widgets.FragmentSections("step_following", (
    widgets.Section(tr("step.code_heading"), "step_open_code", code, ":material/code:"),
    widgets.Section(tr("step.over_time"), "step_open_over_time", every_step(over_time),
                    ":material/stacked_line_chart:"),
))


@st.fragment
def step_view(data: dict, layer_no: int, sections: widgets.FragmentSections) -> None:
    """Everything that follows the current step; a step change reruns only this.

    Few, large elements: each Streamlit element costs the browser time at every step, so
    the diagram with the step's heading and the prediction beside it, x_t and the four
    cards are one HTML block, and the sections that follow the step sit in here only while one is open.
    """
    symbols, layer = data["symbols"], data["layers"][layer_no - 1]
    T = len(symbols)
    steps, stages = st.columns([3, 2], gap="small", vertical_alignment="bottom")
    with steps:
        t = widgets.step_navigator(key=state.key("t"), n_steps=T, label=tr("step.time_step"),
                                   previous=tr("step.previous"), next_=tr("step.next"),
                                   previous_help=tr("step.previous_help"), next_help=tr("step.next_help"))
    with stages, st.container(horizontal=True, horizontal_alignment="right", gap="small", key="step_stages"):
        st.button(tr("step.stage_previous"), key="step_stage_prev", icon=":material/first_page:", shortcut="P",
                  help=tr("step.stage_previous_help"), on_click=move_stage, args=(-1,))
        st.button(tr("step.stage_next"), key="step_stage_next", icon=":material/last_page:", icon_position="right",
                  shortcut="N", help=tr("step.stage_next_help"), on_click=move_stage, args=(1,))
    stage = state["stage"]
    state.publish()
    char, step = symbols[t - 1], at_step(layer, t)
    where = {"t": t, "layer": layer_no}
    question = None
    if state["predict"]:
        from lstm_viz import self_check  # only with predict on: a first view does not load the questions

        question = self_check.predict(data, layer_no, t)
    shown = step_data.revealed_steps(view, layer_no, t)
    if question is not None and t not in shown:  # the class guesses before the numbers show
        st.html(cards.readout(tr, t, T, char) + cards.ask(question, tr))
        with st.container(horizontal=True, vertical_alignment="center", key="step_guess"):
            options = [self_check.markdown(self_check.say(tr, c)) for c in question.choices]
            st.pills(self_check.markdown(self_check.say(tr, question.prompt)), range(len(options)),
                     format_func=options.__getitem__, key=f"step_guess_{t}", label_visibility="collapsed",
                     on_change=guessed, args=(t, shown, f"step_guess_{t}"))
            st.button(tr("step.predict_reveal"), key="step_reveal", icon=":material/visibility:",
                      on_click=guessed, args=(t, shown))
        sections.in_fragment()
        return
    guess = shown.get(t)
    told = "" if question is None or guess is None else cards.reveal(
        question, None if guess == step_data.NO_GUESS else guess, tr)
    if data["probs"] is None:
        side = cards.note(tr("step.prob_random"))
    else:
        answer = data["vocab"].index(symbols[t]) if t < T else None
        side = step_figures.prediction(data["probs"][t - 1], data["vocab"], answer, tr, t=t, char=char)
    cell = diagram.cell_html(step, tr, char=char, layer=layer_no, c_range=step_figures.c_bound(data["layers"]),
                             title=tr("step.diagram_title", **where), alt=tr("step.diagram_alt", **where),
                             stage=stage)
    st.html(cards.side_by_side(cell, cards.readout(tr, t, T, char) + told + cards.stage_note(step, tr, stage) + side)
            + cards.step_input(step, char, layer_no, tr) + cards.four_steps(step, tr, stage))
    sections.in_fragment()


following_step.before_fragment()
step_view(data, layer_no, following_step)
following_step.after_fragment()
widgets.sections(
    widgets.Section(tr("step.encoding"), "step_open_encoding", encoding, ":material/grid_on:"),
    widgets.Section(tr("step.playback_heading"), "step_open_playback", every_step(playback), ":material/play_circle:"),
    widgets.Section(tr("step.trace_heading"), "step_open_trace", every_step(trace_table), ":material/table:"),
)
