"""The training page (/train) in AppTest: controls and their bounds, a training run to its
finished state, Stop, the upload's refusals (each malformed kind, nothing else touched),
the compare mode, and the model opened on /step with the same numbers."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest

from lstm_core import load_model
from lstm_viz.i18n import strings
from tests.model_files import KINDS, good_bytes, malformed
from tests.support import all_text, decode, open_page, plotly_spec_titled
from ui import train_data
from ui.train_jobs import MAX_RUNNING, TrainSpec, pool

PAGE = "pages/5_train.py"
EN, KO = strings("en"), strings("ko")


def train_to_the_end(at, timeout: float = 30.0):
    """Press Train and rerun (each run polls the job, as the page's fragment does) until it is kept."""
    before = at.session_state["train_result"] if "train_result" in at.session_state else None  # noqa: SIM401
    at.button(key="train_go").click().run()
    deadline = time.monotonic() + timeout
    while ("train_result" not in at.session_state or at.session_state["train_result"] is before):
        assert time.monotonic() < deadline, "training did not finish"
        time.sleep(0.1)
        at.run()
    assert not at.exception, at.exception
    return at.session_state["train_result"]


def small(**query):
    return open_page(PAGE, text="hello hello", hidden="4", steps="40", **query)


def test_the_page_opens_with_its_controls_and_no_model():
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == EN["train.title"]
    assert at.text_input(key="train_text").value == train_data.DEFAULT_TEXT
    assert at.slider(key="train_hidden").value == 16 and at.select_slider(key="train_lr").value == 0.01
    assert EN["train.press_train"] in all_text(at)
    assert not at.get("plotly_chart")


def test_training_ends_with_curves_predictions_samples_and_gates():
    at = small()
    result = train_to_the_end(at)
    assert result.text == "hello hello" and result.cell == "lstm" and not result.stopped
    steps = [row[0] for row in result.records["lstm"]]
    assert steps == list(range(41))
    loss = plotly_spec_titled(at, EN["train.loss_title"])
    np.testing.assert_allclose(decode(loss["data"][0]["y"]), [row[1] for row in result.records["lstm"]])
    assert loss["layout"]["xaxis"]["range"] == [0, 40]
    accuracy = plotly_spec_titled(at, EN["train.accuracy_title"])
    assert accuracy["layout"]["yaxis"]["range"] == [0, 105]
    text = all_text(at)
    assert "After 40 training steps" in text and EN["train.greedy"] in text
    chips = [el.proto.body for el in at.get("html") if el.proto.body.startswith("<div class=\"train-chips\"")]
    assert len(chips) == 1 and chips[0].count('class="train-chip ') == len("hello hello") - 1
    gates = plotly_spec_titled(at, "Gates over the text")
    assert [t["name"] for t in gates["data"]] == ["f", "f", "i", "i", "o", "o"]
    model = load_model(io.BytesIO(result.file))
    start = load_model(io.BytesIO(result.initial["lstm"]))
    _, _, trace = model.rnn(model.vocab.one_hot("hello hello"), return_trace=True)
    _, _, first = start.rnn(start.vocab.one_hot("hello hello"), return_trace=True)
    np.testing.assert_allclose(decode(gates["data"][1]["z"]), trace[0].f[:, 0].T)
    np.testing.assert_allclose(decode(gates["data"][0]["z"]), first[0].f[:, 0].T)
    assert at.get("download_button")


def test_a_second_train_replaces_the_model_and_the_temperature_changes_the_sample_only():
    at = small()
    first = train_to_the_end(at)
    greedy = [m.value for m in at.markdown if m.value.startswith(EN["train.greedy"])]
    at.slider(key="train_temp").set_value(2.0).run()
    assert [m.value for m in at.markdown if m.value.startswith(EN["train.greedy"])] == greedy
    assert any(m.value.startswith("Sampled at temperature 2.0") for m in at.markdown)
    at.segmented_control(key="train_cell").set_value("gru").run()
    second = train_to_the_end(at)
    assert second is not first and second.cell == "gru"
    assert "train_open_step" not in [b.key for b in at.button]
    assert EN["train.open_step_lstm_only"] in all_text(at)


def test_compare_trains_lstm_and_rnn_on_the_same_text_and_draws_both_loss_curves():
    at = small()
    at.toggle(key="train_compare").set_value(True).run()
    result = train_to_the_end(at)
    assert list(result.records) == ["lstm", "rnn"]
    loss = plotly_spec_titled(at, EN["train.loss_title"])
    assert [t["name"] for t in loss["data"]] == ["LSTM", "vanilla RNN"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_malformed_upload_is_refused_with_its_message_and_the_model_stays(kind):
    at = small()
    kept = train_to_the_end(at)
    at.file_uploader(key="train_upload").set_value(("bad.npz", malformed(kind), "application/octet-stream")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [EN[f"train.refused_{kind}"]]
    assert at.session_state["train_result"] is kept
    assert at.session_state["session_model"]["file"] == kept.file


def test_an_upload_over_the_size_limit_and_one_that_does_not_know_the_text_are_refused():
    at = small(lang="ko")
    at.file_uploader(key="train_upload").set_value(
        ("big.npz", b"\0" * (train_data.UPLOAD_LIMIT + 1), "application/octet-stream")).run()
    assert [e.value for e in at.error] == [KO["train.refused_too_big"]]
    at.file_uploader(key="train_upload").set_value(("abc.npz", good_bytes("abc"), "application/octet-stream")).run()
    assert [e.value for e in at.error] == [KO["train.refused_unknown_text"]]
    assert "train_result" not in at.session_state


def test_a_good_upload_becomes_the_sessions_model():
    at = small()
    file = good_bytes("hello world")
    at.file_uploader(key="train_upload").set_value(("m.npz", file, "application/octet-stream")).run()
    assert not at.error and at.session_state["train_result"].file == file
    assert EN["train.uploaded_summary"].format(cell="LSTM") in all_text(at)


def test_hostile_links_are_bounded_with_notices():
    at = open_page(PAGE, text="x" * 500, hidden="999", layers="-3", lr="7", steps="1e9", seed="-1",
                   cell="transformer", opt="rmsprop", temp="nan")
    assert not at.exception
    assert len(at.text_input(key="train_text").value) == train_data.MAX_TEXT
    assert at.slider(key="train_hidden").value == 32 and at.segmented_control(key="train_layers").value == 1
    assert at.select_slider(key="train_lr").value == 0.1
    assert at.number_input(key="train_steps").value == 300 and at.number_input(key="train_seed").value == 0
    assert at.segmented_control(key="train_cell").value == "lstm" and at.radio(key="train_opt").value == "adam"
    notices = [el.value for el in at.info if el.proto.icon == ":material/info:"]
    assert len(notices) == 9
    assert any("Hidden size" in n for n in notices)


def test_a_one_character_text_cannot_be_trained():
    at = open_page(PAGE, text="a", lang="ko")
    assert at.button(key="train_go").disabled
    assert KO["train.too_short"] in all_text(at)


def test_stop_keeps_the_model_reached_so_far():
    at = open_page(PAGE, text="the quick brown fox jumps over the lazy dog", hidden="48", layers="3", steps="2000")
    at.button(key="train_go").click().run()
    job = pool().poll(at.session_state["_train_session"])
    while "train_stop" not in [b.key for b in at.button] or len(job.records.get("lstm", [])) < 5:  # started
        time.sleep(0.1)
        at.run()
    at.button(key="train_stop").click().run()
    deadline = time.monotonic() + 5
    while "train_result" not in at.session_state:
        assert time.monotonic() < deadline
        time.sleep(0.1)
        at.run()
    result = at.session_state["train_result"]
    assert result.stopped and 0 < result.records["lstm"][-1][0] < 2000
    assert "Stopped after" in all_text(at)


def test_open_in_step_through_shows_the_trained_model_with_the_same_numbers():
    at = small()
    result = train_to_the_end(at)
    at.button(key="train_open_step").click().run()
    at.switch_page("pages/1_step.py").run()  # AppTest follows st.switch_page only on the next run
    assert not at.exception, at.exception
    assert at.radio(key="step_weights").value == "session"
    from ui import step_data

    view = step_data.View("hello hello", 4, 1, 0, "session", __import__("hashlib").sha256(result.file).hexdigest())
    run = step_data.step_run(view, result.file)
    model = load_model(io.BytesIO(result.file))
    x = model.vocab.one_hot("hello hello")
    _, _, trace = model.rnn(x, return_trace=True)
    for name in ("f", "i", "g", "o", "c", "h"):
        np.testing.assert_array_equal(run["layers"][0][name], getattr(trace[0], name)[:, 0])
    np.testing.assert_array_equal(run["probs"], model.predict_proba(x))
    assert "The LSTM trained on the training page" in all_text(at)


def test_a_shared_link_asking_for_the_session_model_falls_back_to_trained_weights():
    at = open_page("pages/1_step.py", seq="hello", weights="session")
    assert not at.exception
    assert at.radio(key="step_weights").value == "trained"
    assert at.radio(key="step_weights").options == [EN["step.weights_trained"], EN["step.weights_random"]]
    assert EN["step.notice_no_session_model"] in [el.value for el in at.info]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_training_beyond_the_servers_cap_waits_with_its_place_in_the_queue(lang):
    """Two other students' trainings take the pool's slots: this one waits, and says where it is."""
    others = [f"other-{k}" for k in range(MAX_RUNNING + 1)]
    long = TrainSpec("the quick brown fox jumps over the lazy dog", ("lstm",), 32, 2, "adam", 0.01, 2000, 0)
    jobs = pool()
    for session in list(jobs.jobs):  # the jobs other tests left to the server's one pool
        jobs.stop(session)
    deadline = time.monotonic() + 10
    while jobs.running:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    at = small(lang=lang)
    try:
        for other in others:
            jobs.submit(other, long)
        at.button(key="train_go").click().run()
        assert not at.exception
        place = len(others) - MAX_RUNNING + 1  # the others beyond the cap wait before this one
        expected = (EN if lang == "en" else KO)["train.queued"].format(place=place)
        assert expected in [info.value for info in at.info]
        assert not at.get("plotly_chart")  # no curves until the job runs
    finally:
        for session in [*others, at.session_state["_train_session"]]:
            jobs.stop(session)
