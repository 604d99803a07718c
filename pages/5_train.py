"""Training (/train): watch a model learn a text, then look inside it.

Layout only (see the README's "How to add a page"): the settings and the model's numbers
are in ``ui.train_data``, the training itself runs in the server's pool
(``ui.train_jobs``), the figures come from ``lstm_viz.train_figures``. While a job runs,
a fragment polls it five times a second and redraws the progress and the live curves.
"""

import uuid

import streamlit as st

from lstm_core import split_symbols
from lstm_viz import escape, notation, style
from lstm_viz import train_figures as figs
from ui import step_data, train_data, widgets
from ui.frame import PAGE_PATHS, frame, show_notices
from ui.params import clean_text
from ui.train_jobs import pool

tr = frame("train")
state = train_data.STATE
session = st.session_state.setdefault("_train_session", uuid.uuid4().hex)  # this session's job in the pool


def on_text_edit() -> None:
    state["text"], st.session_state["_train_notices"] = clean_text(state["text"], train_data.MAX_TEXT)


def pick_example(text: str) -> None:
    state["text"] = text


def start() -> None:
    pool().submit(session, train_data.spec(state, st.session_state.get("train_compare", False)))


def on_upload() -> None:
    file = st.session_state.get("train_upload")
    if file is None:
        return
    data = file.getvalue()
    reason = train_data.upload(data, state["text"]) if len(data) <= train_data.UPLOAD_LIMIT else "too_big"
    st.session_state["_train_refused"] = reason


notices = state.restore() + st.session_state.pop("_train_notices", [])
st.title(tr("train.title"))
st.markdown(tr.linked("train.intro"), unsafe_allow_html=True)
entry, buttons = st.columns([3, 1], gap="medium", vertical_alignment="bottom")
with entry:
    st.text_input(tr("train.text"), key=state.key("text"), on_change=on_text_edit)
    widgets.example_chips(tr("train.examples"), [(text, text) for text in train_data.EXAMPLES], key="train",
                          on_pick=pick_example)

with st.sidebar:
    st.subheader(tr("train.model"))
    hidden, layers, steps, seed = (state.params[name] for name in ("hidden", "layers", "steps", "seed"))
    st.segmented_control(tr("train.cell"), train_data.CELLS, key=state.key("cell"), required=True,
                         format_func=lambda c: tr.choice("train", "cell", c))
    st.slider(tr("train.hidden"), hidden.lo, hidden.hi, key=state.key("hidden"))
    st.segmented_control(tr("train.layers"), range(layers.lo, layers.hi + 1), key=state.key("layers"), required=True)
    st.radio(tr("train.opt"), train_data.OPTIMIZERS, key=state.key("opt"), horizontal=True,
             format_func=lambda o: tr.choice("train", "opt", o))
    st.select_slider(tr("train.lr"), train_data.LEARNING_RATES, key=state.key("lr"), format_func=lambda v: f"{v:g}")
    st.number_input(tr("train.steps"), steps.lo, steps.hi, step=50, key=state.key("steps"))
    st.number_input(tr("train.seed"), seed.lo, seed.hi, step=1, key=state.key("seed"))
    st.toggle(tr("train.compare", other=figs.cell_name(tr, "lstm" if state["cell"] == "rnn" else "rnn")),
              key="train_compare", help=tr("train.compare_help"))
    widgets.share_link(tr("common.share_link"), tr("common.share_help"), state)
state.publish()
show_notices(tr, notices, state.page_id)

trainable = step_data.trainable(split_symbols(state["text"]))
with buttons:
    st.button(tr("train.train"), type="primary", icon=":material/model_training:", key="train_go",
              on_click=start, disabled=not trainable, width="stretch")
if not trainable:
    st.info(tr("train.too_short"), icon=":material/keyboard:")


def live() -> None:
    """The running job: progress, live curves and Stop; when it ends, keep its model and redraw the page."""
    job = pool().poll(session)
    if job is None:
        return
    if job.finished:
        pool().take(session)
        if job.models:
            train_data.keep(train_data.Trained.from_job(job))
        st.rerun(scope="app")
    st.button(tr("train.stop"), icon=":material/stop_circle:", key="train_stop", on_click=pool().stop,
              args=(session,))
    if job.state == "queued":
        st.info(tr("train.queued", place=pool().ahead(session) + 1), icon=":material/hourglass_top:")
        return
    records = {cell: list(rows) for cell, rows in job.records.items()}
    latest = job.latest(job.spec.cells[0])
    done = latest[0] if latest else 0
    st.progress(done / job.spec.steps if job.spec.steps else 1.0,
                text=tr("train.progress", step=done, steps=job.spec.steps))
    curves(records, job.spec.steps)


def curves(records: dict, steps: int) -> None:
    left, right = st.columns(2)
    left.plotly_chart(figs.curves(records, tr, metric="loss", steps=steps), key="train_loss",
                      config=style.CHART_CONFIG)
    right.plotly_chart(figs.curves(records, tr, metric="accuracy", steps=steps), key="train_accuracy",
                       config=style.CHART_CONFIG)


running = pool().poll(session) is not None
st.fragment(live, run_every=0.2 if running else None)()
if running:
    st.stop()  # the views of the last model return when the job has ended

result: train_data.Trained | None = st.session_state.get(train_data.RESULT)
refused = st.session_state.pop("_train_refused", None)
if refused is not None:
    st.error(tr(f"train.refused_{refused}"), icon=":material/block:")
if result is None:
    st.info(tr("train.press_train"), icon=":material/model_training:")
else:
    last = {cell: rows[-1] for cell, rows in result.records.items() if rows}
    if last:
        curves(result.records, result.steps)
        step_no, loss, accuracy = last[result.cell]
        st.caption(tr("train.stopped_summary" if result.stopped else "train.summary", step=step_no,
                      loss=notation.number(loss), accuracy=notation.percent(accuracy)))
    else:
        st.caption(tr("train.uploaded_summary", cell=figs.cell_name(tr, result.cell)))
    data = train_data.inside(result.file, result.text)
    st.subheader(tr("train.predictions_title", text=escape.markdown(result.text)))
    st.caption(tr("train.predictions_caption"))
    st.html(figs.predictions_html(data["symbols"], data["probs"], data["vocab"], tr))

    st.subheader(tr("train.sample_title"))
    temp_col, seed_col = st.columns(2)
    temp = state.params["temp"]
    temp_col.slider(tr("train.temp"), temp.lo, temp.hi, step=temp.step, key=state.key("temp"))
    greedy, sampled = train_data.sample(result.file, result.text, state["temp"], state["seed"])
    seed_col.caption(tr("train.sample_caption", seed=state["seed"]))
    first = escape.markdown(data["symbols"][0])
    st.markdown(f"{tr('train.greedy')}: **{first}**{escape.markdown(greedy)}")
    temperature = f"{state['temp']:.1f}"
    st.markdown(f"{tr('train.sampled', temp=temperature)}: **{first}**{escape.markdown(sampled)}")

    if result.initial:
        start_data = train_data.inside(result.initial[result.cell], result.text)
        st.plotly_chart(figs.gates_start_end(start_data["trace"], data["trace"], result.cell, data["symbols"], tr,
                                             title=tr(f"train.gates_title_{result.cell}")),
                        key="train_gates", config=style.CHART_CONFIG)
        st.caption(figs.gates_caption(start_data["trace"], data["trace"], result.cell, tr))

    st.subheader(tr("train.use_title"))
    open_col, download_col = st.columns(2)
    if result.cell == "lstm":
        if open_col.button(tr("train.open_step"), icon=":material/timeline:", key="train_open_step"):
            step_state = step_data.STATE
            for name, value in step_data.session_settings(result.file, result.text).items():
                step_state[name] = value  # /step's widgets take these on its next run
            st.switch_page(PAGE_PATHS["step"], query_params={"lang": tr.lang})
    else:
        open_col.caption(tr("train.open_step_lstm_only"))
    download_col.download_button(tr("train.download"), result.file, file_name=f"lstm-lab-{result.cell}.npz",
                                 mime="application/octet-stream", icon=":material/download:", on_click="ignore",
                                 key="train_download")

st.file_uploader(tr("train.upload"), type=["npz"], key="train_upload", on_change=on_upload,
                 help=tr("train.upload_help"))
