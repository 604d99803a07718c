"""The load test's protocol client against a real server: two students for a few seconds
(no browser; the timings are not asserted, only that the client works as a browser does)."""

from __future__ import annotations

import asyncio
import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.load import Stats, StudentSession, lesson, require_loopback, step


def run_apart(coroutine):
    """Run a coroutine to its end in a thread of its own: the session's Playwright (sync API)
    keeps an event loop running in this one, where ``asyncio.run`` refuses to start."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_two_students_open_step_and_step_without_errors(app_url):
    result = run_apart(lesson(app_url, 2, 12.0, seed=1, train_fraction=0.0, pid=None, reference=False))
    assert result["errors"] == 0, result["error_kinds"]
    assert result["students"] == 2 and result["first_p95_ms"] > 0 and result["steps"] >= 2


@pytest.fixture
def session_on_step(app_url):
    stats = Stats()
    session = StudentSession(app_url, stats, "ko")

    async def opened():
        await session.connect()
        await session.rerun(page="step", query="seq=안녕하세요&lang=ko")
        return session
    return session, stats, opened


def test_next_moves_the_step_in_a_fragment_run_and_the_url_follows(session_on_step):
    """Next, as the browser sends it (every widget's state, the button's trigger, the
    fragment's id), reruns only the fragment and moves t by one; the query string follows."""
    session, stats, opened = session_on_step

    async def lesson_of_three_steps():
        await opened()
        before = session.widget("step_t").state.double_array_value.data[0]
        runs = []
        forward = True
        for _ in range(3):
            forward = await step(session, forward, stats)
            runs.append((session.widget("step_t").state.double_array_value.data[0], session.query, session.status))
        await session.close()
        return before, runs

    before, runs = run_apart(lesson_of_three_steps())
    assert before == 1 and [t for t, _, _ in runs] == [2, 3, 4]
    assert all(f"t={int(t)}" in query and "lang=ko" in query for t, query, _ in runs)
    assert {status for _, _, status in runs} == {ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
    assert stats.errors == [] and len(stats.step_ms) == 3


@pytest.mark.parametrize("url", ["http://10.0.0.1:8501", "http://192.168.1.2", "http://8.8.8.8:80"])
def test_only_loopback_servers_are_load_tested(url):
    with pytest.raises(SystemExit, match="only loopback"):
        require_loopback(url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8501", "http://localhost:8501", "http://[::1]:8501"])
def test_loopback_servers_are_accepted(url):
    require_loopback(url)


def test_plans_are_bounded_and_the_trainers_a_fraction():
    from benchmarks.load import ARRIVAL, plans

    class_ = plans(30, random.Random(0), 0.2)
    assert sum(plan.trains for plan in class_) == 6
    assert all(0 <= plan.arrive <= ARRIVAL for plan in class_)
    assert {plan.lang for plan in class_} == {"en", "ko"} and any(not plan.text.isascii() for plan in class_)
