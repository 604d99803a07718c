"""Two students on one server, and students who leave: each browser session sees only its
own sequence, step, settings and trained model, and a tab closed mid-training or mid-race
leaves no work running on the server (measured from outside: the server's CPU time and
its child processes, read from /proc). Also: a write from another site is refused (XSRF).
"""

from __future__ import annotations

import os
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from lstm_viz.i18n import strings
from tests.app.test_server_config import CONFIG
from tests.e2e.browser import chart_titled, expect_idle, expect_no_exception, open_section, screenshot
from tests.e2e.server import APP_IDLE, ROOT, free_port, start_server, stop_server
from ui import race_board, train_jobs

pytestmark = pytest.mark.e2e

EN, KO = strings("en"), strings("ko")
CLK_TCK = os.sysconf("SC_CLK_TCK")  # the unit of the CPU times in /proc/<pid>/task/<tid>/stat
GRACE = 10.0  # seconds beyond a heartbeat timeout for the work to be seen stopped on a busy machine


@pytest.fixture(scope="module")
def server():
    """A server of this module's own, so that its process can be watched."""
    port = free_port()
    proc = start_server(port, ROOT / "streamlit-isolation.log")
    proc.url = f"http://127.0.0.1:{port}"
    try:
        yield proc
    finally:
        stop_server(proc)


def _threads(pid: int) -> dict[int, float]:
    """The server's threads: {thread id: CPU seconds it has used} (read from /proc)."""
    used = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:  # the thread ended while we looked
            continue
        used[int(task.name)] = (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime
    return used


def _race_processes(pid: int) -> list[int]:
    """The server's child processes that run a race (multiprocessing's spawned workers)."""
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:  # the thread ended while we looked
            continue
    return [c for c in children if Path(f"/proc/{c}").exists() and b"spawn_main" in _cmdline(c)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return b""


def _open(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").first).to_be_visible(timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    return page


def _sequence(page: Page, tr: dict) -> None:
    return page.get_by_role("textbox", name=tr["step.sequence"], exact=True)


def _expect_step_view(page: Page, tr: dict, seq: str, t: int, hidden: int, seed: int) -> None:
    expect(_sequence(page, tr)).to_have_value(seq)
    expect(page).to_have_url(re.compile(rf"[?&]t={t}(&|$)"))
    url = page.url
    assert f"hidden={hidden}&" in url + "&" and f"seed={seed}&" in url + "&", url
    expect(page.get_by_test_id("stSidebar").get_by_role("slider", name=tr["step.hidden"])).to_have_value(str(hidden))


def _train(page: Page, tr: dict) -> None:
    page.get_by_role("button", name=tr["train.train"], exact=True).click()
    expect(page.get_by_role("button", name=tr["train.open_step"])).to_be_visible(timeout=60_000)
    expect_idle(page)


def test_two_students_each_see_only_their_own(browser, server, artifacts):
    """Interleaved: A steps through "hello", B types another sequence; both train a model;
    each /step offers only its own model, with its own sizes, and only for its own text.
    (Moves between pages go through the app: a new page load is a new session.)"""
    ctx_a = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    ctx_b = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    frames: list[int] = []  # the size of every message the server sends either student
    for ctx in (ctx_a, ctx_b):
        ctx.on("page", lambda page: page.on("websocket", lambda ws: ws.on(
            "framereceived", lambda payload: frames.append(len(payload)))))
    a = _open(ctx_a, server.url + "/step?lang=en&seq=hello&hidden=4&seed=1")
    b = _open(ctx_b, server.url + "/step?lang=ko&seq=abcabc&hidden=8&seed=2")
    for _ in range(2):
        a.get_by_role("button", name=EN["step.next"]).click()
        expect_idle(a)
        box = _sequence(b, KO)
        box.fill("xyzxyzx")
        box.press("Enter")
    expect(b).to_have_url(re.compile("seq=xyzxyzx"))
    _expect_step_view(a, EN, "hello", 3, 4, 1)
    _expect_step_view(b, KO, "xyzxyzx", 1, 8, 2)

    a.goto(server.url + "/train?lang=en&text=hello+hello&hidden=4&steps=30")
    b.goto(server.url + "/train?lang=ko&text=abab+abab&hidden=6&steps=30")
    for page, tr in ((a, EN), (b, KO)):
        expect(page.get_by_role("button", name=tr["train.train"], exact=True)).to_be_enabled(timeout=60_000)
    a.get_by_role("button", name=EN["train.train"], exact=True).click()
    _train(b, KO)
    expect(a.get_by_role("button", name=EN["train.open_step"])).to_be_visible(timeout=60_000)

    for page, tr, text, hidden in ((a, EN, "hello hello", 4), (b, KO, "abab abab", 6)):
        page.get_by_role("button", name=tr["train.open_step"]).click()  # in the app: the same session
        expect(page.get_by_role("radio", name=tr["step.weights_session"])).to_be_checked()
        expect(page.get_by_text(tr["step.session_summary"].format(layers=1, hidden=hidden))).to_be_visible()
        expect(_sequence(page, tr)).to_have_value(text)
    for page, tr, other in ((b, KO, "hello hello"), (a, EN, "abab abab")):  # the other's text: not one's model
        box = _sequence(page, tr)
        box.fill(other)
        box.press("Enter")
        expect(page.get_by_role("radio", name=tr["step.weights_session"])).to_have_count(0)
    box = _sequence(a, EN)
    box.fill("hello hello")
    box.press("Enter")
    expect(a.get_by_role("radio", name=EN["step.weights_session"])).to_have_count(1)  # one's own is still there
    expect(b.get_by_role("radio", name=KO["step.weights_session"])).to_have_count(0)
    assert len(frames) > 50 and max(frames) * 4 < CONFIG["server"]["maxMessageSize"] * 2**20
    for page, name in ((a, "a-en"), (b, "b-ko")):
        expect_idle(page)
        expect_no_exception(page)
        screenshot(page, artifacts / f"isolation-student-{name}.png")
    ctx_a.close()
    ctx_b.close()


def _wait_until(check, seconds: float) -> float:
    """Seconds until ``check()`` held (polled), or fail after ``seconds``."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < seconds, f"still not done after {seconds} s"
        time.sleep(0.1)
    return time.monotonic() - start


def test_a_tab_closed_mid_training_leaves_no_training_running(browser, server):
    """The thread that trains (the new thread that works hardest while the model trains)
    ends once the tab that asked for it is closed: its session stopped polling the job."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = _open(context, server.url + "/train?lang=en&text=the+quick+brown+fox+jumps+over+the+lazy+dog"
                                       "&hidden=32&layers=3&steps=2000")  # about 2.5 minutes of training
    before = _threads(server.pid)
    page.get_by_role("button", name=EN["train.train"], exact=True).click()
    expect(chart_titled(page, EN["train.loss_title"])).to_be_visible(timeout=30_000)
    start = _threads(server.pid)
    time.sleep(1.0)
    now = _threads(server.pid)
    work = {tid: now[tid] - start[tid] for tid in now.keys() & start.keys() if tid not in before}
    worker = max(work, key=work.get)
    assert work[worker] > 0, work  # it trains
    context.close()
    took = _wait_until(lambda: worker not in _threads(server.pid), train_jobs.HEARTBEAT_TIMEOUT + GRACE)
    print(f"training thread ended {took:.1f} s after its tab closed")


def test_a_tab_closed_mid_race_leaves_no_race_running(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = _open(context, server.url + "/gradients?lang=en&seed=17")
    open_section(page, EN["gradients.race_header"])
    assert _race_processes(server.pid) == []
    page.locator(".st-key-gradients_race_run button").click()
    expect(page.get_by_test_id("stProgress")).to_be_visible(timeout=30_000)
    racing = _race_processes(server.pid)
    assert len(racing) == 1
    context.close()
    took = _wait_until(lambda: _race_processes(server.pid) == [], race_board.HEARTBEAT_TIMEOUT + GRACE)
    print(f"race stopped {took:.1f} s after its tab closed")
    assert not Path(f"/proc/{racing[0]}").exists() or b"zombie" in Path(f"/proc/{racing[0]}/status").read_bytes()


def test_a_write_from_another_site_is_refused(server):
    """XSRF protection: an upload without the session's token is refused (the page's own
    uploads carry it; tests/e2e/test_train_e2e.py uploads through the page)."""
    request = urllib.request.Request(server.url + "/_stcore/upload_file/some-session/some-file", method="PUT",
                                     data=b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.npz\""
                                          b"\r\n\r\nPK\r\n--x--\r\n",
                                     headers={"Content-Type": "multipart/form-data; boundary=x",
                                              "Origin": "http://evil.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403 and b"XSRF" in refused.value.read()
