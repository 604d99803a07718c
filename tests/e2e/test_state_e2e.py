"""State a teacher can trust, in a real browser: every setting of /step and /gradients keeps
its value across a language switch, the URL carries canonical values only (never a
translated label), and the browser's Back and Forward buttons restore earlier views."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from lstm_viz.i18n import strings
from tests.e2e.browser import expect_idle, expect_no_exception

pytestmark = pytest.mark.e2e

EN, KO = strings("en"), strings("ko")
SLOW = 20_000
STEP = {"seq": "hello", "weights": "random", "hidden": "6", "layers": "2", "seed": "3", "layer": "2", "t": "3"}
GRADIENTS = {"input": "text", "seq": "abcd", "T": "60", "hidden": "8", "seed": "2", "weights": "random", "gru": "on",
             "act": "relu", "scale": "2", "fbias": "1.5"}


def query(page: Page) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}


def switch_language(page: Page, lang: str) -> None:
    page.get_by_test_id("stSidebar").get_by_text("English" if lang == "en" else "한국어", exact=True).click()
    title = (EN if lang == "en" else KO)["nav." + urlsplit(page.url).path.strip("/")]
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text=title)).to_have_count(1)
    expect_idle(page)


def expect_url(page: Page, wanted: dict[str, str]) -> None:
    """The URL holds exactly these canonical values (numbers compared as numbers)."""
    def same() -> bool:
        got = query(page)
        return all(key in got and (got[key] == value or _number(got[key]) == _number(value))
                   for key, value in wanted.items())
    for _ in range(100):
        if same():
            return
        page.wait_for_timeout(100)
    assert {k: query(page).get(k) for k in wanted} == wanted


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def readout(page: Page):
    return page.locator(".step-readout")


def expect_step_widgets(page: Page, tr: dict[str, str]) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("radio", name=tr["step.weights_random"])).to_be_checked(timeout=SLOW)
    expect(sidebar.get_by_role("slider", name=tr["step.hidden"])).to_have_value("6")
    expect(sidebar.get_by_role("spinbutton", name=tr["step.seed"])).to_have_value("3")
    expect(page.get_by_role("textbox", name=tr["step.sequence"], exact=True)).to_have_value("hello")
    expect(page.locator(".lstm-diagram p")).to_contain_text("t = 3", timeout=SLOW)
    expect(page.locator(".lstm-diagram p")).to_contain_text("2", timeout=SLOW)  # layer 2 on view


@pytest.mark.parametrize("first", ["ko", "en"])
def test_step_settings_survive_a_language_switch(open_app, first):
    second = "en" if first == "ko" else "ko"
    page = open_app("/step?" + "&".join(f"{k}={v}" for k, v in STEP.items()) + f"&lang={first}")
    expect(readout(page)).to_contain_text("t = 3 / 5", timeout=SLOW)
    expect_step_widgets(page, EN if first == "en" else KO)
    for lang in (second, first):
        switch_language(page, lang)
        tr = EN if lang == "en" else KO
        expect_step_widgets(page, tr)
        expect_url(page, {**STEP, "lang": lang})
    page.get_by_role("button", name=(EN if first == "en" else KO)["step.next"]).click()
    expect(readout(page)).to_contain_text("t = 4 / 5", timeout=SLOW)
    expect_url(page, {**STEP, "t": "4", "lang": first})
    expect_no_exception(page)


def test_gradients_settings_survive_a_language_switch(open_app):
    page = open_app("/gradients?" + "&".join(f"{k}={v}" for k, v in GRADIENTS.items()) + "&lang=ko")
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=SLOW)
    for lang in ("en", "ko", "en"):
        switch_language(page, lang)
        tr = EN if lang == "en" else KO
        expect(page.get_by_role("textbox", name=tr["gradients.text_label"])).to_have_value("abcd", timeout=SLOW)
        main = page.get_by_test_id("stMain")
        for label in (tr["gradients.input_text"], tr["gradients.gru_on"], tr["gradients.weights_random"], "ReLU"):
            expect(main.get_by_role("radio", name=label, exact=True)).to_be_checked()
        expect_url(page, {**GRADIENTS, "lang": lang})
    expect_no_exception(page)


def test_back_and_forward_restore_each_view(open_app):
    page = open_app("/step?seq=hello&t=1&lang=en")
    expect(readout(page)).to_have_text("t = 1 / 5 · input 'h'", timeout=SLOW)
    expect_url(page, {"seq": "hello", "t": "1"})
    for t, char in zip(range(2, 5), "ell", strict=True):
        page.get_by_role("button", name="Next").click()
        expect(readout(page)).to_have_text(f"t = {t} / 5 · input '{char}'", timeout=SLOW)
        expect_url(page, {"t": str(t)})
    box = page.get_by_role("textbox", name="Sequence", exact=True)
    box.fill("abc")
    box.press("Enter")
    expect(readout(page)).to_have_text("t = 1 / 3 · input 'a'", timeout=SLOW)
    expect_url(page, {"seq": "abc", "t": "1"})
    expect_idle(page)
    for seq, t, char, T in (("hello", 4, "l", 5), ("hello", 3, "l", 5), ("hello", 2, "e", 5)):
        page.go_back()
        expect(readout(page)).to_have_text(f"t = {t} / {T} · input '{char}'", timeout=SLOW)
        expect(box).to_have_value(seq)
        expect_idle(page)
    page.go_forward()
    expect(readout(page)).to_have_text("t = 3 / 5 · input 'l'", timeout=SLOW)
    expect_idle(page)
    page.get_by_role("button", name="Next").click()  # a new step after going back starts a new branch
    expect(readout(page)).to_have_text("t = 4 / 5 · input 'l'", timeout=SLOW)
    expect_url(page, {"seq": "hello", "t": "4"})
    expect_no_exception(page)
