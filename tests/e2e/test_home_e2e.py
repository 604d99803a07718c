"""Home page and frame in a real browser: language switch, navigation, screenshots."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lstm_viz.i18n import strings
from tests.e2e.browser import expect_idle, expect_no_exception, screenshot

pytestmark = pytest.mark.e2e


def test_home_in_both_languages_and_navigation(open_app, artifacts):
    page = open_app("/?lang=en")
    expect(page.get_by_role("heading", name=strings("en")["home.title"])).to_be_visible()
    expect(page.locator(".katex").first).to_be_visible()
    expect_no_exception(page)
    screenshot(page, artifacts / "home-en.png")

    page.get_by_test_id("stSidebar").get_by_text("한국어", exact=True).click()
    expect(page.get_by_role("heading", name=strings("ko")["home.title"])).to_be_visible()
    expect(page).to_have_url(re.compile(r"lang=ko"))
    expect_idle(page)
    screenshot(page, artifacts / "home-ko.png")

    page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text=strings("ko")["nav.gradients"]).click()
    expect(page).to_have_url(re.compile(r"/gradients"))
    expect(page.get_by_test_id("stSidebar").get_by_text(strings("ko")["nav.step"])).to_be_visible()
    expect_idle(page)
    expect_no_exception(page)


def test_korean_browser_locale_gets_korean(browser, app_url):
    context = browser.new_context(locale="ko-KR")
    try:
        page = context.new_page()
        page.goto(app_url + "/")
        expect(page.get_by_role("heading", name=strings("ko")["home.title"])).to_be_visible(timeout=30_000)
    finally:
        context.close()
