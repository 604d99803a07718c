"""The glossary's entries and their HTML (pure): every concept of glossary.json is an entry
with both terms and a meaning in both languages; the search finds Korean, English, symbols
and other names; every text is escaped."""

from __future__ import annotations

import re

import pytest

from lstm_viz import glossary
from lstm_viz.i18n import LANGUAGES, Translator, strings
from lstm_viz.notation import GATE_TERMS

ISSUE = {  # the issue's examples: concept → (Korean, English, a symbol, an other name)
    "forget_gate": ("망각 게이트", "forget gate", "f_t", "삭제 게이트"),
    "candidate": ("후보 값", "candidate", "C̃_t", None),
    "cell_state": ("셀 상태", "cell state", "c_t", "장기 상태"),
    "hidden_state": ("은닉 상태", "hidden state", "h_t", "히든 스테이트"),
}


def test_every_concept_of_the_glossary_is_an_entry_with_both_languages_and_a_meaning():
    concepts = [key.removeprefix("glossary.") for key in strings("en") if key.startswith("glossary.")]
    entries = glossary.entries()
    assert [e.concept for e in entries] == concepts and len(entries) >= 36
    hangul = re.compile("[가-힣]")
    for e in entries:
        assert e.ko == Translator("ko").term(e.concept) and e.en == Translator("en").term(e.concept)
        for lang in LANGUAGES:
            meaning = strings(lang)[f"glossary_page.def_{e.concept}"]
            assert meaning.strip() and "\n" not in meaning and len(meaning) < 220, (lang, e.concept)
        assert hangul.search(strings("ko")[f"glossary_page.def_{e.concept}"]), e.concept
        assert not hangul.search(strings("en")[f"glossary_page.def_{e.concept}"]), e.concept
    meanings = {key for key in strings("en") if key.startswith("glossary_page.def_")}
    assert meanings == {f"glossary_page.def_{c}" for c in concepts}  # no meaning of a concept that is gone


def test_the_issues_terms_and_every_gate_and_state_symbol():
    for concept, (ko, en, symbol, other) in ISSUE.items():
        e = glossary.entry(concept)
        assert (e.ko, e.en) == (ko, en) and symbol in e.symbols
        assert other is None or other in e.also_ko
    assert glossary.entry("candidate").symbols == ("g_t", "C̃_t")
    for letter, concept in GATE_TERMS.items():  # f, i, g, o, c, h: the symbols the equations use
        assert glossary.entry(concept).symbols[0] == f"{letter}_t"
    assert glossary.entry("no_such_concept") is None


def test_other_names_are_distinct_from_every_fixed_term():
    fixed = {glossary.normalize(name) for e in glossary.entries() for name in (e.ko, e.en)}
    assert set(glossary.synonyms()) <= set(glossary.concepts())
    for e in glossary.entries():
        assert len(set(e.also)) == len(e.also)
        assert not {glossary.normalize(name) for name in e.also} & fixed, e.concept


@pytest.mark.parametrize(("query", "expected"), [
    ("망각", {"forget_gate"}),
    ("FORGET", {"forget_gate"}),
    ("f_t", {"forget_gate"}),
    ("C̃_t", {"candidate"}),
    ("σ", {"sigmoid"}),
    ("⊙", {"element_wise_product"}),
    ("삭제 게이트", {"forget_gate"}),
    ("히든스테이트", {"hidden_state"}),  # spaces do not matter
    ("원핫", {"one_hot"}),  # finds 원-핫 벡터 and the other names
    ("h_{t-1}", {"concatenation", "jacobian"}),  # a hyphen finds the minus sign
    ("long-term state", {"cell_state"}),
    ("  ", set(glossary.concepts())),
    ("zzz", set()),
    ("<script>", set()),
])
def test_search_matches_terms_symbols_and_other_names(query, expected):
    assert {e.concept for e in glossary.search(query)} == expected


def test_search_reads_a_bounded_query():
    assert {e.concept for e in glossary.search("gate")} == {"forget_gate", "input_gate", "output_gate", "reset_gate",
                                                            "update_gate"}
    assert glossary.search("망각" + "x" * 10_000) == ()
    assert glossary.search("망각" + " " * 10_000)  # only the first MAX_QUERY characters are read


@pytest.mark.parametrize("lang", LANGUAGES)
def test_table_shows_both_terms_the_symbol_the_meaning_and_other_names(lang):
    tr = Translator(lang)
    body = glossary.table_html(glossary.entries(), tr, linked="forget_gate")
    assert body.count("<tr data-term=") + body.count("<tr id=") == len(glossary.entries())
    row = re.search(r'<tr id="term-forget_gate" class="linked"[^>]*>(.*?)</tr>', body).group(1)
    assert "망각 게이트" in row and "forget gate" in row and "f<sub>t</sub>" in row
    assert tr("glossary_page.def_forget_gate") in row and "삭제 게이트 · 포겟 게이트" in row
    assert f"?term=forget_gate&amp;lang={lang}" in row
    assert body.count('class="linked"') == 1
    assert glossary.symbol_html("h_{t−1}") == "h<sub>t−1</sub>" and glossary.symbol_html("x_1 … x_T") == (
        "x<sub>1</sub> … x<sub>T</sub>")
    linked = glossary.linked_html(glossary.entry("cell_state"), tr)
    assert 'class="glossary glossary-linked"' in linked and 'id="term-' not in linked and 'class="linked"' in linked


def test_every_text_in_the_table_is_escaped():
    hostile = glossary.Entry("forget_gate", "<b>x</b>", "a&b", ("<i>_t",), ("\"><script>",), ())
    body = glossary.table_html((hostile,), Translator("en"))
    assert "<script>" not in body and "<b>x</b>" not in body and "<i>" not in body
    assert "&lt;b&gt;x&lt;/b&gt;" in body and "a&amp;b" in body and "&lt;i&gt;<sub>t</sub>" in body


def test_link_to_an_entry():
    assert glossary.link("forget_gate") == "/glossary?term=forget_gate"
    assert glossary.link("cell_state", "ko") == "/glossary?term=cell_state&lang=ko"
