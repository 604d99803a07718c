"""The glossary in a real browser at 1280×720: a link opens at one highlighted entry, the
search box filters the table (Korean, English, symbols, other names) and keeps its text in
the URL, an entry's own link opens it, an unknown term gets a notice; screenshots in
English and Korean land in tests/artifacts/ to be looked at."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from lstm_viz import glossary
from lstm_viz.i18n import strings
from tests.e2e.browser import expect_idle, expect_no_exception, full_screenshot, screenshot
from tests.e2e.test_state_e2e import expect_url, switch_language

pytestmark = pytest.mark.e2e

EN, KO = strings("en"), strings("ko")
VIEWPORT = {"width": 1280, "height": 720}


def rows(page: Page):
    return page.locator("table.glossary:not(.glossary-linked) tbody tr")


def linked(page: Page):
    return page.locator("table.glossary-linked tbody tr")


def search(page: Page, text: str, tr: dict[str, str]) -> None:
    box = page.get_by_role("textbox", name=tr["glossary_page.search_label"])
    box.fill(text)
    box.press("Enter")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_link_opens_at_one_entry_and_screenshots(page, open_app, artifacts, lang):
    tr = EN if lang == "en" else KO
    page.set_viewport_size(VIEWPORT)
    open_app(f"/glossary?lang={lang}&term=forget_gate")
    expect(page.get_by_role("heading", name=tr["glossary_page.title"])).to_be_visible()
    entry = linked(page)
    expect(entry).to_have_count(1)
    expect(entry).to_have_attribute("data-term", "forget_gate")
    expect(entry).to_contain_text("망각 게이트")
    expect(entry).to_contain_text("forget gate")
    expect(entry).to_contain_text(tr["glossary_page.def_forget_gate"])
    expect(entry).to_contain_text("삭제 게이트")
    expect(entry.locator("td.symbol sub").first).to_have_text("t")
    expect(entry).to_be_in_viewport()
    expect(rows(page)).to_have_count(len(glossary.entries()))
    expect(page.locator("#term-forget_gate")).to_have_class("linked")
    highlight = page.locator("#term-forget_gate td").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert highlight != "rgba(0, 0, 0, 0)"
    expect_idle(page)
    expect_no_exception(page)
    screenshot(page, artifacts / f"glossary-{lang}.png")  # what a reader sees at 1280×720

    search(page, "gate", tr)
    expect(rows(page)).to_have_count(5)
    expect_url(page, {"q": "gate", "term": "forget_gate", "lang": lang})
    expect_idle(page)
    screenshot(page, artifacts / f"glossary-search-{lang}.png")


def test_search_finds_every_kind_of_name_and_says_when_nothing_matches(page, open_app, artifacts):
    page.set_viewport_size(VIEWPORT)
    open_app("/glossary?lang=ko")
    expect(rows(page)).to_have_count(len(glossary.entries()))
    expect(page.locator("[data-term=candidate] td.symbol")).to_contain_text("C̃")
    full_screenshot(page, artifacts / "glossary-all-ko.png")  # every entry, to be read through
    for text, concept in (("히든 스테이트", "hidden_state"), ("망각", "forget_gate"), ("output gate", "output_gate"),
                          ("C̃_t", "candidate")):
        search(page, text, KO)
        expect(rows(page)).to_have_count(1)
        expect(rows(page)).to_have_attribute("data-term", concept)
    search(page, "<b>zzz</b>", KO)
    expect(rows(page)).to_have_count(0)
    expect(page.get_by_test_id("stAlert")).to_contain_text("검색어 “<b>zzz</b>”에 맞는 용어가 없습니다.")
    expect(page.locator("main b", has_text="zzz")).to_have_count(0)
    expect_url(page, {"q": "<b>zzz</b>"})
    switch_language(page, "en")
    expect(page.get_by_test_id("stAlert")).to_contain_text("No term matches “<b>zzz</b>”.")
    expect_no_exception(page)


def test_an_entrys_own_link_and_an_unknown_term(page, open_app):
    page.set_viewport_size(VIEWPORT)
    open_app("/glossary?lang=en&term=flux_gate")
    expect(page.get_by_test_id("stAlert")).to_contain_text(
        EN["glossary_page.notice_unknown_term"].format(raw="flux_gate"))
    expect(linked(page)).to_have_count(0)
    page.locator("#term-cell_state a.permalink").click()
    expect(linked(page)).to_have_attribute("data-term", "cell_state")
    expect_url(page, {"term": "cell_state", "lang": "en"})
    expect(page.get_by_test_id("stAlert")).to_have_count(0)
    expect_idle(page)
    expect_no_exception(page)
