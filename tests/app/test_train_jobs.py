"""The training pool without Streamlit: start, progress, stop within a second, one job
per session, the server-wide cap and its queue, abandoned jobs reaped."""

from __future__ import annotations

import time

import numpy as np

from lstm_core import Adam, CharModel, next_char, train
from ui.train_jobs import TrainPool, TrainSpec

SHORT = TrainSpec("hello", ("lstm",), 4, 1, "adam", 0.05, 20, 0)
LONG = TrainSpec("the quick brown fox jumps over the lazy dog", ("lstm",), 32, 2, "adam", 0.01, 2000, 0)


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_job_trains_and_publishes_a_record_per_step_equal_to_the_engines():
    pool = TrainPool()
    job = pool.submit("s", SHORT)
    wait_for(lambda: pool.poll("s").finished)
    assert job.state == "done" and [r[0] for r in job.records["lstm"]] == list(range(21))
    x, y, vocab = next_char("hello")
    model = CharModel.for_vocab(vocab, 4, cell="lstm", seed=0)
    expected = list(train(model, iter(lambda: (x, y), None), steps=20, optimizer=Adam(model.parameters(), lr=0.05)))
    assert job.records["lstm"] == [(r.step, r.loss, r.accuracy) for r in expected]
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(job.models["lstm"].state_dict()[name], value)
    assert pool.take("s") is job and pool.poll("s") is None


def test_stop_takes_effect_within_a_second_and_keeps_the_model_reached():
    pool = TrainPool()
    job = pool.submit("s", LONG)
    wait_for(lambda: len(pool.poll("s").records.get("lstm", [])) > 3)  # polling, as the page does
    stopped_at = time.monotonic()
    pool.stop("s")
    wait_for(lambda: job.finished)
    assert time.monotonic() - stopped_at < 1.0
    assert job.state == "stopped" and job.records["lstm"][-1][0] < LONG.steps
    assert job.models["lstm"].state_dict().keys() == job.initial["lstm"].keys()


def test_a_second_job_of_the_same_session_replaces_the_first():
    pool = TrainPool()
    first = pool.submit("s", LONG)
    second = pool.submit("s", SHORT)
    assert first.stop_flag.is_set() and pool.poll("s") is second
    wait_for(lambda: first.finished and pool.poll("s").finished)
    assert second.state == "done"


def test_beyond_the_cap_jobs_wait_in_order_and_start_when_a_slot_frees():
    pool = TrainPool(max_running=2)
    jobs = [pool.submit(name, LONG) for name in "abcd"]
    wait_for(lambda: jobs[0].state == "running" and jobs[1].state == "running")
    assert [job.state for job in jobs[2:]] == ["queued", "queued"]
    assert (pool.ahead("c"), pool.ahead("d"), pool.ahead("a")) == (0, 1, 0)
    pool.stop("a")
    wait_for(lambda: jobs[2].state == "running")
    assert jobs[3].state == "queued"
    pool.stop("d")  # a queued job stops without ever starting
    assert jobs[3].state == "stopped" and not jobs[3].records
    for name in "bc":
        pool.stop(name)
    wait_for(lambda: pool.running == 0)


def test_the_job_of_a_session_that_stopped_polling_is_stopped_and_dropped():
    now = [0.0]
    pool = TrainPool(max_running=1, heartbeat_timeout=5.0, clock=lambda: now[0])
    running = pool.submit("gone", LONG)
    queued = pool.submit("left", LONG)
    wait_for(lambda: running.state == "running")
    now[0] = 6.0  # neither session polled for 6 s
    wait_for(lambda: running.finished)
    assert running.state == "abandoned" and running.models == {}
    assert pool.poll("gone") is None and pool.poll("left") is None and queued.stop_flag.is_set()
    wait_for(lambda: pool.running == 0)
    assert pool.jobs == {} and not pool.waiting

