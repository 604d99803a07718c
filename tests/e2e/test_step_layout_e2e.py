"""The step page on a projector: at 1280 × 720 (sidebar open, as the app opens) the
navigator and the whole diagram are on the first screen, the diagram's numbers are drawn
at 14 px or more and its legends at 12 px or more; at 1920 × 1080 the four cards sit
2 × 2 or 4 in a row, never 3 + 1. Screenshots: tests/artifacts/step-<w>x<h>-<lang>.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lstm_viz.i18n import strings
from tests.e2e.browser import TEXT_SIZES, expect_idle, expect_no_exception, screenshot
from tests.e2e.server import APP_IDLE

pytestmark = pytest.mark.e2e

SLOW = 20_000


@pytest.fixture
def open_at(browser, app_url):
    contexts = []

    def _open(width: int, height: int, lang: str):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{app_url}/step?seq=hello&t=3&lang={lang}")
        page.wait_for_selector(APP_IDLE, timeout=60_000)
        tr = strings(lang)
        expect(page.locator(".step-readout")).to_have_text(f"t = 3 / 5 · {'input' if lang == 'en' else '입력'} 'l'",
                                                           timeout=SLOW)
        expect(page.locator(".lstm-diagram img")).to_be_visible(timeout=SLOW)
        page.wait_for_function("document.querySelector('.lstm-diagram img').complete")
        expect_idle(page)
        return page, tr

    yield _open
    for context in contexts:
        context.close()


def _inside(box: dict, width: int, height: int) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_navigator_and_whole_diagram_fit_a_1280_by_720_screen_with_large_numbers(open_at, artifacts, lang):
    page, tr = open_at(1280, 720, lang)
    sidebar = page.get_by_test_id("stSidebar").bounding_box()
    assert sidebar["x"] == 0 and sidebar["width"] >= 240  # open, as the app opens
    assert page.evaluate("document.querySelector('[data-testid=stMain]').scrollTop") == 0
    boxes = {
        "previous": page.get_by_role("button", name=tr["step.previous"]).bounding_box(),
        "slider": page.get_by_role("slider", name=tr["step.time_step"]).bounding_box(),
        "next": page.get_by_role("button", name=tr["step.next"]).bounding_box(),
        "diagram": page.locator(".lstm-diagram img").bounding_box(),
        "prediction": page.locator(".prediction").bounding_box(),
    }
    for name, box in boxes.items():
        assert _inside(box, 1280, 720), (name, box)
    assert boxes["prediction"]["x"] > boxes["diagram"]["x"] + boxes["diagram"]["width"]  # beside the diagram
    sizes = page.locator(".lstm-diagram img").evaluate(TEXT_SIZES)
    numbers = [s for s in sizes if s["number"]]
    assert len(numbers) >= 9 * 4 + 4  # nine columns of four units, the input, the unit numbers
    smallest_number = min(s["px"] for s in numbers)
    smallest_text = min(s["px"] for s in sizes if not s["number"])
    print(f"1280x720 {lang}: diagram {boxes['diagram']['width']:.0f} × {boxes['diagram']['height']:.0f} px, "
          f"bottom {boxes['diagram']['y'] + boxes['diagram']['height']:.0f}; smallest number {smallest_number:.1f} px, "
          f"smallest label {smallest_text:.1f} px")
    assert smallest_number >= 14
    assert smallest_text >= 12  # legends, gate names, the unit heading
    legends = {s["text"] for s in sizes}
    assert {tr["step.scale_gates"], tr["step.scale_unit"], tr["step.scale_cell"]} <= legends
    screenshot(page, artifacts / f"step-1280x720-{lang}.png")
    expect_no_exception(page)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_four_cards_sit_two_by_two_or_four_in_a_row_at_1920_by_1080(open_at, artifacts, lang):
    page, _ = open_at(1920, 1080, lang)
    cards = page.locator(".four-steps > .step-card")
    expect(cards).to_have_count(4)
    # in one call, relative to the grid: bounding boxes taken one by one move with any scroll between them
    tops = cards.evaluate_all("cards => cards.map(card => Math.round(card.getBoundingClientRect().top"
                              " - card.parentElement.getBoundingClientRect().top))")
    rows = sorted({top: tops.count(top) for top in tops}.values())
    assert rows in ([4], [2, 2]), tops  # never 3 + 1
    for name in ("diagram", "navigator"):
        box = (page.locator(".lstm-diagram img") if name == "diagram"
               else page.locator(".st-key-step_t_navigator")).bounding_box()
        assert _inside(box, 1920, 1080), (name, box)
    sizes = page.locator(".lstm-diagram img").evaluate(TEXT_SIZES)
    print(f"1920x1080 {lang}: smallest number {min(s['px'] for s in sizes if s['number']):.1f} px, "
          f"smallest label {min(s['px'] for s in sizes if not s['number']):.1f} px, card tops {tops}")
    screenshot(page, artifacts / f"step-1920x1080-{lang}.png")
    expect_no_exception(page)
