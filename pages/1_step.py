"""The LSTM step by step (/step): type a sequence, step through time, watch the cell think.

Settings that a shared link carries live in the URL (``ui.url_state``); the numbers come
from one cached run (``ui.step_data``); the step-synchronised panels sit in a fragment,
so moving the step reruns only them. What a first look does not need (the curves over
time, the encoding, the playback, the trace table, the code) sits in sections drawn only
when opened, so the page arrives fast. Figures, equations and sentences are built by the
pure modules of ``lstm_viz``.
"""

import streamlit as st

from lstm_core import split_symbols
from lstm_viz import cards, diagram, narrate, snippet, step_figures
from ui import step_data, widgets
from ui.frame import frame, show_notices
from ui.params import ChoiceParam, IntParam, Notice, TextParam, clean_text
from ui.url_state import publish, restore, widget_key

tr = frame("step")

PAGE = "step"
DEFAULT = step_data.View()
SEQ = TextParam("seq", DEFAULT.seq, step_data.MAX_SEQUENCE)
STEP = IntParam("t", 1, 1, step_data.MAX_SEQUENCE)
HIDDEN = IntParam("hidden", DEFAULT.hidden, 1, 32)
LAYERS = IntParam("layers", DEFAULT.layers, 1, 3)
SEED = IntParam("seed", DEFAULT.seed, 0, 9999)
WEIGHTS = ChoiceParam("weights", DEFAULT.weights, ("trained", "random"))
VIEW = IntParam("layer", 1, 1, 3)
PARAMS = (SEQ, STEP, HIDDEN, LAYERS, SEED, WEIGHTS, VIEW)
KEY = {p.key: widget_key(PAGE, p) for p in PARAMS}
STEP_SECTIONS = ("code", "over_time")  # sections whose content follows the step
CHART = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


def _on_sequence_edit() -> None:
    """Clean what was typed (control characters, length) and start again at step 1."""
    text, notices = clean_text(st.session_state[KEY["seq"]], step_data.MAX_SEQUENCE)
    st.session_state[KEY["seq"]] = text
    st.session_state[KEY["t"]] = 1
    st.session_state["_step_notices"] = notices


def _pick_example(text: str) -> None:
    st.session_state[KEY["seq"]] = text
    st.session_state[KEY["t"]] = 1


notices = restore(PAGE, PARAMS) + st.session_state.pop("_step_notices", [])
runs = st.session_state["_step_full_runs"] = st.session_state.get("_step_full_runs", 0) + 1
with st.container(key=f"step_full_run_{runs}"):  # the CSS class counts full runs, for the browser tests
    st.title(tr("step.title"))
st.markdown(tr("step.intro"))
st.text_input(tr("step.sequence"), key=KEY["seq"], on_change=_on_sequence_edit,
              placeholder=tr("step.sequence_placeholder"))
widgets.example_chips(tr("step.examples"), [("hello", "hello"), ("안녕하세요", "안녕하세요"),
                                            (tr("step.example_sentence"), tr("step.example_sentence"))],
                      key=PAGE, on_pick=_pick_example)

with st.sidebar:
    st.subheader(tr("step.model"))
    st.radio(tr("step.weights"), WEIGHTS.choices, key=KEY["weights"], format_func=lambda w: tr(f"step.weights_{w}"))
    st.slider(tr("step.hidden"), HIDDEN.lo, HIDDEN.hi, key=KEY["hidden"])
    st.segmented_control(tr("step.layers"), range(LAYERS.lo, LAYERS.hi + 1), key=KEY["layers"], required=True)
    st.number_input(tr("step.seed"), SEED.lo, SEED.hi, step=1, key=KEY["seed"])
    layers = st.session_state[KEY["layers"]]
    st.session_state[KEY["layer"]] = min(st.session_state[KEY["layer"]], layers)
    if layers > 1:
        st.segmented_control(tr("step.layer_view"), range(1, layers + 1), key=KEY["layer"], required=True)
    model_note = st.empty()
    widgets.share_link(tr("common.share_link"), tr("common.share_help"), PARAMS, PAGE)  # outside the step's fragment

seq = st.session_state[KEY["seq"]]
symbols = split_symbols(seq)
if not symbols:
    show_notices(tr, notices)
    st.info(tr("step.empty_prompt"), icon=":material/keyboard:")
    publish(PAGE, PARAMS)
    st.stop()

T = len(symbols)
if st.session_state[KEY["t"]] > T:
    notices.append(Notice("common.notice_clamped", {"name": STEP.key, "raw": str(st.session_state[KEY["t"]]),
                                                    "lo": 1, "hi": T, "used": T}))
    st.session_state[KEY["t"]] = T
trained = st.session_state[KEY["weights"]] == "trained"
if trained and not step_data.trainable(symbols):
    notices.append(Notice("step.notice_not_trainable"))
    trained = False
show_notices(tr, notices)

settings = step_data.View(seq, st.session_state[KEY["hidden"]], layers, st.session_state[KEY["seed"]],
                          "trained" if trained else "random")
with st.spinner(tr("common.training") if trained else tr("common.computing")):
    data = step_data.step_run(*settings)
if data["history"] is not None:
    history = data["history"]
    model_note.caption(tr("step.trained_summary", steps=history["steps"], accuracy=narrate.percent(history["accuracy"]),
                          loss=narrate.value(history["loss"])))
layer_no = st.session_state[KEY["layer"]]
c_range = step_figures.c_bound(data["layers"])


@st.fragment
def step_view(data: dict, layer_no: int, c_range: float) -> None:
    """Everything that follows the current step; a step change reruns only this.

    Few, large elements: each Streamlit element costs the browser time at every step, so
    the heading, the diagram with the prediction, x_t and the four cards are one HTML
    block, and the sections that follow the step sit in here only while one is open.
    """
    symbols, layer = data["symbols"], data["layers"][layer_no - 1]
    T = len(symbols)
    t = widgets.step_navigator(key=KEY["t"], n_steps=T, label=tr("step.time_step"), previous=tr("step.previous"),
                               next_=tr("step.next"))
    publish(PAGE, PARAMS)
    char, step = symbols[t - 1], step_data.at_step(layer, t)
    where = {"t": t, "layer": layer_no}
    if data["probs"] is None:
        side = cards.note(tr("step.prob_random"))
    else:
        answer = data["vocab"].index(symbols[t]) if t < T else None
        side = step_figures.prediction(data["probs"][t - 1], data["vocab"], answer, tr, t=t, char=char)
    cell = diagram.cell_html(step, tr, char=char, layer=layer_no, c_range=c_range,
                             title=tr("step.diagram_title", **where), alt=tr("step.diagram_alt", **where))
    st.html(cards.readout(tr, t, T, char) + cards.side_by_side(cell, side)
            + cards.step_input(step, char, layer_no, tr) + cards.four_steps(step, tr))
    if step_sections_open():
        step_sections(t)
    elif st.session_state.get("_step_sections_in_fragment"):
        st.rerun(scope="app")  # the last open one was just closed: draw them below the fragment again


def step_sections_open() -> bool:
    return any(st.session_state.get(f"step_open_{name}") for name in STEP_SECTIONS)


def step_sections(t: int) -> None:
    """The sections that follow the step: the code that reproduces it, and the run over time
    with the step marked. Closed, they sit below the fragment and cost a step nothing."""
    def code() -> None:
        st.code(snippet.numpy_snippet(seq, hidden=settings.hidden, layers=len(data["layers"]), seed=settings.seed,
                                      trained=data["probs"] is not None, t=t, layer=layer_no, tr=tr),
                language="python")

    def over_time() -> None:
        st.html(step_figures.step_ruler(data["symbols"], t, tr))  # the heatmaps below do not change with the step
        for name in ("heatmaps", "lines"):
            st.plotly_chart(step_data.figure(name, *settings, layer_no, tr.lang), key=f"step_{name}", config=CHART)

    widgets.lazy_section(tr("step.code_heading"), key="step_open_code", icon=":material/code:", draw=code)
    widgets.lazy_section(tr("step.over_time"), key="step_open_over_time", icon=":material/stacked_line_chart:",
                         draw=over_time)


def encoding() -> None:
    from lstm_viz import tables  # pandas: imported when a table is first opened, not on the first view

    st.caption(tr("step.one_hot_caption"))
    st.dataframe(tables.one_hot_table(data["symbols"], data["vocab"], data["x"], tr), key="step_one_hot")


def playback() -> None:
    st.caption(tr("step.playback_caption"))
    st.plotly_chart(step_data.figure("playback", *settings, layer_no, tr.lang), key="step_playback", config=CHART)


def trace_table() -> None:
    from lstm_viz import tables  # pandas: imported when a table is first opened, not on the first view

    st.caption(tr("step.trace_caption"))
    trace = tables.trace_table(data["layers"], data["symbols"], tr)
    st.download_button(tr("step.download_csv"), tables.csv_bytes(trace), file_name="lstm_trace.csv",
                       mime="text/csv", icon=":material/download:", on_click="ignore", key="step_csv")
    st.dataframe(trace, height=320, hide_index=True, key="step_trace",
                 column_config={name: st.column_config.NumberColumn(format="%.3f")
                                for name in tables.TRACE_COLUMNS})


st.session_state["_step_sections_in_fragment"] = step_sections_open()
step_view(data, layer_no, c_range)
if not st.session_state["_step_sections_in_fragment"]:
    step_sections(st.session_state[KEY["t"]])
for name, draw, icon in (("encoding", encoding, ":material/grid_on:"),
                         ("playback_heading", playback, ":material/play_circle:"),
                         ("trace_heading", trace_table, ":material/table:")):
    widgets.lazy_section(tr(f"step.{name}"), key=f"step_open_{name.removesuffix('_heading')}", icon=icon, draw=draw)
