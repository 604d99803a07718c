"""The step page in a real browser: type, step through every step with keys and buttons,
a shared link on a fresh server, partial reruns, tooltips that survive the sanitiser,
hostile text, and screenshots in English and Korean (tests/artifacts/step-*.png)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from lstm_core import split_symbols
from lstm_viz.i18n import strings
from tests.e2e.browser import ScriptRuns, expect_idle, expect_no_exception, full_screenshot, open_section
from tests.e2e.server import APP_IDLE, ROOT, free_port, start_server, stop_server

pytestmark = pytest.mark.e2e

EN, KO = strings("en"), strings("ko")
SLOW = 20_000  # ms: on a busy 2-core machine, Plotly's 4.7 MB script can hold lazily loaded elements back


def readout(page: Page):
    return page.locator(".step-readout")


def diagram(page: Page):
    return page.locator(".lstm-diagram")


def expect_step(page: Page, t: int, T: int, char: str) -> None:
    """Every step-synchronised panel shows step t: readout, diagram, prediction, and the
    ruler over the heatmaps (the tests that call this open "Over time" first)."""
    expect(readout(page)).to_have_text(f"t = {t} / {T} · input '{char}'", timeout=SLOW)
    expect(diagram(page).locator("p")).to_have_text(f"The LSTM cell at t = {t} (layer 1)", timeout=SLOW)
    expect(page.locator(".prediction p").first).to_contain_text(f"(t = {t})", timeout=SLOW)
    expect(page.locator(".step-ruler")).to_have_attribute("data-t", str(t), timeout=SLOW)
    expect_idle(page)


def open_over_time(page: Page) -> None:
    open_section(page, EN["step.over_time"])
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=SLOW)  # heatmaps, c and h lines


def test_type_a_sequence_and_step_through_every_step(open_app):
    page = open_app("/step?lang=en")
    box = page.get_by_role("textbox", name="Sequence")
    box.fill("abcab")
    box.press("Enter")
    expect(readout(page)).to_have_text("t = 1 / 5 · input 'a'", timeout=SLOW)
    expect_idle(page)
    open_over_time(page)
    expect_step(page, 1, 5, "a")
    pictures = {diagram(page).locator("img").get_attribute("src")}
    slider = page.get_by_role("slider", name="Time step")
    for t, char in zip(range(2, 6), "bcab", strict=True):
        slider.focus()
        slider.press("ArrowRight")
        expect_step(page, t, 5, char)
        pictures.add(diagram(page).locator("img").get_attribute("src"))
    assert len(pictures) == 5  # a new picture with new numbers at every step
    heat = page.locator(".js-plotly-plot").filter(has=page.locator(".gtitle", has_text="over time"))
    assert heat.evaluate("gd => gd._fullData[0]._length ?? gd._fullData[0].z.length") > 0
    expect(page.get_by_role("button", name="Next")).to_be_disabled()
    for t, char in zip(range(4, 0, -1), "acba", strict=True):
        page.get_by_role("button", name="Previous").click()
        expect_step(page, t, 5, char)
    expect(page).to_have_url(re.compile(r"seq=abcab.*t=1|t=1.*seq=abcab"))
    expect(page.locator(".equations")).to_have_count(6)  # x_t and the four steps, with the numbers of t = 1
    expect(page.locator(".equations").first).to_contain_text(f"{EN['glossary.one_hot']}(“a”)")
    expect_no_exception(page)


def test_a_step_change_reruns_only_the_step_panels(page, open_app):
    runs = ScriptRuns(page)
    open_app("/step?seq=hello&lang=en")
    expect(page.locator(".js-plotly-plot")).to_have_count(0)  # the first view draws no chart
    open_over_time(page)
    expect_step(page, 1, 5, "h")
    before, fragments = runs.settled(page)
    assert before >= 2  # the first view, then opening "Over time"
    for t, char in zip(range(2, 5), "ell", strict=True):
        page.get_by_role("button", name="Next").click()
        expect_step(page, t, 5, char)
    assert runs.settled(page) == (before, fragments + 3)  # three fragment runs, no full run
    page.get_by_test_id("stMain").get_by_role("button", name="안녕하세요").click()
    expect(readout(page)).to_have_text("t = 1 / 5 · input '안'", timeout=SLOW)
    expect_idle(page)
    assert runs.settled(page)[0] == before + 1  # a new sequence reruns the whole page


def test_a_section_that_follows_the_step_opens_follows_and_closes_in_place(page, open_app):
    """Closed, the code and "Over time" sections sit outside the step's fragment; open,
    inside it. The reader sees the same five sections in the same order throughout."""
    runs = ScriptRuns(page)
    open_app("/step?seq=hello&lang=en")
    labels = [re.compile(re.escape(EN[f"step.{name}"]) + "$")  # after the icon's name
              for name in ("code_heading", "over_time", "encoding", "playback_heading", "trace_heading")]
    summaries = page.get_by_test_id("stMain").locator("summary")
    expect(summaries).to_have_text(labels, timeout=SLOW)
    open_section(page, EN["step.code_heading"])
    code = page.get_by_test_id("stCode").first  # the program; the reference step it calls follows
    expect(code).to_contain_text("t = 1  #", timeout=SLOW)
    before = runs.settled(page)[0]
    page.get_by_role("button", name="Next").click()
    expect(code).to_contain_text("t = 2  #", timeout=SLOW)  # the open section follows the step
    expect_idle(page)
    assert runs.settled(page)[0] == before
    expect(summaries).to_have_text(labels)
    summaries.filter(has_text=EN["step.code_heading"]).click()
    expect(code).to_have_count(0, timeout=SLOW)
    expect_idle(page)
    expect(summaries).to_have_text(labels)  # back below the fragment, in the same place
    page.get_by_role("button", name="Next").click()
    expect(readout(page)).to_have_text("t = 3 / 5 · input 'l'", timeout=SLOW)
    expect_idle(page)
    expect(summaries).to_have_text(labels)
    expect_no_exception(page)


def test_diagram_tooltips_survive_the_sanitiser(open_app):
    page = open_app("/step?seq=hello&t=3&lang=en")
    expect(readout(page)).to_have_text("t = 3 / 5 · input 'l'", timeout=SLOW)
    picture = diagram(page).locator("img")
    expect(picture).to_have_attribute("src", re.compile(r"^data:image/svg\+xml;base64,"), timeout=SLOW)
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    titles = diagram(page).locator("div[title]").evaluate_all("els => els.map(e => e.title)")
    assert len(titles) >= 15
    assert any(t.startswith("f_t · forget gate\n[") for t in titles)
    assert any(t.startswith("c_t = f_t ⊙ c_t−1 + i_t ⊙ g_t") for t in titles)
    box = diagram(page).locator("div[title^='f_t · ']").bounding_box()
    assert box["width"] > 10 and box["height"] > 10  # laid over the picture, scaled with it


def test_hostile_text_from_a_link_is_shown_literally(open_app):
    text = "<b>x</b>$\\frac{1}{2}$ **y** שלום 👍🏽"
    page = open_app(f"/step?lang=en&t=1&seq={quote(text)}")
    T = len(split_symbols(text))
    expect(readout(page)).to_have_text(f"t = 1 / {T} · input '<'", timeout=SLOW)
    main = page.get_by_test_id("stMain")
    expect(main.locator("b", has_text="x")).to_have_count(0)
    expect(page.locator(".equations").first).to_contain_text("(“<”)")  # the character itself, not markup
    expect(page.get_by_role("textbox", name="Sequence")).to_have_value(text)
    page.get_by_role("slider", name="Time step").focus()
    page.get_by_role("slider", name="Time step").press("End")
    expect(readout(page)).to_have_text(f"t = {T} / {T} · input '👍🏽'", timeout=SLOW)
    expect_idle(page)
    expect_no_exception(page)


def test_fresh_server_first_request_is_a_deep_link(browser, artifacts):
    port = free_port()
    server = start_server(port, ROOT / "streamlit-e2e-step-fresh.log")
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/step?seq=hello&t=3")
        page.wait_for_selector(APP_IDLE, timeout=60_000)
        expect(page.get_by_role("heading", name=EN["step.title"])).to_be_visible(timeout=30_000)
        expect(readout(page)).to_have_text("t = 3 / 5 · input 'l'", timeout=SLOW)
        sidebar = page.get_by_test_id("stSidebar")
        for name in ("home", "step", "gradients"):
            expect(sidebar.get_by_test_id("stPageLink").filter(has_text=EN[f"nav.{name}"])).to_have_count(1)
        expect(sidebar.get_by_text("한국어", exact=True)).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect_no_exception(page)
    finally:
        context.close()
        stop_server(server)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_screenshots(open_app, artifacts, lang):
    page = open_app(f"/step?seq=hello&t=3&lang={lang}")
    expect(readout(page)).to_have_text(f"t = 3 / 5 · {'input' if lang == 'en' else '입력'} 'l'", timeout=SLOW)
    expect(diagram(page).locator("img")).to_be_visible(timeout=SLOW)
    expect_idle(page)
    full_screenshot(page, artifacts / f"step-first-view-{lang}.png")
    tr = KO if lang == "ko" else EN
    for name in ("step.code_heading", "step.over_time", "step.encoding", "step.playback_heading", "step.trace_heading"):
        open_section(page, tr[name])
    expect(page.locator(".js-plotly-plot")).to_have_count(3, timeout=SLOW)  # heatmaps, lines, playback
    expect(page.get_by_test_id("stDataFrame")).to_have_count(2, timeout=SLOW)  # one-hot, trace
    expect(page.get_by_test_id("stCode")).to_have_count(2, timeout=SLOW)  # the program and the reference step
    expect_idle(page)
    overflow = page.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth - "
                             "document.querySelector('[data-testid=stMain]').clientWidth")
    assert overflow <= 0  # nothing sticks out sideways at 1400 × 1000
    full_screenshot(page, artifacts / f"step-{lang}.png")
    expect_no_exception(page)


def test_an_invisible_characters_label_is_shown_whole_in_the_prediction(open_app):
    page = open_app(f"/step?lang=en&t=1&seq={quote('ab' + chr(0x200B) + 'ab' + chr(0x200B))}")
    label = page.locator(".prediction .p-char", has_text="U+200B")
    expect(label).to_have_count(1, timeout=SLOW)
    expect(label).to_have_text("U+200B")
    assert label.evaluate("el => el.scrollWidth <= el.clientWidth")  # not cut to "U+200"
    expect_no_exception(page)
