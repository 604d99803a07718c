"""RNN vs LSTM (/gradients): how much of a loss's gradient at the last step reaches each
earlier step, why, and which cell remembers across a long delay.

Layout only, as every page (see the README's "How to add a page"): the settings and the
cached numbers are in ``ui.gradients_data``, the race's background job in ``ui.race``,
the figures and the formulas in ``lstm_viz``.
"""

import numpy as np
import streamlit as st

from lstm_core import sigmoid
from lstm_viz import escape, notation
from lstm_viz import gradient_figures as figs
from lstm_viz import gradient_notes as notes
from ui import gradients_data as data
from ui import race_board, widgets
from ui.frame import frame, show_notices

tr = frame("gradients")
state = data.STATE

notices = state.restore()
st.title(tr("gradients.title"))
st.markdown(tr.linked("gradients.intro"), unsafe_allow_html=True)

# ------------------------------------------------------------------ the settings
trained = state["weights"] == "trained"
T_range, hidden, seed = (state.params[name] for name in ("T", "hidden", "seed"))
with st.container(border=True):
    c_input, c_T, c_hidden = st.columns([3, 4, 3], gap="large")
    c_input.segmented_control(tr("gradients.input_label"), state.params["input"].choices, key=state.key("input"),
                              format_func=lambda s: tr.choice("gradients", "input", s), required=True, disabled=trained,
                              help=tr("gradients.trained_input_help") if trained else None)
    if state["input"] == "text" and not trained:
        c_input.text_input(tr("gradients.text_label"), key=state.key("seq"), max_chars=data.MAX_TEXT)
    c_T.slider(tr("gradients.T_label"), T_range.lo, T_range.hi, key=state.key("T"), help=tr("gradients.T_help"))
    c_hidden.slider(tr("gradients.hidden_label"), hidden.lo, hidden.hi, key=state.key("hidden"))
    c_weights, c_seed, c_gru = st.columns([3, 4, 3], gap="large")
    c_weights.segmented_control(tr("gradients.weights_label"), state.params["weights"].choices,
                                key=state.key("weights"), format_func=lambda s: tr.choice("gradients", "weights", s),
                                required=True, help=tr("gradients.weights_help", delay=data.TRAIN_DELAY))
    c_seed.number_input(tr("gradients.seed_label"), seed.lo, seed.hi, step=1, key=state.key("seed"))
    c_gru.segmented_control(tr("gradients.gru_label"), state.params["gru"].choices, key=state.key("gru"),
                            format_func=lambda s: tr.choice("gradients", "gru", s), required=True)

left, right = st.columns(2, gap="large")
with left:
    st.subheader(tr.term("vanilla_rnn"))
    st.latex(notation.RNN_STEP)
    st.segmented_control(tr("gradients.act_label"), state.params["act"].choices, key=state.key("act"), required=True,
                         format_func=lambda act: tr.choice("gradients", "act", act))
    st.select_slider(tr("gradients.scale_label"), data.SCALE_OPTIONS, key=state.key("scale"), disabled=trained,
                     help=tr("gradients.trained_disabled") if trained else tr("gradients.scale_help"))
with right:
    st.subheader(tr.term("lstm"))
    st.latex(notation.LSTM_STEP)
    fbias = state.params["fbias"]
    st.slider(tr("gradients.fbias_label"), fbias.lo, fbias.hi, step=fbias.step, key=state.key("fbias"),
              disabled=trained, help=tr("gradients.trained_disabled") if trained else tr("gradients.fbias_help"))

state.publish()
view = data.view(state, notices)
show_notices(tr, notices, state.page_id)
spinner = tr("gradients.training", delay=data.TRAIN_DELAY) if trained else tr("common.computing")
with st.spinner(spinner):
    flows = data.compute_flows(view)
cells = list(flows.cells.values())


def chart(name: str):
    """A figure of this view, built the first time a section shows it (then cached)."""
    return data.chart(name, view, tr.lang)


shown = " ".join(escape.markdown(escape.visible_char(s)) for s in flows.symbols[: data.SHOWN_SYMBOLS])
more = " …" if view.T > data.SHOWN_SYMBOLS else ""
if view.source == "task":
    caption = tr("gradients.input_task_caption", T=view.T, signal=flows.symbols[0])
else:
    caption = tr("gradients.input_text_caption", T=view.T, text=escape.markdown(view.text))
if trained:
    caption += " " + tr("gradients.trained_caption", delay=data.TRAIN_DELAY, sigma=notation.number(flows.sigma_max),
                        fbias=notation.number(flows.forget_bias, 2))
st.caption(f"{caption}  \n{shown}{more}")


if trained:
    story = notes.trained_story(flows.cells["rnn"], flows.cells["lstm"], flows.rnn_start, view.T)
    st.info(notes.trained_note(story, tr, sigma=flows.sigma_max, delay=data.TRAIN_DELAY), icon=":material/school:")

# ------------------------------------------------------- gradient reaching each step
st.header(tr("gradients.reach_header"))
st.plotly_chart(chart("reach"), key="gradients_reach")
k = notes.probe_steps(view.T)
for column, flow in zip(st.columns(len(cells)), cells, strict=True):
    label = tr("gradients.share_label", cell=figs.cell_name(tr, flow.cell), k=k)
    if flow.h_overflow is not None:  # computed through h = ∞/NaN: no number to quote
        column.metric(label, tr("gradients.h_overflow_metric"), help=tr("gradients.share_help", k=k))
        continue
    column.metric(label, notation.sci(figs.fraction_at(flow.dh, k)), help=tr("gradients.share_help", k=k))
    note = tr("gradients.share_dx", k=k, value=notation.sci(figs.fraction_at(flow.dx, k)))
    if flow.dc is not None:
        note += " " + tr("gradients.share_dc", k=k, value=notation.sci(figs.fraction_at(flow.dc, k)))
    column.caption(f"{figs.curve_sentence(flow.dh, tr)} {note}".strip())
for flow in cells:
    if flow.h_overflow is not None:
        st.error(tr("gradients.h_overflow_warning", cell=figs.cell_name(tr, flow.cell), t=flow.h_overflow),
                 icon=":material/error:")
if any(not np.isfinite(a).all() for flow in cells for a in (flow.dh, flow.dx, flow.jac_product)):
    st.warning(tr("gradients.overflow_warning"), icon=":material/warning:")
st.caption(tr.linked("gradients.reach_caption"), unsafe_allow_html=True)


# ------------------------------------------------- the sections drawn only when opened
def units_section() -> None:
    """The same gradient unit by unit: one heatmap per cell, on one colour range."""
    st.caption(tr("gradients.units_text"))
    for column, flow in zip(st.columns(len(cells)), cells, strict=True):
        column.plotly_chart(chart(f"units_{flow.cell}"), key=f"gradients_units_{flow.cell}")


def why_section() -> None:
    """The step factors whose product is the gradient: W_hh and φ′ for the RNN, f for the LSTM."""
    why = st.columns(len(cells), gap="large")
    with why[0]:
        st.latex(notation.RNN_JACOBIAN)
        st.markdown(tr("gradients.why_rnn", bound=notation.number(data.jacobian_bound(flows, view.act)),
                       sigma=notation.number(flows.sigma_max), dphi=f"{notation.MAX_DERIVATIVE[view.act]:g}"))
        st.plotly_chart(chart("jac_rnn"), key="gradients_jac_rnn")
    with why[1]:
        st.latex(notation.LSTM_CELL_PATH)
        st.markdown(tr("gradients.why_lstm", fbias=notation.number(flows.forget_bias, 2),
                       f0=notation.number(float(sigmoid(flows.forget_bias)))))
        st.plotly_chart(chart("forget"), key="gradients_forget")
        st.plotly_chart(chart("forget_product"), key="gradients_forget_product")
    if "gru" in flows.cells:
        with why[2]:
            st.latex(notation.GRU_STATE)
            st.markdown(tr("gradients.why_gru"))
            st.plotly_chart(chart("jac_gru"), key="gradients_jac_gru")


def textbook_section() -> None:
    st.plotly_chart(chart("textbook"), key="gradients_textbook")
    k = notes.probe_steps(view.T)
    curves = "; ".join(tr("gradients.textbook_curve", factor=f"{factor:g}", value=notation.sci(dh[k] / dh[0], 1),
                          regime=tr(f"gradients.regime_{figs.regime(dh, k)}"))
                       for factor, dh in flows.textbook.items())
    base = tr("gradients.textbook_base_trained" if trained else "gradients.textbook_base",
              rnn=tr.term("vanilla_rnn"), norm=notation.number(flows.textbook_norm, 2),
              scale=notation.number(flows.sigma_max, 2))
    regimes = tr("gradients.textbook_regimes", k=k, curves=curves, vanished=f"{figs.VANISHED:g}")
    st.markdown(f"{tr('gradients.textbook_text')}\n\n{base} {regimes}")


def derivatives_section() -> None:
    d_left, d_right = st.columns(2, gap="large")
    d_left.plotly_chart(chart("activations"), key="gradients_activations")
    d_right.plotly_chart(chart("repeat"), key="gradients_repeat")
    st.markdown(tr("gradients.derivatives_text", w=f"{data.REPEAT_WEIGHT:g}"))


def race_section() -> None:
    """The accuracy-by-delay chart; a running race (any session's) is polled every second."""
    board = race_board.board()
    job = board.poll()
    if job is not None and board.job is None:  # it has just finished: redraw without polling
        st.session_state["gradients_race_error"] = job.error
        st.rerun()
    seed = state["seed"]
    shipped = race_board.shipped_race()
    own = board.results.get(seed)  # a race this server ran for the page's seed
    shown = own or shipped
    result, s = shown["result"], shown["settings"]
    st.plotly_chart(figs.race_figure(result["accuracy"], result["chance"], tr, result["per_seed"]),
                    key="gradients_race")
    caption = tr("gradients.race_live" if own else "gradients.race_shipped",
                 seeds=", ".join(map(str, shown["call"]["seeds"])), hidden=s["hidden_size"], steps=s["steps"],
                 lr=f"{s['lr']:g}", batch=s["batch_size"], seconds=f"{result['seconds']:.0f}")
    if s["gate_bias"] is not None:
        caption += " " + tr("gradients.race_gate_bias", bias=f"{s['gate_bias']:g}")
    if s["clip_norm"] is not None:
        caption += " " + tr("gradients.race_clip", clip=f"{s['clip_norm']:g}")
    st.caption(caption)
    if s["gate_bias"] is not None:
        st.markdown(head_start(s["gate_bias"], result["chance"]))
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


def head_start(bias: float, chance: float) -> str:
    """Why the gated cells start with their memory open, with the numbers of the race."""
    evidence = race_board.NO_HEAD_START
    delay = evidence["delay"]
    f0, fb = float(sigmoid(0.0)), float(sigmoid(bias))
    return tr("gradients.race_head_start", bias=f"{bias:g}", delay=delay, f0=notation.number(f0, 1),
              f0_k=notation.sci(f0 ** delay, 1), fb=notation.number(fb), fb_k=notation.number(fb ** delay, 2),
              cell=figs.cell_name(tr, evidence["cell"]), best=notation.number(max(evidence["accuracy"]), 2),
              seeds=", ".join(map(str, evidence["seeds"])), chance=notation.number(chance, 2))


def race_intro_and_board() -> None:
    st.markdown(tr("gradients.race_text", chance=notation.number(race_board.shipped_race()["result"]["chance"], 2)))
    st.fragment(race_section, run_every=1.0 if race_board.board().job is not None else None)()


widgets.sections(
    widgets.Section(tr("gradients.units_header"), "gradients_open_units", units_section, ":material/grid_on:"),
    widgets.Section(tr("gradients.why_header"), "gradients_open_why", why_section, ":material/functions:"),
    widgets.Section(tr("gradients.textbook_header"), "gradients_open_textbook", textbook_section,
                    ":material/menu_book:"),
    widgets.Section(tr("gradients.derivatives_header"), "gradients_open_derivatives", derivatives_section,
                    ":material/show_chart:"),
    widgets.Section(tr("gradients.race_header"), "gradients_open_race", race_intro_and_board, ":material/sprint:"),
)

with st.sidebar:
    widgets.share_link(tr("common.share_link"), tr("common.share_help"), state)
