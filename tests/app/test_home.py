"""The home page and the shared frame (AppTest)."""

from __future__ import annotations

from lstm_viz.i18n import strings
from tests.support import open_page
from ui.frame import PAGES


def page_links(at):
    return [el.proto for el in at.sidebar.get("page_link")]


def test_home_renders_in_english_by_default():
    at = open_page()
    assert not at.exception
    assert at.title[0].value == strings("en")["home.title"]
    assert at.query_params["lang"] == "en"
    assert len(at.get("latex")) == 1 and r"h_t &= o_t \odot \tanh(c_t)" in at.get("latex")[0].proto.body


def test_navigation_is_translated_and_lists_every_page():
    for lang in ("en", "ko"):
        at = open_page(lang=lang)
        labels = [link.label for link in page_links(at)]
        nav = [strings(lang)[f"nav.{page.id}"] for page in PAGES]
        assert labels == nav
        assert all(f"lang={lang}" in link.query_string for link in page_links(at))


def test_korean_from_the_url_and_the_switch():
    at = open_page(lang="ko")
    assert at.title[0].value == strings("ko")["home.title"]
    at.get("button_group")[0].set_value("en").run()
    assert at.title[0].value == strings("en")["home.title"]
    assert at.query_params["lang"] == "en"


def test_unknown_language_in_url_falls_back_with_notice():
    at = open_page(lang="<b>fr</b>")
    assert not at.exception
    assert at.title[0].value == strings("en")["home.title"]
    notice = at.info[0].value
    assert "fr" in notice and "<b>" not in notice  # quoted, escaped, not rendered


def test_start_with_hello_opens_the_step_page_with_hello():
    at = open_page()
    at.button(key="home_start").click().run()
    assert not at.exception
    assert at.query_params["seq"] == "hello" and at.query_params["t"] == "1"
    assert at.title[0].value == strings("en")["step.title"]
    assert at.session_state["step_seq"] == "hello"


def test_each_card_pictures_its_page_in_the_readers_language():
    from ui.home import CARD_DIR

    shown = {}
    for lang in ("en", "ko"):
        at = open_page(lang=lang)
        shown[lang] = [el.proto.imgs[0].url for el in at.get("image")]  # media URLs: a hash of the picture
        assert len(shown[lang]) == len(PAGES) - 1
        for page in PAGES[1:]:
            assert (CARD_DIR / f"{page.id}-{lang}.png").stat().st_size > 10_000  # a real screenshot
    assert not set(shown["en"]) & set(shown["ko"])  # one picture per language, not the same one twice
