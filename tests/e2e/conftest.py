"""Fixtures for the browser tests: one Streamlit server per session, Debian's Chromium.

They live here, not in tests/conftest.py, so that the other layers run without Playwright.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.server import APP_IDLE, CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, start_server, stop_server

ARTIFACTS = ROOT / "tests" / "artifacts"
# A 2-core machine running the server, Chromium and the tests at once can take more than
# Playwright's default 5 s to draw a page with charts; assertions wait up to this long.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config, items):
    """Without Chromium the browser tests skip — except where E2E_REQUIRED=1 (CI) says they must run."""
    if Path(CHROMIUM).exists() or os.environ.get("E2E_REQUIRED") == "1":
        return
    skip = pytest.mark.skip(reason=f"no chromium at {CHROMIUM} (apt-get install -y chromium)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}, "locale": "en-US"}


@pytest.fixture(scope="session")
def app_url():
    port = free_port()
    proc = start_server(port, ROOT / "streamlit-e2e.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture
def open_app(page, app_url):
    def _open(path: str = "/"):
        page.goto(app_url + path)
        page.wait_for_selector(APP_IDLE, timeout=60_000)
        return page
    return _open


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
