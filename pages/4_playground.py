"""The gate playground (/playground): fix the gates by hand and see what breaks.

Layout only, as every page (see the README's "How to add a page"): the settings and the
cached runs are in ``ui.playground_data``, the override arithmetic in
``lstm_core.override``, the experiments' sentences, lines and equations in
``lstm_viz.playground`` (the lines an SVG picture: no Plotly script to load), the cell
diagram in ``lstm_viz.diagram``. The step's diagrams and equations sit in a fragment, so
moving the step reruns only them.
"""


import streamlit as st

from lstm_core.override import GATES
from lstm_viz import diagram, notation, playground
from ui import playground_data as data
from ui import widgets
from ui.frame import frame, show_notices

tr = frame("playground")
state = data.STATE


def on_gate_edit() -> None:
    """A gate changed by hand: the experiment's sentence no longer describes the view."""
    state["exp"] = "none"


def on_text_edit() -> None:
    state["seq"], st.session_state["_playground_notices"] = data.clean_seq(state["seq"])
    state["t"] = 1


def pick_signal(text: str) -> None:
    state["input"], state["signal"], state["t"] = "signal", text, 1


def apply_experiment(name: str, T: int) -> None:
    """Fix the gates the experiment fixes (the others back to the model's) and go to its step."""
    chosen = playground.experiment_gates(name, T)
    for gate in GATES:
        fixed = chosen.get(gate)
        state[gate] = "model" if fixed is None else "fixed"
        if fixed is not None:
            state[f"{gate}_v"], state[f"{gate}_from"] = fixed.value, fixed.start
            state[f"{gate}_before"] = "model" if fixed.before is None else f"{fixed.before:g}"
    state["t"], state["exp"] = playground.experiment_step(name, T), name


def set_weights(values: dict[str, float]) -> None:
    for key, value in values.items():
        state[key] = value


def random_weights() -> dict[str, float]:
    random_view = data.View("signal", (0.0,), 1, state["seed"], "random")
    return data.weights_of(data.model(random_view)["state_dict"])


def on_weights_change() -> None:
    """Weights by hand start from the random model of the current seed."""
    if state["weights"] == "hand":
        set_weights(random_weights())


notices = state.restore() + st.session_state.pop("_playground_notices", [])
heading, entry = st.columns([2, 3], gap="medium")
with heading:
    st.title(tr("playground.title"))
    st.markdown(tr.linked("playground.intro"), unsafe_allow_html=True)
with entry:
    st.segmented_control(tr("playground.input"), ("signal", "text"), key=state.key("input"), required=True,
                         format_func=lambda v: tr.choice("playground", "input", v))
    if state["input"] == "signal":
        st.text_input(tr("playground.signal"), key=state.key("signal"), help=tr("playground.signal_help"))
        widgets.example_chips(tr("playground.signal_examples"),
                              [(tr(f"playground.signal_{name}"), text) for name, text in data.SIGNALS.items()],
                              key="playground", on_pick=pick_signal)
    else:
        st.text_input(tr("playground.seq"), key=state.key("seq"), on_change=on_text_edit)

with st.sidebar:
    st.subheader(tr("playground.model"))
    hidden, seed = state.params["hidden"], state.params["seed"]
    st.slider(tr("playground.hidden"), hidden.lo, hidden.hi, key=state.key("hidden"))
    st.radio(tr("playground.weights"), state.params["weights"].choices, key=state.key("weights"),
             format_func=lambda w: tr.choice("playground", "weights", w), on_change=on_weights_change,
             help=tr("playground.weights_help"))
    st.number_input(tr("playground.seed"), seed.lo, seed.hi, step=1, key=state.key("seed"))
    model_note = st.empty()
    widgets.share_link(tr("common.share_link"), tr("common.share_help"), state)

inputs = data.inputs_of(state, notices)
if not inputs:
    show_notices(tr, notices, state.page_id)
    st.info(tr("playground.empty_prompt"), icon=":material/keyboard:")
    state.publish()
    st.stop()
T = len(inputs)
for gate in GATES:
    state.clamp(f"{gate}_from", T, notices)
state.clamp("t", T, notices)
view = data.view(state, inputs, notices)
show_notices(tr, notices, state.page_id)
fixed = data.gates(state)
with st.spinner(tr("common.training") if view.weights == "trained" else tr("common.computing")):
    runs = data.runs(view, fixed)
if runs["history"] is not None:
    model_note.caption(tr("playground.trained_summary", steps=runs["history"]["steps"],
                          accuracy=notation.percent(runs["history"]["accuracy"])))

# ------------------------------------------------------------------ experiments
st.subheader(tr("playground.experiments"))
with st.container(horizontal=True, gap="small", key="playground_experiments"):
    for name in playground.EXPERIMENTS:
        st.button(tr(f"playground.exp_{name}"), key=f"playground_exp_{name}", on_click=apply_experiment,
                  args=(name, T), help=tr(f"playground.exp_{name}_help"),
                  type="primary" if state["exp"] == name else "secondary")
if state["exp"] != "none":
    seen = playground.observe(state["exp"], runs["played"])
    sentence = tr("playground.exp_missing") if seen is None else tr(f"playground.{seen.key}", **seen.values)
    title = tr(f"playground.exp_{state['exp']}")
    st.success(f"**{title}** — {sentence}", icon=":material/lightbulb:")

# ------------------------------------------------------------------ the gates
st.subheader(tr("playground.gates"))
st.caption(tr.linked("playground.gates_caption"), unsafe_allow_html=True)
for column, gate in zip(st.columns(4, gap="small"), GATES, strict=True):
    with column.container(border=True, key=f"playground_gate_{gate}"):
        st.segmented_control(f"{gate} · {notation.gate_term(tr, gate)}", ("model", "fixed"), key=state.key(gate),
                             required=True, on_change=on_gate_edit,
                             format_func=lambda v, gate=gate: tr.choice("playground", gate, v))
        if state[gate] == "fixed":
            param = state.params[f"{gate}_v"]
            st.slider(tr("playground.value", gate=gate), param.lo, param.hi, step=param.step,
                      key=state.key(f"{gate}_v"), on_change=on_gate_edit)
            if T > 1:
                st.slider(tr("playground.from_step"), 1, T, key=state.key(f"{gate}_from"))
            if state[f"{gate}_from"] > 1:
                st.segmented_control(tr("playground.before", start=state[f"{gate}_from"]), data.BEFORE,
                                     key=state.key(f"{gate}_before"), required=True, on_change=on_gate_edit,
                                     format_func=lambda v, gate=gate: tr.choice("playground", f"{gate}_before", v))

if view.weights == "hand":
    with st.expander(tr("playground.hand_heading"), expanded=True, icon=":material/tune:"):
        st.caption(tr("playground.hand_caption"))
        for column, gate in zip(st.columns(4, gap="small"), GATES, strict=True):
            with column:
                for part in data.WEIGHT_PARTS:
                    key = data.weight_key(part, gate)
                    param = state.params[key]
                    st.slider(tr(f"playground.weight_{part}", gate=gate), param.lo, param.hi, step=param.step,
                              key=state.key(key))
        with st.container(horizontal=True, gap="small"):
            st.button(tr("playground.hand_from_random", seed=state["seed"]), key="playground_hand_random",
                      on_click=lambda: set_weights(random_weights()), icon=":material/casino:")
            st.button(tr("playground.hand_demo"), key="playground_hand_demo", icon=":material/bolt:",
                      on_click=set_weights, args=({data.weight_key(p, g): data.HAND_DEFAULT[g][k]
                                                   for g in GATES for k, p in enumerate(data.WEIGHT_PARTS)},))
elif state["weights"] != "hand":
    st.caption(tr("playground.hand_where"))

st.html(data.lines_html(view, fixed, tr.lang))


@st.fragment
def step_view(runs: dict) -> None:
    """The two cells at the chosen step and its equations; a step change reruns only this."""
    labels = runs["labels"]
    t = widgets.step_navigator(key=state.key("t"), n_steps=len(labels), label=tr("step.time_step"),
                               previous=tr("step.previous"), next_=tr("step.next"),
                               previous_help=tr("step.previous_help"), next_help=tr("step.next_help"))
    state.publish()
    c_range = max(playground_range(runs["model"]), playground_range(runs["played"]))
    signal = view.kind == "signal"
    pictures = []
    for which in ("model", "played"):
        step = {name: values[t - 1] for name, values in runs[which].items()}
        marked = [g for g in GATES if step[f"fixed_{g}"].any()]
        pictures.append(diagram.cell_html(
            step, tr, char=labels[t - 1], layer=1, c_range=c_range, fixed=marked,
            fixed_label=tr("playground.fixed_mark"), input_label=tr("playground.signal_input") if signal else None,
            title=tr(f"playground.diagram_{which}", t=t), alt=tr(f"playground.diagram_{which}", t=t)))
    st.html(f'<div class="play-panels"><div>{pictures[0]}</div><div>{pictures[1]}</div></div>')
    step = {name: values[t - 1] for name, values in runs["played"].items()}
    st.markdown(f"**{tr('playground.equations_heading', t=t)}**")
    st.html(playground.step_equations(step, tr("playground.fixed_word")))


def playground_range(run: dict) -> float:
    from lstm_viz.step_figures import c_bound

    return c_bound([run])


step_view(runs)
