"""The four stages of one step on /step in a real browser: walked with the keyboard (N, P)
and the Previous/Next stage buttons, each stage dimming the diagram's other parts and
landing in the URL; a link to "t = 3, the update" opens on it after a step change; the
update stage at 1280 × 720 in both languages (tests/artifacts/step-stage-update-<lang>.png)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from lstm_viz.diagram import DIM, STAGES
from lstm_viz.i18n import strings
from tests.e2e.browser import ScriptRuns, expect_idle, expect_no_exception, screenshot
from tests.e2e.server import APP_IDLE

pytestmark = pytest.mark.e2e

EN, KO = strings("en"), strings("ko")
SLOW = 20_000
# The diagram's SVG, parsed in the page: per part, its stages and whether it is dimmed.
PARTS = """img => {
    const bytes = Uint8Array.from(atob(img.src.split(',')[1]), c => c.charCodeAt(0));
    const svg = new DOMParser().parseFromString(new TextDecoder().decode(bytes), 'image/svg+xml').documentElement;
    return {parts: [...svg.querySelectorAll('[data-stage]')].map(e => ({
                stages: e.getAttribute('data-stage').split(' '), opacity: e.getAttribute('opacity')})),
            rings: [...svg.querySelectorAll('[data-ring]')].map(e => e.getAttribute('data-ring'))};
}"""
RINGS = {"forget": ["f", "forget"], "input": ["i", "g", "ig"], "update": ["forget", "write", "ig"],
         "output": ["o", "out", "tanh"]}


def expect_stage(page: Page, stage: str, tr: dict) -> None:
    """The URL, the stage's name beside the diagram, its card and the diagram's dimming."""
    expect(page).to_have_url(re.compile(rf"[?&]stage={stage}(&|$)"), timeout=SLOW)
    expect(page.locator(".stage-note .stage-name")).to_have_text(tr[f"step.stage_{stage}"], timeout=SLOW)
    expect(page.locator(".stage-note")).to_have_attribute("data-stage", stage)
    expect(page.locator(".four-steps")).to_have_attribute("data-stage", stage)
    expect_idle(page)
    drawn = page.locator(".lstm-diagram img").evaluate(PARTS)
    parts = drawn["parts"]
    assert parts
    if stage == "all":
        assert all(p["opacity"] is None for p in parts) and drawn["rings"] == []
        expect(page.locator(".step-card.folded")).to_have_count(0)
        return
    assert all((p["opacity"] is None) == (stage in p["stages"]) for p in parts)
    assert {p["opacity"] for p in parts if stage not in p["stages"]} == {DIM}
    assert sorted(drawn["rings"]) == sorted(RINGS[stage])
    expect(page.locator(".step-card.current")).to_have_count(1)
    expect(page.locator(".step-card.folded")).to_have_count(3)


def test_walk_the_four_stages_with_the_keyboard_and_the_buttons(page, open_app):
    runs = ScriptRuns(page)
    open_app("/step?seq=hello&t=2&lang=en")
    expect(page.locator(".step-readout")).to_have_text("t = 2 / 5 · input 'e'", timeout=SLOW)
    expect_stage(page, "all", EN)
    before = runs.settled(page)
    page.locator(".step-readout").click()  # the focus on the page, not in a text box
    for stage in (*STAGES, "all"):  # N: forget, input, update, output, then all four again
        page.keyboard.press("n")
        expect_stage(page, stage, EN)
    for stage in reversed(STAGES):  # P from all: output, update, input, forget
        page.keyboard.press("p")
        expect_stage(page, stage, EN)
    for stage in ("input", "update"):
        page.get_by_role("button", name=re.compile("^Later stage")).click()
        expect_stage(page, stage, EN)
    page.get_by_role("button", name=re.compile("^Earlier stage")).click()
    expect_stage(page, "input", EN)
    full, fragment = runs.settled(page)
    assert full == before[0] and fragment - before[1] == 12  # every stage change reran the step's fragment alone
    page.get_by_role("button", name=re.compile("^Next")).click()  # a step keeps the stage
    expect(page.locator(".step-readout")).to_have_text("t = 3 / 5 · input 'l'", timeout=SLOW)
    expect_stage(page, "input", EN)
    expect(page).to_have_url(re.compile(r"[?&]t=3(&|$)"))
    expect_no_exception(page)


def test_typing_keeps_the_keys_in_the_text_box(open_app):
    page = open_app("/step?seq=ab&lang=en&stage=forget")
    expect_stage(page, "forget", EN)
    box = page.get_by_role("textbox", name="Sequence")
    box.fill("")
    box.press_sequentially("nap")
    box.press("Enter")
    expect(page.locator(".step-readout")).to_have_text("t = 1 / 3 · input 'n'", timeout=SLOW)
    expect_stage(page, "forget", EN)  # N and P typed into the box moved no stage


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_link_to_the_update_at_t_3_at_1280_by_720(browser, app_url, artifacts, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    try:
        page = context.new_page()
        page.goto(f"{app_url}/step?seq=hello&t=3&stage=update&lang={lang}")
        page.wait_for_selector(APP_IDLE, timeout=60_000)
        tr = strings(lang)
        expect_stage(page, "update", tr)
        expect(page.locator(".step-readout")).to_contain_text("t = 3 / 5", timeout=SLOW)
        page.wait_for_function("document.querySelector('.lstm-diagram img').complete")
        for name in ("stage_previous", "stage_next", "previous", "next"):
            box = page.get_by_role("button", name=re.compile("^" + re.escape(tr[f"step.{name}"]))).first.bounding_box()
            assert box["y"] + box["height"] <= 720 and box["x"] + box["width"] <= 1280, (name, box)
        img = page.locator(".lstm-diagram img").bounding_box()
        assert img["y"] + img["height"] <= 720, img  # the whole diagram still on the first screen
        expect(page.locator(".stage-note .reading")).to_contain_text("c_t = f ⊙ c_t−1 + i ⊙ g")
        screenshot(page, artifacts / f"step-stage-update-{lang}.png")
        expect_no_exception(page)
    finally:
        context.close()
