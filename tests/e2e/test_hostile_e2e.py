"""Hostile links in a real browser: every page (``ui.frame.PAGES``) opened from links whose
every setting (``ui.<id>_data.STATE``) carries markup, scripts, LaTeX, outside URLs or
numbers out of range. No exception element, no JavaScript dialog, no request to any host
but the app's own, no element the text could have injected; the text shows as text.

One server, one browser context, a page per link (about 1.5 s each on a quiet machine).
"""

from __future__ import annotations

import importlib
import importlib.util
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from lstm_viz.i18n import strings
from tests.e2e.browser import expect_idle, expect_no_exception
from tests.e2e.server import APP_IDLE
from tests.hostile_corpus import QUERIES, TEXTS
from ui.frame import PAGES

pytestmark = pytest.mark.e2e

# One string with most of the markup of the corpus, one with the LaTeX, links, entities and odd Unicode.
MARKUP = "".join(TEXTS[name] for name in ("script", "img_onerror", "md_image", "attr_break", "svg_onload",
                                          "plotly_link"))
TEXLIKE = " ".join(TEXTS[name] for name in ("bare_links", "md_js_link", "latex_href", "latex_dollars", "latex_def",
                                            "html_entities", "zwj_family", "rtl_marks", "st_directives", "iframe",
                                            "style"))  # what a short box keeps first
# What a hostile string could leave in the page if it were not escaped.
INJECTED = ", ".join(f"[data-testid=stApp] {tag}" for tag in (
    "script", "iframe", "object", "embed", "img[src='x']", "img[src*='evil']", "[onerror]", "[onload]",
    "[onmouseover]", "[onfocus]", "a[href^='javascript']", "a[href*='evil']", "circle[r='9']"))


def _params(page) -> dict:
    if importlib.util.find_spec(f"ui.{page.id}_data") is None:
        return {}
    return importlib.import_module(f"ui.{page.id}_data").STATE.params


OUT_OF_RANGE = dict(parse_qsl(QUERIES["numbers_out_of_range"] + "&" + QUERIES["bad_choices"]))


def _links(page) -> list[str]:
    """The page's path with two hostile query strings: markup in every setting (and a
    repeated and an unknown parameter); LaTeX, links and odd Unicode in every text setting
    (and "text" where a choice offers it) with numbers out of range and unknown choices in the others."""
    path = "/" if page.id == "home" else f"/{page.id}"
    params = _params(page) or {"seq": None}
    markup = urlencode(dict.fromkeys(params, MARKUP))
    mixed = urlencode({name: TEXLIKE if hasattr(param, "max_length") else
                       "text" if "text" in getattr(param, "choices", ()) else OUT_OF_RANGE.get(name, TEXLIKE)
                       for name, param in params.items()})  # a choice of "text" shows the text setting
    return [f"{path}?lang=en&{markup}&{next(iter(params))}=second&evil={quote(TEXTS['script'])}",
            f"{path}?lang=ko&{mixed}"]


@pytest.fixture(scope="module")
def hostile_context(browser, app_url) -> BrowserContext:
    """One context for every hostile link: it records every dialog and every request that
    leaves the app's own address, and stops the latter before it goes out."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.dialogs, context.outside = [], []
    own = urlsplit(app_url).netloc

    def route(route):
        if urlsplit(route.request.url).netloc == own or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            context.outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    yield context
    context.close()


def _open(context: BrowserContext, app_url: str, link: str) -> Page:
    page = context.new_page()
    page.on("dialog", lambda dialog: (context.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(app_url + link)
    nav = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink")
    expect(nav).to_have_count(len(PAGES))  # the frame is drawn
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    expect_idle(page)
    return page


@pytest.mark.parametrize("app_page", PAGES, ids=[p.id for p in PAGES])
def test_hostile_links_open_every_page_safely(hostile_context, app_url, app_page):
    for link in _links(app_page):
        page = _open(hostile_context, app_url, link)
        expect_no_exception(page)
        injected = page.locator(INJECTED)
        assert injected.count() == 0, (link[:80], injected.first.evaluate("el => el.outerHTML"))
        red = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert red != "rgb(255, 0, 0)", "a user's <style> reached the page"
        page.wait_for_timeout(200)  # an image the text smuggled in would be requested by now
        page.close()
    assert hostile_context.dialogs == [] and hostile_context.outside == []


def test_the_user_text_shows_as_text(hostile_context, app_url):
    """A search for markup finds nothing and says so, quoting the markup as the characters typed."""
    page = _open(hostile_context, app_url, f"/glossary?lang=en&q={quote(TEXTS['script'])}")
    notice = page.get_by_test_id("stAlert")
    expect(notice).to_contain_text(TEXTS["script"])
    expect(notice).to_contain_text(strings("en")["glossary_page.no_match"].split("{")[0].strip())
    assert page.locator(INJECTED).count() == 0
    page.close()
    page = _open(hostile_context, app_url, f"/step?lang=en&seq={quote(TEXTS['md_image'])}")
    expect(page.get_by_role("textbox", name=strings("en")["step.sequence"], exact=True)).to_have_value(
        TEXTS["md_image"])
    assert page.locator("[data-testid=stMain] img[src*='evil']").count() == 0
    page.close()
    assert hostile_context.dialogs == [] and hostile_context.outside == []


def test_the_guards_see_a_dialog_and_an_outside_request(hostile_context, app_url):
    """The recorders above work: a dialog and an outside request made on purpose are both seen."""
    page = _open(hostile_context, app_url, "/glossary?lang=en")
    page.evaluate("() => { alert('probe'); new Image().src = 'http://evil.example/probe.png'; }")
    page.wait_for_timeout(300)
    assert hostile_context.dialogs == ["probe"] and hostile_context.outside == ["http://evil.example/probe.png"]
    hostile_context.dialogs.clear()
    hostile_context.outside.clear()
    page.close()
