"""The gate playground in a real browser: an experiment in one click, a gate moved by
hand, a step change that reruns only the step's fragment, a shared link, and screenshots
in English and Korean at 1280 × 720 and 1920 × 1080 (tests/artifacts/playground-*.png)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from lstm_viz.i18n import strings
from tests.e2e.browser import ScriptRuns, expect_idle, expect_no_exception, full_screenshot

pytestmark = pytest.mark.e2e

EN, KO = strings("en"), strings("ko")
SLOW = 20_000


def panels(page: Page):
    return page.locator(".play-panels")


def test_an_experiment_a_gate_by_hand_and_a_light_step_change(page, open_app):
    runs = ScriptRuns(page)
    open_app("/playground?lang=en")
    expect(panels(page).locator(".diagram-title")).to_have_text(
        ["The untouched cell at t = 1", "The cell with your gates at t = 1"], timeout=SLOW)
    page.get_by_role("button", name=EN["playground.exp_silent"]).click()
    expect(page.get_by_text("the memory comes out")).to_be_visible(timeout=SLOW)
    expect(panels(page).locator(".diagram-title").last).to_have_text("The cell with your gates at t = 8")
    expect(page).to_have_url(re.compile(r"exp=silent"))
    expect_idle(page)
    full, fragments = runs.settled(page)
    page.get_by_role("button", name="Previous").click()
    expect(panels(page).locator(".diagram-title").last).to_have_text("The cell with your gates at t = 7",
                                                                     timeout=SLOW)
    expect_idle(page)
    assert runs.settled(page) == (full, fragments + 1)  # the step's fragment only
    slider = page.get_by_role("slider", name="Value of f")
    slider.focus()
    slider.press("ArrowLeft")
    expect(page.get_by_text("the memory comes out")).to_have_count(0, timeout=SLOW)  # a hand-made change
    expect(page).to_have_url(re.compile(r"f_v=0.95"))
    expect_idle(page)
    expect_no_exception(page)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_screenshots_of_a_shared_link(page, open_app, artifacts, lang, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_app(f"/playground?lang={lang}&exp=amnesia&f=fixed&f_v=0&f_from=3&t=3")
    table = EN if lang == "en" else KO
    expect(page.get_by_role("heading", name=table["playground.title"])).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(table["playground.exp_amnesia"] + " —")).to_be_visible(timeout=SLOW)
    expect(panels(page).locator("img")).to_have_count(2, timeout=SLOW)
    expect(page.locator(".play-lines img")).to_have_count(1, timeout=SLOW)
    assert page.locator(".play-lines img").evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.locator(".js-plotly-plot")).to_have_count(0)  # the lines are a picture: no Plotly script
    expect_idle(page)
    expect_no_exception(page)
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifacts / f"playground-{lang}-{size[0]}.png"))
    full_screenshot(page, artifacts / f"playground-{lang}-{size[0]}-full.png")
