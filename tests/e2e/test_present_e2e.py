"""Presenter mode on /step in a real browser. At 1280 × 720 and 1920 × 1080 in both
languages: the sidebar is collapsed, the type and the diagram's numbers are larger than
without it (measured on screen), the navigator and the whole diagram fit one screen, and
the keys ← → move the time step, N P the stage. The hidden controls are not shown, the
switch leaves the mode (Back brings it back), the link for a class is made under the share
link, and a card's heading opens the glossary at its entry in the same tab. Screenshots:
tests/artifacts/present-*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from lstm_viz.i18n import strings
from tests.e2e.browser import TEXT_SIZES, expect_idle, expect_no_exception
from tests.e2e.server import APP_IDLE

pytestmark = pytest.mark.e2e

SLOW = 20_000
MIN_NUMBER = {1280: 20.0, 1920: 30.0}  # px: the smallest number of the diagram in presenter mode
GROWTH = 1.3  # at least this much larger than the same view without presenter mode
READOUT = {"en": "t = {t} / 5 · input '{c}'", "ko": "t = {t} / 5 · 입력 '{c}'"}
SCROLL_TO_NAVIGATOR = """() => {
    const nav = document.querySelector('.st-key-step_t_navigator');
    const header = document.querySelector('[data-testid=stHeader]').getBoundingClientRect().height;
    const main = document.querySelector('[data-testid=stMain]');
    main.scrollTop += nav.getBoundingClientRect().top - header - 4;
}"""


@pytest.fixture
def open_step(browser, app_url):
    contexts = []

    def _open(width: int, height: int, lang: str, extra: str = "", t: int = 3) -> Page:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{app_url}/step?seq=hello&t={t}&lang={lang}{extra}")
        page.wait_for_selector(APP_IDLE, timeout=60_000)
        expect(page.locator(".step-readout")).to_have_text(READOUT[lang].format(t=t, c="hello"[t - 1]), timeout=SLOW)
        page.wait_for_function("document.querySelector('.lstm-diagram img').complete")
        expect_idle(page)
        return page

    yield _open
    for context in contexts:
        context.close()


def smallest_number(page: Page) -> float:
    return min(s["px"] for s in page.locator(".lstm-diagram img").evaluate(TEXT_SIZES) if s["number"])


def font_px(page: Page, selector: str) -> float:
    return float(page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def collapsed(page: Page) -> bool:
    box = page.get_by_test_id("stSidebar").bounding_box()
    return box is None or box["x"] + box["width"] <= 0


def _inside(box: dict, width: int, height: int) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height


def expect_step(page: Page, lang: str, t: int) -> None:
    expect(page.locator(".step-readout")).to_have_text(READOUT[lang].format(t=t, c="hello"[t - 1]), timeout=SLOW)
    expect(page).to_have_url(re.compile(rf"[?&]t={t}(&|$)"), timeout=SLOW)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_presenter_mode_is_larger_fits_one_screen_and_steps_with_the_keyboard(open_step, artifacts, width, height,
                                                                              lang):
    plain = open_step(width, height, lang)
    plain_number, plain_title = smallest_number(plain), font_px(plain, ".step-readout")
    plain_card = font_px(plain, ".card-title")
    assert not collapsed(plain)
    plain.context.close()

    page = open_step(width, height, lang, "&present=1")
    assert collapsed(page)
    expect(page.locator(".st-key-lab_present").get_by_role("switch")).to_be_checked()
    number = smallest_number(page)
    print(f"{width}x{height} {lang}: smallest diagram number {plain_number:.1f} px → {number:.1f} px in presenter "
          f"mode; step heading {plain_title:.0f} → {font_px(page, '.step-readout'):.0f} px; card heading "
          f"{plain_card:.0f} → {font_px(page, '.card-title'):.0f} px")
    assert number >= MIN_NUMBER[width] and number >= GROWTH * plain_number
    assert font_px(page, ".step-readout") >= 1.2 * plain_title and font_px(page, ".card-title") >= 1.2 * plain_card

    page.evaluate(SCROLL_TO_NAVIGATOR)  # the teacher scrolls to the navigator: it and the whole diagram are on screen
    page.wait_for_timeout(300)
    for name, box in (("navigator", page.locator(".st-key-step_t_navigator").bounding_box()),
                      ("diagram", page.locator(".lstm-diagram img").bounding_box()),
                      ("switch", page.locator(".st-key-lab_present").bounding_box())):
        assert _inside(box, width, height), (name, box)
    page.screenshot(path=str(artifacts / f"present-step-{width}x{height}-{lang}.png"))

    page.locator(".step-readout").click()  # the focus on the page, not in a text box
    page.keyboard.press("ArrowRight")
    expect_step(page, lang, 4)
    for t in (3, 2):
        page.keyboard.press("ArrowLeft")
        expect_step(page, lang, t)
    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(r"[?&]stage=forget(&|$)"), timeout=SLOW)
    expect(page.locator(".step-card.current")).to_have_attribute("data-step", "forget")
    page.keyboard.press("p")
    expect(page).to_have_url(re.compile(r"[?&]stage=all(&|$)"), timeout=SLOW)
    expect(page).to_have_url(re.compile(r"[?&]present=1(&|$)"))
    expect_idle(page)
    expect_no_exception(page)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_hidden_controls_the_link_for_a_class_and_leaving_presenter_mode(open_step, artifacts, lang):
    tr = strings(lang)
    page = open_step(1280, 720, lang, "&present=1&hide=seq,seed,hidden")
    expect(page.get_by_role("textbox", name=tr["step.sequence"])).to_be_hidden()
    page.get_by_test_id("stExpandSidebarButton").click()  # the teacher opens the sidebar
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("radio", name=tr["step.weights_trained"])).to_be_visible(timeout=SLOW)
    expect(sidebar.get_by_role("slider", name=tr["step.hidden"])).to_be_hidden()
    expect(sidebar.get_by_role("spinbutton", name=tr["step.seed"])).to_be_hidden()
    expect(sidebar.locator(".st-key-step_layers")).to_be_visible()

    sidebar.get_by_text(tr["common.class_link"]).click()
    code = sidebar.get_by_test_id("stCode").filter(has_text="present=1")
    expect(code).to_be_visible(timeout=SLOW)
    link = code.inner_text()
    assert "/step?" in link and f"lang={lang}" in link and "hide=seq%2Cseed%2Chidden" in link and "t=3" in link
    expect_idle(page)
    code.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"present-class-link-{lang}.png"))

    page.locator(".st-key-lab_present label").click()  # leave presenter mode
    expect(page.locator(".st-key-lab_present")).to_have_count(0, timeout=SLOW)
    expect(page).not_to_have_url(re.compile(r"[?&]present="), timeout=SLOW)
    expect(page.get_by_role("textbox", name=tr["step.sequence"])).to_be_hidden()  # the hidden stay hidden
    expect(sidebar.locator(".st-key-ui_present").get_by_role("switch")).not_to_be_checked()
    assert not collapsed(page)
    expect_idle(page)
    page.go_back()  # the browser's Back brings the earlier view back, in presenter mode
    expect(page.locator(".st-key-lab_present").get_by_role("switch")).to_be_checked(timeout=SLOW)
    expect(page).to_have_url(re.compile(r"[?&]present=1(&|$)"))
    page.go_forward()
    expect(page.locator(".st-key-lab_present")).to_have_count(0, timeout=SLOW)
    expect_idle(page)
    expect_no_exception(page)


def test_a_cards_heading_opens_its_glossary_entry_in_the_same_tab(open_step, artifacts):
    page = open_step(1280, 720, "ko", "&present=1")
    heading = page.locator('.step-card[data-step="forget"] .card-title a')
    expect(heading).to_have_text(strings("ko")["step.forget_heading"])
    heading.click()
    expect(page).to_have_url(re.compile(r"/glossary\?term=forget_gate&lang=ko&present=1$"), timeout=SLOW)
    entry = page.locator("table.glossary-linked tbody tr")
    expect(entry).to_have_attribute("data-term", "forget_gate", timeout=SLOW)
    expect(entry.locator("td.term").first).to_have_text(strings("ko")["glossary.forget_gate"])
    assert len(page.context.pages) == 1  # the same tab
    assert collapsed(page)  # still in presenter mode
    expect(page.locator(".st-key-lab_present").get_by_role("switch")).to_be_checked()
    expect_idle(page)
    page.screenshot(path=str(artifacts / "present-glossary-ko.png"))
    expect_no_exception(page)
