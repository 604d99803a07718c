"""Shapes (/shapes): every tensor of PyTorch's nn.LSTM (GRU, RNN) and Keras's LSTM, read
from a real run of the engine with the reader's settings.

Layout only, as every page (see the README's "How to add a page"): the settings and the
cached runs are in ``ui.shapes_data``, the table, the weight picture, the code and the
examples' numbers in ``lstm_viz.shapes``. The settings and all they describe sit in a
fragment, so changing one reruns only that, as a step change does on /step.
"""

import streamlit as st

from lstm_viz import notation
from lstm_viz import shapes as viz
from ui import shapes_data as data
from ui import widgets
from ui.frame import frame, show_notices

tr = frame("shapes")
state = data.STATE
notices = state.restore()
st.title(tr("shapes.title"))
st.markdown(tr("shapes.intro"))
show_notices(tr, notices + data.refusals(notices), state.page_id)


SIZE_WIDTH = 165  # a number box with its − + buttons; rows wrap on narrow screens


def choice(name: str, **kwargs) -> None:
    st.segmented_control(tr(f"shapes.{name}_label"), state.params[name].choices, key=state.key(name),
                         format_func=lambda v: tr.choice("shapes", name, v), required=True, **kwargs)


def size(name: str, label: str | None = None) -> None:
    param = state.params[name]
    st.number_input(label or tr(f"shapes.{name}_label"), param.lo, param.hi, step=1, key=state.key(name),
                    help=tr("shapes.range_help", lo=param.lo, hi=param.hi), width=SIZE_WIDTH)


def settings() -> None:
    keras = state["fw"] == "keras"
    with st.container(border=True, key="shapes_settings"):
        with st.container(horizontal=True, gap="medium", wrap=True):
            choice("fw")
            choice("cell")
            for name in data.KERAS_ONLY if keras else ("bidirectional", "bias", "batch_first"):
                choice(name)
            if not keras:
                choice("batched", help=tr("shapes.batched_help"))
        with st.container(horizontal=True, gap="medium", wrap=True):
            size("input_size", tr("shapes.features_label") if keras else None)
            size("hidden_size", tr("shapes.units_label") if keras else None)
            if not keras:
                size("num_layers")
            size("batch")
            size("steps")
            if not keras:
                dropout = state.params["dropout"]
                st.slider(tr("shapes.dropout_label"), dropout.lo, dropout.hi, step=dropout.step,
                          key=state.key("dropout"), help=tr("shapes.dropout_help"), width=SIZE_WIDTH)


def tensor_table(view: data.View, rows: list[viz.Row]) -> None:
    st.subheader(tr("shapes.table_heading", framework=tr.choice("shapes", "fw", view.fw)))
    st.caption(tr(f"shapes.table_caption_{view.fw}"))
    st.html(viz.table_html(rows, tr))


def parameter_count(view: data.View, count: viz.Count) -> None:
    st.subheader(tr("shapes.count_heading"))
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.metric(tr("shapes.count_total"), f"{count.total:,}")
        formula, per = viz.count_formula(view)
        lines = [tr("shapes.count_formula", formula=formula, value=per)]
        if len(count.per_layer) > 1 or view.bidirectional:
            lines.append(tr("shapes.count_per_layer", layers=" + ".join(f"{n:,}" for n in count.per_layer),
                            total=f"{count.total:,}"))
        other = "keras" if view.fw == "torch" else "torch"
        other_formula, other_count = viz.count_formula(view._replace(fw=other, bias=True))
        lines.append(tr(f"shapes.count_compare_{view.fw}", formula=other_formula, value=other_count))
        st.markdown("\n\n".join(lines))
    with right:
        st.html(viz.weight_svg(view, tr) + viz.legend_html(view, tr))
        gru_note = " " + tr("shapes.picture_gru_note") if view.cell == "gru" else ""
        st.caption(tr(f"shapes.picture_caption_{view.fw}") + gru_note)


# ------------------------------------------------------------------ the sections
def code_section(view: data.View) -> None:
    keras = view.fw == "keras"
    torch_col, keras_col = st.columns(2, gap="medium")
    torch_view = view._replace(fw="torch") if keras else view
    keras_view = viz.for_keras(view._replace(fw="keras")) if not keras else view
    torch_col.code(viz.torch_code(torch_view, tr), language="python")
    keras_col.code(viz.keras_code(keras_view, tr), language="python")
    if not keras and (view.num_layers > 1 or view.bidirectional or not view.bias or not view.batched):
        keras_col.caption(tr("shapes.code_keras_differs"))
    st.caption(tr("shapes.code_numpy_caption"))
    st.code(viz.numpy_code(view, tr), language="python")


def numbers(a) -> str:
    return viz.matrix_html(a)


def keras_example_section() -> None:
    ex = data.keras_example()
    st.markdown(tr("shapes.keras_intro"))
    st.code("rnn = layers.LSTM(units=2, return_sequences=False, return_state=True)\n"
            "outputs, h, c = rnn(x_data)  # x_data: (3, 5, 4)", language="python")
    cols = st.columns(4, gap="small")
    for column, name in zip(cols, ("outputs", "h", "c"), strict=False):
        column.markdown(f"`{name}` {viz.shape_text(ex[name].shape)}")
        column.html(numbers(ex[name]))
    cols[3].markdown("`outputs == h`")
    cols[3].html(viz.bool_html(ex["outputs_is_h"]))
    st.markdown(tr("shapes.keras_equal", equal=bool(ex["outputs_is_h"].all())))
    st.markdown(tr("shapes.keras_sequences", shape=viz.shape_text(ex["sequences"].shape),
                   equal=ex["last_is_h"]))
    seq_cols = st.columns(2, gap="medium")
    seq_cols[0].markdown("`outputs[:, -1]`")
    seq_cols[0].html(numbers(ex["sequences"][:, -1]))
    seq_cols[1].markdown("`h`")
    seq_cols[1].html(numbers(ex["h_seq"]))


def concat_section(view: data.View) -> None:
    ex = data.concat_example(view.input_size, view.hidden_size)
    I, H = view.input_size, view.hidden_size  # noqa: E741
    st.markdown(tr.linked("shapes.concat_intro", I=I, H=H, both=I + H), unsafe_allow_html=True)
    st.latex(r"\begin{bmatrix} f_t \\ i_t \\ g_t \\ o_t \end{bmatrix} = \text{act}\left(W"
             r"\begin{bmatrix} h_{t-1} \\ x_t \end{bmatrix} + b\right),\quad W = "
             r"\begin{bmatrix} W_{hh} & W_{ih} \end{bmatrix}")
    st.markdown(tr("shapes.concat_shapes", W=viz.shape_text(ex["W_cat"]), per_gate=viz.shape_text(ex["per_gate"]),
                   ih=viz.shape_text(ex["weight_ih"]), hh=viz.shape_text(ex["weight_hh"]),
                   kernel=viz.shape_text(ex["kernel"]), recurrent=viz.shape_text(ex["recurrent_kernel"])))
    st.html(viz.labelled_rows_html([("W [h, x] + b", ex["gates_cat"]),
                                    ("W_ih x + b_ih + W_hh h + b_hh", ex["gates_split"]),
                                    ("x·kernel + h·recurrent_kernel + bias", ex["gates_keras"])]))
    st.markdown(tr("shapes.concat_check", diff=notation.sci(max(ex["diff"], ex["diff_keras"]), 1)))


def stack_section(view: data.View) -> None:
    ex = data.stack_example(view)
    st.markdown(tr.linked("shapes.stack_intro", H=view.hidden_size, shape=viz.shape_text(ex["weight_ih_l1"]),
                          h_shape=viz.shape_text(ex["eval"]["h1"].shape)), unsafe_allow_html=True)
    cols = st.columns(2, gap="large")
    for column, mode in zip(cols, ("eval", "train"), strict=True):
        run = ex[mode]
        column.markdown(tr(f"shapes.stack_{mode}", p=f"{ex['p']:g}", diff=notation.number(run["diff"]),
                           zeroed=run["zeroed"], shape=viz.shape_text(run["h1"].shape)))
        column.markdown(tr("shapes.stack_rows"))
        column.html(viz.matrix_html(run["h1"][:, 0], max_rows=5) + viz.matrix_html(
            run["x2"][:, 0], max_rows=5, marks=run["x2"][:, 0] != run["h1"][:, 0]))


def bidirectional_section(view: data.View) -> None:
    ex = data.bidirectional_example(view)
    H = ex["H"]
    st.markdown(tr("shapes.bi_intro", H=H, shape=viz.shape_text(ex["output"].shape),
                   h_n=viz.shape_text(ex["h_n"].shape)))
    cols = st.columns(3, gap="medium")
    shown = (("h_n[-1]", ex["h_n_backward"]), (f"output[0, :, {H}:]", ex["backward_first"]),
             (f"output[-1, :, {H}:]", ex["backward_last"]))
    for column, (label, a) in zip(cols, shown, strict=True):
        column.markdown(f"`{label}`")
        column.html(viz.matrix_html(a, max_rows=4))
    st.markdown(tr("shapes.bi_check", backward=ex["backward_equal"], last=ex["backward_last_equal"],
                   forward=ex["forward_equal"], H=H))


def following(draw):
    """A section drawn with the settings of the moment: a change reruns only the fragment below."""
    return lambda: draw(data.view(state))


below_settings = widgets.FragmentSections("shapes_following", (
    widgets.Section(tr("shapes.code_heading"), "shapes_open_code", following(code_section), ":material/code:"),
    widgets.Section(tr("shapes.keras_heading"), "shapes_open_keras", keras_example_section,  # the same for every view
                    ":material/menu_book:"),
    widgets.Section(tr("shapes.concat_heading"), "shapes_open_concat", following(concat_section), ":material/join:"),
    widgets.Section(tr("shapes.stack_heading"), "shapes_open_stack", following(stack_section), ":material/stacks:"),
    widgets.Section(tr("shapes.bi_heading"), "shapes_open_bi", following(bidirectional_section),
                    ":material/swap_horiz:"),
))


@st.fragment
def shapes_view(sections: widgets.FragmentSections) -> None:
    """The settings and everything they describe; changing one reruns only this, not the
    frame, the title or the sidebar."""
    settings()
    state.publish()
    view = data.view(state)
    for key, values in data.framework_messages(view):
        st.warning(tr(key, **values), icon=":material/warning:")
    rows, count = data.tensors(view)
    tensor_table(view, rows)
    parameter_count(view, count)
    sections.in_fragment()


below_settings.before_fragment()
shapes_view(below_settings)
below_settings.after_fragment()

with st.sidebar:
    widgets.share_link(tr("common.share_link"), tr("common.share_help"), state)
