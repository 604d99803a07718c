"""Predict, then reveal on /step in a real browser, at 1280 × 720 in both languages: Next
hides the step's numbers behind a question, a guess reveals them with the verdict and the
reason, every step change and guess is a fragment rerun; screenshots of the question and the
reveal (tests/artifacts/step-predict-<hidden|revealed>-<lang>.png)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lstm_viz import self_check
from lstm_viz.i18n import Translator, strings
from tests.e2e.browser import ScriptRuns, expect_idle, expect_no_exception, screenshot
from tests.e2e.server import APP_IDLE
from ui import step_data

pytestmark = pytest.mark.e2e

SLOW = 20_000


def plain(said_text: str) -> str:
    """What the browser shows of a sentence written with **bold**."""
    return said_text.replace("**", "")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_next_asks_first_then_the_guess_reveals(browser, app_url, artifacts, lang):
    tr, words = Translator(lang), strings(lang)
    run = step_data.step_run.__wrapped__(step_data.View("hello"))  # the page's own run, computed here
    question = self_check.predict(run, 1, 3)
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    try:
        page = context.new_page()
        runs = ScriptRuns(page)
        page.goto(f"{app_url}/step?seq=hello&t=2&predict=1&lang={lang}")
        page.wait_for_selector(APP_IDLE, timeout=60_000)
        readout = page.locator(".step-readout")
        expect(readout).to_contain_text("t = 2 / 5", timeout=SLOW)
        expect(page.locator(".lstm-diagram img")).to_be_visible(timeout=SLOW)  # the step it opened on is on show
        expect_idle(page)
        toggle = page.get_by_role("switch", name=words["step.predict"])
        expect(toggle).to_be_checked()
        box = toggle.bounding_box()
        assert box["y"] + box["height"] <= 720  # in the sidebar, on the first screen
        expect(page.get_by_test_id("stSidebar").get_by_role("switch", name=words["step.predict"])).to_have_count(1)
        full, fragments = runs.settled(page)

        page.locator(".st-key-step_t_next button").first.click()  # the navigator's Next
        expect(readout).to_contain_text("t = 3 / 5", timeout=SLOW)
        main = page.get_by_test_id("stMain")
        expect(main.locator(".predict-ask .predict-question")).to_have_text(plain(self_check.say(tr, question.prompt)),
                                                                     timeout=SLOW)
        expect_idle(page)
        for hidden in (".lstm-diagram", ".four-steps", ".prediction", ".predict-reveal"):
            expect(page.locator(hidden)).to_have_count(0)
        expect(page.locator(".predict-ask .lab-note")).to_have_text(words["step.predict_hidden"])
        expect(page).to_have_url(re.compile(r"[?&]t=3(&|$)"))
        screenshot(page, artifacts / f"step-predict-hidden-{lang}.png")

        pills = page.get_by_test_id("stButtonGroup").locator('button[data-variant="pills"]')
        expect(pills).to_have_count(len(question.choices))
        pills.filter(has_text=self_check.say(tr, question.right)).click()
        told = page.locator(".predict-reveal.guess-right")
        expect(told).to_contain_text(plain(self_check.say(tr, question.why)), timeout=SLOW)
        expect(page.locator(".lstm-diagram img")).to_be_visible(timeout=SLOW)
        expect(page.locator(".step-card")).to_have_count(4)
        expect_idle(page)
        assert runs.settled(page) == (full, fragments + 2)  # Next and the guess: fragment runs only
        screenshot(page, artifacts / f"step-predict-revealed-{lang}.png")
        expect_no_exception(page)
    finally:
        context.close()
