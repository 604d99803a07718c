"""The RNN vs LSTM page in a real browser: it opens on a shared link, the length slider
redraws the charts of both cells, an exploding ReLU RNN is shown as overflow, and
screenshots in English and Korean land in tests/artifacts/ to be looked at."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from lstm_viz.i18n import strings
from tests.e2e.browser import chart_titled, expect_idle, expect_no_exception, full_screenshot, open_section

pytestmark = pytest.mark.e2e

EN, KO = strings("en"), strings("ko")


def shown(title: str) -> str:
    """A chart title as the browser shows it: Plotly's <sub>/<sup> markup is not text."""
    return re.sub(r"<[^>]+>", "", title)


def trace_lengths(page: Page, title: str) -> list[int]:
    """How many x values each trace of the chart titled ``title`` holds (Plotly's live data)."""
    return chart_titled(page, title).locator(".js-plotly-plot").evaluate(
        "gd => gd._fullData.map(trace => trace._length ?? (trace.x || []).length)")


def test_slider_redraws_both_cells_and_screenshots(open_app, artifacts):
    page = open_app("/gradients?lang=en&T=60")
    expect(page.get_by_role("heading", name=EN["gradients.title"])).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(1)  # the unit heatmaps are drawn when opened
    open_section(page, EN["gradients.units_header"])
    reach = EN["gradients.reach_title"]
    rnn_units = shown(EN["gradients.units_title"].format(cell=EN["glossary.vanilla_rnn"]))
    lstm_units = shown(EN["gradients.units_title"].format(cell=EN["glossary.lstm"]))
    for title in (reach, rnn_units, lstm_units):
        expect(chart_titled(page, title)).to_be_visible()
    assert set(trace_lengths(page, reach)) == {60}
    expect_no_exception(page)

    slider = page.get_by_role("slider", name=EN["gradients.T_label"])
    slider.focus()
    for _ in range(10):
        slider.press("ArrowRight")
    expect(page.get_by_test_id("stSliderThumbValue").filter(has_text="70")).to_be_visible()
    expect(page.get_by_text("steps 2 … 70")).to_be_visible()
    expect_idle(page)
    assert set(trace_lengths(page, reach)) == {70}  # both cells' lines, ∂L/∂h and ∂L/∂x
    assert trace_lengths(page, rnn_units) == [70] and trace_lengths(page, lstm_units) == [70]
    expect(page).to_have_url(re.compile(r"[?&]T=70(&|$)"))
    expect_no_exception(page)
    full_screenshot(page, artifacts / "gradients-en.png")


def test_korean_and_the_relu_explosion(open_app, artifacts):
    page = open_app("/gradients?lang=ko")
    expect(page.get_by_role("heading", name=KO["gradients.title"])).to_be_visible()
    expect(chart_titled(page, KO["gradients.reach_title"])).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(1)  # the sections below are drawn when opened
    open_section(page, KO["gradients.race_header"])
    expect(chart_titled(page, KO["gradients.race_title"])).to_be_visible()
    open_section(page, KO["gradients.why_header"])
    expect(chart_titled(page, shown(KO["gradients.jac_title"].format(cell=KO["glossary.vanilla_rnn"])))).to_be_visible()
    expect_idle(page)
    expect_no_exception(page)
    full_screenshot(page, artifacts / "gradients-ko.png")

    page = open_app("/gradients?lang=en&act=relu&scale=100&T=200")
    warning = EN["gradients.h_overflow_warning"].format(cell=EN["glossary.vanilla_rnn"], t=188)
    expect(page.get_by_text(warning)).to_be_visible()
    expect(chart_titled(page, EN["gradients.reach_title"]).get_by_text("h = ∞ / NaN here")).to_be_attached()
    expect_idle(page)
    expect_no_exception(page)
    full_screenshot(page, artifacts / "gradients-relu-overflow-en.png")


def test_long_sequence_renders_and_stays_responsive(open_app):
    """T = 200 in a warm session: the page is drawn, and a slider move redraws it."""
    page = open_app("/gradients?lang=en&T=200")
    reach = EN["gradients.reach_title"]
    expect(chart_titled(page, reach)).to_be_visible()
    started = time.perf_counter()
    page.goto(page.url)
    expect(chart_titled(page, reach)).to_be_visible(timeout=30_000)  # a busy 2-core machine is slow
    expect_idle(page)
    print(f"\n/gradients?T=200, warm: rendered in {time.perf_counter() - started:.2f} s")
    open_section(page, EN["gradients.why_header"])
    slider = page.get_by_role("slider", name=EN["gradients.fbias_label"])
    slider.focus()
    slider.press("ArrowLeft")
    expect(page.get_by_text("σ(b_f) = 0.924")).to_be_visible(timeout=30_000)  # b_f 3 → 2.5
    expect_no_exception(page)
