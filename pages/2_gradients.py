"""RNN vs LSTM (URL /gradients): how much of a loss's gradient at the last step reaches
each earlier step, why, and which cell remembers across a long delay."""

import numpy as np
import streamlit as st

from lstm_core import sigmoid
from lstm_viz import escape
from lstm_viz import gradient_figures as figs
from ui import gradients_data as data
from ui.frame import frame, show_notices
from ui.params import ChoiceParam, FloatParam, IntParam, TextParam, clean_text
from ui.url_state import publish, restore, value, widget_key
from ui.widgets import lazy_section, share_link

tr = frame("gradients")

PAGE = "gradients"
SCALE_OPTIONS = (0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0)
FBIAS_STEP = 0.5
MAX_TEXT = 200
P_INPUT = ChoiceParam("input", "task", ("task", "text"))
P_SEQ = TextParam("seq", "hello", MAX_TEXT)
P_T = IntParam("T", 100, 5, 200)
P_HIDDEN = IntParam("hidden", 16, 1, 64)
P_SEED = IntParam("seed", 0, 0, 9999)
P_WEIGHTS = ChoiceParam("weights", "random", ("random", "trained"))
P_GRU = ChoiceParam("gru", "off", ("off", "on"))
P_ACT = ChoiceParam("act", "tanh", ("tanh", "sigmoid", "relu"))
P_SCALE = FloatParam("scale", 0.9, SCALE_OPTIONS[0], SCALE_OPTIONS[-1])
P_FBIAS = FloatParam("fbias", 3.0, -3.0, 8.0)
PARAMS = (P_INPUT, P_SEQ, P_T, P_HIDDEN, P_SEED, P_WEIGHTS, P_GRU, P_ACT, P_SCALE, P_FBIAS)
ACT_NAMES = {"tanh": "tanh", "sigmoid": "sigmoid", "relu": "ReLU"}

RNN_STEP = r"h_t = \varphi\left(W_{ih}\,x_t + W_{hh}\,h_{t-1} + b\right)"
LSTM_STEP = r"c_t = f_t \odot c_{t-1} + i_t \odot g_t,\quad f_t = \sigma\left(W_f\,[x_t, h_{t-1}] + b_f\right)"
RNN_JACOBIAN = (r"\begin{gathered}\frac{\partial h_t}{\partial h_{t-1}} = \operatorname{diag}\big(\varphi'(a_t)\big)"
                r"\,W_{hh} \\ \Big\lVert \frac{\partial h_t}{\partial h_{t-1}} \Big\rVert_2"
                r" \le \max\varphi' \cdot \lVert W_{hh} \rVert_2\end{gathered}")
LSTM_CELL_PATH = (r"\begin{gathered}\frac{\partial c_t}{\partial c_{t-1}} = \operatorname{diag}(f_t) \\"
                  r"\frac{\partial c_T}{\partial c_t} = \operatorname{diag}\Big(\prod_{s=t+1}^{T} f_s\Big)"
                  r"\end{gathered}")
GRU_STATE = r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}"

notices = restore(PAGE, PARAMS)
for param, snapped in ((P_SCALE, data.nearest(value(PAGE, P_SCALE), SCALE_OPTIONS)),
                       (P_FBIAS, round(value(PAGE, P_FBIAS) / FBIAS_STEP) * FBIAS_STEP + 0.0)):
    if snapped != value(PAGE, param):
        notices.append(data.snap_notice(param.key, value(PAGE, param), snapped))
        st.session_state[widget_key(PAGE, param)] = snapped

st.title(tr("gradients.title"))
st.markdown(tr("gradients.intro"))

# ------------------------------------------------------------------ the settings
trained = value(PAGE, P_WEIGHTS) == "trained"
with st.container(border=True):
    c_input, c_T, c_hidden = st.columns([3, 4, 3], gap="large")
    c_input.segmented_control(tr("gradients.input_label"), P_INPUT.choices, key=widget_key(PAGE, P_INPUT),
                              format_func=lambda s: tr(f"gradients.input_{s}"), required=True, disabled=trained,
                              help=tr("gradients.trained_input_help") if trained else None)
    if value(PAGE, P_INPUT) == "text" and not trained:
        c_input.text_input(tr("gradients.text_label"), key=widget_key(PAGE, P_SEQ), max_chars=MAX_TEXT)
    c_T.slider(tr("gradients.T_label"), P_T.lo, P_T.hi, key=widget_key(PAGE, P_T), help=tr("gradients.T_help"))
    c_hidden.slider(tr("gradients.hidden_label"), P_HIDDEN.lo, P_HIDDEN.hi, key=widget_key(PAGE, P_HIDDEN))
    c_weights, c_seed, c_gru = st.columns([3, 4, 3], gap="large")
    c_weights.segmented_control(tr("gradients.weights_label"), P_WEIGHTS.choices, key=widget_key(PAGE, P_WEIGHTS),
                                format_func=lambda s: tr(f"gradients.weights_{s}"), required=True,
                                help=tr("gradients.weights_help", delay=data.TRAIN_DELAY))
    c_seed.number_input(tr("gradients.seed_label"), P_SEED.lo, P_SEED.hi, step=1, key=widget_key(PAGE, P_SEED))
    c_gru.segmented_control(tr("gradients.gru_label"), P_GRU.choices, key=widget_key(PAGE, P_GRU),
                            format_func=lambda s: tr(f"gradients.gru_{s}"), required=True)

text, text_notices = clean_text(value(PAGE, P_SEQ), MAX_TEXT)
if value(PAGE, P_INPUT) == "text" and not text.strip():
    text_notices.append(data.empty_text_notice(P_SEQ.default))
    text = P_SEQ.default
notices += text_notices

left, right = st.columns(2, gap="large")
with left:
    st.subheader(tr.term("vanilla_rnn"))
    st.latex(RNN_STEP)
    st.segmented_control(tr("gradients.act_label"), P_ACT.choices, key=widget_key(PAGE, P_ACT), required=True,
                         format_func=ACT_NAMES.__getitem__)
    st.select_slider(tr("gradients.scale_label"), SCALE_OPTIONS, key=widget_key(PAGE, P_SCALE), disabled=trained,
                    help=tr("gradients.trained_disabled") if trained else tr("gradients.scale_help"))
with right:
    st.subheader(tr.term("lstm"))
    st.latex(LSTM_STEP)
    st.slider(tr("gradients.fbias_label"), P_FBIAS.lo, P_FBIAS.hi, step=FBIAS_STEP, key=widget_key(PAGE, P_FBIAS),
              disabled=trained, help=tr("gradients.trained_disabled") if trained else tr("gradients.fbias_help"))

publish(PAGE, PARAMS)
show_notices(tr, notices)

T, act, source = value(PAGE, P_T), value(PAGE, P_ACT), "task" if trained else value(PAGE, P_INPUT)
spinner = tr("gradients.training", delay=data.TRAIN_DELAY) if trained else tr("common.computing")
settings = (T, value(PAGE, P_HIDDEN), value(PAGE, P_SEED), act, value(PAGE, P_SCALE), value(PAGE, P_FBIAS), source,
            text, value(PAGE, P_WEIGHTS), value(PAGE, P_GRU) == "on")
with st.spinner(spinner):
    flows = data.compute_flows(*settings)
cells = list(flows.cells.values())


def chart(name: str):
    """A figure of this view, built the first time a section shows it (then cached)."""
    return data.chart(name, *settings, tr.lang)


shown = " ".join(escape.markdown(escape.visible_char(s)) for s in flows.symbols[: data.SHOWN_SYMBOLS])
more = " …" if T > data.SHOWN_SYMBOLS else ""
if source == "task":
    caption = tr("gradients.input_task_caption", T=T, signal=flows.symbols[0])
else:
    caption = tr("gradients.input_text_caption", T=T, text=escape.markdown(text))
if trained:
    caption += " " + tr("gradients.trained_caption", delay=data.TRAIN_DELAY, sigma=f"{flows.sigma_max:.3f}",
                        fbias=f"{flows.forget_bias:.2f}")
st.caption(f"{caption}  \n{shown}{more}")
if trained:
    st.info(tr("gradients.trained_note"), icon=":material/school:")

# ------------------------------------------------------- gradient reaching each step
st.header(tr("gradients.reach_header"))
st.plotly_chart(chart("reach"), key="gradients_reach")
k = data.probe_steps(T)
for column, flow in zip(st.columns(len(cells)), cells, strict=True):
    label = tr("gradients.share_label", cell=figs.cell_name(tr, flow.cell), k=k)
    if flow.h_overflow is not None:  # computed through h = ∞/NaN: no number to quote
        column.metric(label, tr("gradients.h_overflow_metric"), help=tr("gradients.share_help", k=k))
        continue
    column.metric(label, figs.sci(data.fraction_at(flow.dh, k)), help=tr("gradients.share_help", k=k))
    note = tr("gradients.share_dx", k=k, value=figs.sci(data.fraction_at(flow.dx, k)),
              r=data.factor_text(figs.decay_per_step(flow.dh), tr("common.not_finite")))
    if flow.dc is not None:
        note += " " + tr("gradients.share_dc", k=k, value=figs.sci(data.fraction_at(flow.dc, k)))
    column.caption(note)
for flow in cells:
    if flow.h_overflow is not None:
        st.error(tr("gradients.h_overflow_warning", cell=figs.cell_name(tr, flow.cell), t=flow.h_overflow),
                 icon=":material/error:")
if any(not np.isfinite(a).all() for flow in cells for a in (flow.dh, flow.dx, flow.jac_product)):
    st.warning(tr("gradients.overflow_warning"), icon=":material/warning:")
st.caption(tr("gradients.reach_caption"))
for column, flow in zip(st.columns(len(cells)), cells, strict=True):
    column.plotly_chart(chart(f"units_{flow.cell}"), key=f"gradients_units_{flow.cell}")

# ------------------------------------------------- the sections drawn only when opened
def why_section() -> None:
    """The step factors whose product is the gradient: W_hh and φ′ for the RNN, f for the LSTM."""
    why = st.columns(len(cells), gap="large")
    with why[0]:
        st.latex(RNN_JACOBIAN)
        st.markdown(tr("gradients.why_rnn", bound=f"{data.jacobian_bound(flows, act):.3f}",
                       sigma=f"{flows.sigma_max:.3f}", dphi=f"{data.MAX_PHI_GRAD[act]:g}"))
        st.plotly_chart(chart("jac_rnn"), key="gradients_jac_rnn")
    with why[1]:
        st.latex(LSTM_CELL_PATH)
        st.markdown(tr("gradients.why_lstm", fbias=f"{flows.forget_bias:.2f}",
                       f0=f"{float(sigmoid(flows.forget_bias)):.3f}"))
        st.plotly_chart(chart("forget"), key="gradients_forget")
        st.plotly_chart(chart("forget_product"), key="gradients_forget_product")
    if "gru" in flows.cells:
        with why[2]:
            st.latex(GRU_STATE)
            st.markdown(tr("gradients.why_gru"))
            st.plotly_chart(chart("jac_gru"), key="gradients_jac_gru")


def textbook_section() -> None:
    st.plotly_chart(chart("textbook"), key="gradients_textbook")
    st.markdown(tr("gradients.textbook_text"))


def derivatives_section() -> None:
    d_left, d_right = st.columns(2, gap="large")
    d_left.plotly_chart(chart("activations"), key="gradients_activations")
    d_right.plotly_chart(chart("repeat"), key="gradients_repeat")
    st.markdown(tr("gradients.derivatives_text", w=f"{data.REPEAT_WEIGHT:g}"))


# ------------------------------------------------------------------------ the race
def race_section() -> None:
    """The accuracy-by-delay chart; a running race (any session's) is polled every second."""
    board = data.race_board()
    job = board.poll()
    if job is not None and board.job is None:  # it has just finished: redraw without polling
        st.session_state["gradients_race_error"] = job.error
        st.rerun()
    seed = value(PAGE, P_SEED)
    shipped = data.shipped_race()
    own = board.results.get(seed)  # a race this server ran for the page's seed
    shown = own or shipped
    result, s = shown["result"], shown["settings"]
    st.plotly_chart(figs.race_figure(result["accuracy"], result["chance"], tr, result["per_seed"]),
                    key="gradients_race")
    st.caption(tr("gradients.race_live" if own else "gradients.race_shipped",
                  seeds=", ".join(map(str, shown["call"]["seeds"])), hidden=s["hidden_size"], steps=s["steps"],
                  lr=f"{s['lr']:g}", batch=s["batch_size"], seconds=f"{result['seconds']:.0f}"))
    if st.session_state.pop("gradients_race_error", None):
        st.error(tr("gradients.race_failed"), icon=":material/error:")
    if st.session_state.pop("gradients_race_busy", False) or (job is not None and job.seed != seed):
        st.info(tr("gradients.race_busy"), icon=":material/hourglass_top:")
    if job is not None:
        cell, delay, step, steps, fraction = job.progress
        label = tr("gradients.race_progress", cell=figs.cell_name(tr, cell) if cell else "…", delay=delay,
                   step=step, steps=steps, seed=job.seed)
        st.progress(min(max(float(fraction), 0.0), 1.0), text=label)
    label = "gradients.race_rerun" if own else "gradients.race_run"
    per_seed = shipped["result"]["seconds"] / len(shipped["call"]["seeds"])
    if st.button(tr(label, seed=seed, seconds=f"{per_seed:.0f}"), key="gradients_race_run",
                 icon=":material/play_arrow:", disabled=job is not None):
        st.session_state["gradients_race_busy"] = not board.start(seed)
        st.rerun()  # the whole page, so that the race section starts polling


def race_intro_and_board() -> None:
    st.markdown(tr("gradients.race_text", chance=f"{data.shipped_race()['result']['chance']:.2f}"))
    st.fragment(race_section, run_every=1.0 if data.race_board().job is not None else None)()


for name, draw, icon in (("why", why_section, ":material/functions:"),
                         ("textbook", textbook_section, ":material/menu_book:"),
                         ("derivatives", derivatives_section, ":material/show_chart:"),
                         ("race", race_intro_and_board, ":material/sprint:")):
    lazy_section(tr(f"gradients.{name}_header"), key=f"gradients_open_{name}", draw=draw, icon=icon)

with st.sidebar:
    share_link(tr("common.share_link"), tr("common.share_help"), PARAMS, PAGE)
