"""Presenter mode and a teacher's hidden controls (AppTest): ``present=1`` and ``hide=`` are
read on every page, kept across reruns and page changes, carried by the page links and the
share link; bad values give one translated notice; the link for a class reproduces the view.
And the glossary links of every page's text (both languages) open the glossary at an entry.
"""

from __future__ import annotations

import html
import importlib
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from lstm_viz import escape, glossary
from lstm_viz.i18n import LANGUAGES, TERM_LINK, Translator, strings
from tests.support import open_page
from ui import presenter
from ui.frame import PAGE_PATHS, PAGES

STATES = {page.id: importlib.import_module(f"ui.{page.id}_data").STATE for page in PAGES if page.id != "home"}
# Two settings of each page (hidden from a class), and one no page has.
HIDE = {"home": (), "step": ("seed", "hidden"), "gradients": ("seed", "T"), "shapes": ("dropout", "batch"),
        "playground": ("seed", "hidden"), "train": ("seed", "opt"), "glossary": ("q",),
        "lessons": ("seq", "seed")}
HREF = re.compile(r'<a class="term-link" href="([^"]+)" target="_self">')


def notices(at) -> list[str]:
    """The notices about the link (ui.frame.show_notices), not a page's own remarks."""
    return [el.value for el in at.info if el.icon == ":material/info:"]


def query(at) -> dict[str, str]:
    return {key: at.query_params[key] for key in at.query_params}


HIDE_STYLE = re.compile(r"<style>([^{}]+) \{ display: none; \}</style>")


def hide_style(at) -> str:
    """The selectors of the style block that hides controls (empty if none)."""
    return "".join(m[1] for el in at.get("html") if (m := HIDE_STYLE.fullmatch(el.value)))


def switch(at):
    return next(t for t in at.toggle if t.key == presenter.SWITCH)


def test_every_setting_a_link_can_hide_is_a_setting_of_a_page():
    for page_id, state in STATES.items():
        assert set(presenter.controls(page_id)) == set(state.params), page_id
    assert presenter.hideable() == {name for state in STATES.values() for name in state.params}
    assert set(HIDE[page] for page in HIDE if page != "home") and all(
        set(names) <= set(STATES[page].params) for page, names in HIDE.items() if page != "home")


@pytest.mark.parametrize("page", [page.id for page in PAGES])
def test_present_and_hide_are_read_kept_and_carried_on_every_page(page):
    names = ",".join(HIDE[page] or HIDE["step"])  # home has no settings: step's names are hidden nowhere there
    at = open_page(PAGE_PATHS[page], present="1", hide=names, lang="ko")
    assert not at.exception and not notices(at)
    assert switch(at).value is True and switch(at).label == "발표 모드"
    assert not any(t.key == presenter.SWITCH for t in at.sidebar.toggle)  # in presenter mode it sits on the page
    for _ in range(2):  # the first run, then a rerun
        assert query(at)["present"] == "1" and query(at)["hide"] == names
        style = hide_style(at)
        assert sorted(re.findall(rf"\.st-key-{page}_(\w+)", style)) == sorted(HIDE[page])
        links = [el.proto.query_string for el in at.sidebar.get("page_link")]
        assert len(links) == len(PAGES)
        assert all(dict(parse_qsl(q)) == {"lang": "ko", "present": "1", "hide": names} for q in links)
        at.run()
    # another page, opened by a link that lost them (st.switch_page): the session keeps them
    other = "glossary" if page != "glossary" else "step"
    at.switch_page(PAGE_PATHS[other])
    at.query_params.clear()
    at.query_params["lang"] = "ko"
    at.run()
    assert not at.exception and query(at)["present"] == "1" and query(at)["hide"] == names
    assert switch(at).value is True


def test_leaving_presenter_mode_clears_it_from_the_url_and_the_links():
    at = open_page(PAGE_PATHS["step"], present="1", hide="seed")
    switch(at).set_value(False).run()
    assert not at.exception and "present" not in query(at) and query(at)["hide"] == "seed"
    assert any(t.key == presenter.SWITCH for t in at.sidebar.toggle)  # back in the sidebar, off
    assert all("present" not in el.proto.query_string for el in at.sidebar.get("page_link"))
    switch(at).set_value(True).run()
    assert query(at)["present"] == "1"


def test_without_present_nothing_changes():
    at = open_page(PAGE_PATHS["step"])
    assert not at.exception and "present" not in query(at) and "hide" not in query(at)
    assert switch(at).value is False and hide_style(at) == ""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bad_values_give_one_translated_notice_each(lang):
    tr = Translator(lang)
    at = open_page(PAGE_PATHS["step"], lang=lang, present="yes", hide="seed,<b>foo</b>,bar,seed")
    assert not at.exception
    shown = notices(at)
    assert len(shown) == 2
    choices = f"“{tr('common.present_0')}”, “{tr('common.present_1')}”"
    assert shown[0] == tr("common.notice_choice", name=tr.param(None, "present"), raw="yes",
                          choices=escape.markdown(choices), used=tr("common.present_0"))
    assert shown[1] == tr("common.notice_hide_unknown", raw=escape.markdown("<b>foo</b>, bar"))
    assert "present" not in query(at) and query(at)["hide"] == "seed"  # the valid name kept, once
    assert re.findall(r"\.st-key-step_(\w+)", hide_style(at)) == ["seed"]


def test_hide_is_bounded():
    parsed, notice = presenter.parse_hide(",".join(["seed"] * 100 + ["x" * 5000]))
    assert parsed == ("seed",) and notice.values["raw"] == "x" * 24 + "…"
    assert presenter.parse_hide("seed," * 300 + "foo") == (("seed",), None)  # read up to 1000 characters
    assert presenter.parse_hide(" seed , T ,, ") == (("seed", "T"), None)


def test_the_share_link_keeps_presenter_mode_and_hidden_controls():
    at = open_page(PAGE_PATHS["step"], state={"step_share": True}, present="1", hide="seed", seq="hello", t="2")
    link = dict(parse_qsl(urlsplit(at.code[0].value).query))
    assert link["present"] == "1" and link["hide"] == "seed" and link["t"] == "2"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_link_for_a_class_reproduces_the_view(lang):
    state = STATES["step"]
    view = {"seq": "hello", "t": "4", "hidden": "6", "seed": "3", "stage": "update"}
    at = open_page(PAGE_PATHS["step"], lang=lang, state={"step_class_link": True}, **view)
    assert not at.exception
    multiselect = at.multiselect(key="step_class_hide")
    assert multiselect.options == [Translator(lang).param("step", n) for n in presenter.controls("step")]
    multiselect.set_value(["seed", "hidden", "weights"]).run()
    link = dict(parse_qsl(urlsplit(at.code[0].value).query))
    assert link["present"] == "1" and link["hide"] == "seed,hidden,weights" and link["lang"] == lang
    assert {name: link[name] for name in view} == view
    opened = open_page(PAGE_PATHS["step"], **link)  # a student's first visit by that link
    assert not opened.exception and not notices(opened)
    assert {name: state.params[name].format(opened.session_state[state.key(name)]) for name in view} == view
    assert switch(opened).value is True and query(opened)["hide"] == "seed,hidden,weights"
    assert sorted(re.findall(r"\.st-key-step_(\w+)", hide_style(opened))) == ["hidden", "seed", "weights"]
    at.toggle(key="step_class_present").set_value(False).run()
    assert "present" not in dict(parse_qsl(urlsplit(at.code[0].value).query))


# ------------------------------------------------------------------ glossary links
# Each page with the sections open whose text links terms, and the concepts it links.
LINKED_VIEWS = {
    "home": ({}, {"cell_state", "hidden_state", "vanilla_rnn", "sigmoid", "element_wise_product", "candidate",
                  "long_term_memory", "short_term_memory", "forget_gate", "input_gate", "output_gate"}),
    "step": ({"step_open_encoding": True, "step_open_trace": True},
             {"time_step", "cell_state", "long_term_memory", "hidden_state", "short_term_memory", "one_hot",
              "pre_activation", "forget_gate", "input_gate", "output_gate"}),
    "gradients": ({}, {"vanishing_gradient", "hidden_state", "cell_state"}),
    "shapes": ({"shapes_open_concat": True, "shapes_open_stack": True}, {"concatenation", "hidden_state"}),
    "playground": ({}, {"forget_gate", "input_gate", "output_gate", "candidate", "pre_activation"}),
    "train": ({}, {"accuracy"}),
}


BOLD_LINK_THEN_LETTER = re.compile(r"\(glossary:[a-z_]+\)\*\*[^\W_]")


def test_every_marked_term_is_a_concept_in_its_fixed_words():
    """A mark ``[words](glossary:concept)`` names a concept of the glossary, in the concept's
    fixed term (English may add a plural s), with no character HTML would read. A bold link
    is not followed by a letter (``**<a>기울기 소실</a>**입니다``): Markdown would not close the bold."""
    marks = {(lang, key): TERM_LINK.findall(text) for lang in LANGUAGES for key, text in strings(lang).items()}
    assert {key: text for lang in LANGUAGES for key, text in strings(lang).items()
            if BOLD_LINK_THEN_LETTER.search(text)} == {}
    assert sum(map(len, marks.values())) > 40
    for (lang, key), found in marks.items():
        for words, concept in found:
            assert concept in glossary.concepts(), (key, concept)
            term = Translator(lang).term(concept)
            assert words == term or (lang == "en" and words.lower() == term.lower() + "s"), (lang, key, words)
            assert not set(words) & set("<>&\"'"), (key, words)
        # the same terms are linked in both languages
        assert sorted(c for _, c in found) == sorted(c for _, c in marks["ko" if lang == "en" else "en", key])


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", [page.id for page in PAGES if page.id != "glossary"])
def test_every_glossary_link_of_a_page_opens_its_entry(page, lang):
    opened, concepts = LINKED_VIEWS.get(page, ({}, None))  # a page not listed yet: its links are checked alone
    at = open_page(PAGE_PATHS[page], lang=lang, state=opened, present="1")
    assert not at.exception
    texts = [(el.value, el.proto.allow_html) for el in [*at.markdown, *at.caption]]
    texts += [(el.value, True) for el in at.get("html")]
    hrefs = []
    for body, allow_html in texts:
        found = HREF.findall(body)
        assert "](glossary:" not in body  # no mark is left as text
        assert not found or allow_html, body[:80]  # a link is HTML: its Markdown must allow it
        hrefs += [html.unescape(h) for h in found]
    for href in hrefs:
        path, q = urlsplit(href).path, dict(parse_qsl(urlsplit(href).query))
        assert path == "/glossary" and q["lang"] == lang and q["present"] == "1"
        assert q["term"] in glossary.concepts()
    linked = {dict(parse_qsl(urlsplit(h).query))["term"] for h in hrefs}
    assert concepts is None or linked == concepts
    for concept in sorted(linked):
        entry = open_page(PAGE_PATHS["glossary"], lang=lang, term=concept, present="1")
        assert not entry.exception and not notices(entry)
        shown = [el.value for el in entry.get("html") if "glossary-linked" in el.value]
        assert len(shown) == 1 and f'data-term="{concept}"' in shown[0]
        assert html.escape(Translator(lang).term(concept)) in shown[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_step_cards_headings_link_to_their_gate_or_state(lang):
    at = open_page(PAGE_PATHS["step"], lang=lang, seq="hello", t="2")
    cards = next(el.value for el in at.get("html") if 'class="four-steps"' in el.value)
    headings = re.findall(r'<p class="card-title"><a class="term-link" href="([^"]+)"[^>]*>([^<]+)</a>', cards)
    tr = Translator(lang)
    assert [(dict(parse_qsl(urlsplit(html.unescape(h)).query))["term"], words) for h, words in headings] == [
        ("forget_gate", tr("step.forget_heading")), ("input_gate", tr("step.write_heading")),
        ("cell_state", tr("step.update_heading")), ("output_gate", tr("step.output_heading"))]


@pytest.mark.parametrize("page", ["step", "playground"])
def test_the_step_navigator_answers_the_arrow_keys_and_says_so(page):
    tr = Translator("ko")
    at = open_page(PAGE_PATHS[page], lang="ko", t="2")
    for name, key, help_key in (("prev", "left", "step.previous_help"), ("next", "right", "step.next_help")):
        button = at.button(key=f"{page}_t_{name}")
        assert button.proto.shortcut == key and button.proto.help == tr(help_key)
        assert {"left": "←", "right": "→"}[key] in button.proto.help
    at.button(key=f"{page}_t_next").click().run()  # the shortcut's button moves the step
    assert at.session_state[f"{page}_t"] == 3


def test_presenter_mode_survives_a_language_switch():
    at = open_page(PAGE_PATHS["step"], present="1", hide="seed", lang="en")
    at.segmented_control(key="ui_lang_switch").set_value("ko").run()
    assert not at.exception
    assert (query(at)["lang"], query(at)["present"], query(at)["hide"]) == ("ko", "1", "seed")
    assert switch(at).value is True and switch(at).label == "발표 모드"
