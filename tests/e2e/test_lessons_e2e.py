"""The lessons page in a real browser: walking a lesson with Next (button and → key) writes
the URL; every lesson's deep links open their page with their settings (the URL and a value
on screen), in both languages, also after the student changed that page in the same
session; screenshots at 1280 × 720 and 1920 × 1080 (tests/artifacts/lessons-*.png)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from lstm_viz import lessons
from lstm_viz.i18n import LANGUAGES, strings
from tests.e2e.browser import expect_idle, expect_no_exception

pytestmark = pytest.mark.e2e

SLOW = 30_000  # a linked page may train or compute on first view


def open_lessons(page: Page, app_url: str, query: str) -> None:
    page.goto(f"{app_url}/lessons?{query}")
    expect(page.locator(".st-key-lessons_screen h3").first).to_be_visible(timeout=SLOW)  # the first run has drawn
    expect_idle(page)


def expect_screen(page: Page, lesson_id: str, screen: int, tr: dict) -> None:
    expect(page).to_have_url(re.compile(rf"[?&]lesson={lesson_id}(&|$)"), timeout=SLOW)
    expect(page).to_have_url(re.compile(rf"[?&]screen={screen}(&|$)"))
    number = lessons.IDS.index(lesson_id) + 1
    heading = page.locator(".st-key-lessons_screen h3").first  # (the self-check has an h3 of its own)
    expect(heading).to_have_text(f"{number}. {tr[f'lessons.lesson_{lesson_id}']}")
    total = len(lessons.lesson(lesson_id).screens)
    expect(page.get_by_test_id("stProgress")).to_contain_text(
        tr["lessons.progress"].format(lesson=number, lessons=len(lessons.LESSONS), screen=screen, screens=total))
    expect_idle(page)


def deep_link(page: Page):
    return page.locator(".st-key-lessons_link").get_by_test_id("stPageLink").locator("a")


def test_walk_a_lesson_with_next_and_the_arrow_key(page, app_url, artifacts):
    tr = strings("en")
    open_lessons(page, app_url, "lang=en")
    expect_screen(page, "long_term", 1, tr)
    page.get_by_role("button", name=re.compile("^Next")).first.click()
    expect_screen(page, "long_term", 2, tr)
    page.locator(".st-key-lessons_screen h3").first.click()  # the focus on the page, not in a text box
    page.keyboard.press("ArrowRight")
    expect_screen(page, "long_term", 3, tr)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(tr["lessons.lesson_one_hot"])
    page.keyboard.press("ArrowRight")  # past a lesson's last screen: the next lesson
    expect_screen(page, "one_hot", 1, tr)
    page.keyboard.press("ArrowLeft")
    expect_screen(page, "long_term", 3, tr)
    page.keyboard.press("Shift+ArrowRight")
    expect_screen(page, "one_hot", 1, tr)
    box = page.get_by_role("textbox", name=tr["lessons.seq_label"])
    box.click()
    box.press("ArrowRight")  # in a text box the arrows move the cursor, not the lesson
    page.wait_for_timeout(500)
    expect_screen(page, "one_hot", 1, tr)
    page.reload()  # the URL alone reopens the screen
    expect_screen(page, "one_hot", 1, tr)
    expect_no_exception(page)


# One screen per lesson whose link is opened, and what the linked page must show.
OPENED = [("long_term", 3), ("one_hot", 2), ("four_stages", 1), ("two_memories", 4), ("activations", 3),
          ("vanishing", 3), ("shapes", 4)]


def expect_linked_page(page: Page, link: lessons.Link, query: dict[str, str], tr: dict) -> None:
    """The page of the link, its URL carrying every setting of the link, and one of them on screen."""
    expect(page).to_have_url(re.compile(rf"/{link.page}\?"), timeout=SLOW)
    for name, value in query.items():
        expect(page).to_have_url(re.compile(rf"[?&]{name}={re.escape(value)}(&|$)"), timeout=SLOW)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=tr[f"{link.page}.title"])).to_be_visible(timeout=SLOW)
    if link.page == "step":
        expect(page.locator(".step-readout")).to_contain_text(f"t = {query['t']} / 5", timeout=SLOW)
        expect(page.locator(".stage-note")).to_have_attribute("data-stage", query["stage"])
    elif link.page == "gradients":
        expect(main.get_by_test_id("stSliderThumbValue").filter(has_text=re.compile(rf"^{query['T']}$")).first
               ).to_be_visible(timeout=SLOW)
        expect(main.get_by_role("radio", name=tr[f"gradients.act_{query['act']}"], exact=True)).to_be_checked()
    elif link.page == "playground":  # the experiment's sentence, on the cell with the link's gates at its step
        expect(main.get_by_test_id("stAlertContentSuccess")).to_contain_text(tr[f"playground.exp_{query['exp']}"],
                                                                               timeout=SLOW)
        expect(page.locator(".play-panels .diagram-title").last).to_contain_text(f"t = {query['t']}")
    else:
        expect(main.get_by_role("radio", name=tr[f"shapes.fw_{query['fw']}"], exact=True)).to_be_checked()
        time_first = query["fw"] == "torch" and query["batch_first"] == "false"  # (L, N, H_in), else batch first
        expect(page.locator(".shapes-table")).to_contain_text("(5, 3, 4)" if time_first else "(3, 5, 4)")
    expect_idle(page)
    expect_no_exception(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_lessons_deep_link_opens_its_page_with_its_settings(page, app_url, lang):
    tr = strings(lang)
    for k, (lesson_id, n) in enumerate(OPENED):
        seed = 7 if k % 2 else 0  # the lesson's seed flows into the link
        open_lessons(page, app_url, f"lang={lang}&lesson={lesson_id}&screen={n}&seed={seed}")
        expect_screen(page, lesson_id, n, tr)
        link = lessons.lesson(lesson_id).screens[n - 1].link
        query = {**lessons.query(link, "hello", seed), "lang": lang}
        expect(deep_link(page)).to_contain_text(f"/{link.page}")
        deep_link(page).click()
        expect_linked_page(page, link, query, tr)


LINKS = [(lesson.id, n) for lesson in lessons.LESSONS for n, screen in enumerate(lesson.screens, 1) if screen.link]


def test_every_lessons_link_opens_its_page_with_its_settings(page, app_url):
    """Every deep link of every lesson, visited in one session (the languages in turn): its
    page opens with the link's settings, whatever the session showed there before."""
    for k, (lesson_id, n) in enumerate(LINKS):
        lang = LANGUAGES[k % 2]
        link = lessons.lesson(lesson_id).screens[n - 1].link
        query = {**lessons.query(link, "hello", 0), "lang": lang}
        page.goto(f"{app_url}/{link.page}?{urlencode(query)}")
        expect_linked_page(page, link, query, strings(lang))


def test_a_link_wins_over_what_the_student_did_on_that_page(page, app_url):
    """In one session: the lesson opens /step at the forget stage, the student walks on to the
    update there, comes back through the navigation and opens the next screen's link: the
    input stage, as the link says (a setting without a widget stays in the session)."""
    tr = strings("en")
    open_lessons(page, app_url, "lang=en&lesson=four_stages&screen=1")
    deep_link(page).click()
    expect(page.locator(".stage-note")).to_have_attribute("data-stage", "forget", timeout=SLOW)
    page.locator(".step-readout").click()
    for stage in ("input", "update"):
        page.keyboard.press("n")
        expect(page.locator(".stage-note")).to_have_attribute("data-stage", stage, timeout=SLOW)
    expect_idle(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text=tr["nav.lessons"]).click()
    expect_screen(page, "four_stages", 1, tr)  # the session kept the lesson's place
    page.get_by_role("button", name=re.compile("^Next")).first.click()
    expect_screen(page, "four_stages", 2, tr)
    deep_link(page).click()
    expect(page).to_have_url(re.compile(r"[?&]stage=input(&|$)"), timeout=SLOW)
    expect(page.locator(".stage-note")).to_have_attribute("data-stage", "input", timeout=SLOW)
    expect_idle(page)
    expect_no_exception(page)


SHOTS = [("four_stages", 3), ("long_term", 2), ("one_hot", 1), ("shapes", 4)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshots_at_projector_and_full_hd_sizes(page, app_url, artifacts, lang):
    """For looking at: the Next button, the text and the link on the first screen at 1280 × 720."""
    tr = strings(lang)
    for width, height in ((1280, 720), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        for lesson_id, n in SHOTS:
            open_lessons(page, app_url, f"lang={lang}&lesson={lesson_id}&screen={n}")
            expect_screen(page, lesson_id, n, tr)
            page.wait_for_timeout(500)  # KaTeX and the table settle
            next_button = page.get_by_role("button", name=re.compile(f"^{tr['lessons.next']}")).first
            box = next_button.bounding_box()
            assert box is not None and box["y"] + box["height"] <= height  # Next is on the first screen
            screenshot_path = artifacts / f"lessons-{lesson_id}-{n}-{lang}-{width}.png"
            page.screenshot(path=str(screenshot_path))
            if lesson_id == "four_stages":
                link_box = deep_link(page).bounding_box()
                assert link_box is not None and link_box["y"] + link_box["height"] <= height
    expect_no_exception(page)
