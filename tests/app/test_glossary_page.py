"""The glossary page (AppTest): every entry is on screen in both languages, the search finds
Korean, English, symbols and other names and is bounded and escaped, and ``term=`` from a
link opens at one entry (an unknown one is ignored with a translated notice)."""

from __future__ import annotations

import html
import re

import pytest

from lstm_viz import escape, glossary
from lstm_viz.i18n import LANGUAGES, Translator, strings
from tests.support import all_text, open_page

PAGE = "pages/6_glossary.py"
EN, KO = strings("en"), strings("ko")
ROW = re.compile(r'<tr(?: id="term-[a-z_]+")?(?: class="linked")? data-term="([a-z_]+)"')


def tables(at) -> list[str]:
    return [el.proto.body for el in at.get("html") if 'class="glossary' in el.proto.body]


def listed(at) -> list[str]:
    """The concepts of the main table, in order (not the linked entry above the search)."""
    main = [body for body in tables(at) if "glossary-linked" not in body]
    return ROW.findall(main[0]) if main else []


def linked(at) -> list[str]:
    return [c for body in tables(at) if "glossary-linked" in body for c in ROW.findall(body)]


def search(at, text: str):
    return at.text_input(key="glossary_q").set_value(text).run()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_in_the_readers_language(lang):
    tr = Translator(lang)
    at = open_page(PAGE, lang=lang)
    assert not at.exception and not at.info
    assert at.title[0].value == tr("glossary_page.title")
    assert listed(at) == list(glossary.concepts()) and not linked(at)
    body = tables(at)[0]
    for e in glossary.entries():
        assert e.ko in body and e.en in body and html.escape(tr(f"glossary_page.def_{e.concept}")) in body
    assert tr("glossary_page.count", shown=len(glossary.entries()), total=len(glossary.entries())) in all_text(at)
    assert at.text_input(key="glossary_q").label == tr("glossary_page.search_label")


@pytest.mark.parametrize(("query", "expected"), [
    ("망각", ["forget_gate"]),  # Korean
    ("output gate", ["output_gate"]),  # English
    ("g_t", ["candidate"]),  # symbol
    ("σ", ["sigmoid"]),
    ("히든 스테이트", ["hidden_state"]),  # other names met in Korean sources
    ("장기 상태", ["cell_state"]),
    ("삭제 게이트", ["forget_gate"]),
])
def test_search_finds_terms_symbols_and_other_names(query, expected):
    at = search(open_page(PAGE, lang="ko"), query)
    assert not at.exception
    assert listed(at) == expected
    assert at.query_params["q"] == query  # the search is part of the link
    assert KO["glossary_page.count"].format(shown=len(expected), total=len(glossary.entries())) in all_text(at)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_match_says_so_in_the_readers_language(lang):
    at = search(open_page(PAGE, lang=lang), "zzz")
    assert not at.exception and listed(at) == []
    assert at.info[0].value == Translator(lang)("glossary_page.no_match", query="zzz")


def test_hostile_search_is_shown_as_text_and_bounded():
    hostile = '<img src=x onerror=alert(1)> **$x$** [a](javascript:1) :red[b]'
    at = open_page(PAGE, lang="en", q=hostile)
    assert not at.exception and listed(at) == []
    shown = at.info[0].value
    assert shown == EN["glossary_page.no_match"].format(query=escape.markdown(hostile[:glossary.MAX_QUERY]))
    assert "\\<img" in shown and "\\*\\*" in shown and "\\[a\\]" in shown and "\\:red" in shown
    assert all("<img" not in body for body in tables(at))
    at = open_page(PAGE, lang="en", q="forget\x00\n" + "x" * 5_000)  # control characters dropped, cut to the limit
    assert not at.exception
    assert at.text_input(key="glossary_q").value == ("forget " + "x" * 5_000)[:glossary.MAX_QUERY]
    assert len(at.query_params["q"]) == glossary.MAX_QUERY and not at.warning


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_link_opens_at_one_highlighted_entry(lang):
    tr = Translator(lang)
    at = open_page(PAGE, lang=lang, term="forget_gate")
    assert not at.exception and not at.info
    assert linked(at) == ["forget_gate"]
    assert tr("glossary_page.linked_heading") in all_text(at)
    main = next(body for body in tables(at) if "glossary-linked" not in body)
    assert '<tr id="term-forget_gate" class="linked"' in main and main.count('class="linked"') == 1
    assert at.query_params["term"] == "forget_gate"
    at = search(at, "cell")  # the linked entry stays above the search
    assert linked(at) == ["forget_gate"] and "cell_state" in listed(at) and "forget_gate" not in listed(at)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_unknown_term_is_ignored_with_a_translated_notice(lang):
    at = open_page(PAGE, lang=lang, term="<b>flux_gate</b>")
    assert not at.exception and not linked(at)
    assert listed(at) == list(glossary.concepts())
    notice = at.info[0].value
    assert notice == Translator(lang)("glossary_page.notice_unknown_term", raw=escape.markdown("<b>flux_gate</b>"))
    assert at.query_params["term"] == ""
    assert open_page(PAGE, lang=lang, term=" Cell_State ").query_params["term"] == "cell_state"


def test_the_language_switch_keeps_the_search_and_the_term():
    at = search(open_page(PAGE, lang="en", term="hidden_state"), "state")
    at.segmented_control(key="ui_lang_switch").set_value("ko").run()
    assert not at.exception
    assert at.title[0].value == KO["glossary_page.title"]
    assert at.text_input(key="glossary_q").value == "state" and linked(at) == ["hidden_state"]
    assert {"cell_state", "hidden_state"} <= set(listed(at))
    assert dict(at.query_params) == {"lang": "ko", "q": "state", "term": "hidden_state"}
