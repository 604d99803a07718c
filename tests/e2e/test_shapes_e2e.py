"""The shapes page in a real browser: a control redraws the table and the link (a
fragment run, not the whole page), the sections open with their numbers and follow the
settings, the language switch keeps every setting, and screenshots in English and Korean
land in tests/artifacts/ to be looked at."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from lstm_viz.i18n import strings
from tests.e2e.browser import ScriptRuns, expect_idle, expect_no_exception, full_screenshot, open_section
from tests.e2e.test_state_e2e import expect_url, switch_language

pytestmark = pytest.mark.e2e

EN, KO = strings("en"), strings("ko")
SLOW = 20_000


def cell(page: Page, name: str):
    """The shape the table shows for tensor ``name``."""
    return page.locator(".shapes-table tr").filter(has=page.locator("td:first-child code", has_text=re.compile(
        f"^{re.escape(name)}$"))).locator("td:nth-child(2)")


def test_controls_redraw_the_table_and_screenshots(page, open_app, artifacts):
    runs = ScriptRuns(page)
    open_app("/shapes?lang=en")
    expect(page.get_by_role("heading", name=EN["shapes.title"])).to_be_visible()
    expect(cell(page, "h_n")).to_have_text("(1, 3, 2)", timeout=SLOW)
    expect(page.locator("img.weight-picture")).to_be_visible()
    expect_idle(page)
    full, fragments = runs.settled(page)
    page.get_by_role("radio", name="True").first.click()  # bidirectional
    expect(cell(page, "h_n")).to_have_text("(2, 3, 2)", timeout=SLOW)
    expect_idle(page)
    assert runs.settled(page) == (full, fragments + 1)  # the settings' fragment only
    expect(cell(page, "weight_ih_l0_reverse")).to_have_text("(8, 4)")
    expect_url(page, {"bidirectional": "true"})
    layers = page.get_by_role("spinbutton", name=EN["shapes.num_layers_label"])
    layers.fill("2")
    layers.press("Enter")
    expect(cell(page, "h_n")).to_have_text("(4, 3, 2)", timeout=SLOW)
    expect(cell(page, "weight_ih_l1")).to_have_text("(8, 4)")  # layer 2 reads D·H = 4 features
    expect_url(page, {"num_layers": "2"})
    open_section(page, EN["shapes.bi_heading"])
    check = page.get_by_test_id("stMarkdownContainer").filter(has_text="ends at t = 0")
    expect(check.locator("code").first).to_have_text("output[0, :, 2:]")
    expect(check.locator("strong")).to_have_text(["True", "False", "True"])
    expect_idle(page)
    full, fragments = runs.settled(page)
    hidden = page.get_by_role("spinbutton", name=EN["shapes.hidden_size_label"])
    hidden.fill("3")
    hidden.press("Enter")  # the open section follows the new size, in the same fragment run
    expect(check.locator("code").first).to_have_text("output[0, :, 3:]", timeout=SLOW)
    expect_idle(page)
    assert runs.settled(page) == (full, fragments + 1)
    expect_no_exception(page)
    full_screenshot(page, artifacts / "shapes-en.png")


def test_korean_keras_and_the_notes_example(open_app, artifacts):
    page = open_app("/shapes?lang=ko&fw=keras")
    expect(page.get_by_role("heading", name=KO["shapes.title"])).to_be_visible()
    expect(cell(page, "outputs")).to_have_text("(3, 2)", timeout=SLOW)
    expect(cell(page, "kernel")).to_have_text("(4, 8)")
    open_section(page, KO["shapes.keras_heading"])
    expect(page.locator("table.numbers td.yes")).to_have_count(6)  # outputs == h: six times True
    expect_idle(page)
    expect_no_exception(page)
    full_screenshot(page, artifacts / "shapes-ko.png")


def test_settings_survive_a_language_switch(open_app):
    settings = {"fw": "torch", "cell": "gru", "input_size": "6", "hidden_size": "5", "num_layers": "3",
                "bias": "false", "batch_first": "true", "dropout": "0.2", "bidirectional": "true", "batch": "4",
                "steps": "7", "batched": "batched"}
    page = open_app("/shapes?" + "&".join(f"{k}={v}" for k, v in settings.items()) + "&lang=en")
    expect(cell(page, "output")).to_have_text("(4, 7, 10)", timeout=SLOW)
    for lang in ("ko", "en"):
        switch_language(page, lang)
        expect(cell(page, "output")).to_have_text("(4, 7, 10)", timeout=SLOW)
        expect(cell(page, "weight_hh_l2_reverse")).to_have_text("(15, 5)")
        expect_url(page, {**settings, "lang": lang})
    expect_no_exception(page)
